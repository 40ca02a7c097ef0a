// The core's one text module: ASCII case, UTF-8 code points, Unicode white space, lines and
// words, ICU normalisation (NFKC, NFKC_Casefold) and word breaks. Everything takes and gives
// UTF-8; ill-formed UTF-8 reads as U+FFFD. ASCII-only case operations are deliberate: they are
// locale-independent (a Turkish locale must not turn "I" into "ı"), and so is NFKC_Casefold.
#ifndef SENDCHECK_CORE_TEXT_H_
#define SENDCHECK_CORE_TEXT_H_

#include <unicode/umachine.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sendcheck {

// --- ASCII ---

inline char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

inline void ascii_lower_in_place(std::string* s) {
  for (char& c : *s) c = ascii_lower(c);
}

inline std::string ascii_lower_copy(std::string_view s) {
  std::string out(s);
  ascii_lower_in_place(&out);
  return out;
}

inline bool is_ascii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

inline bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool is_ascii_alnum(char c) { return is_ascii_digit(c) || is_ascii_alpha(c); }

// `s` without ASCII white space at either end.
inline std::string_view trim_view(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  size_t begin = s.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) return {};
  size_t end = s.find_last_not_of(kSpace);
  return s.substr(begin, end - begin + 1);
}

inline bool contains(std::string_view s, std::string_view part) {
  return s.find(part) != std::string_view::npos;
}

// --- Code points ---

// The code point at s[*i], advancing *i past it; ill-formed UTF-8 gives U+FFFD.
UChar32 next_code_point(std::string_view s, size_t* i);
// The code point that ends at s[end] (exclusive), U+FFFD when ill-formed, -1 at the start.
UChar32 previous_code_point(std::string_view s, size_t end);
// How many code points `s` holds (an ill-formed sequence counts as one, as next_code_point reads).
size_t code_point_count(std::string_view s);

// --- White space, lines and words ---

// Unicode White_Space (ASCII white space, U+00A0, the ideographic space U+3000, ...).
bool is_space_code_point(UChar32 c);
// `s` without Unicode white space at either end.
std::string_view strip(std::string_view s);
// The runs of `s` between Unicode white space.
std::vector<std::string_view> split_spaces(std::string_view s);
// The lines of `s` (split at "\n", a trailing "\r" removed); "" gives one empty line.
std::vector<std::string_view> split_lines(std::string_view s);
// `parts` with `separator` between them.
std::string join(const std::vector<std::string_view>& parts, std::string_view separator);

// Which writing system `s` is in: that of its first letter (common and inherited letters are
// skipped); kanji and kana are kJapanese; kNone when it has no letter.
enum class Script { kNone, kLatin, kJapanese, kOther };
Script script_of(std::string_view s);

// The words of `text` by UAX #29 word boundaries with ICU's dictionary for Japanese: only
// segments of letters, kana, ideographs or digits, in order. Empty when ICU has no word
// iterator.
std::vector<std::string> word_segments(std::string_view text);

// --- Normalisation and case folding (ICU) ---

// NFKC (UAX #15): full-width forms, ㈱ -> (株), ligatures ... made plain; case kept.
// nullopt when ICU fails (its normalisation data missing, out of memory).
std::optional<std::string> try_nfkc(std::string_view s);
// NFKC, or `s` unchanged when ICU fails.
std::string nfkc(std::string_view s);

// NFKC_Casefold: NFKC, full case folding with U_FOLD_CASE_DEFAULT (whatever the process or ICU
// default locale) and default-ignorable code points (U+200B, the bidi controls, ...) removed.
// "ＥＸＥ" -> "exe", "İSO" -> "i̇so" (i + U+0307). nullopt when ICU fails.
std::optional<std::string> try_nfkc_casefold(std::string_view s);
// NFKC_Casefold, or ascii_lower_copy(s) when ICU fails; ASCII text is lower-cased without ICU
// (which gives the same).
std::string nfkc_casefold(std::string_view s);

// `s` without Unicode white space and punctuation (u_ispunct).
std::string without_spaces_and_punctuation(std::string_view s);
// NFKC_Casefold without white space and punctuation: the form in which names are compared
// ("Jane Doe" and "JANE-DOE" give "janedoe"). May be one code point (林).
std::string name_fold(std::string_view s);

}  // namespace sendcheck

#endif  // SENDCHECK_CORE_TEXT_H_
