// Reading the salutation at the top of the user's text (see core/body/salutation.h).
#include "core/body/salutation.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <array>

#include "core/text.h"

namespace sendcheck {
namespace {

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

}  // namespace

std::string organisation_key(std::string_view name) {
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

namespace {

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

bool names_party(std::string_view token, const std::vector<Party>& parties) {
  std::string key = organisation_key(token);
  if (key.empty()) return false;
  for (const Party& party : parties) {
    for (const std::string& name : party.names) {
      if (organisation_key(name) == key) return true;
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
    if (!organisation_key(tokens[i]).empty()) return std::string(tokens[i]);
    size_t last = i + 1;  // the legal form may take several tokens: "Co., Ltd."
    while (last < end && has_entity_word(tokens[last]) && organisation_key(tokens[last]).empty()) {
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

}  // namespace

std::vector<SalutationEntry> find_salutation(std::string_view own,
                                             const std::vector<Party>& parties) {
  std::vector<SalutationEntry> entries;
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
      LineResult english = parse_english(nfkc_line, seen == 1, &entries);
      if (english == LineResult::kGeneric) return entries;
      if (english == LineResult::kFound) return entries;
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
      entries.insert(entries.end(), line_entries.begin(), line_entries.end());
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
        entries.push_back(std::move(entry));
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
  return entries;
}

std::vector<GreetedName> greeted_names(std::string_view own) {
  std::vector<GreetedName> out;
  for (const SalutationEntry& entry : find_salutation(own, {})) {
    out.push_back({entry.person, entry.company});
  }
  return out;
}

}  // namespace sendcheck
