// The team policy from a URL (policy/policy.h) with a fake fetcher and a fake clock: the
// layering defaults < policy file < fetched < user, the cache of the last good copy, when the
// network is used, and that no failure ever drops the last good copy.
#include <sys/stat.h>

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "policy/policy.h"
#include "sendcheck/error.h"
#include "test_support.h"

namespace sendcheck {
namespace {

using nlohmann::json;

constexpr const char* kUrl = "https://policy.example.jp/sendcheck/policy.json";

// Answers from a script, in order; records every request.
class FakeFetcher : public PolicyFetcher {
 public:
  PolicyFetchResponse fetch(const PolicyFetchRequest& request) const override {
    std::lock_guard<std::mutex> lock(mutex_);
    requests_.push_back(request);
    if (answers_.empty()) return PolicyFetchResponse{0, "", "", "policy.fetch-failed", "no script"};
    PolicyFetchResponse answer = answers_.front();
    answers_.pop_front();
    return answer;
  }
  void answer(int status, std::string body, std::string etag = "") {
    std::lock_guard<std::mutex> lock(mutex_);
    answers_.push_back(PolicyFetchResponse{status, std::move(body), std::move(etag), "", ""});
  }
  void fail(const std::string& code, const std::string& message) {
    std::lock_guard<std::mutex> lock(mutex_);
    answers_.push_back(PolicyFetchResponse{0, "", "", code, message});
  }
  std::vector<PolicyFetchRequest> requests() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }

 private:
  mutable std::mutex mutex_;
  mutable std::deque<PolicyFetchResponse> answers_;
  mutable std::vector<PolicyFetchRequest> requests_;
};

// A policy file naming a URL, a cache path and a clock, all in a temporary folder.
struct Fixture {
  testing::TempDir dir;
  std::shared_ptr<FakeFetcher> fetcher = std::make_shared<FakeFetcher>();
  std::int64_t now = 1'800'000'000;  // 2027-01-15T08:00:00Z

  std::string policy_path() const { return (dir / "policy.json").string(); }
  std::string user_path() const { return (dir / "settings.json").string(); }
  std::string cache_path() const { return (dir / "data" / "team-policy-cache.json").string(); }

