// sendcheck/json_input.h — reading JSON text that comes from outside (drafts, settings and
// policy files, protocol frames).
//
// nlohmann_json parses iteratively but copies and serialises recursively, so a document nested
// 100 000 levels deep parses fine and then overflows the stack wherever it is copied. Every
// outside JSON therefore goes through parse_json_text, which refuses documents nested deeper
// than kMaxJsonDepth (no real draft, setting or request comes near it).
// Thread-safe (no shared state).
#ifndef SENDCHECK_JSON_INPUT_H_
#define SENDCHECK_JSON_INPUT_H_

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace sendcheck {

inline constexpr int kMaxJsonDepth = 64;

// Parses `text`. Throws Error(`code`, "<what>: not valid JSON (byte N)") or
// Error(`code`, "<what>: nested deeper than 64 levels"). Invalid UTF-8 inside strings is an
// error too (nlohmann rejects it): "<what>: not valid UTF-8 (byte N)".
nlohmann::json parse_json_text(std::string_view text, const std::string& what, const char* code);

}  // namespace sendcheck

#endif  // SENDCHECK_JSON_INPUT_H_
