// salutation-mismatch: a salutation naming someone who is not a recipient.
#include "core/body/salutation_mismatch.h"

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

BOOST_AUTO_TEST_SUITE(salutation_test)

// --- salutation-mismatch ---

BOOST_AUTO_TEST_CASE(salutation_naming_another_company_and_person) {
  std::vector<Warning> warnings =
      check_body(draft_with("株式会社パートナーA 営業部 佐藤様\n\nお世話になっております。"),
                 partner_b_context());
  BOOST_TEST_REQUIRE(warnings.size() == 1u);
  BOOST_TEST(warnings[0].code == "salutation-mismatch");
  BOOST_TEST(warnings[0].severity == "warning");
  BOOST_TEST(warnings[0].params == (json{{"name", "株式会社パートナーA 営業部 佐藤様"}}));
  BOOST_TEST(warnings[0].message ==
             "The message is addressed to 株式会社パートナーA 営業部 佐藤様, who is not a "
             "recipient.");
}

BOOST_AUTO_TEST_CASE(salutation_message_in_japanese) {
  BodyCheckContext context = partner_b_context();
  context.locale = Locale::kJa;
  std::vector<Warning> warnings =
      check_body(draft_with("佐藤様\n\nお世話になっております。"), context);
  BOOST_TEST_REQUIRE(warnings.size() == 1u);
  BOOST_TEST(warnings[0].message == "本文の宛名（佐藤様）が宛先に含まれていません。");
}

BOOST_AUTO_TEST_CASE(salutation_of_the_recipient_company_via_party) {
  BodyCheckContext context = partner_b_context();
  context.parties = {Party{"partner-b.example.jp", {"株式会社パートナーB"}}};
  BOOST_TEST(
      check_body(draft_with("株式会社パートナーB 鈴木様\n\nお世話になっております。"), context)
          .empty());
  BOOST_TEST(check_body(draft_with("(株)パートナーB\n営業部\n鈴木 一郎 様\n\n"), context).empty());
  BOOST_TEST(check_body(draft_with("パートナーB株式会社 御中\n\n"), context).empty());
}

BOOST_AUTO_TEST_CASE(right_person_at_a_known_other_company) {
  // 鈴木 matches, but 株式会社パートナーA is a known party whose domain is not among the To.
  BodyCheckContext context = partner_b_context();
  context.parties = {Party{"partner-a.example.jp", {"株式会社パートナーA", "Partner A"}},
                     Party{"partner-b.example.jp", {"株式会社パートナーB"}}};
  std::vector<Warning> warnings =
      check_body(draft_with("株式会社パートナーA\n鈴木様\n\nお世話になっております。"), context);
  BOOST_TEST_REQUIRE(warnings.size() == 1u);
  BOOST_TEST(warnings[0].params == (json{{"name", "株式会社パートナーA 鈴木様"}}));
  // ㈱ and full-width letters name the same company.
  warnings = check_body(draft_with("㈱パートナーＡ 御中\n\n"), context);
  BOOST_TEST_REQUIRE(warnings.size() == 1u);
  BOOST_TEST(warnings[0].params == (json{{"name", "㈱パートナーＡ 御中"}}));
}

BOOST_AUTO_TEST_CASE(company_checked_against_parties_when_addressees_have_no_names) {
  BodyCheckContext context = base_context();
  context.to = {addressee("info@partner-b.example.jp", {}, {})};
  context.parties = {Party{"partner-a.example.jp", {"株式会社パートナーA"}}};
  std::vector<Warning> warnings = check_body(draft_with("株式会社パートナーA 御中\n"), context);
  BOOST_TEST_REQUIRE(warnings.size() == 1u);
  BOOST_TEST(warnings[0].code == "salutation-mismatch");
  // A person alone cannot be checked against an addressee without names.
  BOOST_TEST(check_body(draft_with("佐藤様\n"), context).empty());
}

