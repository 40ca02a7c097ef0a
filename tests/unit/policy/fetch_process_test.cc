// The PolicyFetcher that runs the GET in a child process (policy/fetch_process.h), with small
// shell scripts standing in for `sendcheck policy http-get`.
#include "policy/fetch_process.h"

#include <signal.h>
#include <sys/stat.h>

#include <boost/test/unit_test.hpp>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "sendcheck/error.h"
#include "test_support.h"

namespace sendcheck {
namespace {

using nlohmann::json;
using testing::TempDir;

// An executable /bin/sh script at dir/name.
std::string script(const TempDir& dir, const std::string& name, const std::string& body) {
  std::filesystem::path path = dir / name;
  std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
  ::chmod(path.c_str(), 0700);
  return path.string();
}

// A script that consumes its stdin and prints `response` (written to a file next to it).
std::string answering(const TempDir& dir, const PolicyFetchResponse& response) {
  std::ofstream(dir / "answer.bin", std::ios::binary) << encode_fetch_response(response);
  return script(dir, "answer.sh", "cat > /dev/null\ncat '" + (dir / "answer.bin").string() + "'");
}

PolicyFetchRequest request_for(const std::string& url) {
  PolicyFetchRequest request;
  request.url = url;
  request.etag = "\"v1\"";
  request.timeout = std::chrono::seconds(7);
  request.max_body_bytes = 4096;
  return request;
}

BOOST_AUTO_TEST_SUITE(fetch_process_test)

BOOST_AUTO_TEST_CASE(request_and_response_survive_the_pipe_byte_for_byte) {
  PolicyFetchRequest request = request_for("https://policy.example.co.jp/p.json?team=営業");
  PolicyFetchRequest back = decode_fetch_request(encode_fetch_request(request));
  BOOST_TEST(back.url == request.url);
  BOOST_TEST(back.etag == "\"v1\"");
  BOOST_TEST(back.timeout.count() == 7);
  BOOST_TEST(back.max_body_bytes == 4096u);

  PolicyFetchResponse response;
  response.status = 200;
  response.etag = "W/\"abc\"";
  response.body = std::string("{\"a\":1}\n\0\xff tail", 15);  // NUL and a non-UTF-8 byte kept
  PolicyFetchResponse decoded = decode_fetch_response(encode_fetch_response(response), "x");
  BOOST_TEST(decoded.status == 200);
  BOOST_TEST(decoded.etag == "W/\"abc\"");
  BOOST_TEST(decoded.body == response.body);
  BOOST_TEST(decoded.error_code == "");
}

BOOST_AUTO_TEST_CASE(a_malformed_request_or_response_is_a_clear_error) {
  BOOST_CHECK_EXCEPTION(decode_fetch_request("{\"etag\": \"x\"}"), Error, [](const Error& e) {
    return std::string(e.code()) == "policy.bad-request";
  });
  BOOST_CHECK_EXCEPTION(decode_fetch_request("not json"), Error, [](const Error& e) {
    return std::string(e.code()) == "policy.bad-request";
  });
  for (const std::string& text :
       {std::string(), std::string("garbage"), std::string("{\"status\":200,\"bodyBytes\":5}\nab"),
        std::string("{\"status\":\"200\",\"bodyBytes\":0}\n")}) {
    PolicyFetchResponse decoded = decode_fetch_response(text, "/bin/prog");
    BOOST_TEST(decoded.status == 0, text);
    BOOST_TEST(decoded.error_code == "policy.fetch-failed", text);
    BOOST_TEST(decoded.error_message.find("/bin/prog") != std::string::npos, decoded.error_message);
  }
}

BOOST_AUTO_TEST_CASE(the_child_gets_the_request_on_stdin_and_its_answer_is_returned) {
  TempDir dir;
  std::string seen = (dir / "stdin.json").string();
  std::string args = (dir / "args.txt").string();
  PolicyFetchResponse canned;
  canned.status = 200;
  canned.etag = "\"v2\"";
  canned.body = "{\"countdownSeconds\": 9}";
  std::ofstream(dir / "answer.bin", std::ios::binary) << encode_fetch_response(canned);
  std::string program = script(dir, "child.sh",
                               "echo \"$@\" > '" + args + "'\ncat > '" + seen + "'\ncat '" +
                                   (dir / "answer.bin").string() + "'");
  auto fetcher = make_process_policy_fetcher({program, "policy", "http-get"});
  PolicyFetchResponse response = fetcher->fetch(request_for("https://p.example.jp/secret-token"));
  BOOST_TEST(response.error_code == "", response.error_message);
  BOOST_TEST(response.status == 200);
  BOOST_TEST(response.etag == "\"v2\"");
  BOOST_TEST(response.body == canned.body);
  PolicyFetchRequest received = decode_fetch_request(testing::read_file(seen));
  BOOST_TEST(received.url == "https://p.example.jp/secret-token");
  BOOST_TEST(received.etag == "\"v1\"");
  BOOST_TEST(received.timeout.count() == 7);
  // The URL is not on the command line (not visible in the process list).
  BOOST_TEST(testing::read_file(args) == "policy http-get\n");
}

BOOST_AUTO_TEST_CASE(a_failure_reported_by_the_child_is_passed_on) {
  TempDir dir;
  PolicyFetchResponse canned;
  canned.error_code = "policy.fetch-failed";
  canned.error_message = "https://p.example.jp/: connection refused";
  auto fetcher = make_process_policy_fetcher({answering(dir, canned)});
  PolicyFetchResponse response = fetcher->fetch(request_for("https://p.example.jp/"));
  BOOST_TEST(response.status == 0);
  BOOST_TEST(response.error_code == "policy.fetch-failed");
  BOOST_TEST(response.error_message == canned.error_message);
}

BOOST_AUTO_TEST_CASE(a_missing_program_or_a_child_without_an_answer_is_fetch_failed) {
  TempDir dir;
  std::string missing = (dir / "no-such-sendcheck").string();
  PolicyFetchResponse response =
      make_process_policy_fetcher({missing})->fetch(request_for("https://p.example.jp/"));
  BOOST_TEST(response.error_code == "policy.fetch-failed");
  BOOST_TEST(response.error_message.find(missing) != std::string::npos, response.error_message);

  // Exits at once without reading its stdin (the write must not kill the caller with SIGPIPE).
  std::string silent = script(dir, "silent.sh", "exit 3");
  PolicyFetchRequest big = request_for("https://p.example.jp/" + std::string(300000, 'a'));
  response = make_process_policy_fetcher({silent})->fetch(big);
  BOOST_TEST(response.error_code == "policy.fetch-failed");
}

BOOST_AUTO_TEST_CASE(a_child_that_never_answers_is_killed_after_the_timeout) {
  TempDir dir;
  std::string pid_file = (dir / "pid").string();
  std::string hanging = script(dir, "hang.sh", "echo $$ > '" + pid_file + "'\nexec sleep 60");
  PolicyFetchRequest request = request_for("https://p.example.jp/");
  request.timeout = std::chrono::seconds(1);
  auto start = std::chrono::steady_clock::now();
  PolicyFetchResponse response =
      make_process_policy_fetcher({hanging}, std::chrono::milliseconds(300))->fetch(request);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  BOOST_TEST(response.error_code == "policy.fetch-timeout", response.error_message);
  BOOST_TEST(seconds >= 1.2);
  BOOST_TEST(seconds < 5.0);
  // The child is gone (killed and reaped), not left running.
  pid_t pid = static_cast<pid_t>(std::stol(testing::read_file(pid_file)));
  BOOST_TEST(::kill(pid, 0) == -1);
  BOOST_TEST(errno == ESRCH);
}

BOOST_AUTO_TEST_CASE(an_endless_answer_is_too_large_and_not_read_further) {
  TempDir dir;
  std::string endless = script(dir, "endless.sh", "cat > /dev/null\nexec cat /dev/zero");
  PolicyFetchRequest request = request_for("https://p.example.jp/");
  request.max_body_bytes = 1000;
  PolicyFetchResponse response = make_process_policy_fetcher({endless})->fetch(request);
  BOOST_TEST(response.error_code == "policy.too-large", response.error_message);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace sendcheck
