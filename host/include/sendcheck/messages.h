// sendcheck/messages.h — the user-facing texts of the payload, in Japanese and English.
//
// Every flag and warning carries a `message` built here with ICU MessageFormat (plural and
// select rules per locale), so the add-ons never build sentences themselves. Keys are the
// stable codes of docs/protocol.md ("first-time", "many-recipients", ...).
// Thread-safe: patterns are compiled per call; nothing is cached across threads.
#ifndef SENDCHECK_MESSAGES_H_
#define SENDCHECK_MESSAGES_H_

#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace sendcheck {

enum class Locale { kEn, kJa };

// "ja", "ja-JP", "ja_JP.UTF-8" -> kJa; anything else -> kEn.
Locale parse_locale(std::string_view tag);
std::string_view locale_tag(Locale locale);  // "ja" / "en"

// Formats the message for `code` with named arguments from `params` (an object whose values are
// strings or numbers). Unknown codes give the code itself, so a newer code never crashes an older
// catalogue. Throws nothing.
std::string format_message(std::string_view code, const nlohmann::json& params, Locale locale);

// True when `code` has a text in both locales (used by the tests of the catalogue).
bool has_message(std::string_view code, Locale locale);

}  // namespace sendcheck

#endif  // SENDCHECK_MESSAGES_H_