  void write(const std::string& path, const json& value) const {
    std::ofstream(path) << value.dump(2);
  }
  void write_policy(json policy, const std::string& url = kUrl) const {
    policy["policyUrl"] = url;
    write(policy_path(), policy);
  }
  PolicyUrlOptions options(PolicyRefresh refresh) {
    PolicyUrlOptions out;
    out.fetcher = fetcher;
    out.refresh = refresh;
    out.cache_path = cache_path();
    out.now = [this] { return now; };
    return out;
  }
  SettingsLayers load(PolicyRefresh refresh = PolicyRefresh::kWhenDue) {
    if (!std::filesystem::exists(user_path())) write(user_path(), json::object());
    return load_settings_layers(policy_path(), user_path(), options(refresh));
  }
};

const json kFetched = {{"countdownSeconds", 7},
                       {"blockedDomains", {"rival.example"}},
                       {"rules",
                        {{{"id", "url-rule"},
                          {"target", "subject"},
                          {"match", "contains"},
                          {"patterns", {"極秘"}},
                          {"action", "block"}}}},
                       {"locked", {"countdownSeconds"}}};

BOOST_AUTO_TEST_SUITE(policy_url_test)

BOOST_AUTO_TEST_CASE(a_policy_file_without_policy_url_never_fetches) {
  Fixture f;
  f.write(f.policy_path(), json{{"countdownSeconds", 3}});
  SettingsLayers layers = f.load(PolicyRefresh::kForce);
  BOOST_TEST(f.fetcher->requests().empty());
  BOOST_TEST(layers.policy_url.url == "");
  BOOST_TEST(layers.fetched == json::object());
  BOOST_TEST(!std::filesystem::exists(f.cache_path()));
}

BOOST_AUTO_TEST_CASE(the_fetched_policy_sits_between_the_policy_file_and_the_user) {
  Fixture f;
  f.write_policy({{"countdownSeconds", 3},
                  {"internalDomains", {"example.co.jp"}},
                  {"rules",
                   {{{"id", "file-rule"},
                     {"target", "body"},
                     {"match", "contains"},
                     {"patterns", {"社外秘"}},
                     {"action", "warn"}}}},
                  {"locked", {"internalDomains"}}});
  f.write(f.user_path(), {{"countdownSeconds", 20},
                          {"locale", "en"},
                          {"internalDomains", {"user.example"}},
                          {"rules",
                           {{{"id", "user-rule"},
                             {"target", "body"},
                             {"match", "contains"},
                             {"patterns", {"x"}},
                             {"action", "warn"}}}}});
  f.fetcher->answer(200, kFetched.dump(), "\"v1\"");
  SettingsLayers layers = f.load();

  BOOST_TEST(f.fetcher->requests().size() == 1u);
  BOOST_TEST(f.fetcher->requests()[0].url == kUrl);
  BOOST_TEST(f.fetcher->requests()[0].etag == "");  // nothing cached yet
  BOOST_TEST(f.fetcher->requests()[0].timeout.count() == 5);
  BOOST_TEST(layers.policy_url.status == "ok");
  BOOST_TEST(layers.policy_url.fetched_at == "2027-01-15T08:00:00Z");
  BOOST_TEST(layers.policy_url.etag == "\"v1\"");
  BOOST_TEST(layers.fetched == kFetched);
  // Locked keys: the union of both policy layers.
  BOOST_TEST((layers.locked == std::set<std::string>{"countdownSeconds", "internalDomains"}));

  Settings s = effective_settings(layers);
  BOOST_TEST(s.countdown_seconds == 7);  // the URL's value; the user's 20 is locked out
  BOOST_TEST(s.locale == "en");          // a user key the policies do not lock
  BOOST_TEST(s.internal_domains == std::vector<std::string>{"example.co.jp"});
  BOOST_TEST(s.blocked_domains == std::vector<std::string>{"rival.example"});
  BOOST_REQUIRE(s.rules.size() == 3u);  // file, URL, user
  BOOST_TEST(s.rules[0].id == "file-rule");
  BOOST_TEST(s.rules[1].id == "url-rule");
  BOOST_TEST(s.rules[2].id == "user-rule");

  json explained = explain_settings(layers);
  BOOST_TEST(explained["countdownSeconds"]["layer"] == "policy-url");
  BOOST_TEST(explained["countdownSeconds"]["locked"] == true);
  BOOST_TEST(explained["blockedDomains"]["layer"] == "policy-url");
  BOOST_TEST(explained["internalDomains"]["layer"] == "policy");
  BOOST_TEST(explained["locale"]["layer"] == "user");
  BOOST_TEST(explained["rules"]["layer"] == "user");
  BOOST_TEST(explained["rules"]["policyEntries"] == 2);
  BOOST_TEST(explained["rules"]["policyUrlEntries"] == 1);
  BOOST_TEST(explained["policyUrl"]["layer"] == "policy");
}

BOOST_AUTO_TEST_CASE(the_cache_is_written_0600_and_a_fresh_copy_needs_no_network) {
  Fixture f;
  f.write_policy({});
  f.fetcher->answer(200, kFetched.dump(), "\"v1\"");
  f.load();
  struct stat info {};
  BOOST_REQUIRE(::stat(f.cache_path().c_str(), &info) == 0);
  BOOST_TEST((info.st_mode & 0777) == 0600u);
  json cache = json::parse(testing::read_file(f.cache_path()));
  BOOST_TEST(cache["url"] == kUrl);
  BOOST_TEST(cache["etag"] == "\"v1\"");
  BOOST_TEST(cache["fetchedAt"] == "2027-01-15T08:00:00Z");
  BOOST_TEST(cache["checkedAt"] == "2027-01-15T08:00:00Z");
  BOOST_TEST(cache["policy"] == kFetched);

  f.now += 3599;  // policyRefreshSeconds defaults to 3600
  SettingsLayers layers = f.load();
  BOOST_TEST(f.fetcher->requests().size() == 1u);
  BOOST_TEST(layers.fetched == kFetched);
  BOOST_TEST(!layers.policy_url.fetched_now);
}

BOOST_AUTO_TEST_CASE(a_stale_copy_is_checked_with_its_etag_and_304_keeps_it) {
  Fixture f;
  f.write_policy({{"policyRefreshSeconds", 600}});
  f.fetcher->answer(200, kFetched.dump(), "\"v1\"");
  f.load();
  f.now += 600;
  f.fetcher->answer(304, "");
  SettingsLayers layers = f.load();
  BOOST_REQUIRE(f.fetcher->requests().size() == 2u);
  BOOST_TEST(f.fetcher->requests()[1].etag == "\"v1\"");
  BOOST_TEST(layers.policy_url.status == "not-modified");
  BOOST_TEST(layers.policy_url.fetched_at == "2027-01-15T08:00:00Z");
  BOOST_TEST(layers.policy_url.checked_at == "2027-01-15T08:10:00Z");
  BOOST_TEST(layers.fetched == kFetched);
}

BOOST_AUTO_TEST_CASE(no_failure_drops_the_last_good_copy) {
  Fixture f;
  f.write_policy({});
  f.fetcher->answer(200, kFetched.dump(), "\"v1\"");
  f.load();

  struct Case {
    const char* what;
    std::function<void()> script;
    const char* code;
  };
  std::vector<Case> cases = {
      {"500", [&] { f.fetcher->answer(500, "oops"); }, "policy.http-status"},
      {"invalid JSON", [&] { f.fetcher->answer(200, "{\"countdownSeconds\": ", "\"v2\""); },
       "policy.invalid-json"},
      {"not an object", [&] { f.fetcher->answer(200, "[1, 2]", "\"v2\""); }, "policy.invalid-json"},
      {"invalid settings",
       [&] { f.fetcher->answer(200, R"({"countdownSeconds": "soon"})", "\"v2\""); },
       "settings.bad-value"},
      {"bad locked", [&] { f.fetcher->answer(200, R"({"locked": "rules"})", "\"v2\""); },
       "settings.bad-value"},
      {"too large",
       [&] {
         f.fetcher->answer(200, "{\"x\": \"" + std::string(kMaxPolicyBytes, 'a') + "\"}", "");
       },
       "policy.too-large"},
      {"timeout", [&] { f.fetcher->fail("policy.fetch-timeout", "no answer within 5 s"); },
       "policy.fetch-timeout"},
      {"refused", [&] { f.fetcher->fail("policy.fetch-failed", "Connection refused"); },
       "policy.fetch-failed"},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.what) {
      f.now += 10;
      c.script();
      SettingsLayers layers = f.load(PolicyRefresh::kForce);
      BOOST_TEST(layers.policy_url.status == "failed");
      BOOST_TEST(layers.policy_url.error_code == c.code);
      BOOST_TEST(layers.fetched == kFetched);
      BOOST_TEST(layers.policy_url.etag == "\"v1\"");
      BOOST_TEST(layers.policy_url.fetched_at == "2027-01-15T08:00:00Z");
      BOOST_TEST(effective_settings(layers).countdown_seconds == 7);
      BOOST_TEST(layers.locked.count("countdownSeconds") == 1u);
      BOOST_TEST(layers.policy_url.failing_since == "2027-01-15T08:00:10Z");
    }
  }
  // The body of a failed answer is never in the message.
  f.now += 10;
  f.fetcher->answer(200, R"({"countdownSeconds": "SECRET-BODY"})");
  SettingsLayers layers = f.load(PolicyRefresh::kForce);
  BOOST_TEST(layers.policy_url.error_message.find("SECRET-BODY") == std::string::npos);

