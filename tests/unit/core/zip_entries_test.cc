// Reading the entry names of a ZIP archive from its first bytes (issue 11, core/zip_entries.h):
// local and central directory headers, data descriptors, the end record, UTF-8 and CP932 names,
// heads cut anywhere and garbage. What the names mean (dangerous-type, encrypted-archive) is
// tested in attachment_checks_test.cc.
#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "core/zip_entries.h"
#include "test_support.h"
#include "zip_builder.h"

namespace sendcheck {
namespace {

using namespace std::string_literals;
using Names = std::vector<std::string>;
using testing::zip_archive;
using testing::ZipItem;

std::string fixture(const std::string& name) {
  return testing::read_file(testing::data_path("attachments/" + name));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(zip_entries_test)

BOOST_AUTO_TEST_CASE(a_stored_entry_gives_its_name) {
  const std::string zip = zip_archive({{.name = "report.pdf"}});
  BOOST_TEST(zip_entry_names(zip) == (Names{"report.pdf"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(local_and_central_headers_name_an_entry_once) {
  const std::string zip = zip_archive({{.name = "report.pdf"}, {.name = "invoice.pdf.exe"}});
  BOOST_TEST(zip_entry_names(zip) == (Names{"report.pdf", "invoice.pdf.exe"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(data_descriptors_written_by_info_zip) {
  // Info-ZIP writing to a pipe: deflated entries with data descriptors (flags 0x0008).
  const std::string streamed = fixture("shortcut-inside.zip");
  BOOST_TEST(zip_entry_names(streamed) == (Names{"docs/", "docs/readme.lnk", "docs/report.txt"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(utf8_name_with_flag_bit_11) {
  const std::string zip = zip_archive({{.name = "請求書.exe", .flags = 0x0800}});
  BOOST_TEST(zip_entry_names(zip) == (Names{"請求書.exe"}), boost::test_tools::per_element());
  // Valid UTF-8 without the flag (macOS, Linux) is UTF-8 too.
  BOOST_TEST(zip_entry_names(zip_archive({{.name = "請求書.exe"}})) == (Names{"請求書.exe"}),
             boost::test_tools::per_element());
  // Declared UTF-8 but ill-formed: U+FFFD, never CP932.
  BOOST_TEST(zip_entry_names(zip_archive({{.name = "\x95\x5C.exe", .flags = 0x0800}})) ==
                 (Names{"\uFFFD\\.exe"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(cp932_names_with_0x5c_trail_bytes_are_decoded) {
  // 表 = 95 5C, ソ = 83 5C, フ = 83 74, ト = 83 67; no flag bit 11, not valid UTF-8.
  const std::string zip =
      zip_archive({{.name = "\x95\x5C.exe"}, {.name = "\x83\x5C\x83t\x83g.js"}});
  BOOST_TEST(zip_entry_names(zip) == (Names{"表.exe", "ソフト.js"}),
             boost::test_tools::per_element());
  // Microsoft's CP932 table: 0x8160 is U+FF5E (not U+301C), 0x5C is U+005C (not U+00A5).
  BOOST_TEST(
      zip_entry_names(zip_archive({{.name = "\x81\x60\x95\x5C.txt"}})) == (Names{"\uFF5E表.txt"}),
      boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(cp932_0x5c_trail_byte_is_not_a_path_separator) {
  // 表\x.txt: 95 5C 5C 78 ...: the first 0x5C belongs to 表, the second is a backslash.
  const std::string text = zip_archive({{.name = "\x95\x5C\\x.txt"}});
  BOOST_TEST(zip_entry_names(text) == (Names{"表\\x.txt"}), boost::test_tools::per_element());
  // ソ as the last character of a folder name ("ソ/" would be 83 5C 2F).
  BOOST_TEST(zip_entry_names(zip_archive({{.name = "\x83\x5C/a.lnk"}})) == (Names{"ソ/a.lnk"}),
             boost::test_tools::per_element());
  // Info-ZIP on Linux storing CP932 file names as they are (no flag bit 11).
  const std::string made = fixture("cp932-names.zip");
  BOOST_TEST(zip_entry_names(made) == (Names{"ソフト.js", "表\\x.txt"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(name_only_in_the_central_directory_of_a_truncated_head) {
  // The local header (with a data descriptor) says readme.txt, the central directory says
  // readme.lnk (what Explorer shows and extracts); the head stops before the end record.
  std::string zip = zip_archive(
      {{.name = "readme.txt", .flags = 0x0008, .data = "hello", .central_name = "readme.lnk"}});
  zip.resize(zip.size() - 22);
  BOOST_TEST(zip_entry_names(zip) == (Names{"readme.txt", "readme.lnk"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(central_directory_found_through_the_end_record) {
  // The first local header's size points outside the head: the walk cannot go on, but the head
  // holds the whole archive and its end record says where the central directory is.
  const std::string zip =
      zip_archive({{.name = "a.txt", .local_size = 0x00FF'FFFF}, {.name = "tool.scr"}});
  BOOST_TEST(zip_entry_names(zip) == (Names{"a.txt", "tool.scr"}),
             boost::test_tools::per_element());
  // Without the end record only the first local header is read.
  const std::string cut = zip.substr(0, zip.size() - 22);
  BOOST_TEST(zip_entry_names(cut) == (Names{"a.txt"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(truncated_heads_give_only_complete_names) {
  const std::string zip = zip_archive({{.name = "setup.exe.txt"}});
  // The local name is complete from 30 + 13 bytes on.
  for (size_t length = 0; length <= zip.size(); ++length) {
    BOOST_TEST_CONTEXT(length) {
      BOOST_TEST(zip_entry_names(zip.substr(0, length)) ==
                     (length >= 43 ? Names{"setup.exe.txt"} : Names{}),
                 boost::test_tools::per_element());
    }
  }
}

BOOST_AUTO_TEST_CASE(garbage_heads_give_no_names) {
  BOOST_TEST(zip_entry_names("PK\x03\x04"s).empty());
  BOOST_TEST(zip_entry_names("").empty());
  BOOST_TEST(zip_entry_names("MZ" + zip_archive({{.name = "a.exe"}})).empty());  // not at 0
  // "PKPK...": the name is 0x4B50 = 19280 bytes of "PKPK..."; the sizes point outside the head.
  std::string pk = "PK\x03\x04"s;
  while (pk.size() < 30000) pk += "PK";
  BOOST_TEST(zip_entry_names(pk) == (Names{pk.substr(30, 19280)}),
             boost::test_tools::per_element());
  // A central directory header whose name runs past the head.
  std::string central = zip_archive({{.name = "a.txt"}, {.name = "tool.exe"}});
  central.resize(central.find("PK\x01\x02"s) + 46 + 5 + 46 + 4);  // 4 bytes of "tool.exe"
  BOOST_TEST(zip_entry_names(central) == (Names{"a.txt", "tool.exe"}),
             boost::test_tools::per_element());  // both complete in their local headers
  central = zip_archive({{.name = "a.txt", .flags = 0x0008}, {.name = "b.txt", .flags = 0x0008}});
  central.resize(central.size() - 22 - 46 - 5 + 2);  // the second central name cut after "b."
  BOOST_TEST(zip_entry_names(central) == (Names{"a.txt", "b.txt"}),
             boost::test_tools::per_element());
  // Pseudo-random bytes sown with signatures: bounded, no crash.
  std::string noise = "PK\x03\x04"s;
  std::uint32_t state = 12345;
  while (noise.size() < 64 * 1024) {
    state = state * 1103515245u + 12345u;
    const auto byte = static_cast<char>(state >> 24);
    noise.push_back(byte);
    if ((state & 0xFF) == 0) noise += (state & 0x100) != 0 ? "PK\x01\x02"s : "PK\x03\x04"s;
  }
  BOOST_TEST(zip_entry_names(noise).size() <= 1000u);
}

BOOST_AUTO_TEST_CASE(at_most_1000_entry_headers_are_read) {
  std::vector<ZipItem> items;
  for (int i = 0; i < 1100; ++i) {
    std::string name = "f" + std::to_string(10000 + i) + ".txt";
    items.push_back({.name = i == 1050 ? "tool.exe" : name, .data = "x"});
  }
  std::string zip = zip_archive(items);
  zip.resize(64 * 1024);
  BOOST_TEST(zip_entry_names(zip).size() == 1000u);
}

BOOST_AUTO_TEST_CASE(names_of_an_encrypted_archive_are_in_clear) {
  // Names are not encrypted (only with central directory encryption, bit 13).
  BOOST_TEST(zip_entry_names(fixture("encrypted.zip")) == (Names{"numbers.txt"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace sendcheck
