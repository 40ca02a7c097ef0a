// Creating folders with an exact mode (platform/folders.h).
#include "platform/folders.h"

#include <sys/stat.h>

#include <cerrno>
#include <vector>

namespace sendcheck::platform {

FolderError create_folders(const std::filesystem::path& folder, unsigned mode) {
  std::vector<std::filesystem::path> missing;
  std::error_code error;
  for (std::filesystem::path dir = folder; !dir.empty() && !std::filesystem::exists(dir, error);
       dir = dir.parent_path()) {
    missing.push_back(dir);
    if (dir == dir.parent_path()) break;
  }
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    if (::mkdir(it->c_str(), static_cast<mode_t>(mode)) != 0) {
      if (errno == EEXIST) continue;  // made by someone else meanwhile: theirs
      return {*it, std::error_code(errno, std::generic_category())};
    }
    ::chmod(it->c_str(), static_cast<mode_t>(mode));  // whatever the umask
  }
  return {};
}

}  // namespace sendcheck::platform
