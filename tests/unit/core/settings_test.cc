// Settings values: what is accepted and what is refused with settings.bad-value.
#include "sendcheck/settings.h"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "sendcheck/error.h"
#include "test_support.h"

namespace sendcheck {
namespace {

std::string error_of(const nlohmann::json& json) {
  Settings settings;
  try {
    apply_settings_json(json, &settings);
  } catch (const Error& e) {
    return e.code() + ": " + e.what();
  }
  return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(settings_test)

// Bug: "co.jp" was accepted as an internal domain, making x@other-company.co.jp internal.
BOOST_AUTO_TEST_CASE(public_suffix_is_refused_as_internal_or_trusted_domain) {
  for (const char* key : {"internalDomains", "trustedDomains", "freemailDomains"}) {
    for (const char* entry : {"co.jp", "jp", "!co.jp", "*.co.jp", "kawasaki.jp", "notvalid"}) {
      BOOST_TEST_CONTEXT(key << " " << entry) {
        BOOST_TEST(
            error_of({{key, {entry}}}).starts_with("settings.bad-value: " + std::string(key)));
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(invalid_domains_are_refused) {
  BOOST_TEST(error_of({{"internalDomains", {"bad domain..jp"}}}).starts_with("settings.bad-value"));
  BOOST_TEST(error_of({{"trustedDomains", {""}}}).starts_with("settings.bad-value"));
  BOOST_TEST(error_of({{"internalDomains", {"!"}}}).starts_with("settings.bad-value"));
}

BOOST_AUTO_TEST_CASE(organisation_domains_and_exceptions_are_accepted) {
  Settings settings;
  apply_settings_json(
      {{"internalDomains",
        {"example.co.jp", "!lists.example.co.jp", "例え.jp", "city.kawasaki.jp", "*.example.com"}},
       {"failClosed", true}},
      &settings);
  BOOST_TEST(settings.internal_domains.size() == 5U);
  BOOST_TEST(settings.fail_closed);
  BOOST_TEST(settings_to_json(settings)["failClosed"] == true);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace sendcheck
