// platform/files.h — reading a whole file, and replacing a file so that a reader sees the old or
// the new content, never part of one (settings, install manifest and record).
//
// Thread-safety: no state. Concurrent writers of the same file each write their own temporary
// file; the last rename wins.
#ifndef SENDCHECK_PLATFORM_FILES_H_
#define SENDCHECK_PLATFORM_FILES_H_

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace sendcheck::platform {

// The bytes of the file at `path`, or nullopt when it cannot be opened (missing, unreadable).
std::optional<std::string> read_file(const std::filesystem::path& path);

// What went wrong: the step ("create", "write", "chmod", "fsync", "close",
// "rename") and why. Empty
// (false) on success.
struct ReplaceError {
  const char* step = "";
  std::error_code error;
  explicit operator bool() const { return static_cast<bool>(error); }
};

// Writes `text` to a temporary file in the folder of `path` (".NAME.XXXXXX", never readable by
// others while written), gives it exactly `mode`, flushes it to disk and renames it over `path`.
// The folder must exist (platform/folders.h makes it). On failure the temporary file is removed,
// `path` is as before, and the step is returned. Never throws (except std::bad_alloc).
ReplaceError replace_file(const std::filesystem::path& path, std::string_view text,
                          unsigned mode = 0600);

}  // namespace sendcheck::platform

#endif  // SENDCHECK_PLATFORM_FILES_H_
