// Layered settings (policy/policy.h): defaults < team policy < user, locked keys,
// concatenated rule lists, explain_settings, and reading the files.
#include <sys/wait.h>
#include <unistd.h>
#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>

#include "policy/policy.h"
#include "sendcheck/error.h"
#include "test_support.h"

namespace sendcheck {
namespace {

using nlohmann::json;

std::string fixture(const std::string& name) {
  return testing::data_path("policy/" + name).string();
}

SettingsLayers layers_of(json policy, json user) {
  SettingsLayers layers;
  layers.policy = std::move(policy);
  layers.user = std::move(user);
  if (layers.policy.contains("locked")) {
    for (const json& key : layers.policy["locked"]) layers.locked.insert(key.get<std::string>());
  }
  return layers;
}

// Runs `f` and returns the code and message of the sendcheck::Error it throws.
template <typename F>
std::pair<std::string, std::string> error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return {e.code(), e.what()};
  }
  return {"(no error)", ""};
}

// Sets an environment variable for the lifetime of the object, then restores it.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::optional<std::string>& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) {
      setenv(name, value->c_str(), 1);
    } else {
      unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      setenv(name_, old_->c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(layers_test)

BOOST_AUTO_TEST_CASE(user_overrides_policy_overrides_defaults) {
  Settings s = effective_settings(
      layers_of({{"countdownSeconds", 3}, {"locale", "en"}}, {{"countdownSeconds", 10}}));
  BOOST_TEST(s.countdown_seconds == 10);
  BOOST_TEST(s.locale == "en");
  BOOST_TEST(s.many_recipients_threshold == 20);
}

BOOST_AUTO_TEST_CASE(a_locked_key_set_by_the_user_is_ignored) {
  Settings s = effective_settings(layers_of(
      {{"internalDomains", {"example.co.jp"}}, {"locked", {"internalDomains", "countdownSeconds"}}},
      {{"internalDomains", {"partner.example"}}, {"countdownSeconds", 9}, {"locale", "ja"}}));
  BOOST_TEST(s.internal_domains == std::vector<std::string>{"example.co.jp"});
  BOOST_TEST(s.countdown_seconds == 0);  // locked at its default
  BOOST_TEST(s.locale == "ja");
}

BOOST_AUTO_TEST_CASE(users_cannot_lock_anything) {
  Settings s =
      effective_settings(layers_of({{"countdownSeconds", 3}}, {{"locked", {"countdownSeconds"}}}));
  BOOST_TEST(s.countdown_seconds == 3);
  SettingsLayers layers = layers_of({{"countdownSeconds", 3}}, {{"locked", {"countdownSeconds"}}});
  BOOST_TEST(explain_settings(layers)["countdownSeconds"]["locked"] == false);
}

BOOST_AUTO_TEST_CASE(rules_and_blocked_lists_are_concatenated_policy_first) {
  json policy_rule{{"target", "subject"}, {"patterns", {"p"}}, {"action", "block"}};
  json user_rule{{"target", "body"}, {"patterns", {"u"}}, {"action", "warn"}};
  Settings s = effective_settings(layers_of({{"rules", {policy_rule}},
                                             {"blockedDomains", {"rival.example"}},
                                             {"blockedAddresses", {"a@x.example"}}},
                                            {{"rules", {user_rule}},
                                             {"blockedDomains", {"spam.example"}},
                                             {"blockedAddresses", json::array()}}));
  BOOST_TEST_REQUIRE(s.rules.size() == 2U);
  BOOST_TEST(s.rules[0].patterns == std::vector<std::string>{"p"});
  BOOST_TEST(s.rules[1].patterns == std::vector<std::string>{"u"});
  BOOST_TEST((s.blocked_domains == std::vector<std::string>{"rival.example", "spam.example"}));
  // An empty user list removes nothing.
  BOOST_TEST(s.blocked_addresses == std::vector<std::string>{"a@x.example"});
}

BOOST_AUTO_TEST_CASE(locked_rules_ignore_the_users_entries) {
  json policy_rule{{"target", "subject"}, {"patterns", {"p"}}, {"action", "block"}};
  json user_rule{{"target", "body"}, {"patterns", {"u"}}, {"action", "warn"}};
  Settings s = effective_settings(
      layers_of({{"rules", {policy_rule}}, {"locked", {"rules", "blockedDomains"}}},
                {{"rules", {user_rule}}, {"blockedDomains", {"spam.example"}}}));
  BOOST_TEST_REQUIRE(s.rules.size() == 1U);
  BOOST_TEST(s.rules[0].patterns == std::vector<std::string>{"p"});
  BOOST_TEST(s.blocked_domains.empty());
}

BOOST_AUTO_TEST_CASE(explain_names_the_layer_and_the_lock) {
  json policy_rule{{"target", "subject"}, {"patterns", {"p"}}, {"action", "block"}};
  json user_rule{{"target", "body"}, {"patterns", {"u"}}, {"action", "warn"}};
  SettingsLayers layers = layers_of(
      {{"internalDomains", {"example.co.jp"}},
       {"countdownSeconds", 3},
       {"rules", {policy_rule}},
       {"blockedDomains", {"rival.example"}},
       {"locked", {"internalDomains"}}},
      {{"internalDomains", {"partner.example"}}, {"locale", "ja"}, {"rules", {user_rule}}});
  json explained = explain_settings(layers);
  BOOST_TEST(explained["internalDomains"] ==
             (json{{"value", {"example.co.jp"}}, {"layer", "policy"}, {"locked", true}}));
  BOOST_TEST(explained["countdownSeconds"] ==
             (json{{"value", 3}, {"layer", "policy"}, {"locked", false}}));
  BOOST_TEST(explained["locale"] == (json{{"value", "ja"}, {"layer", "user"}, {"locked", false}}));
  BOOST_TEST(explained["manyRecipientsThreshold"] ==
             (json{{"value", 20}, {"layer", "default"}, {"locked", false}}));
  BOOST_TEST(explained["rules"]["layer"] == "user");
  BOOST_TEST(explained["rules"]["policyEntries"] == 1);
  BOOST_TEST(explained["rules"]["value"].size() == 2U);
  BOOST_TEST(explained["blockedDomains"]["layer"] == "policy");
  BOOST_TEST(explained["blockedAddresses"]["layer"] == "default");
  // Every setting is explained.
  BOOST_TEST(explained.size() == settings_to_json(Settings{}).size());
}

BOOST_AUTO_TEST_CASE(files_are_read_and_validated) {
  SettingsLayers layers =
      load_settings_layers(fixture("team-policy.json"), fixture("user-settings.json"));
  BOOST_TEST(layers.policy_source == fixture("team-policy.json"));
  BOOST_TEST(layers.user_source == fixture("user-settings.json"));
  BOOST_TEST((layers.locked == std::set<std::string>{"internalDomains", "rules"}));
  Settings s = effective_settings(layers);
  BOOST_TEST(s.internal_domains == std::vector<std::string>{"example.co.jp"});
  BOOST_TEST(s.countdown_seconds == 10);
  BOOST_TEST(s.locale == "ja");
  BOOST_TEST(s.rules.size() == 2U);  // the user's rule is ignored: rules are locked
  BOOST_TEST((s.blocked_domains == std::vector<std::string>{"rival.example", "spam.example"}));
}

BOOST_AUTO_TEST_CASE(file_errors_name_the_file) {
  testing::TempDir dir;
  std::string missing = (dir / "missing.json").string();
  auto [code, message] = error_of([&] { load_settings_layers(missing, ""); });
  BOOST_TEST(code == "input.unreadable");
  BOOST_TEST(message.find(missing) != std::string::npos, message);

  std::tie(code, message) = error_of([&] { load_settings_layers("", missing); });
  BOOST_TEST(code == "input.unreadable");

  std::tie(code, message) = error_of([&] { load_settings_layers(fixture("broken.json"), ""); });
  BOOST_TEST(code == "policy.invalid-json");
  BOOST_TEST(message.starts_with(fixture("broken.json") + ": not valid JSON"));

  std::tie(code, message) =
      error_of([&] { load_settings_layers(fixture("team-policy.json"), fixture("broken.json")); });
  BOOST_TEST(code == "settings.invalid-json");
  BOOST_TEST(message.find("broken.json") != std::string::npos);

  std::tie(code, message) = error_of([&] { load_settings_layers(fixture("bad-rule.json"), ""); });
  BOOST_TEST(code == "settings.bad-value");
  BOOST_TEST(message == fixture("bad-rule.json") +
                            R"(: rules[1].action: expected "warn", "reconfirm" or "block")");

  { std::ofstream(dir / "array.json") << "[1, 2]"; }
  std::tie(code, message) =
      error_of([&] { load_settings_layers("", (dir / "array.json").string()); });
  BOOST_TEST(code == "settings.invalid-json");
  BOOST_TEST(message.find("expected a JSON object") != std::string::npos);

  { std::ofstream(dir / "bad-lock.json") << R"({"locked": "rules"})"; }
  std::tie(code, message) =
      error_of([&] { load_settings_layers((dir / "bad-lock.json").string(), ""); });
  BOOST_TEST(code == "settings.bad-value");
  BOOST_TEST(message.find("locked") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(default_paths_follow_the_environment) {
  testing::TempDir dir;
  {
    ScopedEnv config("SENDCHECK_CONFIG", std::nullopt);
    ScopedEnv xdg("XDG_CONFIG_HOME", dir.path().string());
    BOOST_TEST(default_config_path() == (dir / "sendcheck/settings.json").string());
    // A missing default user file is fine: a user with no settings yet.
    ScopedEnv policy("SENDCHECK_POLICY", fixture("team-policy.json"));
    SettingsLayers layers = load_settings_layers("", "");
    BOOST_TEST(layers.user_source == (dir / "sendcheck/settings.json").string());
    BOOST_TEST(layers.user == json::object());
    BOOST_TEST(layers.policy_source == fixture("team-policy.json"));
  }
  {
    ScopedEnv config("SENDCHECK_CONFIG", fixture("user-settings.json"));
    BOOST_TEST(default_config_path() == fixture("user-settings.json"));
  }
  {
    // $SENDCHECK_POLICY names a policy on purpose: when it is missing, that is an error (a
    // vanished policy must not lift the organisation's blocks).
    ScopedEnv policy("SENDCHECK_POLICY", (dir / "gone.json").string());
    BOOST_TEST(error_of([&] { load_settings_layers("", fixture("user-settings.json")); }).first ==
               "input.unreadable");
  }
}

// Bug: a user settings file nested 100 000 levels deep crashed every command that read it.
BOOST_AUTO_TEST_CASE(deeply_nested_settings_file_is_an_error_not_a_crash) {
  testing::TempDir dir;
  std::string path = (dir / "settings.json").string();
  std::ofstream(path) << "{\"x\":" << std::string(100000, '[') << std::string(100000, ']') << "}";
  try {
    load_settings_layers("", path);
    BOOST_FAIL("expected an error");
  } catch (const Error& e) {
    BOOST_TEST(e.code() == "settings.invalid-json");
    BOOST_TEST(std::string(e.what()).find("nested deeper") != std::string::npos);
  }
}

// Bug: a settings file in a folder the user cannot read was taken as "no settings", dropping
// its blocks without a word.
BOOST_AUTO_TEST_CASE(settings_file_in_unreadable_folder_is_an_error) {
  if (geteuid() == 0) {
    // root reads every folder; drop to nobody in a child process to see the refusal.
    testing::TempDir dir;
    std::filesystem::create_directory(dir / "private");
    std::string path = (dir / "private" / "settings.json").string();
    std::ofstream(path) << R"({"blockedDomains": ["b.example"]})";
    std::filesystem::permissions(dir / "private", std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace);
    std::filesystem::permissions(dir.path(), std::filesystem::perms::all,
                                 std::filesystem::perm_options::replace);
    pid_t child = fork();
    if (child == 0) {
      if (setgid(65534) != 0 || setuid(65534) != 0) _exit(3);
      try {
        load_settings_layers("", path);
      } catch (const Error& e) {
        _exit(e.code() == "input.unreadable" ? 0 : 1);
      }
      _exit(2);
    }
    int status = 0;
    waitpid(child, &status, 0);
    BOOST_TEST(WIFEXITED(status));
    BOOST_TEST(WEXITSTATUS(status) == 0);
    std::filesystem::permissions(dir.path(), std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace);
  } else {
    BOOST_TEST_MESSAGE("not root: the check needs a user that cannot read the folder; skipped");
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace sendcheck
