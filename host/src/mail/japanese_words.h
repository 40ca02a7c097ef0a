// Private to host/src/mail: repairs ISO-2022-JP encoded words before GMime sees a header.
//
// glibc's ISO-2022-JP converter rejects the CP50220 extensions Japanese Windows mailers emit (NEC
// row 13 such as ㈱ ①, the NEC-selected IBM extensions such as 髙), some mailers label Shift_JIS
// bytes as ISO-2022-JP, and GMime decodes each encoded word on its own, so a JIS sequence split
// across two words loses characters. GMime turns all of these into '?' or drops text, so the
// header is rewritten first: each run of adjacent ISO-2022-JP words becomes one UTF-8 word.
#ifndef SENDCHECK_MAIL_JAPANESE_WORDS_H_
#define SENDCHECK_MAIL_JAPANESE_WORDS_H_

#include <string>
#include <string_view>

namespace sendcheck::mail {

// Unfolds `raw` (CRLF/LF before whitespace removed, other line breaks dropped) and replaces every
// run of adjacent ISO-2022-JP encoded words (separated only by spaces or tabs) by a single
// `=?UTF-8?B?...?=` word, also inside quoted strings. A run that cannot be converted is left as
// written. Other text, including encoded words in other charsets, is kept byte for byte.
std::string repair_japanese_words(std::string_view raw);

// If an RFC 2047 encoded word starts at `pos`, returns the position just after it, else npos.
// Lets the address splitter treat a word as one token even if (sloppily) it holds ',' or '"'.
std::size_t encoded_word_end(std::string_view text, std::size_t pos);

// Converts ISO-2022-JP bytes (with the CP50220 extensions) or, when any byte has the high bit
// set, Shift_JIS/CP932 bytes to UTF-8. Returns false when the bytes are neither.
bool japanese_bytes_to_utf8(std::string_view bytes, std::string* utf8);

}  // namespace sendcheck::mail

#endif  // SENDCHECK_MAIL_JAPANESE_WORDS_H_
