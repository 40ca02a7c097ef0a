// Builds ZIP archives byte by byte for the tests of core/zip_entries and core/attachment_checks:
// stored entries with chosen names (raw bytes), general purpose flags and sizes.
#ifndef SENDCHECK_TESTS_UNIT_CORE_ZIP_BUILDER_H_
#define SENDCHECK_TESTS_UNIT_CORE_ZIP_BUILDER_H_

#include <cstdint>
#include <string>
#include <vector>

namespace sendcheck::testing {

inline std::string le16(std::uint16_t v) {
  return std::string{static_cast<char>(v & 0xFF), static_cast<char>(v >> 8)};
}

inline std::string le32(std::uint32_t v) {
  return le16(static_cast<std::uint16_t>(v & 0xFFFF)) + le16(static_cast<std::uint16_t>(v >> 16));
}

// One stored entry of zip_archive(). `name` is raw bytes (UTF-8 or CP932).
struct ZipItem {
  std::string name;
  std::uint16_t flags = 0;  // bit 0 encrypted, bit 3 data descriptor, bit 11 UTF-8 names
  std::string data = "data";
  std::string central_name;  // the name in the central directory when it differs from `name`
  std::uint32_t local_size = 0xFFFF'FFFFu;  // compressed size in the local header, if not right
};

// A whole ZIP archive: local headers and data (APPNOTE 4.3.7; with bit 3, zero sizes in the
// local header and a data descriptor with its signature after the data, 4.3.9), the central
// directory (4.3.12) and the end of central directory record (4.3.16).
inline std::string zip_archive(const std::vector<ZipItem>& items) {
  using namespace std::string_literals;
  std::string out;
  std::string central;
  for (const ZipItem& item : items) {
    const bool descriptor = (item.flags & 8u) != 0;
    const auto size = static_cast<std::uint32_t>(item.data.size());
    const std::uint32_t local_size =
        item.local_size != 0xFFFF'FFFFu ? item.local_size : (descriptor ? 0 : size);
    const std::string central_name = item.central_name.empty() ? item.name : item.central_name;
    const auto offset = static_cast<std::uint32_t>(out.size());
    out += "PK\x03\x04"s + le16(20) + le16(item.flags) + le16(0) + le16(0) + le16(0x5821);
    out += le32(descriptor ? 0 : 0x12345678) + le32(local_size) + le32(descriptor ? 0 : size);
    out += le16(static_cast<std::uint16_t>(item.name.size())) + le16(0) + item.name + item.data;
    if (descriptor) out += "PK\x07\x08"s + le32(0x12345678) + le32(size) + le32(size);
    central += "PK\x01\x02"s + le16(0x031E) + le16(20) + le16(item.flags) + le16(0) + le16(0) +
               le16(0x5821) + le32(0x12345678) + le32(size) + le32(size);
    central += le16(static_cast<std::uint16_t>(central_name.size())) + le16(0) + le16(0);
    central += le16(0) + le16(0) + le32(0) + le32(offset) + central_name;
  }
  const auto count = static_cast<std::uint16_t>(items.size());
  const auto central_offset = static_cast<std::uint32_t>(out.size());
  out += central;
  out += "PK\x05\x06"s + le16(0) + le16(0) + le16(count) + le16(count);
  out += le32(static_cast<std::uint32_t>(central.size())) + le32(central_offset) + le16(0);
  return out;
}

}  // namespace sendcheck::testing

#endif  // SENDCHECK_TESTS_UNIT_CORE_ZIP_BUILDER_H_
