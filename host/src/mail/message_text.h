// Private to host/src/mail: the parts of a parsed message that the history learns from besides
// addresses (issue 11): the body text the user wrote and the thread headers. Implemented in
// draft_reader.cc, beside the .eml draft reader that reads the body the same way.
#ifndef SENDCHECK_MAIL_MESSAGE_TEXT_H_
#define SENDCHECK_MAIL_MESSAGE_TEXT_H_

#include <gmime/gmime.h>

#include <string>
#include <vector>

namespace sendcheck::mail {

// The body as draft_from_eml reads it: the first text/plain part that is not an attachment,
// else the first text/html part as text; UTF-8 (ISO-2022-JP and CP932 converted with the
// extensions GMime's iconv loses). "" when there is none. Attachments are not read.
std::string message_body_text(GMimeMessage* message);

// The Message-IDs of a References or In-Reply-To header value (RFC 5322 §3.6.4, with GMime's
// g_mime_references_parse), without angle brackets, in header order; at most 64.
std::vector<std::string> message_id_list(const char* raw);

}  // namespace sendcheck::mail

#endif  // SENDCHECK_MAIL_MESSAGE_TEXT_H_
