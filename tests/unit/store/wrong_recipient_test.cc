// Right address, wrong person (issue 11): wrong-recipient through assess() over a real history,
// one clear-cut scenario per kind of evidence (greeting, co-recipients, thread, content), the
// verdict, the messages, and a Japanese Sent folder imported with MailReader.
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "mail/draft_reader.h"
#include "mail/mail_reader.h"
#include "sendcheck/assessment.h"
#include "sendcheck/draft.h"
#include "sendcheck/recipient_features.h"
#include "store/history_schema.h"
#include "store/history_store.h"
#include "store_test_util.h"
#include "test_support.h"

namespace sendcheck {
namespace {

using nlohmann::json;

constexpr const char* kMe = "me@mycompany.example";

struct Fixture {
  testing::TempDir dir;
  std::string path = (dir / "h.sqlite3").string();
  std::unique_ptr<HistoryStore> store = HistoryStore::open(path);
  int next_id = 0;

  // One sent message to `to` ("Name <address>" or an address, all To); returns its Message-ID.
  std::string sent(const std::vector<std::string>& to, const std::string& subject = "",
                   const std::string& body = "", const std::string& in_reply_to = "",
                   const std::vector<std::string>& references = {}) {
    std::vector<DraftRecipient> recipients;
    for (const std::string& entry : to) {
      std::string name;
      std::string address = entry;
      std::size_t open = entry.find('<');
      if (open != std::string::npos) {
        name = entry.substr(0, open == 0 ? 0 : open - 1);
        address = entry.substr(open + 1, entry.find('>') - open - 1);
      }
      recipients.push_back(testing::recipient(address, name));
    }
    ++next_id;
    std::string id = "m" + std::to_string(next_id) + "@mycompany.example";
    SentMessage message =
        testing::message(id, 1700000000 + next_id * 3600, std::move(recipients), kMe);
    message.subject = subject;
    message.body = body;
    message.in_reply_to = in_reply_to;
    message.references = references;
    BOOST_REQUIRE(store->add_sent(message));
    return id;
  }