  // A valid new policy replaces the copy and ends the failures.
  f.now += 10;
  f.fetcher->answer(200, R"({"countdownSeconds": 9})", "\"v3\"");
  layers = f.load(PolicyRefresh::kForce);
  BOOST_TEST(layers.policy_url.status == "ok");
  BOOST_TEST(layers.policy_url.error_code == "");
  BOOST_TEST(layers.policy_url.failing_since == "");
  BOOST_TEST(layers.policy_url.etag == "\"v3\"");
  BOOST_TEST(effective_settings(layers).countdown_seconds == 9);
  BOOST_TEST(layers.locked.empty());
}

BOOST_AUTO_TEST_CASE(without_a_copy_a_failure_leaves_the_policy_file_in_force) {
  Fixture f;
  f.write_policy({{"countdownSeconds", 3}});
  f.fetcher->answer(503, "");
  SettingsLayers layers = f.load();
  BOOST_TEST(layers.policy_url.status == "failed");
  BOOST_TEST(layers.policy_url.error_code == "policy.http-status");
  BOOST_TEST(layers.fetched == json::object());
  BOOST_TEST(effective_settings(layers).countdown_seconds == 3);
  // 304 to a request without an ETag is no answer either.
  f.fetcher->answer(304, "");
  layers = f.load(PolicyRefresh::kForce);
  BOOST_TEST(layers.policy_url.error_code == "policy.http-status");
  BOOST_TEST(layers.fetched == json::object());
}

