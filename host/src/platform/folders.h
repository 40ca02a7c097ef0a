// platform/folders.h — creating folders with an exact mode (the private data folders are 0700:
// history, audit log, host log, settings, install record).
//
// Thread-safety: no state; two processes or threads creating the same folders at once both
// succeed (a folder that appears meanwhile is not an error).
#ifndef SENDCHECK_PLATFORM_FOLDERS_H_
#define SENDCHECK_PLATFORM_FOLDERS_H_

#include <filesystem>
#include <system_error>

namespace sendcheck::platform {

inline constexpr unsigned kPrivateFolderMode = 0700;

// What went wrong: the folder that could not be created and why. Empty (false) on success.
struct FolderError {
  std::filesystem::path folder;
  std::error_code error;
  explicit operator bool() const { return static_cast<bool>(error); }
};

// Creates `folder` and every missing folder above it, outermost first, each with exactly `mode`
// (set again after creation, whatever the umask). Folders that exist already are left as they
// are, mode included. "" is nothing to do. Never throws (except std::bad_alloc): failures are
// returned.
FolderError create_folders(const std::filesystem::path& folder, unsigned mode = kPrivateFolderMode);

}  // namespace sendcheck::platform

#endif  // SENDCHECK_PLATFORM_FOLDERS_H_
