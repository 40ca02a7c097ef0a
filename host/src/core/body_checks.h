// Body and subject checks (issue 3, DESIGN.md §4 "Body"): on the text the user wrote only.
#ifndef SENDCHECK_CORE_BODY_CHECKS_H_
#define SENDCHECK_CORE_BODY_CHECKS_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sendcheck/draft.h"
#include "sendcheck/messages.h"
#include "sendcheck/payload.h"
#include "sendcheck/settings.h"

namespace sendcheck {

// What the salutation may legitimately name: one entry per To recipient.
struct AddresseeNames {
  std::string address;             // canonical
  std::vector<std::string> names;  // display name of the draft and names known from history
  // Party names (Settings::parties) of its domain, and the domain label ("partner-b" for
  // partner-b.example.jp).
  std::vector<std::string> organisations;
};

struct BodyCheckContext {
  Locale locale = Locale::kEn;
  bool has_attachments = false;
  std::vector<AddresseeNames> to;  // To recipients only (a salutation addresses To, not Cc)
  std::vector<Party> parties;      // every known organisation (Settings::parties)
  // A known contact whose display name has name_key() `key`, if any (index lookup); used to say
  // "addressed to X, who is another contact".
  std::function<std::optional<std::string>(std::string_view key)> known_contact_by_name;
  std::vector<std::string> attachment_words;  // Settings::attachment_words (添付, attached, ...)
  std::int64_t many_emails_threshold = 10;    // Settings::personal_data_email_threshold
  std::int64_t many_phones_threshold = 10;    // Settings::personal_data_phone_threshold
};

// The part of `body` the user wrote: stops at the first quote marker (a block of lines starting
// with '>' or '＞', "-----Original Message-----", "On ... wrote:", a 差出人:/From: header block,
// "-----元のメッセージ-----" and other client variants), at a signature separator ("-- " line)
// and at a disclaimer marked by a rule line ("=====" followed by 本メール / this e-mail ...).
// A single quoted line answered inline is left out and the text goes on. Lines are joined with
// "\n" (CR removed); leading and trailing blank lines are dropped.
std::string own_text(std::string_view body);

// Warnings: forgotten-attachment, salutation-mismatch, personal-data (each with params and a
// localised message), in that order. personal-data comes once per kind ("card-number",
// "my-number", "email-addresses", "phone-numbers"), with params {kind, count}; the subject is
// checked too. salutation-mismatch has params {name} and, when the name is another known contact
// (known_contact_by_name) who is not a To recipient, {knownAs} with severity "danger".
std::vector<Warning> check_body(const Draft& draft, const BodyCheckContext& context);

// The sender of the message a reply quotes, from the first quoted header block after the user's
// text: "From: Jane Doe [mailto:jane@x.example]", "差出人: 鈴木 一郎 <suzuki@x.jp>", "> From: ...",
// Lotus Notes' "Jane Doe <jane@x> on 07/02/2001 06:51 PM" or "Jane Doe/HOU/ECT@ECT" above "To:",
// "On ..., Jane <jane@x> wrote:". `name` as written without quotes and the address; either may be
// empty. nullopt when the body quotes nothing or the block names no sender.
struct QuotedSender {
  std::string name;
  std::string address;
};
std::optional<QuotedSender> quoted_sender(std::string_view body);

// --- For the history's greeting keys (recipient_features.cc) ---

// A person or organisation that the salutation at the top of `own` (own_text) greets, as the
// salutation-mismatch check reads it: `person` NFKC without honorific and title ("" when only an
// organisation is greeted), `company` NFKC as written ("" when none). Generic salutations (各位,
// Dear all) give nothing.
struct GreetedName {
  std::string person;
  std::string company;
};
std::vector<GreetedName> greeted_names(std::string_view own);

// NFKC case-folded without white space and punctuation: the form names are compared in.
std::string name_fold(std::string_view s);
// A company name without its legal-entity words (株式会社, ㈱, (株), Inc., Ltd., ...),
// name_fold'ed;
// "" when nothing else is left.
std::string organisation_key(std::string_view name);
// "jim" for "james", "steve" for "stephen": a usual short form of a Latin first name (both
// lower case).
bool is_name_short_form(std::string_view word, std::string_view name);

}  // namespace sendcheck

#endif  // SENDCHECK_CORE_BODY_CHECKS_H_
