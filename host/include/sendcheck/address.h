// sendcheck/address.h — one address-list parser for drafts and imported mail.
//
// Input: the value of an address header (To, Cc, Bcc, From; RFC 5322 §3.4) as UTF-8 or raw
// 8-bit/ASCII, possibly folded, possibly with RFC 2047 encoded words (RFC 2047 §5), which are
// decoded after the list is split, so `=?UTF-8?B?...?=` that decodes to "山田, 太郎" stays one
// display name. ISO-2022-JP words are decoded with the CP50220 extensions (㈱ ① 髙), Shift_JIS
// bytes mislabelled as ISO-2022-JP are recognised, and adjacent encoded words of one charset
// are joined before decoding (a character split across two words is not lost).
//
// Rules (DESIGN.md §4 "Addresses"):
//  - never invent a recipient without an address: `Doe, Jane T - Springfield <j@x.com>` (an
//    unquoted comma pasted from another client) is one mailbox;
//  - never drop one: two mailboxes with the same display name are two entries;
//  - groups (`Project: a@x, b@y;`) yield their members with `group` set; an empty group
//    (`undisclosed-recipients:;`) yields nothing;
//  - the domain is after the last `@` outside quotes (`"a@b x"@c.jp` has domain `c.jp`);
//  - an entry with no usable addr-spec (`社内全員 <社内全員>`, an Exchange X.500 DN) is kept
//    with `kind` set, so the engine can flag it `unverifiable` or `malformed`.
//
// Implemented with GMime 3 (address lists, RFC 2047) in host/src/mail/. Thread-safe: the
// functions keep no state besides GMime's one-time initialisation.
#ifndef SENDCHECK_ADDRESS_H_
#define SENDCHECK_ADDRESS_H_

#include <string>
#include <string_view>
#include <vector>

namespace sendcheck {

enum class MailboxKind {
  kOk,         // local@domain, syntactically usable
  kNoDomain,   // a name or list alias with no '@' (unexpanded address-book list, local alias)
  kX500,       // Exchange legacy DN such as /o=ExchangeLabs/ou=.../cn=...
  kMalformed,  // something with '@' that is not an addr-spec (empty local part or domain)
};

struct Mailbox {
  std::string display_name;  // decoded UTF-8, NFC as given, quotes removed; may be empty
  std::string address;       // the addr-spec as written (UTF-8), e.g. "Taro.Yamada@Example.CO.JP"
  std::string local_part;    // before the last '@' outside quotes, as written
  std::string domain;        // after that '@', as written (may be Unicode); empty if none
  std::string group;         // name of the RFC 5322 group this mailbox came from, or empty
  MailboxKind kind = MailboxKind::kOk;
};

// Splits one header value into mailboxes, in order. Never throws on malformed input: what cannot
// be understood is returned as a Mailbox of kind kMalformed/kNoDomain carrying the raw text in
// `address`. Empty input gives an empty list.
std::vector<Mailbox> parse_address_list(std::string_view header_value);

// Splits `address` at the last '@' that is outside a quoted string (RFC 5322 §3.4.1).
// Returns false when there is no such '@'.
bool split_addr_spec(std::string_view address, std::string* local_part, std::string* domain);

// Decodes RFC 2047 encoded words in an unstructured header (Subject) or a phrase, with the same
// Japanese handling as parse_address_list. Input may be folded; output is UTF-8.
std::string decode_header_text(std::string_view raw);

// The form in which the engine compares addresses (DESIGN.md §4): the local part with ASCII
// letters lower-cased (non-ASCII left as written), '@', the canonical domain (see domain.h).
struct CanonicalAddress {
  std::string address;       // "taro.yamada@example.co.jp", "yamada@xn--r8jz45g.jp"
  std::string local_part;    // "taro.yamada"
  std::string domain;        // canonical ASCII domain
  std::string registrable;   // registrable domain (eTLD+1) of `domain`, canonical ASCII
  std::string base_address;  // without a sub-address tag: "hanako+invoice@x.jp" -> "hanako@x.jp";
                             // equal to `address` when there is no tag
};

// Canonicalises a parsed mailbox. Returns false (and leaves `out` unspecified) when the mailbox
// is not of kind kOk or its domain is not a valid IDNA domain. Implemented in core (ICU, libpsl).
bool canonicalize(const Mailbox& mailbox, CanonicalAddress* out);

// Canonicalises a bare addr-spec without quotes, comments or display name ("taro@example.co.jp",
// an address already taken from a header, or one the history stores), split at its last '@'.
// Returns false when there is no '@', a side is empty, or canonicalize() fails. Implemented in
// core: the core needs no full RFC 5322 parser (parse_address_list, GMime) for it.
bool canonicalize_addr_spec(std::string_view addr_spec, CanonicalAddress* out);

// Splits a header value into mailboxes: parse_address_list (implemented in mail/, GMime), passed
// to the core functions that need a full RFC 5322 parser.
using AddressListParser = std::vector<Mailbox> (*)(std::string_view header_value);

// An allowlist entry or a history address in canonical form: an entry with '@' (parsed by
// `parse` as an address header value, one mailbox) gives its canonical address, anything else a
// canonical domain ("@example.jp" is the domain example.jp; a public suffix is refused). Throws
// Error "allowlist.bad-entry" naming the entry when it is neither. `address_only` (for
// `history forget`) refuses domains and throws "history.bad-address" instead. Implemented in core.
std::string canonical_entry(std::string_view entry, AddressListParser parse,
                            bool address_only = false);

}  // namespace sendcheck

#endif  // SENDCHECK_ADDRESS_H_
