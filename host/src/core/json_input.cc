// Parsing outside JSON with a depth limit (see sendcheck/json_input.h).
#include "sendcheck/json_input.h"

#include <string_view>

#include "sendcheck/error.h"

namespace sendcheck {
namespace {

struct TooDeep {};

}  // namespace

nlohmann::json parse_json_text(std::string_view text, const std::string& what, const char* code) {
  using nlohmann::json;
  // The callback sees the depth of every value as the parser enters it; throwing stops the parse
  // before anything deep is built.
  json::parser_callback_t limit = [](int depth, json::parse_event_t event, json&) {
    if ((event == json::parse_event_t::object_start || event == json::parse_event_t::array_start) &&
        depth >= kMaxJsonDepth) {
      throw TooDeep{};
    }
    return true;
  };
  try {
    return json::parse(text.begin(), text.end(), limit);
  } catch (const TooDeep&) {
    throw Error(code, what + ": nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
  } catch (const json::parse_error& e) {
    // JSON is UTF-8 (RFC 8259 §8.1): say which of the two rules the text breaks.
    bool utf8 = std::string_view(e.what()).find("ill-formed UTF-8") != std::string_view::npos;
    throw Error(code, what + (utf8 ? ": not valid UTF-8 (byte " : ": not valid JSON (byte ") +
                          std::to_string(e.byte) + ")");
  }
}

}  // namespace sendcheck
