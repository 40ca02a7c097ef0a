// Runs a program as a child process for the benchmarks (issue 7) and measures it: wall time from
// just before the spawn (platform/process.h) to the event of interest, and the child's peak
// resident set size.
//
// Peak RSS is wait4()'s ru_maxrss of the child (kilobytes on Linux). A child starts in the
// parent's address space until it executes the program (fork(), or posix_spawn's vfork), so the
// figure is at least the benchmark driver's RSS at the time of the fork: the driver keeps itself
// small (a few MB) and reports its own RSS so that the floor of this figure is known. Heavy work
// (generating histories) is done in a forked worker (run_in_child) for that reason.
//
// Thread-safety: call from one thread.
#ifndef SENDCHECK_BENCH_PROCESS_RUNNER_H_
#define SENDCHECK_BENCH_PROCESS_RUNNER_H_

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace sendcheck::bench {

struct ChildRun {
  double seconds = 0;      // spawn to reply (run_host) or to exit (run_program)
  double cpu_seconds = 0;  // user + system time of the child (ru_utime + ru_stime)
  long max_rss_kb = 0;     // ru_maxrss of the child
  int exit_status = -1;    // exit code, or 128 + signal
  std::string output;      // the reply frame's body (run_host) or stdout (run_program)
};

// Environment changes for a child: name -> value ("" removes the variable).
using EnvChanges = std::map<std::string, std::string>;

// Starts `program` with pipes on stdin/stdout (stderr to /dev/null), writes one native
// messaging frame (4-byte native-endian length + `request`), reads one reply frame, then closes
// stdin and waits for the exit. `seconds` ends when the whole reply has been read. Throws
// std::runtime_error when the child cannot be started or does not answer with a frame.
ChildRun run_host(const std::string& program, const EnvChanges& env, const std::string& request);

// Runs `argv` to its end with stdout captured (stdin and stderr /dev/null). `seconds` ends at
// its exit.
ChildRun run_program(const std::vector<std::string>& argv, const EnvChanges& env);

// Runs `work` in a forked child (no exec) and waits; returns its exit status (0 when `work`
// returned normally, 1 when it threw; the message goes to stderr).
int run_in_child(const std::function<void()>& work);

// The peak RSS of this process in kilobytes.
long own_max_rss_kb();

}  // namespace sendcheck::bench

#endif  // SENDCHECK_BENCH_PROCESS_RUNNER_H_
