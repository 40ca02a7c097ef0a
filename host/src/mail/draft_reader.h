// mail/draft_reader.h — reading a draft (sendcheck/draft.h) from outside, and its fingerprint.
// Private to the host (mail/: GMime, GLib).
//
// The JSON form is documented in docs/protocol.md ("Draft"); `sendcheck check` also reads an RFC
// 5322 message (.eml). Both readers use the one address parser of mail/address_list.h, so a
// recipient string such as "\"Suzuki, Ichiro\" <suzuki@partner.example.jp>, b@x.jp" may hold
// several mailboxes. Readers throw sendcheck::Error with codes "draft.invalid-json",
// "draft.not-object", "draft.bad-field" (a field of the wrong type; the message names the field)
// or "draft.bad-eml". Thread-safe (no shared state).
#ifndef SENDCHECK_MAIL_DRAFT_READER_H_
#define SENDCHECK_MAIL_DRAFT_READER_H_

#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "sendcheck/draft.h"

namespace sendcheck {

// Reads the JSON draft of docs/protocol.md. Unknown keys are ignored; "to"/"cc"/"bcc" may be an
// array of strings or one string; "attachments[].head" is base64 (invalid base64 throws
// draft.bad-field).
Draft draft_from_json(const nlohmann::json& json);

// Reads an RFC 5322 message as a draft (GMime): From/To/Cc/Bcc, Subject, the first text/plain
// part as body (or text/html converted to text), and every attachment with name, decoded size,
// content type and the first 64 KiB of its decoded content.
Draft draft_from_eml(std::string_view bytes);

// The draft's fingerprint for the audit log (store/history_store.h
// AuditEntry::fingerprint): 64 lower-case
// hex digits of the SHA-256 (GLib) of
//   "sendcheck-draft-v1\n", then the recipients as "field:address\n" lines, sorted and without
//   duplicates (address: canonical form, or as written when it has none), then the attachments as
//   "attachment:name\tsize\tsha256\n" lines, sorted.
// Not the body, the subject or the sender: the same draft checked, cancelled, edited in its text
// and sent keeps its fingerprint; adding or removing a recipient or an attachment changes it.
std::string draft_fingerprint(const Draft& draft);

}  // namespace sendcheck

#endif  // SENDCHECK_MAIL_DRAFT_READER_H_
