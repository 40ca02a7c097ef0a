// The audit table of the history (schema version 2): append, query by time, limits, and the
// migration of a version-1 file.
#include <sqlite3.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>

#include "sendcheck/error.h"
#include "sendcheck/history.h"
#include "store/history_schema.h"
#include "test_support.h"
#include "transport/dispatch/context.h"

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

AuditEntry entry(std::int64_t time, const std::string& action) {
  AuditEntry e;
  e.time = time;
  e.action = action;
  e.verdict = "confirm";
  e.recipient_count = 1;
  e.recipients = {{"a@partner.example", "external"}};
  e.attachments = {{"見積書.pdf", 120345}};
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
  big.attachments.assign(150, {std::string(300, 'a'), 1});
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
  BOOST_TEST(HistoryStore::kSchemaVersion == 2);
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
  BOOST_TEST(query_int(path, "PRAGMA user_version") == 2);
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
  BOOST_TEST(query_int(path, "PRAGMA user_version") == 2);
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

BOOST_AUTO_TEST_SUITE_END()

}  // namespace sendcheck
