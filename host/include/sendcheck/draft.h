// sendcheck/draft.h — the draft a user is about to send (the input of `check`), as a value.
//
// Reading one (JSON of docs/protocol.md "Draft", or an RFC 5322 .eml) is the host's mail layer:
// host/src/mail/draft_reader.h, with the one address parser (mail/address_list.h). Thread-safe
// as a value type.
#ifndef SENDCHECK_DRAFT_H_
#define SENDCHECK_DRAFT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

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

}  // namespace sendcheck

#endif  // SENDCHECK_DRAFT_H_
