// Native messaging frames: read with bounded memory, write header and body together.
#include "transport/native/framing.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <system_error>

namespace sendcheck::transport::native {

std::size_t FdSource::read(char* data, std::size_t size) {
  for (;;) {
    ssize_t n = ::read(fd_, data, size);
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno == EINTR) continue;
    throw std::system_error(errno, std::generic_category(), "read");
  }
}

void FdSink::write(const char* data, std::size_t size) {
  std::size_t written = 0;
  while (written < size) {
    ssize_t n = ::write(fd_, data + written, size - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw std::system_error(n < 0 ? errno : EIO, std::generic_category(), "write");
    written += static_cast<std::size_t>(n);
  }
}

FrameReader::FrameReader(ByteSource& source, FrameLimits limits)
    : source_(source), limits_(limits) {}

std::size_t FrameReader::read_fully(char* data, std::size_t size) {
  std::size_t got = 0;
  while (got < size) {
    std::size_t n = source_.read(data + got, size - got);
    if (n == 0) break;
    got += n;
  }
  return got;
}

Frame FrameReader::next() {
  Frame frame;
  char header[4];
  std::size_t got = read_fully(header, sizeof header);
  if (got == 0) {
    frame.status = FrameStatus::kEnd;
    return frame;
  }
  if (got < sizeof header) {
    frame.status = FrameStatus::kTruncated;
    return frame;
  }
  std::uint32_t length = 0;
  std::memcpy(&length, header, sizeof length);  // native byte order
  frame.declared = length;

  if (length > limits_.max_frame) {
    if (length > limits_.max_discard) {
      frame.status = FrameStatus::kAbsurd;
      return frame;
    }
    // Skip the body in chunks; nothing of its size is allocated.
    char chunk[kChunkBytes];
    while (frame.received < length) {
      std::size_t want =
          static_cast<std::size_t>(std::min<std::uint64_t>(sizeof chunk, length - frame.received));
      std::size_t n = read_fully(chunk, want);
      frame.received += n;
      if (n < want) {
        frame.status = FrameStatus::kTruncated;
        return frame;
      }
    }
    frame.status = FrameStatus::kTooLarge;
    return frame;
  }

  // The buffer grows with what arrives, not with what was declared.
  frame.body.reserve(std::min<std::size_t>(length, kChunkBytes));
  while (frame.body.size() < length) {
    std::size_t have = frame.body.size();
    std::size_t want = std::min<std::size_t>(kChunkBytes, length - have);
    frame.body.resize(have + want);
    std::size_t n = read_fully(frame.body.data() + have, want);
    frame.body.resize(have + n);
    if (n < want) {
      frame.received = frame.body.size();
      frame.body.clear();
      frame.status = FrameStatus::kTruncated;
      return frame;
    }
  }
  frame.received = length;
  frame.status = FrameStatus::kFrame;
  return frame;
}

std::string frame_header(std::uint32_t length) {
  std::string header(sizeof length, '\0');
  std::memcpy(header.data(), &length, sizeof length);
  return header;
}

std::string encode_frame(std::string_view body) {
  if (body.size() > std::numeric_limits<std::uint32_t>::max()) {
    throw std::length_error("a native messaging frame holds at most 4 GiB - 1 bytes");
  }
  std::string frame = frame_header(static_cast<std::uint32_t>(body.size()));
  frame.append(body);
  return frame;
}

void write_frame(ByteSink& sink, std::string_view body) {
  std::string frame = encode_frame(body);
  sink.write(frame.data(), frame.size());
}

}  // namespace sendcheck::transport::native
