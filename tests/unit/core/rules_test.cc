// Rules and blocks (core/rules.h): each target, match, action and condition, with the exact
// changes they make to an assessed payload.
#include "core/rules.h"

#include <boost/test/unit_test.hpp>
#include <set>

#include "mail/draft_reader.h"
#include "sendcheck/assessment.h"
#include "sendcheck/draft.h"
#include "sendcheck/error.h"
#include "sendcheck/settings.h"
#include "unit/core/fake_history.h"

namespace sendcheck {
namespace {

using nlohmann::json;

// A history that knows two colleagues (and so their registrable domain), nothing else.
const testing::FakeHistory& history() {
  static const testing::FakeHistory known = [] {
    testing::FakeHistory h;
    h.add("taro@example.co.jp");
    h.add("hanako@example.co.jp");
    return h;
  }();
  return known;
}

Settings settings_from(const json& extra) {
  Settings settings;
  settings.internal_domains = {"example.co.jp"};
  apply_settings_json(extra, &settings);
  return settings;
}

// The payload of `draft_json` as assess() builds it without any rule, then with apply_rules of
// `settings` on top. Both are returned, to compare before and after.
struct Applied {
  Payload before;
  Payload after;
  json before_json;
  json after_json;
};

Applied run_rules(const json& draft_json, const Settings& settings, Locale locale = Locale::kEn) {
  Draft draft = draft_from_json(draft_json);
  Settings without_rules = settings;
  without_rules.rules.clear();
  without_rules.blocked_domains.clear();
  without_rules.blocked_addresses.clear();
  AssessOptions options;
  options.locale = locale;
  Applied out;
  out.before = assess(draft, without_rules, history(), options);
  out.after = out.before;
  apply_rules(settings, draft, &out.after);
  out.before_json = payload_to_json(out.before);
  out.after_json = payload_to_json(out.after);
  return out;
}

const json* recipient(const json& payload, const std::string& address) {
  for (const json& group : payload["groups"]) {
    for (const json& r : group["recipients"]) {
      if (r["address"] == address) return &r;
    }
  }
  return nullptr;
}

const json& group_of(const json& payload, const std::string& domain) {
  for (const json& group : payload["groups"]) {
    if (group["domain"] == domain) return group;
  }
  throw std::runtime_error("no group " + domain);
}

std::vector<std::string> codes_of(const json& r) {
  std::vector<std::string> codes;
  for (const json& flag : r["flags"]) codes.push_back(flag["code"]);
  return codes;
}

// Warnings added by the rules (those of `after` beyond `before`).
json added_warnings(const Applied& applied) {
  json out = json::array();
  const json& all = applied.after_json["warnings"];
  for (std::size_t i = applied.before_json["warnings"].size(); i < all.size(); ++i) {
    out.push_back(all[i]);
  }
  return out;
}

// The payload without the warnings: to assert that nothing else changed.
json without_warnings(json payload) {
  payload.erase("warnings");
  return payload;
}

json internal_draft(json extra = json::object()) {
  json draft{{"from", "taro@example.co.jp"},
             {"to", {"hanako@example.co.jp"}},
             {"subject", "Meeting"},
             {"body", "See you."}};
  draft.update(extra);
  return draft;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(rules_test)

BOOST_AUTO_TEST_CASE(no_rules_change_nothing) {
  Applied a = run_rules(internal_draft(), settings_from(json::object()));
  BOOST_TEST(a.after_json == a.before_json);
  BOOST_TEST(a.before_json["verdict"] == "send");
}

BOOST_AUTO_TEST_CASE(blocked_domain_covers_subdomains_on_label_boundaries) {
  Settings settings = settings_from({{"blockedDomains", {"Rival.Example"}}});
  Applied a = run_rules({{"from", "taro@example.co.jp"},
                         {"to", {"a@tokyo.rival.example", "b@unrival.example", "c@rival.example"}}},
                        settings);
  const json* sub = recipient(a.after_json, "a@tokyo.rival.example");
  BOOST_TEST_REQUIRE(sub != nullptr);
  std::vector<std::string> expected = codes_of(*recipient(a.before_json, "a@tokyo.rival.example"));
  expected.push_back("blocked");
  BOOST_TEST(codes_of(*sub) == expected);
  BOOST_TEST((*sub)["flags"].back()["message"] ==
             "Sending to this address is not allowed (Rival.Example).");
  BOOST_TEST((*sub)["mustConfirm"] == true);
  BOOST_TEST((codes_of(*recipient(a.after_json, "c@rival.example")).back() == "blocked"));
  BOOST_TEST((codes_of(*recipient(a.after_json, "b@unrival.example")) ==
              codes_of(*recipient(a.before_json, "b@unrival.example"))));
  BOOST_TEST(added_warnings(a).empty());
  // Nothing else moves: the verdict is the caller's (assess) business.
  BOOST_TEST(a.after_json["verdict"] == a.before_json["verdict"]);
}

BOOST_AUTO_TEST_CASE(blocked_domain_in_unicode_matches_punycode_recipient) {
  Settings settings = settings_from({{"blockedDomains", {"例え.jp"}}});
  Applied a =
      run_rules({{"from", "taro@example.co.jp"}, {"to", {"x@mail.xn--r8jz45g.jp"}}}, settings);
  BOOST_TEST((codes_of(*recipient(a.after_json, "x@mail.xn--r8jz45g.jp")).back() == "blocked"));
}

BOOST_AUTO_TEST_CASE(blocked_address_is_canonical_and_covers_sub_addresses) {
  Settings settings = settings_from({{"blockedAddresses", {"CEO@Partner.Example"}}});
  Applied a = run_rules(
      {{"from", "taro@example.co.jp"},
       {"to", {"ceo+news@partner.example", "Ceo@PARTNER.example", "ceo2@partner.example"}}},
      settings);
  BOOST_TEST((codes_of(*recipient(a.after_json, "ceo+news@partner.example")).back() == "blocked"));
  BOOST_TEST((codes_of(*recipient(a.after_json, "ceo@partner.example")).back() == "blocked"));
  BOOST_TEST((codes_of(*recipient(a.after_json, "ceo2@partner.example")).back() != "blocked"));
}

BOOST_AUTO_TEST_CASE(blocking_an_internal_known_recipient_requires_a_tick) {
  Settings settings = settings_from({{"blockedAddresses", {"hanako@example.co.jp"}}});
  Applied a = run_rules(internal_draft(), settings);
  BOOST_TEST(a.before_json["groups"][0]["mustConfirmCount"] == 0);
  BOOST_TEST(a.after_json["groups"][0]["mustConfirmCount"] == 1);
  const json* r = recipient(a.after_json, "hanako@example.co.jp");
  BOOST_TEST((codes_of(*r) == std::vector<std::string>{"internal", "blocked"}));
  BOOST_TEST((*r)["mustConfirm"] == true);
}

BOOST_AUTO_TEST_CASE(domain_exact_warn_names_the_pattern_and_the_recipients) {
  Settings settings = settings_from({{"rules",
                                      {{{"target", "domain"},
                                        {"match", "exact"},
                                        {"patterns", {"partner.example"}},
                                        {"action", "warn"}}}}});
  Applied a = run_rules(
      {{"from", "taro@example.co.jp"}, {"to", {"a@partner.example", "b@tokyo.partner.example"}}},
      settings);
  json warnings = added_warnings(a);
  BOOST_TEST_REQUIRE(warnings.size() == 1U);
  BOOST_TEST(warnings[0] == (json{{"code", "keyword"},
                                  {"severity", "warning"},
                                  {"message", "A recipient matches partner.example."},
                                  {"params",
                                   {{"keyword", "partner.example"},
                                    {"target", "domain"},
                                    {"matches", {"a@partner.example"}},
                                    {"matchCount", 1}}}}));
  // warn changes no recipient.
  BOOST_TEST(without_warnings(a.after_json) == without_warnings(a.before_json));
}

BOOST_AUTO_TEST_CASE(domain_match_covers_subdomains) {
  Settings settings = settings_from(
      {{"rules",
        {{{"target", "domain"}, {"patterns", {"@partner.example"}}, {"action", "warn"}}}}});
  Applied a =
      run_rules({{"from", "taro@example.co.jp"},
                 {"to", {"a@partner.example", "b@tokyo.partner.example", "c@xpartner.example"}}},
                settings);
  json warnings = added_warnings(a);
  BOOST_TEST_REQUIRE(warnings.size() == 1U);
  BOOST_TEST(warnings[0]["params"]["matches"] ==
             (json{"a@partner.example", "b@tokyo.partner.example"}));
  BOOST_TEST(warnings[0]["params"]["matchCount"] == 2);
}

BOOST_AUTO_TEST_CASE(domain_glob_reconfirm_ticks_an_internal_known_recipient) {
  Settings settings = settings_from({{"rules",
                                      {{{"id", "exec"},
                                        {"target", "domain"},
                                        {"match", "glob"},
                                        {"patterns", {"EXAMPLE.co.*"}},
                                        {"action", "reconfirm"}}}}});
  Applied a = run_rules(internal_draft(), settings);
  BOOST_TEST(a.before_json["verdict"] == "send");
  const json* r = recipient(a.after_json, "hanako@example.co.jp");
  BOOST_TEST((*r)["mustConfirm"] == true);
  BOOST_TEST((codes_of(*r) == std::vector<std::string>{"internal"}));
  BOOST_TEST(group_of(a.after_json, "example.co.jp")["mustConfirmCount"] == 1);
  json warnings = added_warnings(a);
  BOOST_TEST_REQUIRE(warnings.size() == 1U);
  BOOST_TEST(warnings[0] == (json{{"code", "keyword"},
                                  {"severity", "warning"},
                                  {"message", "A recipient matches EXAMPLE.co.*."},
                                  {"mustConfirm", true},
                                  {"params",
                                   {{"keyword", "EXAMPLE.co.*"},
                                    {"target", "domain"},
                                    {"ruleId", "exec"},
                                    {"matches", {"hanako@example.co.jp"}},
                                    {"matchCount", 1}}}}));
}

BOOST_AUTO_TEST_CASE(address_exact_block_uses_the_rule_message_as_is) {
  Settings settings = settings_from({{"rules",
                                      {{{"target", "address"},
                                        {"patterns", {"Boss@Rival.example"}},
                                        {"action", "block"},
                                        {"message", "社長宛ては禁止です"}}}}});
  Applied a = run_rules(
      {{"from", "taro@example.co.jp"}, {"to", {"boss@rival.example", "staff@rival.example"}}},
      settings);
  const json* boss = recipient(a.after_json, "boss@rival.example");
  BOOST_TEST((codes_of(*boss).back() == "blocked"));
  BOOST_TEST((*boss)["flags"].back()["message"] == "社長宛ては禁止です");
  BOOST_TEST((codes_of(*recipient(a.after_json, "staff@rival.example")).back() != "blocked"));
  BOOST_TEST(added_warnings(a).empty());  // the flag says it
}

BOOST_AUTO_TEST_CASE(address_domain_and_glob_matches) {
  Settings settings = settings_from({{"rules",
                                      {{{"target", "address"},
                                        {"match", "domain"},
                                        {"patterns", {"rival.example"}},
                                        {"action", "warn"}},
                                       {{"target", "address"},
                                        {"match", "glob"},
                                        {"patterns", {"info@*", "?@*"}},
                                        {"action", "warn"}}}}});
  Applied a =
      run_rules({{"from", "taro@example.co.jp"},
                 {"to", {"x@sub.rival.example", "info@partner.example", "bob@partner.example"}}},
                settings);
  json warnings = added_warnings(a);
  BOOST_TEST_REQUIRE(warnings.size() == 3U);
  BOOST_TEST(warnings[0]["params"]["keyword"] == "rival.example");
  BOOST_TEST(warnings[0]["params"]["matches"] == json({"x@sub.rival.example"}));
  BOOST_TEST(warnings[1]["params"]["keyword"] == "info@*");
  BOOST_TEST(warnings[1]["params"]["matches"] == json({"info@partner.example"}));
  BOOST_TEST(warnings[2]["params"]["keyword"] == "?@*");
  BOOST_TEST(warnings[2]["params"]["matches"] == json({"x@sub.rival.example"}));
}

BOOST_AUTO_TEST_CASE(attachment_name_reconfirm_only_with_external_recipients) {
  Settings settings = settings_from({{"rules",
                                      {{{"target", "attachment-name"},
                                        {"match", "glob"},
                                        {"patterns", {"*.ZIP"}},
                                        {"action", "reconfirm"},
                                        {"condition", "external"}}}}});
  json attachments =
      json::array({{{"name", "資料.zip"}, {"size", 10U}}, {{"name", "memo.txt"}, {"size", 10U}}});
  Applied internal = run_rules(internal_draft({{"attachments", attachments}}), settings);
  BOOST_TEST(internal.after_json == internal.before_json);

  Applied external = run_rules(
      {{"from", "taro@example.co.jp"}, {"to", {"a@partner.example"}}, {"attachments", attachments}},
      settings);
  BOOST_TEST(external.after_json["attachments"][0]["mustConfirm"] == true);
  BOOST_TEST(external.after_json["attachments"][1] == external.before_json["attachments"][1]);
  json warnings = added_warnings(external);
  BOOST_TEST_REQUIRE(warnings.size() == 1U);
  BOOST_TEST(warnings[0]["code"] == "keyword");
  BOOST_TEST(warnings[0]["mustConfirm"] == true);
  BOOST_TEST(warnings[0]["params"] == (json{{"keyword", "*.ZIP"},
                                            {"target", "attachment-name"},
                                            {"matches", {"資料.zip"}},
                                            {"matchCount", 1}}));
}

BOOST_AUTO_TEST_CASE(attachment_name_block_is_a_policy_block_warning) {
  Settings settings = settings_from(
      {{"rules",
        {{{"target", "attachment-name"}, {"patterns", {"顧客リスト"}}, {"action", "block"}}}}});
  Applied a =
      run_rules(internal_draft({{"attachments", {{{"name", "２０２４年_顧客リスト.xlsx"}}}}}),
                settings, Locale::kJa);
  BOOST_TEST(a.after_json["attachments"][0]["mustConfirm"] == true);
  json warnings = added_warnings(a);
  BOOST_TEST_REQUIRE(warnings.size() == 1U);
  BOOST_TEST(warnings[0] ==
             (json{{"code", "policy-block"},
                   {"severity", "danger"},
                   {"message", "組織のポリシーによりこのメールは送信できません：顧客リスト"},
                   {"params",
                    {{"reason", "顧客リスト"},
                     {"target", "attachment-name"},
                     {"matches", {"２０２４年_顧客リスト.xlsx"}},
                     {"matchCount", 1}}}}));
}

BOOST_AUTO_TEST_CASE(subject_contains_is_nfkc_case_insensitive) {
  Settings settings = settings_from(
      {{"rules", {{{"target", "subject"}, {"patterns", {"confidential"}}, {"action", "warn"}}}}});
  Applied a =
      run_rules(internal_draft({{"subject", "【ＣＯＮＦＩＤＥＮＴＩＡＬ】見積"}}), settings);
  json warnings = added_warnings(a);
  BOOST_TEST_REQUIRE(warnings.size() == 1U);
  BOOST_TEST(warnings[0] ==
             (json{{"code", "keyword"},
                   {"severity", "warning"},
                   {"message", "The subject contains confidential."},
                   {"params", {{"keyword", "confidential"}, {"target", "subject"}}}}));
  Applied other = run_rules(internal_draft({{"subject", "confident"}}), settings);
  BOOST_TEST(added_warnings(other).empty());
}

BOOST_AUTO_TEST_CASE(subject_exact_and_glob) {
  Settings settings = settings_from(
      {{"rules",
        {{{"target", "subject"}, {"match", "exact"}, {"patterns", {"test"}}, {"action", "warn"}},
         {{"target", "subject"},
          {"match", "glob"},
          {"patterns", {"re: *"}},
          {"action", "warn"}}}}});
  BOOST_TEST(added_warnings(run_rules(internal_draft({{"subject", "TEST"}}), settings)).size() ==
             1U);
  BOOST_TEST(added_warnings(run_rules(internal_draft({{"subject", "a test"}}), settings)).empty());
  json glob = added_warnings(run_rules(internal_draft({{"subject", "RE: Meeting"}}), settings));
  BOOST_TEST_REQUIRE(glob.size() == 1U);
  BOOST_TEST(glob[0]["params"]["keyword"] == "re: *");
}

BOOST_AUTO_TEST_CASE(body_reconfirm_and_block) {
  Settings settings = settings_from(
      {{"rules",
        {{{"target", "body"}, {"patterns", {"パスワード"}}, {"action", "reconfirm"}},
         {{"target", "body"}, {"patterns", {"社外秘"}}, {"action", "block"}, {"id", "r2"}}}}});
  // Half-width katakana is the same word after NFKC.
  Applied a = run_rules(internal_draft({{"body", "ﾊﾟｽﾜｰﾄﾞは別送します。\n社外秘"}}), settings);
  json warnings = added_warnings(a);
  BOOST_TEST_REQUIRE(warnings.size() == 2U);
  BOOST_TEST(warnings[0] == (json{{"code", "keyword"},
                                  {"severity", "warning"},
                                  {"message", "The message text contains パスワード."},
                                  {"mustConfirm", true},
                                  {"params", {{"keyword", "パスワード"}, {"target", "body"}}}}));
  BOOST_TEST(warnings[1] ==
             (json{{"code", "policy-block"},
                   {"severity", "danger"},
                   {"message", "Your organisation does not allow this message: 社外秘."},
                   {"params", {{"reason", "社外秘"}, {"target", "body"}, {"ruleId", "r2"}}}}));
  BOOST_TEST(without_warnings(a.after_json) == without_warnings(a.before_json));
}

BOOST_AUTO_TEST_CASE(condition_attachments) {
  Settings settings = settings_from({{"rules",
                                      {{{"target", "body"},
                                        {"patterns", {"see you"}},
                                        {"action", "warn"},
                                        {"condition", "attachments"}}}}});
  BOOST_TEST(added_warnings(run_rules(internal_draft(), settings)).empty());
  BOOST_TEST(
      added_warnings(run_rules(internal_draft({{"attachments", {{{"name", "a.pdf"}}}}}), settings))
          .size() == 1U);
}

BOOST_AUTO_TEST_CASE(condition_external_counts_unverifiable_recipients) {
  Settings settings = settings_from({{"rules",
                                      {{{"target", "subject"},
                                        {"patterns", {"meeting"}},
                                        {"action", "warn"},
                                        {"condition", "external"}}}}});
  BOOST_TEST(added_warnings(run_rules(internal_draft(), settings)).empty());
  BOOST_TEST(added_warnings(run_rules(internal_draft({{"cc", {"社内全員 <社内全員>"}}}), settings))
                 .size() == 1U);
  BOOST_TEST(
      added_warnings(run_rules(internal_draft({{"cc", {"x@gmail.com"}}}), settings)).size() == 1U);
}

BOOST_AUTO_TEST_CASE(unverifiable_recipients_match_no_recipient_rule) {
  Settings settings = settings_from(
      {{"rules",
        {{{"target", "address"}, {"match", "glob"}, {"patterns", {"*"}}, {"action", "block"}}}}});
  Applied a =
      run_rules({{"from", "taro@example.co.jp"}, {"to", {"社内全員 <社内全員>"}}}, settings);
  BOOST_TEST(a.after_json == a.before_json);
}

BOOST_AUTO_TEST_CASE(many_matches_are_listed_up_to_ten_and_counted) {
  json to = json::array();
  for (int i = 0; i < 25; ++i) to.push_back("u" + std::to_string(i) + "@partner.example");
  Settings settings = settings_from(
      {{"rules",
        {{{"target", "domain"}, {"patterns", {"partner.example"}}, {"action", "reconfirm"}}}}});
  Applied a = run_rules({{"from", "taro@example.co.jp"}, {"to", to}}, settings);
  json warnings = added_warnings(a);
  BOOST_TEST_REQUIRE(warnings.size() == 1U);
  BOOST_TEST(warnings[0]["params"]["matches"].size() == 10U);
  BOOST_TEST(warnings[0]["params"]["matchCount"] == 25);
}

BOOST_AUTO_TEST_CASE(glob_and_fold_helpers) {
  BOOST_TEST(glob_match("*.exe", "請求書.pdf.EXE"));
  BOOST_TEST(glob_match("?.txt", "あ.txt"));
  BOOST_TEST(!glob_match("?.txt", "ab.txt"));
  BOOST_TEST(glob_match("a*b*c", "aXXbYYc"));
  BOOST_TEST(!glob_match("a*b*c", "aXXbYY"));
  BOOST_TEST(glob_match("**", ""));
  BOOST_TEST(fold_text("ＡＢＣ ﾃｽﾄ") == "abc テスト");
}

BOOST_AUTO_TEST_CASE(rules_are_validated_with_their_index) {
  auto code_and_message = [](const json& rules) -> std::pair<std::string, std::string> {
    Settings settings;
    try {
      apply_settings_json(json{{"rules", rules}}, &settings);
    } catch (const Error& e) {
      return {e.code(), e.what()};
    }
    return {"", ""};
  };
  json good{{"target", "subject"}, {"patterns", {"x"}}, {"action", "warn"}};
  json bad_action = good;
  bad_action["action"] = "delete";
  auto [code, message] = code_and_message(json{good, good, bad_action});
  BOOST_TEST(code == "settings.bad-value");
  BOOST_TEST(message == R"(rules[2].action: expected "warn", "reconfirm" or "block")");
  BOOST_TEST(
      code_and_message(json{{{"patterns", {"x"}}, {"action", "warn"}}}).second ==
      R"(rules[0].target: missing; expected "domain", "address", "attachment-name", "subject" or "body")");
  BOOST_TEST(code_and_message(json{{{"target", "domain"},
                                    {"match", "contains"},
                                    {"patterns", {"x"}},
                                    {"action", "warn"}}})
                 .second.starts_with("rules[0].match: "));
  BOOST_TEST(
      code_and_message(
          json{{{"target", "body"}, {"match", "domain"}, {"patterns", {"x"}}, {"action", "warn"}}})
          .second.starts_with("rules[0].match: "));
  BOOST_TEST(
      code_and_message(
          json{{{"target", "domain"}, {"patterns", {"ok.example", "bad..x"}}, {"action", "warn"}}})
          .second == "rules[0].patterns[1]: not a valid domain: bad..x");
  BOOST_TEST(
      code_and_message(json{{{"target", "address"}, {"patterns", {"no-at"}}, {"action", "warn"}}})
          .second == "rules[0].patterns[0]: not a valid address: no-at");
  BOOST_TEST(
      code_and_message(json{{{"target", "body"}, {"patterns", json::array()}, {"action", "warn"}}})
          .second == "rules[0].patterns: expected a non-empty array of strings");
  BOOST_TEST(
      code_and_message(json{{{"target", "body"}, {"patterns", {""}}, {"action", "warn"}}}).second ==
      "rules[0].patterns[0]: expected a non-empty string");
  BOOST_TEST(code_and_message(json{{{"target", "body"},
                                    {"patterns", {"x"}},
                                    {"action", "warn"},
                                    {"condition", "sometimes"}}})
                 .second.starts_with("rules[0].condition: "));
  BOOST_TEST(code_and_message(json{"not an object"}).second.starts_with("rules[0]: "));
  BOOST_TEST(code_and_message(json::object()).second == "rules: expected an array of rules");
}

BOOST_AUTO_TEST_CASE(blocked_lists_are_validated) {
  Settings settings;
  try {
    apply_settings_json(json{{"blockedDomains", {"ok.example", "not a domain"}}}, &settings);
    BOOST_FAIL("no error");
  } catch (const Error& e) {
    BOOST_TEST(e.code() == "settings.bad-value");
    BOOST_TEST(std::string(e.what()) == "blockedDomains[1]: not a valid domain: not a domain");
  }
  BOOST_CHECK_THROW(apply_settings_json(json{{"blockedAddresses", {"nobody"}}}, &settings), Error);
}

BOOST_AUTO_TEST_CASE(rules_round_trip_through_json_with_defaults_filled_in) {
  Settings settings;
  apply_settings_json(
      json{{"rules",
            {{{"target", "domain"}, {"patterns", {"a.example"}}, {"action", "block"}},
             {{"target", "address"},
              {"patterns", {"a@b.example"}},
              {"action", "warn"},
              {"id", "x"},
              {"message", "m"}},
             {{"target", "body"},
              {"patterns", {"k"}},
              {"action", "reconfirm"},
              {"condition", "external"}}}}},
      &settings);
  json rules = settings_to_json(settings)["rules"];
  BOOST_TEST(rules == (json{{{"target", "domain"},
                             {"match", "domain"},
                             {"patterns", {"a.example"}},
                             {"action", "block"},
                             {"condition", "always"}},
                            {{"target", "address"},
                             {"match", "exact"},
                             {"patterns", {"a@b.example"}},
                             {"action", "warn"},
                             {"condition", "always"},
                             {"id", "x"},
                             {"message", "m"}},
                            {{"target", "body"},
                             {"match", "contains"},
                             {"patterns", {"k"}},
                             {"action", "reconfirm"},
                             {"condition", "external"}}}));
  Settings again;
  apply_settings_json(settings_to_json(settings), &again);
  BOOST_TEST(settings_to_json(again) == settings_to_json(settings));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace sendcheck
