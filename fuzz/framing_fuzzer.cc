// Fuzz target "framing": the native messaging frame reader (transport/native/framing.h).
//
// Input: byte 0 chooses how the source hands out bytes (a pipe that delivers 1..128 bytes per
// read, or everything asked for), byte 1 chooses the caps (max_frame / max_discard small enough
// for kTooLarge and kAbsurd to be reached, or the defaults), the rest is the stream.
//
// Properties:
//  1. Reading the stream accounts for every byte: each kFrame is exactly the header and body at
//     the current position (encode_frame(body) reproduces them), kTooLarge skips exactly the
//     declared length, kAbsurd is declared over max_discard and reads nothing more, kTruncated
//     happens only where the stream really ends inside a header or a body, kEnd only at its end.
//  2. Round trip: the rest of the input split at '\n' into bodies, written with write_frame and
//     read back through the same piecemeal source, gives the same bodies in order, then kEnd.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "transport/native/framing.h"

namespace {

using sendcheck::transport::native::ByteSink;
using sendcheck::transport::native::ByteSource;
using sendcheck::transport::native::encode_frame;
using sendcheck::transport::native::Frame;
using sendcheck::transport::native::FrameLimits;
using sendcheck::transport::native::FrameReader;
using sendcheck::transport::native::FrameStatus;
using sendcheck::transport::native::write_frame;

// Hands out `bytes` in reads of at most `max_read` bytes.
class PiecemealSource : public ByteSource {
 public:
  PiecemealSource(std::string_view bytes, std::size_t max_read)
      : bytes_(bytes), max_read_(max_read) {}
  std::size_t read(char* data, std::size_t size) override {
    std::size_t n = std::min({size, max_read_, bytes_.size() - offset_});
    std::memcpy(data, bytes_.data() + offset_, n);
    offset_ += n;
    return n;
  }
  std::size_t consumed() const { return offset_; }

 private:
  std::string_view bytes_;
  std::size_t max_read_;
  std::size_t offset_ = 0;
};

class StringSink : public ByteSink {
 public:
  void write(const char* data, std::size_t size) override { bytes.append(data, size); }
  std::string bytes;
};

std::uint32_t header_at(std::string_view stream, std::size_t at) {
  std::uint32_t length = 0;
  std::memcpy(&length, stream.data() + at, sizeof length);
  return length;
}

std::string describe(const Frame& frame, std::size_t at) {
  return "status " + std::to_string(static_cast<int>(frame.status)) + " at byte " +
         std::to_string(at) + ", declared " + std::to_string(frame.declared) + ", received " +
         std::to_string(frame.received) + ", body " + std::to_string(frame.body.size());
}

void check_reading(std::string_view stream, std::size_t max_read, const FrameLimits& limits) {
  PiecemealSource source(stream, max_read);
  FrameReader reader(source, limits);
  std::size_t at = 0;  // where the next header starts
  for (;;) {
    Frame frame = reader.next();
    const std::size_t left = stream.size() - at;
    switch (frame.status) {
      case FrameStatus::kFrame: {
        FUZZ_CHECK(left >= 4 && frame.declared == header_at(stream, at), describe(frame, at));
        FUZZ_CHECK(frame.declared == frame.body.size() && frame.received == frame.declared,
                   describe(frame, at));
        FUZZ_CHECK(frame.declared <= limits.max_frame, describe(frame, at));
        FUZZ_CHECK(stream.substr(at, 4 + frame.body.size()) == encode_frame(frame.body),
                   describe(frame, at));
        at += 4 + frame.body.size();
        FUZZ_CHECK(source.consumed() == at, describe(frame, at));
        break;
      }
      case FrameStatus::kTooLarge:
        FUZZ_CHECK(left >= 4 && frame.declared == header_at(stream, at), describe(frame, at));
        FUZZ_CHECK(frame.declared > limits.max_frame && frame.declared <= limits.max_discard,
                   describe(frame, at));
        FUZZ_CHECK(frame.received == frame.declared && frame.body.empty(), describe(frame, at));
        FUZZ_CHECK(left - 4 >= frame.declared, describe(frame, at));
        at += 4 + frame.declared;
        FUZZ_CHECK(source.consumed() == at, describe(frame, at));
        break;
      case FrameStatus::kAbsurd:
        FUZZ_CHECK(left >= 4 && frame.declared == header_at(stream, at), describe(frame, at));
        FUZZ_CHECK(frame.declared > limits.max_frame && frame.declared > limits.max_discard,
                   describe(frame, at));
        FUZZ_CHECK(source.consumed() == at + 4 && frame.body.empty(), describe(frame, at));
        return;
      case FrameStatus::kTruncated:
        FUZZ_CHECK(frame.body.empty() && source.consumed() == stream.size(), describe(frame, at));
        if (left < 4) {
          FUZZ_CHECK(left > 0 && frame.declared == 0 && frame.received == 0, describe(frame, at));
        } else {
          FUZZ_CHECK(frame.declared == header_at(stream, at), describe(frame, at));
          FUZZ_CHECK(frame.received == left - 4 && frame.received < frame.declared,
                     describe(frame, at));
        }
        return;
      case FrameStatus::kEnd:
        FUZZ_CHECK(left == 0 && frame.body.empty(), describe(frame, at));
        return;
    }
  }
}

void check_round_trip(std::string_view text, std::size_t max_read) {
  std::vector<std::string_view> bodies;
  while (true) {
    std::size_t newline = text.find('\n');
    bodies.push_back(text.substr(0, newline));
    if (newline == std::string_view::npos) break;
    text.remove_prefix(newline + 1);
  }
  StringSink sink;
  std::size_t expected_size = 0;
  for (std::string_view body : bodies) {
    write_frame(sink, body);
    expected_size += 4 + body.size();
  }
  FUZZ_CHECK(sink.bytes.size() == expected_size, "written " + std::to_string(sink.bytes.size()));

  PiecemealSource source(sink.bytes, max_read);
  FrameReader reader(source);
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    Frame frame = reader.next();
    FUZZ_CHECK(frame.status == FrameStatus::kFrame && frame.body == bodies[i],
               "frame " + std::to_string(i) + ": " + describe(frame, 0));
  }
  FUZZ_CHECK(reader.next().status == FrameStatus::kEnd, "no end after the last frame");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::uint8_t read_mode = data[0];
  const std::uint8_t limit_mode = data[1];
  std::string_view stream(reinterpret_cast<const char*>(data) + 2, size - 2);

  std::size_t max_read = read_mode < 128 ? 1 + read_mode : std::numeric_limits<std::size_t>::max();
  FrameLimits limits;
  if (limit_mode < 128) {
    // Small caps: frames over a few bytes are skipped, larger ones are absurd.
    limits.max_frame = limit_mode % 64;
    limits.max_discard = limits.max_frame + 16u * (limit_mode / 64);
  }
  check_reading(stream, max_read, limits);
  check_round_trip(stream, max_read);
  return 0;
}
