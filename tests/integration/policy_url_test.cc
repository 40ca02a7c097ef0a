// The team policy from a URL for real (policy/policy.h, transport/http/policy_fetcher.h): the
// `sendcheck` CLI and `sendcheck-host` fetch from a plain-socket HTTP server on 127.0.0.1 in this
// test process (http:// allowed by SENDCHECK_TEST_ALLOW_HTTP_POLICY=1, test only): a policy,
// 304 to If-None-Match, a 500, invalid JSON, a new policy, a server that never answers. The host
// does its GET through the sibling `sendcheck policy http-get` (policy/fetch_process.h).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "test_support.h"

namespace sendcheck {
namespace {

using nlohmann::json;
using testing::TempDir;

struct SeenRequest {
  std::string method;
  std::string path;
  std::map<std::string, std::string> headers;  // names in lower case
};

struct Answer {
  int status = 200;
  std::string body;
  std::string etag;
  bool silent = false;  // accept the connection and never answer
};

// A tiny HTTP/1.1 server on 127.0.0.1:<ephemeral>, one request per connection.
class PolicyServer {
 public:
  PolicyServer() {
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    if (listener_ < 0 ||
        ::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(listener_, 16) != 0) {
      throw std::runtime_error("cannot listen on 127.0.0.1");
    }
    socklen_t length = sizeof address;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~PolicyServer() {
    stop_ = true;
    thread_.join();
    for (int fd : held_) ::close(fd);
    ::close(listener_);
  }
  PolicyServer(const PolicyServer&) = delete;
  PolicyServer& operator=(const PolicyServer&) = delete;

  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(port_) + "/team/policy.json";
  }
  void answer_with(std::function<Answer(const SeenRequest&)> handler) {
    std::lock_guard<std::mutex> lock(mutex_);
    handler_ = std::move(handler);
  }
  std::vector<SeenRequest> requests() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }

 private:
  void serve() {
    while (!stop_) {
      pollfd ready{listener_, POLLIN, 0};
      if (::poll(&ready, 1, 50) <= 0) continue;
      int fd = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      SeenRequest request;
      if (!read_request(fd, &request)) {
        ::close(fd);
        continue;
      }
      Answer answer;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        requests_.push_back(request);
        answer = handler_ ? handler_(request) : Answer{500, "", "", false};
      }
      if (answer.silent) {
        held_.push_back(fd);
        continue;
      }
      std::string text = "HTTP/1.1 " + std::to_string(answer.status) + " X\r\n";
      if (!answer.etag.empty()) text += "ETag: " + answer.etag + "\r\n";
      text += "Content-Type: application/json\r\nConnection: close\r\nContent-Length: " +
              std::to_string(answer.status == 304 ? 0 : answer.body.size()) + "\r\n\r\n";
      if (answer.status != 304) text += answer.body;
      std::size_t sent = 0;
      while (sent < text.size()) {
        ssize_t n = ::send(fd, text.data() + sent, text.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;
        sent += static_cast<std::size_t>(n);
      }
      ::shutdown(fd, SHUT_WR);
      ::close(fd);
    }
  }

  static bool read_request(int fd, SeenRequest* request) {
    std::string text;
    char buffer[4096];
    while (text.find("\r\n\r\n") == std::string::npos) {
      pollfd ready{fd, POLLIN, 0};
      if (::poll(&ready, 1, 5000) <= 0) return false;
      ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) return false;
      text.append(buffer, static_cast<std::size_t>(n));
    }
    std::size_t line_end = text.find("\r\n");
    std::string first = text.substr(0, line_end);
    request->method = first.substr(0, first.find(' '));
    std::size_t path_start = first.find(' ') + 1;
    request->path = first.substr(path_start, first.find(' ', path_start) - path_start);
    std::size_t at = line_end + 2;
    while (at < text.size()) {
      std::size_t end = text.find("\r\n", at);
      if (end == at || end == std::string::npos) break;
      std::string line = text.substr(at, end - at);
      std::size_t colon = line.find(':');
      if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        std::size_t value = line.find_first_not_of(' ', colon + 1);
        request->headers[name] = value == std::string::npos ? "" : line.substr(value);
      }
      at = end + 2;
    }
    return true;
  }

  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  mutable std::mutex mutex_;
  std::function<Answer(const SeenRequest&)> handler_;
  std::vector<SeenRequest> requests_;
  std::vector<int> held_;
};

