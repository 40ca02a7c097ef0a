// The `sendcheck` command line: sub-commands as functions, so tests run them in-process.
//
// Exit statuses: 0 success (for `check`, whatever the verdict), 1 runtime failure (an error
// code and a one-line reason on stderr), 2 usage error.
#ifndef SENDCHECK_APP_CLI_H_
#define SENDCHECK_APP_CLI_H_

#include <iosfwd>

namespace sendcheck {

// The import itself (mail files, progress line) is the engine's: engine/import.h import_paths.

// Runs `sendcheck ARGS...`; argv[0] is the program name.
int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

// The default settings file is default_config_path() in policy/policy.h.

}  // namespace sendcheck

#endif  // SENDCHECK_APP_CLI_H_
