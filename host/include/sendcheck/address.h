// sendcheck/address.h — what an address is, and the one form in which the engine compares it.
//
// Who owns what (DESIGN.md §4 "Addresses": one parser for drafts and imported mail):
//  - core (this header, host/src/core/address_canonical.cc) owns the values: Mailbox (one entry
//    of an address list, as written), where its domain is (split_addr_spec: after the last '@'
//    outside quotes) and the canonical form (canonicalize, canonicalize_addr_spec). Pure: ICU
//    and libpsl only.
//  - mail (host/src/mail/address_list.h) owns the one parser of header text: parse_address_list
//    turns the value of a To/Cc/Bcc/From header, or a recipient string of a JSON draft, into
//    Mailboxes with GMime (RFC 5322 lists and groups, RFC 2047 encoded words, Japanese
//    charsets); decode_header_text decodes a Subject. Both draft readers and the history import
//    call it; nothing in core parses header text.
//
// Thread-safe: the functions keep no state.
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

// One entry of an address list (mail/address_list.h parse_address_list makes them).
struct Mailbox {
  std::string display_name;  // decoded UTF-8, NFC as given, quotes removed; may be empty
  std::string address;       // the addr-spec as written (UTF-8), e.g. "Taro.Yamada@Example.CO.JP"
  std::string local_part;    // before the last '@' outside quotes, as written
  std::string domain;        // after that '@', as written (may be Unicode); empty if none
  std::string group;         // name of the RFC 5322 group this mailbox came from, or empty
  MailboxKind kind = MailboxKind::kOk;
};

// Splits `address` at the last '@' that is outside a quoted string (RFC 5322 §3.4.1): the local
// part before it, the domain after it, both as written. Returns false when there is no such '@'
// (then the outputs are unchanged). Either output may be null.
bool split_addr_spec(std::string_view address, std::string* local_part, std::string* domain);

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
