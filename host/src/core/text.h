// Small text helpers private to the core layer. ASCII-only case operations are deliberate:
// they are locale-independent (a Turkish locale must not turn "I" into "ı").
#ifndef SENDCHECK_CORE_TEXT_H_
#define SENDCHECK_CORE_TEXT_H_

#include <string>
#include <string_view>

namespace sendcheck {

inline char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

inline void ascii_lower_in_place(std::string* s) {
  for (char& c : *s) c = ascii_lower(c);
}

inline std::string ascii_lower_copy(std::string_view s) {
  std::string out(s);
  ascii_lower_in_place(&out);
  return out;
}

inline std::string_view trim_view(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  size_t begin = s.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) return {};
  size_t end = s.find_last_not_of(kSpace);
  return s.substr(begin, end - begin + 1);
}

}  // namespace sendcheck

#endif  // SENDCHECK_CORE_TEXT_H_
