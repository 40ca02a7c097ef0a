// Reads the entry headers of a ZIP archive from its first bytes (see zip_entries.h for what goes
// in and out, and the PKWARE APPNOTE.TXT sections these rules come from).
#include "core/zip_entries.h"

#include <unicode/ucnv.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sendcheck {
namespace {

using namespace std::string_view_literals;

// ---------------------------------------------------------------------------------------------
// Headers.

std::uint16_t le16(std::string_view s, size_t at) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(s[at]) |
                                    (static_cast<unsigned char>(s[at + 1]) << 8));
}

std::uint32_t le32(std::string_view s, size_t at) {
  return static_cast<std::uint32_t>(le16(s, at)) |
         (static_cast<std::uint32_t>(le16(s, at + 2)) << 16);
}

// At most this many entry headers are read from one head: bounds the work on a crafted archive
// (64 KiB hold at most about 2 000 local headers of 30 bytes).
constexpr size_t kMaxZipEntries = 1000;

// Header sizes before the variable fields: APPNOTE 4.3.7 (local), 4.3.12 (central directory),
// 4.3.16 (end of central directory record).
constexpr size_t kZipLocalHeaderSize = 30;
constexpr size_t kZipCentralHeaderSize = 46;
constexpr size_t kZipEndOfCentralDirectorySize = 22;

// APPNOTE 4.4.3 (versions up to 6.3) and 4.4.5 (compression methods; 99 = AES, AE-x).
bool plausible_version_and_method(std::uint16_t version, std::uint16_t method) {
  constexpr std::array<std::uint16_t, 14> kMethods = {0, 1, 2,  3,  4,  5,  6,
                                                      8, 9, 12, 14, 93, 95, 99};
  return (version & 0xFF) <= 63 &&
         std::find(kMethods.begin(), kMethods.end(), method) != kMethods.end();
}

// A plausible local file header or central directory header at `at` (guards the resynchronising
// search against signature bytes that happen to occur inside compressed data).
bool plausible_zip_header(std::string_view head, size_t at) {
  if (at + 4 > head.size()) return false;
  if (head.compare(at, 4, kZipLocalHeader) == 0) {
    // 4.3.7: version needed to extract at +4, compression method at +8.
    return at + kZipLocalHeaderSize <= head.size() &&
           plausible_version_and_method(le16(head, at + 4), le16(head, at + 8));
  }
  if (head.compare(at, 4, kZipCentralHeader) == 0) {
    // 4.3.12: version needed to extract at +6, compression method at +10.
    return at + kZipCentralHeaderSize <= head.size() &&
           plausible_version_and_method(le16(head, at + 6), le16(head, at + 10));
  }
  return false;
}

// The next plausible local or central directory header at or after `from`, or npos.
size_t next_zip_header(std::string_view head, size_t from) {
  for (size_t at = head.find("PK"sv, from); at != std::string_view::npos;
       at = head.find("PK"sv, at + 1)) {
    if (plausible_zip_header(head, at)) return at;
  }
  return std::string_view::npos;
}

// Where the central directory starts, read from an end of central directory record (APPNOTE
// 4.3.16) whose comment ends exactly where `head` ends, i.e. when `head` holds the whole archive;
// npos otherwise (a longer archive, ZIP64 with its 0xFFFFFFFF offset, an offset outside `head`).
size_t zip_central_directory_offset(std::string_view head) {
  if (head.size() < kZipEndOfCentralDirectorySize) return std::string_view::npos;
  // The record is the last thing in the file; its comment is at most 0xFFFF bytes (4.3.16).
  const size_t last = head.size() - kZipEndOfCentralDirectorySize;
  const size_t lowest = last > 0xFFFF ? last - 0xFFFF : 0;
  for (size_t at = head.rfind(kZipEndOfCentralDirectory, last);
       at != std::string_view::npos && at >= lowest;
       at = at == 0 ? std::string_view::npos : head.rfind(kZipEndOfCentralDirectory, at - 1)) {
    if (at + kZipEndOfCentralDirectorySize + le16(head, at + 20) != head.size()) continue;
    const std::uint32_t offset = le32(head, at + 16);
    if (offset < at && plausible_zip_header(head, offset) &&
        head.compare(offset, 4, kZipCentralHeader) == 0) {
      return offset;
    }
    return std::string_view::npos;
  }
  return std::string_view::npos;
}

// ---------------------------------------------------------------------------------------------
// Names.

bool valid_utf8(std::string_view s) {
  const int32_t length = static_cast<int32_t>(s.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(s.data(), i, length, c);
    if (c < 0) return false;
  }
  return true;
}

// Decodes entry names (APPNOTE 4.4.17 and Appendix D). General purpose bit 11 set: UTF-8 (D.2).
// Otherwise the standard says IBM437 (D.1), but Japanese Windows tools (Explorer's compressed
// folders, Lhaplus, ...) write the ANSI code page, CP932: a name that is valid UTF-8 is taken as
// UTF-8 (macOS, Linux and tools that do not set the bit), anything else as CP932. The whole name
// is decoded before any path is split, so the trail byte 0x5C of a double-byte character ("表"
// is 95 5C, "ソ" 83 5C) is never read as a backslash.
class ZipNameDecoder {
 public:
  ZipNameDecoder() = default;
  ZipNameDecoder(const ZipNameDecoder&) = delete;
  ZipNameDecoder& operator=(const ZipNameDecoder&) = delete;
  ~ZipNameDecoder() {
    if (cp932_ != nullptr) ucnv_close(cp932_);
  }

