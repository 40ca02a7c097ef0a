// `sendcheck doctor`: one line per check of the chain the add-on needs: the user and system
// manifests (where this machine's install plan puts them, cli_install.h), the host binary, a
// `hello` round trip with the host in native messaging frames (5 s timeout), the history
// database, the settings and team policy files, the policy URL. Exit 0 when everything needed
// works, 1 otherwise; 2 for a usage error (doctor takes no arguments).
#ifndef SENDCHECK_APP_CLI_DOCTOR_H_
#define SENDCHECK_APP_CLI_DOCTOR_H_

#include <iosfwd>
#include <string_view>

namespace sendcheck {

// True when argv[1] is `doctor`.
bool is_doctor_command(int argc, const char* const* argv);

// Runs it: the report goes to `out`, a usage error to `err`. Reports its failures itself (never
// throws sendcheck::Error).
int run_doctor_command(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

// The usage lines of `doctor` (part of `sendcheck --help`).
std::string_view doctor_usage();

}  // namespace sendcheck

#endif  // SENDCHECK_APP_CLI_DOCTOR_H_
