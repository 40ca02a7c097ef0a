// The request dispatcher (transport/dispatch/): the envelope, and every request type with its
// exact result, against a temporary history ($SENDCHECK_DB) and settings ($SENDCHECK_CONFIG).
#include "transport/dispatch/dispatcher.h"

#include <sys/stat.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "sendcheck/recipient_features.h"
#include "store/history_store.h"
#include "test_support.h"
#include "transport_test_util.h"

namespace sendcheck {
namespace {

using nlohmann::json;
using testing::ScopedEnv;
using transport::Dispatcher;
using transport::DispatchOptions;

constexpr std::int64_t kNow = 1700000000;

void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

json draft(std::vector<std::string> to, json extra = json::object()) {
  json out{{"from", "山田 太郎 <taro@example.co.jp>"},
           {"to", std::move(to)},
           {"subject", "SECRET-SUBJECT 見積書"},
           {"body", "BODY-TEXT\nよろしくお願いします。"}};
  for (auto& [key, value] : extra.items()) out[key] = value;
  return out;
}

// Codes of the flags of `address` in a payload.
std::vector<std::string> flags_of(const json& payload, const std::string& address) {
  std::vector<std::string> codes;
  for (const json& group : payload["groups"]) {
    for (const json& r : group["recipients"]) {
      if (r["address"] != address) continue;
      for (const json& f : r["flags"]) codes.push_back(f["code"]);
    }
  }
  return codes;
}

bool has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// A dispatcher over a fresh folder: history at dir/history.sqlite3 (not created), settings at
// dir/config/settings.json (missing), an optional team policy.
class Fixture {
 public:
  explicit Fixture(std::optional<json> policy = std::nullopt,
                   std::size_t max_reply = transport::kMaxReplyBytes)
      : db_env_("SENDCHECK_DB", (dir / "history.sqlite3").string()),
        config_env_("SENDCHECK_CONFIG", (dir / "config" / "settings.json").string()),
        policy_env_(
            "SENDCHECK_POLICY",
            policy ? std::optional<std::string>((dir / "policy.json").string()) : std::nullopt),
        dispatcher_(options(max_reply)) {
    if (policy) write_text(dir / "policy.json", policy->dump());
  }

  DispatchOptions options(std::size_t max_reply) {
    DispatchOptions out;
    out.max_reply_bytes = max_reply;
    out.now = [this] { return now; };
    return out;
  }

  // Sends `request` as bytes and returns the parsed reply; checks the id comes back.
  json call(json request) {
    json id = next_id_++;
    request["id"] = id;
    std::string text = dispatcher_.handle_message(request.dump());
    json reply = json::parse(text);
    BOOST_TEST(reply["id"] == id);
    return reply;
  }
  json ok(json request) {
    json reply = call(std::move(request));
    BOOST_TEST_REQUIRE(reply["ok"] == true, reply.dump());
    BOOST_TEST(!reply.contains("error"));
    return reply["result"];
  }
  // The error code (and checks the shape of an error reply).
  std::string error(json request, std::string* message = nullptr) {
    json reply = call(std::move(request));
    BOOST_TEST_REQUIRE(reply["ok"] == false, reply.dump());
    BOOST_TEST(!reply.contains("result"));
    BOOST_TEST(reply["error"]["message"].is_string());
    if (message != nullptr) *message = reply["error"]["message"];
    return reply["error"]["code"];
  }

  std::string db() const { return (dir / "history.sqlite3").string(); }
  bool db_exists() const { return std::filesystem::exists(db()); }
  Dispatcher& dispatcher() { return dispatcher_; }

  testing::TempDir dir;
  std::int64_t now = kNow;

