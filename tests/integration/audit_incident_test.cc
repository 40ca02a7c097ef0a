// The audit log and the incident report end to end: a scripted series of requests through the
// host's dispatcher with a fixed clock (an earlier send of the same draft; then check, cancel,
// check, send with a Message-ID; then a second, unrelated check and send), read back by the real
// `sendcheck audit export` and `sendcheck incident --message-id` (TZ fixed to JST).
#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "test_support.h"
#include "transport/dispatch/dispatcher.h"

namespace sendcheck {
namespace {

using nlohmann::json;
using Result = testing::CommandResult;

constexpr std::int64_t kT0 = 1717000000;  // 2024-05-29T16:26:40Z, 2024-05-30T01:26:40+09:00
// SHA-256 of the attachment's content as the add-on computes it (sha256("customer list")).
constexpr const char* kSha = "6e92c4d7a955df09c94255ba9ec0a5066e275b157dffa07c02c9d68005341bcb";
// draft_fingerprint of draft A (python: sha256 of "sendcheck-draft-v1\ncc:hanako@example.co.jp\n
// cc:kim@gmail.com\nto:suzuki@partner.co.jp\nto:tanaka@sales.partner.co.jp\n
// attachment:顧客一覧.xlsx\t20480\t<kSha>\n")
constexpr const char* kPrintA = "fc34017a5370c8027a0c44c6f8cde780f942e532b12cc1683fbcbb2ccd9dd93e";
// ... of draft B ("sendcheck-draft-v1\nto:x@other.example.jp\n")
constexpr const char* kPrintB = "566d2efb9f2af539f5c15140cc9128d53e0a42a93902cd60a8e40a090efc511d";

// Draft A as the Thunderbird add-on sends it to `check`: three card numbers in the body.
json draft_a() {
  return json::parse(std::string(R"({
    "from": "山田 太郎 <taro@example.co.jp>",
    "to": ["鈴木 <suzuki@partner.co.jp>", "tanaka@sales.partner.co.jp"],
    "cc": ["hanako@example.co.jp", "kim@gmail.com"],
    "subject": "ご依頼の件",
    "body": "鈴木様\n\nカード番号:\n4111111111111111\n5555555555554444\n378282246310005\n",
    "attachments": [{"name": "顧客一覧.xlsx", "size": 20480,
                     "contentType": "application/vnd.ms-excel", "sha256": ")") +
                     kSha + R"("}]})");
}

// What the add-on sends with record-sent and audit.record: the draft without its body
// (extension/thunderbird/common/draft.js recordDraft).
json without_body(json draft) {
  draft.erase("body");
  return draft;
}

json draft_b() {
  return json::parse(R"({"from": "taro@example.co.jp", "to": ["x@other.example.jp"],
                         "subject": "hello", "body": "Hello."})");
}

struct Series {
  Series() {
    std::ofstream(dir / "settings.json") << R"({"internalDomains": ["example.co.jp"]})";
    std::ofstream(dir / "policy.json") << "{}";
    transport::DispatchOptions options;
    options.history_path = db();
    options.config_path = (dir / "settings.json").string();
    options.policy_path = (dir / "policy.json").string();
    options.now = [this] { return now; };
    transport::Dispatcher host(options);
    auto call = [&](std::int64_t time, json request) {
      now = time;
      request["id"] = time;
      json reply = host.handle(request);
      BOOST_TEST_REQUIRE(reply["ok"] == true, reply.dump());
      return reply["result"];
    };
    // The same draft sent the day before: its entries are not part of the later timeline.
    call(kT0 - 86400, {{"type", "check"}, {"draft", draft_a()}});
    call(kT0 - 86400 + 20, {{"type", "record-sent"},
                            {"messageId", "<earlier@example.co.jp>"},
                            {"draft", without_body(draft_a())}});
    // The incident: check, cancel, check, send.
    call(kT0, {{"type", "check"}, {"draft", draft_a()}});
    call(kT0 + 30,
         {{"type", "audit.record"}, {"action", "cancelled"}, {"draft", without_body(draft_a())}});
    call(kT0 + 90, {{"type", "check"}, {"draft", draft_a()}});
    BOOST_TEST(call(kT0 + 120, {{"type", "record-sent"},
                                {"messageId", "<a1b2@example.co.jp>"},
                                {"draft", without_body(draft_a())}})["recorded"] == true);
    // A second, unrelated mail.
    call(kT0 + 590, {{"type", "check"}, {"draft", draft_b()}});
    call(kT0 + 600, {{"type", "record-sent"},
                     {"messageId", "zz99@example.co.jp"},
                     {"draft", without_body(draft_b())}});
  }
  std::string db() const { return (dir / "h.sqlite3").string(); }
  Result run(const std::string& args) const {
    return testing::run_sendcheck(args, dir, "TZ=JST-9 SENDCHECK_DB=" + db());
  }

