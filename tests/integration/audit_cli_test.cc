// `sendcheck audit list|export|prune` and `sendcheck incident` on an audit log written through
// HistoryStore: exact table, CSV and JSON output, time filters, pruning and the incident report.
#include <sys/wait.h>

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_audit.h"
#include "store/history_store.h"
#include "test_support.h"

namespace sendcheck {
namespace {

using nlohmann::json;

using Result = testing::CommandResult;

// The real binary with a clean environment and SENDCHECK_DB in `dir`.
Result run(const std::string& args, const testing::TempDir& dir) {
  return testing::run_sendcheck(args, dir, "SENDCHECK_DB=" + (dir / "h.sqlite3").string());
}

// An entry with the fields of schema version 2 (no Message-ID, fingerprint or counts).
AuditEntry entry(std::int64_t time, std::string action, std::string verdict, std::int64_t count,
                 std::vector<AuditRecipient> recipients, std::vector<AuditAttachment> attachments,
                 std::vector<std::string> warnings) {
  AuditEntry e;
  e.time = time;
  e.action = std::move(action);
  e.verdict = std::move(verdict);
  e.recipient_count = count;
  e.recipients = std::move(recipients);
  e.attachments = std::move(attachments);
  e.warnings = std::move(warnings);
  return e;
}

// A scripted series: an old check, then a check and a send of a mail to two outside
// organisations (and a colleague) with an attachment, then a cancelled draft.
void write_series(const testing::TempDir& dir) {
  std::unique_ptr<HistoryStore> store = HistoryStore::open((dir / "h.sqlite3").string());
  std::vector<AuditRecipient> recipients = {{"suzuki@partner.co.jp", "external"},
                                            {"tanaka@sales.partner.co.jp", "external"},
                                            {"kim@othercorp.com", "freemail"},
                                            {"hanako@example.co.jp", "internal"}};
  store->append_audit(
      entry(1716000000, "checked", "send", 1, {{"hanako@example.co.jp", "internal"}}, {}, {}));
  store->append_audit(entry(1717000000, "checked", "confirm", 4, recipients,
                            {{"顧客一覧.xlsx", 20480, ""}},
                            {"personal-data", "first-time-domain"}));
  store->append_audit(entry(1717000060, "sent", "confirm", 5, recipients,
                            {{"顧客一覧.xlsx", 20480, ""}},
                            {"personal-data", "first-time-domain"}));
  store->append_audit(entry(1717003600, "cancelled", "block", 1, {{"x@elsewhere.com", "external"}},
                            {{"a,b \"q\".txt", 5, ""}}, {}));
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(audit_cli_test)

BOOST_AUTO_TEST_CASE(times_are_unix_seconds_or_iso_8601) {
  BOOST_TEST(*parse_audit_time("1717000000", false) == 1717000000);
  BOOST_TEST(*parse_audit_time("2024-05-29", false) == 1716940800);
  BOOST_TEST(*parse_audit_time("2024-05-29", true) == 1716940800 + 86399);
  BOOST_TEST(*parse_audit_time("2024-05-29T16:26:40Z", false) == 1717000000);
  BOOST_TEST(*parse_audit_time("2024-05-30T01:26:40+09:00", false) == 1717000000);
  BOOST_TEST(*parse_audit_time("2024-05-29T16:26", true) == 1716999960);
  BOOST_TEST(!parse_audit_time("yesterday", false));
  BOOST_TEST(!parse_audit_time("2024-13-01", false));
  BOOST_TEST(!parse_audit_time("2024-05-29T16:26:40+0900", false));
}

BOOST_AUTO_TEST_CASE(list_prints_a_table_oldest_first_within_the_range) {
  testing::TempDir dir;
  write_series(dir);
  Result all = run("audit list", dir);
  BOOST_TEST_REQUIRE(all.status == 0, all.err);
  BOOST_TEST(has(all.out,
                 "2024-05-18T02:40:00Z  checked    send     -             hanako@example.co.jp "
                 "(internal) | - | -\n"),
             all.out);
  BOOST_TEST(has(all.out, "4 entries\n"), all.out);

  Result day = run("audit list --since 2024-05-29 --until 2024-05-29T17:00:00Z", dir);
  BOOST_TEST_REQUIRE(day.status == 0, day.err);
  std::string expected =
      "TIME                  ACTION     VERDICT  DRAFT         RECIPIENTS | ATTACHMENTS | "
      "MESSAGE-ID\n"
      "2024-05-29T16:26:40Z  checked    confirm  -             suzuki@partner.co.jp (external); "
      "tanaka@sales.partner.co.jp (external); kim@othercorp.com (freemail); "
      "hanako@example.co.jp (internal) | 顧客一覧.xlsx (20480 bytes) | -\n"
      "2024-05-29T16:27:40Z  sent       confirm  -             suzuki@partner.co.jp (external); "
      "tanaka@sales.partner.co.jp (external); kim@othercorp.com (freemail); "
      "hanako@example.co.jp (internal); +1 not listed | 顧客一覧.xlsx (20480 bytes) | -\n"
      "2 entries\n";
  BOOST_TEST(day.out == expected);

  Result unix_range = run("audit list --since 1717003600 --until 1717003600", dir);
  BOOST_TEST((has(unix_range.out, "cancelled") && has(unix_range.out, "1 entry\n")),
             unix_range.out);

  Result bad = run("audit list --since someday", dir);
  BOOST_TEST(bad.status == 2);
  BOOST_TEST(has(bad.err, "--since: not a time"), bad.err);
}

BOOST_AUTO_TEST_CASE(export_csv_has_a_header_and_rfc4180_quoting) {
  testing::TempDir dir;
  write_series(dir);
  Result csv = run("audit export --since 1717000060 --until 2024-05-29 --format csv", dir);
  BOOST_TEST_REQUIRE(csv.status == 0, csv.err);
  std::string expected =
      "time,unix_time,action,verdict,recipient_count,recipients,attachments,warnings,"
      "personal_data,message_id,fingerprint\r\n"
      "2024-05-29T16:27:40Z,1717000060,sent,confirm,5,suzuki@partner.co.jp (external); "
      "tanaka@sales.partner.co.jp (external); kim@othercorp.com (freemail); "
      "hanako@example.co.jp (internal); +1 not listed,顧客一覧.xlsx (20480 bytes),"
      "personal-data;first-time-domain,,,\r\n"
      "2024-05-29T17:26:40Z,1717003600,cancelled,block,1,x@elsewhere.com (external),"
      "\"a,b \"\"q\"\".txt (5 bytes)\",,,,\r\n";
  BOOST_TEST(csv.out == expected);
}

BOOST_AUTO_TEST_CASE(export_json_is_an_array_of_entries) {
  testing::TempDir dir;
  write_series(dir);
  Result out = run("audit export --since 2024-05-29 --until 2024-05-29 --format json", dir);
  BOOST_TEST_REQUIRE(out.status == 0, out.err);
  json entries = json::parse(out.out);
  BOOST_TEST_REQUIRE(entries.size() == 3u);
  BOOST_TEST(entries[0]["time"] == 1717000000);
  BOOST_TEST(entries[0]["timeIso"] == "2024-05-29T16:26:40Z");
  BOOST_TEST(entries[1]["action"] == "sent");
  BOOST_TEST(entries[1]["recipientCount"] == 5);
  BOOST_TEST(entries[1]["recipients"][2] ==
             (json{{"address", "kim@othercorp.com"}, {"class", "freemail"}}));
  // The shape of audit.query (store/audit_json.h): what is not known is absent.
  BOOST_TEST(entries[1]["attachments"] ==
             json::parse(R"([{"name": "顧客一覧.xlsx", "size": 20480}])"));
  BOOST_TEST(!entries[1].contains("messageId"));
  BOOST_TEST(!entries[1].contains("fingerprint"));
  BOOST_TEST(!entries[1].contains("personalData"));
  BOOST_TEST(entries[1]["warnings"] == json::parse(R"(["personal-data", "first-time-domain"])"));
  BOOST_TEST(entries[2]["verdict"] == "block");
}

BOOST_AUTO_TEST_CASE(prune_deletes_only_entries_older_than_the_days) {
  testing::TempDir dir;
  std::int64_t now = std::time(nullptr);
  {
    std::unique_ptr<HistoryStore> store = HistoryStore::open((dir / "h.sqlite3").string());
    store->append_audit(entry(now - 40 * 86400, "sent", "send", 0, {}, {}, {}));
    store->append_audit(entry(now - 31 * 86400, "checked", "send", 0, {}, {}, {}));
    store->append_audit(entry(now - 2 * 86400, "checked", "send", 0, {}, {}, {}));
  }
  Result pruned = run("audit prune --older-than 30", dir);
  BOOST_TEST_REQUIRE(pruned.status == 0, pruned.err);
  BOOST_TEST(has(pruned.out, "Deleted 2 audit entries"), pruned.out);
  Result left = run("audit export --format json", dir);
  json entries = json::parse(left.out);
  BOOST_TEST_REQUIRE(entries.size() == 1u);
  BOOST_TEST(entries[0]["time"] == now - 2 * 86400);
  BOOST_TEST(run("audit prune --older-than 3x", dir).status == 2);
}

BOOST_AUTO_TEST_CASE(prune_without_older_than_uses_the_retention_setting) {
  testing::TempDir dir;
  std::int64_t now = std::time(nullptr);
  {
    std::unique_ptr<HistoryStore> store = HistoryStore::open((dir / "h.sqlite3").string());
    store->append_audit(entry(now - 400 * 86400, "sent", "send", 0, {}, {}, {}));
    store->append_audit(entry(now - 40 * 86400, "checked", "send", 0, {}, {}, {}));
    store->append_audit(entry(now - 2 * 86400, "checked", "send", 0, {}, {}, {}));
  }
  auto prune = [&](const std::string& settings) {
    std::ofstream(dir / "settings.json") << settings;
    std::ofstream(dir / "policy.json") << "{}";
    return testing::run_sendcheck("audit prune", dir,
                                  "SENDCHECK_DB=" + (dir / "h.sqlite3").string() +
                                      " SENDCHECK_CONFIG=" + (dir / "settings.json").string() +
                                      " SENDCHECK_POLICY=" + (dir / "policy.json").string());
  };
  Result keep = prune(R"({"auditRetentionDays": 0})");
  BOOST_TEST_REQUIRE(keep.status == 0, keep.err);
  BOOST_TEST(keep.out == "auditRetentionDays is 0 (keep forever): nothing deleted\n");
  Result by_default = prune("{}");  // 365 days
  BOOST_TEST_REQUIRE(by_default.status == 0, by_default.err);
  BOOST_TEST(has(by_default.out, "Deleted 1 audit entry older than"), by_default.out);
  Result thirty = prune(R"({"auditRetentionDays": 30})");
  BOOST_TEST_REQUIRE(thirty.status == 0, thirty.err);
  BOOST_TEST(has(thirty.out, "Deleted 1 audit entry older than"), thirty.out);
  json entries = json::parse(run("audit export --format json", dir).out);
  BOOST_TEST_REQUIRE(entries.size() == 1u);
  BOOST_TEST(entries[0]["time"] == now - 2 * 86400);
}

BOOST_AUTO_TEST_CASE(incident_json_groups_external_recipients_by_organisation) {
  testing::TempDir dir;
  write_series(dir);
  Result out =
      run("incident --since 2024-05-29T16:00:00Z --until 2024-05-29T16:59:59Z "
          "--format json",
          dir);
  BOOST_TEST_REQUIRE(out.status == 0, out.err);
  json report = json::parse(out.out);
  BOOST_TEST(report["sends"] == 1);
  BOOST_TEST(report["externalRecipientCount"] == 3);
  BOOST_TEST(report["internalRecipientCount"] == 1);
  BOOST_TEST(report["unlistedRecipientCount"] == 1);
  json organisations = report["externalOrganisations"];
  BOOST_TEST_REQUIRE(organisations.size() == 2u);
  BOOST_TEST(organisations[0]["organisation"] == "othercorp.com");
  BOOST_TEST(organisations[0]["count"] == 1);
  BOOST_TEST(organisations[1]["organisation"] == "partner.co.jp");
  BOOST_TEST(organisations[1]["count"] == 2);
  BOOST_TEST(report["attachments"] == json::parse(R"([{"name": "顧客一覧.xlsx", "size": 20480}])"));
  BOOST_TEST(report["warnings"] == json::parse(R"([
    {"code": "first-time-domain", "personalData": false, "entries": 2, "items": null},
    {"code": "personal-data", "personalData": true, "entries": 2, "items": null}])"));
  json timeline = report["timeline"];
  BOOST_TEST_REQUIRE(timeline.size() == 2u);
  BOOST_TEST(timeline[0]["action"] == "checked");
  BOOST_TEST(timeline[1]["action"] == "sent");
  BOOST_TEST(timeline[1]["timeIso"] == "2024-05-29T16:27:40Z");
}

BOOST_AUTO_TEST_CASE(incident_markdown_in_english_and_japanese) {
  testing::TempDir dir;
  write_series(dir);
  std::string range = "--since 2024-05-29 --until 2024-05-29";
  Result en = run("incident " + range, dir);
  BOOST_TEST_REQUIRE(en.status == 0, en.err);
  BOOST_TEST(has(en.out, "# Incident report\n"), en.out);
  BOOST_TEST(has(en.out, "Audit entries: 3; sends: 1\n"), en.out);
  BOOST_TEST(has(en.out, "External recipients: 3 at 2 organisation(s)\nInternal recipients: 1\n"),
             en.out);
  BOOST_TEST(has(en.out,
                 "| partner.co.jp | 2 | suzuki@partner.co.jp (external), "
                 "tanaka@sales.partner.co.jp (external) |\n"),
             en.out);
  BOOST_TEST(has(en.out, "| othercorp.com | 1 | kim@othercorp.com (freemail) |\n"), en.out);
  BOOST_TEST(has(en.out, "| 顧客一覧.xlsx | 20480 | not recorded |\n"), en.out);
  BOOST_TEST(has(en.out, "| personal-data | yes | 2 | - |\n"), en.out);
  BOOST_TEST(has(en.out,
                 "| 2024-05-29T16:27:40Z | sent | confirm | 5 | personal-data, "
                 "first-time-domain |\n"),
             en.out);
  BOOST_TEST(has(en.out, "| 2024-05-29T17:26:40Z | cancelled | block | 1 | - |\n"), en.out);
  BOOST_TEST(!has(en.out, "2024-05-18"), en.out);

  Result ja = run("incident " + range + " --locale ja", dir);
  BOOST_TEST_REQUIRE(ja.status == 0, ja.err);
  BOOST_TEST(has(ja.out, "# インシデント報告 (Incident report)\n"), ja.out);
  BOOST_TEST(has(ja.out, "## 受信者 (Recipients)\n"), ja.out);
  BOOST_TEST(has(ja.out, "## 操作の経過 (Timeline of decisions)\n"), ja.out);

  // Entries of schema version 2 (as written here) have no Message-ID.
  Result by_id = run("incident --message-id a1b2@example.co.jp", dir);
  BOOST_TEST(by_id.status == 1);
  BOOST_TEST(has(by_id.err, "audit.unknown-message-id"), by_id.err);
  BOOST_TEST(run("incident", dir).status == 2);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace sendcheck
