// Native messaging frames: partial reads, zero length, the cap, native byte order, the end of
// input at every place.
#include "transport/native/framing.h"

#include <bit>
#include <boost/test/unit_test.hpp>
#include <cstring>

#include "transport_test_util.h"

namespace sendcheck {
namespace {

using testing::PieceSource;
using testing::StringSink;
using transport::native::encode_frame;
using transport::native::Frame;
using transport::native::frame_header;
using transport::native::FrameLimits;
using transport::native::FrameReader;
using transport::native::FrameStatus;

std::string header(std::uint32_t length) {
  std::string out(4, '\0');
  std::memcpy(out.data(), &length, 4);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(framing_test)

BOOST_AUTO_TEST_CASE(header_is_the_length_in_native_byte_order) {
  std::string h = frame_header(0x01020304);
  BOOST_TEST(h.size() == 4u);
  BOOST_TEST(h == header(0x01020304));
  if constexpr (std::endian::native == std::endian::little) {
    BOOST_TEST(h == std::string("\x04\x03\x02\x01", 4));
  } else {
    BOOST_TEST(h == std::string("\x01\x02\x03\x04", 4));
  }
  BOOST_TEST(encode_frame("{}") == header(2) + "{}");
}

BOOST_AUTO_TEST_CASE(a_frame_in_one_byte_reads_is_read_whole) {
  std::string body = R"({"id":1,"type":"hello","text":"日本語"})";
  PieceSource source({encode_frame(body) + encode_frame("[2]")}, /*max_read=*/1);
  FrameReader reader(source);
  Frame first = reader.next();
  BOOST_TEST((first.status == FrameStatus::kFrame));
  BOOST_TEST(first.body == body);
  BOOST_TEST(first.declared == body.size());
  Frame second = reader.next();
  BOOST_TEST((second.status == FrameStatus::kFrame));
  BOOST_TEST(second.body == "[2]");
  BOOST_TEST((reader.next().status == FrameStatus::kEnd));
}

BOOST_AUTO_TEST_CASE(a_frame_split_inside_the_header_and_the_body_is_read_whole) {
  std::string frame = encode_frame(R"({"id":"x","type":"check"})");
  PieceSource source({frame.substr(0, 2), frame.substr(2, 5), frame.substr(7)});
  FrameReader reader(source);
  Frame read = reader.next();
  BOOST_TEST((read.status == FrameStatus::kFrame));
  BOOST_TEST(read.body == R"({"id":"x","type":"check"})");
  BOOST_TEST(source.reads() >= 3u);
}

BOOST_AUTO_TEST_CASE(a_large_frame_in_odd_pieces_is_read_whole) {
  std::string body(300 * 1024 + 7, 'a');
  for (std::size_t i = 0; i < body.size(); i += 97) body[i] = static_cast<char>('a' + i % 26);
  PieceSource source({encode_frame(body)}, /*max_read=*/4093);
  FrameReader reader(source);
  Frame read = reader.next();
  BOOST_TEST((read.status == FrameStatus::kFrame));
  BOOST_TEST((read.body == body));
}

BOOST_AUTO_TEST_CASE(zero_length_is_an_empty_frame_and_reading_goes_on) {
  PieceSource source({header(0) + encode_frame("{}")});
  FrameReader reader(source);
  Frame empty = reader.next();
  BOOST_TEST((empty.status == FrameStatus::kFrame));
  BOOST_TEST(empty.body.empty());
  BOOST_TEST(empty.declared == 0u);
  BOOST_TEST(reader.next().body == "{}");
  BOOST_TEST((reader.next().status == FrameStatus::kEnd));
}

BOOST_AUTO_TEST_CASE(no_input_at_all_is_the_end) {
  PieceSource source({});
  FrameReader reader(source);
  BOOST_TEST((reader.next().status == FrameStatus::kEnd));
}

BOOST_AUTO_TEST_CASE(end_inside_the_header_is_truncated) {
  PieceSource source({std::string("\x05\x00", 2)});
  FrameReader reader(source);
  BOOST_TEST((reader.next().status == FrameStatus::kTruncated));
}

BOOST_AUTO_TEST_CASE(end_inside_the_body_is_truncated) {
  PieceSource source({header(100) + "0123456789"});
  FrameReader reader(source);
  Frame read = reader.next();
  BOOST_TEST((read.status == FrameStatus::kTruncated));
  BOOST_TEST(read.declared == 100u);
  BOOST_TEST(read.received == 10u);
  BOOST_TEST(read.body.empty());
}

BOOST_AUTO_TEST_CASE(a_declared_length_under_the_cap_is_not_allocated_before_it_arrives) {
  // 60 MiB declared, 10 bytes sent: the reader holds what arrived, not what was declared.
  PieceSource source({header(60u * 1024 * 1024) + "0123456789"});
  FrameReader reader(source);
  Frame read = reader.next();
  BOOST_TEST((read.status == FrameStatus::kTruncated));
  BOOST_TEST(read.received == 10u);
  BOOST_TEST(read.body.capacity() < 1024u * 1024);
}

BOOST_AUTO_TEST_CASE(over_the_cap_is_skipped_in_chunks_and_the_next_frame_is_read) {
  FrameLimits limits;
  limits.max_frame = 1000;
  std::string big(200 * 1024, 'x');
  PieceSource source({header(static_cast<std::uint32_t>(big.size())) + big + encode_frame("{}")},
                     /*max_read=*/777);
  FrameReader reader(source, limits);
  Frame skipped = reader.next();
  BOOST_TEST((skipped.status == FrameStatus::kTooLarge));
  BOOST_TEST(skipped.declared == big.size());
  BOOST_TEST(skipped.received == big.size());
  BOOST_TEST(skipped.body.empty());
  Frame next = reader.next();
  BOOST_TEST((next.status == FrameStatus::kFrame));
  BOOST_TEST(next.body == "{}");
}

BOOST_AUTO_TEST_CASE(exactly_the_cap_is_accepted) {
  FrameLimits limits;
  limits.max_frame = 16;
  std::string body(16, 'y');
  PieceSource source({encode_frame(body)});
  FrameReader reader(source, limits);
  BOOST_TEST(reader.next().body == body);
}

BOOST_AUTO_TEST_CASE(end_while_skipping_is_truncated) {
  FrameLimits limits;
  limits.max_frame = 10;
  PieceSource source({header(5000) + std::string(3000, 'z')});
  FrameReader reader(source, limits);
  Frame read = reader.next();
  BOOST_TEST((read.status == FrameStatus::kTruncated));
  BOOST_TEST(read.received == 3000u);
}

BOOST_AUTO_TEST_CASE(an_absurd_length_is_not_read_at_all) {
  FrameLimits limits;
  limits.max_frame = 1000;
  limits.max_discard = 1u << 20;
  PieceSource source({header(0xFFFFFFFFu) + std::string(5000, 'q')});
  FrameReader reader(source, limits);
  Frame read = reader.next();
  BOOST_TEST((read.status == FrameStatus::kAbsurd));
  BOOST_TEST(read.declared == 0xFFFFFFFFu);
  BOOST_TEST(source.consumed() == 4u);
}

BOOST_AUTO_TEST_CASE(write_frame_writes_header_and_body_at_once) {
  StringSink sink;
  transport::native::write_frame(sink, R"({"id":1})");
  transport::native::write_frame(sink, "");
  BOOST_TEST(sink.bytes == header(8) + R"({"id":1})" + header(0));
  auto bodies = testing::split_frames(sink.bytes);
  BOOST_TEST_REQUIRE(bodies.has_value());
  BOOST_TEST(bodies->size() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace sendcheck
