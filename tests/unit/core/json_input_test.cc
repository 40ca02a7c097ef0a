// Outside JSON is parsed with a depth limit.
#include "sendcheck/json_input.h"

#include <boost/test/unit_test.hpp>

#include "sendcheck/error.h"
#include "test_support.h"

namespace sendcheck {
namespace {

std::string nested(int depth) {
  return "{\"x\":" + std::string(depth, '[') + std::string(depth, ']') + "}";
}

std::string error_of(const std::string& text) {
  try {
    parse_json_text(text, "input", "test.invalid-json");
  } catch (const Error& e) {
    return e.code() + ": " + e.what();
  }
  return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(json_input_test)

// Bug: a settings file nested 100 000 levels deep crashed `sendcheck check` (stack overflow in
// nlohmann's recursive copy).
BOOST_AUTO_TEST_CASE(deeply_nested_json_is_refused_before_it_is_built) {
  BOOST_TEST(error_of(nested(100000)) == "test.invalid-json: input: nested deeper than 64 levels");
  BOOST_TEST(error_of(nested(62)).empty());
  nlohmann::json three = parse_json_text(nested(3), "input", "x");
  BOOST_TEST(three["x"][0][0].is_array());
  BOOST_TEST(three["x"][0][0].empty());
}

BOOST_AUTO_TEST_CASE(invalid_json_and_invalid_utf8_are_refused_with_the_code) {
  BOOST_TEST(error_of("{\"to\": ").starts_with("test.invalid-json: input: not valid JSON"));
  BOOST_TEST(error_of("").starts_with("test.invalid-json: input: not valid JSON"));
  BOOST_TEST(error_of("{\"to\": \"\xFF\"}").starts_with("test.invalid-json"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace sendcheck
