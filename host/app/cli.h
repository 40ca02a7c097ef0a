// The `sendcheck` command line: sub-commands as functions, so tests run them in-process.
//
// Exit statuses: 0 success (for `check`, whatever the verdict), 1 runtime failure (an error
// code and a one-line reason on stderr), 2 usage error.
#ifndef SENDCHECK_APP_CLI_H_
#define SENDCHECK_APP_CLI_H_

#include <cstdint>
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

#include "engine_wiring.h"
#include "store/history_store.h"

namespace sendcheck {

class HistoryStore;

// ImportSummary and the import itself (HistoryImporter) are shared with the native host:
// engine_wiring.h.

struct ImportOptions {
  std::vector<std::string> self;  // --self, as given (parsed and canonicalised)
  bool progress = false;          // a progress line on `progress_out` (a terminal)
};

// Imports every path into `store`. Throws sendcheck::Error for a path that cannot be opened
// (what was imported before it stays, each batch being one transaction).
ImportSummary import_paths(const std::vector<std::string>& paths, const ImportOptions& options,
                           HistoryStore* store, std::ostream& progress_out);

// Runs `sendcheck ARGS...`; argv[0] is the program name.
int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

// The default settings file is default_config_path() in policy/policy.h.

}  // namespace sendcheck

#endif  // SENDCHECK_APP_CLI_H_
