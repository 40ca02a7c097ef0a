// Fuzz target "check": what the native host does with a `check` request — the draft JSON read,
// assessed against a small history with a team policy and user settings, the payload turned into
// the reply (transport::Dispatcher::handle_message, handlers_check.cc).
//
// Input: a draft as JSON text (docs/protocol.md "Draft"). When it is JSON it is sent as
// {"id":7,"type":"check","draft":<input>}; when it is not, the input itself is the message (the
// envelope's own checks: invalid UTF-8, not JSON), wrapped in [] if it is JSON too deep for a
// draft, so that the input can never become a request of another type.
//
// Properties:
//  1. The reply is valid UTF-8 JSON of at most 1 MiB - 1 bytes (Thunderbird's limit) and
//     re-parses to the same value (dump(parse(reply)) == reply).
//  2. It is one envelope: "id" echoed (7 for a JSON draft, null otherwise), "ok" a boolean, and
//     either "result" (a payload: verdict send|confirm|block, recipientCount at least the number
//     of listed recipients) or "error" with a code. Bad input gets a clear code:
//     "internal-error" (an unexpected exception) and "reply.too-large" (a payload that was not
//     summarised) are findings.
//  3. The history is the same after as before: a check never learns anything.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "fuzz_support.h"
#include "mail/address_list.h"
#include "sendcheck/address.h"
#include "sendcheck/error.h"
#include "sendcheck/json_input.h"
#include "store/history_store.h"
#include "transport/dispatch/context.h"
#include "transport/dispatch/dispatcher.h"
#include "transport/dispatch/request.h"

namespace {

using nlohmann::json;
using sendcheck::HistoryStore;
using sendcheck::transport::Dispatcher;
using sendcheck::transport::DispatchOptions;

// The team policy and user settings of the tests (tests/data/policy/), so that rules, blocked
// domains and internal domains take part.
constexpr std::string_view kPolicy = R"({
  "internalDomains": ["example.co.jp", "!lists.example.co.jp"],
  "trustedDomains": ["partner.example.jp"],
  "blockedDomains": ["rival.example"],
  "countdownSeconds": 3,
  "rules": [
    { "id": "no-confidential", "target": "subject", "patterns": ["社外秘", "confidential"],
      "action": "block", "message": "社外秘のメールは社外に送れません" },
    { "target": "attachment-name", "match": "glob", "patterns": ["*.zip"], "action": "reconfirm",
      "condition": "external" },
    { "target": "body", "match": "contains", "patterns": ["password"], "action": "warn" }
  ]
})";
constexpr std::string_view kSettings = R"({ "manyRecipientsThreshold": 20, "locale": "ja" })";

sendcheck::Mailbox mailbox(const std::string& header) {
  return sendcheck::parse_address_list(header).at(0);
}

