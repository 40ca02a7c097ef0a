// The host log: a private file, one line per request, no message content.
#include "transport/native/host_log.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <system_error>

#include "platform/folders.h"
#include "sendcheck/history.h"
#include "store/history_path.h"

namespace sendcheck::transport::native {
namespace {

void write_all(int fd, const std::string& text) {
  std::size_t written = 0;
  while (written < text.size()) {
    ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    written += static_cast<std::size_t>(n);
  }
}

}  // namespace

std::string printable(std::string_view text, std::size_t limit) {
  std::string out;
  for (char c : text) {
    if (out.size() >= limit) {
      out += "...";
      break;
    }
    out += (c >= 0x20 && c < 0x7F) ? c : '?';
  }
  return out;
}

std::string HostLog::default_path() {
  try {
    std::filesystem::path history = default_history_path();
    return (history.parent_path() / "host.log").string();
  } catch (...) {
    return {};
  }
}

HostLog::HostLog(const std::string& path, int fallback_fd) : fallback_fd_(fallback_fd) {
  if (path.empty()) return;
  std::filesystem::path file(path);
  if (platform::create_folders(file.parent_path())) return;  // mode 0700
  struct stat info;
  if (::stat(path.c_str(), &info) == 0 && static_cast<std::uint64_t>(info.st_size) > kRotateBytes) {
    std::string old = path + ".1";
    ::rename(path.c_str(), old.c_str());
  }
  file_fd_ = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (file_fd_ >= 0) ::fchmod(file_fd_, 0600);  // whatever the umask or an older file said
}

HostLog::~HostLog() {
  if (file_fd_ >= 0) ::close(file_fd_);
}

void HostLog::line(std::string_view text) {
  int fd = file_fd_ >= 0 ? file_fd_ : fallback_fd_;
  if (fd < 0) return;
  char stamp[32] = "";
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  if (::gmtime_r(&now, &utc) != nullptr) std::strftime(stamp, sizeof stamp, "%FT%TZ", &utc);
  std::string out = stamp;
  out += " [" + std::to_string(::getpid()) + "] ";
  out += text;
  out += '\n';
  write_all(fd, out);  // one write with O_APPEND: lines of several hosts do not interleave
}

void HostLog::request(const RequestInfo& info, double milliseconds) {
  char duration[32];
  std::snprintf(duration, sizeof duration, "%.1f", milliseconds);
  std::string text =
      "id=" + printable(info.id.dump(-1, ' ', true, nlohmann::json::error_handler_t::replace), 40);
  text += " type=" + (info.type.empty() ? std::string("-") : printable(info.type, 40));
  text += " result=" + printable(info.code, 60);
  text += " ms=";
  text += duration;
  if (!info.note.empty()) text += " note=" + printable(info.note, 120);
  line(text);
}

}  // namespace sendcheck::transport::native