BOOST_AUTO_TEST_CASE(family_name_matches_full_name) {
  BodyCheckContext context = base_context();
  context.to = {addressee("sato@partner-a.example.jp", {"佐藤 花子"}, {"partner-a"})};
  for (const char* body : {"佐藤様", "佐藤さん、", "佐藤 花子 様", "佐藤花子様", "営業部 佐藤部長",
                           "花子 佐藤 様へ"}) {
    BOOST_TEST_CONTEXT(body) { BOOST_TEST(check_body(draft_with(body), context).empty()); }
  }
  BOOST_TEST(codes(check_body(draft_with("佐藤 太郎 様"), context)) ==
                 std::vector<std::string>{"salutation-mismatch"},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(english_salutations) {
  BodyCheckContext context = base_context();
  context.to = {addressee("jane.doe@x.example", {"Jane Doe"}, {"x"})};
  for (const char* body : {"Dear Jane,\n\nThank you.", "Hi Jane,", "Hello Ms. Doe,", "Jane,\nOK.",
                           "Hi Jane, thanks for the call."}) {
    BOOST_TEST_CONTEXT(body) { BOOST_TEST(check_body(draft_with(body), context).empty()); }
  }
  context.to = {addressee("bob.smith@x.example", {"Bob Smith"}, {"x"})};
  std::vector<Warning> warnings = check_body(draft_with("Dear Jane,\n\nThank you."), context);
  BOOST_TEST_REQUIRE(warnings.size() == 1u);
  BOOST_TEST(warnings[0].code == "salutation-mismatch");
  BOOST_TEST(warnings[0].severity == "warning");
  BOOST_TEST(warnings[0].params == (json{{"name", "Jane"}}));
  BOOST_TEST(warnings[0].message == "The message is addressed to Jane, who is not a recipient.");
}

BOOST_AUTO_TEST_CASE(english_short_forms_match_full_names) {
  BodyCheckContext context = base_context();
  context.to = {addressee("s.wolfe@x.example", {"Stephen Wolfe"}, {"x"}),
                addressee("james.steffes@x.example", {"James D Steffes"}, {"x"})};
  for (const char* body : {"Steve,\nsee below.", "Hi Jim,", "Dear Steve and Jim,"}) {
    BOOST_TEST_CONTEXT(body) { BOOST_TEST(check_body(draft_with(body), context).empty()); }
  }
  BOOST_TEST(codes(check_body(draft_with("Hi Bob,"), context)) ==
                 std::vector<std::string>{"salutation-mismatch"},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(english_first_name_matches_local_part) {
  BodyCheckContext context = base_context();
  context.to = {addressee("jane.doe@x.example", {}, {"x"})};
  BOOST_TEST(check_body(draft_with("Dear Jane,"), context).empty());
}

BOOST_AUTO_TEST_CASE(names_in_another_script_are_not_compared) {
  // 佐藤様 to an addressee known only as "Hanako Sato": nothing to say either way.
  BodyCheckContext context = base_context();
  context.to = {addressee("hsato@partner-a.example.jp", {"Hanako Sato"}, {"partner-a"})};
  BOOST_TEST(check_body(draft_with("佐藤様\n\nお世話になっております。"), context).empty());
  BOOST_TEST(check_body(draft_with("Sato-san,\n"), context).empty());
}

BOOST_AUTO_TEST_CASE(english_greeting_with_japanese_honorific) {
  BodyCheckContext context = base_context();
  context.to = {addressee("sato@partner-a.example.jp", {"佐藤 花子"}, {"partner-a"})};
  BOOST_TEST(check_body(draft_with("Dear 佐藤様,\n"), context).empty());
  BOOST_TEST(check_body(draft_with("Hi Hanako-san,\n"), context).empty());
  std::vector<Warning> warnings = check_body(draft_with("Dear 鈴木様,\n"), context);
  BOOST_TEST_REQUIRE(warnings.size() == 1u);
  BOOST_TEST(warnings[0].params == (json{{"name", "鈴木様"}}));
}

BOOST_AUTO_TEST_CASE(salutation_to_another_known_contact_is_danger) {
  BodyCheckContext context = partner_b_context();
  std::vector<std::string> keys;
  context.known_contact_by_name = [&keys](std::string_view key) -> std::optional<std::string> {
    keys.emplace_back(key);
    if (key == "佐藤") return std::string("sato@partner-a.example.jp");
    return std::nullopt;
  };
  std::vector<Warning> warnings =
      check_body(draft_with("株式会社パートナーA 営業部 佐藤様\n\n"), context);
  BOOST_TEST_REQUIRE(warnings.size() == 1u);
  BOOST_TEST(warnings[0].severity == "danger");
  BOOST_TEST(warnings[0].params == (json{{"name", "株式会社パートナーA 営業部 佐藤様"},
                                         {"knownAs", "sato@partner-a.example.jp"}}));
  BOOST_TEST(keys == std::vector<std::string>{"佐藤"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(known_contact_who_is_a_recipient_adds_nothing) {
  BodyCheckContext context = partner_b_context();
  context.known_contact_by_name = [](std::string_view) -> std::optional<std::string> {
    return std::string("suzuki@partner-b.example.jp");
  };
  std::vector<Warning> warnings = check_body(draft_with("田中様\n"), context);
  BOOST_TEST_REQUIRE(warnings.size() == 1u);
  BOOST_TEST(warnings[0].severity == "warning");
  BOOST_TEST(warnings[0].params == (json{{"name", "田中様"}}));
}

BOOST_AUTO_TEST_CASE(generic_salutations_give_no_warning) {
  BodyCheckContext context = partner_b_context();
  for (const char* body :
       {"各位", "関係者各位\n\nお世話になっております。", "皆様", "ご担当者様", "営業部 ご担当者様",
        "Dear all,", "Hi team,", "Hello everyone,", "Dear Sir or Madam,", "Hi 皆さん,",
        "Hi,\nquick question", "To whom it may concern,"}) {
    BOOST_TEST_CONTEXT(body) { BOOST_TEST(check_body(draft_with(body), context).empty()); }
  }
}

BOOST_AUTO_TEST_CASE(no_salutation_no_warning) {
  BodyCheckContext context = partner_b_context();
  for (const char* body : {"お世話になっております。\n佐藤さんから伺いました。", "Thanks,\nTaro",
                           "明日の会議\n資料は佐藤さん", "The meeting is at 10.\nDear Jane,"}) {
    BOOST_TEST_CONTEXT(body) { BOOST_TEST(check_body(draft_with(body), context).empty()); }
  }
}

BOOST_AUTO_TEST_CASE(greetings_that_end_like_salutations) {
  BodyCheckContext context = partner_b_context();
  for (const char* body : {"お疲れ様\n\n明日の件です。", "お疲れさまです。", "ご苦労様",
                           "お世話様です", "了解です、佐藤さん", "佐藤さん、お疲れ様です。"}) {
    BOOST_TEST_CONTEXT(body) { BOOST_TEST(check_body(draft_with(body), context).empty()); }
  }
}

BOOST_AUTO_TEST_CASE(generic_salutation_of_another_company) {
  BodyCheckContext context = partner_b_context();
  context.parties = {Party{"partner-a.example.jp", {"株式会社パートナーA"}}};
  std::vector<Warning> warnings =
      check_body(draft_with("株式会社パートナーA\n関係者各位\n"), context);
  BOOST_TEST_REQUIRE(warnings.size() == 1u);
  BOOST_TEST(warnings[0].params == (json{{"name", "株式会社パートナーA 関係者各位"}}));
  warnings = check_body(draft_with("株式会社パートナーA 各位\n"), context);
  BOOST_TEST_REQUIRE(warnings.size() == 1u);
  BOOST_TEST(warnings[0].params == (json{{"name", "株式会社パートナーA 各位"}}));
}

BOOST_AUTO_TEST_CASE(no_to_recipients_no_salutation_check) {
  BOOST_TEST(check_body(draft_with("佐藤様"), base_context()).empty());
}

BOOST_AUTO_TEST_CASE(several_addressees_each_checked) {
  BodyCheckContext context = partner_b_context();
  context.to.push_back(addressee("tanaka@partner-b.example.jp", {"田中 次郎"}, {"partner-b"}));
  BOOST_TEST(check_body(draft_with("鈴木様、田中様\n\n"), context).empty());
  BOOST_TEST(check_body(draft_with("鈴木様\n田中様\n（CC：山本様）\n\n"), context).empty());
  std::vector<Warning> warnings = check_body(draft_with("鈴木様、山本様\n\n"), context);
  BOOST_TEST_REQUIRE(warnings.size() == 1u);
  BOOST_TEST(warnings[0].params == (json{{"name", "山本様"}}));
}

// Bug: a greeting line of 300 000 characters was repeated whole in salutation-mismatch, and
// the payload dropped its only recipient to stay under the reply limit.
BOOST_AUTO_TEST_CASE(a_huge_greeting_is_cut_in_the_salutation_warning) {
  std::string jims;
  for (int i = 0; i < 100000; ++i) jims += "Jim";
  Draft draft;
  draft.body = "Hi " + jims + ",\n\nbody\n";
  BodyCheckContext context;
  AddresseeNames jimmy;
  jimmy.address = "jimmy.chen@asia-vendor.com";
  jimmy.names = {"Jimmy Chen"};
  context.to = {jimmy};
  std::vector<Warning> warnings = check_body(draft, context);
  bool found = false;
  for (const Warning& warning : warnings) {
    if (warning.code != "salutation-mismatch") continue;
    found = true;
    const std::string name = warning.params["name"];
    BOOST_TEST(name.size() <= 80u + 3u);
    BOOST_TEST(name.ends_with("\u2026"));
    BOOST_TEST(name.starts_with("JimJim"));
  }
  BOOST_TEST(found);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace sendcheck
