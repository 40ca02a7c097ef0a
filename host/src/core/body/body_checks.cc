// Body and subject checks (DESIGN.md §4 "Body"): forgotten attachment, a salutation naming someone
// who is not a recipient, personal data. Everything works on the text the user wrote (own_text).
//
// The body is never logged or copied anywhere but into the returned values: warnings carry only
// the salutation as written and counts, never the personal data found.
#include "core/body/body_checks.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/text.h"
#include "sendcheck/domain.h"
#include "sendcheck/similarity.h"

namespace sendcheck {
namespace {

using nlohmann::json;

std::string_view domain_of(std::string_view address) {
  size_t at = address.rfind('@');
  return at == std::string_view::npos ? std::string_view() : address.substr(at + 1);
}

std::string_view local_part_of(std::string_view address) {
  size_t at = address.rfind('@');
  return at == std::string_view::npos ? address : address.substr(0, at);
}

// ---------------------------------------------------------------------------------------------
// own_text: where the user's text ends

bool is_blank(std::string_view line) { return strip(line).empty(); }

// '>' or full-width '＞' after optional white space: the quoting of RFC 3676 §4.5 as every mail
// client writes it, and the full-width form Japanese users type by hand.
bool is_quote_line(std::string_view line) {
  size_t i = 0;
  while (i < line.size()) {
    UChar32 c = next_code_point(line, &i);
    if (c == ' ' || c == '\t' || c == 0x3000) continue;
    return c == '>' || c == 0xFF1E;
  }
  return false;
}

bool is_rule_code_point(UChar32 c) {
  switch (c) {
    case '-':
    case '=':
    case '_':
    case '*':
    case '~':
    case '#':
    case '+':
    case 0x2014:  // —
    case 0x2015:  // ―
    case 0x2500:  // ─
    case 0x2501:  // ━
    case 0x2550:  // ═
    case 0x301C:  // 〜
    case 0x30FC:  // ー (typed as a line by many Japanese users)
    case 0xFF0A:  // ＊
    case 0xFF0D:  // －
    case 0xFF1D:  // ＝
    case 0xFF3F:  // ＿
    case 0xFF5E:  // ～
      return true;
    default:
      return false;
  }
}

// A line of at least five rule characters ("=====", "＿＿＿＿＿", Outlook's "_____...").
bool is_rule_line(std::string_view stripped) {
  size_t count = 0;
  for (size_t i = 0; i < stripped.size();) {
    if (!is_rule_code_point(next_code_point(stripped, &i))) return false;
    ++count;
  }
  return count >= 5;
}

bool is_dash_code_point(UChar32 c) {
  return c == '-' || c == 0x2014 || c == 0x2015 || c == 0x2500 || c == 0xFF0D;
}

// "-----Original Message-----" (Outlook), "----- Original Message -----" (Outlook Express),
// "-------- Forwarded Message --------" (Thunderbird), "---------- Forwarded message ---------"
// (Gmail), "-----元のメッセージ-----" (Outlook, Japanese), "-------- 転送メッセージ --------"
// (Thunderbird, Japanese), "Begin forwarded message:" (Apple Mail).
bool is_separator_line(std::string_view stripped) {
  if (ascii_lower_copy(stripped) == "begin forwarded message:") return true;
  size_t begin = 0;
  size_t dashes = 0;
  while (begin < stripped.size()) {
    size_t next = begin;
    UChar32 c = next_code_point(stripped, &next);
    if (is_dash_code_point(c)) {
      ++dashes;
    } else if (!is_space_code_point(c)) {
      break;
    }
    begin = next;
  }
  if (dashes < 2) return false;
  size_t end = stripped.size();
  while (end > begin) {
    UChar32 c = previous_code_point(stripped, end);
    if (!is_dash_code_point(c) && !is_space_code_point(c)) break;
    end -= static_cast<size_t>(U8_LENGTH(c));
  }
  std::string core = ascii_lower_copy(stripped.substr(begin, end - begin));
  static constexpr std::array<std::string_view, 11> kMarkers = {"original message",
                                                                "original",
                                                                "forwarded message",
                                                                "forward message",
                                                                "元のメッセージ",
                                                                "転送メッセージ",
                                                                "元のメール",
                                                                "ursprüngliche nachricht",
                                                                "message d'origine",
                                                                "mensaje original",
                                                                "original message follows"};
  for (std::string_view marker : kMarkers) {
    if (core == marker) return true;
  }
  return core.starts_with("forwarded by ");  // Lotus Notes: "----- Forwarded by X on ... -----"
}

bool ends_with_any(std::string_view s, std::initializer_list<std::string_view> suffixes) {
  return std::any_of(suffixes.begin(), suffixes.end(),
                     [s](std::string_view suffix) { return s.ends_with(suffix); });
}

// A complete attribution line: "On Mon, Jan 1, 2024 at 10:00 AM Jane <j@x> wrote:",
// "Jane wrote:", Thunderbird's Japanese "山田 太郎 さんは書きました:", Gmail's Japanese
// "2024年1月1日(月) 10:00 Jane <j@x>:", "…のメッセージ:".
bool is_attribution_line(std::string_view stripped) {
  if (stripped.empty() || stripped.size() > 400) return false;
  std::string lower = ascii_lower_copy(stripped);
  if (ends_with_any(lower, {"wrote:", "wrote :", "schrieb:", "a écrit :", "a écrit:"})) {
    return true;
  }
  if (ends_with_any(stripped, {"書きました:", "書きました："})) return true;
  bool marked = contains(stripped, "@") || std::any_of(stripped.begin(), stripped.end(),
                                                       [](char c) { return is_ascii_digit(c); });
  if (marked &&
      ends_with_any(stripped, {"のメッセージ:", "のメッセージ：", "のメール:", "のメール："})) {
    return true;
  }
  return contains(stripped, "@") && ends_with_any(stripped, {">:", ">："});
}

// The first line of an attribution that its client wrapped over two lines.
bool begins_attribution(std::string_view stripped) {
  std::string lower = ascii_lower_copy(stripped.substr(0, 3));
  if (lower == "on ") return true;
  if (stripped.size() < 5) return false;
  for (size_t i = 0; i < 4; ++i) {
    if (!is_ascii_digit(stripped[i])) return false;
  }
  std::string_view rest = stripped.substr(4);
  return rest.starts_with("年") || rest.starts_with("/") || rest.starts_with("-");
}

// "From: ...", "*From:* ..." (Outlook plain text), "差出人: ..." → "from", "差出人".
std::string header_key(std::string_view stripped) {
  while (!stripped.empty() && stripped.front() == '*') stripped.remove_prefix(1);
  size_t colon = stripped.find(':');
  size_t wide = stripped.find("：");
  if (wide != std::string_view::npos && (colon == std::string_view::npos || wide < colon)) {
    colon = wide;
  }
  if (colon > 40) return {};  // also when there is none (npos)
  std::string_view key = strip(stripped.substr(0, colon));
  while (!key.empty() && key.back() == '*') key.remove_suffix(1);
  return ascii_lower_copy(strip(key));
}

// The first header of a quoted header block: From/差出人 (Outlook), or To/宛先 (Lotus Notes, which
// puts the sender and date above it without a key).
std::string block_start_key(std::string_view stripped) {
  std::string key = header_key(stripped);
  static constexpr std::array<std::string_view, 5> kKeys = {"from", "差出人", "送信者", "to",
                                                            "宛先"};
  return std::find(kKeys.begin(), kKeys.end(), key) != kKeys.end() ? key : std::string();
}

bool is_following_header(std::string_view stripped, std::string_view first_key) {
  std::string key = header_key(stripped);
  static constexpr std::array<std::string_view, 10> kKeys = {
      "sent", "date", "to", "subject", "cc", "送信日時", "日付", "件名", "宛先", "送信日"};
  return key != first_key && std::find(kKeys.begin(), kKeys.end(), key) != kKeys.end();
}

bool is_disclaimer_text(std::string_view line) {
  std::string lower = ascii_lower_copy(line);
  static constexpr std::array<std::string_view, 13> kWords = {
      "本メール",     "本電子メール", "このメール",  "このeメール", "機密",
      "秘密情報",     "免責",         "this e-mail", "this email",  "this message",
      "confidential", "disclaimer",   "privileged"};
  return std::any_of(kWords.begin(), kWords.end(),
                     [&lower](std::string_view word) { return contains(lower, word); });
}

// True when the user's text ends before line i.
bool starts_cut(const std::vector<std::string_view>& lines, size_t i) {
  std::string_view raw = lines[i];
  // The signature separator of RFC 3676 §4.3 ("-- "), and the "--" that many clients leave.
  if (raw == "-- " || raw == "--") return true;
  if (is_quote_line(raw)) return false;
  std::string_view line = strip(raw);
  if (line.empty()) return false;
  if (is_separator_line(line) || is_attribution_line(line)) return true;
  if (i + 1 < lines.size() && begins_attribution(line) && !is_quote_line(lines[i + 1]) &&
      is_attribution_line(strip(lines[i + 1]))) {
    return true;
  }
  if (std::string key = block_start_key(line); !key.empty()) {
    // Within four lines, not counting the continuation lines of a long address list (at most 50).
    size_t counted = 0;
    for (size_t k = i + 1; k < lines.size() && k <= i + 50 && counted < 4; ++k) {
      std::string_view next = strip(lines[k]);
      if (is_following_header(next, key)) return true;
      if (!contains(next, "@") || !header_key(next).empty()) ++counted;
    }
  }
  if (is_rule_line(line)) {
    // A disclaimer: a rule line followed by text about this e-mail or confidentiality.
    size_t seen = 0;
    for (size_t k = i + 1; k < lines.size() && seen < 3; ++k) {
      if (is_blank(lines[k])) continue;
      ++seen;
      if (is_disclaimer_text(lines[k])) return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// forgotten-attachment

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

bool mentions_attachment(std::string_view folded, const std::vector<std::string>& words) {
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

// ---------------------------------------------------------------------------------------------
// salutation-mismatch

// Legal-entity words (会社法, 一般社団法人及び一般財団法人に関する法律, ... and their usual
// abbreviations), NFKC case-folded: ㈱ and （株） both become "(株)".
constexpr std::array<std::string_view, 25> kJapaneseEntityWords = {
    "株式会社",     "(株)",
    "有限会社",     "(有)",
    "合同会社",     "(同)",
    "合資会社",     "(資)",
    "合名会社",     "(名)",
    "一般社団法人", "一般財団法人",
    "公益社団法人", "公益財団法人",
    "社団法人",     "財団法人",
    "(社)",         "(財)",
    "学校法人",     "医療法人",
    "社会福祉法人", "特定非営利活動法人",
    "npo法人",      "独立行政法人",
    "国立大学法人"};

constexpr std::array<std::string_view, 12> kEnglishEntityWords = {
    "inc", "corp", "corporation", "co", "ltd", "llc", "gmbh", "plc", "k.k", "kk", "limited", "ag"};

std::string trim_ascii_punctuation(std::string_view word) {
  while (!word.empty() && (word.back() == '.' || word.back() == ',')) word.remove_suffix(1);
  return std::string(word);
}

bool is_english_entity_word(std::string_view folded_word) {
  std::string word = trim_ascii_punctuation(folded_word);
  return std::find(kEnglishEntityWords.begin(), kEnglishEntityWords.end(), word) !=
         kEnglishEntityWords.end();
}

bool has_entity_word(std::string_view token) {
  std::string folded = nfkc_casefold(token);
  for (std::string_view word : kJapaneseEntityWords) {
    if (contains(folded, word)) return true;
  }
  return is_english_entity_word(folded);
}

// A company name without its legal-entity words, in name_fold form: "株式会社パートナーA",
// "(株)パートナーA" and "パートナーA" give one key.
std::string company_key(std::string_view name) {
  std::string folded = nfkc_casefold(name);
  for (std::string_view word : kJapaneseEntityWords) {
    for (size_t pos = folded.find(word); pos != std::string::npos; pos = folded.find(word)) {
      folded.replace(pos, word.size(), " ");
    }
  }
  std::vector<std::string_view> kept;
  for (std::string_view token : split_spaces(folded)) {
    if (!is_english_entity_word(token)) kept.push_back(token);
  }
  return name_fold(join(kept, " "));
}

// Titles written before or after a name (営業部 部長 佐藤様, 佐藤部長).
constexpr std::array<std::string_view, 27> kTitles = {
    "代表取締役", "取締役", "会長",     "社長",       "副社長",       "専務",     "常務",
    "本部長",     "支店長", "部長代理", "部長",       "次長",         "課長代理", "課長",
    "係長",       "室長",   "所長",     "センター長", "主任",         "主査",     "理事長",
    "理事",       "院長",   "教授",     "准教授",     "マネージャー", "リーダー"};

// Organisational units (営業部, 東京支社, 新宿店).
constexpr std::array<std::string_view, 14> kUnitSuffixes = {
    "本部", "事業部", "部門", "センター", "グループ", "チーム", "支店",
    "支社", "営業所", "工場", "研究所",   "部",       "課",     "室"};

bool is_title(std::string_view token) {
  return std::find(kTitles.begin(), kTitles.end(), token) != kTitles.end();
}

bool is_unit_or_title(std::string_view token) {
  if (is_title(token) || token == "担当") return true;
  size_t length = code_point_count(token);
  for (std::string_view suffix : kUnitSuffixes) {
    if (!token.ends_with(suffix)) continue;
    // A single-character suffix needs a longer token: 阿部, 岡部 are family names, 営業部 is not.
    bool single = code_point_count(suffix) == 1;
    if (!single || length >= 3) return true;
  }
  return false;
}

std::string_view strip_title_suffix(std::string_view token) {
  for (std::string_view title : kTitles) {
    if (token.size() > title.size() && token.ends_with(title)) {
      return token.substr(0, token.size() - title.size());
    }
  }
  return token;
}

// A token that can be one half of a personal name: a few kanji or kana (佐藤, 太郎, ジョン), or
// a capitalised Latin word (Smith; not ABC).
bool is_name_like(std::string_view token) {
  Script script = script_of(token);
  if (script == Script::kJapanese) {
    if (code_point_count(token) > 5) return false;
    for (size_t i = 0; i < token.size();) {
      UChar32 c = next_code_point(token, &i);
      UErrorCode status = U_ZERO_ERROR;
      UScriptCode s = uscript_getScript(c, &status);
      if (s != USCRIPT_HAN && s != USCRIPT_HIRAGANA && s != USCRIPT_KATAKANA && c != 0x30FC) {
        return false;
      }
    }
    return true;
  }
  if (script == Script::kLatin) {
    bool lower = false;
    for (char c : token) {
      if (!is_ascii_alpha(c) && c != '-' && c != '\'') return false;
      lower = lower || (c >= 'a' && c <= 'z');
    }
    return lower;
  }
  return false;
}

// Addressing more than one person, or nobody in particular: no name to check.
bool is_generic_japanese(std::string_view nfkc_text) {
  static constexpr std::array<std::string_view, 13> kGeneric = {
      "各位", "皆様", "皆さま", "みなさま", "皆さん", "みなさん", "みんな",
      "担当", "一同", "関係者", "お客様",   "先生方", "皆々様"};
  return std::any_of(kGeneric.begin(), kGeneric.end(),
                     [nfkc_text](std::string_view word) { return contains(nfkc_text, word); });
}

// お疲れ様, ご苦労様, お世話様, おかげ様: greetings that end like a salutation.
bool is_greeting_phrase(std::string_view nfkc_text) {
  if (nfkc_text.starts_with("お") || nfkc_text.starts_with("ご")) return true;
  static constexpr std::array<std::string_view, 8> kWords = {"苦労", "疲れ", "世話",   "互い",
                                                             "馳走", "陰",   "気の毒", "愁傷"};
  return std::any_of(kWords.begin(), kWords.end(),
                     [nfkc_text](std::string_view word) { return contains(nfkc_text, word); });
}

enum class Honorific { kNone, kPerson, kOrganisation };

// Strips the honorific (様, さま, 殿, さん, 先生; 御中 for organisations) from the end.
Honorific take_honorific(std::string_view* text) {
  static constexpr std::array<std::string_view, 6> kPerson = {"様", "さま", "サマ",
                                                              "殿", "さん", "先生"};
  if (text->ends_with("御中")) {
    text->remove_suffix(std::string_view("御中").size());
    return Honorific::kOrganisation;
  }
  for (std::string_view honorific : kPerson) {
    if (text->ends_with(honorific)) {
      text->remove_suffix(honorific.size());
      return Honorific::kPerson;
    }
  }
  return Honorific::kNone;
}

// Department names that stand before a title without being a person: 営業部長, 経理課長.
bool is_department_stem(std::string_view token) {
  static constexpr std::array<std::string_view, 30> kStems = {
      "営業", "総務", "経理", "人事", "開発", "技術", "企画", "広報", "法務", "製造",
      "購買", "資材", "品質", "管理", "財務", "事業", "情報", "業務", "設計", "生産",
      "物流", "研究", "海外", "国内", "本社", "支社", "工場", "販売", "調達", "経営"};
  return std::find(kStems.begin(), kStems.end(), token) != kStems.end();
}

// "鈴木部長", "鈴木 部長", "営業部 鈴木課長": in Japanese business mail a title after a family
// name is itself the honorific (鈴木部長様 is the redundant form). Not a title alone, a department
// with its title (営業部長, 営業部 部長) or a generic word.
bool ends_with_person_title(std::string_view nfkc_part) {
  std::vector<std::string_view> tokens = split_spaces(nfkc_part);
  if (tokens.empty()) return false;
  std::string_view name;
  if (is_title(tokens.back())) {
    if (tokens.size() < 2) return false;
    name = tokens[tokens.size() - 2];
  } else {
    name = strip_title_suffix(tokens.back());
    if (name.size() == tokens.back().size()) return false;
  }
  return !name.empty() && code_point_count(name) <= 4 && script_of(name) == Script::kJapanese &&
         is_name_like(name) && !is_unit_or_title(name) && !has_entity_word(name) &&
         !is_department_stem(name) && !is_generic_japanese(name) && !is_greeting_phrase(name);
}

// Trailing "、", ",", ":", "へ" and spaces: 佐藤様、 / 佐藤様へ / Dear Jane,
std::string_view strip_trailing_marks(std::string_view s) {
  for (;;) {
    s = strip(s);
    bool changed = false;
    for (std::string_view mark : {"、", ",", "，", ":", "：", "。", "!", "！", ".", "へ", "宛"}) {
      if (s.ends_with(mark)) {
        s.remove_suffix(mark.size());
        changed = true;
        break;
      }
    }
    if (!changed) return s;
  }
}

struct SalutationEntry {
  std::string written;  // as the user wrote it, for params.name
  std::string person;   // NFKC, "" when none (or generic)
  std::string company;  // NFKC, "" when none
};

struct Salutation {
  std::vector<SalutationEntry> entries;
};

bool names_party(std::string_view token, const std::vector<Party>& parties) {
  std::string key = company_key(token);
  if (key.empty()) return false;
  for (const Party& party : parties) {
    for (const std::string& name : party.names) {
      if (company_key(name) == key) return true;
    }
  }
  return false;
}

// The company named by tokens[begin, end) through a legal-entity word: the token that holds it
// ("株式会社パートナー商事", "(株)パートナー商事"), or, when the legal form stands apart
// ("株式会社 パートナー商事", "パートナー商事 株式会社", "ACME Inc.", "Acme Co., Ltd."), the legal
// form with the name next to it (after a prefix form, else before a suffix form). "" when no
// token has a legal-entity word.
std::string entity_company(const std::vector<std::string_view>& tokens, size_t begin, size_t end) {
  for (size_t i = begin; i < end; ++i) {
    if (!has_entity_word(tokens[i])) continue;
    if (!company_key(tokens[i]).empty()) return std::string(tokens[i]);
    size_t last = i + 1;  // the legal form may take several tokens: "Co., Ltd."
    while (last < end && has_entity_word(tokens[last]) && company_key(tokens[last]).empty()) {
      ++last;
    }
    std::vector<std::string_view> parts(tokens.begin() + static_cast<std::ptrdiff_t>(i),
                                        tokens.begin() + static_cast<std::ptrdiff_t>(last));
    if (last < end && !is_unit_or_title(tokens[last])) {
      parts.push_back(tokens[last]);
    } else if (i > begin && !is_unit_or_title(tokens[i - 1])) {
      parts.insert(parts.begin(), tokens[i - 1]);
    }
    return join(parts, " ");
  }
  return {};
}

// The company named on a line of the salutation block: a token with a legal-entity word (with
// the name beside a legal form written apart), or a token that is the name of a known party.
std::string company_on_line(std::string_view nfkc_line, const std::vector<Party>& parties) {
  std::vector<std::string_view> tokens = split_spaces(nfkc_line);
  std::string company = entity_company(tokens, 0, tokens.size());
  if (!company.empty()) return company;
  for (std::string_view token : tokens) {
    if (!is_unit_or_title(token) && names_party(token, parties)) return std::string(token);
  }
  return {};
}

bool is_organisation_line(std::string_view nfkc_line, const std::vector<Party>& parties) {
  if (!company_on_line(nfkc_line, parties).empty()) return true;
  std::vector<std::string_view> tokens = split_spaces(nfkc_line);
  return !tokens.empty() && std::all_of(tokens.begin(), tokens.end(), is_unit_or_title);
}

// One "…様" / "…御中" part, with the company of the lines above it (if any).
SalutationEntry parse_japanese(std::string_view written, std::string_view nfkc_part,
                               Honorific honorific, const std::string& company_above,
                               const std::vector<Party>& parties) {
  SalutationEntry entry;
  entry.written = std::string(written);
  std::vector<std::string_view> tokens = split_spaces(nfkc_part);
  size_t person_begin = tokens.size();
  if (honorific == Honorific::kPerson) {
    size_t end = tokens.size();
    while (end > 0 && is_title(tokens[end - 1])) --end;
    if (end > 0 && !has_entity_word(tokens[end - 1])) {
      std::string_view last = strip_title_suffix(tokens[end - 1]);
      person_begin = end - 1;
      std::vector<std::string_view> person = {last};
      if (end >= 2 && is_name_like(tokens[end - 2]) && is_name_like(last) &&
          !is_unit_or_title(tokens[end - 2]) && !has_entity_word(tokens[end - 2])) {
        person.insert(person.begin(), tokens[end - 2]);
        person_begin = end - 2;
      }
      entry.person = join(person, " ");
      if (is_generic_japanese(entry.person)) entry.person.clear();
    }
  }
  // The person's tokens are never a company: "株式会社 鈴木様" names no company but a legal form.
  entry.company = entity_company(tokens, 0, person_begin);
  if (entry.company.empty()) {
    for (size_t i = 0; i < person_begin; ++i) {
      if (is_unit_or_title(tokens[i])) continue;
      // 御中 names an organisation outright; before a person only a known party counts.
      if (honorific == Honorific::kOrganisation || names_party(tokens[i], parties)) {
        entry.company = std::string(tokens[i]);
        break;
      }
    }
  }
  if (entry.company.empty()) entry.company = company_above;
  return entry;
}

// Splits a line into the parts of "鈴木様、田中様" / "Jane, Bob".
std::vector<std::string_view> split_addressees(std::string_view line) {
  std::vector<std::string_view> parts;
  size_t begin = 0;
  size_t i = 0;
  while (i < line.size()) {
    size_t at = i;
    UChar32 c = next_code_point(line, &i);
    if (c == 0x3001 /* 、 */ || c == ',' || c == 0xFF0C /* ， */ || c == 0xFF64 /* ､ */) {
      parts.push_back(line.substr(begin, at - begin));
      begin = i;
    }
  }
  parts.push_back(line.substr(begin));
  return parts;
}

bool is_cc_line(std::string_view nfkc_line) {
  std::string lower = ascii_lower_copy(nfkc_line.substr(0, 4));
  return lower.starts_with("cc") || lower.starts_with("(cc") || lower.starts_with("bcc") ||
         lower.starts_with("[cc");
}

constexpr std::array<std::string_view, 9> kGreetings = {
    "dear ",           "hi ",           "hello ",     "hey ",    "good morning ",
    "good afternoon ", "good evening ", "greetings ", "morning "};

bool is_generic_english_word(std::string_view lower_word) {
  static constexpr std::array<std::string_view, 34> kGeneric = {
      "all",       "team",    "teams",  "everyone", "everybody",  "folks",     "guys",
      "there",     "sir",     "sirs",   "madam",    "colleagues", "colleague", "customer",
      "customers", "friends", "both",   "you",      "y'all",      "members",   "partners",
      "hiring",    "manager", "whom",   "concern",  "gentlemen",  "ladies",    "board",
      "committee", "staff",   "valued", "support",  "sales",      "sender"};
  std::string word = trim_ascii_punctuation(lower_word);
  return std::find(kGeneric.begin(), kGeneric.end(), word) != kGeneric.end();
}

bool is_bare_stop_word(std::string_view lower) {
  static constexpr std::array<std::string_view, 44> kStop = {
      "thanks",       "thank you",   "hello",   "hi",        "hey",       "regards", "sorry",
      "yes",          "no",          "ok",      "okay",      "sure",      "great",   "cheers",
      "best",         "sincerely",   "dear",    "morning",   "afternoon", "evening", "well",
      "so",           "also",        "however", "note",      "fyi",       "ps",      "please",
      "again",        "first",       "firstly", "finally",   "oh",        "update",  "agreed",
      "noted",        "understood",  "perfect", "excellent", "good",      "welcome", "apologies",
      "kind regards", "best regards"};
  return std::find(kStop.begin(), kStop.end(), lower) != kStop.end();
}

// "Jane," alone on the first line: one or two capitalised words.
bool is_bare_name(std::string_view name) {
  std::vector<std::string_view> words = split_spaces(name);
  if (words.empty() || words.size() > 2) return false;
  for (std::string_view word : words) {
    if (word.size() < 2 || !(word[0] >= 'A' && word[0] <= 'Z')) return false;
    for (char c : word.substr(1)) {
      if (!is_ascii_alpha(c) && c != '-' && c != '\'') return false;
    }
  }
  return !is_bare_stop_word(ascii_lower_copy(name));
}

// "Jim and Paula," / "Jim & Paula,": bare names joined, each as is_bare_name.
bool is_bare_names(std::string_view names) {
  std::vector<std::string_view> parts;
  size_t begin = 0;
  for (;;) {
    size_t and_at = names.find(" and ", begin);
    size_t amp_at = names.find(" & ", begin);
    size_t at = std::min(and_at, amp_at);
    if (at == std::string_view::npos) break;
    parts.push_back(names.substr(begin, at - begin));
    begin = at + (at == and_at ? std::string_view(" and ").size() : std::string_view(" & ").size());
  }
  parts.push_back(names.substr(begin));
  if (parts.size() > 4) return false;
  return std::all_of(parts.begin(), parts.end(),
                     [](std::string_view part) { return is_bare_name(strip(part)); });
}

enum class LineResult { kNone, kGeneric, kFound };

// "Dear Jane," / "Hi Jane and Bob," / "Hello Mr. Smith," / "Jane," (first line only).
LineResult parse_english(std::string_view nfkc_line, bool first_line,
                         std::vector<SalutationEntry>* entries) {
  std::string lower = ascii_lower_copy(nfkc_line);
  std::string_view rest;
  bool greeted = false;
  for (std::string_view greeting : kGreetings) {
    if (lower.starts_with(greeting)) {
      rest = nfkc_line.substr(greeting.size());
      greeted = true;
      break;
    }
  }
  if (!greeted) {
    for (std::string_view bare : {"hi", "hello", "hey", "dear", "greetings"}) {
      std::string_view body = strip_trailing_marks(lower);
      if (body == bare) return LineResult::kGeneric;  // "Hi," "Hello!"
    }
    if (!first_line || !nfkc_line.ends_with(",")) return LineResult::kNone;
    rest = strip_trailing_marks(nfkc_line);
    if (!is_bare_names(rest)) return LineResult::kNone;
  }
  // "Hi Jane, thanks for ..." : the name ends at the first comma, colon or exclamation mark.
  size_t stop = rest.find_first_of(",:;!");
  if (stop != std::string_view::npos) rest = rest.substr(0, stop);
  rest = strip_trailing_marks(rest);
  if (rest.empty()) return LineResult::kGeneric;
  std::string names(rest);
  for (std::string_view joiner : {" and ", " & ", "/"}) {
    for (size_t pos = names.find(joiner); pos != std::string::npos; pos = names.find(joiner)) {
      names.replace(pos, joiner.size(), ",");
    }
  }
  std::vector<SalutationEntry> found;
  for (std::string_view written : split_addressees(names)) {
    std::string_view part = strip(written);
    if (is_generic_japanese(part)) return LineResult::kGeneric;  // "Hi 皆さん"
    take_honorific(&part);  // "Dear 佐藤様," "Hi 佐藤さん"
    std::vector<std::string_view> words = split_spaces(part);
    if (words.empty()) continue;
    for (std::string_view word : words) {
      if (is_generic_english_word(ascii_lower_copy(word))) return LineResult::kGeneric;
    }
    static constexpr std::array<std::string_view, 12> kTitlesEn = {
        "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "mr.", "mrs.", "ms.", "dr.", "prof."};
    size_t first = 0;
    while (first < words.size() && std::find(kTitlesEn.begin(), kTitlesEn.end(),
                                             ascii_lower_copy(words[first])) != kTitlesEn.end()) {
      ++first;
    }
    std::vector<std::string_view> name(words.begin() + static_cast<std::ptrdiff_t>(first),
                                       words.end());
    if (!name.empty()) {
      std::string last = ascii_lower_copy(name.back());
      if (last == "san" || last == "sama" || last == "sensei") name.pop_back();
    }
    if (!name.empty()) {
      std::string_view& last = name.back();
      for (std::string_view suffix : {"-san", "-sama", "-sensei"}) {
        if (ascii_lower_copy(last).ends_with(suffix)) {
          last.remove_suffix(suffix.size());
          break;
        }
      }
    }
    if (name.empty() || name.size() > 3) return LineResult::kNone;
    for (std::string_view word : name) {
      for (size_t i = 0; i < word.size();) {
        UChar32 c = next_code_point(word, &i);
        if (!u_isalpha(c) && c != '-' && c != '\'' && c != '.') return LineResult::kNone;
      }
    }
    SalutationEntry entry;
    entry.written = std::string(strip(written));
    entry.person = join(name, " ");
    found.push_back(std::move(entry));
  }
  if (found.empty()) return LineResult::kNone;
  entries->insert(entries->end(), found.begin(), found.end());
  return LineResult::kFound;
}

// The salutation at the top of the user's text: up to three organisation lines (company,
// department) and then one or more lines ending with an honorific, or an English greeting.
// Nothing is returned when the text opens otherwise, or with a generic salutation (各位, Dear all).
Salutation find_salutation(std::string_view own, const std::vector<Party>& parties) {
  Salutation salutation;
  std::vector<std::string_view> lines = split_lines(own);
  std::string company_above;
  std::vector<std::string_view> written_above;
  size_t seen = 0;
  bool found = false;
  for (std::string_view raw : lines) {
    std::string_view line = strip(raw);
    if (line.empty()) continue;
    if (++seen > 5) break;
    std::string normalized = nfkc(line);
    std::string_view nfkc_line = strip(normalized);
    if (is_cc_line(nfkc_line)) continue;
    if (!found) {
      LineResult english = parse_english(nfkc_line, seen == 1, &salutation.entries);
      if (english == LineResult::kGeneric) return salutation;
      if (english == LineResult::kFound) return salutation;
    }
    if (code_point_count(nfkc_line) > 60 || contains(nfkc_line, "。") || contains(nfkc_line, "!") ||
        contains(nfkc_line, "?")) {
      break;
    }
    std::vector<SalutationEntry> line_entries;
    bool generic = false;
    bool other = false;  // a part that is no salutation: "了解です、佐藤さん"
    for (std::string_view part : split_addressees(line)) {
      std::string_view written = strip_trailing_marks(part);
      if (written.empty()) continue;
      std::string part_nfkc = nfkc(written);
      std::string_view rest = part_nfkc;
      Honorific honorific = take_honorific(&rest);
      rest = strip(rest);
      if (honorific == Honorific::kNone && ends_with_person_title(rest)) {
        honorific = Honorific::kPerson;  // 鈴木部長: parse_japanese strips the title
      }
      if (honorific == Honorific::kNone) {
        if (rest.ends_with("各位") || is_generic_japanese(rest)) {
          generic = true;
        } else {
          other = true;
        }
        continue;
      }
      if (rest.empty() || code_point_count(rest) > 40 || is_greeting_phrase(rest)) {
        other = true;
        continue;
      }
      std::string full;
      if (!written_above.empty()) {
        full = join(written_above, " ");
        full += ' ';
      }
      full += written;
      SalutationEntry entry = parse_japanese(full, rest, honorific, company_above, parties);
      if (is_generic_japanese(part_nfkc)) entry.person.clear();  // 皆様, ご担当者様
      line_entries.push_back(std::move(entry));
    }
    bool any = !other && !line_entries.empty();
    if (any) {
      salutation.entries.insert(salutation.entries.end(), line_entries.begin(), line_entries.end());
    }
    if (generic && !other && line_entries.empty()) {
      // 関係者各位, 株式会社A 各位: only the company can be checked.
      std::string company =
          company_above.empty() ? company_on_line(nfkc_line, parties) : company_above;
      if (!company.empty() && !found) {
        SalutationEntry entry;
        entry.written = std::string(strip_trailing_marks(line));
        if (!written_above.empty()) entry.written = join(written_above, " ") + " " + entry.written;
        entry.company = company;
        salutation.entries.push_back(std::move(entry));
      }
      break;
    }
    if (any) {
      found = true;
      continue;
    }
    if (found) break;  // the salutation is over
    // Above the honorific line only organisation lines (company, department) may stand.
    if (written_above.size() >= 3 || !is_organisation_line(nfkc_line, parties)) break;
    written_above.push_back(strip_trailing_marks(line));
    if (company_above.empty()) company_above = company_on_line(nfkc_line, parties);
  }
  return salutation;
}

enum class Match { kUnknown, kMatch, kMismatch };

// English short forms whose spelling differs from the full name (Jim for James). Those that share
// the first three letters (Steve, Dave, Randy, Chris) are recognised without a table.
struct ShortForm {
  std::string_view short_form;
  std::string_view full;
};
constexpr std::array<ShortForm, 77> kShortForms = {{
    {"jim", "james"},       {"jimmy", "james"},     {"jamie", "james"},     {"bob", "robert"},
    {"bobby", "robert"},    {"rob", "robert"},      {"robbie", "robert"},   {"bert", "robert"},
    {"bert", "albert"},     {"bill", "william"},    {"billy", "william"},   {"will", "william"},
    {"liam", "william"},    {"dick", "richard"},    {"rick", "richard"},    {"ricky", "richard"},
    {"rich", "richard"},    {"jack", "john"},       {"johnny", "john"},     {"jon", "john"},
    {"jon", "jonathan"},    {"john", "jonathan"},   {"ted", "edward"},      {"ted", "theodore"},
    {"ed", "edward"},       {"eddie", "edward"},    {"ned", "edward"},      {"tony", "anthony"},
    {"peggy", "margaret"},  {"peg", "margaret"},    {"meg", "margaret"},    {"maggie", "margaret"},
    {"liz", "elizabeth"},   {"lizzy", "elizabeth"}, {"beth", "elizabeth"},  {"betty", "elizabeth"},
    {"eliza", "elizabeth"}, {"kate", "catherine"},  {"katie", "catherine"}, {"kathy", "catherine"},
    {"cathy", "katherine"}, {"kay", "katherine"},   {"chuck", "charles"},   {"charlie", "charles"},
    {"hank", "henry"},      {"harry", "henry"},     {"harry", "harold"},    {"sandy", "alexander"},
    {"sandy", "alexandra"}, {"sasha", "alexander"}, {"sasha", "alexandra"}, {"larry", "lawrence"},
    {"larry", "laurence"},  {"jerry", "gerald"},    {"jerry", "jerome"},    {"jerry", "jeremy"},
    {"jeff", "geoffrey"},   {"sue", "susan"},       {"suzy", "susan"},      {"susie", "susan"},
    {"becky", "rebecca"},   {"patty", "patricia"},  {"trish", "patricia"},  {"polly", "mary"},
    {"molly", "mary"},      {"mike", "michael"},    {"mick", "michael"},    {"mickey", "michael"},
    {"tom", "thomas"},      {"tommy", "thomas"},    {"joe", "joseph"},      {"joey", "joseph"},
    {"gene", "eugene"},     {"drew", "andrew"},     {"nate", "nathan"},     {"jake", "jacob"},
    {"cindy", "cynthia"},
}};

// "Steve" for Stephen, "Christy" for Christi, "Jim" for James. Both lower case.
bool is_short_form_of(std::string_view word, std::string_view name) {
  if (word.size() >= 3 && name.size() >= 3 && word.substr(0, 3) == name.substr(0, 3) &&
      (word.size() < name.size() || word.ends_with("y") || word.ends_with("ie"))) {
    return true;
  }
  return std::any_of(kShortForms.begin(), kShortForms.end(), [&](const ShortForm& form) {
    return form.short_form == word && name.starts_with(form.full);
  });
}

// The person is among the To addressees when every word of the name is contained in one of
// their names (佐藤 in 佐藤 花子; Jane in Jane Doe), or for a Latin name, is the first part of
// the local part (jane.doe@). A mismatch needs every To addressee to have a name in the same
// script: a salutation in kanji says nothing about an addressee known only as "Sato Hanako".
Match match_person(std::string_view person, const BodyCheckContext& context) {
  std::vector<std::string> keys;
  for (std::string_view word : split_spaces(person)) {
    std::string key = name_fold(word);
    if (!key.empty()) keys.push_back(key);
  }
  if (keys.empty()) return Match::kUnknown;
  Script script = script_of(person);
  bool all_comparable = !context.to.empty();
  for (const AddresseeNames& addressee : context.to) {
    bool comparable = false;
    for (const std::string& name : addressee.names) {
      std::string name_key_loose = name_fold(name);
      if (name_key_loose.empty()) continue;
      if (script_of(name) == script) comparable = true;
      std::vector<std::string> name_words;
      if (script == Script::kLatin) {
        for (std::string_view word : split_spaces(name)) name_words.push_back(name_fold(word));
      }
      if (std::all_of(keys.begin(), keys.end(), [&](const std::string& key) {
            return contains(name_key_loose, key) ||
                   std::any_of(name_words.begin(), name_words.end(),
                               [&key](const std::string& w) { return is_short_form_of(key, w); });
          })) {
        return Match::kMatch;
      }
    }
    if (script == Script::kLatin) {
      std::string local = ascii_lower_copy(local_part_of(addressee.address));
      std::vector<std::string_view> pieces;
      size_t begin = 0;
      for (size_t i = 0; i <= local.size(); ++i) {
        if (i == local.size() || local[i] == '.' || local[i] == '_' || local[i] == '-' ||
            local[i] == '+') {
          if (i > begin) pieces.push_back(std::string_view(local).substr(begin, i - begin));
          begin = i + 1;
        }
      }
      for (const std::string& key : keys) {
        if (key.size() < 2) continue;
        if (std::find(pieces.begin(), pieces.end(), key) != pieces.end() ||
            local.starts_with(key)) {
          return Match::kMatch;
        }
      }
    }
    if (!comparable) all_comparable = false;
  }
  return all_comparable ? Match::kMismatch : Match::kUnknown;
}

bool party_covers_to(const Party& party, const BodyCheckContext& context) {
  std::optional<std::string> domain = canonical_domain(party.domain);
  if (!domain) return false;
  for (const AddresseeNames& addressee : context.to) {
    std::string to_domain = ascii_lower_copy(domain_of(addressee.address));
    if (!to_domain.empty() && domain_is_under(to_domain, *domain)) return true;
  }
  return false;
}

// The company is among the To addressees' organisations when one contains the other (after
// legal-entity words are removed), or when it is a known party at a To domain. It is a mismatch
// when it is a known party at no To domain, or when every To addressee has an organisation name
// in the same script and none matches.
Match match_company(std::string_view company, const BodyCheckContext& context) {
  std::string key = company_key(company);
  if (key.empty()) return Match::kUnknown;
  size_t key_length = code_point_count(key);
  Script script = script_of(key);
  bool all_comparable = !context.to.empty();
  for (const AddresseeNames& addressee : context.to) {
    bool comparable = false;
    for (const std::string& organisation : addressee.organisations) {
      std::string org_key = company_key(organisation);
      if (org_key.empty()) continue;
      if ((key_length >= 2 && contains(org_key, key)) ||
          (code_point_count(org_key) >= 2 && contains(key, org_key))) {
        return Match::kMatch;
      }
      if (script_of(org_key) == script) comparable = true;
    }
    if (!comparable) all_comparable = false;
  }
  bool named_party = false;
  for (const Party& party : context.parties) {
    bool named = std::any_of(party.names.begin(), party.names.end(),
                             [&key](const std::string& name) { return company_key(name) == key; });
    if (!named) continue;
    if (party_covers_to(party, context)) return Match::kMatch;
    named_party = true;
  }
  if (named_party) return Match::kMismatch;
  return all_comparable ? Match::kMismatch : Match::kUnknown;
}

bool is_to_address(std::string_view address, const BodyCheckContext& context) {
  std::string lower = ascii_lower_copy(address);
  return std::any_of(context.to.begin(), context.to.end(), [&lower](const AddresseeNames& a) {
    return ascii_lower_copy(a.address) == lower;
  });
}

// ---------------------------------------------------------------------------------------------
// personal-data

// NFKC (full-width digits, ＠, －), and dashes between digits that NFKC keeps (‐ – — − ー) made
// ASCII hyphens: "０９０ー１２３４ー５６７８" is a phone number as much as "090-1234-5678".
std::string text_for_numbers(std::string_view text) {
  std::string normalized = nfkc(text);
  std::string out;
  out.reserve(normalized.size());
  for (size_t i = 0; i < normalized.size();) {
    size_t at = i;
    UChar32 c = next_code_point(normalized, &i);
    bool dash = c == 0x2010 || c == 0x2012 || c == 0x2013 || c == 0x2014 || c == 0x2015 ||
                c == 0x2212 || c == 0x30FC;
    if (dash && !out.empty() && is_ascii_digit(out.back()) && i < normalized.size() &&
        is_ascii_digit(normalized[i])) {
      out += '-';
    } else {
      out.append(normalized, at, i - at);
    }
  }
  return out;
}

// Luhn (ISO/IEC 7812-1 Annex B), over the digits left to right; the last one is the check digit.
bool luhn_valid(std::string_view digits) {
  int sum = 0;
  bool double_it = false;
  for (size_t i = digits.size(); i-- > 0;) {
    int d = digits[i] - '0';
    if (double_it) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double_it = !double_it;
  }
  return sum % 10 == 0;
}

// Payment cards: 13 to 19 digits (ISO/IEC 7812-1), major industry identifier 2 to 6 (2 and 5
// Mastercard, 3 JCB/Amex/Diners, 4 Visa, 6 Discover/UnionPay), Luhn check digit.
bool is_card_number(std::string_view digits) {
  return digits.size() >= 13 && digits.size() <= 19 && digits[0] >= '2' && digits[0] <= '6' &&
         luhn_valid(digits);
}

// Check digit of the 個人番号 (My Number): 行政手続における特定の個人を識別するための番号の利用等
// に関する法律施行令 第八条. Pn is the n-th digit of the first eleven counted from the right,
// Qn = n + 1 for 1 <= n <= 6 and n - 5 for 7 <= n <= 11; the check digit is 11 - (Σ Pn×Qn mod
// 11), or 0 when the remainder is 0 or 1.
bool is_my_number(std::string_view digits) {
  if (digits.size() != 12) return false;
  if (std::all_of(digits.begin(), digits.end(), [&](char c) { return c == digits[0]; })) {
    return false;  // 000000000000 passes the arithmetic but is no number
  }
  int sum = 0;
  for (int n = 1; n <= 11; ++n) {
    int p = digits[static_cast<size_t>(11 - n)] - '0';
    int q = n <= 6 ? n + 1 : n - 5;
    sum += p * q;
  }
  int remainder = sum % 11;
  int check = remainder <= 1 ? 0 : 11 - remainder;
  return digits[11] - '0' == check;
}

// Card groupings: 4-4-4-4 and 4-4-4-4-1..3 (13 to 19 digits in fours), Amex 4-6-5, Diners 4-6-4.
bool is_card_grouping(const std::vector<std::string>& groups, size_t first, size_t last) {
  size_t count = last - first + 1;
  if (count == 1) return true;
  if (count == 3 && groups[first].size() == 4 && groups[first + 1].size() == 6 &&
      (groups[last].size() == 5 || groups[last].size() == 4)) {
    return true;
  }
  for (size_t i = first; i < last; ++i) {
    if (groups[i].size() != 4) return false;
  }
  return groups[last].size() >= 1 && groups[last].size() <= 4;
}

struct PersonalData {
  std::set<std::string> cards;
  std::set<std::string> my_numbers;
  std::set<std::string> emails;
  std::set<std::string> phones;
};

// Digit groups separated by one space or one hyphen (the same one throughout): card numbers and
// My Numbers as people write them.
void scan_numbers(std::string_view text, PersonalData* found) {
  size_t i = 0;
  while (i < text.size()) {
    if (!is_ascii_digit(text[i])) {
      ++i;
      continue;
    }
    bool bounded = true;
    if (i > 0) {
      char before = text[i - 1];
      bounded = !(is_ascii_alnum(before) || before == '.' || before == '+' || before == '-' ||
                  before == '/' || before == '_' || before == '@');
    }
    std::vector<std::string> groups;
    char separator = 0;
    size_t j = i;
    for (;;) {
      size_t start = j;
      while (j < text.size() && is_ascii_digit(text[j])) ++j;
      groups.emplace_back(text.substr(start, j - start));
      if (j + 1 < text.size() && (text[j] == ' ' || text[j] == '-') &&
          (separator == 0 || separator == text[j]) && is_ascii_digit(text[j + 1])) {
        separator = text[j];
        ++j;
        continue;
      }
      break;
    }
    bool closed =
        j == text.size() || !(is_ascii_alnum(text[j]) || text[j] == '_' || text[j] == '@' ||
                              ((text[j] == '.' || text[j] == ',') && j + 1 < text.size() &&
                               is_ascii_digit(text[j + 1])));
    i = j;
    if (!bounded || !closed) continue;
    // My Number: twelve digits, or 4-4-4.
    if ((groups.size() == 1 && groups[0].size() == 12) ||
        (groups.size() == 3 && groups[0].size() == 4 && groups[1].size() == 4 &&
         groups[2].size() == 4)) {
      std::string digits = groups.size() == 1 ? groups[0] : groups[0] + groups[1] + groups[2];
      if (is_my_number(digits)) found->my_numbers.insert(digits);
      continue;
    }
    // Cards: the first window of consecutive groups that is a card, from each group on.
    for (size_t first = 0; first < groups.size();) {
      bool matched = false;
      std::string digits;
      for (size_t last = first; last < groups.size(); ++last) {
        digits += groups[last];
        if (digits.size() > 19) break;
        if (digits.size() >= 13 && is_card_grouping(groups, first, last) &&
            is_card_number(digits)) {
          found->cards.insert(digits);
          first = last + 1;
          matched = true;
          break;
        }
      }
      if (!matched) ++first;
    }
  }
}

bool is_local_char(char c) {
  return is_ascii_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}
bool is_domain_char(char c) { return is_ascii_alnum(c) || c == '.' || c == '-'; }

void scan_emails(std::string_view text, PersonalData* found) {
  for (size_t at = text.find('@'); at != std::string_view::npos; at = text.find('@', at + 1)) {
    size_t begin = at;
    while (begin > 0 && is_local_char(text[begin - 1])) --begin;
    while (begin < at && text[begin] == '.') ++begin;
    size_t end = at + 1;
    while (end < text.size() && is_domain_char(text[end])) ++end;
    while (end > at + 1 && (text[end - 1] == '.' || text[end - 1] == '-')) --end;
    if (begin == at || end == at + 1) continue;
    std::string_view domain = text.substr(at + 1, end - at - 1);
    size_t dot = domain.rfind('.');
    if (dot == std::string_view::npos || dot == 0 || contains(domain, "..")) continue;
    std::string_view tld = domain.substr(dot + 1);
    if (tld.size() < 2 || !std::all_of(tld.begin(), tld.end(), is_ascii_alpha)) continue;
    found->emails.insert(ascii_lower_copy(text.substr(begin, end - begin)));
  }
}

// A phone number in one canonical form ("0312345678", "+12125551234"), or "" when `digits` is
// none. Japanese numbers follow the 電気通信番号計画 (総務省): ten digits from 0 (fixed lines,
// 0120), eleven for 050/060/070/080/090 and 0800; +81 drops the leading 0. Other countries: "+"
// and 8 to 15 digits (ITU-T E.164).
std::string phone_number(const std::string& digits, bool plus) {
  if (plus) {
    if (digits.starts_with("81")) {
      std::string national = digits.substr(2);
      if (national.starts_with("0")) national.erase(0, 1);  // +81 (0)3 ...
      if ((national.size() == 9 || national.size() == 10) && national[0] != '0') {
        return "0" + national;
      }
      return {};
    }
    if (digits.size() >= 8 && digits.size() <= 15 && digits[0] != '0') return "+" + digits;
    return {};
  }
  if (digits.size() < 10 || digits[0] != '0' || digits[1] == '0') return {};
  if (digits.size() == 10) return digits;
  if (digits.size() == 11 &&
      ((digits[2] == '0' && digits[1] >= '5' && digits[1] <= '9') || digits.starts_with("0800"))) {
    return digits;
  }
  return {};
}

bool is_phone_separator(char c) { return c == '-' || c == ' ' || c == '.' || c == '(' || c == ')'; }

void scan_phones(std::string_view text, PersonalData* found) {
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    bool plus = c == '+' && i + 1 < text.size() && is_ascii_digit(text[i + 1]);
    bool paren = c == '(' && i + 1 < text.size() && text[i + 1] == '0';
    if (!plus && !paren && c != '0') {
      ++i;
      continue;
    }
    if (i > 0) {
      char before = text[i - 1];
      bool after_number = i >= 2 && is_ascii_digit(text[i - 2]) && (before == '-' || before == '.');
      if (is_ascii_digit(before) || before == '+' || after_number) {
        ++i;
        while (i < text.size() && is_ascii_digit(text[i])) ++i;
        continue;
      }
    }
    size_t j = i + ((plus || paren) ? 1 : 0);
    struct Group {
      std::string digits;
      size_t end;
      bool spaced_after;  // the separator after it holds a space (a new number may follow)
      bool joined_after;  // another group follows
    };
    std::vector<Group> groups;
    while (j < text.size() && is_ascii_digit(text[j])) {
      size_t start = j;
      while (j < text.size() && is_ascii_digit(text[j])) ++j;
      groups.push_back({std::string(text.substr(start, j - start)), j, false, false});
      size_t k = j;
      size_t separators = 0;
      bool space = false;
      while (k < text.size() && is_phone_separator(text[k]) && separators < 3) {
        space = space || text[k] == ' ';
        ++k;
        ++separators;
      }
      if (separators == 0 || k >= text.size() || !is_ascii_digit(text[k])) break;
      groups.back().spaced_after = space;
      groups.back().joined_after = true;
      j = k;
    }
    size_t next = groups.empty() ? i + 1 : groups.back().end;
    // The longest run of leading groups that is a phone number and ends on a boundary.
    for (size_t count = groups.size(); count > 0; --count) {
      const Group& last = groups[count - 1];
      if (last.joined_after && !last.spaced_after) continue;
      size_t end = last.end;
      if (end < text.size() && (is_ascii_alpha(text[end]) || text[end] == '_' || text[end] == '@' ||
                                ((text[end] == '.' || text[end] == ',') && end + 1 < text.size() &&
                                 is_ascii_digit(text[end + 1])))) {
        continue;
      }
      std::string digits;
      for (size_t g = 0; g < count; ++g) digits += groups[g].digits;
      std::string phone = phone_number(digits, plus);
      if (!phone.empty()) {
        found->phones.insert(phone);
        next = end;
        break;
      }
    }
    i = std::max(next, i + 1);
  }
}

void scan_personal_data(std::string_view text, PersonalData* found) {
  std::string prepared = text_for_numbers(text);
  scan_numbers(prepared, found);
  scan_emails(prepared, found);
  scan_phones(prepared, found);
}

// Lotus Notes writes the sender and the date, without keys, above "To:"/"宛先:":
//   Jane Doe <jane@x.example>
//   2001/01/16 02:01
//   To: ...
void drop_notes_sender_lines(std::vector<std::string_view>* kept) {
  for (int dropped = 0; dropped < 2;) {
    while (!kept->empty() && is_blank(kept->back())) kept->pop_back();
    if (kept->empty()) return;
    std::string_view line = strip(kept->back());
    bool address = contains(line, "@") && line.size() < 120;
    bool date = code_point_count(line) < 40 &&
                std::any_of(line.begin(), line.end(), [](char c) { return is_ascii_digit(c); }) &&
                (contains(line, "/") || contains(line, "年") || contains(line, ":"));
    if (!address && !date) return;
    kept->pop_back();
    ++dropped;
  }
}

// A salutation is a line or two: what a warning repeats of it is at most this many code points.
constexpr size_t kMaxWrittenName = 80;

// `s` cut to at most `max` code points, with "…" when it was cut.
std::string cut_text(std::string_view s, size_t max) {
  size_t i = 0;
  for (size_t n = 0; n < max && i < s.size(); ++n) next_code_point(s, &i);
  if (i >= s.size()) return std::string(s);
  return std::string(s.substr(0, i)) + "\u2026";
}

Warning make_warning(std::string code, std::string severity, json params, Locale locale) {
  Warning warning;
  warning.code = std::move(code);
  warning.severity = std::move(severity);
  warning.params = std::move(params);
  warning.message = format_message(warning.code, warning.params, locale);
  return warning;
}

}  // namespace

std::string own_text(std::string_view body) {
  std::vector<std::string_view> lines = split_lines(body);
  std::vector<std::string_view> kept;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (starts_cut(lines, i)) {
      std::string key = block_start_key(strip(lines[i]));
      if (key == "to" || key == "宛先") drop_notes_sender_lines(&kept);
      break;
    }
    if (is_quote_line(lines[i])) {
      // A quoted block (more quoted lines, or nothing of the user's after it) ends the text; a
      // single quoted line answered inline is left out and the text goes on.
      size_t j = i + 1;
      while (j < lines.size() && is_blank(lines[j])) ++j;
      if (j == lines.size() || is_quote_line(lines[j]) || starts_cut(lines, j)) break;
      continue;
    }
    kept.push_back(lines[i]);
  }
  // Blank lines and rules left above the cut (Outlook's "_____" line before "From:").
  while (!kept.empty() && (is_blank(kept.back()) || is_rule_line(strip(kept.back())))) {
    kept.pop_back();
  }
  size_t first = 0;
  while (first < kept.size() && is_blank(kept[first])) ++first;
  std::string out;
  for (size_t i = first; i < kept.size(); ++i) {
    if (i > first) out += '\n';
    out += kept[i];
  }
  return out;
}

std::vector<Warning> check_body(const Draft& draft, const BodyCheckContext& context) {
  std::vector<Warning> warnings;
  std::string own = own_text(draft.body);

  if (!context.has_attachments) {
    bool mentioned = mentions_attachment(nfkc_casefold(own), context.attachment_words);
    if (!mentioned) {
      // A reply's subject repeats the other side's ("Re: 資料を添付します"): not the user's words.
      std::string subject = nfkc_casefold(draft.subject);
      mentioned =
          !is_reply_subject(subject) && mentions_attachment(subject, context.attachment_words);
    }
    if (mentioned) {
      warnings.push_back(
          make_warning("forgotten-attachment", "warning", json::object(), context.locale));
    }
  }

  if (!context.to.empty()) {
    Salutation salutation = find_salutation(own, context.parties);
    for (const SalutationEntry& entry : salutation.entries) {
      Match person = entry.person.empty() ? Match::kUnknown : match_person(entry.person, context);
      Match company =
          entry.company.empty() ? Match::kUnknown : match_company(entry.company, context);
      if (person != Match::kMismatch && company != Match::kMismatch) continue;
      // The name as written, cut: a greeting line of 600 KB once made the payload drop its only
      // recipient to stay under the reply limit.
      json params{{"name", cut_text(entry.written, kMaxWrittenName)}};
      std::string severity = "warning";
      if (!entry.person.empty() && context.known_contact_by_name) {
        std::string key = name_key(entry.person);
        std::optional<std::string> known =
            key.empty() ? std::nullopt : context.known_contact_by_name(key);
        if (known && !known->empty() && !is_to_address(*known, context)) {
          params["knownAs"] = *known;
          severity = "danger";
        }
      }
      warnings.push_back(make_warning("salutation-mismatch", severity, params, context.locale));
      break;  // one warning for the salutation
    }
  }

  PersonalData found;
  scan_personal_data(own, &found);
  scan_personal_data(draft.subject, &found);
  auto add = [&](std::string_view kind, size_t count) {
    warnings.push_back(
        make_warning("personal-data", "danger",
                     json{{"kind", std::string(kind)}, {"count", static_cast<std::int64_t>(count)}},
                     context.locale));
  };
  if (!found.cards.empty()) add("card-number", found.cards.size());
  if (!found.my_numbers.empty()) add("my-number", found.my_numbers.size());
  if (context.many_emails_threshold > 0 &&
      static_cast<std::int64_t>(found.emails.size()) >= context.many_emails_threshold) {
    add("email-addresses", found.emails.size());
  }
  if (context.many_phones_threshold > 0 &&
      static_cast<std::int64_t>(found.phones.size()) >= context.many_phones_threshold) {
    add("phone-numbers", found.phones.size());
  }
  return warnings;
}

namespace {

// Leading "> " quote marks of a quoted header line.
std::string_view unquote(std::string_view line) {
  line = strip(line);
  while (!line.empty() && (line.front() == '>' || line.front() == ' ')) line.remove_prefix(1);
  return strip(line);
}

// "Name <a@x>", "Name [mailto:a@x]", "a@x", "Name/HOU/ECT@ECT" (Lotus Notes) -> name, address.
QuotedSender parse_sender(std::string_view value) {
  QuotedSender sender;
  std::string text(strip(value));
  // Cuts text[open, close] out and returns what is inside, after `skip` bytes.
  auto take = [&text](size_t open, size_t close, size_t skip) {
    std::string inside = text.substr(open + skip, close - open - skip);
    text.erase(open, close - open + 1);
    return std::string(strip(inside));
  };
  // Exchange writes both: "Jane" <jane@x>@ENRON [mailto:IMCEANOTES-...@ENRON.com]; the address in
  // angle brackets is the real one.
  std::string mailto;
  size_t open = text.find("[mailto:");
  if (open != std::string::npos) {
    size_t close = text.find(']', open);
    if (close != std::string::npos) mailto = take(open, close, 8);
  }
  open = text.find('<');
  if (open != std::string::npos) {
    size_t close = text.find('>', open);
    if (close != std::string::npos) {
      std::string inside = take(open, close, 1);
      if (inside.starts_with("mailto:")) inside.erase(0, 7);
      if (contains(inside, "@")) sender.address = inside;
    }
  }
  if (sender.address.empty() && !mailto.starts_with("IMCEA")) sender.address = mailto;
  std::string_view rest = strip(text);
  size_t slash = rest.find('/');
  if (slash != std::string_view::npos && contains(rest, "@")) {
    rest = strip(rest.substr(0, slash));  // Notes: "Jane Doe/HOU/ECT@ECT"
  } else if (sender.address.empty() && contains(rest, "@") && !contains(rest, " ")) {
    sender.address = std::string(rest);
    rest = {};
  }
  for (std::string_view on : {" on ", " On "}) {
    size_t at = rest.find(on);
    if (at != std::string_view::npos) rest = strip(rest.substr(0, at));
  }
  // The name: words without quotes, without "@ENRON"-like routing left over.
  std::vector<std::string_view> words;
  for (std::string_view word : split_spaces(rest)) {
    if (!contains(word, "@")) words.push_back(word);
  }
  std::string name = join(words, " ");
  std::erase_if(name, [](char c) { return c == '"' || c == '\''; });
  sender.name = std::string(strip(name));
  return sender;
}

bool looks_like_date(std::string_view line) {
  return code_point_count(line) < 40 &&
         std::any_of(line.begin(), line.end(), [](char c) { return is_ascii_digit(c); }) &&
         (contains(line, "/") || contains(line, "年") || contains(line, ":"));
}

}  // namespace

std::optional<QuotedSender> quoted_sender(std::string_view body) {
  std::vector<std::string_view> lines = split_lines(body);
  size_t first = lines.size();
  for (size_t i = 0; i < lines.size(); ++i) {
    if (starts_cut(lines, i) || is_quote_line(lines[i])) {
      first = i;
      break;
    }
  }
  if (first == lines.size()) return std::nullopt;
  for (size_t i = first; i < lines.size() && i < first + 12; ++i) {
    std::string_view line = unquote(lines[i]);
    if (line.empty()) continue;
    std::string key = header_key(line);
    if (key == "from" || key == "差出人" || key == "送信者") {
      size_t colon = line.find(':');
      size_t wide = line.find("：");
      size_t cut =
          (wide != std::string_view::npos && (colon == std::string_view::npos || wide < colon))
              ? wide + std::string_view("：").size()
              : colon + 1;
      QuotedSender sender = parse_sender(line.substr(cut));
      if (!sender.name.empty() || !sender.address.empty()) return sender;
      return std::nullopt;
    }
    if (key == "to" || key == "宛先") {
      // Lotus Notes: the sender and the date stand above "To:" without a key.
      for (size_t k = i; k > 0 && k + 4 > i;) {
        --k;
        std::string_view above = unquote(lines[k]);
        if (above.empty() || looks_like_date(above)) continue;
        QuotedSender sender = parse_sender(above);
        if (!sender.name.empty() || !sender.address.empty()) return sender;
        break;
      }
      return std::nullopt;
    }
    if (is_attribution_line(line)) {
      QuotedSender sender;
      size_t lt = line.rfind('<');
      size_t gt = line.rfind('>');
      if (lt != std::string_view::npos && gt != std::string_view::npos && gt > lt) {
        sender.address = std::string(strip(line.substr(lt + 1, gt - lt - 1)));
      }
      if (!sender.address.empty()) return sender;
      // A name only: "On 9/25/26 10:00 AM, Jim Brown wrote:", "2026/09/25 10:00, 田中 誠
      // さんは書きました:" (Thunderbird): after the last comma, without the date and the verb.
      std::string_view text = line;
      for (std::string_view verb :
           {" wrote:", " wrote :", " さんは書きました:", " さんは書きました：",
            "さんは書きました:", "は書きました:", " wrote"}) {
        if (text.ends_with(verb)) {
          text.remove_suffix(verb.size());
          break;
        }
      }
      size_t cut = std::string_view::npos;
      size_t skip = 0;
      if (size_t comma = text.rfind(','); comma != std::string_view::npos) {
        cut = comma;
        skip = 1;
      }
      if (size_t wide = text.rfind("、");
          wide != std::string_view::npos && (cut == std::string_view::npos || wide > cut)) {
        cut = wide;
        skip = std::string_view("、").size();
      }
      if (cut != std::string_view::npos) text = text.substr(cut + skip);
      std::vector<std::string_view> words = split_spaces(strip(text));
      // The name follows the last word of the date ("2024 at 10:00 AM Jane Doe").
      size_t first = 0;
      for (size_t w = 0; w < words.size(); ++w) {
        std::string lower = ascii_lower_copy(words[w]);
        if (std::any_of(words[w].begin(), words[w].end(), is_ascii_digit) || lower == "am" ||
            lower == "pm") {
          first = w + 1;
        }
      }
      std::vector<std::string_view> name(words.begin() + static_cast<std::ptrdiff_t>(first),
                                         words.end());
      sender.name = join(name, " ");
      if (!sender.name.empty() && code_point_count(sender.name) <= 40) return sender;
      return std::nullopt;
    }
    // Notes: "Jane Doe <j@x> on 07/02/2001 06:51:19 PM" / "Jane Doe on 07/02/2001 ..."
    size_t on = line.find(" on ");
    if (on != std::string_view::npos && on > 0 && looks_like_date(strip(line.substr(on + 4)))) {
      QuotedSender sender = parse_sender(line.substr(0, on));
      if (!sender.name.empty() || !sender.address.empty()) return sender;
    }
  }
  return std::nullopt;
}

std::vector<GreetedName> greeted_names(std::string_view own) {
  std::vector<GreetedName> out;
  for (const SalutationEntry& entry : find_salutation(own, {}).entries) {
    out.push_back({entry.person, entry.company});
  }
  return out;
}

std::string organisation_key(std::string_view name) { return company_key(name); }

bool is_name_short_form(std::string_view word, std::string_view name) {
  return is_short_form_of(word, name);
}

}  // namespace sendcheck
