// Where a user's files live on this OS, and where the running program is (platform/paths.h).
#include "platform/paths.h"

#include <system_error>

#include "platform/environment.h"

namespace sendcheck::platform {

namespace fs = std::filesystem;

fs::path user_data_home() {
#if defined(_WIN32)
  return fs::path(env_value("LOCALAPPDATA"));
#else
  // XDG Base Directory: a relative XDG_DATA_HOME is invalid and ignored.
  if (std::string data = env_value("XDG_DATA_HOME"); !data.empty() && data.front() == '/') {
    return fs::path(data);
  }
  std::string home = env_value("HOME");
  if (home.empty()) return {};
#if defined(__APPLE__)
  return fs::path(home) / "Library" / "Application Support";
#else
  return fs::path(home) / ".local" / "share";
#endif
#endif
}

fs::path user_config_home() {
#if defined(_WIN32)
  return fs::path(env_value("LOCALAPPDATA"));
#else
  // XDG Base Directory: a relative XDG_CONFIG_HOME is invalid and ignored.
  if (std::string xdg = env_value("XDG_CONFIG_HOME"); !xdg.empty() && xdg.front() == '/') {
    return fs::path(xdg);
  }
  std::string home = env_value("HOME");
  if (home.empty()) return {};
  return fs::path(home) / ".config";
#endif
}

fs::path running_program() {
  std::error_code error;
  fs::path self = fs::read_symlink("/proc/self/exe", error);
  return error ? fs::path() : self;
}

fs::path sibling_program(const std::string& name) {
  fs::path self = running_program();
  return self.empty() ? fs::path() : self.parent_path() / name;
}

}  // namespace sendcheck::platform
