// The text the user wrote in a reply or forward, and the sender of the message it quotes.
//
// In: a draft body (UTF-8, "\n" or "\r\n" line ends). Out: the user's own text (own_text) and the
// quoted sender (quoted_sender). Everything else in core that looks at the body works on own_text.
#ifndef SENDCHECK_CORE_BODY_OWN_TEXT_H_
#define SENDCHECK_CORE_BODY_OWN_TEXT_H_

#include <optional>
#include <string>
#include <string_view>

namespace sendcheck {

// The part of `body` the user wrote: stops at the first quote marker (a block of lines starting
// with '>' or '＞', "-----Original Message-----", "On ... wrote:", a 差出人:/From: header block,
// "-----元のメッセージ-----" and other client variants), at a signature separator ("-- " line)
// and at a disclaimer marked by a rule line ("=====" followed by 本メール / this e-mail ...).
// A single quoted line answered inline is left out and the text goes on. Lines are joined with
// "\n" (CR removed); leading and trailing blank lines are dropped.
std::string own_text(std::string_view body);

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

}  // namespace sendcheck

#endif  // SENDCHECK_CORE_BODY_OWN_TEXT_H_
