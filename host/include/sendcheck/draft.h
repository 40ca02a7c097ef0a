// sendcheck/draft.h — the draft a user is about to send (the input of `check`).
//
// The JSON form is documented in docs/protocol.md ("Draft"); `sendcheck check` also reads an RFC
// 5322 message (.eml). Both readers use the one address parser of address.h, so a recipient
// string such as "\"Suzuki, Ichiro\" <suzuki@partner.example.jp>, b@x.jp" may hold several
// mailboxes. Readers throw sendcheck::Error with codes "draft.invalid-json", "draft.not-object",
// "draft.bad-field" (a field of the wrong type; the message names the field) or "draft.bad-eml".
// Thread-safe (no shared state).
#ifndef SENDCHECK_DRAFT_H_
#define SENDCHECK_DRAFT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "sendcheck/address.h"

namespace sendcheck {

enum class Field { kTo, kCc, kBcc };
std::string_view field_name(Field field);  // "to", "cc", "bcc"

struct DraftRecipient {
  Field field = Field::kTo;
  Mailbox mailbox;
};

struct DraftAttachment {
  std::string name;          // decoded UTF-8 file name (RFC 2231/2047 already applied)
  std::uint64_t size = 0;    // bytes
  std::string content_type;  // as declared, lower-cased, without parameters; may be empty
  std::string head;          // first bytes of the content (raw, not base64), at most 64 KiB
  // SHA-256 of the full (decoded) content as 64 lower-case hex digits, for the audit log; ""
  // when unknown (a client that could not read the content). JSON: "sha256", 64 hex digits in
  // either case (anything else: draft.bad-field); .eml: computed with GLib.
  std::string sha256;
};

struct Draft {
  std::vector<Mailbox> from;               // usually one
  std::vector<DraftRecipient> recipients;  // To, then Cc, then Bcc, in order
  std::string subject;
  std::string body;  // text/plain as the user wrote it (UTF-8)
  std::vector<DraftAttachment> attachments;
  std::vector<std::string> thread_participants;  // addresses of the original message, if a reply
  // The thread headers of a reply (RFC 5322 §3.6.4), ids without <>: JSON "thread.inReplyTo"
  // and "thread.references"; .eml In-Reply-To and References. They tie a reply to the people
  // the user wrote to in the same thread (the wrong-recipient check).
  std::string in_reply_to;
  std::vector<std::string> references;
  std::string locale;  // "ja", "en" or empty
};

// Reads the JSON draft of docs/protocol.md. Unknown keys are ignored; "to"/"cc"/"bcc" may be an
// array of strings or one string; "attachments[].head" is base64 (invalid base64 throws
// draft.bad-field).
Draft draft_from_json(const nlohmann::json& json);

// Reads an RFC 5322 message as a draft (GMime): From/To/Cc/Bcc, Subject, the first text/plain
// part as body (or text/html converted to text), and every attachment with name, decoded size,
// content type and the first 64 KiB of its decoded content.
Draft draft_from_eml(std::string_view bytes);

// The draft's fingerprint for the audit log (history.h AuditEntry::fingerprint): 64 lower-case
// hex digits of the SHA-256 (GLib) of
//   "sendcheck-draft-v1\n", then the recipients as "field:address\n" lines, sorted and without
//   duplicates (address: canonical form, or as written when it has none), then the attachments as
//   "attachment:name\tsize\tsha256\n" lines, sorted.
// Not the body, the subject or the sender: the same draft checked, cancelled, edited in its text
// and sent keeps its fingerprint; adding or removing a recipient or an attachment changes it.
std::string draft_fingerprint(const Draft& draft);

}  // namespace sendcheck

#endif  // SENDCHECK_DRAFT_H_
