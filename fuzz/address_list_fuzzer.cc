// Fuzz target "address_list": parse_address_list and decode_header_text (mail/address_list.h),
// split_addr_spec and canonicalize (sendcheck/address.h) on any header value.
//
// Properties:
//  1. Every mailbox is classified consistently with its text: kOk has a non-empty local part and
//     domain that split_addr_spec finds again in `address`; kNoDomain has no '@' outside quotes;
//     display names and decoded text are valid UTF-8 (they go into JSON replies).
//  2. A mailbox that canonicalizes gives a canonical form that is a fixed point: ASCII-lower-case
//     domain without a trailing dot, address == local@domain, the registrable domain a suffix of
//     the domain on a label boundary, the base address at the same domain, and parsing the
//     canonical address again canonicalizes to the same thing. Any other mailbox is unusable
//     (canonicalize returns false) and is what the engine reports as unverifiable/malformed.
//  3. Round trip: the usable mailboxes formatted again as a header (quoted display names, angle
//     addresses, groups) parse to the same canonical addresses, in the same order, in the same
//     groups. Only addresses in RFC 5322 form take part: a local part that is a dot-atom or one
//     quoted-string, no encoded-word ("=?") in the address. The parser also accepts, leniently,
//     `x"a>, <b"y@c.jp` as one address (a quote inside an atom); such text has no unambiguous
//     header form to format it back into.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "mail/address_list.h"
#include "sendcheck/address.h"
#include "transport/dispatch/request.h"

