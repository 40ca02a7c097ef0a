// store/history_path.h — where the history database lives (DESIGN.md §5). Private to the host.
// Reads the environment; thread-safe as long as nobody changes it meanwhile.
#ifndef SENDCHECK_STORE_HISTORY_PATH_H_
#define SENDCHECK_STORE_HISTORY_PATH_H_

#include <string>

namespace sendcheck {

// Default database path: $SENDCHECK_DB, else $XDG_DATA_HOME/sendcheck/history.sqlite3, else
// $HOME/.local/share/sendcheck/history.sqlite3 (macOS: $HOME/Library/Application Support/
// sendcheck/; Windows: %LOCALAPPDATA%\sendcheck\). Throws Error "history.no-home" when no
// folder can be found.
std::string default_history_path();

}  // namespace sendcheck

#endif  // SENDCHECK_STORE_HISTORY_PATH_H_
