// Attachment checks (see attachment_checks.h; DESIGN.md §4 "Attachments"). Reading the entry
// headers of a ZIP archive is zip_entries.cc's job; this file decides what they mean.
//
// Everything here compares folded text (nfkc_casefold, core/text.h), never the C or C++
// locale, so results do not depend on the process locale (Turkish "I" -> "ı" must not hide
// ".ISO").
#include "core/attachment_checks.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/text.h"
#include "core/zip_entries.h"
#include "sendcheck/domain.h"

namespace sendcheck {
namespace {

using namespace std::string_view_literals;

// ---------------------------------------------------------------------------------------------
// Extension lists (folded ASCII, sorted: looked up with binary search).

// Types that run code when opened, or carry code that runs: executables, scripts, installers,
// shortcuts, disk images (mounted with one click, used to carry executables past the "downloaded
// from the Internet" mark), Office macro documents and add-ins, OneNote and help files. Based on
// Microsoft Support "Blocked attachments in Outlook" (434752e1-02d3-4e90-9124-8b81e49a8519; the
// Level 1 list and the Outlook on the web BlockedFileTypes), without its entries that are merely
// data (.cer, .crt, .der, .pst, .tmp, .mdb, ...), plus macOS/Linux/Android packages and scripts,
// the macro-enabled OOXML types (ECMA-376 Part 2 content types "macroEnabled") and .one.
constexpr std::array kDangerousExtensions = {
    "ade"sv,        "adp"sv,
    "apk"sv,        "app"sv,
    "appimage"sv,   "application"sv,
    "appref-ms"sv,  "appx"sv,
    "appxbundle"sv, "bas"sv,
    "bat"sv,        "bin"sv,
    "chm"sv,        "cmd"sv,
    "com"sv,        "command"sv,
    "cpl"sv,        "csh"sv,
    "deb"sv,        "diagcab"sv,
    "dll"sv,        "dmg"sv,
    "docm"sv,       "dotm"sv,
    "exe"sv,        "gadget"sv,
    "hlp"sv,        "hta"sv,
    "htc"sv,        "img"sv,
    "inf"sv,        "ins"sv,
    "iso"sv,        "isp"sv,
    "jar"sv,        "jnlp"sv,
    "js"sv,         "jse"sv,
    "ksh"sv,        "lnk"sv,
    "mde"sv,        "msc"sv,
    "msh"sv,        "msh1"sv,
    "msh1xml"sv,    "msh2"sv,
    "msh2xml"sv,    "mshxml"sv,
    "msi"sv,        "msix"sv,
    "msixbundle"sv, "msp"sv,
    "mst"sv,        "msu"sv,
    "one"sv,        "pif"sv,
    "pkg"sv,        "potm"sv,
    "ppam"sv,       "ppsm"sv,
    "pptm"sv,       "ps1"sv,
    "ps1xml"sv,     "ps2"sv,
    "ps2xml"sv,     "psc1"sv,
    "psc2"sv,       "psd1"sv,
    "psm1"sv,       "py"sv,
    "pyc"sv,        "pyo"sv,
    "pyw"sv,        "pyz"sv,
    "pyzw"sv,       "reg"sv,
    "rpm"sv,        "run"sv,
    "scf"sv,        "scr"sv,
    "sct"sv,        "settingcontent-ms"sv,
    "sh"sv,         "shb"sv,
    "shs"sv,        "sldm"sv,
    "sys"sv,        "url"sv,
    "vb"sv,         "vbe"sv,
    "vbs"sv,        "vhd"sv,
    "vhdx"sv,       "website"sv,
    "ws"sv,         "wsb"sv,
    "wsc"sv,        "wsf"sv,
    "wsh"sv,        "xbap"sv,
    "xla"sv,        "xlam"sv,
    "xll"sv,        "xlm"sv,
    "xlsm"sv,       "xltm"sv,
    "xnk"sv,
};

// Not flagged on their own (sending a web page is ordinary), but as the last extension after a
// document extension ("invoice.pdf.html") they are the usual phishing disguise.
constexpr std::array kActiveContentExtensions = {
    "htm"sv, "html"sv, "mht"sv, "mhtml"sv, "shtml"sv, "svg"sv, "xht"sv, "xhtml"sv,
};

// Documents, images, media and archives: what the hidden first extension pretends to be.
constexpr std::array kDocumentExtensions = {
    "7z"sv,   "avi"sv,  "bmp"sv,  "csv"sv,   "doc"sv,  "docx"sv, "eml"sv,     "gif"sv,
    "heic"sv, "htm"sv,  "html"sv, "hwp"sv,   "jpeg"sv, "jpg"sv,  "jtd"sv,     "key"sv,
    "lzh"sv,  "m4a"sv,  "mov"sv,  "mp3"sv,   "mp4"sv,  "msg"sv,  "numbers"sv, "odg"sv,
    "odp"sv,  "ods"sv,  "odt"sv,  "pages"sv, "pdf"sv,  "png"sv,  "pps"sv,     "ppsx"sv,
    "ppt"sv,  "pptx"sv, "rar"sv,  "rtf"sv,   "tif"sv,  "tiff"sv, "tsv"sv,     "txt"sv,
    "wav"sv,  "webp"sv, "wmv"sv,  "xls"sv,   "xlsx"sv, "xml"sv,  "xps"sv,     "zip"sv,
};

static_assert(std::is_sorted(kDangerousExtensions.begin(), kDangerousExtensions.end()));
static_assert(std::is_sorted(kActiveContentExtensions.begin(), kActiveContentExtensions.end()));
static_assert(std::is_sorted(kDocumentExtensions.begin(), kDocumentExtensions.end()));

template <size_t N>
bool in_list(const std::array<std::string_view, N>& list, std::string_view ext) {
  return std::binary_search(list.begin(), list.end(), ext);
}

// ---------------------------------------------------------------------------------------------
// Content sniffing.

enum Magic : unsigned {
  kNoMagic = 0,
  kMz = 1u << 0,    // "MZ": DOS/PE executable (Microsoft PE/COFF specification, MS-DOS stub)
  kElf = 1u << 1,   // 7F 'E' 'L' 'F' (System V ABI, e_ident)
  kZip = 1u << 2,   // "PK\3\4" local header, "PK\5\6" empty archive (PKWARE APPNOTE.TXT 4.3)
  kPdf = 1u << 3,   // "%PDF-" (ISO 32000-1 7.5.2)
  kOle = 1u << 4,   // D0 CF 11 E0 A1 B1 1A E1 ([MS-CFB] 2.2 compound file header signature)
  kPng = 1u << 5,   // 89 'P' 'N' 'G' 0D 0A 1A 0A (PNG specification 5.2)
  kJpeg = 1u << 6,  // FF D8 FF (SOI followed by a marker, ITU-T T.81 B.1.1)
  kGif = 1u << 7,   // "GIF87a" / "GIF89a" (GIF89a specification, Header)
};
constexpr unsigned kImage = kPng | kJpeg | kGif;
// Office documents: OOXML and ODF are ZIP packages; legacy Office is OLE. Both forms are accepted
// for either extension: an encrypted .docx/.xlsx is an OLE container ([MS-OFFCRYPTO] 2.3.4:
// "EncryptedPackage" stream), and Word and Excel open a renamed .doc/.docx either way.
constexpr unsigned kOffice = kZip | kOle;

// What content an extension may have, among the types sniff() recognises. `text` marks formats
// that are text: any binary signature in them is a mismatch, and "MZ" only counts when the head
// also holds a NUL byte (a CSV may well start with "MZ").
struct TypeRule {
  std::string_view ext;
  unsigned allowed;
  bool text;
};

constexpr std::array kTypeRules = {
    TypeRule{"7z"sv, 0, false},         TypeRule{"avi"sv, 0, false},
    TypeRule{"bmp"sv, kImage, false},   TypeRule{"bz2"sv, 0, false},
    TypeRule{"com"sv, kMz, false},      TypeRule{"cpl"sv, kMz, false},
    TypeRule{"csv"sv, 0, true},         TypeRule{"dll"sv, kMz, false},
    TypeRule{"doc"sv, kOffice, false},  TypeRule{"docm"sv, kOffice, false},
    TypeRule{"docx"sv, kOffice, false}, TypeRule{"dot"sv, kOffice, false},
    TypeRule{"dotx"sv, kOffice, false}, TypeRule{"eml"sv, 0, true},
    TypeRule{"epub"sv, kZip, false},    TypeRule{"exe"sv, kMz, false},
    TypeRule{"gif"sv, kImage, false},   TypeRule{"gz"sv, 0, false},
    TypeRule{"heic"sv, kImage, false},  TypeRule{"htm"sv, 0, true},
    TypeRule{"html"sv, 0, true},        TypeRule{"ico"sv, kImage, false},
    TypeRule{"ics"sv, 0, true},         TypeRule{"jar"sv, kZip, false},
    TypeRule{"jfif"sv, kImage, false},  TypeRule{"jpe"sv, kImage, false},
    TypeRule{"jpeg"sv, kImage, false},  TypeRule{"jpg"sv, kImage, false},
    TypeRule{"json"sv, 0, true},        TypeRule{"jtd"sv, kOle, false},
    TypeRule{"log"sv, 0, true},         TypeRule{"lzh"sv, 0, false},
    TypeRule{"m4a"sv, 0, false},        TypeRule{"md"sv, 0, true},
    TypeRule{"mov"sv, 0, false},        TypeRule{"mp3"sv, 0, false},
    TypeRule{"mp4"sv, 0, false},        TypeRule{"msg"sv, kOle, false},
    TypeRule{"msi"sv, kOle, false},     TypeRule{"msp"sv, kOle, false},
    TypeRule{"odg"sv, kZip, false},     TypeRule{"odp"sv, kZip, false},
    TypeRule{"ods"sv, kZip, false},     TypeRule{"odt"sv, kZip, false},
    TypeRule{"pdf"sv, kPdf, false},     TypeRule{"png"sv, kImage, false},
    TypeRule{"pot"sv, kOffice, false},  TypeRule{"potx"sv, kOffice, false},
    TypeRule{"pps"sv, kOffice, false},  TypeRule{"ppsx"sv, kOffice, false},
    TypeRule{"ppt"sv, kOffice, false},  TypeRule{"pptm"sv, kOffice, false},
    TypeRule{"pptx"sv, kOffice, false}, TypeRule{"rar"sv, 0, false},
    TypeRule{"rtf"sv, 0, true},         TypeRule{"scr"sv, kMz, false},
    TypeRule{"sys"sv, kMz, false},      TypeRule{"tif"sv, kImage, false},
    TypeRule{"tiff"sv, kImage, false},  TypeRule{"tsv"sv, 0, true},
    TypeRule{"txt"sv, 0, true},         TypeRule{"vsd"sv, kOle, false},
    TypeRule{"vsdx"sv, kZip, false},    TypeRule{"wav"sv, 0, false},
    TypeRule{"webp"sv, kImage, false},  TypeRule{"wmv"sv, 0, false},
    TypeRule{"xls"sv, kOffice, false},  TypeRule{"xlsb"sv, kOffice, false},
    TypeRule{"xlsm"sv, kOffice, false}, TypeRule{"xlsx"sv, kOffice, false},
    TypeRule{"xlt"sv, kOffice, false},  TypeRule{"xltx"sv, kOffice, false},
    TypeRule{"xml"sv, 0, true},         TypeRule{"xps"sv, kZip, false},
    TypeRule{"xz"sv, 0, false},         TypeRule{"zip"sv, kZip, false},
};

static_assert(std::is_sorted(kTypeRules.begin(), kTypeRules.end(),
                             [](const TypeRule& a, const TypeRule& b) { return a.ext < b.ext; }));

const TypeRule* find_type_rule(std::string_view ext) {
  auto it = std::lower_bound(kTypeRules.begin(), kTypeRules.end(), ext,
                             [](const TypeRule& rule, std::string_view e) { return rule.ext < e; });
  if (it == kTypeRules.end() || it->ext != ext) return nullptr;
  return &*it;
}

Magic sniff(std::string_view head) {
  if (head.starts_with("MZ"sv)) return kMz;
  if (head.starts_with("\x7f"
                       "ELF"sv)) {
    return kElf;
  }
  if (head.starts_with(kZipLocalHeader) || head.starts_with(kZipEndOfCentralDirectory)) {
    return kZip;
  }
  if (head.starts_with("%PDF-"sv)) return kPdf;
  if (head.starts_with("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"sv)) return kOle;
  if (head.starts_with("\x89PNG\r\n\x1A\n"sv)) return kPng;
  if (head.starts_with("\xFF\xD8\xFF"sv)) return kJpeg;
  if (head.starts_with("GIF87a"sv) || head.starts_with("GIF89a"sv)) return kGif;
  return kNoMagic;
}

bool type_mismatch(std::string_view ext, std::string_view head) {
  if (ext.empty() || head.empty()) return false;
  const TypeRule* rule = find_type_rule(ext);
  if (rule == nullptr) return false;  // an extension we know nothing about
  Magic magic = sniff(head);
  if (magic == kNoMagic || (rule->allowed & magic) != 0) return false;
  if (rule->text && magic == kMz) {
    // Every PE file has NUL bytes in its DOS header; a text file does not.
    return head.substr(0, 512).find('\0') != std::string_view::npos;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Text.

bool is_ascii_alnum(UChar32 c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Letters, digits and combining marks (locale-independent Unicode properties).
bool is_word_char(UChar32 c) {
  if (c < 0x80) return is_ascii_alnum(c);
  if (u_isalnum(c)) return true;
  const int8_t type = u_charType(c);
  return type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK || type == U_ENCLOSING_MARK;
}

// Bidirectional formatting characters (Unicode UAX #9 §2: embeddings and overrides U+202A–U+202E,
// isolates U+2066–U+2069, marks U+200E, U+200F, U+061C). "Right-to-left override" disguises
// "invoice\u202Egpj.exe" as "invoiceexe.jpg" (CVE-2021-42574 "Trojan Source" uses the same
// characters in source code).
bool is_bidi_control(UChar32 c) {
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E ||
         c == 0x200F || c == 0x061C;
}

bool has_bidi_control(std::string_view s) {
  const int32_t length = static_cast<int32_t>(s.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(s.data(), i, length, c);
    if (is_bidi_control(c)) return true;
  }
  return false;
}

// `folded` (already folded) with every run of characters that are not letters, digits or marks
// replaced by one space (`keep_spaces`) or removed, trimmed.
std::string word_form(std::string_view folded, bool keep_spaces) {
  std::string out;
  out.reserve(folded.size());
  bool pending_space = false;
  const int32_t length = static_cast<int32_t>(folded.size());
  for (int32_t i = 0; i < length;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(folded.data(), i, length, c);
    if (c >= 0 && is_word_char(c)) {
      if (pending_space && keep_spaces && !out.empty()) out.push_back(' ');
      pending_space = false;
      out.append(folded.substr(static_cast<size_t>(start), static_cast<size_t>(i - start)));
    } else {
      pending_space = true;
    }
  }
  return out;
}

bool ascii_alnum_at(std::string_view s, size_t at) {
  return at < s.size() && is_ascii_alnum(static_cast<unsigned char>(s[at]));
}

// `needle` occurs in `haystack`, and where `needle` starts or ends with an ASCII letter or digit,
// not inside a longer ASCII word ("acme" is not named by "acmerica").
bool contains_word(std::string_view haystack, std::string_view needle) {
  if (needle.empty()) return false;
  const bool check_before = ascii_alnum_at(needle, 0);
  const bool check_after = ascii_alnum_at(needle, needle.size() - 1);
  for (size_t pos = haystack.find(needle); pos != std::string_view::npos;
       pos = haystack.find(needle, pos + 1)) {
    if (check_before && pos > 0 && ascii_alnum_at(haystack, pos - 1)) continue;
    if (check_after && ascii_alnum_at(haystack, pos + needle.size())) continue;
    return true;
  }
  return false;
}

std::string join(const std::vector<std::string>& items, Locale locale) {
  const std::string_view separator = locale == Locale::kJa ? "、"sv : ", "sv;
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out.append(separator);
    out.append(item);
  }
  return out;
}

void add_unique(std::vector<std::string>* items, std::string item) {
  if (std::find(items->begin(), items->end(), item) == items->end()) {
    items->push_back(std::move(item));
  }
}

// ---------------------------------------------------------------------------------------------
// The file name.

struct NameParts {
  std::string folded;         // the whole name, folded
  std::string_view base;      // folded, without folders and trailing dots and spaces
  std::string_view stem;      // base without ".ext"
  std::string_view ext;       // the last extension, without the dot ("" when none)
  std::string_view previous;  // the extension before it ("" when none)
  size_t padding = 0;         // spaces and dots between `previous`/the stem and ".ext"
};

bool plausible_extension(std::string_view ext) {
  return !ext.empty() && ext.size() <= 24 && ext.find(' ') == std::string_view::npos;
}

NameParts split_name(std::string_view name) {
  NameParts parts;
  parts.folded = nfkc_casefold(name);
  std::string_view base = parts.folded;
  if (size_t slash = base.find_last_of("/\\"); slash != std::string_view::npos) {
    base.remove_prefix(slash + 1);
  }
  // Windows drops trailing dots and spaces from file names ("report.exe. " is report.exe):
  // Microsoft Learn, "Naming Files, Paths, and Namespaces".
  while (!base.empty() && (base.back() == '.' || base.back() == ' ')) base.remove_suffix(1);
  parts.base = base;
  parts.stem = base;
  const size_t dot = base.rfind('.');
  if (dot == std::string_view::npos || !plausible_extension(base.substr(dot + 1))) return parts;
  parts.ext = base.substr(dot + 1);
  std::string_view stem = base.substr(0, dot);
  parts.stem = stem;
  while (!stem.empty() && (stem.back() == '.' || stem.back() == ' ')) {
    stem.remove_suffix(1);
    ++parts.padding;
  }
  const size_t previous_dot = stem.rfind('.');
  if (previous_dot != std::string_view::npos &&
      plausible_extension(stem.substr(previous_dot + 1))) {
    parts.previous = stem.substr(previous_dot + 1);
  }
  return parts;
}

// At least this many spaces or dots before the last extension push it out of sight in a narrow
// file-name column ("report.pdf                    .exe").
constexpr size_t kHidingPadding = 3;

bool double_extension(const NameParts& parts) {
  if (!in_list(kDangerousExtensions, parts.ext) && !in_list(kActiveContentExtensions, parts.ext)) {
    return false;
  }
  if (!parts.previous.empty() && in_list(kDocumentExtensions, parts.previous)) return true;
  return in_list(kDangerousExtensions, parts.ext) && parts.padding >= kHidingPadding;
}

// ---------------------------------------------------------------------------------------------
// Dangerous entries inside a ZIP archive (issue 11).

// Archives whose entries a user opens one by one (Explorer and Finder show a ZIP as a folder):
// the extension .zip, or a ZIP content type on a name without extension. ZIP-based document and
// package formats (.docx, .xlsx, .odt, .epub, .jar, .apk) are left alone: their parts are not
// opened by the user, and ordinary ones hold names such as "xl/printerSettings/
// printerSettings1.bin" or "word/embeddings/oleObject1.bin".
bool browsed_archive(const NameParts& parts, std::string_view content_type) {
  if (parts.ext == "zip"sv) return true;
  return parts.ext.empty() &&
         (content_type == "application/zip"sv || content_type == "application/x-zip-compressed"sv);
}

// At most this many entry names are shown in a message; longer names keep their end (where the
// extension is) after an ellipsis.
constexpr size_t kMaxShownEntries = 3;
constexpr size_t kMaxShownEntryLength = 100;  // code points

std::string shown_entry_name(std::string_view name) {
  const size_t length = code_point_count(name);
  if (length <= kMaxShownEntryLength) return std::string(name);
  size_t skip = length - kMaxShownEntryLength;
  size_t at = 0;
  while (at < name.size()) {
    if ((static_cast<unsigned char>(name[at]) & 0xC0) != 0x80 && skip-- == 0) break;
    ++at;
  }
  return "\u2026" + std::string(name.substr(at));
}

// The entries whose last path component has a dangerous extension (the same list and folding as
// the attachment's own name; split_name splits the decoded name on "/" and backslash). Folders
// ("docs/", APPNOTE 4.4.17.1) have no extension.
std::vector<std::string> dangerous_zip_entries(const std::vector<std::string>& names) {
  std::vector<std::string> found;
  for (const std::string& name : names) {
    if (in_list(kDangerousExtensions, split_name(name).ext)) found.push_back(name);
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Sensitive words and other parties.

std::vector<std::string> sensitive_words_in(const NameParts& parts,
                                            const std::vector<std::string>& words) {
  std::vector<std::string> found;
  if (words.empty()) return found;
  // Separators are ignored on both sides, so "【機 密】" and "internal_only" match 機密 and
  // "internal only" (FlexConfirmMail's attachment-name vectors match "機*密" across a space).
  const std::string name = word_form(parts.folded, /*keep_spaces=*/false);
  for (const std::string& word : words) {
    const std::string key = word_form(nfkc_casefold(word), /*keep_spaces=*/false);
    if (!key.empty() && name.find(key) != std::string::npos) add_unique(&found, word);
  }
  return found;
}

std::string canonical_registrable(std::string_view domain) {
  std::optional<std::string> canonical = canonical_domain(domain);
  if (!canonical || canonical->empty()) return {};
  return registrable_domain(*canonical);
}

bool among(const std::vector<std::string>& recipients, std::string_view domain) {
  return !domain.empty() &&
         std::find(recipients.begin(), recipients.end(), domain) != recipients.end();
}

// A party name counts when it is at least this long (code points without separators); shorter
// ASCII names need 3 ("AB" would match too much).
bool usable_party_name(std::string_view compact) {
  const size_t length = code_point_count(compact);
  return length >= 2 && (length >= 3 || !is_ascii(compact));
}

// Tokens of the stem that may be domain labels: runs of ASCII letters and digits (and the same
// runs joined by hyphens, "well-point"), at least 3 long and not only digits; runs of non-ASCII
// letters, at least 2 long, as their IDNA ASCII form ("xn--...").
std::vector<std::string> label_tokens(std::string_view stem) {
  constexpr size_t kMaxTokens = 32;  // bounds the history lookups per attachment
  std::vector<std::string> tokens;
  auto add_ascii = [&](std::string_view token) {
    while (!token.empty() && token.front() == '-') token.remove_prefix(1);
    while (!token.empty() && token.back() == '-') token.remove_suffix(1);
    if (token.size() < 3 || token.size() > 63) return;
    if (std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return;
    }
    // "report.pdf.exe": the inner extension names no one.
    if (in_list(kDocumentExtensions, token) || in_list(kDangerousExtensions, token) ||
        in_list(kActiveContentExtensions, token)) {
      return;
    }
    add_unique(&tokens, std::string(token));
  };
  auto add_unicode = [&](std::string_view token) {
    if (code_point_count(token) < 2) return;
    if (std::optional<std::string> ascii = canonical_domain(token)) {
      if (ascii->find('.') == std::string::npos) add_unique(&tokens, std::move(*ascii));
    }
  };
  const int32_t length = static_cast<int32_t>(stem.size());
  size_t ascii_start = std::string_view::npos, hyphen_start = std::string_view::npos;
  size_t unicode_start = std::string_view::npos;
  for (int32_t i = 0; i <= length && tokens.size() < kMaxTokens;) {
    const size_t at = static_cast<size_t>(i);
    UChar32 c = -1;
    if (i < length) {
      U8_NEXT(stem.data(), i, length, c);
    } else {
      ++i;  // one pass at the end (c = -1) closes the open runs
    }
    const bool alnum = c >= 0 && is_ascii_alnum(c);
    const bool hyphenated = alnum || c == '-';
    const bool unicode = c >= 0x80 && is_word_char(c);
    if (alnum && ascii_start == std::string_view::npos) ascii_start = at;
    if (!alnum && ascii_start != std::string_view::npos) {
      add_ascii(stem.substr(ascii_start, at - ascii_start));
      ascii_start = std::string_view::npos;
    }
    if (hyphenated && hyphen_start == std::string_view::npos) hyphen_start = at;
    if (!hyphenated && hyphen_start != std::string_view::npos) {
      std::string_view run = stem.substr(hyphen_start, at - hyphen_start);
      if (run.find('-') != std::string_view::npos) add_ascii(run);
      hyphen_start = std::string_view::npos;
    }
    if (unicode && unicode_start == std::string_view::npos) unicode_start = at;
    if (!unicode && unicode_start != std::string_view::npos) {
      add_unicode(stem.substr(unicode_start, at - unicode_start));
      unicode_start = std::string_view::npos;
    }
  }
  return tokens;
}

std::vector<std::string> other_parties_in(const NameParts& parts,
                                          const AttachmentCheckContext& context) {
  std::vector<std::string> found;  // as shown in the message
  std::vector<std::string> seen;   // registrable domains already decided
  if (context.parties.empty() && !context.known_domains_with_label) return found;

  std::vector<std::string> recipients;
  recipients.reserve(context.recipient_domains.size());
  for (const std::string& domain : context.recipient_domains) {
    std::string d = ascii_lower_copy(trim_view(domain));
    if (!d.empty() && d.back() == '.') d.pop_back();
    recipients.push_back(std::move(d));
  }

  // Parties of the settings named by one of their names (the name without its extension).
  if (!context.parties.empty()) {
    const std::string spaced = word_form(parts.stem, /*keep_spaces=*/true);
    const std::string compact = word_form(parts.stem, /*keep_spaces=*/false);
    for (const Party& party : context.parties) {
      const std::string domain = canonical_registrable(party.domain);
      if (among(recipients, domain)) continue;
      for (const std::string& name : party.names) {
        const std::string folded = nfkc_casefold(name);
        const std::string name_compact = word_form(folded, /*keep_spaces=*/false);
        if (!usable_party_name(name_compact)) continue;
        const std::string name_spaced = word_form(folded, /*keep_spaces=*/true);
        if (contains_word(spaced, name_spaced) || contains_word(compact, name_compact)) {
          add_unique(&found, name);
          if (!domain.empty()) add_unique(&seen, domain);
          break;
        }
      }
    }
  }

  // Domains from the history whose label is a token of the name.
  if (context.known_domains_with_label) {
    for (const std::string& token : label_tokens(parts.stem)) {
      std::vector<std::string> domains = context.known_domains_with_label(token);
      if (domains.empty()) continue;
      // A label shared with a recipient's domain (example.com and example.co.jp) is taken to
      // name the recipient.
      bool names_recipient = false;
      for (std::string& domain : domains) {
        domain = ascii_lower_copy(domain);
        if (among(recipients, domain)) names_recipient = true;
      }
      if (names_recipient) continue;
      for (const std::string& domain : domains) {
        if (domain.empty() || std::find(seen.begin(), seen.end(), domain) != seen.end()) continue;
        seen.push_back(domain);
        add_unique(&found, domain_to_unicode(domain));
      }
    }
  }
  return found;
}

}  // namespace

std::vector<Flag> check_attachment(const DraftAttachment& attachment,
                                   const AttachmentCheckContext& context) {
  std::vector<Flag> flags;
  auto add = [&](std::string_view code, const nlohmann::json& params) {
    Flag flag;
    flag.code = std::string(code);
    flag.message = format_message(code, params, context.locale);
    flags.push_back(std::move(flag));
  };
  const nlohmann::json no_params = nlohmann::json::object();

  // Bidi controls are default-ignorable, so the folded name (and its extension) is the name
  // without them: "invoice\u202Egpj.exe" has the extension "exe".
  const NameParts parts = split_name(attachment.name);
  const std::string dotted_ext = parts.ext.empty() ? std::string() : "." + std::string(parts.ext);

  const std::vector<ZipEntry> entries = zip_entries(attachment.head);

  if (in_list(kDangerousExtensions, parts.ext)) {
    add("dangerous-type", {{"source", "name"}, {"extension", dotted_ext}});
  } else if (browsed_archive(parts, attachment.content_type)) {
    // Issue 11: an executable, script or shortcut inside a ZIP is one double-click away.
    const std::vector<std::string> inside = dangerous_zip_entries(decoded_zip_entry_names(entries));
    if (!inside.empty()) {
      std::vector<std::string> shown;
      for (size_t i = 0; i < inside.size() && i < kMaxShownEntries; ++i) {
        shown.push_back(shown_entry_name(inside[i]));
      }
      if (inside.size() > kMaxShownEntries) shown.emplace_back("\u2026");
      add("dangerous-type", {{"source", "zip-entry"},
                             {"entry", join(shown, context.locale)},
                             {"count", inside.size()}});
    }
  }
  if (double_extension(parts)) add("double-extension", no_params);
  if (has_bidi_control(attachment.name)) add("bidi-control", no_params);
  if (type_mismatch(parts.ext, attachment.head)) add("type-mismatch", {{"extension", dotted_ext}});
  if (zip_has_encrypted_entry(entries)) add("encrypted-archive", no_params);
  if (attachment.size > context.large_bytes) add("large", {{"size", attachment.size}});
  if (std::vector<std::string> words = sensitive_words_in(parts, context.sensitive_words);
      !words.empty()) {
    add("sensitive-name", {{"word", join(words, context.locale)}});
  }
  if (std::vector<std::string> others = other_parties_in(parts, context); !others.empty()) {
    add("names-other-party", {{"party", join(others, context.locale)}});
  }
  return flags;
}

}  // namespace sendcheck