namespace {

using sendcheck::CanonicalAddress;
using sendcheck::Mailbox;
using sendcheck::MailboxKind;
using sendcheck::transport::is_valid_utf8;

// A quoted-string (RFC 5322 §3.2.4) holding `text`; line breaks and NULs become spaces.
std::string quoted_string(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '\r' || c == '\n' || c == '\0') c = ' ';
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

// True when `address` is local@domain with a dot-atom local part or one quoted-string local part
// (RFC 5322 §3.4.1), and holds no encoded-word.
bool rfc5322_form(const Mailbox& mailbox) {
  if (mailbox.address.find("=?") != std::string::npos) return false;
  const std::string& local = mailbox.local_part;
  if (local.find('"') == std::string::npos) return true;
  if (local.size() < 2 || local.front() != '"' || local.back() != '"') return false;
  for (std::size_t i = 1; i + 1 < local.size(); ++i) {
    if (local[i] == '\\') {
      ++i;
    } else if (local[i] == '"') {
      return false;
    }
  }
  return true;
}

struct Usable {
  std::string canonical;
  std::string group;
};

std::string describe(const Mailbox& m) {
  return "address [" + m.address + "] local [" + m.local_part + "] domain [" + m.domain +
         "] kind " + std::to_string(static_cast<int>(m.kind));
}

void check_canonical(const Mailbox& mailbox, const CanonicalAddress& c) {
  const std::string where = describe(mailbox) + " -> [" + c.address + "]";
  FUZZ_CHECK(!c.local_part.empty() && !c.domain.empty(), where);
  FUZZ_CHECK(c.address == c.local_part + "@" + c.domain, where);
  for (char ch : c.domain) {
    FUZZ_CHECK(static_cast<unsigned char>(ch) < 0x80 && !(ch >= 'A' && ch <= 'Z'), where);
  }
  FUZZ_CHECK(c.domain.back() != '.', where);
  FUZZ_CHECK(!c.registrable.empty() && c.domain.size() >= c.registrable.size() &&
                 c.domain.compare(c.domain.size() - c.registrable.size(), std::string::npos,
                                  c.registrable) == 0 &&
                 (c.domain.size() == c.registrable.size() ||
                  c.domain[c.domain.size() - c.registrable.size() - 1] == '.'),
             where + " registrable [" + c.registrable + "]");
  FUZZ_CHECK(c.base_address.size() <= c.address.size() && c.base_address.ends_with("@" + c.domain),
             where + " base [" + c.base_address + "]");

  // The canonical form is a fixed point. Not checked for a local part that looks like an
  // encoded word: RFC 2047 §5 forbids them in an addr-spec, and re-parsing the lower-cased text
  // lets GMime's decoder (charset repair included) read it differently (found by
  // scripts/fuzz.sh; kept as corpus/address_list/encoded-word-local-part-not-fixed-point.bin).
  if (c.local_part.find("=?") != std::string::npos) return;
  std::vector<Mailbox> again = sendcheck::parse_address_list(c.address);
  FUZZ_CHECK(again.size() == 1, where + ": parses to " + std::to_string(again.size()));
  CanonicalAddress c2;
  FUZZ_CHECK(sendcheck::canonicalize(again[0], &c2), where + ": not canonical again");
  FUZZ_CHECK(c2.address == c.address && c2.registrable == c.registrable &&
                 c2.base_address == c.base_address,
             where + ": again [" + c2.address + "]");
}

std::vector<Usable> check_list(const std::vector<Mailbox>& list) {
  std::vector<Usable> usable;
  for (const Mailbox& mailbox : list) {
    const std::string where = describe(mailbox);
    FUZZ_CHECK(!mailbox.address.empty(), where);
    FUZZ_CHECK(is_valid_utf8(mailbox.display_name), where + " name [" + mailbox.display_name + "]");
    std::string local;
    std::string domain;
    bool split = sendcheck::split_addr_spec(mailbox.address, &local, &domain);
    switch (mailbox.kind) {
      case MailboxKind::kOk:
        FUZZ_CHECK(split && local == mailbox.local_part && domain == mailbox.domain, where);
        FUZZ_CHECK(!local.empty() && !domain.empty(), where);
        break;
      case MailboxKind::kNoDomain:
        FUZZ_CHECK(!split, where);
        break;
      case MailboxKind::kX500:
      case MailboxKind::kMalformed:
        break;
    }
    CanonicalAddress canonical;
    if (sendcheck::canonicalize(mailbox, &canonical)) {
      FUZZ_CHECK(mailbox.kind == MailboxKind::kOk, where);
      check_canonical(mailbox, canonical);
      if (rfc5322_form(mailbox)) usable.push_back({canonical.address, mailbox.group});
    }
  }
  return usable;
}

// The usable mailboxes (in RFC 5322 form) as one header value, groups kept together.
std::string format_usable(const std::vector<Mailbox>& list) {
  std::string out;
  std::string open_group;
  bool in_group = false;
  for (const Mailbox& mailbox : list) {
    CanonicalAddress canonical;
    if (!sendcheck::canonicalize(mailbox, &canonical) || !rfc5322_form(mailbox)) continue;
    if (in_group && mailbox.group != open_group) {
      out += ";";
      in_group = false;
    }
    if (!out.empty() && out.back() != ':') out += ", ";
    if (!in_group && !mailbox.group.empty()) {
      out += quoted_string(mailbox.group) + ": ";
      open_group = mailbox.group;
      in_group = true;
    }
    if (!mailbox.display_name.empty()) out += quoted_string(mailbox.display_name) + " ";
    out += "<" + mailbox.address + ">";
  }
  if (in_group) out += ";";
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return 0;  // a header value; longer inputs only slow the search down
  std::string_view input(reinterpret_cast<const char*>(data), size);

  std::string text = sendcheck::decode_header_text(input);
  FUZZ_CHECK(is_valid_utf8(text), "decode_header_text gave invalid UTF-8");

  std::vector<Mailbox> list = sendcheck::parse_address_list(input);
  std::vector<Usable> usable = check_list(list);

  std::string formatted = format_usable(list);
  std::vector<Usable> again = check_list(sendcheck::parse_address_list(formatted));
  std::string detail = "formatted [" + formatted + "]: " + std::to_string(usable.size()) +
                       " usable, then " + std::to_string(again.size());
  FUZZ_CHECK(again.size() == usable.size(), detail);
  for (std::size_t i = 0; i < usable.size(); ++i) {
    FUZZ_CHECK(again[i].canonical == usable[i].canonical,
               detail + ": [" + usable[i].canonical + "] became [" + again[i].canonical + "]");
    FUZZ_CHECK(again[i].group.empty() == usable[i].group.empty(),
               detail + ": group of [" + usable[i].canonical + "]");
  }
  return 0;
}
