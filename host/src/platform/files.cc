// Reading a file, replacing one atomically (platform/files.h).
#include "platform/files.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace sendcheck::platform {

std::optional<std::string> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

ReplaceError replace_file(const std::filesystem::path& path, std::string_view text, unsigned mode) {
  std::string temp = (path.parent_path() / ("." + path.filename().string() + ".XXXXXX")).string();
  int fd = ::mkstemp(temp.data());  // mode 0600
  if (fd < 0) return {"create", std::error_code(errno, std::generic_category())};
  auto fail = [&](const char* step, int code) {
    ::close(fd);
    ::unlink(temp.c_str());
    return ReplaceError{step, std::error_code(code, std::generic_category())};
  };
  std::size_t written = 0;
  while (written < text.size()) {
    ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return fail("write", n < 0 ? errno : EIO);
    written += static_cast<std::size_t>(n);
  }
  if (::fchmod(fd, static_cast<mode_t>(mode)) != 0) return fail("chmod", errno);
  if (::fsync(fd) != 0) return fail("fsync", errno);
  if (::close(fd) != 0) {
    int code = errno;
    ::unlink(temp.c_str());
    return {"close", std::error_code(code, std::generic_category())};
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    int code = errno;
    ::unlink(temp.c_str());
    return {"rename", std::error_code(code, std::generic_category())};
  }
  return {};
}

}  // namespace sendcheck::platform
