// mail/address_list.h — the one address-list parser for drafts and imported mail (DESIGN.md §4
// "Addresses"), with GMime 3. Private to the host (mail/); the values it makes (Mailbox) and the
// canonical form are core's (sendcheck/address.h).
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
//  - the domain is after the last `@` outside quotes (`"a@b x"@c.jp` has domain `c.jp`;
//    split_addr_spec);
//  - an entry with no usable addr-spec (`社内全員 <社内全員>`, an Exchange X.500 DN) is kept
//    with `kind` set, so the engine can flag it `unverifiable` or `malformed`.
//
// Thread-safe: the functions keep no state besides GMime's one-time initialisation.
#ifndef SENDCHECK_MAIL_ADDRESS_LIST_H_
#define SENDCHECK_MAIL_ADDRESS_LIST_H_

#include <string>
#include <string_view>
#include <vector>

#include "sendcheck/address.h"

namespace sendcheck {

// Splits one header value into mailboxes, in order. Never throws on malformed input: what cannot
// be understood is returned as a Mailbox of kind kMalformed/kNoDomain carrying the raw text in
// `address`. Empty input gives an empty list.
std::vector<Mailbox> parse_address_list(std::string_view header_value);

// Decodes RFC 2047 encoded words in an unstructured header (Subject) or a phrase, with the same
// Japanese handling as parse_address_list. Input may be folded; output is UTF-8.
std::string decode_header_text(std::string_view raw);

}  // namespace sendcheck

#endif  // SENDCHECK_MAIL_ADDRESS_LIST_H_