BOOST_AUTO_TEST_CASE(after_a_failure_the_next_automatic_try_waits_a_minute) {
  Fixture f;
  f.write_policy({});
  f.fetcher->fail("policy.fetch-failed", "Connection refused");
  f.load();
  f.now += kPolicyRetrySeconds - 1;
  SettingsLayers layers = f.load();
  BOOST_TEST(f.fetcher->requests().size() == 1u);
  BOOST_TEST(layers.policy_url.status == "failed");
  f.now += 1;
  f.fetcher->answer(200, kFetched.dump(), "\"v1\"");
  layers = f.load();
  BOOST_TEST(f.fetcher->requests().size() == 2u);
  BOOST_TEST(layers.fetched == kFetched);
}

BOOST_AUTO_TEST_CASE(a_cache_written_for_another_url_is_not_used) {
  Fixture f;
  f.write_policy({}, "https://old.example.jp/policy.json");
  f.fetcher->answer(200, kFetched.dump(), "\"old\"");
  f.load();
  f.write_policy({});  // the administrator moved the policy
  SettingsLayers cached = f.load(PolicyRefresh::kCacheOnly);
  BOOST_TEST(cached.fetched == json::object());
  BOOST_TEST(cached.policy_url.ignored_other_url_cache);
  BOOST_TEST(cached.policy_url.etag == "");

  f.fetcher->answer(200, R"({"countdownSeconds": 2})", "\"new\"");
  SettingsLayers layers = f.load();
  BOOST_REQUIRE(f.fetcher->requests().size() == 2u);
  BOOST_TEST(f.fetcher->requests()[1].url == kUrl);
  BOOST_TEST(f.fetcher->requests()[1].etag == "");  // not the other URL's ETag
  BOOST_TEST(effective_settings(layers).countdown_seconds == 2);
}

BOOST_AUTO_TEST_CASE(a_damaged_or_edited_cache_is_not_trusted) {
  Fixture f;
  f.write_policy({});
  std::filesystem::create_directories(std::filesystem::path(f.cache_path()).parent_path());
  for (const std::string& text :
       {std::string("{\"url\": \"") + kUrl + "\", \"policy\": {\"countdownSeconds\": \"x\"}}",
        std::string("not json")}) {
    BOOST_TEST_CONTEXT(text) {
      std::ofstream(f.cache_path()) << text;
      SettingsLayers layers = f.load(PolicyRefresh::kCacheOnly);
      BOOST_TEST(layers.fetched == json::object());
      BOOST_TEST(effective_settings(layers).countdown_seconds == 0);
    }
  }
  f.fetcher->answer(200, kFetched.dump(), "\"v1\"");
  BOOST_TEST(f.load().fetched == kFetched);  // replaced by the next fetch
}

