// Where the history lives (DESIGN.md §5): $SENDCHECK_DB, else the per-user data folder.
#include <cstdlib>
#include <filesystem>
#include <string>

#include "sendcheck/error.h"
#include "store/paths.h"

namespace sendcheck {

namespace {

constexpr const char* kFileName = "history.sqlite3";

// The value of an environment variable, or empty when it is unset.
std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? std::string(value) : std::string();
}

}  // namespace

std::string default_history_path() {
  if (std::string db = env("SENDCHECK_DB"); !db.empty()) return db;
#if defined(_WIN32)
  if (std::string local = env("LOCALAPPDATA"); !local.empty()) {
    return (std::filesystem::path(local) / "sendcheck" / kFileName).string();
  }
  throw Error("history.no-home",
              "cannot find the folder for the history: set SENDCHECK_DB or LOCALAPPDATA");
#else
  // XDG Base Directory: a relative XDG_DATA_HOME is invalid and ignored.
  if (std::string data = env("XDG_DATA_HOME"); !data.empty() && data.front() == '/') {
    return (std::filesystem::path(data) / "sendcheck" / kFileName).string();
  }
  std::string home = env("HOME");
  if (home.empty()) {
    throw Error("history.no-home",
                "cannot find the folder for the history: set SENDCHECK_DB, XDG_DATA_HOME or HOME");
  }
#if defined(__APPLE__)
  return (std::filesystem::path(home) / "Library" / "Application Support" / "sendcheck" / kFileName)
      .string();
#else
  return (std::filesystem::path(home) / ".local" / "share" / "sendcheck" / kFileName).string();
#endif
#endif
}

}  // namespace sendcheck
