// The real `sendcheck-host` binary over pipes, as Thunderbird runs it: frames in pieces, bad
// frames, a 7000-recipient draft, many requests on one connection, the end of input, and nothing
// but frames on stdout.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "test_support.h"

namespace sendcheck {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr int kTimeoutMs = 30000;

std::string header(std::uint32_t length) {
  std::string out(4, '\0');
  std::memcpy(out.data(), &length, 4);  // native byte order
  return out;
}

std::string frame(const std::string& body) {
  return header(static_cast<std::uint32_t>(body.size())) + body;
}

std::string frame(const json& request) { return frame(request.dump()); }

// One `sendcheck-host` process with its stdin and stdout on pipes and stderr in a file; a
// clean environment: HOME, SENDCHECK_DB in `dir`, SENDCHECK_CONFIG naming a missing file.
class Host {
 public:
  explicit Host(const testing::TempDir& dir, std::vector<std::string> extra_env = {}) : dir_(dir) {
    int in[2];
    int out[2];
    BOOST_TEST_REQUIRE(::pipe2(in, O_CLOEXEC) == 0);
    BOOST_TEST_REQUIRE(::pipe2(out, O_CLOEXEC) == 0);
    std::vector<std::string> env = {"HOME=" + dir.path().string(),
                                    "SENDCHECK_DB=" + (dir / "history.sqlite3").string(),
                                    "SENDCHECK_CONFIG=" + (dir / "none" / "settings.json").string(),
                                    "LANG=C.UTF-8", "PATH=/usr/bin:/bin"};
    env.insert(env.end(), extra_env.begin(), extra_env.end());
    std::string err_path = (dir / "stderr.txt").string();
    pid_ = ::fork();
    BOOST_TEST_REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      ::dup2(in[0], 0);
      ::dup2(out[1], 1);
      int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
      if (err >= 0) ::dup2(err, 2);
      ::chdir(dir.path().c_str());
      std::vector<char*> argv = {const_cast<char*>(SENDCHECK_HOST_PATH),
                                 const_cast<char*>("/tmp/manifest/sendcheck.json"),
                                 const_cast<char*>("sendcheck@example.org"), nullptr};
      std::vector<char*> envp;
      for (std::string& e : env) envp.push_back(e.data());
      envp.push_back(nullptr);
      ::execve(SENDCHECK_HOST_PATH, argv.data(), envp.data());
      ::_exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    to_host_ = in[1];
    from_host_ = out[0];
  }

  ~Host() {
    close_input();
    if (from_host_ >= 0) ::close(from_host_);
    if (pid_ > 0 && status_ < 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }

  void write(const std::string& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n = ::write(to_host_, bytes.data() + done, bytes.size() - done);
      if (n < 0 && errno == EINTR) continue;
      BOOST_TEST_REQUIRE(n > 0, "cannot write to the host");
      done += static_cast<std::size_t>(n);
    }
  }

  void close_input() {
    if (to_host_ >= 0) ::close(to_host_);
    to_host_ = -1;
  }

