// Where the history lives (DESIGN.md §5): $SENDCHECK_DB, else the per-user data folder
// (platform/paths.h). Declared in store/history_path.h.
#include "store/history_path.h"

#include <filesystem>
#include <string>

#include "platform/environment.h"
#include "platform/paths.h"
#include "sendcheck/error.h"

namespace sendcheck {

std::string default_history_path() {
  if (std::string db = platform::env_value("SENDCHECK_DB"); !db.empty()) return db;
  std::filesystem::path data = platform::user_data_home();
  if (data.empty()) {
#if defined(_WIN32)
    throw Error("history.no-home",
                "cannot find the folder for the history: set SENDCHECK_DB or LOCALAPPDATA");
#else
    throw Error("history.no-home",
                "cannot find the folder for the history: set SENDCHECK_DB, XDG_DATA_HOME or HOME");
#endif
  }
  return (data / "sendcheck" / "history.sqlite3").string();
}

}  // namespace sendcheck
