// The real `sendcheck serve` on an ephemeral loopback port, spoken to over raw sockets so every
// header is under the test's control: CORS and Private Network Access preflights, Host and
// Origin checks, the body cap, malformed JSON, 50 concurrent checks, and SIGTERM.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cctype>
#include <chrono>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "test_support.h"

namespace sendcheck {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr const char* kOrigin = "https://addin.example.test";
constexpr std::size_t kMaxBody = 64 * 1024;

// A port the kernel just handed out on 127.0.0.1 (free unless someone takes it meanwhile).
int free_loopback_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  BOOST_TEST_REQUIRE(fd >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  BOOST_TEST_REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  socklen_t length = sizeof address;
  BOOST_TEST_REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
  ::close(fd);
  return ntohs(address.sin_port);
}

struct Response {
  int status = 0;                              // 0: no answer
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;

  bool has(const std::string& name) const { return headers.count(name) != 0; }
  std::string get(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

// Sends `raw` (a whole HTTP request) to 127.0.0.1:port and reads one response. Thread-safe (no
// Boost.Test macros).
Response http_exchange(int port, const std::string& raw) {
  Response response;
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return response;
  timeval timeout{30, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return response;
  }
  for (std::size_t sent = 0; sent < raw.size();) {
    ssize_t n = ::send(fd, raw.data() + sent, raw.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may answer (413) before taking everything
    sent += static_cast<std::size_t>(n);
  }
  std::string data;
  char buffer[16384];
  std::size_t header_end = std::string::npos;
  std::size_t wanted = std::string::npos;
  while (true) {
    if (header_end == std::string::npos) {
      header_end = data.find("\r\n\r\n");
      if (header_end != std::string::npos) {
        std::string head = data.substr(0, header_end);
        std::size_t line_end = head.find("\r\n");
        std::string status_line = head.substr(0, line_end);
        if (status_line.size() >= 12) response.status = std::stoi(status_line.substr(9, 3));
        std::size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
        while (pos < head.size()) {
          std::size_t end = head.find("\r\n", pos);
          if (end == std::string::npos) end = head.size();
          std::string line = head.substr(pos, end - pos);
          std::size_t colon = line.find(':');
          if (colon != std::string::npos) {
            std::string name = line.substr(0, colon);
            std::transform(name.begin(), name.end(), name.begin(),
                           [](unsigned char c) { return std::tolower(c); });
            std::string value = line.substr(colon + 1);
            value.erase(0, value.find_first_not_of(' '));
            response.headers[name] = value;
          }
          pos = end + 2;
        }
        wanted =
            header_end + 4 +
            std::stoul(response.get("content-length").empty() ? std::string("0")
                                                              : response.get("content-length"));
      }
    }
    if (wanted != std::string::npos && data.size() >= wanted) break;
    ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    data.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  if (wanted == std::string::npos) return Response{};
  response.body = data.substr(header_end + 4, wanted - header_end - 4);
  return response;
}

std::string request(const std::string& method, const std::string& path, const std::string& host,
                    const std::vector<std::string>& headers = {}, const std::string& body = "") {
  std::string raw = method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\n";
  for (const std::string& header : headers) raw += header + "\r\n";
  if (method == "POST") {
    raw +=
        "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  }
  raw += "Connection: close\r\n\r\n" + body;
  return raw;
}

json check_request(int id, const std::string& to) {
  return {{"id", id},
          {"type", "check"},
          {"draft",
           {{"from", "taro@example.co.jp"},
            {"to", json::array({to})},
            {"subject", "見積書"},
            {"body", "よろしくお願いします。"}}}};
}

// `sendcheck serve --port <free port>` with a temporary history and settings; stderr in a file.
class Server {
 public:
  // `settings`: the user's settings file (none when null); with `port_in_settings` the port is
  // given as setting bridgePort instead of --port.
  explicit Server(json settings = nullptr, bool port_in_settings = false)
      : port_(free_loopback_port()) {
    std::filesystem::path config = dir_ / "none" / "settings.json";
    if (port_in_settings) settings["bridgePort"] = port_;
    if (!settings.is_null()) {
      config = dir_ / "settings.json";
      std::ofstream(config) << settings.dump();
    }
    std::vector<std::string> env = {
        "HOME=" + dir_.path().string(),
        "SENDCHECK_DB=" + (dir_ / "history.sqlite3").string(),
        "SENDCHECK_CONFIG=" + config.string(),
        std::string("SENDCHECK_ALLOWED_ORIGINS=https://other-addin.example.test, ") + kOrigin,
        "SENDCHECK_MAX_BODY=" + std::to_string(kMaxBody),
        "LANG=C.UTF-8",
        "PATH=/usr/bin:/bin"};
    std::string err_path = (dir_ / "stderr.txt").string();
    std::string port = std::to_string(port_);
    pid_ = ::fork();
    BOOST_TEST_REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
      if (err >= 0) ::dup2(err, 2);
      std::vector<char*> argv = {const_cast<char*>(SENDCHECK_CLI_PATH), const_cast<char*>("serve"),
                                 const_cast<char*>("--port"), port.data(), nullptr};
      if (port_in_settings) argv[2] = nullptr;
      std::vector<char*> envp;
      for (std::string& e : env) envp.push_back(e.data());
      envp.push_back(nullptr);
      ::execve(SENDCHECK_CLI_PATH, argv.data(), envp.data());
      ::_exit(127);
    }
    auto deadline = std::chrono::steady_clock::now() + 20s;
    while (std::chrono::steady_clock::now() < deadline) {
      if (http_exchange(port_, request("GET", "/v1/hello", host())).status == 200) return;
      std::this_thread::sleep_for(50ms);
    }
    BOOST_FAIL("sendcheck serve did not answer; stderr: " + log());
  }

  ~Server() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }

  int port() const { return port_; }
  std::string host() const { return "127.0.0.1:" + std::to_string(port_); }
  std::string log() const {
    std::error_code error;
    return std::filesystem::exists(dir_ / "stderr.txt", error)
               ? testing::read_file(dir_ / "stderr.txt")
               : std::string();
  }

  // SIGTERM, then the exit status (-1 when it did not exit normally within 20 s).
  int terminate() {
    ::kill(pid_, SIGTERM);
    auto deadline = std::chrono::steady_clock::now() + 20s;
    int status = 0;
    while (std::chrono::steady_clock::now() < deadline) {
      pid_t done = ::waitpid(pid_, &status, WNOHANG);
      if (done == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      std::this_thread::sleep_for(20ms);
    }
    return -1;
  }

 private:
  testing::TempDir dir_;
  int port_;
  pid_t pid_ = -1;
};

json body_json(const Response& response) { return json::parse(response.body, nullptr, false); }

}  // namespace

BOOST_AUTO_TEST_SUITE(http_bridge_test)

BOOST_AUTO_TEST_CASE(hello_answers_like_the_native_host) {
  Server server;
  Response hello = http_exchange(server.port(), request("GET", "/v1/hello", server.host()));
  BOOST_TEST(hello.status == 200);
  BOOST_TEST(hello.get("content-type").starts_with("application/json"));
  json reply = body_json(hello);
  BOOST_TEST(reply["ok"] == true);
  BOOST_TEST(reply["result"]["protocol"] == 1);
  // localhost:<port> is the other accepted Host.
  Response local = http_exchange(
      server.port(), request("POST", "/v1/hello", "localhost:" + std::to_string(server.port()), {},
                             R"({"id":"h1"})"));
  BOOST_TEST(local.status == 200);
  BOOST_TEST(body_json(local)["id"] == "h1");
  BOOST_TEST(server.terminate() == 0, "sendcheck serve stderr: " << server.log());
}

BOOST_AUTO_TEST_CASE(preflight_from_an_allowed_origin_grants_cors_and_pna) {
  Server server;
  Response preflight = http_exchange(
      server.port(),
      request("OPTIONS", "/v1/check", server.host(),
              {std::string("Origin: ") + kOrigin, "Access-Control-Request-Method: POST",
               "Access-Control-Request-Headers: content-type",
               "Access-Control-Request-Private-Network: true"}));
  BOOST_TEST(preflight.status == 204);
  BOOST_TEST(preflight.get("access-control-allow-origin") == kOrigin);
  BOOST_TEST(preflight.get("access-control-allow-methods").find("POST") != std::string::npos);
  BOOST_TEST(preflight.get("access-control-allow-methods").find("GET") != std::string::npos);
  BOOST_TEST(preflight.get("access-control-allow-methods").find("OPTIONS") != std::string::npos);
  BOOST_TEST(preflight.get("access-control-allow-headers") == "Content-Type");
  BOOST_TEST(preflight.has("access-control-max-age"));
  BOOST_TEST(preflight.get("access-control-allow-private-network") == "true");

  // Without the PNA request header there is no PNA grant.
  Response plain = http_exchange(server.port(), request("OPTIONS", "/v1/check", server.host(),
                                                        {std::string("Origin: ") + kOrigin,
                                                         "Access-Control-Request-Method: POST"}));
  BOOST_TEST(plain.status == 204);
  BOOST_TEST(plain.get("access-control-allow-origin") == kOrigin);
  BOOST_TEST(!plain.has("access-control-allow-private-network"));

  // The real request from that origin carries the grant too.
  Response post =
      http_exchange(server.port(),
                    request("POST", "/v1/check", server.host(), {std::string("Origin: ") + kOrigin},
                            check_request(1, "a@partner.example").dump()));
  BOOST_TEST(post.status == 200);
  BOOST_TEST(post.get("access-control-allow-origin") == kOrigin);
  BOOST_TEST(body_json(post)["ok"] == true);
  BOOST_TEST(server.terminate() == 0, "sendcheck serve stderr: " << server.log());
}

BOOST_AUTO_TEST_CASE(another_origin_gets_no_grant_and_403) {
  Server server;
  std::vector<std::string> evil = {"Origin: https://evil.example",
                                   "Access-Control-Request-Method: POST",
                                   "Access-Control-Request-Private-Network: true"};
  Response preflight =
      http_exchange(server.port(), request("OPTIONS", "/v1/check", server.host(), evil));
  BOOST_TEST(preflight.status == 403);
  BOOST_TEST(!preflight.has("access-control-allow-origin"));
  BOOST_TEST(!preflight.has("access-control-allow-private-network"));

  Response post = http_exchange(
      server.port(), request("POST", "/v1/check", server.host(), {"Origin: https://evil.example"},
                             check_request(2, "a@partner.example").dump()));
  BOOST_TEST(post.status == 403);
  BOOST_TEST(!post.has("access-control-allow-origin"));
  BOOST_TEST(body_json(post)["error"]["code"] == "bridge.origin-not-allowed");
  // "null" (a sandboxed frame, a file:) is an origin like any other: refused.
  Response null_origin =
      http_exchange(server.port(), request("GET", "/v1/hello", server.host(), {"Origin: null"}));
  BOOST_TEST(null_origin.status == 403);
  BOOST_TEST(server.terminate() == 0, "sendcheck serve stderr: " << server.log());
}

BOOST_AUTO_TEST_CASE(a_foreign_host_header_is_refused) {
  Server server;
  std::string port = std::to_string(server.port());
  for (const std::string& host :
       std::vector<std::string>{"evil.example", "evil.example:" + port,
                                "127.0.0.1:" + std::to_string(server.port() == 1 ? 2 : 1),
                                "127.0.0.1", "0.0.0.0:" + port}) {
    BOOST_TEST_CONTEXT("Host: " << host) {
      Response response = http_exchange(
          server.port(),
          request("POST", "/v1/check", host, {}, check_request(3, "a@b.example").dump()));
      BOOST_TEST((response.status == 421 || response.status == 403));
      BOOST_TEST(body_json(response)["error"]["code"] == "bridge.bad-host");
      BOOST_TEST(body_json(response)["ok"] == false);
    }
  }
  BOOST_TEST(server.terminate() == 0, "sendcheck serve stderr: " << server.log());
}

BOOST_AUTO_TEST_CASE(a_body_over_the_cap_is_413) {
  Server server;
  std::string big(kMaxBody + 1, ' ');
  Response response =
      http_exchange(server.port(), request("POST", "/v1/check", server.host(), {}, big));
  BOOST_TEST(response.status == 413);
  BOOST_TEST(body_json(response)["error"]["code"] == "frame.too-large");
  // The server goes on serving.
  Response after = http_exchange(server.port(), request("GET", "/v1/hello", server.host()));
  BOOST_TEST(after.status == 200);
  BOOST_TEST(server.terminate() == 0, "sendcheck serve stderr: " << server.log());
}

BOOST_AUTO_TEST_CASE(malformed_json_is_400_with_the_code) {
  Server server;
  Response response = http_exchange(
      server.port(), request("POST", "/v1/check", server.host(), {}, "{\"id\": 1, dr"));
  BOOST_TEST(response.status == 400);
  json reply = body_json(response);
  BOOST_TEST(reply["ok"] == false);
  BOOST_TEST(reply["error"]["code"] == "request.invalid-json");

  Response mismatch = http_exchange(server.port(), request("POST", "/v1/hello", server.host(), {},
                                                           check_request(5, "a@b.example").dump()));
  BOOST_TEST(mismatch.status == 400);
  BOOST_TEST(body_json(mismatch)["id"] == 5);
  BOOST_TEST(body_json(mismatch)["error"]["code"] == "request.type-mismatch");

  Response unknown = http_exchange(
      server.port(), request("POST", "/v1/no.such-type", server.host(), {}, R"({"id":6})"));
  BOOST_TEST(unknown.status == 400);
  BOOST_TEST(body_json(unknown)["error"]["code"] == "request.unknown-type");
  BOOST_TEST(server.terminate() == 0, "sendcheck serve stderr: " << server.log());
}

BOOST_AUTO_TEST_CASE(fifty_concurrent_checks_get_fifty_correct_replies) {
  Server server;
  constexpr int kCount = 50;
  std::vector<Response> responses(kCount);
  std::vector<std::thread> threads;
  for (int i = 0; i < kCount; ++i) {
    threads.emplace_back([&, i] {
      std::string to = "user" + std::to_string(i) + "@partner" + std::to_string(i) + ".example";
      responses[i] = http_exchange(
          server.port(), request("POST", "/v1/check", server.host(),
                                 {std::string("Origin: ") + kOrigin}, check_request(i, to).dump()));
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int i = 0; i < kCount; ++i) {
    BOOST_TEST_CONTEXT("request " << i) {
      BOOST_TEST(responses[i].status == 200);
      json reply = body_json(responses[i]);
      BOOST_TEST_REQUIRE(reply.is_object());
      BOOST_TEST(reply["id"] == i);
      BOOST_TEST(reply["ok"] == true);
      BOOST_TEST(reply["result"]["verdict"] == "confirm");
      std::string to = "user" + std::to_string(i) + "@partner" + std::to_string(i) + ".example";
      BOOST_TEST(reply["result"]["groups"][0]["recipients"][0]["address"] == to);
    }
  }
  BOOST_TEST(server.terminate() == 0, "sendcheck serve stderr: " << server.log());
}

BOOST_AUTO_TEST_CASE(port_and_origins_come_from_the_settings) {
  const std::string origin = "https://settings-addin.example.test";
  Server server(json{{"allowedOrigins", {origin}}}, /*port_in_settings=*/true);
  Response preflight = http_exchange(
      server.port(), request("OPTIONS", "/v1/check", server.host(),
                             {"Origin: " + origin, "Access-Control-Request-Method: POST"}));
  BOOST_TEST(preflight.status == 204);
  BOOST_TEST(preflight.get("access-control-allow-origin") == origin);
  // The environment's origins count too.
  Response env_origin = http_exchange(server.port(), request("GET", "/v1/hello", server.host(),
                                                             {std::string("Origin: ") + kOrigin}));
  BOOST_TEST(env_origin.status == 200);
  BOOST_TEST(env_origin.get("access-control-allow-origin") == kOrigin);
  BOOST_TEST(server.terminate() == 0, "sendcheck serve stderr: " << server.log());
}

BOOST_AUTO_TEST_CASE(sigterm_closes_the_listener_and_exits_0) {
  Server server;
  int port = server.port();
  BOOST_TEST(server.terminate() == 0, "sendcheck serve stderr: " << server.log());
  BOOST_TEST(http_exchange(port, request("GET", "/v1/hello", server.host())).status == 0);
  std::string log = server.log();
  BOOST_TEST(log.find("stop: SIGTERM") != std::string::npos);
  // Logs never carry request content.
  BOOST_TEST(log.find("partner.example") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace sendcheck