void write_file(const std::filesystem::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// A history in which the usual names of the tests are known, so that first-time, look-alike,
// sub-address and co-recipient paths all run.
void fill_history(const std::string& path) {
  std::unique_ptr<HistoryStore> store = HistoryStore::open(path);
  store->add_self({"taro.yamada@example.co.jp"});
  const char* known[][3] = {
      {"<m1@x>", "\"Suzuki, Ichiro\" <suzuki@partner.example.jp>",
       "佐藤 花子 <hanako.sato@example.co.jp>"},
      {"<m2@x>", "経理部 <keiri@partner.example>", "John Smith <john.smith@example.com>"},
      {"<m3@x>", "山田 <yamada@例え.jp>", "Jane Doe <jane@client.co.jp>"},
      {"<m4@x>", "Bob <bob@gmail.com>", "鈴木 一郎 <ichiro.suzuki@partner.example.jp>"},
  };
  std::int64_t date = 1700000000;
  store->begin_batch();
  for (const auto& row : known) {
    sendcheck::SentMessage message;
    message.message_id = row[0];
    message.date = date += 86400;
    message.from.push_back(mailbox("山田 太郎 <taro.yamada@example.co.jp>"));
    message.recipients.push_back({sendcheck::Field::kTo, mailbox(row[1])});
    message.recipients.push_back({sendcheck::Field::kCc, mailbox(row[2])});
    store->add_sent(message);
  }
  store->commit();
  store->allowlist_add("trusted.example.net");
}

struct Setup {
  sendcheck::fuzz::ScratchDir dir;
  std::string history;
  std::unique_ptr<Dispatcher> dispatcher;
  sendcheck::HistoryStats stats;

  Setup() {
    history = (dir.path() / "history.sqlite3").string();
    write_file(dir.path() / "policy.json", kPolicy);
    write_file(dir.path() / "settings.json", kSettings);
    fill_history(history);
    stats = HistoryStore::open_read_only(history)->stats();
    DispatchOptions options;
    options.history_path = history;
    options.policy_path = (dir.path() / "policy.json").string();
    options.config_path = (dir.path() / "settings.json").string();
    options.now = [] { return std::int64_t{1760000000}; };
    dispatcher = std::make_unique<Dispatcher>(options);
  }
};

Setup& setup() {
  static Setup instance;
  return instance;
}

void check_payload(const json& result, const std::string& reply) {
  FUZZ_CHECK(result.is_object(), reply.substr(0, 2000));
  const json& verdict = result.value("verdict", json());
  FUZZ_CHECK(verdict == "send" || verdict == "confirm" || verdict == "block",
             reply.substr(0, 2000));
  FUZZ_CHECK(result.contains("groups") && result["groups"].is_array(), reply.substr(0, 2000));
  std::int64_t listed = 0;
  for (const json& group : result["groups"]) {
    FUZZ_CHECK(group.contains("recipients") && group["recipients"].is_array(),
               reply.substr(0, 2000));
    listed += static_cast<std::int64_t>(group["recipients"].size());
    FUZZ_CHECK(group.value("recipientCount", std::int64_t{-1}) >=
                   static_cast<std::int64_t>(group["recipients"].size()),
               reply.substr(0, 2000));
  }
  FUZZ_CHECK(result.value("recipientCount", std::int64_t{-1}) >= listed, reply.substr(0, 2000));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Setup& s = setup();
  std::string_view input(reinterpret_cast<const char*>(data), size);

  std::string message;
  bool is_draft = false;
  try {
    json draft = sendcheck::parse_json_text(input, "draft", "draft.invalid-json");
    message = json{{"id", 7}, {"type", "check"}, {"draft", std::move(draft)}}.dump(
        -1, ' ', false, json::error_handler_t::replace);
    is_draft = true;
  } catch (const sendcheck::Error&) {
    message = json::accept(input) ? "[" + std::string(input) + "]" : std::string(input);
  }

  std::string reply = s.dispatcher->handle_message(message);
  FUZZ_CHECK(reply.size() <= sendcheck::transport::kMaxReplyBytes,
             "reply of " + std::to_string(reply.size()) + " bytes");
  FUZZ_CHECK(sendcheck::transport::is_valid_utf8(reply), "reply not UTF-8");
  json parsed = json::parse(reply, nullptr, /*allow_exceptions=*/false);
  FUZZ_CHECK(!parsed.is_discarded() && parsed.is_object(), reply.substr(0, 2000));
  FUZZ_CHECK(parsed.dump() == reply, "re-parsed reply differs: " + reply.substr(0, 2000));

  FUZZ_CHECK(parsed.contains("id") && parsed["id"] == (is_draft ? json(7) : json()),
             reply.substr(0, 2000));
  FUZZ_CHECK(parsed.contains("ok") && parsed["ok"].is_boolean(), reply.substr(0, 2000));
  if (parsed["ok"] == true) {
    FUZZ_CHECK(is_draft && parsed.contains("result") && !parsed.contains("error"),
               reply.substr(0, 2000));
    check_payload(parsed["result"], reply);
  } else {
    FUZZ_CHECK(parsed.contains("error") && !parsed.contains("result"), reply.substr(0, 2000));
    const json& error = parsed["error"];
    FUZZ_CHECK(error.contains("code") && error["code"].is_string() &&
                   !error["code"].get<std::string>().empty() && error.contains("message"),
               reply.substr(0, 2000));
    std::string code = error["code"];
    FUZZ_CHECK(code != "internal-error" && code != "reply.too-large", reply.substr(0, 2000));
  }

  // A check learns nothing (the audit entry it writes is not history).
  sendcheck::HistoryStats after = s.dispatcher->context().history_for_reading()->stats();
  FUZZ_CHECK(after.messages == s.stats.messages && after.addresses == s.stats.addresses &&
                 after.domains == s.stats.domains && after.pairs == s.stats.pairs,
             "history changed by a check");
  return 0;
}
