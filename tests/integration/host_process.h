// A real `sendcheck-host` process on pipes, for the robustness tests (concurrency, bad input).
//
// Unlike the helper inside native_host_test.cc it uses no Boost.Test macros: every failure is a
// std::runtime_error, so that it can run on worker threads (Boost.Test assertions are not
// thread-safe) and the caller decides what a failure means.
#ifndef SENDCHECK_TESTS_INTEGRATION_HOST_PROCESS_H_
#define SENDCHECK_TESTS_INTEGRATION_HOST_PROCESS_H_

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace sendcheck::testing {

// The 4-byte length in native byte order that starts a native messaging frame.
inline std::string frame_header(std::uint32_t length) {
  std::string out(4, '\0');
  std::memcpy(out.data(), &length, 4);
  return out;
}

inline std::string make_frame(const std::string& body) {
  return frame_header(static_cast<std::uint32_t>(body.size())) + body;
}

inline std::string make_frame(const nlohmann::json& request) { return make_frame(request.dump()); }

// One `sendcheck-host` with stdin and stdout on pipes and stderr appended to `stderr_path`.
// Environment: exactly `env` (no inherited variables).
class HostProcess {
 public:
  // How long a reply may take. The sanitizer build (scripts/test-sanitizers.sh: Debug, ASan +
  // UBSan, often 10x slower) gets five times as long: its 100 000-recipient check took over a
  // minute on a loaded machine.
#if defined(__SANITIZE_ADDRESS__)
  static constexpr int kTimeoutMs = 300000;
#else
  static constexpr int kTimeoutMs = 60000;
#endif

  HostProcess(const std::vector<std::string>& env, const std::filesystem::path& cwd,
              const std::filesystem::path& stderr_path) {
    int in[2];
    int out[2];
    if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0) {
      throw std::runtime_error("pipe2 failed");
    }
    std::vector<std::string> env_copy = env;
    std::vector<char*> envp;
    for (std::string& e : env_copy) envp.push_back(e.data());
    envp.push_back(nullptr);
    std::vector<char*> argv = {const_cast<char*>(SENDCHECK_HOST_PATH),
                               const_cast<char*>("/tmp/manifest/sendcheck.json"),
                               const_cast<char*>("sendcheck@example.org"), nullptr};
    std::string err_path = stderr_path.string();
    std::string dir = cwd.string();
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      ::dup2(in[0], 0);
      ::dup2(out[1], 1);
      int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
      if (err >= 0) ::dup2(err, 2);
      if (::chdir(dir.c_str()) != 0) ::_exit(126);
      ::execve(SENDCHECK_HOST_PATH, argv.data(), envp.data());
      ::_exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    to_host_ = in[1];
    from_host_ = out[0];
  }

  ~HostProcess() {
    close_input();
    if (from_host_ >= 0) ::close(from_host_);
    if (pid_ > 0 && !exited_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }

  HostProcess(const HostProcess&) = delete;
  HostProcess& operator=(const HostProcess&) = delete;

  // Writes all of `bytes`; false when the host closed its input (it exited).
  bool write(const std::string& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n = ::write(to_host_, bytes.data() + done, bytes.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      done += static_cast<std::size_t>(n);
    }
    return true;
  }

  void close_input() {
    if (to_host_ >= 0) ::close(to_host_);
    to_host_ = -1;
  }

  // Exactly `size` bytes of stdout; nullopt at the end of output or after the timeout.
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
    }
    return out;
  }

  // The next reply frame's body; nullopt when the host ended its output. Throws for a reply of
  // 1 MiB or more (Thunderbird would refuse it).
  std::optional<std::string> read_frame_body() {
    std::optional<std::string> h = read_exactly(4);
    if (!h) return std::nullopt;
    std::uint32_t length = 0;
    std::memcpy(&length, h->data(), 4);
    last_frame_length_ = length;
    if (length >= 1024u * 1024) {
      throw std::runtime_error("reply frame of " + std::to_string(length) + " bytes");
    }
    return read_exactly(length);
  }

  // The next reply, parsed; throws when there is none or it is not JSON.
  nlohmann::json reply() {
    std::optional<std::string> body = read_frame_body();
    if (!body) throw std::runtime_error("no reply from the host");
    return nlohmann::json::parse(*body);
  }

  nlohmann::json call(const nlohmann::json& request) {
    if (!write(make_frame(request))) throw std::runtime_error("the host closed its input");
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
    return out;
  }

  // Closes stdin and waits for the exit status: the exit code, 1000 + signal when killed, -1
  // after the timeout (the host is then killed).
  int finish() {
    close_input();
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kTimeoutMs);
    while (!exited_) {
      int status = 0;
      pid_t done = ::waitpid(pid_, &status, WNOHANG);
      if (done == pid_) {
        exited_ = true;
        status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 1000 + WTERMSIG(status);
        break;
      }
      if (std::chrono::steady_clock::now() > deadline) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
        exited_ = true;
        status_ = -1;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return status_;
  }

  std::uint32_t last_frame_length() const { return last_frame_length_; }

 private:
  pid_t pid_ = -1;
  int to_host_ = -1;
  int from_host_ = -1;
  bool exited_ = false;
  int status_ = -1;
  std::uint32_t last_frame_length_ = 0;
};

// The environment of a host that keeps everything in `dir`: HOME, SENDCHECK_DB = `db`,
// SENDCHECK_CONFIG naming a missing file, LANG=C.UTF-8.
inline std::vector<std::string> host_env(const std::filesystem::path& dir,
                                         const std::filesystem::path& db) {
  return {"HOME=" + dir.string(), "SENDCHECK_DB=" + db.string(),
          "SENDCHECK_CONFIG=" + (dir / "none" / "settings.json").string(), "LANG=C.UTF-8",
          "PATH=/usr/bin:/bin"};
}

}  // namespace sendcheck::testing

#endif  // SENDCHECK_TESTS_INTEGRATION_HOST_PROCESS_H_
