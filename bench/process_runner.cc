#include "process_runner.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <exception>
#include <iostream>
#include <stdexcept>
#include <utility>

extern char** environ;

namespace sendcheck::bench {
namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::string> child_environment(const EnvChanges& changes) {
  std::vector<std::string> out;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry = *e;
    std::string name = entry.substr(0, entry.find('='));
    if (changes.count(name) == 0) out.push_back(entry);
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

void write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw std::runtime_error(std::string("write to child: ") + std::strerror(errno));
    data += n;
    size -= static_cast<std::size_t>(n);
  }
}

bool read_all(int fd, char* data, std::size_t size) {
  while (size > 0) {
    ssize_t n = ::read(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

struct Spawned {
  pid_t pid = -1;
  int in = -1;   // the child's stdin (write end)
  int out = -1;  // the child's stdout (read end)
};

// fork + exec with pipes on 0 and 1, 2 to /dev/null. The argument and environment arrays are
// built before fork() so the child only calls async-signal-safe functions.
Spawned spawn(const std::vector<std::string>& argv, const EnvChanges& env, bool with_stdin) {
  std::vector<std::string> args = argv;
  std::vector<std::string> envs = child_environment(env);
  std::vector<char*> arg_ptrs = pointers(args);
  std::vector<char*> env_ptrs = pointers(envs);
  int to_child[2];
  int from_child[2];
  if (::pipe2(to_child, O_CLOEXEC) != 0 || ::pipe2(from_child, O_CLOEXEC) != 0) {
    throw std::runtime_error("pipe failed");
  }
  int null_fd = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::dup2(with_stdin ? to_child[0] : null_fd, 0);
    ::dup2(from_child[1], 1);
    ::dup2(null_fd, 2);
    ::execve(arg_ptrs[0], arg_ptrs.data(), env_ptrs.data());
    ::_exit(127);
  }
  ::close(to_child[0]);
  ::close(from_child[1]);
  ::close(null_fd);
  Spawned s;
  s.pid = pid;
  if (with_stdin) {
    s.in = to_child[1];
  } else {
    ::close(to_child[1]);
  }
  s.out = from_child[0];
  return s;
}

void wait_for(pid_t pid, ChildRun* run) {
  int status = 0;
  struct rusage usage {};
  while (::wait4(pid, &status, 0, &usage) < 0) {
    if (errno != EINTR) throw std::runtime_error("wait4 failed");
  }
  run->max_rss_kb = usage.ru_maxrss;
  auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  run->cpu_seconds = seconds(usage.ru_utime) + seconds(usage.ru_stime);
  run->exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

ChildRun run_host(const std::string& program, const EnvChanges& env, const std::string& request) {
  ChildRun run;
  std::string frame(4, '\0');
  auto length = static_cast<std::uint32_t>(request.size());
  std::memcpy(frame.data(), &length, 4);
  frame += request;
  Clock::time_point start = Clock::now();
  Spawned child = spawn({program, "bench-manifest.json", "sendcheck@bench"}, env, true);
  write_all(child.in, frame.data(), frame.size());
  char header[4];
  bool ok = read_all(child.out, header, 4);
  std::uint32_t reply_length = 0;
  if (ok) {
    std::memcpy(&reply_length, header, 4);
    run.output.resize(reply_length);
    ok = read_all(child.out, run.output.data(), reply_length);
  }
  run.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  ::close(child.in);
  ::close(child.out);
  wait_for(child.pid, &run);
  if (!ok) throw std::runtime_error(program + ": no reply frame");
  return run;
}

ChildRun run_program(const std::vector<std::string>& argv, const EnvChanges& env) {
  ChildRun run;
  Clock::time_point start = Clock::now();
  Spawned child = spawn(argv, env, false);
  char buffer[4096];
  for (;;) {
    ssize_t n = ::read(child.out, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    run.output.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(child.out);
  wait_for(child.pid, &run);
  run.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return run;
}

int run_in_child(const std::function<void()>& work) {
  std::cout.flush();
  std::cerr.flush();
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int code = 0;
    try {
      work();
    } catch (const std::exception& e) {
      std::cerr << "error: " << e.what() << "\n";
      code = 1;
    }
    std::cerr.flush();
    ::_exit(code);
  }
  ChildRun run;
  wait_for(pid, &run);
  return run.exit_status;
}

long own_max_rss_kb() {
  struct rusage usage {};
  ::getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

}  // namespace sendcheck::bench
