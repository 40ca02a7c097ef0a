// platform/paths.h — where a user's files live on this OS, and where the running program is.
// The callers add their own folder and file name (store: sendcheck/history.sqlite3, policy:
// sendcheck/settings.json, install: sendcheck/install.json) and their own override variables
// ($SENDCHECK_DB, $SENDCHECK_CONFIG).
//
// Thread-safety: as platform/environment.h (the environment is read on every call).
#ifndef SENDCHECK_PLATFORM_PATHS_H_
#define SENDCHECK_PLATFORM_PATHS_H_

#include <filesystem>
#include <string>

namespace sendcheck::platform {

// The per-user folder for data (history, audit log): Windows %LOCALAPPDATA%; elsewhere
// $XDG_DATA_HOME when absolute (XDG Base Directory: a relative one is ignored), else
// $HOME/Library/Application Support (macOS) or $HOME/.local/share. "" when the variables it needs
// are unset.
std::filesystem::path user_data_home();

// The per-user folder for settings: Windows %LOCALAPPDATA%; else $XDG_CONFIG_HOME when absolute,
// else $HOME/.config. "" when the variables it needs are unset.
std::filesystem::path user_config_home();

// The running executable (/proc/self/exe), or "" when it cannot be read.
std::filesystem::path running_program();

// The program `name` in the folder of the running executable (sendcheck-host and sendcheck are
// installed and built side by side), or "" when the running executable is unknown.
std::filesystem::path sibling_program(const std::string& name);

}  // namespace sendcheck::platform

#endif  // SENDCHECK_PLATFORM_PATHS_H_
