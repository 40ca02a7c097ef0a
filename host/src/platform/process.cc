// Running another program with pipes on its standard streams (platform/process.h).
#include "platform/process.h"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <ctime>
#include <system_error>
#include <utility>

extern char** environ;  // NOLINT: POSIX

namespace sendcheck::platform {
namespace {

void close_fd(int* fd) {
  if (*fd >= 0) ::close(*fd);
  *fd = -1;
}

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

// This process's environment with `changes` applied ("" removes a name).
std::vector<std::string> child_environment(const std::map<std::string, std::string>& changes) {
  std::vector<std::string> out;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry = *e;
    if (changes.count(entry.substr(0, entry.find('='))) == 0) out.push_back(std::move(entry));
  }
  for (const auto& [name, value] : changes) {
    if (value.empty()) continue;
    std::string entry = name;
    entry += '=';
    entry += value;
    out.push_back(std::move(entry));
  }
  return out;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

ExitStatus decode(int status, const rusage& usage) {
  ExitStatus out;
  out.exited = WIFEXITED(status);
  out.code = out.exited ? WEXITSTATUS(status) : 0;
  out.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  out.cpu_seconds = seconds(usage.ru_utime) + seconds(usage.ru_stime);
  out.max_rss_kb = usage.ru_maxrss;
  return out;
}

}  // namespace

ChildProcess::ChildProcess(const SpawnOptions& options) : own_group_(options.own_process_group) {
  const std::string program = options.argv.empty() ? std::string() : options.argv.front();
  auto fail = [&](int code) {
    throw std::system_error(code, std::generic_category(), "cannot run " + program);
  };
  if (program.empty()) fail(ENOENT);
  // The child's ends of the three streams, closed here once it runs.
  int child_fds[3] = {-1, -1, -1};
  int* parent_fds[3] = {&in_, &out_, &err_};
  const Stdio modes[3] = {options.in, options.out, options.err};
  auto close_all = [&] {
    for (int& fd : child_fds) close_fd(&fd);
    for (int* fd : parent_fds) close_fd(fd);
  };
  for (int i = 0; i < 3; ++i) {
    if (modes[i] == Stdio::kNull) {
      child_fds[i] = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    } else if (modes[i] == Stdio::kPipe) {
      int fds[2];
      if (::pipe2(fds, O_CLOEXEC) == 0) {
        child_fds[i] = i == 0 ? fds[0] : fds[1];
        *parent_fds[i] = i == 0 ? fds[1] : fds[0];
      }
    } else {
      continue;
    }
    if (child_fds[i] < 0) {
      int code = errno;
      close_all();
      fail(code);
    }
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  for (int i = 0; i < 3; ++i) {
    if (child_fds[i] >= 0) posix_spawn_file_actions_adddup2(&actions, child_fds[i], i);
  }
  if (!options.working_dir.empty()) {
    posix_spawn_file_actions_addchdir_np(&actions, options.working_dir.c_str());
  }
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  if (own_group_) {
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attributes, 0);
  }
  std::vector<std::string> args = options.argv;
  std::vector<char*> arg_ptrs = pointers(args);
  std::vector<std::string> envs;
  std::vector<char*> env_ptrs;
  char** envp = environ;
  if (!options.env_changes.empty()) {
    envs = child_environment(options.env_changes);
    env_ptrs = pointers(envs);
    envp = env_ptrs.data();
  }
  int spawned = posix_spawn(&pid_, program.c_str(), &actions, &attributes, arg_ptrs.data(), envp);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  for (int& fd : child_fds) close_fd(&fd);
  if (spawned != 0) {
    pid_ = -1;
    close_all();
    fail(spawned);
  }
}

ChildProcess::~ChildProcess() {
  close_fd(&in_);
  close_fd(&out_);
  close_fd(&err_);
  if (pid_ > 0 && !status_) kill();
}

ExchangeResult ChildProcess::exchange(std::string_view input, const ExchangeOptions& options) {
  ExchangeResult result;
  std::size_t written = 0;
  auto input_done = [&] {
    result.input_written = written == input.size();
    if (options.close_input) close_fd(&in_);
  };
  if (in_ >= 0) {
    if (input.empty()) {
      input_done();
    } else {
      ::fcntl(in_, F_SETFL, ::fcntl(in_, F_GETFL) | O_NONBLOCK);
    }
  }
  bool writing = in_ >= 0 && written < input.size();
  while (out_ >= 0 || writing) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(options.deadline -
                                                                      ProcessClock::now());
    if (left.count() <= 0) {
      result.timed_out = true;
      break;
    }
    // Slots: 0 stdout, 1 stderr, 2 stdin; a negative descriptor is left out by poll().
    pollfd fds[3] = {{out_, POLLIN, 0}, {err_, POLLIN, 0}, {writing ? in_ : -1, POLLOUT, 0}};
    int wait_ms = left.count() > 60'000 ? 60'000 : static_cast<int>(left.count());
    int ready = ::poll(fds, 3, wait_ms);
    if (ready < 0 && errno != EINTR) break;
    if (ready <= 0) continue;
    if (writing && (fds[2].revents & (POLLOUT | POLLERR | POLLHUP)) != 0) {
      ssize_t n = write_no_sigpipe(in_, input.data() + written, input.size() - written);
      if (n > 0) written += static_cast<std::size_t>(n);
      if (written == input.size() || (n < 0 && errno != EAGAIN && errno != EINTR)) {
        writing = false;  // all written, or the child is gone
        input_done();
      }
    }
    char buffer[65536];
    if (err_ >= 0 && fds[1].revents != 0) {
      ssize_t n = ::read(err_, buffer, sizeof buffer);
      if (n > 0 && result.err.size() < options.max_err) {
        result.err.append(
            buffer, std::min(static_cast<std::size_t>(n), options.max_err - result.err.size()));
      }
      if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) close_fd(&err_);
    }
    if (out_ >= 0 && fds[0].revents != 0) {
      ssize_t n = ::read(out_, buffer, sizeof buffer);
      if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      if (n <= 0) {
        result.out_closed = true;
        close_fd(&out_);
        break;
      }
      result.out.append(buffer, static_cast<std::size_t>(n));
      if (result.out.size() > options.max_out) {
        result.too_large = true;
        break;
      }
      if (options.complete && options.complete(result.out)) break;
    }
  }
  if (writing) result.input_written = false;
  return result;
}

