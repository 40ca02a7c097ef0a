// Several real `sendcheck-host` processes writing one history at the same time, as Thunderbird
// does when it starts one host per message (DESIGN.md §6: "concurrent host processes never lose a
// record-sent"; issue 7 "Concurrency").
#include <sqlite3.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "integration/host_process.h"
#include "test_support.h"

namespace sendcheck {
namespace {

using nlohmann::json;

constexpr int kProcesses = 16;
constexpr int kSendsPerProcess = 100;

// The first column of the first row of `sql` on the history file (a read-only connection of its
// own), as text.
std::string query_text(const std::filesystem::path& db, const std::string& sql) {
  sqlite3* handle = nullptr;
  int rc = sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr);
  std::unique_ptr<sqlite3, decltype(&sqlite3_close)> guard(handle, &sqlite3_close);
  if (rc != SQLITE_OK) throw std::runtime_error("cannot open " + db.string());
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(handle, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    throw std::runtime_error(std::string("cannot prepare: ") + sqlite3_errmsg(handle));
  }
  std::string value = "(no row)";
  if (sqlite3_step(stmt) == SQLITE_ROW) {
    const unsigned char* text = sqlite3_column_text(stmt, 0);
    value = text != nullptr ? reinterpret_cast<const char*>(text) : "(null)";
  }
  sqlite3_finalize(stmt);
  return value;
}

std::int64_t query_count(const std::filesystem::path& db, const std::string& sql) {
  return std::stoll(query_text(db, sql));
}

// The record-sent of send `n` of process `p`: a recipient every send shares (its count must end
// at exactly 1600) and one of the process's own.
json record_sent(int p, int n) {
  std::string id = "p" + std::to_string(p) + "-n" + std::to_string(n);
  json draft = {{"from", "Taro <taro@example.co.jp>"},
                {"to",
                 {"Common <common@partner.example>",
                  "client" + std::to_string(p) + "@client" + std::to_string(p) + ".example"}},
                {"subject", "s"},
                {"body", "b"}};
  return json{{"id", id},
              {"type", "record-sent"},
              {"messageId", "<" + id + "@example.co.jp>"},
              {"date", 1717000000 + n},
              {"draft", draft}};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(concurrency_test)

BOOST_AUTO_TEST_CASE(sixteen_hosts_recording_a_hundred_sends_each_lose_none) {
  testing::TempDir dir;
  std::filesystem::path db = dir / "history.sqlite3";
  // All processes are started before any request is written: the first requests race to create
  // the file and its schema, and every later one to write it.
  std::vector<std::unique_ptr<testing::HostProcess>> hosts;
  for (int p = 0; p < kProcesses; ++p) {
    hosts.push_back(
        std::make_unique<testing::HostProcess>(testing::host_env(dir.path(), db), dir.path(),
                                               dir / ("stderr-" + std::to_string(p) + ".txt")));
  }
  auto started = std::chrono::steady_clock::now();
  // 100 frames of ~400 bytes fit in a pipe: each host gets all its requests at once and works
  // through them while the 15 others do the same.
  for (int p = 0; p < kProcesses; ++p) {
    std::string all;
    for (int n = 0; n < kSendsPerProcess; ++n) all += testing::make_frame(record_sent(p, n));
    BOOST_TEST_REQUIRE(all.size() < 60000u);
    BOOST_TEST_REQUIRE(hosts[p]->write(all));
  }
  int ok = 0;
  std::vector<std::string> failures;
  for (int p = 0; p < kProcesses; ++p) {
    for (int n = 0; n < kSendsPerProcess; ++n) {
      json reply = hosts[p]->reply();
      bool right = reply["id"] == "p" + std::to_string(p) + "-n" + std::to_string(n) &&
                   reply["ok"] == true && reply["result"] == json({{"recorded", true}});
      if (right) {
        ++ok;
      } else if (failures.size() < 5) {
        failures.push_back(reply.dump());
      }
    }
    BOOST_TEST(hosts[p]->finish() == 0);
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  BOOST_TEST_MESSAGE("1600 concurrent record-sent in " << seconds << " s");
  for (const std::string& failure : failures) BOOST_TEST_MESSAGE("failed reply: " << failure);
  BOOST_TEST(ok == kProcesses * kSendsPerProcess);

  BOOST_TEST(query_text(db, "PRAGMA integrity_check") == "ok");
  BOOST_TEST(query_count(db, "SELECT count(*) FROM messages") == 1600);
  BOOST_TEST(query_count(db,
                         "SELECT count FROM addresses WHERE address = "
                         "'common@partner.example'") == 1600);
  BOOST_TEST(query_count(db, "SELECT count(*) FROM addresses") == 1 + kProcesses);
  BOOST_TEST(query_count(db, "SELECT sum(count) FROM addresses") == 2 * 1600);
  BOOST_TEST(query_count(db, "SELECT sum(count) FROM pairs") == 1600);
  BOOST_TEST(query_count(db, "SELECT count(*) FROM audit WHERE action = 'sent'") == 1600);

  // The same figures through the CLI the user has.
  testing::CommandResult stats = testing::run_sendcheck("history stats --db " + db.string(), dir);
  BOOST_TEST_REQUIRE(stats.status == 0, stats.err);
  json parsed = json::parse(stats.out);
  BOOST_TEST(parsed["messages"] == 1600);
  BOOST_TEST(parsed["addresses"] == 1 + kProcesses);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace sendcheck