  // Exactly `size` bytes from stdout, or nullopt at the end of output / after the timeout.
  std::optional<std::string> read_exactly(std::size_t size) {
    std::string out;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kTimeoutMs);
    while (out.size() < size) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                      deadline - std::chrono::steady_clock::now())
                      .count();
      if (left <= 0) return std::nullopt;
      pollfd p{from_host_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left)) <= 0) continue;
      char buffer[65536];
      ssize_t n = ::read(from_host_, buffer, std::min(sizeof buffer, size - out.size()));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return std::nullopt;
      out.append(buffer, static_cast<std::size_t>(n));
      raw_.append(buffer, static_cast<std::size_t>(n));
    }
    return out;
  }

  // The next reply frame's body (checks its length first).
  std::optional<std::string> read_frame_body() {
    std::optional<std::string> h = read_exactly(4);
    if (!h) return std::nullopt;
    std::uint32_t length = 0;
    std::memcpy(&length, h->data(), 4);
    last_frame_length_ = length;
    BOOST_TEST_REQUIRE(length < 1024u * 1024, "reply frame of " << length << " bytes");
    return read_exactly(length);
  }

  json reply() {
    std::optional<std::string> body = read_frame_body();
    BOOST_TEST_REQUIRE(body.has_value(), "no reply from the host; stderr: " << stderr_text());
    return json::parse(*body);
  }

  json call(const json& request) {
    write(frame(request));
    return reply();
  }

  // Everything left on stdout until the host closes it.
  std::string rest_of_output() {
    std::string out;
    char buffer[65536];
    for (;;) {
      pollfd p{from_host_, POLLIN, 0};
      if (::poll(&p, 1, kTimeoutMs) <= 0) break;
      ssize_t n = ::read(from_host_, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      out.append(buffer, static_cast<std::size_t>(n));
    }
    raw_ += out;
    return out;
  }

  // Closes stdin and waits for the exit status (-1: killed or timed out).
  int finish() {
    close_input();
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kTimeoutMs);
    while (status_ < 0) {
      int status = 0;
      pid_t done = ::waitpid(pid_, &status, WNOHANG);
      if (done == pid_) {
        status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 1000 + WTERMSIG(status);
        break;
      }
      if (std::chrono::steady_clock::now() > deadline) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
        status_ = -1;
        break;
      }
      std::this_thread::sleep_for(10ms);
    }
    return status_;
  }

  std::string stderr_text() const {
    std::error_code error;
    if (!std::filesystem::exists(dir_ / "stderr.txt", error)) return {};
    return testing::read_file(dir_ / "stderr.txt");
  }
  // All bytes the host wrote to stdout so far.
  const std::string& raw_output() const { return raw_; }
  std::uint32_t last_frame_length() const { return last_frame_length_; }

 private:
  const testing::TempDir& dir_;
  pid_t pid_ = -1;
  int to_host_ = -1;
  int from_host_ = -1;
  int status_ = -1;
  std::string raw_;
  std::uint32_t last_frame_length_ = 0;
};

json draft(const std::vector<std::string>& to) {
  return json{{"from", "山田 太郎 <taro@example.co.jp>"},
              {"to", to},
              {"subject", "SUBJECT-MARKER"},
              {"body", "BODY-MARKER"}};
}

std::vector<std::string> flags_of(const json& payload, const std::string& address) {
  std::vector<std::string> codes;
  for (const json& group : payload["groups"]) {
    for (const json& r : group["recipients"]) {
      if (r["address"] != address) continue;
      for (const json& f : r["flags"]) codes.push_back(f["code"]);
    }
  }
  return codes;
}

