// `sendcheck-host`: the native messaging host Thunderbird starts for the SendCheck add-on
// (DESIGN.md §1, §3, §5; docs/protocol.md "Native messaging host").
//
// Started as `sendcheck-host <manifest path> <extension id>` with its folder as working
// directory; the arguments are only logged. Requests arrive as frames on stdin, replies leave as
// frames on stdout, nothing else ever reaches stdout: the real stdout is kept on a private
// descriptor for frames and descriptor 1 is pointed at stderr, so a library that prints cannot
// corrupt the stream. Environment: SENDCHECK_DB, SENDCHECK_CONFIG, SENDCHECK_POLICY (as the
// CLI), SENDCHECK_MAX_FRAME (the request size cap in bytes, default 64 MiB).
//
// Start-up is most of a send-time check (Thunderbird starts one host per message;
// docs/performance.md), so the host links no HTTP or TLS library: the team policy URL is fetched
// by the sibling `sendcheck policy http-get` (the `sendcheck` next to this executable), only when
// the policy file names a policyUrl and the cached copy is missing or stale.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <utility>

#include "platform/environment.h"
#include "platform/paths.h"
#include "policy/fetch_process.h"
#include "policy/policy.h"
#include "transport/dispatch/dispatcher.h"
#include "transport/native/framing.h"
#include "transport/native/host_log.h"
#include "transport/native/host_loop.h"

#ifndef SENDCHECK_VERSION
#define SENDCHECK_VERSION "0.1.0"
#endif

namespace {

namespace native = sendcheck::transport::native;

// SENDCHECK_MAX_FRAME: a positive number of bytes; anything else keeps the default.
std::size_t max_frame_from_env(native::HostLog& log) {
  sendcheck::platform::EnvCount bytes = sendcheck::platform::env_count("SENDCHECK_MAX_FRAME");
  if (bytes.status == sendcheck::platform::EnvCount::kUnset) return native::kDefaultMaxFrame;
  if (bytes.status == sendcheck::platform::EnvCount::kInvalid || bytes.value > 0xFFFFFFFFull) {
    log.line("SENDCHECK_MAX_FRAME is not a number of bytes; using " +
             std::to_string(native::kDefaultMaxFrame));
    return native::kDefaultMaxFrame;
  }
  return static_cast<std::size_t>(bytes.value);
}

// Keeps the real stdin/stdout on private descriptors for frames and points 0 at /dev/null and 1
// at stderr. Returns false when there is no stdout to answer on.
bool guard_standard_streams(int* frames_in, int* frames_out) {
  *frames_out = ::fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
  *frames_in = ::fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 3);
  if (*frames_out < 0 || *frames_in < 0) return false;
  if (::dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
    int null_out = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (null_out < 0 || ::dup2(null_out, STDOUT_FILENO) < 0) return false;
    ::close(null_out);
  }
  int null_in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (null_in >= 0) {
    ::dup2(null_in, STDIN_FILENO);
    ::close(null_in);
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && (std::strcmp(argv[1], "--version") == 0)) {
    std::printf("sendcheck-host %s\n", SENDCHECK_VERSION);
    return 0;
  }
  if (argc == 2 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0)) {
    std::printf(
        "usage: sendcheck-host [MANIFEST EXTENSION-ID]\n\n"
        "The native messaging host of SendCheck: Thunderbird starts it and talks to it in\n"
        "length-prefixed JSON frames on stdin/stdout (docs/protocol.md). Register it with\n"
        "`sendcheck install --user`.\n");
    return 0;
  }
  std::signal(SIGPIPE, SIG_IGN);  // a closed reply pipe is EPIPE, handled by the loop

  int frames_in = -1;
  int frames_out = -1;
  bool streams = guard_standard_streams(&frames_in, &frames_out);

  native::HostLog log(native::HostLog::default_path());
  std::string started = "start sendcheck-host " SENDCHECK_VERSION;
  started += " extension=" + (argc >= 3 ? native::printable(argv[2], 100) : std::string("-"));
  log.line(started);
  if (!streams) {
    log.line("stop: no stdin/stdout to talk on");
    return 1;
  }

  // The team policy URL (policy/policy.h): fetched synchronously only when there is no copy;
  // a stale copy is used for this message and refreshed in the background, awaited at exit.
  // The GET itself runs in the sibling `sendcheck policy http-get` (policy/fetch_process.h),
  // bounded by policyTimeoutSeconds (+ kFetchProcessGrace for its start, then it is killed).
  sendcheck::PolicyUrlOptions policy_url;
  policy_url.fetcher = sendcheck::make_process_policy_fetcher(
      {sendcheck::platform::sibling_program("sendcheck").string(), "policy", "http-get"});
  policy_url.refresh = sendcheck::PolicyRefresh::kDeferStale;
  sendcheck::set_policy_url_options(std::move(policy_url));

  native::FrameLimits limits;
  limits.max_frame = max_frame_from_env(log);
  sendcheck::transport::Dispatcher dispatcher;
  native::FdSource in(frames_in);
  native::FdSink out(frames_out);
  int status = native::run_host_loop(in, out, dispatcher, log, limits);
  // Each fetch is bounded by policyTimeoutSeconds (at most 60 s) + kFetchProcessGrace, after
  // which the child is killed; this wait is a safety net.
  if (!sendcheck::finish_policy_refresh(std::chrono::seconds(60) + sendcheck::kFetchProcessGrace +
                                        std::chrono::seconds(1))) {
    log.line("stop: the team policy refresh did not finish");
  }
  return status;
}
