#include "mail/gmime_support.h"

#include <mutex>

namespace sendcheck::mail {

GMimeParserOptions* parser_options() {
  static std::once_flag once;
  static GMimeParserOptions* options = nullptr;
  std::call_once(once, [] {
    g_mime_init();
    options = g_mime_parser_options_new();
    g_mime_parser_options_set_address_compliance_mode(options, GMIME_RFC_COMPLIANCE_LOOSE);
    g_mime_parser_options_set_rfc2047_compliance_mode(options, GMIME_RFC_COMPLIANCE_LOOSE);
    g_mime_parser_options_set_parameter_compliance_mode(options, GMIME_RFC_COMPLIANCE_LOOSE);
    // Japanese senders still emit raw Shift_JIS in headers; CP932 rarely validates Latin-1 text
    // by accident, so it goes before the ISO-8859-1 catch-all.
    const char* charsets[] = {"UTF-8", "CP932", "ISO-8859-1", nullptr};
    g_mime_parser_options_set_fallback_charsets(options, charsets);
  });
  return options;
}

std::string take_string(char* value) {
  GCharPtr owned(value);
  return value == nullptr ? std::string() : std::string(value);
}

bool equals_ignore_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

}  // namespace sendcheck::mail