bool has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// Splits stdout into frames; false when something else is there.
bool only_frames(const std::string& bytes, std::size_t* count) {
  std::size_t at = 0;
  *count = 0;
  while (at < bytes.size()) {
    if (bytes.size() - at < 4) return false;
    std::uint32_t length = 0;
    std::memcpy(&length, bytes.data() + at, 4);
    at += 4;
    if (bytes.size() - at < length) return false;
    json body = json::parse(bytes.substr(at, length), nullptr, false);
    if (!body.is_object() || !body.contains("id") || !body.contains("ok")) return false;
    at += length;
    ++*count;
  }
  return true;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(native_host_test)

BOOST_AUTO_TEST_CASE(a_frame_written_in_three_pieces_with_pauses_is_answered) {
  testing::TempDir dir;
  Host host(dir);
  std::string request = frame(json{{"id", "first"}, {"type", "hello"}});
  host.write(request.substr(0, 2));
  std::this_thread::sleep_for(150ms);
  host.write(request.substr(2, 10));
  std::this_thread::sleep_for(150ms);
  host.write(request.substr(12));
  json reply = host.reply();
  BOOST_TEST(reply["id"] == "first");
  BOOST_TEST(reply["ok"] == true);
  BOOST_TEST(reply["result"]["protocol"] == 1);
  BOOST_TEST(reply["result"]["historyPath"] == (dir / "history.sqlite3").string());
  BOOST_TEST(host.finish() == 0);
  // hello does not create the history; the log is private and names the extension.
  BOOST_TEST(!std::filesystem::exists(dir / "history.sqlite3"));
  std::filesystem::path log = dir / "host.log";
  BOOST_TEST_REQUIRE(std::filesystem::exists(log));
  struct stat info {};
  BOOST_TEST(::stat(log.c_str(), &info) == 0);
  BOOST_TEST((info.st_mode & 0777) == 0600u);
  std::string text = testing::read_file(log);
  BOOST_TEST(text.find("extension=sendcheck@example.org") != std::string::npos, text);
  BOOST_TEST(text.find("id=\"first\" type=hello result=ok") != std::string::npos, text);
}

BOOST_AUTO_TEST_CASE(bad_frames_get_their_error_and_the_connection_goes_on) {
  testing::TempDir dir;
  Host host(dir, {"SENDCHECK_MAX_FRAME=1000"});
  host.write(header(0));
  BOOST_TEST(host.reply()["error"]["code"] == "request.invalid-json");
  host.write(frame(std::string(5000, ' ')));
  json too_large = host.reply();
  BOOST_TEST(too_large["error"]["code"] == "frame.too-large");
  BOOST_TEST(too_large["id"].is_null());
  host.write(frame(std::string("{\"id\":1,\"type\":\"hello\",\"x\":\"\xFF\xFE\"}")));
  BOOST_TEST(host.reply()["error"]["code"] == "frame.invalid-utf8");
  host.write(frame(std::string("{\"id\":2,\"type\":")));
  BOOST_TEST(host.reply()["error"]["code"] == "request.invalid-json");
  json unknown = host.call(json{{"id", 3}, {"type", "format-disk"}});
  BOOST_TEST(unknown["id"] == 3);
  BOOST_TEST(unknown["error"]["code"] == "request.unknown-type");
  json ok = host.call(json{{"id", 4}, {"type", "history.stats"}});
  BOOST_TEST(ok["ok"] == true);
  BOOST_TEST(host.finish() == 0);
}

BOOST_AUTO_TEST_CASE(an_absurd_length_is_answered_and_the_host_exits_cleanly) {
  testing::TempDir dir;
  Host host(dir);
  host.write(header(0xFFFFFFFFu) + "{\"id\":1}");
  json reply = host.reply();
  BOOST_TEST(reply["error"]["code"] == "frame.too-large");
  BOOST_TEST(host.rest_of_output().empty());
  BOOST_TEST(host.finish() == 0);
}

BOOST_AUTO_TEST_CASE(seven_thousand_recipients_fit_in_one_reply) {
  testing::TempDir dir;
  Host host(dir);
  std::vector<std::string> to;
  for (int i = 0; i < 7000; ++i) {
    to.push_back("\"Recipient " + std::to_string(i) + "\" <person" + std::to_string(i) +
                 "@company" + std::to_string(i % 300) + ".example>");
  }
  json reply = host.call(json{{"id", 70}, {"type", "check"}, {"draft", draft(to)}});
  BOOST_TEST(host.last_frame_length() < 1024u * 1024);
  BOOST_TEST_REQUIRE(reply["ok"] == true, reply.dump().substr(0, 300));
  json payload = reply["result"];
  BOOST_TEST(payload["recipientCount"] == 7000);
  BOOST_TEST(payload["truncated"] == true);
  BOOST_TEST(payload["groups"].size() == 300u);
  BOOST_TEST(host.finish() == 0);
}

BOOST_AUTO_TEST_CASE(a_hundred_requests_on_one_connection_are_answered_in_order) {
  testing::TempDir dir;
  Host host(dir);
  const char* types[] = {"history.stats", "allowlist.list", "audit.query", "nope"};
  std::string all;
  for (int i = 0; i < 100; ++i) {
    all += frame(json{{"id", i}, {"type", types[i % 4]}});
  }
  host.write(all);
  for (int i = 0; i < 100; ++i) {
    json reply = host.reply();
    BOOST_TEST(reply["id"] == i);
    BOOST_TEST(reply["ok"] == (i % 4 != 3));
  }
  BOOST_TEST(host.finish() == 0);
}

BOOST_AUTO_TEST_CASE(record_sent_then_check_knows_the_recipient) {
  testing::TempDir dir;
  {
    Host host(dir);
    json first = host.call(
        json{{"id", 1}, {"type", "check"}, {"draft", draft({"Suzuki <suzuki@partner.example>"})}});
    BOOST_TEST(has(flags_of(first["result"], "suzuki@partner.example"), "first-time"));
    json recorded = host.call(json{{"id", 2},
                                   {"type", "record-sent"},
                                   {"draft", draft({"Suzuki <suzuki@partner.example>"})},
                                   {"messageId", "<sent-1@example.co.jp>"}});
    BOOST_TEST(recorded["result"] == json({{"recorded", true}}));
    BOOST_TEST(host.finish() == 0);
  }
  // A new process, as Thunderbird starts one per message.
  Host host(dir);
  json again =
      host.call(json{{"id", 3}, {"type", "check"}, {"draft", draft({"suzuki@partner.example"})}});
  std::vector<std::string> flags = flags_of(again["result"], "suzuki@partner.example");
  BOOST_TEST(!has(flags, "first-time"));
  BOOST_TEST(!has(flags, "first-time-domain"));
  json audit = host.call(json{{"id", 4}, {"type", "audit.query"}});
  BOOST_TEST(audit["result"]["entries"].size() == 3u);  // checked, sent, checked
  BOOST_TEST(host.finish() == 0);
  std::string log = testing::read_file(dir / "host.log");
  for (const char* secret : {"SUBJECT-MARKER", "BODY-MARKER", "suzuki", "Suzuki"}) {
    BOOST_TEST(log.find(secret) == std::string::npos, secret);
  }
}

BOOST_AUTO_TEST_CASE(end_of_input_exits_zero) {
  testing::TempDir dir;
  Host host(dir);
  BOOST_TEST(host.finish() == 0);
  BOOST_TEST(host.rest_of_output().empty());
}

BOOST_AUTO_TEST_CASE(a_truncated_frame_exits_zero_without_a_reply) {
  testing::TempDir body_dir;
  Host body(body_dir);
  body.write(header(100) + "{\"id\":1,\"type\"");
  body.close_input();
  BOOST_TEST(body.rest_of_output().empty());
  BOOST_TEST(body.finish() == 0);

  testing::TempDir length_dir;
  Host length(length_dir);
  length.write(std::string("\x20\x00", 2));
  length.close_input();
  BOOST_TEST(length.rest_of_output().empty());
  BOOST_TEST(length.finish() == 0);
}

BOOST_AUTO_TEST_CASE(nothing_but_frames_reaches_stdout) {
  testing::TempDir dir;
  Host host(dir, {"SENDCHECK_MAX_FRAME=100000"});
  std::string input;
  input += frame(json{{"id", 1}, {"type", "hello"}});
  input += frame(json{{"id", 2}, {"type", "check"}, {"draft", draft({"a@b.example"})}});
  input += header(0);
  input += frame(std::string("\xC0\x80"));
  input += frame(json{{"id", 3}, {"type", "settings.set"}, {"key", "x"}, {"value", 1}});
  input += frame(json{{"id", 4}, {"type", "record-sent"}, {"draft", draft({"a@b.example"})}});
  input += frame(std::string(200000, 'x'));
  input += frame(json{{"id", 5}, {"type", "import-history"}, {"messages", json::array()}});
  host.write(input);
  host.close_input();
  std::string out = host.rest_of_output();
  BOOST_TEST(host.finish() == 0);
  std::size_t count = 0;
  BOOST_TEST(only_frames(out, &count), "stdout holds more than frames");
  BOOST_TEST(count == 8u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace sendcheck
