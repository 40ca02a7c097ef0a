// The native host's loop over in-memory streams: replies in order, one per request, the cap,
// the end of input, and a log without message content.
#include "transport/native/host_loop.h"

#include <sys/stat.h>

#include <boost/test/unit_test.hpp>
#include <cstring>
#include <nlohmann/json.hpp>

#include "test_support.h"
#include "transport_test_util.h"

namespace sendcheck {
namespace {

using nlohmann::json;
using testing::PieceSource;
using testing::ScopedEnv;
using testing::StringSink;
using transport::native::encode_frame;
using transport::native::FrameLimits;
using transport::native::HostLog;

std::string header(std::uint32_t length) {
  std::string out(4, '\0');
  std::memcpy(out.data(), &length, 4);
  return out;
}

struct Run {
  int status = -1;
  std::vector<json> replies;
  std::string log;
};

// Runs the loop over `input` (delivered in reads of at most `max_read` bytes).
Run run(const std::vector<std::string>& input, FrameLimits limits = {},
        std::size_t max_read = SIZE_MAX) {
  testing::TempDir dir;
  ScopedEnv db("SENDCHECK_DB", (dir / "history.sqlite3").string());
  ScopedEnv config("SENDCHECK_CONFIG", (dir / "settings.json").string());
  ScopedEnv policy("SENDCHECK_POLICY", std::nullopt);
  PieceSource in(input, max_read);
  StringSink out;
  transport::Dispatcher dispatcher;
  Run result;
  {
    HostLog log((dir / "host.log").string(), -1);
    result.status = transport::native::run_host_loop(in, out, dispatcher, log, limits);
  }
  auto bodies = testing::split_frames(out.bytes);
  BOOST_TEST_REQUIRE(bodies.has_value(), "stdout holds something that is not a frame");
  for (const std::string& body : *bodies) result.replies.push_back(json::parse(body));
  result.log = testing::read_file(dir / "host.log");
  struct stat info {};
  BOOST_TEST(::stat((dir / "host.log").c_str(), &info) == 0);
  BOOST_TEST((info.st_mode & 0777) == 0600u);
  return result;
}

std::string request(int id, const std::string& type, json extra = json::object()) {
  extra["id"] = id;
  extra["type"] = type;
  return encode_frame(extra.dump());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(host_loop_test)

BOOST_AUTO_TEST_CASE(requests_are_answered_in_order_one_reply_each) {
  std::string input;
  for (int i = 0; i < 30; ++i) input += request(i, i % 2 == 0 ? "history.stats" : "nope");
  Run r = run({input}, {}, /*max_read=*/5);
  BOOST_TEST(r.status == 0);
  BOOST_TEST_REQUIRE(r.replies.size() == 30u);
  for (int i = 0; i < 30; ++i) {
    BOOST_TEST(r.replies[i]["id"] == i);
    BOOST_TEST(r.replies[i]["ok"] == (i % 2 == 0));
  }
  BOOST_TEST(r.log.find("stop: end of input") != std::string::npos, r.log);
}

BOOST_AUTO_TEST_CASE(bad_frames_get_an_error_and_the_loop_goes_on) {
  FrameLimits limits;
  limits.max_frame = 100;
  Run r = run({header(0), header(500) + std::string(500, 'x'), encode_frame("\xFF"),
               encode_frame("{"), request(7, "history.stats")},
              limits);
  BOOST_TEST(r.status == 0);
  BOOST_TEST_REQUIRE(r.replies.size() == 5u);
  BOOST_TEST(r.replies[0]["error"]["code"] == "request.invalid-json");
  BOOST_TEST(r.replies[1]["error"]["code"] == "frame.too-large");
  BOOST_TEST(r.replies[1]["id"].is_null());
  BOOST_TEST(r.replies[2]["error"]["code"] == "frame.invalid-utf8");
  BOOST_TEST(r.replies[3]["error"]["code"] == "request.invalid-json");
  BOOST_TEST(r.replies[4]["id"] == 7);
  BOOST_TEST(r.replies[4]["ok"] == true);
}

BOOST_AUTO_TEST_CASE(an_absurd_length_is_answered_then_the_loop_stops) {
  Run r = run({request(1, "history.stats") + header(0xFFFFFFF0u) + request(2, "history.stats")});
  BOOST_TEST(r.status == 0);
  BOOST_TEST_REQUIRE(r.replies.size() == 2u);
  BOOST_TEST(r.replies[0]["id"] == 1);
  BOOST_TEST(r.replies[1]["error"]["code"] == "frame.too-large");
  BOOST_TEST(r.log.find("out of step") != std::string::npos, r.log);
}

BOOST_AUTO_TEST_CASE(a_truncated_frame_ends_quietly) {
  Run body = run({request(1, "history.stats") + header(50) + "{\"id\":2"});
  BOOST_TEST(body.status == 0);
  BOOST_TEST(body.replies.size() == 1u);
  BOOST_TEST(body.log.find("inside a frame") != std::string::npos, body.log);
  Run length = run({std::string("\x10\x00", 2)});
  BOOST_TEST(length.status == 0);
  BOOST_TEST(length.replies.empty());
}

BOOST_AUTO_TEST_CASE(the_log_has_one_line_per_request_and_no_content) {
  json d{{"from", "taro@example.co.jp"},
         {"to", {"Secret Person <secret.person@partner.example>"}},
         {"subject", "SUBJECT-MARKER"},
         {"body", "BODY-MARKER"}};
  Run r = run({request(41, "check", {{"draft", d}}), request(42, "audit.query")});
  BOOST_TEST_REQUIRE(r.replies.size() == 2u);
  BOOST_TEST(r.replies[0]["ok"] == true);
  BOOST_TEST(r.log.find("id=41 type=check result=ok ms=") != std::string::npos, r.log);
  BOOST_TEST(r.log.find("id=42 type=audit.query result=ok ms=") != std::string::npos, r.log);
  for (const char* secret : {"SUBJECT-MARKER", "BODY-MARKER", "secret.person", "Secret Person"}) {
    BOOST_TEST(r.log.find(secret) == std::string::npos, secret);
  }
}

BOOST_AUTO_TEST_CASE(a_closed_reply_pipe_stops_the_loop) {
  class ClosedSink : public transport::native::ByteSink {
   public:
    void write(const char*, std::size_t) override {
      throw std::system_error(EPIPE, std::generic_category(), "write");
    }
  };
  testing::TempDir dir;
  ScopedEnv db("SENDCHECK_DB", (dir / "history.sqlite3").string());
  PieceSource in({request(1, "history.stats"), request(2, "history.stats")});
  ClosedSink out;
  transport::Dispatcher dispatcher;
  HostLog log("", -1);
  BOOST_TEST(transport::native::run_host_loop(in, out, dispatcher, log, {}) == 0);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace sendcheck
