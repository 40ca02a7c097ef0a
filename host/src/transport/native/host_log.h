// transport/native/host_log.h — the native host's log (DESIGN.md §3, §6): one line per request
// with the time, the request's id and type, the result code and the duration, never a body, a
// subject or an address list. stdout carries frames only, so the log is a file:
// $XDG_DATA_HOME/sendcheck/host.log, or host.log next to $SENDCHECK_DB (the history's folder),
// created with mode 0600 (its folder 0700). When the file cannot be opened, lines go to stderr
// (Thunderbird shows a host's stderr in its error console). A log over kRotateBytes is renamed to
// host.log.1 when the host starts.
//
// Thread-safety: one HostLog per process, used by one thread.
#ifndef SENDCHECK_TRANSPORT_NATIVE_HOST_LOG_H_
#define SENDCHECK_TRANSPORT_NATIVE_HOST_LOG_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "transport/dispatch/dispatcher.h"

namespace sendcheck::transport::native {

inline constexpr std::uint64_t kRotateBytes = 1024 * 1024;

class HostLog {
 public:
  // host.log in the folder of default_history_path(); "" when no folder is known (no HOME).
  static std::string default_path();

  // Appends to `path` ("" = no file); `fallback_fd` (-1 = none) when the file cannot be used.
  explicit HostLog(const std::string& path, int fallback_fd = 2);
  ~HostLog();
  HostLog(const HostLog&) = delete;
  HostLog& operator=(const HostLog&) = delete;

  // Writes "<UTC time> [pid] <text>\n". Never throws.
  void line(std::string_view text);
  // The line of one request: "id=<id> type=<type> result=<code> ms=<duration>[ note=<note>]".
  void request(const RequestInfo& info, double milliseconds);

  bool writes_to_file() const { return file_fd_ >= 0; }

 private:
  int file_fd_ = -1;
  int fallback_fd_ = -1;
};

// `text` with everything but printable ASCII replaced by '?', cut to `limit` bytes ("..." after).
std::string printable(std::string_view text, std::size_t limit);

}  // namespace sendcheck::transport::native

#endif  // SENDCHECK_TRANSPORT_NATIVE_HOST_LOG_H_
