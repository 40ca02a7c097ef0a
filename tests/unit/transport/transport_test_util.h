// Helpers for the transport tests: byte sources and sinks in memory, environment overrides.
#ifndef SENDCHECK_TESTS_UNIT_TRANSPORT_TRANSPORT_TEST_UTIL_H_
#define SENDCHECK_TESTS_UNIT_TRANSPORT_TRANSPORT_TEST_UTIL_H_

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "transport/native/framing.h"

namespace sendcheck::testing {

// Hands out `pieces` one after the other, each in reads of at most `max_read` bytes (a pipe that
// delivers a frame in several parts), then the end of input.
class PieceSource : public transport::native::ByteSource {
 public:
  explicit PieceSource(std::vector<std::string> pieces, std::size_t max_read = SIZE_MAX)
      : pieces_(std::move(pieces)), max_read_(max_read) {}

  std::size_t read(char* data, std::size_t size) override {
    ++reads_;
    while (index_ < pieces_.size() && offset_ == pieces_[index_].size()) {
      ++index_;
      offset_ = 0;
    }
    if (index_ == pieces_.size()) return 0;
    const std::string& piece = pieces_[index_];
    std::size_t n = std::min({size, max_read_, piece.size() - offset_});
    std::copy_n(piece.data() + offset_, n, data);
    offset_ += n;
    consumed_ += n;
    return n;
  }

  std::size_t consumed() const { return consumed_; }
  std::size_t reads() const { return reads_; }

 private:
  std::vector<std::string> pieces_;
  std::size_t max_read_;
  std::size_t index_ = 0;
  std::size_t offset_ = 0;
  std::size_t consumed_ = 0;
  std::size_t reads_ = 0;
};

class StringSink : public transport::native::ByteSink {
 public:
  void write(const char* data, std::size_t size) override { bytes.append(data, size); }
  std::string bytes;
};

// Splits `bytes` into frame bodies; fails the test (returns nullopt) when they are not a whole
// number of frames.
inline std::optional<std::vector<std::string>> split_frames(const std::string& bytes) {
  std::vector<std::string> bodies;
  std::size_t at = 0;
  while (at < bytes.size()) {
    if (bytes.size() - at < 4) return std::nullopt;
    std::uint32_t length = 0;
    std::copy_n(bytes.data() + at, 4, reinterpret_cast<char*>(&length));
    at += 4;
    if (bytes.size() - at < length) return std::nullopt;
    bodies.push_back(bytes.substr(at, length));
    at += length;
  }
  return bodies;
}

// Sets (or, with nullopt, unsets) an environment variable for the life of the object.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::optional<std::string>& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) {
      ::setenv(name, value->c_str(), 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

}  // namespace sendcheck::testing

#endif  // SENDCHECK_TESTS_UNIT_TRANSPORT_TRANSPORT_TEST_UTIL_H_
