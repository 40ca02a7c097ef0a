// Where the user's text ends (quote markers, signature, disclaimer) and whom the quote is from
// (see core/body/own_text.h).
#include "core/body/own_text.h"

#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.h"

namespace sendcheck {
namespace {

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

}  // namespace sendcheck
