// Body and subject checks (issue 3, DESIGN.md §4 "Body"): what assess() asks of the text the user
// wrote. Each check is its own part of core/body/ (own_text, attachment_mention, salutation,
// salutation_mismatch, personal_data); this entry runs them and makes their localised warnings.
//
// In: the draft (body and subject) and what the history and settings know of its recipients
// (BodyCheckContext). Out: the warnings, in a stable order.
#ifndef SENDCHECK_CORE_BODY_BODY_CHECKS_H_
#define SENDCHECK_CORE_BODY_BODY_CHECKS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/body/salutation_mismatch.h"
#include "sendcheck/assessment.h"
#include "sendcheck/draft.h"
#include "sendcheck/messages.h"
#include "sendcheck/settings.h"

namespace sendcheck {

struct BodyCheckContext {
  Locale locale = Locale::kEn;
  bool has_attachments = false;
  std::vector<AddresseeNames> to;  // To recipients only (a salutation addresses To, not Cc)
  std::vector<Party> parties;      // every known organisation (Settings::parties)
  // A known contact whose display name has name_key() `key`, if any (index lookup); used to say
  // "addressed to X, who is another contact".
  KnownContactByName known_contact_by_name;
  std::vector<std::string> attachment_words;  // Settings::attachment_words (添付, attached, ...)
  std::int64_t many_emails_threshold = 10;    // Settings::personal_data_email_threshold
  std::int64_t many_phones_threshold = 10;    // Settings::personal_data_phone_threshold
};

// Warnings: forgotten-attachment, salutation-mismatch, personal-data (each with params and a
// localised message), in that order, all on own_text() of the body. personal-data comes once per
// kind ("card-number", "my-number", "email-addresses", "phone-numbers"), with params {kind,
// count}; the subject is checked too. salutation-mismatch has params {name} (cut to 80 code
// points) and, when the name is another known contact (known_contact_by_name) who is not a To
// recipient, {knownAs} with severity "danger".
std::vector<Warning> check_body(const Draft& draft, const BodyCheckContext& context);

}  // namespace sendcheck

#endif  // SENDCHECK_CORE_BODY_BODY_CHECKS_H_
