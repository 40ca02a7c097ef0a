// The administrative sub-commands of `sendcheck`: settings, allowlist, history forget.
//
//   settings show [--policy FILE] [--config FILE] [--json]
//   settings set KEY VALUE [--policy FILE] [--config FILE]
//   allowlist add|remove ENTRY... [--db PATH]
//   allowlist list [--db PATH] [--json]
//   history forget ADDRESS... | --all [--db PATH]
//
// Exit statuses as run_cli (cli.h): 0 success, 1 runtime failure (sendcheck::Error is thrown to
// the caller, which prints its code), 2 usage error (printed here, with the usage of these
// commands).
#ifndef SENDCHECK_APP_CLI_ADMIN_H_
#define SENDCHECK_APP_CLI_ADMIN_H_

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace sendcheck {

// True when argv (argv[0] the program) names one of the commands above: `settings`,
// `allowlist`, or `history forget`.
bool is_admin_command(int argc, const char* const* argv);

// Runs one of them. Throws sendcheck::Error for runtime failures.
int run_admin_command(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

// The usage lines of these commands (part of `sendcheck --help`).
std::string_view admin_usage();

// Allowlist entries and addresses to forget are canonicalised as the native host does it:
// canonical_entry (sendcheck/address.h).

}  // namespace sendcheck

#endif  // SENDCHECK_APP_CLI_ADMIN_H_
