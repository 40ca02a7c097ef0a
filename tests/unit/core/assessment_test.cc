// The engine of issue 2: classification, history flags, verdict, summarised payloads.
#include "sendcheck/assessment.h"

#include <boost/test/unit_test.hpp>

#include "fake_history.h"
#include "mail/draft_reader.h"
#include "sendcheck/draft.h"
#include "test_support.h"

namespace sendcheck {
namespace {

using nlohmann::json;

Settings internal_settings(std::vector<std::string> internal = {"example.co.jp"}) {
  Settings settings;
  settings.internal_domains = std::move(internal);
  return settings;
}

json check(const json& draft_json, const Settings& settings, const HistoryReader& history,
           Locale locale = Locale::kEn) {
  Draft draft = draft_from_json(draft_json);
  AssessOptions options;
  options.locale = locale;
  return payload_to_json(assess(draft, settings, history, options));
}

// All recipients of a payload, flattened, in group order.
std::vector<json> recipients_of(const json& payload) {
  std::vector<json> out;
  for (const json& group : payload["groups"]) {
    for (const json& r : group["recipients"]) out.push_back(r);
  }
  return out;
}

std::vector<std::string> codes_of(const json& recipient) {
  std::vector<std::string> codes;
  for (const json& flag : recipient["flags"]) codes.push_back(flag["code"]);
  return codes;
}

bool has_code(const json& recipient, const std::string& code) {
  auto codes = codes_of(recipient);
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

const json& group_of(const json& payload, const std::string& domain) {
  for (const json& group : payload["groups"]) {
    if (group["domain"] == domain) return group;
  }
  throw std::runtime_error("no group " + domain);
}

// The class of the group that holds `address`.
std::string class_of(const json& payload, const std::string& address) {
  for (const json& group : payload["groups"]) {
    for (const json& r : group["recipients"]) {
      if (r["address"] == address) return group["class"];
    }
  }
  throw std::runtime_error("no recipient " + address);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(assessment_test)

BOOST_AUTO_TEST_CASE(mixed_case_address_in_internal_domain_is_internal) {
  testing::FakeHistory history;
  json payload = check({{"to", {"Taro.Yamada@Example.CO.JP"}}}, internal_settings(), history);
  auto recipients = recipients_of(payload);
  BOOST_TEST_REQUIRE(recipients.size() == 1U);
  BOOST_TEST(recipients[0]["address"] == "taro.yamada@example.co.jp");
  BOOST_TEST(payload["groups"][0]["class"] == "internal");
  BOOST_TEST(has_code(recipients[0], "internal"));
}

BOOST_AUTO_TEST_CASE(internal_domain_boundaries_and_exceptions_in_a_draft) {
  testing::FakeHistory history;
  Settings settings = internal_settings({"example.co.jp", "!lists.example.co.jp"});
  json payload = check({{"to",
                         {"a@tokyo.example.co.jp", "b@unexample.co.jp", "c@example-co.jp",
                          "d@example.co.jp.evil.test", "e@lists.example.co.jp"}}},
                       settings, history);
  BOOST_TEST(class_of(payload, "a@tokyo.example.co.jp") == "internal");
  BOOST_TEST(class_of(payload, "b@unexample.co.jp") == "external");
  BOOST_TEST(class_of(payload, "c@example-co.jp") == "external");
  BOOST_TEST(class_of(payload, "d@example.co.jp.evil.test") == "external");
  // lists.example.co.jp is excepted: external, in a group of its own beside the internal one.
  BOOST_TEST(class_of(payload, "e@lists.example.co.jp") == "external");
  int example_groups = 0;
  for (const json& group : payload["groups"]) {
    if (group["domain"] == "example.co.jp") ++example_groups;
  }
  BOOST_TEST(example_groups == 2);
}

BOOST_AUTO_TEST_CASE(senders_own_domain_is_internal_unless_freemail) {
  testing::FakeHistory history;
  Settings no_list;
  json own = check({{"from", "taro@tokyo.example.co.jp"}, {"to", {"hanako@osaka.example.co.jp"}}},
                   no_list, history);
  BOOST_TEST(own["groups"][0]["class"] == "internal");
  json freemail =
      check({{"from", "taro@gmail.com"}, {"to", {"friend@gmail.com"}}}, no_list, history);
  BOOST_TEST(freemail["groups"][0]["class"] == "freemail");
  BOOST_TEST(has_code(recipients_of(freemail)[0], "external"));
  BOOST_TEST(recipients_of(freemail)[0]["mustConfirm"] == true);
}

BOOST_AUTO_TEST_CASE(unicode_domain_is_converted_and_both_forms_are_in_the_payload) {
  testing::FakeHistory history;
  for (const char* entry : {"例え.jp", "xn--r8jz45g.jp"}) {
    BOOST_TEST_CONTEXT(entry) {
      json payload =
          check({{"to", {"山田 <yamada@例え.jp>"}}}, internal_settings({entry}), history);
      json r = recipients_of(payload).at(0);
      BOOST_TEST(r["address"] == "yamada@xn--r8jz45g.jp");
      BOOST_TEST(r["addressUnicode"] == "yamada@例え.jp");
      BOOST_TEST(r["displayName"] == "山田");
      BOOST_TEST(payload["groups"][0]["domain"] == "xn--r8jz45g.jp");
      BOOST_TEST(payload["groups"][0]["domainUnicode"] == "例え.jp");
      BOOST_TEST(payload["groups"][0]["class"] == "internal");
    }
  }
}

BOOST_AUTO_TEST_CASE(sub_address_of_a_known_person_is_not_first_time) {
  testing::FakeHistory history;
  history.add("hanako@example.jp", "Hanako");
  json payload = check({{"to", {"hanako+invoice@example.jp"}}}, Settings{}, history);
  json r = recipients_of(payload).at(0);
  BOOST_TEST(!has_code(r, "first-time"));
  BOOST_TEST(has_code(r, "sub-address"));
  for (const json& flag : r["flags"]) {
    if (flag["code"] == "sub-address") BOOST_TEST(flag["similarTo"] == "hanako@example.jp");
  }
}

BOOST_AUTO_TEST_CASE(first_time_and_first_time_domain) {
  testing::FakeHistory history;
  history.add("suzuki@partner.example.jp");
  json payload = check(
      {{"to", {"suzuki@partner.example.jp", "sato@partner.example.jp", "new@never-seen.example"}}},
      Settings{}, history);
  auto known = recipients_of(payload);
  std::map<std::string, std::vector<std::string>> by_address;
  for (const json& r : known) by_address[r["address"]] = codes_of(r);
  BOOST_TEST((by_address["suzuki@partner.example.jp"] == std::vector<std::string>{"external"}));
  BOOST_TEST((by_address["sato@partner.example.jp"] ==
              std::vector<std::string>{"external", "first-time"}));
  BOOST_TEST((by_address["new@never-seen.example"] ==
              std::vector<std::string>{"external", "first-time", "first-time-domain"}));
}

BOOST_AUTO_TEST_CASE(another_cloud_tenant_is_a_first_time_domain_in_its_own_group) {
  // contoso.onmicrosoft.com and fabrikam.onmicrosoft.com are two Microsoft 365 tenants: two
  // organisations, although the Public Suffix List does not list onmicrosoft.com.
  testing::FakeHistory history;
  history.add("a@contoso.onmicrosoft.com");
  json payload = check({{"to", {"a@contoso.onmicrosoft.com", "b@fabrikam.onmicrosoft.com"}}},
                       Settings{}, history);
  BOOST_TEST(payload["groups"].size() == 2U);
  const json& fabrikam = group_of(payload, "fabrikam.onmicrosoft.com");
  BOOST_TEST_REQUIRE(fabrikam["recipients"].size() == 1U);
  BOOST_TEST(fabrikam["recipients"][0]["address"] == "b@fabrikam.onmicrosoft.com");
  BOOST_TEST((codes_of(fabrikam["recipients"][0]) ==
              std::vector<std::string>{"external", "first-time", "first-time-domain"}));
  const json& contoso = group_of(payload, "contoso.onmicrosoft.com");
  BOOST_TEST_REQUIRE(contoso["recipients"].size() == 1U);
  BOOST_TEST((codes_of(contoso["recipients"][0]) == std::vector<std::string>{"external"}));
}

BOOST_AUTO_TEST_CASE(senders_own_tenant_is_internal_and_another_tenant_is_not) {
  testing::FakeHistory history;
  json payload = check({{"from", "taro@contoso.onmicrosoft.com"},
                        {"to", {"hanako@contoso.onmicrosoft.com", "b@fabrikam.onmicrosoft.com"}}},
                       Settings{}, history);
  BOOST_TEST(class_of(payload, "hanako@contoso.onmicrosoft.com") == "internal");
  BOOST_TEST(class_of(payload, "b@fabrikam.onmicrosoft.com") == "external");
}

BOOST_AUTO_TEST_CASE(same_display_name_at_two_addresses_is_two_recipients) {
  testing::FakeHistory history;
  json payload = check(
      {{"to", {"山田太郎 <taro.yamada@example.co.jp>, 山田太郎 <yamada@partner.example.jp>"}}},
      internal_settings(), history);
  auto recipients = recipients_of(payload);
  BOOST_TEST_REQUIRE(recipients.size() == 2U);
  BOOST_TEST(payload["recipientCount"] == 2);
  BOOST_TEST(group_of(payload, "example.co.jp")["recipients"][0]["displayName"] == "山田太郎");
  BOOST_TEST(group_of(payload, "example.jp")["recipients"][0]["displayName"] == "山田太郎");
}

BOOST_AUTO_TEST_CASE(group_members_are_classified_one_by_one) {
  testing::FakeHistory history;
  json payload = check({{"to", "Project: taro@example.co.jp, x@partner.example.jp;"}},
                       internal_settings(), history);
  BOOST_TEST(payload["recipientCount"] == 2);
  BOOST_TEST(group_of(payload, "example.co.jp")["class"] == "internal");
  BOOST_TEST(group_of(payload, "example.jp")["class"] == "external");
  json empty = check({{"to", "undisclosed-recipients:;"}}, internal_settings(), history);
  BOOST_TEST(empty["recipientCount"] == 0);
  BOOST_TEST(empty["warnings"][0]["code"] == "no-recipients");
}

BOOST_AUTO_TEST_CASE(quoted_local_part_with_at_sign_uses_the_last_domain) {
  testing::FakeHistory history;
  json payload = check({{"to", {"\"taro@partner.example.com x\"@internal.example.co.jp"}}},
                       internal_settings(), history);
  BOOST_TEST(payload["groups"][0]["domain"] == "example.co.jp");
  BOOST_TEST(payload["groups"][0]["class"] == "internal");
}

BOOST_AUTO_TEST_CASE(unexpanded_list_and_x500_are_unverifiable_and_must_be_confirmed) {
  testing::FakeHistory history;
  json payload =
      check({{"to",
              {"社内全員 <社内全員>", "mailing list <mailing list>",
               "/o=ExchangeLabs/ou=Exchange Administrative Group/cn=Recipients/cn=abc-taro"}}},
            internal_settings(), history);
  auto recipients = recipients_of(payload);
  BOOST_TEST_REQUIRE(recipients.size() == 3U);
  for (const json& r : recipients) {
    BOOST_TEST(has_code(r, "unverifiable"));
    BOOST_TEST(r["mustConfirm"] == true);
  }
  BOOST_TEST(payload["groups"][0]["class"] == "unverifiable");
  BOOST_TEST(payload["verdict"] == "confirm");
}

BOOST_AUTO_TEST_CASE(invalid_domain_is_malformed) {
  testing::FakeHistory history;
  json payload = check({{"to", {"taro@exa..mple.jp"}}}, Settings{}, history);
  json r = recipients_of(payload).at(0);
  BOOST_TEST(has_code(r, "malformed"));
  BOOST_TEST(r["mustConfirm"] == true);
}

BOOST_AUTO_TEST_CASE(all_internal_and_known_skips_the_dialog_only_when_settings_allow) {
  testing::FakeHistory history;
  history.add("hanako@example.co.jp");
  json draft{{"from", "taro@example.co.jp"}, {"to", {"hanako@example.co.jp"}}};
  Settings settings = internal_settings();
  BOOST_TEST(check(draft, settings, history)["verdict"] == "send");
  settings.skip_dialog_when_all_internal_known = false;
  BOOST_TEST(check(draft, settings, history)["verdict"] == "confirm");
  // A first-time internal recipient needs the dialog.
  settings.skip_dialog_when_all_internal_known = true;
  json new_colleague{{"to", {"jiro@example.co.jp"}}};
  json payload = check(new_colleague, settings, history);
  BOOST_TEST(payload["verdict"] == "confirm");
  BOOST_TEST(recipients_of(payload)[0]["mustConfirm"] == true);
}

BOOST_AUTO_TEST_CASE(every_external_recipient_must_be_confirmed_even_when_known) {
  testing::FakeHistory history;
  history.add("suzuki@partner.example.jp");
  json payload = check({{"to", {"suzuki@partner.example.jp"}}}, internal_settings(), history);
  BOOST_TEST(recipients_of(payload)[0]["mustConfirm"] == true);
  BOOST_TEST(payload["verdict"] == "confirm");
  Settings trusted = internal_settings();
  trusted.trusted_domains = {"partner.example.jp"};
  json trusted_payload = check({{"to", {"suzuki@partner.example.jp"}}}, trusted, history);
  BOOST_TEST(trusted_payload["groups"][0]["class"] == "trusted");
  BOOST_TEST(recipients_of(trusted_payload)[0]["mustConfirm"] == false);
}

BOOST_AUTO_TEST_CASE(many_recipients_warning_counts_to_cc_and_bcc) {
  testing::FakeHistory history;
  Settings settings;
  settings.many_recipients_threshold = 2;
  json payload = check({{"to", {"a@x.example"}}, {"cc", {"b@x.example"}}, {"bcc", {"c@x.example"}}},
                       settings, history);
  BOOST_TEST_REQUIRE(payload["warnings"].size() == 1U);
  BOOST_TEST(payload["warnings"][0]["code"] == "many-recipients");
  BOOST_TEST(payload["warnings"][0]["params"]["count"] == 3);
  BOOST_TEST(payload["warnings"][0]["message"] == "3 recipients in To, Cc and Bcc (more than 2).");
}

BOOST_AUTO_TEST_CASE(messages_follow_the_locale) {
  testing::FakeHistory history;
  json ja = check({{"to", {"new@partner.example.jp"}}}, Settings{}, history, Locale::kJa);
  BOOST_TEST(ja["locale"] == "ja");
  json r = recipients_of(ja).at(0);
  BOOST_TEST(r["flags"][1]["code"] == "first-time");
  BOOST_TEST(r["flags"][1]["message"] == "このアドレスへの送信は初めてです。");
  BOOST_TEST(r["flags"][2]["message"] == "example.jp のアドレスへの送信は初めてです。");
}

BOOST_AUTO_TEST_CASE(blocked_domain_in_settings_gives_verdict_block) {
  testing::FakeHistory history;
  Settings settings = internal_settings();
  apply_settings_json(json{{"blockedDomains", {"rival.example"}}}, &settings);
  json payload =
      check({{"to", {"hanako@example.co.jp", "spy@tokyo.rival.example"}}}, settings, history);
  BOOST_TEST(payload["verdict"] == "block");
  bool flagged = false;
  for (const json& r : recipients_of(payload)) {
    if (r["address"] == "spy@tokyo.rival.example") flagged = has_code(r, "blocked");
  }
  BOOST_TEST(flagged);
  json fine = check({{"to", {"hanako@example.co.jp"}}}, settings, history);
  BOOST_TEST(fine["verdict"] == "confirm");
}

BOOST_AUTO_TEST_CASE(body_block_rule_gives_verdict_block) {
  testing::FakeHistory history;
  history.add("hanako@example.co.jp");
  Settings settings = internal_settings();
  apply_settings_json(json{{"rules",
                            {{{"target", "body"},
                              {"match", "contains"},
                              {"patterns", {"極秘"}},
                              {"action", "block"}}}}},
                      &settings);
  json payload = check({{"from", "taro@example.co.jp"},
                        {"to", {"hanako@example.co.jp"}},
                        {"body", "この資料は極秘です。"}},
                       settings, history);
  BOOST_TEST(payload["verdict"] == "block");
  BOOST_TEST(payload["warnings"].back()["code"] == "policy-block");
}

BOOST_AUTO_TEST_CASE(seven_thousand_recipients_are_summarised_by_domain_in_linear_time) {
  testing::FakeHistory history;
  std::vector<std::string> to;
  for (int i = 0; i < 7000; ++i) {
    to.push_back("user" + std::to_string(i) + "@d" + std::to_string(i % 300) + ".example");
  }
  Draft draft = draft_from_json(json{{"to", to}});
  BOOST_TEST_REQUIRE(draft.recipients.size() == 7000U);
  Payload payload = assess(draft, Settings{}, history, AssessOptions{});
  json out = payload_to_json(payload);
  // Linear: a bounded number of point lookups per recipient (address, base address, self) plus
  // one per domain, never a scan. bench/ measures the time.
  BOOST_TEST(history.lookups <= 3 * 7000 + 300);
  BOOST_TEST(out["recipientCount"] == 7000);
  BOOST_TEST(out["groups"].size() == 300U);
  BOOST_TEST(out["truncated"] == true);
  std::int64_t counted = 0;
  std::int64_t listed = 0;
  for (const json& group : out["groups"]) {
    counted += group["recipientCount"].get<std::int64_t>();
    listed += static_cast<std::int64_t>(group["recipients"].size());
    BOOST_TEST(group["recipients"].size() + group.value("omittedCount", 0) ==
               group["recipientCount"].get<std::size_t>());
  }
  BOOST_TEST(counted == 7000);
  BOOST_TEST(listed <= 1000);
  BOOST_TEST(out.dump().size() < 1024U * 1024U);
  BOOST_TEST(out["warnings"].back()["code"] == "recipients-summarised");
}

// Bug: with more groups than listed recipients the fair share per group rounded down to 0, so a
// recipient that had to be confirmed was not listed at all.
BOOST_AUTO_TEST_CASE(flagged_recipient_stays_listed_when_groups_outnumber_the_listing_budget) {
  testing::FakeHistory history;
  Settings settings;
  settings.max_listed_recipients = 10;
  std::vector<std::string> to;
  for (int i = 0; i < 40; ++i) {
    std::string domain = "t" + std::to_string(i) + ".example";
    settings.trusted_domains.push_back(domain);
    history.add("known@" + domain);
    to.push_back("known@" + domain);
  }
  to.push_back("stranger@unknown.example");
  json out = check({{"to", to}}, settings, history);
  BOOST_TEST(out["truncated"] == true);
  bool listed = false;
  for (const json& r : recipients_of(out))
    listed = listed || r["address"] == "stranger@unknown.example";
  BOOST_TEST(listed);
  BOOST_TEST(recipients_of(out).size() == 10U);
}

// Bug: a 1 MB display name made the payload drop the recipient instead of the name.
BOOST_AUTO_TEST_CASE(huge_display_name_is_cut_not_the_recipient) {
  testing::FakeHistory history;
  std::string name(1024 * 1024, 'x');
  json out = check({{"to", {"\"" + name + "\" <a@b.example>"}}}, Settings{}, history);
  auto recipients = recipients_of(out);
  BOOST_TEST_REQUIRE(recipients.size() == 1U);
  BOOST_TEST(recipients[0]["address"] == "a@b.example");
  BOOST_TEST(recipients[0]["displayName"].get<std::string>().size() < 1000U);
  BOOST_TEST(out.dump().size() < 1024U * 1024U);
}

// Bug: 100 000 recipients each at its own domain gave a 17 MB payload (one group each).
BOOST_AUTO_TEST_CASE(recipients_at_twenty_thousand_domains_fit_in_one_mebibyte) {
  testing::FakeHistory history;
  std::vector<std::string> to;
  for (int i = 0; i < 20000; ++i) to.push_back("u@d" + std::to_string(i) + ".example");
  json out = payload_to_json(
      assess(draft_from_json(json{{"to", to}}), Settings{}, history, AssessOptions{}), 900 * 1024);
  BOOST_TEST(out.dump().size() <= 900U * 1024U);
  BOOST_TEST(out["recipientCount"] == 20000);
  std::int64_t counted = out.contains("omittedGroups")
                             ? out["omittedGroups"]["recipientCount"].get<std::int64_t>()
                             : 0;
  for (const json& group : out["groups"]) counted += group["recipientCount"].get<std::int64_t>();
  BOOST_TEST(counted == 20000);
  for (const json& w : out["warnings"]) {
    if (w["code"] == "bcc-suggested") {
      BOOST_TEST(w["params"]["count"] == 20000);
      BOOST_TEST(w["params"]["domains"].size() == 50U);
    }
  }
}

BOOST_AUTO_TEST_CASE(payload_shrinks_its_listing_to_fit_the_byte_budget) {
  testing::FakeHistory history;
  std::vector<std::string> to;
  std::string long_name(2000, 'x');
  for (int i = 0; i < 600; ++i) to.push_back(long_name + " <u" + std::to_string(i) + "@a.example>");
  Payload payload = assess(draft_from_json(json{{"to", to}}), Settings{}, history, AssessOptions{});
  json out = payload_to_json(payload, 256 * 1024);
  BOOST_TEST(out.dump().size() <= 256U * 1024U);
  BOOST_TEST(out["truncated"] == true);
  BOOST_TEST(out["groups"][0]["recipientCount"] == 600);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace sendcheck
