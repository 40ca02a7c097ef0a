// The audit table of the history (schema version 3): append, query by time, Message-ID and
// fingerprint, limits, the migrations of version-1 and version-2 files, and the retention setting
// applied by the first audit write of the host (fixed clock).
#include <sqlite3.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>

#include "sendcheck/error.h"
#include "store/history_schema.h"
#include "store/history_store.h"
#include "test_support.h"
#include "transport/dispatch/context.h"
#include "transport/dispatch/dispatcher.h"

namespace sendcheck {
namespace {

void exec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open(path.c_str(), &db);
  if (rc == SQLITE_OK) rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
  std::string error = rc == SQLITE_OK ? "" : sqlite3_errmsg(db);
  sqlite3_close(db);
  BOOST_TEST_REQUIRE(rc == SQLITE_OK, error);
}

std::int64_t query_int(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* stmt = nullptr;
  std::int64_t value = -1;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW) {
    value = sqlite3_column_int64(stmt, 0);
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return value;
}

// A history file as SendCheck with schema version 1 wrote it, with one message.
void write_version_1(const std::string& path) {
  exec(path, std::string(store::kHistoryMigrations[0]) +
                 "PRAGMA application_id = 1396919089; PRAGMA user_version = 1;"
                 "INSERT INTO messages(message_id, date) VALUES('old@x', 5);");
}

// A history file as SendCheck with schema version 2 wrote it: its DDL as released, one message
// and two audit rows as store/audit_log.cc wrote them then.
void write_version_2(const std::string& path) {
  exec(path, std::string(store::kHistoryMigrations[0]) +
                 R"sql(
CREATE TABLE audit(
  id INTEGER PRIMARY KEY,
  time INTEGER NOT NULL,
  action TEXT NOT NULL,
  verdict TEXT NOT NULL,
  recipient_count INTEGER NOT NULL,
  recipients TEXT NOT NULL,
  attachments TEXT NOT NULL,
  warnings TEXT NOT NULL
);
CREATE INDEX audit_by_time ON audit(time);
PRAGMA application_id = 1396919089; PRAGMA user_version = 2;
INSERT INTO messages(message_id, date) VALUES('old@x', 5);
INSERT INTO audit(time, action, verdict, recipient_count, recipients, attachments, warnings)
  VALUES(100, 'checked', 'confirm', 1, '[{"address":"a@partner.example","class":"external"}]',
         '[{"name":"見積書.pdf","size":120345}]', '["personal-data"]'),
        (160, 'sent', 'confirm', 1, '[{"address":"a@partner.example","class":"external"}]',
         '[{"name":"見積書.pdf","size":120345}]', '["personal-data"]');
)sql");
}

constexpr const char* kSha = "6e92c4d7a955df09c94255ba9ec0a5066e275b157dffa07c02c9d68005341bcb";
constexpr const char* kPrint = "fc34017a5370c8027a0c44c6f8cde780f942e532b12cc1683fbcbb2ccd9dd93e";

AuditEntry entry(std::int64_t time, const std::string& action) {
  AuditEntry e;
  e.time = time;
  e.action = action;
  e.verdict = "confirm";
  e.recipient_count = 1;
  e.recipients = {{"a@partner.example", "external"}};
  e.attachments = {{"見積書.pdf", 120345, ""}};
  e.warnings = {"forgotten-attachment"};
  return e;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(audit_log_test)

BOOST_AUTO_TEST_CASE(entries_come_back_newest_first_as_written) {
  testing::TempDir dir;
  auto store = HistoryStore::open((dir / "h.sqlite3").string());
  store->append_audit(entry(100, "checked"));
  store->append_audit(entry(200, "sent"));
  store->append_audit(entry(200, "cancelled"));
  std::vector<AuditEntry> all = store->query_audit({});
  BOOST_TEST_REQUIRE(all.size() == 3u);
  BOOST_TEST(all[0].action == "cancelled");  // same second: the last appended first
  BOOST_TEST(all[1].action == "sent");
  BOOST_TEST(all[2].action == "checked");
  BOOST_TEST(all[2].time == 100);
  BOOST_TEST(all[2].verdict == "confirm");
  BOOST_TEST(all[2].recipient_count == 1);
  BOOST_TEST_REQUIRE(all[2].recipients.size() == 1u);
  BOOST_TEST(all[2].recipients[0].address == "a@partner.example");
  BOOST_TEST(all[2].recipients[0].klass == "external");
  BOOST_TEST_REQUIRE(all[2].attachments.size() == 1u);
  BOOST_TEST(all[2].attachments[0].name == "見積書.pdf");
  BOOST_TEST(all[2].attachments[0].size == 120345u);
  BOOST_TEST(all[2].warnings == std::vector<std::string>{"forgotten-attachment"});

  AuditQuery window;
  window.since = 150;
  BOOST_TEST(store->query_audit(window).size() == 2u);
  window.since.reset();
  window.until = 150;
  BOOST_TEST(store->query_audit(window).size() == 1u);
  AuditQuery one;
  one.limit = 1;
  BOOST_TEST(store->query_audit(one).size() == 1u);
  one.limit = 0;
  BOOST_TEST(store->query_audit(one).empty());
}

BOOST_AUTO_TEST_CASE(long_lists_and_strings_are_cut) {
  testing::TempDir dir;
  auto store = HistoryStore::open((dir / "h.sqlite3").string());
  AuditEntry big = entry(1, "checked");
  big.recipients.clear();
  for (int i = 0; i < 1500; ++i)
    big.recipients.push_back({"r" + std::to_string(i) + "@x.jp", "external"});
  big.recipient_count = 1500;
  big.attachments.assign(150, {std::string(300, 'a'), 1, ""});
  // 400 bytes of "あ" (3 bytes each): cut on a character boundary.
  std::string long_name;
  for (int i = 0; i < 200; ++i) long_name += "あ";
  big.attachments[0].name = long_name;
  store->append_audit(big);
  AuditEntry read = store->query_audit({})[0];
  BOOST_TEST(read.recipients.size() == HistoryStore::kMaxAuditRecipients);
  BOOST_TEST(read.recipient_count == 1500);
  BOOST_TEST(read.attachments.size() == HistoryStore::kMaxAuditAttachments);
  BOOST_TEST(read.attachments[0].name.size() <= HistoryStore::kMaxAuditText);
  BOOST_TEST(read.attachments[0].name.size() % 3 == 0u);
  BOOST_TEST(long_name.starts_with(read.attachments[0].name));
}

BOOST_AUTO_TEST_CASE(forgetting_history_keeps_the_audit_log) {
  testing::TempDir dir;
  auto store = HistoryStore::open((dir / "h.sqlite3").string());
  store->append_audit(entry(1, "sent"));
  store->forget_all();
  BOOST_TEST(store->query_audit({}).size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_version_1_file_is_migrated_and_keeps_its_data) {
  testing::TempDir dir;
  std::string path = (dir / "h.sqlite3").string();
  write_version_1(path);
  BOOST_TEST(HistoryStore::kSchemaVersion == 4);
  {
    // Read as it is, not migrated: the history is there, the audit log is empty.
    auto reader = HistoryStore::open_read_only(path);
    BOOST_TEST(reader->stats().messages == 1);
    BOOST_TEST(reader->query_audit({}).empty());
  }
  BOOST_TEST(query_int(path, "PRAGMA user_version") == 1);
  {
    auto store = HistoryStore::open(path);
    BOOST_TEST(store->stats().messages == 1);
    store->append_audit(entry(7, "checked"));
    BOOST_TEST(store->query_audit({}).size() == 1u);
  }
  BOOST_TEST(query_int(path, "PRAGMA user_version") == HistoryStore::kSchemaVersion);
  BOOST_TEST(query_int(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'audit'") == 1);
  BOOST_TEST(HistoryStore::open_read_only(path)->query_audit({}).size() == 1u);
}

BOOST_AUTO_TEST_CASE(the_host_reads_a_version_1_file_and_migrates_it_on_the_first_write) {
  testing::TempDir dir;
  std::string path = (dir / "h.sqlite3").string();
  write_version_1(path);
  transport::DispatchOptions options;
  options.history_path = path;
  transport::Context context(options);
  HistoryStore* store = context.history_for_reading();
  BOOST_TEST_REQUIRE(store != nullptr);
  BOOST_TEST(store->stats().messages == 1);
  BOOST_TEST(query_int(path, "PRAGMA user_version") == 1);
  context.history_for_writing().append_audit(entry(3, "checked"));
  BOOST_TEST(query_int(path, "PRAGMA user_version") == HistoryStore::kSchemaVersion);
  BOOST_TEST(context.history_for_reading()->query_audit({}).size() == 1u);
}

BOOST_AUTO_TEST_CASE(the_host_initialises_an_empty_file_it_is_asked_to_read) {
  testing::TempDir dir;
  std::string path = (dir / "h.sqlite3").string();
  { std::ofstream touch(path); }
  transport::DispatchOptions options;
  options.history_path = path;
  transport::Context context(options);
  HistoryStore* store = context.history_for_reading();
  BOOST_TEST_REQUIRE(store != nullptr);
  BOOST_TEST(store->stats().messages == 0);
}

BOOST_AUTO_TEST_CASE(a_missing_file_is_no_history_and_is_not_created_by_reading) {
  testing::TempDir dir;
  transport::DispatchOptions options;
  options.history_path = (dir / "sub" / "h.sqlite3").string();
  transport::Context context(options);
  BOOST_TEST(context.history_for_reading() == nullptr);
  BOOST_TEST(!std::filesystem::exists(dir / "sub"));
  context.history_for_writing().append_audit(entry(1, "checked"));
  BOOST_TEST(std::filesystem::exists(options.history_path));
  BOOST_TEST(context.history_for_reading()->query_audit({}).size() == 1u);
}

BOOST_AUTO_TEST_CASE(version_3_fields_come_back_and_can_be_queried) {
  testing::TempDir dir;
  auto store = HistoryStore::open((dir / "h.sqlite3").string());
  AuditEntry checked = entry(100, "checked");
  checked.fingerprint = kPrint;
  checked.attachments = {{"見積書.pdf", 120345, kSha}, {"b.txt", 1, "not a digest"}};
  checked.personal_data = {{"card-number", 3}, {"my-number", 1}};
  store->append_audit(checked);
  AuditEntry sent = checked;
  sent.time = 130;
  sent.action = "sent";
  sent.message_id = " <a1b2@example.co.jp> ";
  store->append_audit(sent);
  AuditEntry other = entry(140, "sent");
  other.message_id = "zz@example.co.jp";
  other.fingerprint = std::string(kPrint).replace(0, 1, "0");
  store->append_audit(other);

  std::vector<AuditEntry> all = store->query_audit({});
  BOOST_TEST_REQUIRE(all.size() == 3u);
  const AuditEntry& read = all[1];
  BOOST_TEST(read.message_id == "a1b2@example.co.jp");  // without <> and white space
  BOOST_TEST(read.fingerprint == kPrint);
  BOOST_TEST_REQUIRE(read.attachments.size() == 2u);
  BOOST_TEST(read.attachments[0].sha256 == kSha);
  BOOST_TEST(read.attachments[1].sha256 == "");  // not a digest: not kept
  BOOST_TEST_REQUIRE(read.personal_data.size() == 2u);
  BOOST_TEST(read.personal_data[0].kind == "card-number");
  BOOST_TEST(read.personal_data[0].count == 3);
  BOOST_TEST(read.personal_data[1].kind == "my-number");
  BOOST_TEST(read.personal_data[1].count == 1);
  BOOST_TEST(all[2].id < read.id);
  BOOST_TEST(read.id < all[0].id);

  AuditQuery by_id;
  by_id.message_id = "<a1b2@example.co.jp>";
  std::vector<AuditEntry> found = store->query_audit(by_id);
  BOOST_TEST_REQUIRE(found.size() == 1u);
  BOOST_TEST(found[0].time == 130);
  by_id.message_id = "";
  BOOST_TEST(store->query_audit(by_id).empty());

  AuditQuery by_print;
  by_print.fingerprint = kPrint;
  found = store->query_audit(by_print);
  BOOST_TEST_REQUIRE(found.size() == 2u);
  BOOST_TEST(found[0].action == "sent");
  BOOST_TEST(found[1].action == "checked");
  by_print.until = 120;
  BOOST_TEST(store->query_audit(by_print).size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_version_2_file_is_migrated_to_3_and_keeps_its_audit_rows) {
  testing::TempDir dir;
  std::string path = (dir / "h.sqlite3").string();
  write_version_2(path);
  {
    // Read as it is: the rows are there, without the fields of version 3.
    auto reader = HistoryStore::open_read_only(path);
    std::vector<AuditEntry> rows = reader->query_audit({});
    BOOST_TEST_REQUIRE(rows.size() == 2u);
    BOOST_TEST(rows[0].action == "sent");
    BOOST_TEST(rows[0].message_id == "");
    BOOST_TEST(rows[0].fingerprint == "");
    AuditQuery by_id;
    by_id.message_id = "a@b";
    BOOST_TEST(reader->query_audit(by_id).empty());
  }
  BOOST_TEST(query_int(path, "PRAGMA user_version") == 2);
  {
    auto store = HistoryStore::open(path);
    BOOST_TEST(store->stats().messages == 1);
    std::vector<AuditEntry> rows = store->query_audit({});
    BOOST_TEST_REQUIRE(rows.size() == 2u);
    BOOST_TEST(rows[1].time == 100);
    BOOST_TEST(rows[1].action == "checked");
    BOOST_TEST(rows[1].recipients[0].address == "a@partner.example");
    BOOST_TEST(rows[1].attachments[0].name == "見積書.pdf");
    BOOST_TEST(rows[1].attachments[0].size == 120345u);
    BOOST_TEST(rows[1].attachments[0].sha256 == "");
    BOOST_TEST(rows[1].warnings == std::vector<std::string>{"personal-data"});
    BOOST_TEST(rows[1].personal_data.empty());
    AuditEntry sent = entry(200, "sent");
    sent.message_id = "new@x";
    sent.fingerprint = kPrint;
    store->append_audit(sent);
    AuditQuery by_id;
    by_id.message_id = "new@x";
    BOOST_TEST(store->query_audit(by_id).size() == 1u);
  }
  BOOST_TEST(query_int(path, "PRAGMA user_version") == HistoryStore::kSchemaVersion);
  BOOST_TEST(query_int(path, "SELECT count(*) FROM audit") == 3);
  BOOST_TEST(query_int(path,
                       "SELECT count(*) FROM sqlite_schema WHERE name IN "
                       "('audit_by_message_id', 'audit_by_fingerprint')") == 2);
}

// --- Retention (auditRetentionDays), with the host's fixed clock ---

constexpr std::int64_t kNow = 1717000000;
constexpr std::int64_t kDay = 86400;

struct RetentionFixture {
  explicit RetentionFixture(const std::string& settings_json) {
    std::ofstream(dir / "settings.json") << settings_json;
    std::ofstream(dir / "policy.json") << "{}";
    std::unique_ptr<HistoryStore> store = HistoryStore::open(path());
    store->append_audit(entry(kNow - 400 * kDay, "sent"));
    store->append_audit(entry(kNow - 40 * kDay, "checked"));
    store->append_audit(entry(kNow - 2 * kDay, "checked"));
  }
  transport::DispatchOptions options() const {
    transport::DispatchOptions out;
    out.history_path = path();
    out.config_path = (dir / "settings.json").string();
    out.policy_path = (dir / "policy.json").string();
    out.now = [] { return kNow; };
    return out;
  }
  std::string path() const { return (dir / "h.sqlite3").string(); }
  std::vector<std::int64_t> times() const {
    std::vector<std::int64_t> out;
    for (const AuditEntry& e : HistoryStore::open_read_only(path())->query_audit({})) {
      out.push_back(e.time);
    }
    return out;
  }
  nlohmann::json check(transport::Dispatcher& dispatcher) const {
    return dispatcher.handle(nlohmann::json::parse(
        R"({"id": 1, "type": "check", "draft": {"from": "taro@example.co.jp",
            "to": ["suzuki@partner.example"]}})"));
  }
  testing::TempDir dir;
};

BOOST_AUTO_TEST_CASE(the_first_audit_write_prunes_entries_older_than_the_retention) {
  RetentionFixture f(R"({"auditRetentionDays": 30})");
  transport::Dispatcher dispatcher(f.options());
  BOOST_TEST_REQUIRE(f.check(dispatcher)["ok"] == true);
  BOOST_TEST(f.times() == (std::vector<std::int64_t>{kNow, kNow - 2 * kDay}));

  // Once per store: an old entry added behind its back stays until the next process.
  HistoryStore::open(f.path())->append_audit(entry(kNow - 50 * kDay, "checked"));
  BOOST_TEST_REQUIRE(f.check(dispatcher)["ok"] == true);
  BOOST_TEST(f.times().size() == 4u);
  transport::Dispatcher next_process(f.options());
  BOOST_TEST_REQUIRE(f.check(next_process)["ok"] == true);
  BOOST_TEST(f.times() == (std::vector<std::int64_t>{kNow, kNow, kNow, kNow - 2 * kDay}));
}

BOOST_AUTO_TEST_CASE(the_default_retention_is_365_days) {
  RetentionFixture f("{}");
  transport::Dispatcher dispatcher(f.options());
  BOOST_TEST_REQUIRE(f.check(dispatcher)["ok"] == true);
  BOOST_TEST(f.times() == (std::vector<std::int64_t>{kNow, kNow - 2 * kDay, kNow - 40 * kDay}));
}

BOOST_AUTO_TEST_CASE(a_retention_of_0_days_keeps_every_entry) {
  RetentionFixture f(R"({"auditRetentionDays": 0})");
  transport::Dispatcher dispatcher(f.options());
  BOOST_TEST_REQUIRE(f.check(dispatcher)["ok"] == true);
  BOOST_TEST(f.times().size() == 4u);
}

BOOST_AUTO_TEST_CASE(record_sent_also_applies_the_retention) {
  RetentionFixture f(R"({"auditRetentionDays": 10})");
  transport::Dispatcher dispatcher(f.options());
  nlohmann::json reply = dispatcher.handle(nlohmann::json::parse(
      R"({"id": 2, "type": "record-sent", "messageId": "<m1@example.co.jp>",
          "draft": {"from": "taro@example.co.jp", "to": ["suzuki@partner.example"]}})"));
  BOOST_TEST_REQUIRE(reply["ok"] == true, reply.dump());
  BOOST_TEST(f.times() == (std::vector<std::int64_t>{kNow, kNow - 2 * kDay}));
  AuditQuery by_id;
  by_id.message_id = "m1@example.co.jp";
  std::vector<AuditEntry> sent = HistoryStore::open_read_only(f.path())->query_audit(by_id);
  BOOST_TEST_REQUIRE(sent.size() == 1u);
  BOOST_TEST(sent[0].action == "sent");
  BOOST_TEST(sent[0].fingerprint.size() == 64u);

  // audit.query by Message-ID: only that mail's entry, with its Message-ID.
  nlohmann::json found = dispatcher.handle(nlohmann::json::parse(
      R"({"id": 3, "type": "audit.query", "messageId": "<m1@example.co.jp>"})"));
  BOOST_TEST_REQUIRE(found["ok"] == true, found.dump());
  BOOST_TEST_REQUIRE(found["result"]["entries"].size() == 1u);
  BOOST_TEST(found["result"]["entries"][0]["messageId"] == "m1@example.co.jp");
  BOOST_TEST(found["result"]["entries"][0]["action"] == "sent");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace sendcheck
