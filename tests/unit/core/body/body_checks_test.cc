// Body checks (DESIGN.md §4 "Body"): the warnings of every part, in order.
#include "core/body/body_checks.h"

#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "unit/core/body/body_test_support.h"

namespace sendcheck {
namespace {

using nlohmann::json;
using namespace body_test;

}  // namespace

BOOST_AUTO_TEST_SUITE(body_checks_test)

BOOST_AUTO_TEST_CASE(warnings_in_order) {
  BodyCheckContext context = partner_b_context();
  context.many_phones_threshold = 2;
  std::vector<Warning> warnings = check_body(
      draft_with("佐藤様\n\n資料を添付します。カード 4111 1111 1111 1111、個人番号 123456789018\n"
                 "TEL 03-1234-5678 / 090-1234-5678"),
      context);
  BOOST_TEST(codes(warnings) ==
                 (std::vector<std::string>{"forgotten-attachment", "salutation-mismatch",
                                           "personal-data", "personal-data", "personal-data"}),
             boost::test_tools::per_element());
  BOOST_TEST_REQUIRE(warnings.size() == 5u);
  BOOST_TEST(warnings[2].params["kind"] == "card-number");
  BOOST_TEST(warnings[3].params["kind"] == "my-number");
  BOOST_TEST(warnings[4].params == (json{{"kind", "phone-numbers"}, {"count", 2}}));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace sendcheck
