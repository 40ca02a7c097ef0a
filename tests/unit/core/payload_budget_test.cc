// payload_to_json's byte budget: a reply is summarised exactly when its serialised form would be
// over the budget, also now that a reply well under it is no longer serialised to be measured
// (docs/performance.md: serialising the reply more than once was 13 % of a check).
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "fake_history.h"
#include "mail/draft_reader.h"
#include "sendcheck/assessment.h"
#include "sendcheck/draft.h"

namespace sendcheck {
namespace {

using nlohmann::json;

std::string dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

Payload payload_of(const std::vector<std::string>& to) {
  testing::FakeHistory history;
  history.add("known@partner.example", "Known");
  return assess(draft_from_json(json{{"from", "me@mycompany.example"}, {"to", to}}), Settings{},
                history, AssessOptions{});
}

// Whatever the text, the budget is a sharp edge: the full listing at exactly its own size (even
// where the estimate that spares serialising is over it), a summary one byte below it.
void expect_sharp_edge(const Payload& payload) {
  json full = payload_to_json(payload, SIZE_MAX);
  const std::size_t size = dump(full).size();
  json at_size = payload_to_json(payload, size);
  BOOST_TEST(at_size == full);
  BOOST_TEST(at_size["truncated"] == false);
  json below = payload_to_json(payload, size - 1);
  // Summarised (names cut, or recipients left out) to fit.
  BOOST_TEST(dump(below).size() <= size - 1);
  BOOST_TEST(below != full);
  BOOST_TEST(below["recipientCount"] == full["recipientCount"]);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(payload_budget_test)

BOOST_AUTO_TEST_CASE(names_that_escape_to_six_bytes_are_measured_exactly) {
  // Control characters are written \u00XX: six bytes each, the worst case of the estimate.
  std::vector<std::string> to;
  for (int i = 0; i < 40; ++i) {
    to.push_back("\"\\\"q\\\\ \x01\x02\x1f name " + std::to_string(i) + "\" <u" +
                 std::to_string(i) + "@a.example>");
  }
  expect_sharp_edge(payload_of(to));
}

BOOST_AUTO_TEST_CASE(japanese_names_are_measured_exactly) {
  std::vector<std::string> to = {"known@partner.example"};
  for (int i = 0; i < 60; ++i) {
    to.push_back("株式会社パートナー 鈴木 一郎" + std::to_string(i) + " <suzuki" +
                 std::to_string(i) + "@partner" + std::to_string(i % 5) + ".example.jp>");
  }
  expect_sharp_edge(payload_of(to));
}

BOOST_AUTO_TEST_CASE(a_reply_well_under_the_budget_is_listed_whole) {
  Payload payload = payload_of({"known@partner.example", "Someone <someone@other.example>"});
  json out = payload_to_json(payload);
  BOOST_TEST(out["truncated"] == false);
  BOOST_TEST(out == payload_to_json(payload, SIZE_MAX));
  BOOST_TEST(out["groups"].size() == 2U);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace sendcheck
