// A PolicyFetcher that runs the GET in a child process (policy/fetch_process.h).
#include "policy/fetch_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "sendcheck/error.h"

extern char** environ;  // NOLINT: POSIX

namespace sendcheck {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

PolicyFetchResponse failure(const char* code, std::string message) {
  PolicyFetchResponse out;
  out.error_code = code;
  out.error_message = std::move(message);
  return out;
}

// A descriptor closed when it goes out of scope.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() { reset(); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

// Writes to a pipe whose reader may be gone without raising SIGPIPE in this process: the signal
// is blocked in this thread while writing and a pending one is consumed afterwards.
ssize_t write_no_sigpipe(int fd, const char* data, std::size_t size) {
  sigset_t pipe_only;
  sigset_t old;
  sigemptyset(&pipe_only);
  sigaddset(&pipe_only, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_only, &old);
  ssize_t n = ::write(fd, data, size);
  int saved = errno;
  if (n < 0 && saved == EPIPE) {
    timespec none{0, 0};
    sigtimedwait(&pipe_only, nullptr, &none);
  }
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  errno = saved;
  return n;
}

class ProcessPolicyFetcher : public PolicyFetcher {
 public:
  ProcessPolicyFetcher(std::vector<std::string> argv, std::chrono::milliseconds grace)
      : argv_(std::move(argv)), grace_(grace) {}

  PolicyFetchResponse fetch(const PolicyFetchRequest& request) const override {
    const std::string program = argv_.empty() ? std::string() : argv_.front();
    if (program.empty()) return failure("policy.fetch-failed", "no program to fetch the policy");
    int in_pipe[2];
    int out_pipe[2];
    if (::pipe2(in_pipe, O_CLOEXEC) != 0) {
      return failure("policy.fetch-failed",
                     "cannot create a pipe: " + std::string(strerror(errno)));
    }
    Fd child_in(in_pipe[0]);
    Fd to_child(in_pipe[1]);
    if (::pipe2(out_pipe, O_CLOEXEC) != 0) {
      return failure("policy.fetch-failed",
                     "cannot create a pipe: " + std::string(strerror(errno)));
    }
    Fd from_child(out_pipe[0]);
    Fd child_out(out_pipe[1]);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, child_in.get(), STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, child_out.get(), STDOUT_FILENO);
    std::vector<char*> args;
    args.reserve(argv_.size() + 1);
    for (const std::string& arg : argv_) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    pid_t pid = -1;
    int spawned = posix_spawn(&pid, program.c_str(), &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) {
      return failure("policy.fetch-failed", "cannot run " + program + ": " + strerror(spawned));
    }
    child_in.reset();
    child_out.reset();

    Clock::time_point deadline = Clock::now() + request.timeout + grace_;
    std::string input = encode_fetch_request(request);
    std::size_t written = 0;
    std::string output;
    // The body, the header line and some slack: more than this is too large.
    const std::size_t limit = request.max_body_bytes + 64 * 1024;
    bool too_large = false;
    bool timed_out = false;
    ::fcntl(to_child.get(), F_SETFL, O_NONBLOCK);
    while (from_child.get() >= 0) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) {
        timed_out = true;
        break;
      }
      pollfd fds[2] = {{from_child.get(), POLLIN, 0}, {to_child.get(), POLLOUT, 0}};
      int ready = ::poll(fds, to_child.get() >= 0 ? 2 : 1, static_cast<int>(left.count()));
      if (ready < 0 && errno != EINTR) break;
      if (ready <= 0) continue;
      if (to_child.get() >= 0 && (fds[1].revents & (POLLOUT | POLLERR | POLLHUP)) != 0) {
        ssize_t n =
            write_no_sigpipe(to_child.get(), input.data() + written, input.size() - written);
        if (n > 0) written += static_cast<std::size_t>(n);
        if (n < 0 && errno != EAGAIN && errno != EINTR) written = input.size();  // child gone
        if (written == input.size()) to_child.reset();
      }
      if ((fds[0].revents & (POLLIN | POLLERR | POLLHUP)) != 0) {
        char buffer[65536];
        ssize_t n = ::read(from_child.get(), buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;  // end of the answer
        output.append(buffer, static_cast<std::size_t>(n));
        if (output.size() > limit) {
          too_large = true;
          break;
        }
      }
    }
    to_child.reset();
    from_child.reset();

