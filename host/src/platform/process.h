// platform/process.h — running another program with pipes on its standard streams: the policy
// URL's fetch child (policy/fetch_process.h), `doctor`'s hello to the host, the benchmarks.
//
// A ChildProcess is started by its constructor (posix_spawn: no PATH search, the caller's
// environment with the given changes) and always reaped: by wait(), kill(), or at the latest by
// the destructor, which kills (SIGKILL) a child still running. Writing to a child that went away
// never raises SIGPIPE in this process. All pipes are close-on-exec in this process, so a
// concurrent spawn on another thread does not inherit them.
//
// Thread-safety: one ChildProcess is used by one thread; several may run on several threads.
#ifndef SENDCHECK_PLATFORM_PROCESS_H_
#define SENDCHECK_PLATFORM_PROCESS_H_

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sendcheck::platform {

using ProcessClock = std::chrono::steady_clock;

// What a standard stream of the child is connected to.
enum class Stdio {
  kPipe,     // a pipe to this process (exchange() writes stdin, reads stdout and stderr)
  kInherit,  // this process's own stream
  kNull,     // /dev/null
};

struct SpawnOptions {
  // argv[0] is the program's path (not searched in PATH); the rest are its arguments.
  std::vector<std::string> argv;
  // Changes to this process's environment for the child: name -> value; "" removes the name.
  std::map<std::string, std::string> env_changes;
  // The child's working folder; "" keeps this process's.
  std::string working_dir;
  // The child leads a new process group: kill() then reaches what it started, too.
  bool own_process_group = false;
  Stdio in = Stdio::kPipe;
  Stdio out = Stdio::kPipe;
  Stdio err = Stdio::kInherit;
};

// How a child ended, and what it used (wait4's rusage).
struct ExitStatus {
  bool exited = false;  // exited on its own with `code`; else killed by `signal`
  int code = 0;
  int signal = 0;
  double cpu_seconds = 0;  // user + system time
  long max_rss_kb = 0;     // peak resident set size, kilobytes (Linux)
  // The exit code, or 128 + the signal, as a shell shows it.
  int shell_code() const { return exited ? code : 128 + signal; }
};

// What exchange() did.
struct ExchangeResult {
  std::string out;             // what the child wrote on stdout
  std::string err;             // what it wrote on stderr (Stdio::kPipe only), cut at max_err
  bool input_written = false;  // all of the input reached the child's stdin
  bool out_closed = false;     // the child closed its stdout (its end of the answer)
  bool timed_out = false;      // the deadline came first
  bool too_large = false;      // stdout grew over max_out
};

struct ExchangeOptions {
  ProcessClock::time_point deadline = ProcessClock::time_point::max();
  // Called with the output so far after each read: true when the answer is complete.
  std::function<bool(const std::string& out)> complete;
  std::size_t max_out = std::numeric_limits<std::size_t>::max();
  std::size_t max_err = 4096;
  // Close the child's stdin once the input is written (a child reading to the end of its input
  // then answers); else it stays open until close_stdin().
  bool close_input = true;
};

class ChildProcess {
 public:
  // Starts options.argv. Throws std::system_error (its what() names the program) when the pipes
  // cannot be made or the program cannot be started (missing, not executable, a working folder
  // that cannot be entered).
  explicit ChildProcess(const SpawnOptions& options);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }

  // Writes `input` to the child's stdin while reading its stdout (and stderr when piped), until
  // stdout is closed, options.complete says the answer is whole, stdout grew over max_out, or
  // the deadline. Streams that are not pipes are skipped. Never throws for the child's doings.
  ExchangeResult exchange(std::string_view input, const ExchangeOptions& options = {});

  // Closes the child's stdin (end of its input).
  void close_stdin();

  // Reads what the child has already written on stderr (piped) without waiting, up to `max`
  // bytes.
  std::string take_stderr(std::size_t max);

  // Waits for the child's exit until `deadline`: nullopt when it still runs.
  std::optional<ExitStatus> wait_until(ProcessClock::time_point deadline);
  // Waits for the child's exit.
  ExitStatus wait();
  // Kills the child (its group with own_process_group) with SIGKILL and reaps it.
  ExitStatus kill();

 private:
  pid_t pid_ = -1;
  bool own_group_ = false;
  std::optional<ExitStatus> status_;
  int in_ = -1;   // the write end of the child's stdin
  int out_ = -1;  // the read end of its stdout
  int err_ = -1;  // the read end of its stderr
};

}  // namespace sendcheck::platform

#endif  // SENDCHECK_PLATFORM_PROCESS_H_
