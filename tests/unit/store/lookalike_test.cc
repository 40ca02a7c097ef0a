// The look-alike search (issue 3) through the real SQLite indexes: each reason, the cases that
// must not be flagged, and the index maintenance of forget.
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "mail/draft_reader.h"
#include "sendcheck/assessment.h"
#include "sendcheck/draft.h"
#include "store/history_store.h"
#include "store_test_util.h"
#include "test_support.h"

namespace sendcheck {
namespace {

using nlohmann::json;

struct Fixture {
  testing::TempDir dir;
  std::unique_ptr<HistoryStore> store = HistoryStore::open((dir / "h.sqlite3").string());
  int next_id = 0;

  void sent(std::vector<DraftRecipient> recipients) {
    ++next_id;
    store->add_sent(testing::message("m" + std::to_string(next_id), 1700000000 + next_id,
                                     std::move(recipients), "me@mycompany.example"));
  }

  // The flags of the first recipient of a draft to `to`.
  json flags_for(const std::string& to) {
    Draft draft = draft_from_json(json{{"from", "me@mycompany.example"}, {"to", {to}}});
    json payload = payload_to_json(assess(draft, Settings{}, *store, AssessOptions{}));
    return payload["groups"][0]["recipients"][0]["flags"];
  }

  // {similarTo, reason} of the lookalike flag, or {"", ""}.
  std::pair<std::string, std::string> lookalike(const std::string& to) {
    for (const json& flag : flags_for(to)) {
      if (flag["code"] == "lookalike") return {flag["similarTo"], flag["reason"]};
    }
    return {"", ""};
  }
};

using Match = std::pair<std::string, std::string>;

}  // namespace

BOOST_AUTO_TEST_SUITE(lookalike_test)

BOOST_FIXTURE_TEST_CASE(cyrillic_homoglyph_domain_is_confusable_with_the_known_address, Fixture) {
  sent({testing::recipient("partner@example.co.jp")});
  // "ехample": Cyrillic е (U+0435) and х (U+0445).
  BOOST_TEST((lookalike("partner@\u0435\u0445ample.co.jp") ==
              Match{"partner@example.co.jp", "confusable"}));
}

BOOST_FIXTURE_TEST_CASE(digit_one_for_letter_l_is_confusable, Fixture) {
  sent({testing::recipient("taro@wellpoint.example")});
  BOOST_TEST(
      (lookalike("taro@we11point.example") == Match{"taro@wellpoint.example", "confusable"}));
}

BOOST_FIXTURE_TEST_CASE(rn_for_m_in_the_domain_points_to_the_known_domain, Fixture) {
  sent({testing::recipient("partner@example.co.jp")});
  // taro@example.co.jp is not known: the most used address of the look-alike domain is named.
  BOOST_TEST((lookalike("taro@exarnple.co.jp") == Match{"partner@example.co.jp", "confusable"}));
}

BOOST_FIXTURE_TEST_CASE(whole_script_cyrillic_domain_is_confusable, Fixture) {
  sent({testing::recipient("info@cocoa.example")});
  // "сосоа": Cyrillic с о с о а, no Latin letter at all.
  BOOST_TEST((lookalike("info@\u0441\u043E\u0441\u043E\u0430.example") ==
              Match{"info@cocoa.example", "confusable"}));
}

BOOST_FIXTURE_TEST_CASE(whole_script_greek_domain_is_confusable, Fixture) {
  sent({testing::recipient("info@pop.example")});
  // "ρορ": Greek rho, omicron, rho.
  BOOST_TEST(
      (lookalike("info@\u03C1\u03BF\u03C1.example") == Match{"info@pop.example", "confusable"}));
}

BOOST_FIXTURE_TEST_CASE(greek_omicron_in_local_part_is_confusable, Fixture) {
  sent({testing::recipient("tokyo@partner.example")});
  BOOST_TEST((lookalike("t\u03BFky\u03BF@partner.example") ==
              Match{"tokyo@partner.example", "confusable"}));
}

BOOST_FIXTURE_TEST_CASE(dotted_local_part_is_a_lookalike_but_sub_address_is_not, Fixture) {
  sent({testing::recipient("hanako@example.jp")});
  BOOST_TEST((lookalike("hana.ko@example.jp") == Match{"hanako@example.jp", "edit-distance"}));
  BOOST_TEST((lookalike("hanako+x@example.jp") == Match{"", ""}));
  bool sub_address = false;
  for (const json& flag : flags_for("hanako+x@example.jp")) {
    sub_address = sub_address || flag["code"] == "sub-address";
  }
  BOOST_TEST(sub_address);
}

BOOST_FIXTURE_TEST_CASE(swapped_letters_in_local_part_are_an_edit, Fixture) {
  sent({testing::recipient("suzuki.ichiro@partner.example")});
  BOOST_TEST((lookalike("suzuki.icihro@partner.example") ==
              Match{"suzuki.ichiro@partner.example", "edit-distance"}));
  BOOST_TEST((lookalike("suzuki.ichro@partner.example") ==
              Match{"suzuki.ichiro@partner.example", "edit-distance"}));
}

BOOST_FIXTURE_TEST_CASE(missing_letter_in_domain_label_is_an_edit, Fixture) {
  sent({testing::recipient("taro@wellpoint.example")});
  BOOST_TEST(
      (lookalike("taro@welpoint.example") == Match{"taro@wellpoint.example", "edit-distance"}));
  BOOST_TEST(
      (lookalike("taro@wellpoimt.example") == Match{"taro@wellpoint.example", "edit-distance"}));
}

BOOST_FIXTURE_TEST_CASE(same_label_under_another_suffix_is_tld_swap, Fixture) {
  sent({testing::recipient("sales@example.co.jp")});
  BOOST_TEST((lookalike("sales@example.com") == Match{"sales@example.co.jp", "tld-swap"}));
  BOOST_TEST((lookalike("sales@example.jp") == Match{"sales@example.co.jp", "tld-swap"}));
}

BOOST_FIXTURE_TEST_CASE(cloud_tenants_are_compared_by_their_own_label, Fixture) {
  // contoso.onmicrosoft.com is its own organisation (registrable_domain): a typo of the tenant
  // is a typo of the domain label, and another tenant is simply another organisation.
  sent({testing::recipient("sales@contoso.onmicrosoft.com")});
  BOOST_TEST((lookalike("sales@contosso.onmicrosoft.com") ==
              Match{"sales@contoso.onmicrosoft.com", "edit-distance"}));
  BOOST_TEST((lookalike("sales@fabrikam.onmicrosoft.com") == Match{"", ""}));
}

BOOST_FIXTURE_TEST_CASE(known_display_name_at_another_address, Fixture) {
  sent({testing::recipient("taro@example.co.jp", "山田 太郎")});
  BOOST_TEST((lookalike("山田太郎 <yamada.private@other.example>") ==
              Match{"taro@example.co.jp", "same-name-other-address"}));
}

BOOST_FIXTURE_TEST_CASE(short_names_and_new_colleagues_are_not_lookalikes, Fixture) {
  sent({testing::recipient("ab@partner.example"), testing::recipient("tanaka@partner.example")});
  BOOST_TEST((lookalike("ac@partner.example") == Match{"", ""}));
  BOOST_TEST((lookalike("suzuki@partner.example") == Match{"", ""}));
  BOOST_TEST((lookalike("someone@unrelated.example") == Match{"", ""}));
}

BOOST_FIXTURE_TEST_CASE(known_address_is_never_a_lookalike_of_another, Fixture) {
  sent({testing::recipient("hanako@example.jp"), testing::recipient("hana.ko@example.jp")});
  BOOST_TEST((lookalike("hana.ko@example.jp") == Match{"", ""}));
}

BOOST_FIXTURE_TEST_CASE(allowlisted_address_is_neither_first_time_nor_lookalike, Fixture) {
  sent({testing::recipient("hanako@example.jp")});
  store->allowlist_add("hana.ko@example.jp");
  std::vector<std::string> codes;
  for (const json& flag : flags_for("hana.ko@example.jp")) codes.push_back(flag["code"]);
  BOOST_TEST((codes == std::vector<std::string>{"external", "allowlisted"}));
  store->allowlist_add("partner.example");
  codes.clear();
  for (const json& flag : flags_for("new@tokyo.partner.example")) codes.push_back(flag["code"]);
  BOOST_TEST((codes == std::vector<std::string>{"external", "allowlisted"}));
}

BOOST_FIXTURE_TEST_CASE(forgotten_address_leaves_the_indexes, Fixture) {
  sent({testing::recipient("hanako@example.jp", "花子")});
  BOOST_TEST(store->forget_address("hanako@example.jp"));
  BOOST_TEST((lookalike("hana.ko@example.jp") == Match{"", ""}));
  BOOST_TEST(!store->find_domain("example.jp").has_value());
  BOOST_TEST(store->find_by_name_key("花子").empty());
  BOOST_TEST(!store->forget_address("hanako@example.jp"));
}

// Issue 11: the user's own addresses were not in the look-alike indexes, so a typo in a
// self-Bcc or a Cc to oneself went out unflagged.
BOOST_FIXTURE_TEST_CASE(typo_of_own_address_was_not_a_lookalike, Fixture) {
  sent({testing::recipient("partner@example.co.jp")});
  store->add_self({"taro.yamada@mycompany.example", "taro@yamada-home.jp"});
  // One edit in the local part, at the user's own domain.
  BOOST_TEST((lookalike("taro.yamda@mycompany.example") ==
              Match{"taro.yamada@mycompany.example", "edit-distance"}));
  // One edit in the domain label, with the user's own local part.
  BOOST_TEST((lookalike("taro@yamda-home.jp") == Match{"taro@yamada-home.jp", "edit-distance"}));
  // The same label under another public suffix.
  BOOST_TEST((lookalike("taro.yamada@mycompany.co.jp") ==
              Match{"taro.yamada@mycompany.example", "tld-swap"}));
  // A confusable: Cyrillic а (U+0430) in the local part.
  BOOST_TEST((lookalike("t\u0430ro@yamada-home.jp") == Match{"taro@yamada-home.jp", "confusable"}));
  // The own address itself is no look-alike, and another person at the own domain neither.
  BOOST_TEST((lookalike("taro.yamada@mycompany.example") == Match{"", ""}));
  BOOST_TEST((lookalike("hanako.suzuki@mycompany.example") == Match{"", ""}));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace sendcheck