    // Reap the child: after its answer it exits on its own (waited for until the deadline at
    // most); one that sent too much or ran out of time is killed at once.
    int status = 0;
    bool reaped = false;
    while (!timed_out && !too_large && !reaped) {
      pid_t done = ::waitpid(pid, &status, WNOHANG);
      if (done == pid || (done < 0 && errno != EINTR)) {
        reaped = true;
      } else if (Clock::now() >= deadline) {
        timed_out = true;
      } else {
        timespec pause{0, 2'000'000};
        ::nanosleep(&pause, nullptr);
      }
    }
    if (!reaped) {
      ::kill(pid, SIGKILL);
      while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
    }
    if (timed_out) {
      return failure("policy.fetch-timeout", request.url + ": no answer within " +
                                                 std::to_string(request.timeout.count()) + " s (" +
                                                 program + ")");
    }
    if (too_large) {
      PolicyFetchResponse out =
          failure("policy.too-large", request.url + ": the policy is over " +
                                          std::to_string(request.max_body_bytes) + " bytes");
      out.status = 200;
      return out;
    }
    return decode_fetch_response(output, program);
  }

 private:
  std::vector<std::string> argv_;
  std::chrono::milliseconds grace_;
};

}  // namespace

std::shared_ptr<const PolicyFetcher> make_process_policy_fetcher(std::vector<std::string> argv,
                                                                 std::chrono::milliseconds grace) {
  return std::make_shared<ProcessPolicyFetcher>(std::move(argv), grace);
}

std::string sibling_program(const std::string& name) {
  std::error_code error;
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error || self.empty()) return {};
  return (self.parent_path() / name).string();
}

std::string encode_fetch_request(const PolicyFetchRequest& request) {
  return json{{"url", request.url},
              {"etag", request.etag},
              {"timeoutSeconds", request.timeout.count()},
              {"maxBodyBytes", request.max_body_bytes}}
      .dump(-1, ' ', false, json::error_handler_t::replace);
}

PolicyFetchRequest decode_fetch_request(const std::string& text) {
  json object = json::parse(text, nullptr, /*allow_exceptions=*/false);
  auto url = object.is_object() ? object.find("url") : object.end();
  if (!object.is_object() || url == object.end() || !url->is_string()) {
    throw Error("policy.bad-request",
                "expected {\"url\": ..., \"etag\", \"timeoutSeconds\", "
                "\"maxBodyBytes\"} on stdin");
  }
  PolicyFetchRequest request;
  request.url = url->get<std::string>();
  if (auto it = object.find("etag"); it != object.end() && it->is_string()) {
    request.etag = it->get<std::string>();
  }
  if (auto it = object.find("timeoutSeconds"); it != object.end() && it->is_number_unsigned()) {
    request.timeout = std::chrono::seconds(it->get<std::int64_t>());
  }
  if (auto it = object.find("maxBodyBytes"); it != object.end() && it->is_number_unsigned()) {
    request.max_body_bytes = it->get<std::size_t>();
  }
  return request;
}

std::string encode_fetch_response(const PolicyFetchResponse& response) {
  std::string head = json{{"status", response.status},
                          {"etag", response.etag},
                          {"errorCode", response.error_code},
                          {"errorMessage", response.error_message},
                          {"bodyBytes", response.body.size()}}
                         .dump(-1, ' ', false, json::error_handler_t::replace);
  return head + "\n" + response.body;
}

PolicyFetchResponse decode_fetch_response(const std::string& text, const std::string& program) {
  std::size_t line_end = text.find('\n');
  json head = line_end == std::string::npos
                  ? json()
                  : json::parse(text.substr(0, line_end), nullptr, /*allow_exceptions=*/false);
  auto field = [&](const char* key) {
    auto it = head.is_object() ? head.find(key) : head.end();
    return it != head.end() ? *it : json();
  };
  json status = field("status");
  json bytes = field("bodyBytes");
  if (!status.is_number_integer() || !bytes.is_number_unsigned() ||
      bytes.get<std::size_t>() != text.size() - line_end - 1) {
    return failure("policy.fetch-failed", program + " policy http-get gave no valid answer");
  }
  PolicyFetchResponse out;
  out.status = status.get<int>();
  if (field("etag").is_string()) out.etag = field("etag").get<std::string>();
  if (field("errorCode").is_string()) out.error_code = field("errorCode").get<std::string>();
  if (field("errorMessage").is_string()) {
    out.error_message = field("errorMessage").get<std::string>();
  }
  out.body = text.substr(line_end + 1);
  return out;
}

}  // namespace sendcheck