BOOST_AUTO_TEST_CASE(policy_url_counts_only_in_the_policy_file) {
  Fixture f;
  f.write_policy({});
  f.write(f.user_path(), {{"policyUrl", "https://user.example/p.json"},
                          {"policyRefreshSeconds", 604800},
                          {"policyTimeoutSeconds", 60}});
  f.fetcher->answer(200, R"({"policyUrl": "https://elsewhere.example/p.json",
                             "policyTimeoutSeconds": 1, "countdownSeconds": 4})",
                    "\"v1\"");
  SettingsLayers layers = f.load();
  Settings s = effective_settings(layers);
  BOOST_TEST(s.policy_url == kUrl);
  BOOST_TEST(s.policy_refresh_seconds == 3600);
  BOOST_TEST(s.policy_timeout_seconds == 5);
  BOOST_TEST(s.countdown_seconds == 4);
  BOOST_TEST(explain_settings(layers)["policyTimeoutSeconds"]["layer"] == "default");
  // The fetched policy's URL is not followed.
  f.now += 3600;
  f.fetcher->answer(304, "");
  f.load();
  BOOST_TEST(f.fetcher->requests().back().url == kUrl);

  // A user cannot set them.
  testing::TempDir other;
  std::string path = (other / "settings.json").string();
  for (const char* key : {"policyUrl", "policyRefreshSeconds", "policyTimeoutSeconds"}) {
    json value = std::string(key) == "policyUrl" ? json("https://x.example/p") : json(600);
    try {
      set_user_setting(path, key, value, SettingsLayers{});
      BOOST_ERROR(std::string(key) + ": no error");
    } catch (const Error& e) {
      BOOST_TEST(e.code() == "settings.locked");
    }
  }
}

BOOST_AUTO_TEST_CASE(keys_locked_by_the_fetched_policy_refuse_settings_set) {
  Fixture f;
  f.write_policy({});
  f.fetcher->answer(200, kFetched.dump(), "\"v1\"");
  SettingsLayers layers = load_policy_layer(f.policy_path(), f.options(PolicyRefresh::kWhenDue));
  try {
    set_user_setting(f.user_path(), "countdownSeconds", 1, layers);
    BOOST_ERROR("no error");
  } catch (const Error& e) {
    BOOST_TEST(e.code() == "settings.locked");
    BOOST_TEST(std::string(e.what()).find(kUrl) != std::string::npos, e.what());
  }
  BOOST_TEST(!std::filesystem::exists(f.user_path()));
  set_user_setting(f.user_path(), "locale", "ja", layers);  // not locked
}

BOOST_AUTO_TEST_CASE(http_is_refused_unless_loopback_and_the_test_flag) {
  Fixture f;
  unsetenv("SENDCHECK_TEST_ALLOW_HTTP_POLICY");
  f.write_policy({}, "http://127.0.0.1:8080/policy.json");
  SettingsLayers layers = f.load(PolicyRefresh::kForce);
  BOOST_TEST(f.fetcher->requests().empty());
  BOOST_TEST(layers.policy_url.status == "failed");
  BOOST_TEST(layers.policy_url.error_code == "policy.url-refused");
  BOOST_TEST(layers.policy_url.error_message.find("SENDCHECK_TEST_ALLOW_HTTP_POLICY") !=
             std::string::npos);

  setenv("SENDCHECK_TEST_ALLOW_HTTP_POLICY", "1", 1);
  BOOST_TEST(policy_url_problem("http://127.0.0.1:8080/policy.json") == "");
  BOOST_TEST(policy_url_problem("http://[::1]:8080/policy.json") == "");
  BOOST_TEST(policy_url_problem("http://policy.example.jp/policy.json") != "");
  BOOST_TEST(policy_url_problem("http://127.0.0.1:80@evil.example/policy.json") != "");
  BOOST_TEST(policy_url_problem("http://127.0.0.1.evil.example/policy.json") != "");
  f.fetcher->answer(200, kFetched.dump(), "");
  layers = f.load(PolicyRefresh::kForce);
  BOOST_TEST(f.fetcher->requests().size() == 1u);
  BOOST_TEST(layers.fetched == kFetched);
  unsetenv("SENDCHECK_TEST_ALLOW_HTTP_POLICY");

  BOOST_TEST(policy_url_problem("https://policy.example.jp/p.json") == "");
  BOOST_TEST(policy_url_problem("https:///p.json") != "");
  BOOST_TEST(policy_url_problem("ftp://policy.example.jp/p.json") != "");
}