  testing::TempDir dir;
  std::int64_t now = kT0;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(audit_incident_test)

BOOST_AUTO_TEST_CASE(export_csv_has_the_message_id_hashes_and_fingerprints) {
  Series series;
  Result csv = series.run("audit export --since 2024-05-29T16:00:00Z --format csv");
  BOOST_TEST_REQUIRE(csv.status == 0, csv.err);
  const std::string a = kPrintA;
  const std::string b = kPrintB;
  const std::string recipients =
      "suzuki@partner.co.jp (external); tanaka@sales.partner.co.jp (external); "
      "kim@gmail.com (freemail); hanako@example.co.jp (internal)";
  // The attachment cell holds a comma: quoted (RFC 4180).
  const std::string attachment =
      "\"顧客一覧.xlsx (20480 bytes, sha256 " + std::string(kSha) + ")\"";
  std::string expected =
      "time,unix_time,action,verdict,recipient_count,recipients,attachments,warnings,"
      "personal_data,message_id,fingerprint\r\n"
      "2024-05-29T16:26:40Z,1717000000,checked,confirm,4," +
      recipients + "," + attachment + ",personal-data,card-number=3,," + a +
      "\r\n"
      "2024-05-29T16:27:10Z,1717000030,cancelled,confirm,4," +
      recipients + "," + attachment + ",,,," + a +
      "\r\n"
      "2024-05-29T16:28:10Z,1717000090,checked,confirm,4," +
      recipients + "," + attachment + ",personal-data,card-number=3,," + a +
      "\r\n"
      "2024-05-29T16:28:40Z,1717000120,sent,confirm,4," +
      recipients + "," + attachment + ",,,a1b2@example.co.jp," + a +
      "\r\n"
      "2024-05-29T16:36:30Z,1717000590,checked,confirm,1,x@other.example.jp (external),,,,," +
      b +
      "\r\n"
      "2024-05-29T16:36:40Z,1717000600,sent,confirm,1,x@other.example.jp (external),,,,"
      "zz99@example.co.jp," +
      b + "\r\n";
  BOOST_TEST(csv.out == expected);
}

BOOST_AUTO_TEST_CASE(export_json_has_the_new_fields) {
  Series series;
  Result out = series.run("audit export --format json");
  BOOST_TEST_REQUIRE(out.status == 0, out.err);
  json entries = json::parse(out.out);
  BOOST_TEST_REQUIRE(entries.size() == 8u);
  std::vector<std::string> actions;
  std::vector<json> ids;  // null: absent (the shape of audit.query, store/audit_json.h)
  for (const json& e : entries) {
    actions.push_back(e["action"]);
    ids.push_back(e.contains("messageId") ? e["messageId"] : json(nullptr));
  }
  BOOST_TEST(actions == (std::vector<std::string>{"checked", "sent", "checked", "cancelled",
                                                  "checked", "sent", "checked", "sent"}));
  BOOST_TEST(ids == (std::vector<json>{nullptr, "earlier@example.co.jp", nullptr, nullptr, nullptr,
                                       "a1b2@example.co.jp", nullptr, "zz99@example.co.jp"}));
  const json& sent = entries[5];
  BOOST_TEST(sent["time"] == kT0 + 120);
  BOOST_TEST(sent["fingerprint"] == kPrintA);
  BOOST_TEST(sent["attachments"] ==
             (json::array({{{"name", "顧客一覧.xlsx"}, {"size", 20480}, {"sha256", kSha}}})));
  BOOST_TEST(entries[4]["personalData"] == json::parse(R"([{"kind": "card-number", "count": 3}])"));
  BOOST_TEST(entries[4]["warnings"] == json::parse(R"(["personal-data"])"));
  BOOST_TEST(entries[7]["fingerprint"] == kPrintB);
  BOOST_TEST(entries[7]["attachments"] == json::array());
}

BOOST_AUTO_TEST_CASE(incident_markdown_by_message_id) {
  Series series;
  Result out = series.run("incident --message-id '<a1b2@example.co.jp>'");
  BOOST_TEST_REQUIRE(out.status == 0, out.err);
  std::string expected =
      std::string() +
      "# Incident report (漏えい等報告): Message-ID <a1b2@example.co.jp>\n"
      "\n"
      "- Sent (発生日時): 2024-05-29T16:28:40Z (local time 2024-05-30T01:28:40+09:00)\n"
      "- Last check before sending: 2024-05-29T16:28:10Z (local time 2024-05-30T01:28:10+09:00), "
      "verdict confirm\n"
      "- Draft fingerprint: " +
      kPrintA +
      "\n"
      "\n"
      "## Recipients (漏えい先)\n"
      "\n"
      "- Recipients: 4\n"
      "- By class: external 2, freemail 1, internal 1\n"
      "- Outside the organisation: 3 at 2 organisation(s)\n"
      "\n"
      "### External parties by organisation (組織別)\n"
      "\n"
      "| Organisation | Recipients | Addresses |\n"
      "|---|---|---|\n"
      "| gmail.com | 1 | kim@gmail.com (freemail) |\n"
      "| partner.co.jp | 2 | suzuki@partner.co.jp (external), tanaka@sales.partner.co.jp "
      "(external) |\n"
      "\n"
      "### Internal recipients\n"
      "\n"
      "- hanako@example.co.jp\n"
      "\n"
      "## Attachments (添付ファイル)\n"
      "\n"
      "| Name | Size (bytes) | SHA-256 |\n"
      "|---|---|---|\n"
      "| 顧客一覧.xlsx | 20480 | " +
      kSha +
      " |\n"
      "\n"
      "## Personal data detected (個人データの項目)\n"
      "\n"
      "As counted by the last check before sending (subject and body text the user wrote; not the "
      "attachments' content).\n"
      "\n"
      "| Kind | Items counted |\n"
      "|---|---|\n"
      "| card-number | 3 |\n"
      "\n"
      "Other warnings shown: none\n"
      "\n"
      "## Timeline of the user's decisions (経緯)\n"
      "\n"
      "| Time (UTC) | Local time | Action | Verdict | Warnings |\n"
      "|---|---|---|---|---|\n"
      "| 2024-05-29T16:26:40Z | 2024-05-30T01:26:40+09:00 | checked | confirm | personal-data |\n"
      "| 2024-05-29T16:27:10Z | 2024-05-30T01:27:10+09:00 | cancelled | confirm | - |\n"
      "| 2024-05-29T16:28:10Z | 2024-05-30T01:28:10+09:00 | checked | confirm | personal-data |\n"
      "| 2024-05-29T16:28:40Z | 2024-05-30T01:28:40+09:00 | sent | confirm | - |\n"
      "\n"
      "Checks are of the whole draft; cancelled, blocked and sent entries are assessed again "
      "without the body (the add-on does not send it with them), so body warnings appear on "
      "checks only.\n"
      "\n"
      "## Not recorded in the audit log\n"
      "\n"
      "- subject and body (never recorded, by design)\n"
      "- display names of the recipients (never recorded, by design)\n"
      "- SHA-256 of attachments whose content the mail client could not read\n";
  BOOST_TEST(out.out == expected);
}

BOOST_AUTO_TEST_CASE(incident_json_by_message_id) {
  Series series;
  Result out = series.run("incident --message-id a1b2@example.co.jp --format json");
  BOOST_TEST_REQUIRE(out.status == 0, out.err);
  json report = json::parse(out.out);
  json expected = json::parse(R"json({
    "messageId": "a1b2@example.co.jp",
    "sent": {"time": 1717000120, "timeIso": "2024-05-29T16:28:40Z",
             "timeLocal": "2024-05-30T01:28:40+09:00", "verdict": "confirm"},
    "lastCheck": {"time": 1717000090, "timeIso": "2024-05-29T16:28:10Z",
                  "timeLocal": "2024-05-30T01:28:10+09:00", "verdict": "confirm"},
    "recipientCount": 4,
    "listedRecipientCount": 4,
    "recipientsByClass": {"external": 2, "freemail": 1, "internal": 1},
    "externalOrganisations": [
      {"organisation": "gmail.com", "count": 1,
       "recipients": [{"address": "kim@gmail.com", "class": "freemail"}]},
      {"organisation": "partner.co.jp", "count": 2,
       "recipients": [{"address": "suzuki@partner.co.jp", "class": "external"},
                      {"address": "tanaka@sales.partner.co.jp", "class": "external"}]}],
    "internalRecipients": ["hanako@example.co.jp"],
    "personalData": [{"kind": "card-number", "count": 3}],
    "otherWarnings": [],
    "timeline": [
      {"action": "checked", "time": 1717000000, "timeIso": "2024-05-29T16:26:40Z",
       "timeLocal": "2024-05-30T01:26:40+09:00", "verdict": "confirm", "recipientCount": 4,
       "warnings": ["personal-data"], "personalData": [{"kind": "card-number", "count": 3}]},
      {"action": "cancelled", "time": 1717000030, "timeIso": "2024-05-29T16:27:10Z",
       "timeLocal": "2024-05-30T01:27:10+09:00", "verdict": "confirm", "recipientCount": 4,
       "warnings": [], "personalData": []},
      {"action": "checked", "time": 1717000090, "timeIso": "2024-05-29T16:28:10Z",
       "timeLocal": "2024-05-30T01:28:10+09:00", "verdict": "confirm", "recipientCount": 4,
       "warnings": ["personal-data"], "personalData": [{"kind": "card-number", "count": 3}]},
      {"action": "sent", "time": 1717000120, "timeIso": "2024-05-29T16:28:40Z",
       "timeLocal": "2024-05-30T01:28:40+09:00", "verdict": "confirm", "recipientCount": 4,
       "warnings": [], "personalData": []}],
    "notRecorded": ["subject and body (never recorded, by design)",
                    "display names of the recipients (never recorded, by design)",
                    "SHA-256 of attachments whose content the mail client could not read"]
})json");
  expected["fingerprint"] = kPrintA;
  expected["attachments"] =
      json::array({{{"name", "顧客一覧.xlsx"}, {"size", 20480}, {"sha256", kSha}}});
  BOOST_TEST(report == expected, report.dump(2));

