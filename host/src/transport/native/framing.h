// transport/native/framing.h — native messaging frames (DESIGN.md §3): a 4-byte length in the
// machine's native byte order, then that many bytes of UTF-8 JSON, on stdin (requests) and
// stdout (replies).
//
// Reading never allocates what a sender merely declares: the body is read in chunks of at most
// kChunkBytes and the buffer grows with what really arrives. A frame declared over the cap is
// read and thrown away in chunks (kTooLarge) so that the next frame can be read; one declared
// over `max_discard` as well is not even read (kAbsurd: the stream is taken as out of step, the
// caller replies once and closes). Units: bytes.
//
// Thread-safety: a FrameReader, and the sources and sinks, are used by one thread.
#ifndef SENDCHECK_TRANSPORT_NATIVE_FRAMING_H_
#define SENDCHECK_TRANSPORT_NATIVE_FRAMING_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sendcheck::transport::native {

inline constexpr std::size_t kDefaultMaxFrame = 64 * 1024 * 1024;
inline constexpr std::uint64_t kDefaultMaxDiscard = 1024ull * 1024 * 1024;
inline constexpr std::size_t kChunkBytes = 64 * 1024;

// Where frames come from. read() returns how many bytes it stored (at least 1, at most `size`),
// or 0 at the end of the input; it may return fewer bytes than asked for. Throws
// std::system_error on a read error.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual std::size_t read(char* data, std::size_t size) = 0;
};

// Where frames go. write() writes all `size` bytes or throws std::system_error (EPIPE when the
// reader went away).
class ByteSink {
 public:
  virtual ~ByteSink() = default;
  virtual void write(const char* data, std::size_t size) = 0;
};

// A file descriptor (not owned), retrying on EINTR.
class FdSource : public ByteSource {
 public:
  explicit FdSource(int fd) : fd_(fd) {}
  std::size_t read(char* data, std::size_t size) override;

 private:
  int fd_;
};

class FdSink : public ByteSink {
 public:
  explicit FdSink(int fd) : fd_(fd) {}
  void write(const char* data, std::size_t size) override;

 private:
  int fd_;
};

struct FrameLimits {
  std::size_t max_frame = kDefaultMaxFrame;        // larger frames are refused (kTooLarge)
  std::uint64_t max_discard = kDefaultMaxDiscard;  // larger ones are not even skipped (kAbsurd)
};

enum class FrameStatus {
  kFrame,      // `body` holds a whole frame (possibly empty)
  kEnd,        // the input ended between frames
  kTruncated,  // the input ended inside a length or a body (also while skipping one)
  kTooLarge,   // a frame of `declared` bytes over max_frame was skipped; the next can be read
  kAbsurd,     // a frame of `declared` bytes over max_frame and max_discard: nothing was read
};

struct Frame {
  FrameStatus status = FrameStatus::kEnd;
  std::string body;
  std::uint64_t declared = 0;  // the length the header declared (kFrame: body.size())
  std::uint64_t received = 0;  // bytes of the body that arrived (kTruncated, kTooLarge)
};

class FrameReader {
 public:
  FrameReader(ByteSource& source, FrameLimits limits = {});
  // The next frame. After kEnd, kTruncated or kAbsurd there is nothing more to read.
  // Throws std::system_error from the source.
  Frame next();

 private:
  // Reads up to `size` bytes, as many as arrive before the end of input.
  std::size_t read_fully(char* data, std::size_t size);

  ByteSource& source_;
  FrameLimits limits_;
};

// The 4-byte header for `length`, native byte order.
std::string frame_header(std::uint32_t length);
// Header and body. Throws std::length_error for a body over 4 GiB - 1.
std::string encode_frame(std::string_view body);
// Writes one frame (a single write of header and body).
void write_frame(ByteSink& sink, std::string_view body);

}  // namespace sendcheck::transport::native

#endif  // SENDCHECK_TRANSPORT_NATIVE_FRAMING_H_