  std::string decode(std::string_view raw, std::uint16_t flags) {
    const bool utf8_flag = (flags & 0x0800u) != 0;  // APPNOTE 4.4.4 bit 11, "language encoding"
    if (valid_utf8(raw)) return std::string(raw);
    icu::UnicodeString text;
    if (utf8_flag || converter() == nullptr) {
      // Declared UTF-8 but invalid: ill-formed sequences become U+FFFD.
      text = icu::UnicodeString::fromUTF8(
          icu::StringPiece(raw.data(), static_cast<int32_t>(raw.size())));
    } else {
      UErrorCode status = U_ZERO_ERROR;
      text = icu::UnicodeString(raw.data(), static_cast<int32_t>(raw.size()), cp932_, status);
      if (U_FAILURE(status)) return {};
    }
    std::string out;
    text.toUTF8String(out);
    return out;
  }

 private:
  UConverter* converter() {
    if (cp932_ == nullptr && !open_failed_) {
      // "windows-31j" (the IANA name of CP932) is ICU's ibm-943_P15A-2003, Microsoft's table:
      // 0x5C is U+005C and 0x8160 is U+FF5E, as Windows decodes them. ICU's "ibm-943_P130-1999"
      // would give U+00A5 for 0x5C and U+301C for 0x8160.
      UErrorCode status = U_ZERO_ERROR;
      cp932_ = ucnv_open("windows-31j", &status);
      if (U_FAILURE(status)) {
        cp932_ = nullptr;
        open_failed_ = true;
      }
    }
    return cp932_;
  }

  UConverter* cp932_ = nullptr;
  bool open_failed_ = false;
};

void add_unique(std::vector<std::string>* items, std::string item) {
  if (std::find(items->begin(), items->end(), item) == items->end()) {
    items->push_back(std::move(item));
  }
}

}  // namespace

// The entry headers of the ZIP archive whose first bytes are `head`, in the order found: the local
// headers from the start, then the central directory headers that follow them in `head` (a small
// archive held whole). Sizes are never trusted to stay inside `head`: an entry whose sizes are in a
// data descriptor (bit 3, APPNOTE 4.3.9) or a ZIP64 extra field (4.5.3), or whose data runs past
// the head, ends the sequential walk or resynchronises on the next plausible header; when the walk
// cannot reach the central directory, a whole archive's end record (4.3.16) says where it is.
std::vector<ZipEntry> zip_entries(std::string_view head) {
  std::vector<ZipEntry> entries;
  if (!head.starts_with(kZipLocalHeader)) return entries;
  bool central_seen = false;
  bool end_record_tried = false;
  size_t pos = 0;
  while (entries.size() < kMaxZipEntries) {
    const bool local =
        pos + kZipLocalHeaderSize <= head.size() && head.compare(pos, 4, kZipLocalHeader) == 0;
    const bool central =
        pos + kZipCentralHeaderSize <= head.size() && head.compare(pos, 4, kZipCentralHeader) == 0;
    if (!local && !central) {
      // End of the central directory, the end of `head`, or bytes we cannot follow.
      if (central_seen || end_record_tried) break;
      end_record_tried = true;
      pos = zip_central_directory_offset(head);
      if (pos == std::string_view::npos) break;
      continue;
    }
    // Local header (4.3.7): flags at +6, compressed size at +18, name and extra field lengths at
    // +26 and +28. Central directory header (4.3.12): flags at +8, lengths of name, extra field
    // and comment at +28, +30 and +32.
    const size_t fixed = local ? kZipLocalHeaderSize : kZipCentralHeaderSize;
    const size_t name_length = le16(head, pos + (local ? 26 : 28));
    ZipEntry entry;
    entry.flags = le16(head, pos + (local ? 6 : 8));
    entry.name = head.substr(pos + fixed, name_length);
    entry.name_complete = entry.name.size() == name_length;
    entries.push_back(entry);
    if (central) {
      central_seen = true;
      pos += fixed + name_length + le16(head, pos + 30) + le16(head, pos + 32);
      continue;
    }
    const size_t data = pos + fixed + name_length + le16(head, pos + 28);
    const std::uint32_t compressed = le32(head, pos + 18);
    if ((entry.flags & 8u) != 0 || compressed == 0xFFFFFFFFu) {
      // The sizes follow the data (data descriptor) or are in a ZIP64 extra field: look for the
      // next plausible header instead.
      pos = next_zip_header(head, data);
      if (pos == std::string_view::npos) pos = head.size();
    } else {
      pos =
          data < head.size() && compressed <= head.size() - data ? data + compressed : head.size();
    }
  }
  return entries;
}

// PKWARE APPNOTE.TXT 4.4.4: general purpose bit 0 set = the entry is encrypted (traditional
// PKWARE, strong encryption and WinZip AES all set it), in a local header or a central directory
// header (4.3.12).
bool zip_has_encrypted_entry(const std::vector<ZipEntry>& entries) {
  return std::any_of(entries.begin(), entries.end(),
                     [](const ZipEntry& entry) { return (entry.flags & 1u) != 0; });
}

std::vector<std::string> decoded_zip_entry_names(const std::vector<ZipEntry>& entries) {
  std::vector<std::string> names;
  ZipNameDecoder decoder;
  for (const ZipEntry& entry : entries) {
    if (!entry.name_complete || entry.name.empty()) continue;
    std::string name = decoder.decode(entry.name, entry.flags);
    if (!name.empty()) add_unique(&names, std::move(name));
  }
  return names;
}

std::vector<std::string> zip_entry_names(std::string_view head) {
  return decoded_zip_entry_names(zip_entries(head));
}

}  // namespace sendcheck