  // The unrelated mail has a timeline of its own: its check and its send.
  Result other = series.run("incident --message-id zz99@example.co.jp --format json");
  BOOST_TEST_REQUIRE(other.status == 0, other.err);
  json b = json::parse(other.out);
  BOOST_TEST(b["timeline"].size() == 2u);
  BOOST_TEST(b["timeline"][0]["time"] == kT0 + 590);
  BOOST_TEST(b["recipientsByClass"] == json::parse(R"({"external": 1})"));
  BOOST_TEST(b["personalData"] == json::array());
  // The earlier send of draft A: only its own check and send, not the later ones.
  json earlier = json::parse(series
                                 .run("incident --message-id earlier@example.co.jp "
                                      "--format json")
                                 .out);
  BOOST_TEST(earlier["timeline"].size() == 2u);
  BOOST_TEST(earlier["sent"]["time"] == kT0 - 86400 + 20);
}

BOOST_AUTO_TEST_CASE(an_unknown_message_id_exits_1_with_a_clear_message) {
  Series series;
  Result out = series.run("incident --message-id '<nobody@example.co.jp>'");
  BOOST_TEST(out.status == 1);
  BOOST_TEST(out.out == "");
  BOOST_TEST(out.err.find("audit.unknown-message-id: no sent mail with Message-ID "
                          "<nobody@example.co.jp> in the audit log") != std::string::npos,
             out.err);
  BOOST_TEST(series.run("incident --message-id x@y --since 2024-05-29 --until 2024-05-30").status ==
             2);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace sendcheck