void ChildProcess::close_stdin() { close_fd(&in_); }

std::string ChildProcess::take_stderr(std::size_t max) {
  std::string out;
  if (err_ < 0) return out;
  ::fcntl(err_, F_SETFL, ::fcntl(err_, F_GETFL) | O_NONBLOCK);
  char buffer[4096];
  while (out.size() < max) {
    ssize_t n = ::read(err_, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buffer, std::min(static_cast<std::size_t>(n), max - out.size()));
  }
  return out;
}

std::optional<ExitStatus> ChildProcess::wait_until(ProcessClock::time_point deadline) {
  while (!status_) {
    int status = 0;
    rusage usage{};
    pid_t done = ::wait4(pid_, &status, WNOHANG, &usage);
    if (done == pid_) {
      status_ = decode(status, usage);
    } else if (done < 0 && errno != EINTR) {
      status_ = ExitStatus{};  // not our child any more: nothing to wait for
    } else if (ProcessClock::now() >= deadline) {
      return std::nullopt;
    } else {
      timespec pause{0, 2'000'000};
      ::nanosleep(&pause, nullptr);
    }
  }
  return status_;
}

ExitStatus ChildProcess::wait() {
  while (!status_) {
    int status = 0;
    rusage usage{};
    pid_t done = ::wait4(pid_, &status, 0, &usage);
    if (done == pid_) {
      status_ = decode(status, usage);
    } else if (done < 0 && errno != EINTR) {
      status_ = ExitStatus{};
    }
  }
  return *status_;
}

ExitStatus ChildProcess::kill() {
  if (status_) return *status_;
  if (own_group_) ::kill(-pid_, SIGKILL);
  ::kill(pid_, SIGKILL);
  return wait();
}

}  // namespace sendcheck::platform
