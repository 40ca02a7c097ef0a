// `sendcheck policy fetch`: the team policy from a URL (policy/policy.h), and the text that
// `policy fetch` and `doctor` print about the effective policy.
//
//   policy fetch [--policy FILE] [--json]
//       Fetches the policyUrl of the team policy file now (If-None-Match with the cached ETag),
//       whatever the cache says, and prints the outcome and what is in force. Exit 0 when a
//       fetched policy is in force (the new copy, or the last good one after a failure), 1 when
//       none is (error "policy.no-url" when the policy file names no policyUrl), 2 usage error.
//       --json prints {"policyFile", "url", "status", "errorCode", "errorMessage",
//       "failingSince", "attemptedAt", "fetchedAt", "checkedAt", "etag", "cachePath",
//       "inForce", "locked"}.
//
//   policy http-get
//       Internal: the HTTP client of sendcheck-host, which does not link cpprestsdk. Reads one
//       request from stdin, does one GET with the cpprestsdk fetcher (policy_url_problem checked
//       first: "policy.url-refused") and writes the response to stdout, in the format of
//       policy/fetch_process.h. Exit 0 once a request was read (HTTP and network failures are in
//       the response); a malformed request is "policy.bad-request" (exit 1).
#ifndef SENDCHECK_APP_CLI_POLICY_H_
#define SENDCHECK_APP_CLI_POLICY_H_

#include <iosfwd>
#include <string>
#include <string_view>

#include "policy/policy.h"

namespace sendcheck {

// True when argv[1] is `policy`.
bool is_policy_command(int argc, const char* const* argv);

// Runs it. Throws sendcheck::Error for runtime failures (run_cli prints the code).
int run_policy_command(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

// The usage lines of this command (part of `sendcheck --help`).
std::string_view policy_usage();

// The CLI's process-wide PolicyUrlOptions: the cpprestsdk fetcher, PolicyRefresh::kWhenDue (a
// missing or stale copy is fetched synchronously, bounded by policyTimeoutSeconds).
void use_policy_url_in_cli();

// One line on the fetched layer: the last attempt and the copy in force ("" when no policyUrl).
std::string policy_url_status_text(const PolicyUrlState& state);

// The effective policy by source: one line per key whose value is not the built-in default
// (`indent`, the key, the value shortened to about 60 characters, the layer it comes from: the
// policy file's path, the URL with fetched-at and ETag, or the user file), then the locked keys
// with the layer that locks them.
void print_effective_policy(const SettingsLayers& layers, std::ostream& out,
                            const std::string& indent);

}  // namespace sendcheck

#endif  // SENDCHECK_APP_CLI_POLICY_H_