BOOST_AUTO_TEST_CASE(the_cache_only_mode_and_no_fetcher_never_use_the_network) {
  Fixture f;
  f.write_policy({});
  SettingsLayers layers = f.load(PolicyRefresh::kCacheOnly);
  BOOST_TEST(f.fetcher->requests().empty());
  BOOST_TEST(layers.policy_url.status == "never");
  PolicyUrlOptions no_fetcher = f.options(PolicyRefresh::kForce);
  no_fetcher.fetcher = nullptr;
  layers = load_policy_layer(f.policy_path(), no_fetcher);
  BOOST_TEST(layers.policy_url.status == "never");
  BOOST_TEST(layers.policy_url.url == kUrl);
}

BOOST_AUTO_TEST_CASE(the_native_host_mode_refreshes_a_stale_copy_in_the_background) {
  Fixture f;
  f.write_policy({});
  // No copy: fetched at once.
  f.fetcher->answer(200, kFetched.dump(), "\"v1\"");
  SettingsLayers layers = f.load(PolicyRefresh::kDeferStale);
  BOOST_TEST(layers.fetched == kFetched);
  BOOST_TEST(!layers.policy_url.refresh_pending);
  // Stale: this run uses the copy; the refresh happens behind it.
  f.now += 4000;
  f.fetcher->answer(200, R"({"countdownSeconds": 11})", "\"v2\"");
  layers = f.load(PolicyRefresh::kDeferStale);
  BOOST_TEST(layers.fetched == kFetched);
  BOOST_TEST(layers.policy_url.refresh_pending);
  BOOST_TEST(finish_policy_refresh(std::chrono::seconds(10)));
  BOOST_REQUIRE(f.fetcher->requests().size() == 2u);
  BOOST_TEST(f.fetcher->requests()[1].etag == "\"v1\"");
  layers = f.load(PolicyRefresh::kDeferStale);
  BOOST_TEST(effective_settings(layers).countdown_seconds == 11);
  BOOST_TEST(!layers.policy_url.refresh_pending);
  BOOST_TEST(f.fetcher->requests().size() == 2u);
}

BOOST_AUTO_TEST_CASE(the_cache_sits_next_to_the_history) {
  testing::TempDir dir;
  std::string old_db = std::getenv("SENDCHECK_DB") ? std::getenv("SENDCHECK_DB") : "";
  setenv("SENDCHECK_DB", (dir / "db" / "history.sqlite3").c_str(), 1);
  BOOST_TEST(default_policy_cache_path() == (dir / "db" / "team-policy-cache.json").string());
  unsetenv("SENDCHECK_DB");
  std::string old_xdg = std::getenv("XDG_DATA_HOME") ? std::getenv("XDG_DATA_HOME") : "";
  setenv("XDG_DATA_HOME", dir.path().c_str(), 1);
  BOOST_TEST(default_policy_cache_path() ==
             (dir / "sendcheck" / "team-policy-cache.json").string());
  if (old_xdg.empty()) {
    unsetenv("XDG_DATA_HOME");
  } else {
    setenv("XDG_DATA_HOME", old_xdg.c_str(), 1);
  }
  if (!old_db.empty()) setenv("SENDCHECK_DB", old_db.c_str(), 1);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace sendcheck
