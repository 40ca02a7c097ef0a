// HistoryStore and its file: modes, schema version, foreign files, several writers.
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "sendcheck/error.h"
#include "store/history_store.h"
#include "store_test_util.h"
#include "test_support.h"

namespace sendcheck {
namespace {

using testing::message;
using testing::recipient;

auto has_code(const std::string& code) {
  return [code](const Error& error) { return error.code() == code; };
}

int mode_of(const std::filesystem::path& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return -1;
  return static_cast<int>(info.st_mode & 07777);
}

// Sets the umask for one test and restores it afterwards.
class UmaskGuard {
 public:
  explicit UmaskGuard(mode_t mask) : old_(::umask(mask)) {}
  ~UmaskGuard() { ::umask(old_); }

 private:
  mode_t old_;
};

void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(history_file_test)

BOOST_AUTO_TEST_CASE(file_is_0600_and_folders_0700) {
  UmaskGuard umask_guard(022);
  testing::TempDir dir;
  auto path = dir / "data" / "sendcheck" / "history.sqlite3";
  auto store = HistoryStore::open(path.string());
  store->add_sent(message("m@x", 100, {recipient("a@example.jp")}));

  BOOST_TEST(mode_of(path) == 0600);
  // While the store is open SQLite keeps its WAL and shared-memory files beside the database.
  BOOST_REQUIRE(std::filesystem::exists(path.string() + "-wal"));
  BOOST_TEST(mode_of(path.string() + "-wal") == 0600);
  BOOST_REQUIRE(std::filesystem::exists(path.string() + "-shm"));
  BOOST_TEST(mode_of(path.string() + "-shm") == 0600);
  BOOST_TEST(mode_of(dir / "data" / "sendcheck") == 0700);
  BOOST_TEST(mode_of(dir / "data") == 0700);
}

BOOST_AUTO_TEST_CASE(existing_folder_keeps_its_mode) {
  UmaskGuard umask_guard(022);
  testing::TempDir dir;
  std::filesystem::create_directory(dir / "shared");
  std::filesystem::permissions(dir / "shared", std::filesystem::perms(0755));
  auto store = HistoryStore::open((dir / "shared" / "history.sqlite3").string());
  BOOST_TEST(mode_of(dir / "shared") == 0755);
  BOOST_TEST(mode_of(dir / "shared" / "history.sqlite3") == 0600);
}

BOOST_AUTO_TEST_CASE(new_file_has_schema_version_and_application_id) {
  testing::TempDir dir;
  std::string path = (dir / "history.sqlite3").string();
  HistoryStore::open(path).reset();
  BOOST_TEST(testing::raw_int(path, "PRAGMA user_version") == HistoryStore::kSchemaVersion);
  BOOST_TEST(testing::raw_int(path, "PRAGMA application_id") == 0x53434B31);
  BOOST_TEST(testing::raw_int(path,
                              "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN "
                              "('messages', 'addresses', 'address_names', 'domains', 'pairs', "
                              "'self')") == 6);
  BOOST_TEST(testing::raw_int(path, "SELECT journal_mode = 'wal' FROM pragma_journal_mode") == 1);
  // Reopening an up-to-date file changes nothing and keeps the data.
  auto store = HistoryStore::open(path);
  store->add_sent(message("m@x", 100, {recipient("a@example.jp")}));
  store.reset();
  BOOST_TEST(HistoryStore::open(path)->stats().messages == 1);
  BOOST_TEST(testing::raw_int(path, "PRAGMA user_version") == HistoryStore::kSchemaVersion);
}

BOOST_AUTO_TEST_CASE(empty_file_is_initialised) {
  testing::TempDir dir;
  auto path = dir / "history.sqlite3";
  write_text(path, "");
  auto store = HistoryStore::open(path.string());
  BOOST_TEST(store->add_sent(message("m@x", 100, {recipient("a@example.jp")})));
  BOOST_TEST(testing::raw_int(path.string(), "PRAGMA user_version") ==
             HistoryStore::kSchemaVersion);
}

BOOST_AUTO_TEST_CASE(foreign_application_id_is_corrupt) {
  testing::TempDir dir;
  std::string path = (dir / "other.sqlite3").string();
  testing::raw_exec(path, "PRAGMA application_id = 1234; CREATE TABLE t(x);");
  BOOST_CHECK_EXCEPTION(HistoryStore::open(path), Error, has_code("history.corrupt"));
  BOOST_CHECK_EXCEPTION(HistoryStore::open_read_only(path), Error, has_code("history.corrupt"));
  // The foreign file is left as it was.
  BOOST_TEST(testing::raw_int(path, "PRAGMA application_id") == 1234);
  BOOST_TEST(testing::raw_int(path, "PRAGMA user_version") == 0);
  BOOST_TEST(testing::raw_int(path, "SELECT count(*) FROM sqlite_schema") == 1);
  BOOST_TEST(testing::raw_int(path, "SELECT journal_mode = 'delete' FROM pragma_journal_mode") ==
             1);
}

BOOST_AUTO_TEST_CASE(foreign_database_without_application_id_is_corrupt) {
  testing::TempDir dir;
  std::string path = (dir / "other.sqlite3").string();
  testing::raw_exec(path, "CREATE TABLE messages(x);");
  BOOST_CHECK_EXCEPTION(HistoryStore::open(path), Error, has_code("history.corrupt"));
}

BOOST_AUTO_TEST_CASE(missing_table_is_corrupt) {
  testing::TempDir dir;
  std::string path = (dir / "history.sqlite3").string();
  HistoryStore::open(path).reset();
  testing::raw_exec(path, "DROP TABLE pairs");
  BOOST_CHECK_EXCEPTION(HistoryStore::open(path), Error, has_code("history.corrupt"));
  BOOST_CHECK_EXCEPTION(HistoryStore::open_read_only(path), Error, has_code("history.corrupt"));
}

BOOST_AUTO_TEST_CASE(text_file_is_corrupt) {
  testing::TempDir dir;
  auto path = dir / "history.sqlite3";
  std::string text = "This is not a database.\nJust some text written by someone else.\n";
  write_text(path, text);
  BOOST_CHECK_EXCEPTION(HistoryStore::open(path.string()), Error, has_code("history.corrupt"));
  BOOST_CHECK_EXCEPTION(HistoryStore::open_read_only(path.string()), Error,
                        has_code("history.corrupt"));
  BOOST_TEST(testing::read_file(path) == text);
}

BOOST_AUTO_TEST_CASE(newer_schema_is_too_new) {
  testing::TempDir dir;
  std::string path = (dir / "history.sqlite3").string();
  HistoryStore::open(path).reset();
  testing::raw_exec(path, "PRAGMA user_version = 99");
  BOOST_CHECK_EXCEPTION(HistoryStore::open(path), Error, has_code("history.too-new"));
  BOOST_CHECK_EXCEPTION(HistoryStore::open_read_only(path), Error, has_code("history.too-new"));
  BOOST_TEST(testing::raw_int(path, "PRAGMA user_version") == 99);
}

BOOST_AUTO_TEST_CASE(read_only_missing_file_is_open_failed) {
  testing::TempDir dir;
  std::string path = (dir / "missing" / "history.sqlite3").string();
  try {
    HistoryStore::open_read_only(path);
    BOOST_FAIL("open_read_only of a missing file did not throw");
  } catch (const Error& error) {
    BOOST_TEST(error.code() == "history.open-failed");
    BOOST_TEST(std::string(error.what()).find(path) != std::string::npos);
  }
  BOOST_TEST(!std::filesystem::exists(dir / "missing"));
}

BOOST_AUTO_TEST_CASE(read_only_empty_file_is_open_failed) {
  testing::TempDir dir;
  auto path = dir / "history.sqlite3";
  write_text(path, "");
  BOOST_CHECK_EXCEPTION(HistoryStore::open_read_only(path.string()), Error,
                        has_code("history.open-failed"));
}

BOOST_AUTO_TEST_CASE(unwritable_place_is_open_failed) {
  testing::TempDir dir;
  auto folder = dir / "folder";
  std::filesystem::create_directory(folder);
  // A folder where the file should be.
  BOOST_CHECK_EXCEPTION(HistoryStore::open(folder.string()), Error,
                        has_code("history.open-failed"));
  // A file where a folder should be.
  write_text(dir / "file", "x");
  BOOST_CHECK_EXCEPTION(HistoryStore::open((dir / "file" / "history.sqlite3").string()), Error,
                        has_code("history.open-failed"));
  BOOST_CHECK_EXCEPTION(HistoryStore::open(""), Error, has_code("history.open-failed"));
}

BOOST_AUTO_TEST_CASE(two_stores_on_one_file_both_count) {
  testing::TempDir dir;
  std::string path = (dir / "history.sqlite3").string();
  auto first = HistoryStore::open(path);
  auto second = HistoryStore::open(path);
  BOOST_TEST(first->add_sent(message("1@x", 100, {recipient("a@example.jp")})));
  BOOST_TEST(second->add_sent(message("2@x", 200, {recipient("a@example.jp")})));
  BOOST_TEST(first->add_sent(message("3@x", 300, {recipient("a@example.jp")})));
  BOOST_TEST(!second->add_sent(message("3@x", 300, {recipient("a@example.jp")})));
  BOOST_TEST(second->add_sent(message("4@x", 400, {recipient("b@example.jp")})));
  for (const auto* store : {first.get(), second.get()}) {
    BOOST_TEST(store->stats().messages == 4);
    BOOST_TEST(store->find_address("a@example.jp")->count == 3);
    BOOST_TEST(store->find_address("a@example.jp")->last_sent == 300);
    BOOST_TEST(store->find_domain("example.jp")->count == 4);
  }
}

// Like Thunderbird starting one host per message: processes create, migrate and write one new
// file at the same time; no record is lost.
BOOST_AUTO_TEST_CASE(concurrent_processes_lose_nothing) {
  testing::TempDir dir;
  std::string path = (dir / "history.sqlite3").string();
  constexpr int kProcesses = 4;
  constexpr int kMessages = 50;
  pid_t children[kProcesses];
  for (int p = 0; p < kProcesses; ++p) {
    pid_t pid = ::fork();
    BOOST_REQUIRE(pid >= 0);
    if (pid == 0) {
      int status = 0;
      try {
        auto store = HistoryStore::open(path);
        for (int i = 0; i < kMessages; ++i) {
          std::string id = std::to_string(p) + "-" + std::to_string(i) + "@x";
          if (!store->add_sent(message(id, 1000 + i,
                                       {recipient("shared@example.jp"),
                                        recipient("p" + std::to_string(p) + "@example.jp")}))) {
            status = 2;
          }
        }
      } catch (const std::exception& error) {
        std::fprintf(stderr, "process %d: %s\n", p, error.what());
        status = 1;
      }
      ::_exit(status);
    }
    children[p] = pid;
  }
  for (pid_t pid : children) {
    int status = -1;
    BOOST_REQUIRE(::waitpid(pid, &status, 0) == pid);
    BOOST_TEST(WIFEXITED(status));
    BOOST_TEST(WEXITSTATUS(status) == 0);
  }
  auto store = HistoryStore::open(path);
  HistoryStats stats = store->stats();
  BOOST_TEST(stats.messages == kProcesses * kMessages);
  BOOST_TEST(stats.addresses == kProcesses + 1);
  BOOST_TEST(stats.pairs == kProcesses);
  BOOST_TEST(store->find_address("shared@example.jp")->count == kProcesses * kMessages);
  BOOST_TEST(store->pair_count("p0@example.jp", "shared@example.jp") == kMessages);
}

// A writer that waits longer than the busy timeout (5 s) gets history.busy, and writes nothing.
BOOST_AUTO_TEST_CASE(busy_beyond_timeout_is_history_busy) {
  testing::TempDir dir;
  std::string path = (dir / "history.sqlite3").string();
  auto holder = HistoryStore::open(path);
  auto waiter = HistoryStore::open(path);
  holder->begin_batch();
  holder->add_sent(message("held@x", 100, {recipient("a@example.jp")}));
  BOOST_CHECK_EXCEPTION(waiter->add_sent(message("waiting@x", 200, {recipient("b@example.jp")})),
                        Error, has_code("history.busy"));
  holder->commit();
  BOOST_TEST(waiter->add_sent(message("waiting@x", 200, {recipient("b@example.jp")})));
  BOOST_TEST(waiter->stats().messages == 2);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace sendcheck
