// sendcheck/recipient_features.h — what the history learns about each recipient beyond the
// address, for the wrong-recipient check (issue 11, DESIGN.md §4 "Right address, wrong person"):
// how the user greets them, what the user writes to them about, in which threads, and the keys
// under which an address-book autocomplete would offer them next to another contact.
//
// Privacy (README "What SendCheck learns"): nothing here returns words of a body or a subject.
// Greetings are reduced to the name they greet (the same names a display name carries); subject
// and text are reduced to 32-bit hashes of words and word pairs; thread keys are 64-bit hashes of
// Message-IDs and of the normalised subject.
//
// All functions are pure and thread-safe (ICU objects per thread).
#ifndef SENDCHECK_RECIPIENT_FEATURES_H_
#define SENDCHECK_RECIPIENT_FEATURES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sendcheck {

// --- Greetings -------------------------------------------------------------------------------

// The names the opening of the user's own text (own_text(), core/body/own_text.h) greets, as keys:
//   "Paula," / "Hi Jim," / "Dear Mr. Smith"      -> "paula" / "jim" / "smith"
//   "Jim and Paula,"                              -> "jim", "paula"
//   "鈴木様" / "鈴木さん" / "鈴木 一郎様"            -> "鈴木" / "鈴木" / "鈴木一郎"
//   "株式会社パートナー商事 営業部 鈴木様"          -> "鈴木", "o:パートナー商事"
//   "パートナー商事 御中" / "(株)パートナー商事御中" -> "o:パートナー商事"
//   "各位", "Dear all", "Hi,", no greeting         -> nothing
// A person's key is the name NFKC case-folded without spaces and punctuation, honorifics
// (様 さん 殿 先生 -san) and titles (Mr., 部長) removed. An organisation's key is "o:" followed by
// the name without its legal form (株式会社 ㈱ (株) （株） 有限会社 合同会社 Inc. Ltd. ... as
// prefix or suffix); a name that is only a legal form gives no key. A person's key of more than
// 24 code points, or an organisation's of more than 40, is no name and gives no key. At most 8
// keys, in text order.
std::vector<std::string> greeting_keys(std::string_view own_text);

// Whether the greeting key `key` (greeting_keys) names the recipient with display names `names`
// and canonical address `address` by name alone, without history: every word of the name is in
// one of the names (佐藤 in 佐藤 花子), a usual short form of a word of a Latin name (Jim for
// James), or a token of the local part (paula for paula.smith@, jim for jim_b@). "o:" keys match
// an organisation name in `names` or the registrable domain's label.
bool greeting_names_recipient(std::string_view key, const std::vector<std::string>& names,
                              std::string_view address);

// --- Content -----------------------------------------------------------------------------------

// Hashed term features of a message: the words of `subject` (without Re:/Fw:/転送: prefixes) and
// of `text`, NFKC case-folded, as unigrams and bigrams of neighbouring words. Words come from
// ICU's word BreakIterator (UAX #29 with dictionary segmentation of Japanese); ASCII text takes a
// faster path with the same result for ASCII words. Left out: common function words (English and
// Japanese particles), one-letter Latin words, numbers shorter than 3 digits, anything that looks
// like an address or a URL. One hash per occurrence (repeats count), at most 2,000 per message.
// Hash: FNV-1a 32 of "w:" + word with the lowest bit cleared, or of "b:" + word + " " + word with
// the lowest bit set (is_word_pair).
std::vector<std::uint32_t> term_features(std::string_view subject, std::string_view text);

// Whether a term_features hash is a word pair (bigram). The history counts in how many messages
// each word occurs (for idf), not each pair: pairs are many and each is rare; they are weighed
// as a term seen in one message.
constexpr bool is_word_pair(std::uint32_t term) { return (term & 1u) != 0; }

// --- Threads -----------------------------------------------------------------------------------

// The keys under which a message is filed in its thread (64-bit FNV-1a, never 0):
//  - the thread's root: the first References id (RFC 5322 §3.6.4), else In-Reply-To, else the
//    message's own Message-ID; and the message's own Message-ID (a reply to it names it);
//  - the normalised subject ("Re: FW: [tag] 見積の件" -> "見積の件") when it has at least 4
//    letters and is not a generic subject ("hello", "meeting", "お世話になっております", ...).
// Ids are compared without <> and white space, case-sensitively in the local part (RFC 5322
// §3.6.4 says nothing about case; clients keep it).
std::vector<std::int64_t> sent_thread_keys(std::string_view message_id,
                                           std::string_view in_reply_to,
                                           const std::vector<std::string>& references,
                                           std::string_view subject);
// The keys a draft (a reply being written) is looked up under: every References id (at most the
// first 4 and last 4), In-Reply-To, and the normalised subject as above.
std::vector<std::int64_t> draft_thread_keys(std::string_view in_reply_to,
                                            const std::vector<std::string>& references,
                                            std::string_view subject);
// "Re: RE: Fw: [ml:123] 件名" -> "件名", NFKC case-folded, white space collapsed; "" if generic
// or shorter than 4 letters.
std::string thread_subject(std::string_view subject);

// --- Autocomplete neighbours ---------------------------------------------------------------------

// The keys under which an address book's autocomplete would offer `address` (canonical) with
// display names `names`: "l:" + the first 3 letters of the local part, "n:" + the first 3
// letters of each display-name word (NFKC case-folded), "g:" + the given name (the first word of
// a Latin display name "Paula Smith", the second of "Smith, Paula", the first token of a local
// part paula.smith / paula_smith). Two addresses sharing a key are neighbours: typing "pau"
// offers both. At most 8 keys.
std::vector<std::string> neighbour_keys(std::string_view address,
                                        const std::vector<std::string>& names);

// --- A message as the history learns it ----------------------------------------------------------

// Everything above for one sent message, computed once: the greeting keys of the text the user
// wrote (own_text of `body`: quotes and signature cut), the term features of the subject and the
// whole body — what a reply quotes and a forward carries is what the message is about, and most
// forwards have no text of the user's at all (bench/quality: term features of the own text only
// found fewer swaps and raised more false alarms) — and the thread keys.
struct MessageFeatures {
  std::vector<std::string> greeting_keys;
  std::vector<std::uint32_t> terms;
  std::vector<std::int64_t> thread_keys;
};
MessageFeatures message_features(std::string_view subject, std::string_view body,
                                 std::string_view message_id, std::string_view in_reply_to,
                                 const std::vector<std::string>& references);

}  // namespace sendcheck

#endif  // SENDCHECK_RECIPIENT_FEATURES_H_
