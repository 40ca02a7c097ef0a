// Private to host/src/mail: one-time GMime initialisation and the parser options every reader
// shares, plus small RAII helpers for GObject and g_malloc'ed values.
#ifndef SENDCHECK_MAIL_GMIME_SUPPORT_H_
#define SENDCHECK_MAIL_GMIME_SUPPORT_H_

#include <gmime/gmime.h>

#include <memory>
#include <string>
#include <string_view>

namespace sendcheck::mail {

// Initialises GMime once (thread-safe) and returns the shared parser options: loose RFC
// compliance for addresses, RFC 2047 and parameters (real mail is sloppy: encoded words inside
// quotes, unquoted commas), and UTF-8 then CP932 then ISO-8859-1 for raw 8-bit header text.
// The options are never modified after creation, so concurrent readers may share them.
GMimeParserOptions* parser_options();

struct GObjectUnref {
  void operator()(gpointer object) const {
    if (object != nullptr) g_object_unref(object);
  }
};
template <typename T>
using GObjectPtr = std::unique_ptr<T, GObjectUnref>;

struct GFree {
  void operator()(gpointer memory) const { g_free(memory); }
};
using GCharPtr = std::unique_ptr<char, GFree>;

// Takes ownership of a g_malloc'ed string and returns it as std::string ("" for null).
std::string take_string(char* value);

// Case-insensitive ASCII comparison, independent of the locale.
bool equals_ignore_case(std::string_view a, std::string_view b);

}  // namespace sendcheck::mail

#endif  // SENDCHECK_MAIL_GMIME_SUPPORT_H_
