// policy/fetch_process.h — a PolicyFetcher that runs the HTTP GET in another program, so that
// sendcheck-host does not link cpprestsdk and OpenSSL (their loading doubled the host's start-up;
// docs/performance.md). The native host runs the sibling `sendcheck policy http-get`
// (platform::sibling_program, platform/paths.h), started by platform/process.h, which does the GET
// with the cpprestsdk fetcher (transport/http/policy_fetcher.h). Everything else (cache, freshness,
// back-off, validation of the body) stays in the calling process (policy_url.cc), so the host
// behaves as before.
//
// The exchange with the child, on its stdin/stdout (internal, both ends are this file):
//   stdin:  one JSON object {"url", "etag", "timeoutSeconds", "maxBodyBytes"} (the request);
//   stdout: one JSON line {"status", "etag", "errorCode", "errorMessage", "bodyBytes"} then
//           exactly bodyBytes raw bytes of body (any bytes: not re-encoded).
// The URL goes through stdin, not argv, so it is not visible in the process list.
//
// Thread-safety: fetch() may run on several threads at once (no shared state; the pipes are
// created close-on-exec, so a concurrent spawn does not inherit them).
#ifndef SENDCHECK_POLICY_FETCH_PROCESS_H_
#define SENDCHECK_POLICY_FETCH_PROCESS_H_

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "policy/policy.h"

namespace sendcheck {

// How much longer than request.timeout the caller waits for the child before killing it
// (SIGKILL) and answering "policy.fetch-timeout": the child's own start-up, on a busy machine.
inline constexpr std::chrono::milliseconds kFetchProcessGrace{3000};

// Runs `argv` (argv[0] a path, not searched in PATH) for each fetch() with the request on its
// stdin, and reads the response from its stdout (format above). Failures of the exchange never
// throw: the program cannot be started, exits without a well-formed response, or writes more than
// max_body_bytes of body -> "policy.fetch-failed" (the message names the program) or
// "policy.too-large"; the child still running after request.timeout + `grace` is killed ->
// "policy.fetch-timeout". The child's stderr is the caller's stderr. The child is always reaped.
std::shared_ptr<const PolicyFetcher> make_process_policy_fetcher(
    std::vector<std::string> argv, std::chrono::milliseconds grace = kFetchProcessGrace);

// The two ends of the exchange. decode_fetch_request throws Error("policy.bad-request") for a
// text that is not a request object (url a string; the rest optional, defaults of
// PolicyFetchRequest). decode_fetch_response never throws: a malformed text is a
// "policy.fetch-failed" response naming `program`.
std::string encode_fetch_request(const PolicyFetchRequest& request);
PolicyFetchRequest decode_fetch_request(const std::string& text);
std::string encode_fetch_response(const PolicyFetchResponse& response);
PolicyFetchResponse decode_fetch_response(const std::string& text, const std::string& program);

}  // namespace sendcheck

#endif  // SENDCHECK_POLICY_FETCH_PROCESS_H_