const json kPolicyV1 = {{"countdownSeconds", 7},
                        {"blockedDomains", {"rival.example"}},
                        {"locked", {"countdownSeconds"}}};
const json kPolicyV2 = {{"countdownSeconds", 9}};

// A HOME with a policy file naming the server, and the environment for run_sendcheck.
struct Setup {
  TempDir dir;
  PolicyServer server;

  // A generous timeout by default: the machine running the tests may be busy.
  explicit Setup(int timeout_seconds = 20) { write_policy(timeout_seconds); }
  void write_policy(int timeout_seconds) const {
    json policy{{"policyUrl", server.url()}, {"policyTimeoutSeconds", timeout_seconds}};
    policy["internalDomains"] = {"example.co.jp"};
    std::ofstream(dir / "policy.json") << policy.dump();
  }
  std::string env(bool allow_http = true) const {
    return "SENDCHECK_POLICY=" + (dir / "policy.json").string() +
           " SENDCHECK_DB=" + (dir / "data" / "history.sqlite3").string() +
           (allow_http ? " SENDCHECK_TEST_ALLOW_HTTP_POLICY=1" : "");
  }
  std::filesystem::path cache() const { return dir / "data" / "team-policy-cache.json"; }
  testing::CommandResult run(const std::string& args, bool allow_http = true) const {
    return testing::run_sendcheck(args, dir, env(allow_http));
  }
  json fetch() const {
    testing::CommandResult result = run("policy fetch --json");
    BOOST_TEST_INFO(result.err);
    return json::parse(result.out);
  }
  json settings() const {
    testing::CommandResult result = run("settings show --json");
    BOOST_REQUIRE_MESSAGE(result.status == 0, result.err);
    return json::parse(result.out)["settings"];
  }
};

