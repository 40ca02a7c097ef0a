// bench/floor_host: the floor of a send-time check (issue 7). A native messaging host that does
// nothing but the unavoidable part of the job: the process starts, reads one frame (4-byte
// native-endian length, then the UTF-8 JSON request, docs/protocol.md) and answers every frame
// with the same fixed reply, until its input ends. It links no library of the engine (no ICU, no
// SQLite, no GMime), so the time from process start to its reply is what any host costs on this
// machine; bench/run compares sendcheck-host against it.
//
// Input: frames on stdin; output: one fixed frame per request on stdout. Exit 0 at the end of
// the input, 1 on a truncated frame or a write error.
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>

namespace {

bool read_all(int fd, char* data, std::size_t size) {
  while (size > 0) {
    ssize_t n = ::read(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

bool write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

int main() {
  static constexpr char kReply[] =
      R"({"id":1,"ok":true,"result":{"verdict":"confirm","countdownSeconds":0,"groups":[],)"
      R"("attachments":[],"warnings":[]}})";
  std::string body;
  for (;;) {
    char header[4];
    ssize_t first = 0;
    do {
      first = ::read(STDIN_FILENO, header, 1);
    } while (first < 0 && errno == EINTR);
    if (first == 0) return 0;
    if (first < 0 || !read_all(STDIN_FILENO, header + 1, 3)) return 1;
    std::uint32_t length = 0;
    std::memcpy(&length, header, sizeof length);
    body.resize(length);
    if (!read_all(STDIN_FILENO, body.data(), length)) return 1;
    std::uint32_t reply_length = sizeof kReply - 1;
    char reply_header[4];
    std::memcpy(reply_header, &reply_length, sizeof reply_length);
    if (!write_all(STDOUT_FILENO, reply_header, 4) ||
        !write_all(STDOUT_FILENO, kReply, reply_length)) {
      return 1;
    }
  }
}
