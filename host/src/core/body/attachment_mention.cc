// The forgotten-attachment check's reading of the text (see core/body/attachment_mention.h).
#include "core/body/attachment_mention.h"

#include <algorithm>
#include <array>

#include "core/text.h"

namespace sendcheck {
namespace {

bool is_reply_subject(std::string_view folded_subject) {
  std::string_view s = strip(folded_subject);
  static constexpr std::array<std::string_view, 9> kPrefixes = {
      "re:", "re[", "re(", "aw:", "sv:", "vs:", "返信:", "回复:", "答复:"};
  return std::any_of(kPrefixes.begin(), kPrefixes.end(),
                     [s](std::string_view prefix) { return s.starts_with(prefix); });
}

// The words just before `pos` (at most `count`, stopping at punctuation), lower case.
std::vector<std::string> previous_words(std::string_view text, size_t pos, size_t count) {
  std::vector<std::string> words;
  size_t i = pos;
  while (words.size() < count) {
    while (i > 0 && text[i - 1] == ' ') --i;
    size_t end = i;
    while (i > 0 && (is_ascii_alpha(text[i - 1]) || text[i - 1] == '\'')) --i;
    if (i == end) break;
    words.emplace_back(text.substr(i, end - i));
  }
  return words;
}

// English: a whole word ("attachment" also as "attachments"), not negated ("no attachment",
// "not attached", "without attachments") and not the other party's ("your attachment").
bool english_mention(std::string_view text, size_t pos, size_t end) {
  if (pos > 0 && is_ascii_alnum(text[pos - 1])) return false;
  if (end < text.size() && is_ascii_alnum(text[end])) {
    bool plural = text[end] == 's' && (end + 1 == text.size() || !is_ascii_alnum(text[end + 1]));
    if (!plural) return false;
  }
  for (const std::string& word : previous_words(text, pos, 2)) {
    if (word == "no" || word == "not" || word == "without" || word == "nothing" ||
        word == "never" || word == "none" || word.ends_with("n't") || word == "your" ||
        word == "you" || word == "you've") {
      return false;
    }
  }
  return true;
}

// Japanese: 添付, 同封, 別添 as substrings, unless what follows says there is nothing attached
// (添付なし, 添付ファイルはありません, 添付しません) or asks the reader to attach or refers to
// their attachment (添付してください, 添付をお願いします, ご添付いただいた, 添付されていた).
bool japanese_mention(std::string_view text, size_t pos, size_t end) {
  UChar32 before = previous_code_point(text, pos);
  if (before == 0x3054 /* ご */ || before == 0x5FA1 /* 御 */ || before == 0x672A /* 未 */) {
    return false;
  }
  std::string_view rest = text.substr(end);
  for (std::string_view noun : {"ファイル", "資料", "書類", "物"}) {
    if (rest.starts_with(noun)) {
      rest.remove_prefix(noun.size());
      break;
    }
  }
  for (int particles = 0; particles < 2; ++particles) {
    bool skipped = false;
    for (std::string_view particle : {"は", "が", "も", "を", ":", " "}) {
      if (rest.starts_with(particle)) {
        rest.remove_prefix(particle.size());
        skipped = true;
        break;
      }
    }
    if (!skipped) break;
  }
  static constexpr std::array<std::string_view, 37> kNot = {
      "なし",         "無し",           "ナシ",       "ない",       "無い",         "ありません",
      "ございません", "しません",       "しない",     "せず",       "いたしません", "致しません",
      "していません", "しておりません", "しておらず", "できません", "できない",     "出来ません",
      "不要",         "省略",           "していただ", "して頂",     "してくださ",   "して下さ",
      "してもら",     "いただ",         "頂",         "くださ",     "下さ",         "お願い",
      "願",           "のほど",         "され",       "別途",       "別メール",     "後ほど",
      "追って"};
  return std::none_of(kNot.begin(), kNot.end(),
                      [rest](std::string_view word) { return rest.starts_with(word); });
}

// `folded` (nfkc_casefold) mentions an attachment by one of `words`.
bool mentions_in(std::string_view folded, const std::vector<std::string>& words) {
  for (const std::string& raw_word : words) {
    std::string word = nfkc_casefold(strip(raw_word));
    if (word.empty()) continue;
    bool ascii = std::all_of(word.begin(), word.end(),
                             [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    for (size_t pos = folded.find(word); pos != std::string_view::npos;
         pos = folded.find(word, pos + 1)) {
      size_t end = pos + word.size();
      if (ascii ? english_mention(folded, pos, end) : japanese_mention(folded, pos, end)) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace

bool mentions_attachment(std::string_view own, std::string_view subject,
                         const std::vector<std::string>& words) {
  if (mentions_in(nfkc_casefold(own), words)) return true;
  // A reply's subject repeats the other side's ("Re: 資料を添付します"): not the user's words.
  std::string folded_subject = nfkc_casefold(subject);
  return !is_reply_subject(folded_subject) && mentions_in(folded_subject, words);
}

}  // namespace sendcheck
