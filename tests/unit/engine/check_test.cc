// engine/check.h: the locale of a check, the check against no history, its audit entry.
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include "engine/check.h"
#include "mail/draft_reader.h"
#include "sendcheck/draft.h"

namespace sendcheck {
namespace {

using nlohmann::json;

BOOST_AUTO_TEST_SUITE(check_test)

BOOST_AUTO_TEST_CASE(the_locale_is_requested_then_draft_then_settings_then_fallback) {
  Draft draft;
  Settings settings;
  BOOST_TEST((engine::choose_locale(std::nullopt, draft, settings, Locale::kJa) == Locale::kJa));
  BOOST_TEST((engine::choose_locale(std::nullopt, draft, settings, Locale::kEn) == Locale::kEn));
  settings.locale = "ja";
  BOOST_TEST((engine::choose_locale(std::nullopt, draft, settings, Locale::kEn) == Locale::kJa));
  draft.locale = "en";
  BOOST_TEST((engine::choose_locale(std::nullopt, draft, settings, Locale::kJa) == Locale::kEn));
  BOOST_TEST((engine::choose_locale(Locale::kJa, draft, settings, Locale::kEn) == Locale::kJa));
}

BOOST_AUTO_TEST_CASE(a_check_without_history_and_its_audit_entry) {
  Draft draft = draft_from_json(json::parse(R"({
    "from": "taro@example.co.jp", "to": ["suzuki@partner.example.jp"],
    "attachments": [{"name": "a.pdf", "size": 10, "contentType": "application/pdf"}]})"));
  engine::Check check = engine::prepare_check(draft, Settings{}, std::nullopt, Locale::kEn);
  Payload payload = engine::run_check(check, nullptr);
  BOOST_TEST(payload.recipient_count == 1);
  AuditEntry entry = engine::audit_entry("checked", check, payload, 42);
  BOOST_TEST(entry.time == 42);
  BOOST_TEST(entry.action == "checked");
  BOOST_TEST(entry.verdict == std::string(verdict_name(payload.verdict)));
  BOOST_TEST_REQUIRE(entry.recipients.size() == 1u);
  BOOST_TEST(entry.recipients[0].address == "suzuki@partner.example.jp");
  BOOST_TEST_REQUIRE(entry.attachments.size() == 1u);
  BOOST_TEST(entry.attachments[0].name == "a.pdf");
  BOOST_TEST(entry.fingerprint == draft_fingerprint(check.draft));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace sendcheck
