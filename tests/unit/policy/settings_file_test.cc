// Writing the user settings file (set_user_setting): locks, validation, atomic 0600 writes.
#include <sys/stat.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <functional>

#include "policy/policy.h"
#include "sendcheck/error.h"
#include "test_support.h"

namespace sendcheck {
namespace {

using nlohmann::json;

json read_json(const std::filesystem::path& path) { return json::parse(testing::read_file(path)); }

std::string error_code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.code();
  }
  return "(no error)";
}

SettingsLayers locking(std::initializer_list<std::string> keys) {
  SettingsLayers layers;
  layers.policy_source = "/etc/sendcheck/policy.json";
  layers.locked = keys;
  return layers;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(settings_file_test)

BOOST_AUTO_TEST_CASE(creates_the_file_and_its_folder_private) {
  testing::TempDir dir;
  std::filesystem::path path = dir / "config/sendcheck/settings.json";
  set_user_setting(path.string(), "countdownSeconds", 5, SettingsLayers{});
  BOOST_TEST(read_json(path) == (json{{"countdownSeconds", 5}}));
  auto mode = std::filesystem::status(path).permissions() & std::filesystem::perms::all;
  BOOST_TEST(static_cast<int>(mode) == 0600);
  auto folder =
      std::filesystem::status(path.parent_path()).permissions() & std::filesystem::perms::all;
  BOOST_TEST(static_cast<int>(folder) == 0700);
  // No temporary file is left beside it.
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(path.parent_path())) {
    (void)entry;
    ++files;
  }
  BOOST_TEST(files == 1);
}

BOOST_AUTO_TEST_CASE(keeps_other_keys_and_null_removes_a_key) {
  testing::TempDir dir;
  std::filesystem::path path = dir / "settings.json";
  { std::ofstream(path) << R"({"locale": "ja", "futureKey": {"kept": true}})"; }
  set_user_setting(path.string(), "internalDomains", json{"example.co.jp"}, SettingsLayers{});
  BOOST_TEST(read_json(path) == (json{{"locale", "ja"},
                                      {"futureKey", {{"kept", true}}},
                                      {"internalDomains", {"example.co.jp"}}}));
  set_user_setting(path.string(), "locale", nullptr, SettingsLayers{});
  BOOST_TEST(!read_json(path).contains("locale"));
}

BOOST_AUTO_TEST_CASE(refuses_locked_unknown_and_invalid) {
  testing::TempDir dir;
  std::filesystem::path path = dir / "settings.json";
  { std::ofstream(path) << R"({"locale": "ja"})"; }
  std::string before = testing::read_file(path);

  try {
    set_user_setting(path.string(), "internalDomains", json{"x.example"},
                     locking({"internalDomains"}));
    BOOST_FAIL("no error");
  } catch (const Error& e) {
    BOOST_TEST(e.code() == "settings.locked");
    BOOST_TEST(std::string(e.what()) ==
               "internalDomains: locked by the team policy (/etc/sendcheck/policy.json)");
  }
  BOOST_TEST(error_code_of([&] {
               set_user_setting(path.string(), "countdownSecs", 5, SettingsLayers{});
             }) == "settings.unknown-key");
  BOOST_TEST(error_code_of([&] {
               set_user_setting(path.string(), "locked", json{"rules"}, SettingsLayers{});
             }) == "settings.unknown-key");
  BOOST_TEST(error_code_of([&] {
               set_user_setting(path.string(), "countdownSeconds", 9999, SettingsLayers{});
             }) == "settings.bad-value");
  BOOST_TEST(
      error_code_of([&] {
        set_user_setting(path.string(), "rules", json{{{"target", "body"}}}, SettingsLayers{});
      }) == "settings.bad-value");
  BOOST_TEST(testing::read_file(path) == before);
}

BOOST_AUTO_TEST_CASE(a_broken_file_is_not_overwritten) {
  testing::TempDir dir;
  std::filesystem::path path = dir / "settings.json";
  { std::ofstream(path) << "{ broken"; }
  BOOST_TEST(error_code_of([&] {
               set_user_setting(path.string(), "locale", "en", SettingsLayers{});
             }) == "settings.invalid-json");
  BOOST_TEST(testing::read_file(path) == "{ broken");
}

BOOST_AUTO_TEST_CASE(a_set_value_is_read_back_through_the_layers) {
  testing::TempDir dir;
  std::filesystem::path path = dir / "settings.json";
  set_user_setting(path.string(), "rules",
                   json{{{"target", "subject"}, {"patterns", {"x"}}, {"action", "warn"}}},
                   SettingsLayers{});
  SettingsLayers layers =
      load_settings_layers(testing::data_path("policy/team-policy.json").string(), path.string());
  json explained = explain_settings(layers);
  // rules are locked by the team policy: the user's rule is ignored.
  BOOST_TEST(explained["rules"]["layer"] == "policy");
  BOOST_TEST(explained["rules"]["locked"] == true);
  BOOST_TEST(explained["rules"]["value"].size() == 2U);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace sendcheck
