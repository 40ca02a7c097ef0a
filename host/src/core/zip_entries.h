// The entry headers of a ZIP archive, read from its first bytes only (issue 11, DESIGN.md §4
// "Attachments"): the names a user sees when opening the archive, and whether an entry is
// encrypted. Private to core; attachment_checks.cc decides what the names and flags mean.
//
// Source of the rules: PKWARE APPNOTE.TXT (version 6.3.x):
//   4.3.7   local file header            4.3.9   data descriptor (general purpose bit 3)
//   4.3.12  central directory header     4.3.16  end of central directory record
//   4.4.3   version needed to extract    4.4.4   general purpose bit flag (bit 0 encrypted,
//   4.4.5   compression method                   bit 3 data descriptor, bit 11 UTF-8 names)
//   4.4.17  file name ("/" separators, folders end in "/")
//   4.5.3   ZIP64 extra field            Appendix D  file name encoding (D.1 IBM437, D.2 UTF-8)
//
// In: `head`, the first bytes of an attachment as the mail client hands them over (at most
// 64 KiB in practice, often less than the whole file); any bytes at all, cut anywhere.
// Out: what the headers lying within `head` say. Nothing throws and nothing reads outside `head`:
// bytes that are not a ZIP, a head cut short, sizes in a data descriptor or a ZIP64 field, and
// crafted or corrupt headers give fewer entries (possibly none), never an error. Offsets and
// sizes are in bytes; all multi-byte fields are little-endian (APPNOTE 4.4.1.1).
#ifndef SENDCHECK_CORE_ZIP_ENTRIES_H_
#define SENDCHECK_CORE_ZIP_ENTRIES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sendcheck {

// Header signatures: local file header (4.3.7), central directory file header (4.3.12), end of
// central directory record (4.3.16; alone at the start of an empty archive).
inline constexpr std::string_view kZipLocalHeader = "PK\x03\x04";
inline constexpr std::string_view kZipCentralHeader = "PK\x01\x02";
inline constexpr std::string_view kZipEndOfCentralDirectory = "PK\x05\x06";

// One entry header found in `head`: a local file header (4.3.7) or a central directory file
// header (4.3.12). Both carry the entry's name and general purpose bit flag.
struct ZipEntry {
  std::string_view name;       // raw bytes as stored, a view into `head` (lives as long as it);
                               // cut short when `head` ends inside the name
  std::uint16_t flags = 0;     // general purpose bit flag (APPNOTE 4.4.4)
  bool name_complete = false;  // the whole name lies within `head`
};

// The entry headers of the ZIP archive whose first bytes are `head`, in the order found: the
// local headers from the start, then the central directory headers that follow them in `head`,
// or, when the walk cannot get there, those of a whole archive's central directory found through
// its end record. The same entry may appear twice (local and central header). Empty when `head`
// does not start with a local file header. At most 1000 entry headers are read (bounds the work
// on a crafted archive).
std::vector<ZipEntry> zip_entries(std::string_view head);

// Some entry has general purpose bit 0 (encrypted) set, in its local or central header.
bool zip_has_encrypted_entry(const std::vector<ZipEntry>& entries);

// The names of `entries`, decoded to UTF-8, in order, without duplicates, leaving out empty names
// and names cut by the end of `head`. Decoding (Appendix D): general purpose bit 11 set: UTF-8,
// ill-formed sequences as U+FFFD; else UTF-8 when valid; else CP932 (Microsoft's table, as
// Japanese Windows tools write it). Paths are not split: "docs/readme.lnk" is one name.
std::vector<std::string> decoded_zip_entry_names(const std::vector<ZipEntry>& entries);

// decoded_zip_entry_names(zip_entries(head)).
std::vector<std::string> zip_entry_names(std::string_view head);

}  // namespace sendcheck

#endif  // SENDCHECK_CORE_ZIP_ENTRIES_H_
