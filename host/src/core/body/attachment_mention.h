// Whether the user's text says something is attached (the forgotten-attachment check).
//
// In: the user's own text (own_text.h), the subject and the attachment words of the settings
// (添付, 同封, attached, ...). Out: true when either mentions an attachment.
#ifndef SENDCHECK_CORE_BODY_ATTACHMENT_MENTION_H_
#define SENDCHECK_CORE_BODY_ATTACHMENT_MENTION_H_

#include <string>
#include <string_view>
#include <vector>

namespace sendcheck {

// A word of `words` (compared NFKC case-folded) in `own` or in `subject`, as a mention of the
// user's own attachment: an English word whole and not negated ("no attachment", "not attached")
// nor the other party's ("your attachment"); a Japanese word not followed by what says nothing
// is attached (添付なし) or asks the reader to attach (添付してください). A reply's subject
// ("Re: 資料を添付します") repeats the other side's words and does not count.
bool mentions_attachment(std::string_view own, std::string_view subject,
                         const std::vector<std::string>& words);

}  // namespace sendcheck

#endif  // SENDCHECK_CORE_BODY_ATTACHMENT_MENTION_H_
