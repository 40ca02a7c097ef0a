// Finding personal data in a text (see core/body/personal_data.h).
#include "core/body/personal_data.h"

#include <algorithm>
#include <vector>

#include "core/text.h"

namespace sendcheck {
namespace {

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

}  // namespace

void scan_personal_data(std::string_view text, PersonalData* found) {
  std::string prepared = text_for_numbers(text);
  scan_numbers(prepared, found);
  scan_emails(prepared, found);
  scan_phones(prepared, found);
}

}  // namespace sendcheck
