// Attachment checks of issue 3 (DESIGN.md §4 "Attachments"): exact flag codes per name, head and
// size; locale-independent folding; FlexConfirmMail attachment vectors of the shared corpus.
#include <algorithm>
#include <clocale>
#include <fstream>
#include <locale>
#include <sstream>
#include <string>
#include <vector>

#include <unicode/locid.h>
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "core/attachment_checks.h"
#include "core/text.h"
#include "mail/draft_reader.h"
#include "sendcheck/draft.h"
#include "sendcheck/settings.h"
#include "test_support.h"
#include "zip_builder.h"

namespace sendcheck {
namespace {

using namespace std::string_literals;
using Codes = std::vector<std::string>;

AttachmentCheckContext default_context() {
  Settings settings;  // built-in defaults: 10 MiB, 社外秘/極秘/機密/confidential/...
  AttachmentCheckContext context;
  context.large_bytes = static_cast<std::uint64_t>(settings.large_attachment_bytes);
  context.sensitive_words = settings.sensitive_words;
  context.recipient_domains = {"partner.example.jp"};
  return context;
}

DraftAttachment attachment(std::string name, std::string head = {}, std::uint64_t size = 1000) {
  DraftAttachment a;
  a.name = std::move(name);
  a.size = size;
  a.head = std::move(head);
  return a;
}

Codes codes(const std::vector<Flag>& flags) {
  Codes out;
  for (const Flag& flag : flags) out.push_back(flag.code);
  return out;
}

Codes check_codes(const std::string& name, const std::string& head = {},
                  const AttachmentCheckContext& context = default_context()) {
  return codes(check_attachment(attachment(name, head), context));
}

const Flag* find_flag(const std::vector<Flag>& flags, const std::string& code) {
  for (const Flag& flag : flags) {
    if (flag.code == code) return &flag;
  }
  return nullptr;
}

std::string fixture(const std::string& name) {
  return testing::read_file(testing::data_path("attachments/" + name));
}

// Two parties of the settings; the draft goes to `recipients` (registrable domains).
AttachmentCheckContext party_context(std::vector<std::string> recipients) {
  AttachmentCheckContext context = default_context();
  context.parties = {Party{"partner-a.co.jp", {"株式会社パートナーA", "パートナーA", "Partner A"}},
                     Party{"ＡＣＭＥ.example", {"ACME"}}};
  context.recipient_domains = std::move(recipients);
  return context;
}

using testing::le16;
using testing::le32;
using testing::zip_archive;
using testing::ZipItem;

// A ZIP local file header (PKWARE APPNOTE.TXT 4.3.7) for a stored entry named `name` holding
// `data`, with general purpose flags `flags` (bit 0 = encrypted).
std::string zip_local_entry(std::uint16_t flags, const std::string& name, const std::string& data) {
  std::string out = "PK\x03\x04"s;
  out += le16(20);                                       // version needed to extract
  out += le16(flags);                                    // general purpose bit flag
  out += le16(0);                                        // compression method: stored
  out += le16(0) + le16(0x5821);                         // time, date
  out += le32(0x12345678);                               // crc-32
  out += le32(static_cast<std::uint32_t>(data.size()));  // compressed size
  out += le32(static_cast<std::uint32_t>(data.size()));  // uncompressed size
  out += le16(static_cast<std::uint16_t>(name.size()));
  out += le16(0);  // extra field length
  return out + name + data;
}

// The flags of an attachment named `name` whose head is `head`, in `locale`.
std::vector<Flag> zip_flags(const std::string& head, Locale locale = Locale::kEn,
                            const std::string& name = "資料.zip") {
  AttachmentCheckContext context = default_context();
  context.locale = locale;
  return check_attachment(attachment(name, head), context);
}

// The start of a PE file: "MZ", DOS header with NUL bytes.
const std::string kMzHead = "MZ\x90\0\x03\0\0\0\x04\0\0\0\xFF\xFF\0\0\xB8\0\0\0\0\0\0\0@\0"s;
const std::string kElfHead =
    "\x7f"
    "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0"s;
const std::string kOleHead = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0\0\0\0\0"s;

}  // namespace

BOOST_AUTO_TEST_SUITE(attachment_checks_test)

// --- dangerous-type, double-extension, bidi-control ----------------------------------------------

BOOST_AUTO_TEST_CASE(seikyusho_pdf_exe_is_dangerous_with_a_double_extension) {
  std::vector<Flag> flags = check_attachment(attachment("請求書.pdf.exe"), default_context());
  BOOST_TEST(codes(flags) == (Codes{"dangerous-type", "double-extension"}),
             boost::test_tools::per_element());
  BOOST_TEST(flags[0].message == "A file type that can run code (.exe).");
  BOOST_TEST(flags[0].message == format_message("dangerous-type",
                                                {{"source", "name"}, {"extension", ".exe"}},
                                                Locale::kEn));
}

BOOST_AUTO_TEST_CASE(mitsumorisho_upper_case_pdf_exe) {
  BOOST_TEST(check_codes("見積書.PDF.Exe") == (Codes{"dangerous-type", "double-extension"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(right_to_left_override_hides_exe) {
  // Shown as "invoiceexe.jpg"; the real extension is .exe.
  std::vector<Flag> flags = check_attachment(attachment("invoice\u202Egpj.exe"), default_context());
  BOOST_TEST(codes(flags) == (Codes{"dangerous-type", "bidi-control"}),
             boost::test_tools::per_element());
  BOOST_TEST(flags[0].message == "A file type that can run code (.exe).");
}

BOOST_AUTO_TEST_CASE(every_bidi_control_is_found) {
  for (const char* name : {"a\u202Ab.txt", "a\u202Bb.txt", "a\u202Cb.txt", "a\u202Db.txt",
                           "a\u202Eb.txt", "a\u2066b.txt", "a\u2067b.txt", "a\u2068b.txt",
                           "a\u2069b.txt", "a\u200Eb.txt", "a\u200Fb.txt", "a\u061Cb.txt"}) {
    BOOST_TEST_CONTEXT(name) {
      BOOST_TEST(check_codes(name) == (Codes{"bidi-control"}), boost::test_tools::per_element());
    }
  }
  // A bidi control inside the extension: the extension without it is .exe.
  BOOST_TEST(check_codes("photo.e\u202Dxe") == (Codes{"dangerous-type", "bidi-control"}),
             boost::test_tools::per_element());
  BOOST_TEST(check_codes("يوليو.pdf").empty());  // Arabic letters alone are no control
}

BOOST_AUTO_TEST_CASE(disk_iso_under_a_turkish_locale) {
  const Codes expected{"dangerous-type"};
  BOOST_TEST(check_codes("disk.ISO") == expected, boost::test_tools::per_element());
  // .İSO is another extension (Windows compares with simple upper-casing: İ stays İ).
  BOOST_TEST(check_codes("disk.İSO").empty());

  // ICU's default locale Turkish: folding must not use it.
  {
    const icu::Locale saved = icu::Locale::getDefault();
    UErrorCode status = U_ZERO_ERROR;
    icu::Locale::setDefault(icu::Locale("tr", "TR"), status);
    BOOST_TEST(U_SUCCESS(status));
    std::vector<Flag> flags = check_attachment(attachment("disk.ISO"), default_context());
    BOOST_TEST(codes(flags) == expected, boost::test_tools::per_element());
    BOOST_TEST(flags.at(0).message == "A file type that can run code (.iso).");
    BOOST_TEST(check_codes("SETUP.EXE") == expected, boost::test_tools::per_element());
    BOOST_TEST(nfkc_casefold("DİSK.ISO") == "di\u0307sk.iso");
    status = U_ZERO_ERROR;
    icu::Locale::setDefault(saved, status);
  }

  // The C and C++ locales Turkish, when one is installed (CI images usually have none).
  bool tested = false;
  for (const char* name : {"tr_TR.UTF-8", "tr_TR.utf8", "tr_TR"}) {
    std::locale turkish;
    try {
      turkish = std::locale(name);
    } catch (const std::runtime_error&) {
      continue;
    }
    const std::string saved_c = std::setlocale(LC_ALL, nullptr);
    const std::locale saved_cpp = std::locale::global(turkish);
    std::setlocale(LC_ALL, name);
    BOOST_TEST(check_codes("disk.ISO") == expected, boost::test_tools::per_element());
    BOOST_TEST(check_codes("INVOICE.PDF.EXE") == (Codes{"dangerous-type", "double-extension"}),
               boost::test_tools::per_element());
    BOOST_TEST(nfkc_casefold("ISO") == "iso");
    std::locale::global(saved_cpp);
    std::setlocale(LC_ALL, saved_c.c_str());
    tested = true;
    break;
  }
  if (!tested) {
    BOOST_TEST_MESSAGE("no Turkish C locale installed; folding asserted directly and under ICU tr");
  }
}

BOOST_AUTO_TEST_CASE(full_width_extension_is_normalised) {
  std::vector<Flag> flags = check_attachment(attachment("setup.ｅｘｅ"), default_context());
  BOOST_TEST(codes(flags) == (Codes{"dangerous-type"}), boost::test_tools::per_element());
  BOOST_TEST(flags[0].message == "A file type that can run code (.exe).");
}

BOOST_AUTO_TEST_CASE(gijiroku_doc_rtf_is_not_a_double_extension) {
  BOOST_TEST(check_codes("議事録.doc.rtf").empty());
  BOOST_TEST(check_codes("archive.tar.gz").empty());
  BOOST_TEST(check_codes("setup.exe.txt").empty());  // the real type is text
  BOOST_TEST(check_codes("v1.2 資料.pdf").empty());
  BOOST_TEST(check_codes("Mr. Smith.docx").empty());
}

BOOST_AUTO_TEST_CASE(macro_document_xlsm_is_dangerous) {
  std::vector<Flag> flags = check_attachment(attachment("売上集計.xlsm"), default_context());
  BOOST_TEST(codes(flags) == (Codes{"dangerous-type"}), boost::test_tools::per_element());
  BOOST_TEST(flags[0].message == "A file type that can run code (.xlsm).");
  for (const char* name :
       {"a.docm", "a.pptm", "a.dotm", "a.xltm", "a.potm",  "a.ppam", "a.xlam", "a.sldm",
        "a.one",  "a.chm",  "a.lnk",  "a.iso",  "a.img",   "a.vhdx", "a.js",   "a.vbs",
        "a.ps1",  "a.hta",  "a.scr",  "a.msi",  "a.bat",   "a.cmd",  "a.jar",  "a.url",
        "a.reg",  "a.sh",   "a.apk",  "a.dmg",  "a.gadget"}) {
    BOOST_TEST_CONTEXT(name) {
      BOOST_TEST(check_codes(name) == (Codes{"dangerous-type"}), boost::test_tools::per_element());
    }
  }
  for (const char* name : {"a.docx", "a.xlsx", "a.pptx", "a.pdf", "a.png", "a.zip", "a.txt",
                           "a.csv", "a.html", "README", "a.", ".exe.txt"}) {
    BOOST_TEST_CONTEXT(name) { BOOST_TEST(check_codes(name).empty()); }
  }
}

BOOST_AUTO_TEST_CASE(spaces_and_dots_hiding_the_extension) {
  const Codes both{"dangerous-type", "double-extension"};
  BOOST_TEST(check_codes("report.pdf      .exe") == both, boost::test_tools::per_element());
  BOOST_TEST(check_codes("report.pdf.....exe") == both, boost::test_tools::per_element());
  BOOST_TEST(check_codes("report                              .exe") == both,
             boost::test_tools::per_element());
  BOOST_TEST(check_codes("report.pdf\u3000\u3000\u3000.scr") == both,
             boost::test_tools::per_element());
  // Windows drops trailing dots and spaces: this is report.exe.
  BOOST_TEST(check_codes("report.exe. ") == (Codes{"dangerous-type"}),
             boost::test_tools::per_element());
  // Active content behind a document extension (not dangerous alone).
  BOOST_TEST(check_codes("invoice.pdf.html") == (Codes{"double-extension"}),
             boost::test_tools::per_element());
  BOOST_TEST(check_codes("photo.JPG.js") == both, boost::test_tools::per_element());
}

// --- type-mismatch --------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(pdf_that_starts_with_mz_is_a_type_mismatch) {
  std::vector<Flag> flags = check_attachment(attachment("見積書.pdf", "MZ"), default_context());
  BOOST_TEST(codes(flags) == (Codes{"type-mismatch"}), boost::test_tools::per_element());
  BOOST_TEST(flags[0].message == "The content does not match the extension (.pdf).");
  BOOST_TEST(check_codes("見積書.PDF", kMzHead) == (Codes{"type-mismatch"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(real_heads_match_their_extensions) {
  const std::string pdf = fixture("sample.pdf");
  const std::string png = fixture("sample.png");
  const std::string zip = fixture("plain.zip");
  BOOST_TEST(check_codes("見積書.pdf", pdf).empty());
  BOOST_TEST(check_codes("図.png", png).empty());
  BOOST_TEST(check_codes("図.jpg", png).empty());  // another image format: viewers open it
  BOOST_TEST(check_codes("資料.zip", zip).empty());
  BOOST_TEST(check_codes("資料.docx", zip).empty());
  BOOST_TEST(check_codes("資料.xlsx", kOleHead).empty());  // password-protected OOXML is OLE
  BOOST_TEST(check_codes("資料.xls", kOleHead).empty());
  BOOST_TEST(check_codes("議事録.txt", fixture("notes.txt")).empty());
  BOOST_TEST(check_codes("社員.csv", "MZDA,Mazda,Hiroshima\n").empty());  // text, no NUL
  BOOST_TEST(check_codes("tool.exe", kMzHead) == (Codes{"dangerous-type"}),
             boost::test_tools::per_element());
  // Unknown magic or unknown extension: no opinion.
  BOOST_TEST(check_codes("見積書.pdf", "\x00\x01\x02\x03"s).empty());
  BOOST_TEST(check_codes("data.dat", kMzHead).empty());
  BOOST_TEST(check_codes("見積書.pdf", "").empty());
}

BOOST_AUTO_TEST_CASE(content_of_another_family_is_a_type_mismatch) {
  const std::string zip = fixture("plain.zip");
  const Codes mismatch{"type-mismatch"};
  BOOST_TEST(check_codes("photo.jpg", zip) == mismatch, boost::test_tools::per_element());
  BOOST_TEST(check_codes("notes.txt", kMzHead) == mismatch, boost::test_tools::per_element());
  BOOST_TEST(check_codes("notes.txt", kElfHead) == mismatch, boost::test_tools::per_element());
  BOOST_TEST(check_codes("list.csv", zip) == mismatch, boost::test_tools::per_element());
  BOOST_TEST(check_codes("見積書.pdf", zip) == mismatch, boost::test_tools::per_element());
  BOOST_TEST(check_codes("見積書.docx", fixture("sample.pdf")) == mismatch,
             boost::test_tools::per_element());
  BOOST_TEST(check_codes("図.png", kMzHead) == mismatch, boost::test_tools::per_element());
  BOOST_TEST(check_codes("図.gif", "\xFF\xD8\xFF\xE0"s).empty());
  BOOST_TEST(check_codes("backup.zip", kOleHead) == mismatch, boost::test_tools::per_element());
  BOOST_TEST(
      check_codes("setup.exe", fixture("sample.pdf")) == (Codes{"dangerous-type", "type-mismatch"}),
      boost::test_tools::per_element());
}

// --- encrypted-archive ------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(encrypted_zip_local_header) {
  const std::string encrypted = zip_local_entry(0x0001, "a.txt", "0123456789ab");
  const std::string plain = zip_local_entry(0x0000, "a.txt", "hello");
  BOOST_TEST(encrypted.size() == 30 + 5 + 12);
  std::vector<Flag> flags = check_attachment(attachment("資料.zip", encrypted), default_context());
  BOOST_TEST(codes(flags) == (Codes{"encrypted-archive"}), boost::test_tools::per_element());
  BOOST_TEST(flags[0].message == "An encrypted archive: the recipient needs the password.");
  BOOST_TEST(check_codes("資料.zip", plain).empty());
  // The second entry encrypted (first one stored in clear).
  BOOST_TEST(check_codes("資料.zip", plain + encrypted) == (Codes{"encrypted-archive"}),
             boost::test_tools::per_element());
  // Only the 30 bytes of the header (the head may be cut anywhere).
  BOOST_TEST(check_codes("資料.zip", encrypted.substr(0, 30)) == (Codes{"encrypted-archive"}),
             boost::test_tools::per_element());
  BOOST_TEST(check_codes("資料.zip", plain.substr(0, 29)).empty());
}

BOOST_AUTO_TEST_CASE(encrypted_zip_made_by_info_zip) {
  // `zip -P secret` (traditional PKWARE encryption, data descriptor: flags 0x0009).
  BOOST_TEST(check_codes("encrypted.zip", fixture("encrypted.zip")) == (Codes{"encrypted-archive"}),
             boost::test_tools::per_element());
  BOOST_TEST(check_codes("plain.zip", fixture("plain.zip")).empty());
}

// --- dangerous-type: names inside a ZIP (issue 11) ---------------------------------------------
// (How the names are read and decoded: zip_entries_test.cc.)

BOOST_AUTO_TEST_CASE(zip_with_only_a_pdf_is_not_dangerous) {
  const std::string zip = zip_archive({{.name = "report.pdf"}});
  BOOST_TEST(codes(zip_flags(zip)).empty());
}

BOOST_AUTO_TEST_CASE(exe_inside_a_zip_is_dangerous_and_named) {
  const std::string zip = zip_archive({{.name = "report.pdf"}, {.name = "invoice.pdf.exe"}});
  std::vector<Flag> flags = zip_flags(zip);
  BOOST_TEST(codes(flags) == (Codes{"dangerous-type"}), boost::test_tools::per_element());
  BOOST_TEST(flags.at(0).message ==
             "The archive contains a file that can run code: invoice.pdf.exe.");
  flags = zip_flags(zip, Locale::kJa);
  BOOST_TEST(flags.at(0).message ==
             "ZIPの中に実行可能なファイル「invoice.pdf.exe」が含まれています。");
  // A right-to-left override does not hide the extension inside either.
  flags = zip_flags(zip_archive({{.name = "invoice\u202Egpj.exe", .flags = 0x0800}}));
  BOOST_TEST(codes(flags) == (Codes{"dangerous-type"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(upper_case_setup_exe_inside_a_zip) {
  std::vector<Flag> flags = zip_flags(zip_archive({{.name = "SETUP.EXE"}}));
  BOOST_TEST(codes(flags) == (Codes{"dangerous-type"}), boost::test_tools::per_element());
  BOOST_TEST(flags.at(0).message == "The archive contains a file that can run code: SETUP.EXE.");
  BOOST_TEST(codes(zip_flags(zip_archive({{.name = "Ｔｏｏｌ．ＪＳ", .flags = 0x0800}}))) ==
                 (Codes{"dangerous-type"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(shortcut_in_a_folder_inside_a_zip) {
  const std::string zip =
      zip_archive({{.name = "docs/", .data = ""}, {.name = "docs/readme.lnk"}, {.name = "a.txt"}});
  std::vector<Flag> flags = zip_flags(zip);
  BOOST_TEST(codes(flags) == (Codes{"dangerous-type"}), boost::test_tools::per_element());
  BOOST_TEST(flags.at(0).message ==
             "The archive contains a file that can run code: docs/readme.lnk.");
  // A folder named like an executable is no executable.
  BOOST_TEST(codes(zip_flags(zip_archive({{.name = "setup.exe/", .data = ""}}))).empty());
  // Info-ZIP writing to a pipe: deflated entries with data descriptors (flags 0x0008).
  flags = zip_flags(fixture("shortcut-inside.zip"));
  BOOST_TEST(codes(flags) == (Codes{"dangerous-type"}), boost::test_tools::per_element());
  BOOST_TEST(flags.at(0).message ==
             "The archive contains a file that can run code: docs/readme.lnk.");
}

BOOST_AUTO_TEST_CASE(utf8_name_with_flag_bit_11) {
  const std::string zip = zip_archive({{.name = "請求書.exe", .flags = 0x0800}});
  std::vector<Flag> flags = zip_flags(zip, Locale::kJa);
  BOOST_TEST(codes(flags) == (Codes{"dangerous-type"}), boost::test_tools::per_element());
  BOOST_TEST(flags.at(0).message == "ZIPの中に実行可能なファイル「請求書.exe」が含まれています。");
}

BOOST_AUTO_TEST_CASE(cp932_names_with_0x5c_trail_bytes_are_flagged) {
  // 表 = 95 5C, ソ = 83 5C, フ = 83 74, ト = 83 67; no flag bit 11, not valid UTF-8.
  const std::string zip =
      zip_archive({{.name = "\x95\x5C.exe"}, {.name = "\x83\x5C\x83t\x83g.js"}});
  std::vector<Flag> flags = zip_flags(zip);
  BOOST_TEST(codes(flags) == (Codes{"dangerous-type"}), boost::test_tools::per_element());
  BOOST_TEST(flags.at(0).message ==
             "The archive contains 2 files that can run code: 表.exe, ソフト.js.");
  flags = zip_flags(zip, Locale::kJa);
  BOOST_TEST(flags.at(0).message ==
             "ZIPの中に実行可能なファイルが 2 件含まれています（表.exe、ソフト.js）。");
}

BOOST_AUTO_TEST_CASE(cp932_0x5c_trail_byte_is_not_a_path_separator) {
  // 表\x.txt: 95 5C 5C 78 ...: the first 0x5C belongs to 表, the second is a backslash.
  const std::string text = zip_archive({{.name = "\x95\x5C\\x.txt"}});
  BOOST_TEST(codes(zip_flags(text)).empty());
  // The real backslash is a separator: the last component is setup.exe.
  std::vector<Flag> flags = zip_flags(zip_archive({{.name = "\x95\x5C\\setup.exe"}}));
  BOOST_TEST(codes(flags) == (Codes{"dangerous-type"}), boost::test_tools::per_element());
  BOOST_TEST(flags.at(0).message ==
             "The archive contains a file that can run code: 表\\setup.exe.");
  // Info-ZIP on Linux storing CP932 file names as they are (no flag bit 11).
  flags = zip_flags(fixture("cp932-names.zip"), Locale::kJa);
  BOOST_TEST(codes(flags) == (Codes{"dangerous-type"}), boost::test_tools::per_element());
  BOOST_TEST(flags.at(0).message == "ZIPの中に実行可能なファイル「ソフト.js」が含まれています。");
}

BOOST_AUTO_TEST_CASE(name_only_in_the_central_directory_of_a_truncated_head) {
  // The local header (with a data descriptor) says readme.txt, the central directory says
  // readme.lnk (what Explorer shows and extracts); the head stops before the end record.
  std::string zip = zip_archive(
      {{.name = "readme.txt", .flags = 0x0008, .data = "hello", .central_name = "readme.lnk"}});
  zip.resize(zip.size() - 22);
  std::vector<Flag> flags = zip_flags(zip);
  BOOST_TEST(codes(flags) == (Codes{"dangerous-type"}), boost::test_tools::per_element());
  BOOST_TEST(flags.at(0).message == "The archive contains a file that can run code: readme.lnk.");
}

BOOST_AUTO_TEST_CASE(central_directory_found_through_the_end_record) {
  // The first local header's size points outside the head: the walk cannot go on, but the head
  // holds the whole archive and its end record says where the central directory is.
  const std::string zip =
      zip_archive({{.name = "a.txt", .local_size = 0x00FF'FFFF}, {.name = "tool.scr"}});
  BOOST_TEST(codes(zip_flags(zip)) == (Codes{"dangerous-type"}), boost::test_tools::per_element());
  // Without the end record only the first local header is read.
  const std::string cut = zip.substr(0, zip.size() - 22);
  BOOST_TEST(codes(zip_flags(cut)).empty());
}

BOOST_AUTO_TEST_CASE(truncated_heads_flag_only_complete_names) {
  const std::string zip = zip_archive({{.name = "setup.exe.txt"}});
  // "setup.exe" cut from the name is no executable.
  for (size_t length = 0; length <= zip.size(); ++length) {
    BOOST_TEST_CONTEXT(length) { BOOST_TEST(codes(zip_flags(zip.substr(0, length))).empty()); }
  }
  const std::string exe = zip_archive({{.name = "setup.exe"}});
  for (size_t length = 0; length <= exe.size(); ++length) {
    BOOST_TEST_CONTEXT(length) {
      BOOST_TEST(codes(zip_flags(exe.substr(0, length))) ==
                     (length >= 39 ? Codes{"dangerous-type"} : Codes{}),
                 boost::test_tools::per_element());
    }
  }
}

BOOST_AUTO_TEST_CASE(garbage_heads_give_no_flags) {
  // "PKPK...": one entry whose name is 19280 bytes of "PKPK..."; the sizes point outside the head.
  std::string pk = "PK\x03\x04"s;
  while (pk.size() < 30000) pk += "PK";
  BOOST_TEST(codes(zip_flags(pk)).empty());
}

BOOST_AUTO_TEST_CASE(at_most_1000_entry_headers_are_read) {
  std::vector<ZipItem> items;
  for (int i = 0; i < 1100; ++i) {
    std::string name = "f" + std::to_string(10000 + i) + ".txt";
    items.push_back({.name = i == 1050 ? "tool.exe" : name, .data = "x"});
  }
  std::string zip = zip_archive(items);
  zip.resize(64 * 1024);
  BOOST_TEST(codes(zip_flags(zip)).empty());  // tool.exe is entry 1051
  items[999].name = "tool.exe";
  zip = zip_archive(items);
  zip.resize(64 * 1024);
  BOOST_TEST(codes(zip_flags(zip)) == (Codes{"dangerous-type"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(many_dangerous_entries_are_counted_and_three_shown) {
  const std::string long_name = std::string(150, 'a') + ".exe";
  const std::string zip = zip_archive({{.name = long_name},
                                       {.name = "b.js"},
                                       {.name = "c.vbs"},
                                       {.name = "d.bat"},
                                       {.name = "e.txt"},
                                       {.name = "f.ps1"}});
  std::vector<Flag> flags = zip_flags(zip);
  BOOST_TEST(codes(flags) == (Codes{"dangerous-type"}), boost::test_tools::per_element());
  BOOST_TEST(flags.at(0).message == "The archive contains 5 files that can run code: \u2026" +
                                        std::string(96, 'a') + ".exe, b.js, c.vbs, \u2026.");
  flags = zip_flags(zip, Locale::kJa);
  BOOST_TEST(flags.at(0).message == "ZIPの中に実行可能なファイルが 5 件含まれています（\u2026" +
                                        std::string(96, 'a') + ".exe、b.js、c.vbs、\u2026）。");
}

BOOST_AUTO_TEST_CASE(only_plain_zip_archives_are_looked_into) {
  // Office and other ZIP packages hold .bin parts (embedded objects, printer settings).
  const std::string package = zip_archive({{.name = "[Content_Types].xml"},
                                           {.name = "xl/printerSettings/printerSettings1.bin"},
                                           {.name = "word/embeddings/oleObject1.bin"}});
  BOOST_TEST(codes(zip_flags(package, Locale::kEn, "売上.xlsx")).empty());
  BOOST_TEST(codes(zip_flags(package, Locale::kEn, "資料.docx")).empty());
  BOOST_TEST(codes(zip_flags(package, Locale::kEn, "資料.zip")) == (Codes{"dangerous-type"}),
             boost::test_tools::per_element());
  // A dangerous name already gives dangerous-type, once, for its extension.
  std::vector<Flag> flags = zip_flags(
      zip_archive({{.name = "Main.class"}, {.name = "lib/run.exe"}}), Locale::kEn, "app.jar");
  BOOST_TEST(codes(flags) == (Codes{"dangerous-type"}), boost::test_tools::per_element());
  BOOST_TEST(flags.at(0).message == "A file type that can run code (.jar).");
  // No extension, but declared a ZIP.
  DraftAttachment declared = attachment("archive", zip_archive({{.name = "x.hta"}}));
  BOOST_TEST(codes(check_attachment(declared, default_context())).empty());
  declared.content_type = "application/x-zip-compressed";
  BOOST_TEST(codes(check_attachment(declared, default_context())) == (Codes{"dangerous-type"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(encrypted_entries_still_give_encrypted_archive) {
  BOOST_TEST(codes(zip_flags(zip_archive({{.name = "report.pdf", .flags = 0x0001}}))) ==
                 (Codes{"encrypted-archive"}),
             boost::test_tools::per_element());
  // Names are not encrypted (only with central directory encryption, bit 13): both flags.
  BOOST_TEST(codes(zip_flags(
                 zip_archive({{.name = "report.pdf"}, {.name = "setup.exe", .flags = 0x0009}}))) ==
                 (Codes{"dangerous-type", "encrypted-archive"}),
             boost::test_tools::per_element());
  // Encrypted only in the central directory header (4.3.12), reached through the data descriptor.
  std::string zip = zip_archive({{.name = "a.txt", .flags = 0x0008}});
  zip[zip.find("PK\x01\x02"s) + 8] = 0x09;
  BOOST_TEST(codes(zip_flags(zip)) == (Codes{"encrypted-archive"}),
             boost::test_tools::per_element());
}

// --- large ------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(size_threshold) {
  AttachmentCheckContext context = default_context();
  context.large_bytes = 1000;
  BOOST_TEST(codes(check_attachment(attachment("a.pdf", "", 1000), context)).empty());
  std::vector<Flag> flags = check_attachment(attachment("a.pdf", "", 1001), context);
  BOOST_TEST(codes(flags) == (Codes{"large"}), boost::test_tools::per_element());
  BOOST_TEST(flags[0].message == format_message("large", {{"size", 1001}}, Locale::kEn));
  BOOST_TEST(flags[0].message == "A large file (1,001 bytes).");
  // The default: 10 MiB.
  BOOST_TEST(codes(check_attachment(attachment("a.pdf", "", 10 * 1024 * 1024), default_context()))
                 .empty());
  BOOST_TEST(codes(check_attachment(attachment("a.pdf", "", 10 * 1024 * 1024 + 1),
                                    default_context())) == (Codes{"large"}),
             boost::test_tools::per_element());
}

// --- sensitive-name ---------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(shagaihi_and_confidential_in_names) {
  std::vector<Flag> flags = check_attachment(attachment("【社外秘】売上.xlsx"), default_context());
  BOOST_TEST(codes(flags) == (Codes{"sensitive-name"}), boost::test_tools::per_element());
  BOOST_TEST(flags[0].message == "The name contains a sensitive word (社外秘).");

  // Any case, full width too; the message names the word as configured.
  for (const char* name : {"CONFIDENTIAL_plan.pdf", "Confidential plan.pdf",
                           "ＣＯＮＦＩＤＥＮＴＩＡＬ.pdf", "plan (confidential).pdf"}) {
    BOOST_TEST_CONTEXT(name) {
      std::vector<Flag> f = check_attachment(attachment(name), default_context());
      BOOST_TEST(codes(f) == (Codes{"sensitive-name"}), boost::test_tools::per_element());
      BOOST_TEST(f.at(0).message == "The name contains a sensitive word (confidential).");
    }
  }
  AttachmentCheckContext japanese = default_context();
  japanese.locale = Locale::kJa;
  flags = check_attachment(attachment("社外秘_顧客リスト.xlsx"), japanese);
  BOOST_TEST(codes(flags) == (Codes{"sensitive-name"}), boost::test_tools::per_element());
  BOOST_TEST(flags[0].message == "ファイル名に注意が必要な語（社外秘、顧客）が含まれています。");

  BOOST_TEST(check_codes("plan.pdf").empty());
  BOOST_TEST(check_codes("internal_only_memo.pdf") == (Codes{"sensitive-name"}),
             boost::test_tools::per_element());
  AttachmentCheckContext none = default_context();
  none.sensitive_words.clear();
  BOOST_TEST(check_codes("社外秘.pdf", "", none).empty());
}

// --- names-other-party ------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(party_in_settings_not_among_recipients) {
  const AttachmentCheckContext elsewhere = party_context({"other.example"});
  std::vector<Flag> flags = check_attachment(attachment("パートナーA様_見積書.pdf"), elsewhere);
  BOOST_TEST(codes(flags) == (Codes{"names-other-party"}), boost::test_tools::per_element());
  BOOST_TEST(flags[0].message ==
             "The name mentions パートナーA, which is not among the recipients.");
  for (const char* name : {"株式会社パートナーＡ御中.pdf", "Partner-A quote.pdf",
                           "quote_PARTNER_A_2024.xlsx", "ACME見積.pdf", "acme.pdf"}) {
    BOOST_TEST_CONTEXT(name) {
      BOOST_TEST(check_codes(name, "", elsewhere) == (Codes{"names-other-party"}),
                 boost::test_tools::per_element());
    }
  }
  // Not inside a longer ASCII word.
  BOOST_TEST(check_codes("acmerica.pdf", "", elsewhere).empty());
  BOOST_TEST(check_codes("見積書.pdf", "", elsewhere).empty());
}

BOOST_AUTO_TEST_CASE(party_among_recipients_is_not_flagged) {
  BOOST_TEST(
      check_codes("パートナーA様_見積書.pdf", "", party_context({"partner-a.co.jp"})).empty());
  // The party's domain was written in full width; recipients are canonical.
  BOOST_TEST(check_codes("ACME見積.pdf", "", party_context({"acme.example"})).empty());
  // Two parties named, one a recipient: the other is reported.
  std::vector<Flag> flags = check_attachment(attachment("ACME_パートナーA_比較.xlsx"),
                                             party_context({"partner-a.co.jp"}));
  BOOST_TEST(codes(flags) == (Codes{"names-other-party"}), boost::test_tools::per_element());
  BOOST_TEST(flags[0].message == "The name mentions ACME, which is not among the recipients.");
}

BOOST_AUTO_TEST_CASE(known_domain_label_in_the_name) {
  AttachmentCheckContext context = default_context();
  std::vector<std::string> looked_up;
  context.known_domains_with_label = [&](std::string_view label) {
    looked_up.emplace_back(label);
    if (label == "wellpoint") return std::vector<std::string>{"wellpoint.example"};
    return std::vector<std::string>{};
  };
  context.recipient_domains = {"partner.example.jp"};
  std::vector<Flag> flags = check_attachment(attachment("Wellpoint_見積書_20240401.xlsx"), context);
  BOOST_TEST(codes(flags) == (Codes{"names-other-party"}), boost::test_tools::per_element());
  BOOST_TEST(flags[0].message ==
             "The name mentions wellpoint.example, which is not among the recipients.");
  // Short tokens, pure numbers and the extension are not looked up.
  for (const std::string& label : looked_up) {
    BOOST_TEST_CONTEXT(label) {
      BOOST_TEST(label != "20240401");
      BOOST_TEST(label != "xlsx");
    }
  }

  context.recipient_domains = {"wellpoint.example"};
  BOOST_TEST(codes(check_attachment(attachment("Wellpoint_見積書.xlsx"), context)).empty());

  context.known_domains_with_label = nullptr;  // not set: no lookup, no flag
  context.recipient_domains = {"partner.example.jp"};
  BOOST_TEST(codes(check_attachment(attachment("Wellpoint_見積書.xlsx"), context)).empty());
}

BOOST_AUTO_TEST_CASE(hyphenated_and_japanese_labels_are_looked_up) {
  AttachmentCheckContext context = default_context();
  std::vector<std::string> looked_up;
  context.known_domains_with_label = [&](std::string_view label) {
    looked_up.emplace_back(label);
    if (label == "well-point") return std::vector<std::string>{"well-point.co.jp"};
    return std::vector<std::string>{};
  };
  BOOST_TEST(check_codes("well-point 提案書.pdf", "", context) == (Codes{"names-other-party"}),
             boost::test_tools::per_element());
  // 提案書 is looked up in its IDNA form.
  BOOST_TEST(std::any_of(looked_up.begin(), looked_up.end(),
                         [](const std::string& label) { return label.starts_with("xn--"); }));
}

// --- order and locale ---------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(flags_come_in_the_documented_order) {
  AttachmentCheckContext context = party_context({"other.example"});
  context.large_bytes = 100;
  std::vector<Flag> flags = check_attachment(
      attachment("社外秘_パートナーA\u202E.pdf.exe", fixture("sample.pdf"), 5000), context);
  BOOST_TEST(
      codes(flags) == (Codes{"dangerous-type", "double-extension", "bidi-control", "type-mismatch",
                             "large", "sensitive-name", "names-other-party"}),
      boost::test_tools::per_element());
  for (const Flag& flag : flags) {
    BOOST_TEST_CONTEXT(flag.code) {
      BOOST_TEST(!flag.message.empty());
      BOOST_TEST(flag.message != flag.code);
    }
  }
  std::vector<Flag> zip =
      check_attachment(attachment("社外秘.zip", zip_local_entry(1, "a", "b"), 5000), context);
  BOOST_TEST(codes(zip) == (Codes{"encrypted-archive", "large", "sensitive-name"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(messages_follow_the_locale) {
  AttachmentCheckContext context = default_context();
  context.locale = Locale::kJa;
  std::vector<Flag> flags = check_attachment(attachment("請求書.pdf.exe"), context);
  BOOST_TEST(codes(flags) == (Codes{"dangerous-type", "double-extension"}),
             boost::test_tools::per_element());
  BOOST_TEST(flags[0].message == "実行可能なファイル形式です（.exe）。");
  BOOST_TEST(flags[1].message == format_message("double-extension", {}, Locale::kJa));
  BOOST_TEST(find_flag(flags, "bidi-control") == nullptr);
}

// --- the shared corpus ------------------------------------------------------------------------

// FlexConfirmMail/Outlook-Office-Addin attachment classifier vectors (recipient-vectors.tsv rows
// "attachment"): terms "unsafe", ".zip", "機*密". Term rows map to sensitive-name; the ".zip"
// row is an extension rule of the policy, not an attachment check.
BOOST_AUTO_TEST_CASE(flexconfirmmail_attachment_vectors) {
  auto path = testing::shared_corpus_path("flexconfirmmail/recipient-vectors.tsv");
  if (!path) {
    BOOST_TEST_MESSAGE("shared corpus not found: flexconfirmmail vectors skipped");
    return;
  }
  AttachmentCheckContext context = default_context();
  context.sensitive_words = {"unsafe", "機密"};  // "機*密": the wildcard spans separators only
  std::istringstream in(testing::read_file(*path));
  std::string line;
  int checked = 0;
  while (std::getline(in, line)) {
    if (!line.starts_with("attachment\t")) continue;
    const size_t tab = line.find('\t', 11);
    BOOST_REQUIRE(tab != std::string::npos);
    const std::string name = line.substr(11, tab - 11);
    const std::string expected = line.substr(tab + 1);
    BOOST_TEST_CONTEXT(name << " -> " << expected) {
      Codes got = check_codes(name, "", context);
      if (expected.starts_with("no match")) {
        BOOST_TEST(got.empty());
      } else if (expected.starts_with("matches \".")) {
        BOOST_TEST_MESSAGE("extension rule, not an attachment check: " << name);
        BOOST_TEST(got.empty());
        continue;
      } else {
        BOOST_TEST(got == (Codes{"sensitive-name"}), boost::test_tools::per_element());
      }
      ++checked;
    }
  }
  BOOST_TEST(checked >= 4);
}

// Real attachments of the corpus (FlexConfirmMail sample drafts, ruby `mail` fixtures): ordinary
// names and contents give no flag.
BOOST_AUTO_TEST_CASE(corpus_mail_attachments_are_clean) {
  int attachments = 0;
  for (const char* relative :
       {"flexconfirmmail/draft/blocked-recipient.eml",
        "flexconfirmmail/draft/no-confirmation-shown.eml",
        "flexconfirmmail/draft/rewarn-by-attachment.eml", "flexconfirmmail/sample.eml",
        "ruby-mail/attachment_emails__attachment_nonascii_filename.eml",
        "ruby-mail/attachment_emails__attachment_with_encoded_name.eml",
        "ruby-mail/attachment_emails__attachment_with_quoted_filename.eml",
        "ruby-mail/multi_charset__japanese_attachment.eml",
        "ruby-mail/multi_charset__japanese_attachment_long_name.eml"}) {
    auto path = testing::shared_corpus_path(relative);
    if (!path) {
      BOOST_TEST_MESSAGE("shared corpus file not found, skipped: " << relative);
      continue;
    }
    Draft draft = draft_from_eml(testing::read_file(*path));
    for (const DraftAttachment& a : draft.attachments) {
      BOOST_TEST_CONTEXT(relative << ": " << a.name) {
        BOOST_TEST(codes(check_attachment(a, default_context())).empty());
        ++attachments;
      }
    }
  }
  BOOST_TEST_MESSAGE(attachments << " corpus attachments checked");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace sendcheck