Answer serve(const json& policy, const std::string& etag) {
  return Answer{200, policy.dump(), etag, false};
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

#ifdef SENDCHECK_HOST_PATH
// Runs the real sendcheck-host (as Thunderbird does, with a clean environment) for one `hello`
// and returns the reply. The host finds `sendcheck` next to itself (both built in host/).
json host_hello(const Setup& s) {
  std::string request = json{{"id", 1}, {"type", "hello"}}.dump();
  std::uint32_t size = static_cast<std::uint32_t>(request.size());
  std::string frames(reinterpret_cast<const char*>(&size), 4);
  frames += request;
  std::ofstream(s.dir / "in.bin", std::ios::binary) << frames;
  std::string command = "env -i HOME=" + s.dir.path().string() + " " + s.env() + " " +
                        SENDCHECK_HOST_PATH + " < " + (s.dir / "in.bin").string() + " > " +
                        (s.dir / "out.bin").string() + " 2>/dev/null";
  BOOST_REQUIRE(std::system(command.c_str()) == 0);
  std::string out = testing::read_file(s.dir / "out.bin");
  BOOST_REQUIRE(out.size() > 4);
  return json::parse(out.substr(4));
}
#endif

BOOST_AUTO_TEST_SUITE(policy_url_test)

BOOST_AUTO_TEST_CASE(the_last_good_policy_stays_through_304_errors_and_invalid_json) {
  Setup s;
  // 1. A policy with an ETag: in force.
  s.server.answer_with([](const SeenRequest&) { return serve(kPolicyV1, "\"v1\""); });
  testing::CommandResult fetched = s.run("policy fetch");
  BOOST_TEST(fetched.status == 0, fetched.out + fetched.err);
  BOOST_TEST(has(fetched.out, "last fetch ok (200)"), fetched.out);
  json settings = s.settings();
  BOOST_TEST(settings["countdownSeconds"]["value"] == 7);
  BOOST_TEST(settings["countdownSeconds"]["layer"] == "policy-url");
  BOOST_TEST(settings["countdownSeconds"]["locked"] == true);
  BOOST_TEST(settings["internalDomains"]["layer"] == "policy");
  BOOST_REQUIRE(s.server.requests().size() == 1u);  // settings show used the fresh copy
  BOOST_TEST(s.server.requests()[0].method == "GET");
  BOOST_TEST(s.server.requests()[0].path == "/team/policy.json");
  BOOST_TEST(s.server.requests()[0].headers.count("if-none-match") == 0u);
  BOOST_TEST(std::filesystem::exists(s.cache()));
  BOOST_TEST(static_cast<unsigned>(std::filesystem::status(s.cache()).permissions() &
                                   std::filesystem::perms::all) == 0600u);

  // Locked by the fetched policy: settings set is refused.
  testing::CommandResult set = s.run("settings set countdownSeconds 3");
  BOOST_TEST(set.status == 1);
  BOOST_TEST(has(set.err, "settings.locked"), set.err);
  BOOST_TEST(has(set.err, s.server.url()), set.err);

  // 2. 304 when If-None-Match matches: still in force.
  s.server.answer_with([](const SeenRequest& request) {
    auto it = request.headers.find("if-none-match");
    return it != request.headers.end() && it->second == "\"v1\"" ? Answer{304, "", "\"v1\""}
                                                                 : serve(kPolicyV2, "\"v2\"");
  });
  json outcome = s.fetch();
  BOOST_TEST(outcome["status"] == "not-modified");
  BOOST_TEST(outcome["inForce"] == true);
  BOOST_TEST(s.server.requests().back().headers["if-none-match"] == "\"v1\"");
  BOOST_TEST(s.settings()["countdownSeconds"]["value"] == 7);

  // 3. 500: the last good copy stays; doctor shows the failure.
  s.server.answer_with([](const SeenRequest&) { return Answer{500, "broken", ""}; });
  testing::CommandResult failed = s.run("policy fetch --json");
  BOOST_TEST(failed.status == 0, failed.out);  // a valid policy is still in force
  outcome = json::parse(failed.out);
  BOOST_TEST(outcome["status"] == "failed");
  BOOST_TEST(outcome["errorCode"] == "policy.http-status");
  BOOST_TEST(outcome["etag"] == "\"v1\"");
  BOOST_TEST(s.settings()["countdownSeconds"]["value"] == 7);
  testing::CommandResult doctor = s.run("doctor");
  BOOST_TEST(has(doctor.out, "policy url:"), doctor.out);
  BOOST_TEST(has(doctor.out, "policy.http-status"), doctor.out);
  BOOST_TEST(has(doctor.out, "failing since"), doctor.out);
  BOOST_TEST(has(doctor.out, "using the copy fetched"), doctor.out);
  BOOST_TEST(has(doctor.out, "countdownSeconds"), doctor.out);
  BOOST_TEST(has(doctor.out, "<- policy URL " + s.server.url() + " (fetched "), doctor.out);
  BOOST_TEST(has(doctor.out, "internalDomains"), doctor.out);
  BOOST_TEST(has(doctor.out, "locked: countdownSeconds (URL)"), doctor.out);
  // `check` applies the fetched blockedDomains.
  std::ofstream(s.dir / "draft.json") << json{
      {"from", "taro@example.co.jp"},
      {"to", {"a@rival.example"}},
      {"subject", "hi"},
      {"body", "hello"}}.dump();
  testing::CommandResult check = s.run("check " + (s.dir / "draft.json").string());
  BOOST_TEST(check.status == 0, check.err);
  BOOST_TEST(json::parse(check.out)["verdict"] == "block", check.out);

  // 4. Invalid JSON: the last good copy stays.
  s.server.answer_with([](const SeenRequest&) {
    return Answer{200, "{\"countdownSeconds\": ", "\"v9\""};
  });
  outcome = s.fetch();
  BOOST_TEST(outcome["errorCode"] == "policy.invalid-json");
  BOOST_TEST(outcome["inForce"] == true);
  BOOST_TEST(s.settings()["countdownSeconds"]["value"] == 7);

  // 5. A valid new policy replaces it (and lifts the lock).
  s.server.answer_with([](const SeenRequest&) { return serve(kPolicyV2, "\"v2\""); });
  outcome = s.fetch();
  BOOST_TEST(outcome["status"] == "ok");
  BOOST_TEST(outcome["etag"] == "\"v2\"");
  BOOST_TEST(outcome["errorCode"] == "");
  json replaced = s.settings();
  BOOST_TEST(replaced["countdownSeconds"]["value"] == 9);
  BOOST_TEST(replaced["countdownSeconds"]["locked"] == false);
  BOOST_TEST(s.run("settings set countdownSeconds 3").status == 0);
}

BOOST_AUTO_TEST_CASE(a_server_that_never_answers_costs_the_timeout_and_keeps_the_copy) {
  Setup s;
  s.server.answer_with([](const SeenRequest&) { return serve(kPolicyV1, "\"v1\""); });
  BOOST_TEST(s.fetch()["status"] == "ok");
  s.write_policy(/*timeout_seconds=*/1);  // the cache is kept: it belongs to the same URL
  s.server.answer_with([](const SeenRequest&) { return Answer{0, "", "", true}; });
  auto start = std::chrono::steady_clock::now();
  testing::CommandResult result = s.run("policy fetch --json");
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  BOOST_TEST(seconds >= 1.0);
  BOOST_TEST(seconds < 6.0);  // 1 s timeout (+0.5 s guard) and the process start (busy CI)
  BOOST_TEST(result.status == 0, result.out + result.err);
  json outcome = json::parse(result.out);
  BOOST_TEST(outcome["status"] == "failed");
  BOOST_TEST(outcome["errorCode"] == "policy.fetch-timeout", outcome.dump());
  BOOST_TEST(outcome["inForce"] == true);
  BOOST_TEST(s.settings()["countdownSeconds"]["value"] == 7);  // and no second wait: backoff
}

BOOST_AUTO_TEST_CASE(a_refused_connection_without_a_copy_leaves_the_policy_file) {
  Setup s;
  // Nothing listens on this port any more.
  int probe = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  ::bind(probe, reinterpret_cast<sockaddr*>(&address), sizeof address);
  ::getsockname(probe, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(probe);
  std::ofstream(s.dir / "policy.json") << json{
      {"policyUrl", "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port)) + "/p"},
      {"countdownSeconds", 4}}.dump();
  testing::CommandResult result = s.run("policy fetch --json");
  BOOST_TEST(result.status == 1);
  json outcome = json::parse(result.out);
  BOOST_TEST(outcome["errorCode"] == "policy.fetch-failed", outcome.dump());
  BOOST_TEST(outcome["inForce"] == false);
  BOOST_TEST(s.settings()["countdownSeconds"]["value"] == 4);
}

BOOST_AUTO_TEST_CASE(http_without_the_test_flag_is_refused) {
  Setup s;
  s.server.answer_with([](const SeenRequest&) { return serve(kPolicyV1, "\"v1\""); });
  testing::CommandResult result = s.run("policy fetch --json", /*allow_http=*/false);
  BOOST_TEST(result.status == 1);
  json outcome = json::parse(result.out);
  BOOST_TEST(outcome["errorCode"] == "policy.url-refused");
  BOOST_TEST(has(outcome["errorMessage"].get<std::string>(), "https://"));
  BOOST_TEST(s.server.requests().empty());
}

BOOST_AUTO_TEST_CASE(a_cache_written_for_another_url_is_ignored) {
  Setup s;
  std::filesystem::create_directories(s.dir / "data");
  std::ofstream(s.cache()) << json{{"url", "https://old.example.jp/policy.json"},
                                   {"etag", "\"old\""},
                                   {"fetchedAt", "2026-01-01T00:00:00Z"},
                                   {"checkedAt", "2099-01-01T00:00:00Z"},
                                   {"policy", {{"countdownSeconds", 42}}}}
                                  .dump();
  s.server.answer_with([](const SeenRequest&) { return Answer{500, "", ""}; });
  json settings = s.settings();
  BOOST_TEST(settings["countdownSeconds"]["value"] == 0);
  BOOST_REQUIRE(s.server.requests().size() == 1u);
  BOOST_TEST(s.server.requests()[0].headers.count("if-none-match") == 0u);
}

BOOST_AUTO_TEST_CASE(the_native_host_uses_a_stale_copy_and_refreshes_it_at_exit) {
#ifndef SENDCHECK_HOST_PATH
  BOOST_TEST_MESSAGE("sendcheck-host not built; skipped");
#else
  Setup s;
  s.server.answer_with([](const SeenRequest&) { return serve(kPolicyV1, "\"v1\""); });
  BOOST_TEST(s.fetch()["status"] == "ok");
  // Make the copy stale.
  json cache = json::parse(testing::read_file(s.cache()));
  cache["checkedAt"] = "2000-01-01T00:00:00Z";
  std::ofstream(s.cache()) << cache.dump();
  s.server.answer_with([](const SeenRequest&) { return serve(kPolicyV2, "\"v2\""); });

  json reply = host_hello(s);
  // This run: the stale copy (v1, locking countdownSeconds).
  BOOST_TEST(reply["result"]["settings"]["countdownSeconds"]["value"] == 7, reply.dump());
  BOOST_TEST(reply["result"]["locked"] == json::array({"countdownSeconds"}), reply.dump());
  // At exit, the refresh: asked with the ETag, and v2 is now the copy.
  BOOST_REQUIRE(s.server.requests().size() == 2u);
  BOOST_TEST(s.server.requests()[1].headers["if-none-match"] == "\"v1\"");
  json refreshed = json::parse(testing::read_file(s.cache()));
  BOOST_TEST(refreshed["etag"] == "\"v2\"");
  BOOST_TEST(refreshed["policy"] == kPolicyV2);
#endif
}

// Loading cpprestsdk and OpenSSL doubled the host's start-up, the largest part of a send-time
// check (docs/performance.md): the host fetches through `sendcheck policy http-get` instead.
BOOST_AUTO_TEST_CASE(the_native_host_does_not_load_cpprestsdk_or_openssl) {
#ifndef SENDCHECK_HOST_PATH
  BOOST_TEST_MESSAGE("sendcheck-host not built; skipped");
#else
  TempDir dir;
  std::string command =
      std::string("ldd ") + SENDCHECK_HOST_PATH + " > " + (dir / "ldd.txt").string() + " 2>&1";
  BOOST_REQUIRE(std::system(command.c_str()) == 0);
  std::string libraries = testing::read_file(dir / "ldd.txt");
  BOOST_TEST(has(libraries, "libsqlite3"), libraries);  // ldd did list the libraries
  BOOST_TEST(!has(libraries, "libcpprest"), libraries);
  BOOST_TEST(!has(libraries, "libssl"), libraries);
  BOOST_TEST(!has(libraries, "libcrypto"), libraries);
  BOOST_TEST(!has(libraries, "libboost"), libraries);
#endif
}

BOOST_AUTO_TEST_CASE(the_native_host_without_a_copy_fetches_before_answering) {
#ifndef SENDCHECK_HOST_PATH
  BOOST_TEST_MESSAGE("sendcheck-host not built; skipped");
#else
  Setup s;
  s.server.answer_with([](const SeenRequest&) { return serve(kPolicyV1, "\"v1\""); });
  BOOST_REQUIRE(!std::filesystem::exists(s.cache()));
  json reply = host_hello(s);
  // This run already uses the fetched policy (v1, locking countdownSeconds).
  BOOST_TEST(reply["result"]["settings"]["countdownSeconds"]["value"] == 7, reply.dump());
  BOOST_TEST(reply["result"]["locked"] == json::array({"countdownSeconds"}), reply.dump());
  BOOST_REQUIRE(s.server.requests().size() == 1u);
  BOOST_TEST(s.server.requests()[0].headers.count("if-none-match") == 0u);
  json cache = json::parse(testing::read_file(s.cache()));
  BOOST_TEST(cache["etag"] == "\"v1\"");
  BOOST_TEST(cache["policy"] == kPolicyV1);
  // A fresh copy: the next host start uses it without the network.
  BOOST_TEST(host_hello(s)["result"]["settings"]["countdownSeconds"]["value"] == 7);
  BOOST_TEST(s.server.requests().size() == 1u);
#endif
}

BOOST_AUTO_TEST_CASE(the_native_host_without_a_copy_and_a_silent_server_answers_after_the_timeout) {
#ifndef SENDCHECK_HOST_PATH
  BOOST_TEST_MESSAGE("sendcheck-host not built; skipped");
#else
  Setup s(/*timeout_seconds=*/1);
  s.server.answer_with([](const SeenRequest&) { return Answer{0, "", "", true}; });
  auto start = std::chrono::steady_clock::now();
  json reply = host_hello(s);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  BOOST_TEST(seconds >= 1.0);
  BOOST_TEST(seconds < 8.0);  // 1 s timeout, the child's start (busy CI), no hang
  BOOST_TEST(reply["ok"] == true, reply.dump());
  BOOST_TEST(reply["result"]["settings"]["countdownSeconds"]["value"] == 0, reply.dump());
  json cache = json::parse(testing::read_file(s.cache()));
  BOOST_TEST(cache["lastAttempt"]["errorCode"] == "policy.fetch-timeout", cache.dump());
#endif
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace sendcheck
