// A check's audit entry is written after its reply frame (the user is no longer waiting for it),
// before the next request is read, and never lost: the native host loop, the dispatcher alone
// (HTTP bridge, tests), a failed reply write. docs/performance.md: opening the history a second
// time, read-write, for the audit entry was 11 % of a check.
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "store/history_store.h"
#include "test_support.h"
#include "transport/dispatch/dispatcher.h"
#include "transport/native/host_loop.h"
#include "transport_test_util.h"

namespace sendcheck {
namespace {

using nlohmann::json;
using testing::PieceSource;
using testing::ScopedEnv;
using transport::native::encode_frame;
using transport::native::HostLog;

json check_request(int id) {
  return json{{"id", id},
              {"type", "check"},
              {"draft",
               {{"from", "taro@example.co.jp"},
                {"to", {"suzuki@partner.example"}},
                {"subject", "s"},
                {"body", "b"}}}};
}

// Audit entries in the history file, read by another connection (as `sendcheck audit` would).
std::size_t audit_entries(const std::string& path) {
  return HistoryStore::open_read_only(path)->query_audit(AuditQuery{}).size();
}

// Records, at each reply frame written, how many audit entries the file held at that moment.
class CountingSink : public transport::native::ByteSink {
 public:
  explicit CountingSink(std::string path, bool fail = false)
      : path_(std::move(path)), fail_(fail) {}
  void write(const char* data, std::size_t size) override {
    entries_at_reply.push_back(audit_entries(path_));
    if (fail_) throw std::system_error(EPIPE, std::generic_category(), "write");
    bytes.append(data, size);
  }
  std::vector<std::size_t> entries_at_reply;
  std::string bytes;

 private:
  std::string path_;
  bool fail_;
};

struct Fixture {
  testing::TempDir dir;
  std::string db = (dir / "history.sqlite3").string();
  ScopedEnv db_env{"SENDCHECK_DB", db};
  ScopedEnv config_env{"SENDCHECK_CONFIG", (dir / "settings.json").string()};
  ScopedEnv policy_env{"SENDCHECK_POLICY", std::nullopt};
  // An existing history: the check reads it read-only, the audit entry needs a second opening.
  Fixture() { HistoryStore::open(db); }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(audit_after_reply_test)

BOOST_FIXTURE_TEST_CASE(the_audit_entry_is_written_after_the_reply_frame, Fixture) {
  PieceSource in({encode_frame(check_request(1).dump()), encode_frame(check_request(2).dump())});
  CountingSink out(db);
  transport::Dispatcher dispatcher;
  HostLog log("", -1);
  BOOST_TEST(transport::native::run_host_loop(in, out, dispatcher, log, {}) == 0);
  // Reply 1 went out before entry 1 was written; entry 1 was there before request 2 was handled.
  BOOST_TEST(out.entries_at_reply == (std::vector<std::size_t>{0, 1}));
  BOOST_TEST(audit_entries(db) == 2u);
  auto frames = testing::split_frames(out.bytes);
  BOOST_TEST_REQUIRE(frames.has_value());
  BOOST_TEST_REQUIRE(frames->size() == 2u);
  BOOST_TEST(json::parse(frames->front())["ok"] == true);
}

BOOST_FIXTURE_TEST_CASE(the_audit_entry_is_kept_when_the_reply_cannot_be_written, Fixture) {
  PieceSource in({encode_frame(check_request(1).dump())});
  CountingSink out(db, /*fail=*/true);
  transport::Dispatcher dispatcher;
  HostLog log("", -1);
  BOOST_TEST(transport::native::run_host_loop(in, out, dispatcher, log, {}) == 0);
  BOOST_TEST(audit_entries(db) == 1u);
}

BOOST_FIXTURE_TEST_CASE(without_the_host_loop_the_audit_entry_is_written_before_the_reply,
                        Fixture) {
  // The HTTP bridge and the tests call handle_message / handle: nothing is left for later.
  transport::Dispatcher dispatcher;
  json reply = json::parse(dispatcher.handle_message(check_request(1).dump()));
  BOOST_TEST(reply["ok"] == true);
  BOOST_TEST(audit_entries(db) == 1u);
  json again = dispatcher.handle(check_request(2));
  BOOST_TEST(again["ok"] == true);
  BOOST_TEST(audit_entries(db) == 2u);
}

BOOST_FIXTURE_TEST_CASE(a_query_after_a_check_in_the_same_connection_sees_its_entry, Fixture) {
  PieceSource in({encode_frame(check_request(1).dump()),
                  encode_frame(json{{"id", 2}, {"type", "audit.query"}}.dump())});
  testing::StringSink out;
  transport::Dispatcher dispatcher;
  HostLog log("", -1);
  BOOST_TEST(transport::native::run_host_loop(in, out, dispatcher, log, {}) == 0);
  auto frames = testing::split_frames(out.bytes);
  BOOST_TEST_REQUIRE(frames.has_value());
  BOOST_TEST_REQUIRE(frames->size() == 2u);
  json entries = json::parse((*frames)[1])["result"]["entries"];
  BOOST_TEST_REQUIRE(entries.size() == 1u);
  BOOST_TEST(entries[0]["action"] == "checked");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace sendcheck