  json check(const json& draft_json, const Settings& settings = Settings{},
             Locale locale = Locale::kEn) const {
    json with_from = draft_json;
    with_from["from"] = kMe;
    AssessOptions options;
    options.locale = locale;
    return payload_to_json(assess(draft_from_json(with_from), settings, *store, options));
  }
};

// The recipient `address` of a payload.
json recipient_of(const json& payload, const std::string& address) {
  for (const json& group : payload["groups"]) {
    for (const json& r : group["recipients"]) {
      if (r["address"] == address) return r;
    }
  }
  BOOST_FAIL("no recipient " + address + " in " + payload.dump());
  return {};
}

// The wrong-recipient flag of `address`, if any.
std::optional<json> wrong_recipient(const json& payload, const std::string& address) {
  const json recipient = recipient_of(payload, address);
  for (const json& flag : recipient["flags"]) {
    if (flag["code"] == "wrong-recipient") return flag;
  }
  return std::nullopt;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// --- The histories of the scenarios --------------------------------------------------------------

const std::string kPaula = "paula.smith@partner.example.jp";
const std::string kSmyth = "paul.smyth@other.example.jp";
const std::string kFigures = "\n\nHere are the figures for this week.\n\nRegards,\nTaro\n";

// "Paula," to Paula Smith, "Dear Mr. Smyth," to Paul Smyth, the same text otherwise.
void greet_paula_and_smyth(Fixture& f, const std::string& paula = kPaula,
                           const std::string& smyth = kSmyth) {
  for (int i = 0; i < 6; ++i) {
    f.sent({"Paula Smith <" + paula + ">"}, "Weekly figures", "Paula," + kFigures);
    f.sent({"Paul Smyth <" + smyth + ">"}, "Weekly figures", "Dear Mr. Smyth," + kFigures);
  }
}

// Giuseppe is greeted "Beppe,", an address without a name: only the greeting history knows it.
void greet_giuseppe_as_beppe(Fixture& f) {
  f.sent({"gv@verdi.example"}, "Opera", "Beppe," + kFigures);
}

const std::string kAlice = "alice@partner-a.example";
const std::string kBob = "bob@partner-a.example";
const std::string kCarol = "carol@partner-c.example";

// Carol first (she is no successor of Bob's), then Alice and Bob together, always.
void alice_with_bob_carol_alone(Fixture& f) {
  for (int i = 0; i < 3; ++i) f.sent({kCarol});
  for (int i = 0; i < 5; ++i) f.sent({kAlice, kBob});
}

const std::string kTanaka = "tanaka@partner.example.jp";
const std::string kTanabe = "tanabe@partner-b.example.jp";

struct Thread {
  std::string root;
  std::string last;
};

// A thread with Tanaka only (root, an answer of Tanaka's, a reply), and mail to Tanabe, a
// neighbour (same first letters), about the same topic with the same text in threads of its own:
// only the thread tells them apart.
Thread tanaka_thread_and_tanabe(Fixture& f) {
  const std::string text = "\n\nPlease find the pipeline expansion plan attached.\n";
  Thread thread;
  thread.root = f.sent({"Tanaka <" + kTanaka + ">"}, "Pipeline expansion plan", "Hello," + text);
  thread.last = f.sent({"Tanaka <" + kTanaka + ">"}, "Re: Pipeline expansion plan", "Hello," + text,
                       "answer1@partner.example.jp", {thread.root, "answer1@partner.example.jp"});
  for (const char* subject : {"Pipeline expansion plan, east", "Pipeline expansion plan, west"}) {
    std::string root = f.sent({"Tanabe <" + kTanabe + ">"}, subject, "Hello," + text);
    f.sent({"Tanabe <" + kTanabe + ">"}, std::string("Re: ") + subject, "Hello," + text,
           "answer-" + root, {root, "answer-" + root});
  }
  return thread;
}

// A reply to Tanaka's latest answer in the thread, as a mail client writes it: In-Reply-To,
// References and the quoted original under the user's text.
json reply_to_tanaka(const Thread& thread, const std::string& to) {
  return {
      {"to", {to}},
      {"subject", "Re: Pipeline expansion plan"},
      {"body",
       "Thank you, we agree.\n\n-----Original Message-----\nFrom: Tanaka "
       "[mailto:tanaka@partner.example.jp]\nSent: Monday\nTo: me@mycompany.example\n"
       "Subject: RE: Pipeline expansion plan\n\nWe have read the plan.\n"},
      {"thread",
       {{"inReplyTo", "answer2@partner.example.jp"},
        {"references",
         {thread.root, "answer1@partner.example.jp", thread.last, "answer2@partner.example.jp"}}}}};
}

const std::string kKimLee = "kim.lee@partner.example.jp";
const std::string kKimLewis = "kim.lewis@other.example.jp";
const std::string kCoffee =
    "Hi Kim,\n\nThe Kilimanjaro coffee harvest samples arrive Friday; roasting trials follow "
    "and the espresso blend tasting is on Monday.\n";
const std::string kPipeline =
    "Hi Kim,\n\nThe Ponderosa pipeline capacity auction closes Friday; compressor maintenance "
    "follows and the nomination deadline is on Monday.\n";

// Two contacts with the same given name, written to about different topics.
void coffee_to_lee_pipeline_to_lewis(Fixture& f) {
  for (int i = 0; i < 5; ++i) {
    f.sent({"Kim Lee <" + kKimLee + ">"}, "Kilimanjaro coffee harvest", kCoffee);
    f.sent({"Kim Lewis <" + kKimLewis + ">"}, "Ponderosa pipeline capacity", kPipeline);
  }
}

// A history file as SendCheck with schema version 3 wrote it: Alice and Bob sent together four
// times, Carol (written to before them) alone.
void write_version_3(const std::string& path) {
  testing::write_version_3_history(path, R"sql(
INSERT INTO messages(message_id, date) VALUES('old@x', 5);
INSERT INTO addresses(id, address, base_address, registrable, skeleton, first_sent, last_sent,
                      count)
  VALUES(1, 'alice@partner-a.example', 'alice@partner-a.example', 'partner-a.example',
         'alice@partner-a.example', 5, 5, 4),
        (2, 'bob@partner-a.example', 'bob@partner-a.example', 'partner-a.example',
         'bob@partner-a.example', 5, 5, 4),
        (3, 'carol@partner-c.example', 'carol@partner-c.example', 'partner-c.example',
         'carol@partner-c.example', 1, 3, 3);
INSERT INTO pairs(a, b, count, last_sent) VALUES(1, 2, 4, 5);
)sql");
}

// Imports a mail file as `sendcheck import` does: every message through add_sent.
std::size_t import_mail(HistoryStore& store, const std::string& path) {
  std::unique_ptr<MailReader> reader = MailReader::open(path);
  SentMessage message;
  std::string skip;
  std::size_t added = 0;
  while (reader->next(&message, &skip)) {
    BOOST_TEST(skip.empty());
    if (skip.empty() && store.add_sent(message)) ++added;
  }
  return added;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(wrong_recipient_test)

// --- greeting ------------------------------------------------------------------------------------

BOOST_FIXTURE_TEST_CASE(greeting_of_another_contact_flags_the_recipient, Fixture) {
  greet_paula_and_smyth(*this);
  json payload = check({{"to", {"Paul Smyth <" + kSmyth + ">"}},
                        {"subject", "Weekly figures"},
                        {"body", "Paula," + kFigures}});
  std::optional<json> flag = wrong_recipient(payload, kSmyth);
  BOOST_REQUIRE_MESSAGE(flag.has_value(), payload.dump());
  BOOST_TEST((*flag)["reason"] == "greeting");
  BOOST_TEST((*flag)["similarTo"] == kPaula);
  BOOST_TEST(recipient_of(payload, kSmyth)["mustConfirm"] == true);
  BOOST_TEST(payload["verdict"] == "confirm");
}

// A greeting that names a known contact who is not a recipient keeps giving salutation-mismatch,
// now also when only the greeting history knows the name: "Beppe" for giuseppe.verdi@, who has no
// display name. Here the recipient is someone else altogether (no neighbour, other domain).
BOOST_FIXTURE_TEST_CASE(greeting_by_a_nickname_of_another_contact_is_a_salutation_mismatch,
                        Fixture) {
  for (int i = 0; i < 3; ++i) greet_giuseppe_as_beppe(*this);
  json payload = check({{"to", {"Jane Doe <jane.doe@other.example>"}},
                        {"subject", "Weekly figures"},
                        {"body", "Beppe," + kFigures}});
  bool found = false;
  for (const json& warning : payload["warnings"]) {
    if (warning["code"] != "salutation-mismatch") continue;
    found = true;
    BOOST_TEST(warning["params"]["knownAs"] == "gv@verdi.example");
    BOOST_TEST(warning["severity"] == "danger");
  }
  BOOST_TEST(found, payload.dump());
}

BOOST_FIXTURE_TEST_CASE(greeting_the_recipient_itself_flags_nothing, Fixture) {
  greet_paula_and_smyth(*this);
  json to_paula = check({{"to", {"Paula Smith <" + kPaula + ">"}},
                         {"subject", "Weekly figures"},
                         {"body", "Paula," + kFigures}});
  BOOST_CHECK_MESSAGE(!wrong_recipient(to_paula, kPaula).has_value(), to_paula.dump());
  json to_smyth = check({{"to", {"Paul Smyth <" + kSmyth + ">"}},
                         {"subject", "Weekly figures"},
                         {"body", "Dear Mr. Smyth," + kFigures}});
  BOOST_CHECK_MESSAGE(!wrong_recipient(to_smyth, kSmyth).has_value(), to_smyth.dump());
  // No greeting at all: nothing speaks for anyone else.
  json bare = check({{"to", {"Paul Smyth <" + kSmyth + ">"}},
                     {"subject", "Weekly figures"},
                     {"body", "Here are the figures for this week."}});
  BOOST_CHECK_MESSAGE(!wrong_recipient(bare, kSmyth).has_value(), bare.dump());
}

BOOST_FIXTURE_TEST_CASE(wrong_recipient_messages_name_both_addresses_in_en_and_ja, Fixture) {
  greet_paula_and_smyth(*this);
  json draft = {{"to", {"Paul Smyth <" + kSmyth + ">"}},
                {"subject", "Weekly figures"},
                {"body", "Paula," + kFigures}};
  std::optional<json> en = wrong_recipient(check(draft, Settings{}, Locale::kEn), kSmyth);
  std::optional<json> ja = wrong_recipient(check(draft, Settings{}, Locale::kJa), kSmyth);
  BOOST_TEST_REQUIRE(en.has_value());
  BOOST_TEST_REQUIRE(ja.has_value());
  const std::string en_text = (*en)["message"];
  const std::string ja_text = (*ja)["message"];
  BOOST_TEST_CONTEXT(en_text) {
    BOOST_TEST(en_text.starts_with("This message greets "));
    BOOST_TEST(contains(en_text, kPaula));
    BOOST_TEST(contains(en_text, kSmyth));
  }
  BOOST_TEST_CONTEXT(ja_text) {
    BOOST_TEST(ja_text.starts_with("本文の宛名「"));
    BOOST_TEST(contains(ja_text, kPaula));
    BOOST_TEST(contains(ja_text, kSmyth));
    BOOST_TEST(ja_text != en_text);
  }
}

// --- co-recipients -------------------------------------------------------------------------------

BOOST_FIXTURE_TEST_CASE(others_that_always_go_with_another_contact_flag_the_recipient, Fixture) {
  alice_with_bob_carol_alone(*this);
  json payload = check({{"to", {kAlice, kCarol}}});
  std::optional<json> flag = wrong_recipient(payload, kCarol);
  BOOST_REQUIRE_MESSAGE(flag.has_value(), payload.dump());
  BOOST_TEST((*flag)["reason"] == "co-recipients");
  BOOST_TEST((*flag)["similarTo"] == kBob);
  BOOST_TEST(!wrong_recipient(payload, kAlice).has_value());
  BOOST_TEST(payload["verdict"] == "confirm");
}

BOOST_FIXTURE_TEST_CASE(the_usual_group_flags_nothing, Fixture) {
  alice_with_bob_carol_alone(*this);
  json payload = check({{"to", {kAlice, kBob}}});
  BOOST_CHECK_MESSAGE(!wrong_recipient(payload, kAlice).has_value(), payload.dump());
  BOOST_CHECK_MESSAGE(!wrong_recipient(payload, kBob).has_value(), payload.dump());
  json alone = check({{"to", {kCarol}}});
  BOOST_CHECK_MESSAGE(!wrong_recipient(alone, kCarol).has_value(), alone.dump());
}

// --- thread --------------------------------------------------------------------------------------

BOOST_FIXTURE_TEST_CASE(a_reply_in_a_thread_with_a_neighbour_flags_the_recipient, Fixture) {
  Thread thread = tanaka_thread_and_tanabe(*this);
  json payload = check(reply_to_tanaka(thread, "Tanabe <" + kTanabe + ">"));
  std::optional<json> flag = wrong_recipient(payload, kTanabe);
  BOOST_REQUIRE_MESSAGE(flag.has_value(), payload.dump());
  BOOST_TEST((*flag)["reason"] == "thread");
  BOOST_TEST((*flag)["similarTo"] == kTanaka);
}

BOOST_FIXTURE_TEST_CASE(the_reply_to_the_thread_member_flags_nothing, Fixture) {
  Thread thread = tanaka_thread_and_tanabe(*this);
  json payload = check(reply_to_tanaka(thread, "Tanaka <" + kTanaka + ">"));
  BOOST_CHECK_MESSAGE(!wrong_recipient(payload, kTanaka).has_value(), payload.dump());
}

// --- content -------------------------------------------------------------------------------------

BOOST_FIXTURE_TEST_CASE(a_topic_written_to_another_contact_flags_the_recipient, Fixture) {
  coffee_to_lee_pipeline_to_lewis(*this);
  json coffee_to_lewis = check({{"to", {"Kim Lewis <" + kKimLewis + ">"}},
                                {"subject", "Kilimanjaro coffee harvest"},
                                {"body", kCoffee}});
  std::optional<json> flag = wrong_recipient(coffee_to_lewis, kKimLewis);
  BOOST_REQUIRE_MESSAGE(flag.has_value(), coffee_to_lewis.dump());
  BOOST_TEST((*flag)["reason"] == "content");
  BOOST_TEST((*flag)["similarTo"] == kKimLee);

  json pipeline_to_lee = check({{"to", {"Kim Lee <" + kKimLee + ">"}},
                                {"subject", "Ponderosa pipeline capacity"},
                                {"body", kPipeline}});
  flag = wrong_recipient(pipeline_to_lee, kKimLee);
  BOOST_REQUIRE_MESSAGE(flag.has_value(), pipeline_to_lee.dump());
  BOOST_TEST((*flag)["reason"] == "content");
  BOOST_TEST((*flag)["similarTo"] == kKimLewis);
}

BOOST_FIXTURE_TEST_CASE(the_topic_sent_to_its_usual_contact_flags_nothing, Fixture) {
  coffee_to_lee_pipeline_to_lewis(*this);
  json coffee_to_lee = check({{"to", {"Kim Lee <" + kKimLee + ">"}},
                              {"subject", "Kilimanjaro coffee harvest"},
                              {"body", kCoffee}});
  BOOST_CHECK_MESSAGE(!wrong_recipient(coffee_to_lee, kKimLee).has_value(), coffee_to_lee.dump());
  json pipeline_to_lewis = check({{"to", {"Kim Lewis <" + kKimLewis + ">"}},
                                  {"subject", "Ponderosa pipeline capacity"},
                                  {"body", kPipeline}});
  BOOST_CHECK_MESSAGE(!wrong_recipient(pipeline_to_lewis, kKimLewis).has_value(),
                      pipeline_to_lewis.dump());
}

// --- verdict -------------------------------------------------------------------------------------

BOOST_FIXTURE_TEST_CASE(a_wrong_colleague_is_confirmed_even_when_all_are_internal_and_known,
                        Fixture) {
  const std::string paula = "paula.smith@mycompany.example";
  const std::string smyth = "paul.smyth@mycompany.example";
  greet_paula_and_smyth(*this, paula, smyth);
  Settings settings;
  settings.internal_domains = {"mycompany.example"};
  BOOST_TEST_REQUIRE(settings.skip_dialog_when_all_internal_known);

  json right = check({{"to", {"Paula Smith <" + paula + ">"}},
                      {"subject", "Weekly figures"},
                      {"body", "Paula," + kFigures}},
                     settings);
  BOOST_CHECK_MESSAGE(right["verdict"] == "send", right.dump());

  json wrong = check({{"to", {"Paul Smyth <" + smyth + ">"}},
                      {"subject", "Weekly figures"},
                      {"body", "Paula," + kFigures}},
                     settings);
  std::optional<json> flag = wrong_recipient(wrong, smyth);
  BOOST_REQUIRE_MESSAGE(flag.has_value(), wrong.dump());
  BOOST_TEST((*flag)["similarTo"] == paula);
  BOOST_TEST(recipient_of(wrong, smyth)["mustConfirm"] == true);
  BOOST_TEST(wrong["verdict"] == "confirm");
}

// --- older files ---------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(a_version_3_history_opened_read_only_checks_co_recipients_only) {
  testing::TempDir dir;
  std::string path = (dir / "v3.sqlite3").string();
  write_version_3(path);
  auto reader = HistoryStore::open_read_only(path);
  json draft = {{"from", kMe}, {"to", {kAlice, kCarol}}, {"body", "Paula,\n\nFigures.\n"}};
  json payload = payload_to_json(assess(draft_from_json(draft), Settings{}, *reader, {}));
  // The pairs are there since version 1: co-recipients speaks, the rest is silent.
  std::optional<json> flag = wrong_recipient(payload, kCarol);
  BOOST_REQUIRE_MESSAGE(flag.has_value(), payload.dump());
  BOOST_TEST((*flag)["reason"] == "co-recipients");
  BOOST_TEST((*flag)["similarTo"] == kBob);
  BOOST_CHECK_MESSAGE(!wrong_recipient(payload, kAlice).has_value(), payload.dump());
}

// --- a Japanese Sent folder (tests/data/mail/ja-sent.mbox) ---------------------------------------

const std::string kIchiro = "suzuki@partner.example.jp";  // 鈴木 一郎, 株式会社パートナー商事
const std::string kHanako = "suzuki.h@partner-b.example.jp";  // 鈴木 花子
const std::string kInfo = "info@partner.example.jp";          // パートナー商事 御中

struct JapaneseFixture : Fixture {
  std::size_t imported = import_mail(*store, testing::data_path("mail/ja-sent.mbox").string());
};

BOOST_FIXTURE_TEST_CASE(japanese_folder_learns_each_greeting_form, JapaneseFixture) {
  using Greetings = std::vector<std::pair<std::string, std::int64_t>>;
  BOOST_TEST(imported == 11u);
  auto greetings = [this](const std::string& address) {
    Greetings out = store->greetings_of(address);
    std::vector<std::string> text;
    for (const auto& [key, count] : out) text.push_back(key + "=" + std::to_string(count));
    return text;
  };
  // 株式会社パートナー商事 / 営業部 鈴木様 (three times), 鈴木様 (once).
  BOOST_TEST(greetings(kIchiro) == (std::vector<std::string>{"鈴木=4", "o:パートナー商事=3"}),
             boost::test_tools::per_element());
  // 鈴木さん; the Cc to a colleague learns no greeting.
  BOOST_TEST(greetings(kHanako) == std::vector<std::string>{"鈴木=3"},
             boost::test_tools::per_element());
  BOOST_TEST(greetings("hanako@example.co.jp").empty());
  // パートナー商事 御中.
  BOOST_TEST(greetings(kInfo) == std::vector<std::string>{"o:パートナー商事=2"},
             boost::test_tools::per_element());
  // 関係者各位 greets nobody; 佐藤様 greets 佐藤.
  BOOST_TEST(greetings("tanaka@partner-b.example.jp").empty());
  BOOST_TEST(greetings("sato@partner-b.example.jp") == std::vector<std::string>{"佐藤=1"},
             boost::test_tools::per_element());
  // The thread headers were read: the reply to ja-1 is in its thread.
  std::vector<ThreadMember> thread =
      store->thread_members(draft_thread_keys("", {"ja-1@example.co.jp"}, ""));
  BOOST_TEST_REQUIRE(thread.size() == 2u);  // 鈴木 一郎 twice, the Cc colleague once
  BOOST_TEST(thread[0].address == kIchiro);
  BOOST_TEST(thread[0].count == 2);
  // The two 鈴木 are autocomplete neighbours.
  std::vector<std::string> neighbours;
  for (const AddressRecord& r : store->find_neighbours({"n:鈴木"})) neighbours.push_back(r.address);
  std::sort(neighbours.begin(), neighbours.end());
  BOOST_TEST(neighbours == (std::vector<std::string>{kHanako, kIchiro}),
             boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(japanese_company_greeting_to_the_other_suzuki_is_flagged, JapaneseFixture) {
  const std::string body =
      "株式会社パートナー商事\n営業部 鈴木様\n\nお世話になっております。\n"
      "修正した見積書をお送りします。\n";
  json wrong =
      check({{"to", {"鈴木 花子 <" + kHanako + ">"}}, {"subject", "見積書の送付"}, {"body", body}},
            Settings{}, Locale::kJa);
  std::optional<json> flag = wrong_recipient(wrong, kHanako);
  BOOST_REQUIRE_MESSAGE(flag.has_value(), wrong.dump());
  BOOST_TEST((*flag)["reason"] == "greeting");
  BOOST_TEST((*flag)["similarTo"] == kIchiro);
  const std::string message = (*flag)["message"];
  BOOST_CHECK_MESSAGE(contains(message, kIchiro), message);
  BOOST_CHECK_MESSAGE(contains(message, kHanako), message);

  json right =
      check({{"to", {"鈴木 一郎 <" + kIchiro + ">"}}, {"subject", "見積書の送付"}, {"body", body}},
            Settings{}, Locale::kJa);
  BOOST_CHECK_MESSAGE(!wrong_recipient(right, kIchiro).has_value(), right.dump());
}

BOOST_FIXTURE_TEST_CASE(japanese_organisation_greeting_to_another_company_is_flagged,
                        JapaneseFixture) {
  const std::string body = "パートナー商事 御中\n\nカタログの送付をお願いいたします。\n";
  json wrong =
      check({{"to", {"鈴木 花子 <" + kHanako + ">"}}, {"subject", "カタログ"}, {"body", body}},
            Settings{}, Locale::kJa);
  std::optional<json> flag = wrong_recipient(wrong, kHanako);
  BOOST_REQUIRE_MESSAGE(flag.has_value(), wrong.dump());
  BOOST_TEST((*flag)["reason"] == "greeting");
  std::string similar_to = (*flag)["similarTo"];
  BOOST_CHECK_MESSAGE(similar_to == kIchiro || similar_to == kInfo, similar_to);

  json right =
      check({{"to", {kInfo}}, {"subject", "カタログ"}, {"body", body}}, Settings{}, Locale::kJa);
  BOOST_CHECK_MESSAGE(!wrong_recipient(right, kInfo).has_value(), right.dump());
}

BOOST_FIXTURE_TEST_CASE(japanese_greeting_of_the_other_suzuki_by_san_is_flagged, JapaneseFixture) {
  // 鈴木さん names both: the thread and the topic, both 鈴木 花子's, decide.
  json payload = check({{"to", {"鈴木 一郎 <" + kIchiro + ">"}},
                        {"subject", "Re: 研修日程のご案内"},
                        {"body", "鈴木さん\n\n研修の件、承知しました。\n"},
                        {"thread",
                         {{"inReplyTo", "ja-6@example.co.jp"},
                          {"references", {"ja-5@example.co.jp", "ja-6@example.co.jp"}}}}},
                       Settings{}, Locale::kJa);
  std::optional<json> flag = wrong_recipient(payload, kIchiro);
  BOOST_REQUIRE_MESSAGE(flag.has_value(), payload.dump());
  BOOST_TEST((*flag)["similarTo"] == kHanako);
  const std::string reason = (*flag)["reason"];
  BOOST_CHECK_MESSAGE(reason == "thread" || reason == "content", reason);
}

// Bug: a reply quoting its sender by a Japanese name only (差出人: 鈴木 一郎, no address) was
// never tied to that person (the name lookup only read Latin names).
BOOST_FIXTURE_TEST_CASE(japanese_quoted_sender_by_name_only_was_not_resolved, JapaneseFixture) {
  const std::string quote =
      "承知しました。\n\n-----Original Message-----\n差出人: 鈴木 一郎\n"
      "送信日時: 2026年10月5日 10:00\n件名: ご連絡\n\nご確認ください。\n";
  json wrong =
      check({{"to", {"鈴木 花子 <" + kHanako + ">"}}, {"subject", "RE: ご連絡"}, {"body", quote}},
            Settings{}, Locale::kJa);
  std::optional<json> flag = wrong_recipient(wrong, kHanako);
  BOOST_REQUIRE_MESSAGE(flag.has_value(), wrong.dump());
  BOOST_TEST((*flag)["similarTo"] == kIchiro);
  BOOST_TEST((*flag)["reason"] == "thread");
  json right =
      check({{"to", {"鈴木 一郎 <" + kIchiro + ">"}}, {"subject", "RE: ご連絡"}, {"body", quote}},
            Settings{}, Locale::kJa);
  BOOST_CHECK_MESSAGE(!wrong_recipient(right, kIchiro).has_value(), right.dump());
}

// Bug: an address both in To and Cc counted twice towards the ten recipients the check weighs,
// so a draft of ten distinct known recipients was not weighed.
BOOST_FIXTURE_TEST_CASE(an_address_in_to_and_cc_counted_twice_towards_the_limit, Fixture) {
  // The outsider first (no successor of anyone), then a team of ten, always together.
  sent({"outsider@elsewhere.example"});
  std::vector<std::string> team;
  for (int i = 1; i <= 10; ++i) team.push_back("member" + std::to_string(i) + "@team.example");
  for (int n = 0; n < 4; ++n) sent(team);
  // member10 replaced by the outsider; member1 also in Cc: ten distinct known addresses.
  std::vector<std::string> to(team.begin(), team.end() - 1);
  to.push_back("outsider@elsewhere.example");
  json payload = check({{"to", to}, {"cc", {team.front()}}, {"subject", "Team"}, {"body", "All,"}});
  std::optional<json> flag = wrong_recipient(payload, "outsider@elsewhere.example");
  BOOST_REQUIRE_MESSAGE(flag.has_value(), payload.dump());
  BOOST_TEST((*flag)["reason"] == "co-recipients");
  BOOST_TEST((*flag)["similarTo"] == "member10@team.example");
}

// The add-on's thread.participants of the message replied to: a reply that goes to none of
// them is flagged like a reply to a quoted sender.
BOOST_FIXTURE_TEST_CASE(a_reply_to_none_of_the_participants_flags_the_recipient, Fixture) {
  greet_paula_and_smyth(*this);
  const json thread{{"participants", {kPaula, kMe}}};
  json wrong = check({{"to", {"Paul Smyth <" + kSmyth + ">"}},
                      {"subject", "Re: Weekly figures"},
                      {"body", "Thanks, noted."},
                      {"thread", thread}});
  std::optional<json> flag = wrong_recipient(wrong, kSmyth);
  BOOST_REQUIRE_MESSAGE(flag.has_value(), wrong.dump());
  BOOST_TEST((*flag)["similarTo"] == kPaula);
  BOOST_TEST((*flag)["reason"] == "thread");
  json right = check({{"to", {"Paula Smith <" + kPaula + ">"}},
                      {"subject", "Re: Weekly figures"},
                      {"body", "Thanks, noted."},
                      {"thread", thread}});
  BOOST_CHECK_MESSAGE(!wrong_recipient(right, kPaula).has_value(), right.dump());
  // A forward goes to someone new on purpose.
  json forward = check({{"to", {"Paul Smyth <" + kSmyth + ">"}},
                        {"subject", "Fw: Weekly figures"},
                        {"body", "FYI."},
                        {"thread", thread}});
  BOOST_CHECK_MESSAGE(!wrong_recipient(forward, kSmyth).has_value(), forward.dump());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace sendcheck
