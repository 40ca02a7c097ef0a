#include "process_runner.h"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <exception>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <utility>

#include "platform/process.h"

namespace sendcheck::bench {
namespace {

using Clock = std::chrono::steady_clock;

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

// Fills the measures of `run` from how the child ended.
void take_status(const platform::ExitStatus& status, ChildRun* run) {
  run->max_rss_kb = status.max_rss_kb;
  run->cpu_seconds = status.cpu_seconds;
  run->exit_status = status.shell_code();
}

// The length a native messaging frame's header declares, once 4 bytes are there.
std::optional<std::uint32_t> declared_length(const std::string& bytes) {
  if (bytes.size() < 4) return std::nullopt;
  std::uint32_t length = 0;
  std::memcpy(&length, bytes.data(), 4);
  return length;
}

bool whole_frame(const std::string& bytes) {
  std::optional<std::uint32_t> length = declared_length(bytes);
  return length && bytes.size() >= 4 + static_cast<std::size_t>(*length);
}

}  // namespace

ChildRun run_host(const std::string& program, const EnvChanges& env, const std::string& request) {
  ChildRun run;
  std::string frame(4, '\0');
  auto length = static_cast<std::uint32_t>(request.size());
  std::memcpy(frame.data(), &length, 4);
  frame += request;
  platform::SpawnOptions options;
  options.argv = {program, "bench-manifest.json", "sendcheck@bench"};
  options.env_changes = env;
  options.err = platform::Stdio::kNull;
  platform::ExchangeOptions exchange;
  exchange.close_input = false;
  exchange.complete = whole_frame;
  Clock::time_point start = Clock::now();
  platform::ChildProcess child(options);
  platform::ExchangeResult result = child.exchange(frame, exchange);
  run.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  child.close_stdin();
  take_status(child.wait(), &run);
  if (!whole_frame(result.out)) throw std::runtime_error(program + ": no reply frame");
  run.output = result.out.substr(4, *declared_length(result.out));
  return run;
}

ChildRun run_program(const std::vector<std::string>& argv, const EnvChanges& env) {
  ChildRun run;
  platform::SpawnOptions options;
  options.argv = argv;
  options.env_changes = env;
  options.in = platform::Stdio::kNull;
  options.err = platform::Stdio::kNull;
  Clock::time_point start = Clock::now();
  platform::ChildProcess child(options);
  run.output = child.exchange("").out;
  take_status(child.wait(), &run);
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
