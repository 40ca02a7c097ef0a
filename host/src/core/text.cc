// The core's text module (see core/text.h).
#include "core/text.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <memory>

namespace sendcheck {
namespace {

std::optional<std::string> normalize(const icu::Normalizer2* normalizer, UErrorCode status,
                                     std::string_view s) {
  if (U_FAILURE(status)) return std::nullopt;
  icu::UnicodeString input =
      icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  icu::UnicodeString output = normalizer->normalize(input, status);
  if (U_FAILURE(status)) return std::nullopt;
  std::string out;
  output.toUTF8String(out);
  return out;
}

// One word iterator a thread: creating one loads the dictionary rules.
icu::BreakIterator* word_iterator() {
  thread_local std::unique_ptr<icu::BreakIterator> it = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> created(
        icu::BreakIterator::createWordInstance(icu::Locale::getJapanese(), status));
    if (U_FAILURE(status)) created.reset();
    return created;
  }();
  return it.get();
}

}  // namespace

UChar32 next_code_point(std::string_view s, size_t* i) {
  int32_t index = static_cast<int32_t>(*i);
  UChar32 c = 0;
  U8_NEXT(s.data(), index, static_cast<int32_t>(s.size()), c);
  *i = static_cast<size_t>(index);
  return c < 0 ? 0xFFFD : c;
}

UChar32 previous_code_point(std::string_view s, size_t end) {
  if (end == 0) return -1;
  int32_t index = static_cast<int32_t>(end);
  UChar32 c = 0;
  U8_PREV(s.data(), 0, index, c);
  return c < 0 ? 0xFFFD : c;
}

size_t code_point_count(std::string_view s) {
  size_t count = 0;
  for (size_t i = 0; i < s.size();) {
    next_code_point(s, &i);
    ++count;
  }
  return count;
}

bool is_space_code_point(UChar32 c) { return c == 0x3000 || c == 0xA0 || u_isUWhiteSpace(c); }

std::string_view strip(std::string_view s) {
  size_t begin = 0;
  while (begin < s.size()) {
    size_t next = begin;
    if (!is_space_code_point(next_code_point(s, &next))) break;
    begin = next;
  }
  size_t end = s.size();
  while (end > begin) {
    UChar32 c = previous_code_point(s, end);
    if (!is_space_code_point(c)) break;
    end -= static_cast<size_t>(U8_LENGTH(c));
  }
  return s.substr(begin, end - begin);
}

std::vector<std::string_view> split_spaces(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  size_t token = std::string_view::npos;
  while (i < s.size()) {
    size_t at = i;
    UChar32 c = next_code_point(s, &i);
    if (is_space_code_point(c)) {
      if (token != std::string_view::npos) out.push_back(s.substr(token, at - token));
      token = std::string_view::npos;
    } else if (token == std::string_view::npos) {
      token = at;
    }
  }
  if (token != std::string_view::npos) out.push_back(s.substr(token));
  return out;
}

std::vector<std::string_view> split_lines(std::string_view s) {
  std::vector<std::string_view> lines;
  size_t begin = 0;
  while (begin <= s.size()) {
    size_t end = s.find('\n', begin);
    if (end == std::string_view::npos) end = s.size();
    std::string_view line = s.substr(begin, end - begin);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (end == s.size()) break;
    begin = end + 1;
  }
  return lines;
}

std::string join(const std::vector<std::string_view>& parts, std::string_view separator) {
  std::string out;
  for (std::string_view part : parts) {
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

Script script_of(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    UChar32 c = next_code_point(s, &i);
    if (!u_isalpha(c)) continue;
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode script = uscript_getScript(c, &status);
    if (U_FAILURE(status)) continue;
    switch (script) {
      case USCRIPT_LATIN:
        return Script::kLatin;
      case USCRIPT_HAN:
      case USCRIPT_HIRAGANA:
      case USCRIPT_KATAKANA:
        return Script::kJapanese;
      case USCRIPT_COMMON:
      case USCRIPT_INHERITED:
        continue;
      default:
        return Script::kOther;
    }
  }
  return Script::kNone;
}

std::vector<std::string> word_segments(std::string_view text) {
  std::vector<std::string> words;
  icu::BreakIterator* it = word_iterator();
  if (it == nullptr) return words;
  icu::UnicodeString unicode = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  it->setText(unicode);
  int32_t start = it->first();
  for (int32_t end = it->next(); end != icu::BreakIterator::DONE; start = end, end = it->next()) {
    if (it->getRuleStatus() < UBRK_WORD_NUMBER) continue;  // spaces and punctuation
    std::string word;
    unicode.tempSubStringBetween(start, end).toUTF8String(word);
    words.push_back(std::move(word));
  }
  return words;
}

std::optional<std::string> try_nfkc(std::string_view s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* normalizer = icu::Normalizer2::getNFKCInstance(status);
  return normalize(normalizer, status, s);
}

std::string nfkc(std::string_view s) { return try_nfkc(s).value_or(std::string(s)); }

std::optional<std::string> try_nfkc_casefold(std::string_view s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* normalizer = icu::Normalizer2::getNFKCCasefoldInstance(status);
  return normalize(normalizer, status, s);
}

std::string nfkc_casefold(std::string_view s) {
  if (is_ascii(s)) return ascii_lower_copy(s);  // NFKC_Casefold of ASCII is its lower case
  std::optional<std::string> folded = try_nfkc_casefold(s);
  return folded ? std::move(*folded) : ascii_lower_copy(s);
}

std::string without_spaces_and_punctuation(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    size_t at = i;
    UChar32 c = next_code_point(s, &i);
    if (is_space_code_point(c) || u_ispunct(c)) continue;
    out.append(s, at, i - at);
  }
  return out;
}

std::string name_fold(std::string_view s) {
  return without_spaces_and_punctuation(nfkc_casefold(s));
}

}  // namespace sendcheck
