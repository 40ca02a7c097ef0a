// personal-data: card numbers, My Numbers, many e-mail addresses or phone numbers.
#include "core/body/personal_data.h"

#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "unit/core/body/body_test_support.h"

namespace sendcheck {
namespace {

using nlohmann::json;
using namespace body_test;

// The check digit of a My Number, written here from the text of 施行令 第八条 (independently of
// the implementation): Pn counted from the right of the first eleven digits, Qn = n + 1 (n <= 6)
// or n - 5 (n >= 7), 11 - (sum mod 11), 0 when the remainder is 0 or 1.
char my_number_check_digit(const std::string& first_eleven) {
  int sum = 0;
  for (int n = 1; n <= 11; ++n) {
    int p = first_eleven[first_eleven.size() - static_cast<size_t>(n)] - '0';
    sum += p * (n <= 6 ? n + 1 : n - 5);
  }
  int remainder = sum % 11;
  return static_cast<char>('0' + (remainder <= 1 ? 0 : 11 - remainder));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(personal_data_test)

// --- personal-data ---

BOOST_AUTO_TEST_CASE(card_number_with_valid_luhn) {
  std::vector<Warning> warnings =
      check_body(draft_with("カード番号は 4111 1111 1111 1111 です。"), base_context());
  BOOST_TEST_REQUIRE(warnings.size() == 1u);
  BOOST_TEST(warnings[0].code == "personal-data");
  BOOST_TEST(warnings[0].severity == "danger");
  BOOST_TEST(warnings[0].params == (json{{"kind", "card-number"}, {"count", 1}}));
  BOOST_TEST(warnings[0].message == "Contains what looks like personal data: card numbers (1).");
}

BOOST_AUTO_TEST_CASE(card_number_with_invalid_luhn_is_ignored) {
  BOOST_TEST(check_body(draft_with("番号 4111 1111 1111 1112"), base_context()).empty());
  // Not a card grouping, or part of a longer number.
  BOOST_TEST(check_body(draft_with("ID 41 1111 1111 1111 11"), base_context()).empty());
  BOOST_TEST(check_body(draft_with("x4111111111111111"), base_context()).empty());
}

BOOST_AUTO_TEST_CASE(card_number_forms) {
  for (const char* body :
       {"4111111111111111", "4111-1111-1111-1111", "４１１１－１１１１－１１１１－１１１１",
        "４１１１　１１１１　１１１１　１１１１", "Amex 3782 822463 10005",
        "card: 5555555555554444."}) {
    BOOST_TEST_CONTEXT(body) {
      std::vector<Warning> warnings = check_body(draft_with(body), base_context());
      BOOST_TEST_REQUIRE(warnings.size() == 1u);
      BOOST_TEST(warnings[0].params == (json{{"kind", "card-number"}, {"count", 1}}));
    }
  }
}

BOOST_AUTO_TEST_CASE(card_numbers_are_counted_once_each_in_body_and_subject) {
  std::vector<Warning> warnings =
      check_body(draft_with("4111 1111 1111 1111\n5555 5555 5555 4444\n4111 1111 1111 1111",
                            "4012888888881881"),
                 base_context());
  BOOST_TEST_REQUIRE(warnings.size() == 1u);
  BOOST_TEST(warnings[0].params == (json{{"kind", "card-number"}, {"count", 3}}));
}

BOOST_AUTO_TEST_CASE(my_number_with_valid_check_digit) {
  BOOST_TEST(my_number_check_digit("12345678901") == '8');
  std::string valid = std::string("12345678901") + my_number_check_digit("12345678901");
  for (const std::string& body :
       std::vector<std::string>{"個人番号: " + valid, "マイナンバー 1234 5678 9018",
                                std::string("１２３４５６７８９０１８")}) {
    BOOST_TEST_CONTEXT(body) {
      std::vector<Warning> warnings = check_body(draft_with(body), base_context());
      BOOST_TEST_REQUIRE(warnings.size() == 1u);
      BOOST_TEST(warnings[0].code == "personal-data");
      BOOST_TEST(warnings[0].severity == "danger");
      BOOST_TEST(warnings[0].params == (json{{"kind", "my-number"}, {"count", 1}}));
    }
  }
}

BOOST_AUTO_TEST_CASE(my_number_with_invalid_check_digit_is_ignored) {
  BOOST_TEST(check_body(draft_with("個人番号: 123456789017"), base_context()).empty());
  BOOST_TEST(check_body(draft_with("000000000000"), base_context()).empty());
}

BOOST_AUTO_TEST_CASE(my_number_check_digit_edge_cases) {
  // P11 = 1, Q11 = 6: remainder 6, check digit 5.
  BOOST_TEST(my_number_check_digit("10000000000") == '5');
  // P2 = 1 (Q2 = 3), P3 = 2 (Q3 = 4): sum 11, remainder 0, check digit 0.
  BOOST_TEST(my_number_check_digit("00000000210") == '0');
  // P1 = 6 (Q1 = 2): sum 12, remainder 1, check digit 0.
  BOOST_TEST(my_number_check_digit("00000000006") == '0');
  for (const char* body : {"0000 0000 2100", "100000000005", "000000000060"}) {
    BOOST_TEST_CONTEXT(body) {
      std::vector<Warning> warnings = check_body(draft_with(body), base_context());
      BOOST_TEST_REQUIRE(warnings.size() == 1u);
      BOOST_TEST(warnings[0].params == (json{{"kind", "my-number"}, {"count", 1}}));
    }
  }
  BOOST_TEST(check_body(draft_with("100000000006"), base_context()).empty());
}

BOOST_AUTO_TEST_CASE(many_distinct_email_addresses) {
  std::string body = "参加者一覧:\n";
  for (int i = 0; i < 10; ++i) body += "user" + std::to_string(i) + "@example.jp\n";
  body += "USER0@example.jp\n";  // the same address again
  std::vector<Warning> warnings = check_body(draft_with(body), base_context());
  BOOST_TEST_REQUIRE(warnings.size() == 1u);
  BOOST_TEST(warnings[0].params == (json{{"kind", "email-addresses"}, {"count", 10}}));
  BOOST_TEST(warnings[0].severity == "danger");
}

BOOST_AUTO_TEST_CASE(few_email_addresses_are_fine) {
  std::string body;
  for (int i = 0; i < 9; ++i) body += "ｕｓｅｒ" + std::to_string(i) + "＠example.jp, ";
  BOOST_TEST(check_body(draft_with(body), base_context()).empty());
  BodyCheckContext context = base_context();
  context.many_emails_threshold = 9;
  BOOST_TEST(
      codes(check_body(draft_with(body), context)) == std::vector<std::string>{"personal-data"},
      boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(many_phone_numbers) {
  std::string body =
      "03-1234-5678\n06-1234-5678\n090-1234-5678\n080 1234 5678\n(045)123-4567\n"
      "０１２０－１２３－４５６\n+81-3-9876-5432\n+81 90 8765 4321\n+1 212 555 1234\n"
      "052-123-4567, 011-123-4567\n"
      "03-1234-5678\n+81-3-1234-5678\n";  // the first one again, twice
  std::vector<Warning> warnings = check_body(draft_with(body), base_context());
  BOOST_TEST_REQUIRE(warnings.size() == 1u);
  BOOST_TEST(warnings[0].params == (json{{"kind", "phone-numbers"}, {"count", 11}}));
}

BOOST_AUTO_TEST_CASE(numbers_that_are_not_phone_numbers) {
  BodyCheckContext context = base_context();
  context.many_phones_threshold = 1;
  for (const char* body : {"2024-01-05", "〒100-0001", "価格 1,234,567 円", "v1.0.123456789",
                           "0.1234567890", "12:00-13:00"}) {
    BOOST_TEST_CONTEXT(body) { BOOST_TEST(check_body(draft_with(body), context).empty()); }
  }
}

BOOST_AUTO_TEST_CASE(personal_data_in_quote_or_signature_is_not_counted) {
  std::string body = "承知しました。\n\n> カード 4111 1111 1111 1111\n> 以上\n";
  BOOST_TEST(check_body(draft_with(body), base_context()).empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace sendcheck