 private:
  ScopedEnv db_env_;
  ScopedEnv config_env_;
  ScopedEnv policy_env_;
  Dispatcher dispatcher_;
  int next_id_ = 1;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(dispatcher_test)

// --- envelope ---

BOOST_AUTO_TEST_CASE(replies_echo_any_id) {
  Fixture f;
  for (json id : {json(7), json("abc"), json::object({{"tab", 3}, {"n", {1, 2}}}), json(nullptr),
                  json(1.5)}) {
    json request{{"id", id}, {"type", "history.stats"}};
    json reply = json::parse(f.dispatcher().handle_message(request.dump()));
    BOOST_TEST(reply["id"] == id);
    BOOST_TEST(reply["ok"] == true);
  }
  // No id at all: null.
  json reply = json::parse(f.dispatcher().handle_message(R"({"type":"history.stats"})"));
  BOOST_TEST(reply["id"].is_null());
  BOOST_TEST(reply["ok"] == true);
}

BOOST_AUTO_TEST_CASE(envelope_errors_have_their_codes) {
  Fixture f;
  auto code_of = [&](std::string_view bytes) {
    json reply = json::parse(f.dispatcher().handle_message(bytes));
    BOOST_TEST(reply["ok"] == false);
    return reply["error"]["code"].get<std::string>();
  };
  BOOST_TEST(code_of("") == "request.invalid-json");
  BOOST_TEST(code_of("{\"id\":1,") == "request.invalid-json");
  BOOST_TEST(code_of("{\"id\":1,\"type\":\"hello\"} trailing") == "request.invalid-json");
  BOOST_TEST(code_of("\xC3\x28") == "frame.invalid-utf8");
  BOOST_TEST(code_of("{\"id\":1,\"type\":\"hello\",\"x\":\"\xED\xA0\x80\"}") ==
             "frame.invalid-utf8");  // an encoded surrogate
  BOOST_TEST(code_of("{\"id\":1,\"type\":\"hello\",\"x\":\"\xC0\xAF\"}") ==
             "frame.invalid-utf8");  // overlong
  BOOST_TEST(code_of("[1,2]") == "request.not-object");
  BOOST_TEST(code_of("\"hello\"") == "request.not-object");
  BOOST_TEST(code_of(R"({"id":1})") == "request.missing-field");
  BOOST_TEST(code_of(R"({"id":1,"type":5})") == "request.bad-field");
  BOOST_TEST(code_of(R"({"id":1,"type":"launch-missiles"})") == "request.unknown-type");
  BOOST_TEST(code_of(std::string(100, '[') + std::string(100, ']')) == "request.invalid-json");
  json long_id{{"id", std::string(2000, 'x')}, {"type", "hello"}};
  BOOST_TEST(code_of(long_id.dump()) == "request.bad-field");
}

BOOST_AUTO_TEST_CASE(an_error_reply_keeps_the_id_when_it_is_known) {
  Fixture f;
  json reply = json::parse(f.dispatcher().handle_message(R"({"id":"q1","type":"nope"})"));
  BOOST_TEST(reply == json::parse(R"({"id":"q1","ok":false,"error":{"code":"request.unknown-type",
      "message":"unknown request type \"nope\""}})"));
  reply = json::parse(f.dispatcher().handle_message("not json"));
  BOOST_TEST(reply["id"].is_null());
}

BOOST_AUTO_TEST_CASE(a_reply_over_the_limit_is_refused_not_cut) {
  Fixture f(std::nullopt, /*max_reply=*/300);
  std::string text = f.dispatcher().handle_message(R"({"id":9,"type":"hello"})");
  BOOST_TEST(text.size() <= 300u);
  json reply = json::parse(text);
  BOOST_TEST(reply["id"] == 9);
  BOOST_TEST(reply["error"]["code"] == "reply.too-large");
}

BOOST_AUTO_TEST_CASE(request_info_names_id_type_and_code) {
  Fixture f;
  transport::RequestInfo info;
  f.dispatcher().handle_message(R"({"id":4,"type":"allowlist.add","entry":"not a domain!"})",
                                &info);
  BOOST_TEST(info.id == 4);
  BOOST_TEST(info.type == "allowlist.add");
  BOOST_TEST(info.code == "allowlist.bad-entry");
  f.dispatcher().handle_message(R"({"id":5,"type":"history.stats"})", &info);
  BOOST_TEST(info.code == "ok");
}

// --- hello ---

BOOST_AUTO_TEST_CASE(hello_says_versions_types_and_settings_without_opening_the_history) {
  Fixture f;
  json result = f.ok({{"type", "hello"}});
  BOOST_TEST(result["version"] == "0.1.0");
  BOOST_TEST(result["protocol"] == 1);
  BOOST_TEST(result["types"] ==
             json({"hello", "check", "record-sent", "import-history", "settings.get",
                   "settings.set", "allowlist.list", "allowlist.add", "allowlist.remove",
                   "history.stats", "history.forget", "audit.query", "audit.record"}));
  BOOST_TEST(result["locked"] == json::array());
  BOOST_TEST(result["settings"]["countdownSeconds"] ==
             json({{"value", 0}, {"layer", "default"}, {"locked", false}}));
  BOOST_TEST(result["historyPath"] == f.db());
  BOOST_TEST(!f.dispatcher().context().history_is_open());
  BOOST_TEST(!f.db_exists());
}

BOOST_AUTO_TEST_CASE(hello_names_the_keys_the_policy_locks) {
  Fixture f(json{{"internalDomains", {"example.co.jp"}},
                 {"countdownSeconds", 3},
                 {"locked", {"internalDomains", "countdownSeconds"}}});
  json result = f.ok({{"type", "hello"}});
  BOOST_TEST(result["locked"] == json({"countdownSeconds", "internalDomains"}));
  BOOST_TEST(result["settings"]["countdownSeconds"] ==
             json({{"value", 3}, {"layer", "policy"}, {"locked", true}}));
}

BOOST_AUTO_TEST_CASE(hello_fails_loudly_on_a_broken_policy) {
  Fixture f(json::array());  // a policy file that is not an object
  BOOST_TEST(f.error({{"type", "hello"}}) == "policy.invalid-json");
}

// --- check ---

BOOST_AUTO_TEST_CASE(check_without_history_marks_everyone_first_time) {
  Fixture f;
  json payload = f.ok({{"type", "check"}, {"draft", draft({"Suzuki <suzuki@partner.example>"})}});
  BOOST_TEST(payload["verdict"] == "confirm");
  BOOST_TEST(payload["locale"] == "en");
  BOOST_TEST(payload["recipientCount"] == 1);
  BOOST_TEST(payload["truncated"] == false);
  std::vector<std::string> flags = flags_of(payload, "suzuki@partner.example");
  BOOST_TEST(has(flags, "external"));
  BOOST_TEST(has(flags, "first-time"));
  BOOST_TEST(has(flags, "first-time-domain"));
}

BOOST_AUTO_TEST_CASE(check_writes_a_checked_audit_entry) {
  Fixture f;
  f.ok({{"type", "check"},
        {"draft", draft({"Suzuki <suzuki@partner.example>", "hanako@example.co.jp"},
                        {{"attachments", {{{"name", "見積書.pdf"}, {"size", 1234}}}}})}});
  BOOST_TEST(f.db_exists());
  json result = f.ok({{"type", "audit.query"}});
  BOOST_TEST(result["truncated"] == false);
  BOOST_TEST_REQUIRE(result["entries"].size() == 1u);
  json entry = result["entries"][0];
  BOOST_TEST(entry["time"] == kNow);
  BOOST_TEST(entry["action"] == "checked");
  BOOST_TEST(entry["verdict"] == "confirm");
  BOOST_TEST(entry["recipientCount"] == 2);
  BOOST_TEST(entry["recipients"] == json::parse(R"([
      {"address":"suzuki@partner.example","class":"external"},
      {"address":"hanako@example.co.jp","class":"internal"}])"));
  BOOST_TEST(entry["attachments"] == json::parse(R"([{"name":"見積書.pdf","size":1234}])"));
  BOOST_TEST(entry["warnings"].is_array());
  // Never the body, the subject or a display name.
  std::string text = result.dump();
  BOOST_TEST(text.find("SECRET-SUBJECT") == std::string::npos);
  BOOST_TEST(text.find("BODY-TEXT") == std::string::npos);
  BOOST_TEST(text.find("Suzuki") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(check_locale_request_then_draft_then_settings_then_english) {
  Fixture f;
  json base = draft({"a@partner.example"});
  BOOST_TEST(f.ok({{"type", "check"}, {"draft", base}})["locale"] == "en");
  json ja = base;
  ja["locale"] = "ja";
  BOOST_TEST(f.ok({{"type", "check"}, {"draft", ja}})["locale"] == "ja");
  BOOST_TEST(f.ok({{"type", "check"}, {"draft", ja}, {"locale", "en"}})["locale"] == "en");
  f.ok({{"type", "settings.set"}, {"key", "locale"}, {"value", "ja"}});
  BOOST_TEST(f.ok({{"type", "check"}, {"draft", base}})["locale"] == "ja");
  BOOST_TEST(f.error({{"type", "check"}, {"draft", base}, {"locale", "fr"}}) ==
             "request.bad-field");
}

BOOST_AUTO_TEST_CASE(check_refuses_a_bad_draft_without_touching_the_history) {
  Fixture f;
  BOOST_TEST(f.error({{"type", "check"}}) == "request.missing-field");
  std::string message;
  BOOST_TEST(f.error({{"type", "check"}, {"draft", {{"to", {"a@x.example", 5}}}}}, &message) ==
             "draft.bad-field");
  BOOST_TEST(message.find("to[1]") != std::string::npos, message);
  BOOST_TEST(f.error({{"type", "check"}, {"draft", "text"}}) == "draft.not-object");
  BOOST_TEST(!f.db_exists());
}

BOOST_AUTO_TEST_CASE(check_summarises_to_fit_the_reply) {
  Fixture f(std::nullopt, /*max_reply=*/200 * 1024);
  std::vector<std::string> to;
  for (int i = 0; i < 3000; ++i) {
    to.push_back("Person " + std::to_string(i) + " <p" + std::to_string(i) + "@d" +
                 std::to_string(i % 100) + ".example>");
  }
  json request{{"id", 1}, {"type", "check"}, {"draft", draft(to)}};
  std::string text = f.dispatcher().handle_message(request.dump());
  BOOST_TEST(text.size() <= 200u * 1024);
  json payload = json::parse(text)["result"];
  BOOST_TEST(payload["recipientCount"] == 3000);
  BOOST_TEST(payload["truncated"] == true);
  // The audit keeps at most kMaxAuditRecipients of them, and the count.
  json entry = f.ok({{"type", "audit.query"}})["entries"][0];
  BOOST_TEST(entry["recipientCount"] == 3000);
  BOOST_TEST(entry["recipients"].size() == HistoryStore::kMaxAuditRecipients);
}

// --- record-sent ---

BOOST_AUTO_TEST_CASE(record_sent_teaches_the_history) {
  Fixture f;
  json d = draft({"Suzuki <suzuki@partner.example>"}, {{"cc", {"sato@partner.example"}}});
  BOOST_TEST(f.ok({{"type", "record-sent"},
                   {"draft", d},
                   {"messageId", "<m1@example.co.jp>"},
                   {"date", 1690000000}}) == json({{"recorded", true}}));
  // The same Message-ID again: nothing new.
  BOOST_TEST(f.ok({{"type", "record-sent"}, {"draft", d}, {"messageId", "m1@example.co.jp"}}) ==
             json({{"recorded", false}}));
  json payload = f.ok({{"type", "check"}, {"draft", draft({"suzuki@partner.example"})}});
  std::vector<std::string> flags = flags_of(payload, "suzuki@partner.example");
  BOOST_TEST(!has(flags, "first-time"));
  BOOST_TEST(!has(flags, "first-time-domain"));
  BOOST_TEST(f.ok({{"type", "history.stats"}}) ==
             json({{"messages", 1}, {"addresses", 2}, {"domains", 1}, {"pairs", 1}}));
  // The sender became one of the user's addresses.
  BOOST_TEST(HistoryStore::open_read_only(f.db())->is_self("taro@example.co.jp"));
  // One "sent" entry (the repeat is not audited), then the check.
  json entries = f.ok({{"type", "audit.query"}})["entries"];
  BOOST_TEST_REQUIRE(entries.size() == 2u);
  BOOST_TEST(entries[0]["action"] == "checked");
  BOOST_TEST(entries[1]["action"] == "sent");
  BOOST_TEST(entries[1]["recipients"] == json::parse(R"([
      {"address":"suzuki@partner.example","class":"external"},
      {"address":"sato@partner.example","class":"external"}])"));
}

// Issue 11: what a confirmed send teaches the wrong-recipient check — the greeting, hashed terms
// and the thread — with no word of the subject or body in the history file.
BOOST_AUTO_TEST_CASE(record_sent_learns_greeting_terms_and_thread_without_storing_text) {
  Fixture f;
  json d = draft({"Suzuki <suzuki@partner.example>"},
                 {{"body", "鈴木様\n\nPONDEROSA-TOPIC の見積書をお送りします。"},
                  {"subject", "Re: PONDEROSA-TOPIC 見積"},
                  {"thread", {{"inReplyTo", "<root@partner.example>"}}}});
  BOOST_TEST(f.ok({{"type", "record-sent"},
                   {"draft", d},
                   {"messageId", "<m1@example.co.jp>"}})["recorded"] == true);
  std::unique_ptr<HistoryStore> store = HistoryStore::open_read_only(f.db());
  using Greetings = std::vector<std::pair<std::string, std::int64_t>>;
  BOOST_TEST((store->greetings_of("suzuki@partner.example") == Greetings{{"鈴木", 1}}));
  std::optional<TermProfile> profile = store->term_profile("suzuki@partner.example");
  BOOST_TEST_REQUIRE(profile.has_value());
  BOOST_TEST(profile->messages == 1);
  BOOST_TEST(!profile->terms.empty());
  std::vector<ThreadMember> thread =
      store->thread_members(draft_thread_keys("root@partner.example", {}, ""));
  BOOST_TEST_REQUIRE(thread.size() == 1u);
  BOOST_TEST(thread[0].address == "suzuki@partner.example");
  store.reset();
  std::ifstream in(f.db(), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string wal;
  if (std::ifstream w(f.db() + "-wal", std::ios::binary); w) {
    wal.assign((std::istreambuf_iterator<char>(w)), std::istreambuf_iterator<char>());
  }
  for (const std::string& word : {"PONDEROSA", "ponderosa", "見積書", "BODY-TEXT"}) {
    BOOST_TEST(bytes.find(word) == std::string::npos, word);
    BOOST_TEST(wal.find(word) == std::string::npos, word);
  }
}

BOOST_AUTO_TEST_CASE(record_sent_without_message_id_or_date_counts_each_send) {
  Fixture f;
  json d = draft({"suzuki@partner.example"});
  BOOST_TEST(f.ok({{"type", "record-sent"}, {"draft", d}})["recorded"] == true);
  f.now += 60;
  BOOST_TEST(f.ok({{"type", "record-sent"}, {"draft", d}})["recorded"] == true);
  BOOST_TEST(f.ok({{"type", "history.stats"}})["messages"] == 2);
  auto record = HistoryStore::open_read_only(f.db())->find_address("suzuki@partner.example");
  BOOST_TEST_REQUIRE(record.has_value());
  BOOST_TEST(record->count == 2);
  BOOST_TEST(record->last_sent == kNow + 60);
}

BOOST_AUTO_TEST_CASE(record_sent_checks_its_fields) {
  Fixture f;
  json d = draft({"suzuki@partner.example"});
  BOOST_TEST(f.error({{"type", "record-sent"}}) == "request.missing-field");
  BOOST_TEST(f.error({{"type", "record-sent"}, {"draft", d}, {"messageId", 5}}) ==
             "request.bad-field");
  BOOST_TEST(f.error({{"type", "record-sent"}, {"draft", d}, {"date", "yesterday"}}) ==
             "request.bad-field");
  BOOST_TEST(!f.db_exists());
}

// --- import-history ---

BOOST_AUTO_TEST_CASE(import_history_learns_a_batch_and_counts_it) {
  Fixture f;
  json messages = json::parse(R"([
    {"messageId": "<1@example.co.jp>", "date": 1690000000, "from": "Taro <taro@example.co.jp>",
     "to": ["\"Suzuki, Ichiro\" <suzuki@partner.example>"], "cc": ["a@b.example, c@d.example"],
     "bcc": []},
    {"messageId": "<2@example.co.jp>", "date": 1690000100, "from": "taro@example.co.jp",
     "to": "sato@partner.example"},
    {"messageId": "<1@example.co.jp>", "date": 1690000000, "from": "taro@example.co.jp",
     "to": ["suzuki@partner.example"]},
    {"messageId": "<3@example.co.jp>", "date": 1690000200, "from": "taro@example.co.jp",
     "to": [], "cc": []},
    {"messageId": "", "date": 0, "from": "taro@example.co.jp", "to": ["x@y.example"]}
  ])");
  json result = f.ok({{"type", "import-history"}, {"messages", messages}});
  BOOST_TEST(result["read"] == 5);
  BOOST_TEST(result["added"] == 3);
  BOOST_TEST(result["alreadyImported"] == 1);
  BOOST_TEST(result["skipped"] == json({{"no-recipients", 1}}));
  BOOST_TEST(result["self"] == json({"taro@example.co.jp"}));
  BOOST_TEST(f.ok({{"type", "history.stats"}})["messages"] == 3);
  // Again: all known.
  json again = f.ok({{"type", "import-history"}, {"messages", messages}});
  BOOST_TEST(again["added"] == 0);
  BOOST_TEST(again["alreadyImported"] == 4);
  json payload = f.ok({{"type", "check"}, {"draft", draft({"c@d.example"})}});
  BOOST_TEST(!has(flags_of(payload, "c@d.example"), "first-time"));
}

BOOST_AUTO_TEST_CASE(import_history_refuses_a_malformed_batch_whole) {
  Fixture f;
  json messages = json::parse(R"([
    {"messageId": "<1@x>", "from": "taro@example.co.jp", "to": ["a@b.example"]},
    {"messageId": "<2@x>", "from": "taro@example.co.jp", "to": ["a@b.example", 7]}
  ])");
  std::string message;
  BOOST_TEST(f.error({{"type", "import-history"}, {"messages", messages}}, &message) ==
             "request.bad-field");
  BOOST_TEST(message == "messages[1].to[1]: expected a string");
  BOOST_TEST(f.error({{"type", "import-history"}, {"messages", {1}}}) == "request.bad-field");
  BOOST_TEST(f.error({{"type", "import-history"}, {"messages", "x"}}) == "request.bad-field");
  BOOST_TEST(f.error({{"type", "import-history"}}) == "request.missing-field");
  BOOST_TEST(!f.db_exists());
}

// --- settings ---

BOOST_AUTO_TEST_CASE(settings_get_and_set) {
  Fixture f;
  json before = f.ok({{"type", "settings.get"}});
  BOOST_TEST(before["manyRecipientsThreshold"] ==
             json({{"value", 20}, {"layer", "default"}, {"locked", false}}));
  json after = f.ok({{"type", "settings.set"}, {"key", "manyRecipientsThreshold"}, {"value", 5}});
  BOOST_TEST(after["manyRecipientsThreshold"] ==
             json({{"value", 5}, {"layer", "user"}, {"locked", false}}));
  BOOST_TEST(f.ok({{"type", "settings.get"}}) == after);
  std::filesystem::path file = f.dir / "config" / "settings.json";
  BOOST_TEST(json::parse(testing::read_file(file)) == json({{"manyRecipientsThreshold", 5}}));
  struct stat info {};
  BOOST_TEST_REQUIRE(::stat(file.c_str(), &info) == 0);
  BOOST_TEST((info.st_mode & 0777) == 0600u);
  // null removes the key.
  json removed =
      f.ok({{"type", "settings.set"}, {"key", "manyRecipientsThreshold"}, {"value", nullptr}});
  BOOST_TEST(removed["manyRecipientsThreshold"]["layer"] == "default");
}

BOOST_AUTO_TEST_CASE(settings_set_refuses_what_it_must) {
  Fixture f(json{{"countdownSeconds", 3}, {"locked", {"countdownSeconds"}}});
  BOOST_TEST(f.error({{"type", "settings.set"}, {"key", "countdownSeconds"}, {"value", 0}}) ==
             "settings.locked");
  BOOST_TEST(f.error({{"type", "settings.set"}, {"key", "noSuchKey"}, {"value", 1}}) ==
             "settings.unknown-key");
  BOOST_TEST(f.error({{"type", "settings.set"}, {"key", "countdownSeconds"}}) ==
             "request.missing-field");
  BOOST_TEST(
      f.error({{"type", "settings.set"}, {"key", "manyRecipientsThreshold"}, {"value", "many"}}) ==
      "settings.bad-value");
  BOOST_TEST(f.error({{"type", "settings.set"}, {"value", 1}}) == "request.missing-field");
  BOOST_TEST(!std::filesystem::exists(f.dir / "config" / "settings.json"));
}

// --- allowlist ---

BOOST_AUTO_TEST_CASE(allowlist_add_list_remove) {
  Fixture f;
  BOOST_TEST(f.ok({{"type", "allowlist.list"}}) == json({{"entries", json::array()}}));
  BOOST_TEST(!f.db_exists());
  BOOST_TEST(f.ok({{"type", "allowlist.remove"}, {"entry", "partner.example"}}) ==
             json({{"changed", false}, {"entries", json::array()}}));
  BOOST_TEST(!f.db_exists());
  BOOST_TEST(f.ok({{"type", "allowlist.add"}, {"entry", "@Partner.EXAMPLE."}}) ==
             json({{"changed", true}, {"entries", {"partner.example"}}}));
  BOOST_TEST(f.ok({{"type", "allowlist.add"}, {"entry", "partner.example"}}) ==
             json({{"changed", false}, {"entries", {"partner.example"}}}));
  BOOST_TEST(f.ok({{"type", "allowlist.add"}, {"entry", "Jane <Jane.Doe@Other.Example>"}}) ==
             json({{"changed", true}, {"entries", {"jane.doe@other.example", "partner.example"}}}));
  BOOST_TEST(f.ok({{"type", "allowlist.list"}}) ==
             json({{"entries", {"jane.doe@other.example", "partner.example"}}}));
  BOOST_TEST(f.ok({{"type", "allowlist.remove"}, {"entry", "partner.example"}}) ==
             json({{"changed", true}, {"entries", {"jane.doe@other.example"}}}));
  json payload = f.ok({{"type", "check"}, {"draft", draft({"jane.doe@other.example"})}});
  BOOST_TEST(has(flags_of(payload, "jane.doe@other.example"), "allowlisted"));
  BOOST_TEST(f.error({{"type", "allowlist.add"}, {"entry", "not a domain"}}) ==
             "allowlist.bad-entry");
  BOOST_TEST(f.error({{"type", "allowlist.add"}}) == "request.missing-field");
  BOOST_TEST(f.error({{"type", "allowlist.add"}, {"entry", 3}}) == "request.bad-field");
}

// --- history ---

BOOST_AUTO_TEST_CASE(history_stats_and_forget) {
  Fixture f;
  json zero{{"messages", 0}, {"addresses", 0}, {"domains", 0}, {"pairs", 0}};
  BOOST_TEST(f.ok({{"type", "history.stats"}}) == zero);
  BOOST_TEST(f.ok({{"type", "history.forget"}, {"address", "a@b.example"}}) ==
             json({{"forgotten", false}}));
  BOOST_TEST(!f.db_exists());
  f.ok({{"type", "record-sent"},
        {"draft", draft({"suzuki@partner.example", "sato@other.example"})},
        {"messageId", "<m@x>"}});
  BOOST_TEST(f.ok({{"type", "history.stats"}}) ==
             json({{"messages", 1}, {"addresses", 2}, {"domains", 2}, {"pairs", 1}}));
  BOOST_TEST(f.ok({{"type", "history.forget"}, {"address", "Suzuki <SUZUKI@partner.example>"}}) ==
             json({{"forgotten", true}}));
  BOOST_TEST(f.ok({{"type", "history.forget"}, {"address", "suzuki@partner.example"}}) ==
             json({{"forgotten", false}}));
  BOOST_TEST(f.ok({{"type", "history.stats"}}) ==
             json({{"messages", 1}, {"addresses", 1}, {"domains", 1}, {"pairs", 0}}));
  BOOST_TEST(f.ok({{"type", "history.forget"}, {"all", true}}) == json({{"forgotten", true}}));
  BOOST_TEST(f.ok({{"type", "history.stats"}}) == zero);
  // The audit log is not history: it stays.
  BOOST_TEST(f.ok({{"type", "audit.query"}})["entries"].size() == 1u);
  BOOST_TEST(f.error({{"type", "history.forget"}}) == "request.missing-field");
  BOOST_TEST(f.error({{"type", "history.forget"}, {"all", false}}) == "request.missing-field");
  BOOST_TEST(f.error({{"type", "history.forget"}, {"all", true}, {"address", "a@b.example"}}) ==
             "request.bad-field");
  BOOST_TEST(f.error({{"type", "history.forget"}, {"address", "example.jp"}}) ==
             "history.bad-address");
}

// --- audit ---

BOOST_AUTO_TEST_CASE(audit_record_and_query_by_time) {
  Fixture f;
  json d = draft({"suzuki@partner.example"});
  BOOST_TEST(f.ok({{"type", "audit.query"}}) ==
             json({{"entries", json::array()}, {"truncated", false}}));
  BOOST_TEST(!f.db_exists());
  f.now = 1000;
  BOOST_TEST(f.ok({{"type", "audit.record"}, {"action", "cancelled"}, {"draft", d}}) ==
             json({{"recorded", true}}));
  f.now = 2000;
  f.ok({{"type", "audit.record"}, {"action", "blocked"}, {"draft", d}});
  f.now = 3000;
  f.ok({{"type", "check"}, {"draft", d}});

  auto actions = [&](json query) {
    query["type"] = "audit.query";
    std::vector<std::string> out;
    json result = f.ok(query);
    for (const json& e : result["entries"]) out.push_back(e["action"]);
    return out;
  };
  using V = std::vector<std::string>;
  BOOST_TEST(actions(json::object()) == (V{"checked", "blocked", "cancelled"}));
  BOOST_TEST(actions({{"since", 2000}}) == (V{"checked", "blocked"}));
  BOOST_TEST(actions({{"until", 2000}}) == (V{"blocked", "cancelled"}));
  BOOST_TEST(actions({{"since", 1500}, {"until", 2500}}) == (V{"blocked"}));
  BOOST_TEST(actions({{"limit", 1}}) == (V{"checked"}));
  BOOST_TEST(actions({{"limit", 5000}}).size() == 3u);  // capped at 1000, not refused
  json entry = f.ok({{"type", "audit.query"}, {"until", 1000}})["entries"][0];
  BOOST_TEST(entry == json::parse(R"({"time":1000,"action":"cancelled","verdict":"confirm",
      "recipientCount":1,"recipients":[{"address":"suzuki@partner.example","class":"external"}],
      "attachments":[],"warnings":[]})"));

  BOOST_TEST(f.error({{"type", "audit.query"}, {"limit", 0}}) == "request.bad-field");
  BOOST_TEST(f.error({{"type", "audit.query"}, {"since", "today"}}) == "request.bad-field");
  BOOST_TEST(f.error({{"type", "audit.record"}, {"action", "sent"}, {"draft", d}}) ==
             "request.bad-field");
  BOOST_TEST(f.error({{"type", "audit.record"}, {"draft", d}}) == "request.missing-field");
  BOOST_TEST(f.error({{"type", "audit.record"}, {"action", "cancelled"}}) ==
             "request.missing-field");
}

BOOST_AUTO_TEST_CASE(audit_query_stays_within_the_reply) {
  Fixture f(std::nullopt, /*max_reply=*/96 * 1024);
  std::vector<std::string> to;
  for (int i = 0; i < 600; ++i) to.push_back("p" + std::to_string(i) + "@d.example");
  for (int i = 0; i < 5; ++i) {
    f.now = kNow + i;
    f.ok({{"type", "audit.record"}, {"action", "cancelled"}, {"draft", draft(to)}});
  }
  json request{{"id", 1}, {"type", "audit.query"}};
  std::string text = f.dispatcher().handle_message(request.dump());
  BOOST_TEST(text.size() <= 96u * 1024);
  json result = json::parse(text)["result"];
  BOOST_TEST(result["truncated"] == true);
  BOOST_TEST(result["entries"].size() >= 1u);
  BOOST_TEST(result["entries"].size() < 5u);
  BOOST_TEST(result["entries"][0]["time"] == kNow + 4);  // newest first
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace sendcheck
