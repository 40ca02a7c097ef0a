// The administrative commands of the real binary: settings show/set, check --policy, allowlist,
// history forget.
#include <sys/wait.h>

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "test_support.h"

namespace sendcheck {
namespace {

using nlohmann::json;

using Result = testing::CommandResult;

// The real binary with a clean environment apart from `env` (HOME is the temporary folder, so
// the default settings file is dir/.config/sendcheck/settings.json).
Result run(const std::string& args, const testing::TempDir& dir, const std::string& env = "") {
  return testing::run_sendcheck(args, dir, env);
}

std::string fixture(const std::string& name) {
  return testing::data_path("policy/" + name).string();
}

std::string demo(const std::string& name) {
  return (std::filesystem::path(SENDCHECK_TEST_DATA_DIR).parent_path().parent_path() / "demo" /
          name)
      .string();
}

// The line of `settings show` for `key`.
std::string line_of(const std::string& text, const std::string& key) {
  size_t at = text.find("\n" + key + " ");
  if (at == std::string::npos) return {};
  size_t end = text.find('\n', at + 1);
  return text.substr(at + 1, end - at - 1);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cli_admin_test)

BOOST_AUTO_TEST_CASE(settings_show_names_layers_and_locks) {
  testing::TempDir dir;
  std::string files =
      "--policy " + fixture("team-policy.json") + " --config " + fixture("user-settings.json");
  Result text = run("settings show " + files, dir);
  BOOST_TEST_REQUIRE(text.status == 0, text.err);
  BOOST_TEST(text.out.find("team policy:   " + fixture("team-policy.json")) != std::string::npos,
             text.out);
  BOOST_TEST(line_of(text.out, "internalDomains").find("policy") != std::string::npos, text.out);
  BOOST_TEST(line_of(text.out, "internalDomains").find("[\"example.co.jp\"]  [locked]") !=
                 std::string::npos,
             text.out);
  BOOST_TEST(line_of(text.out, "countdownSeconds").find("user") != std::string::npos);
  BOOST_TEST(line_of(text.out, "countdownSeconds").find("10") != std::string::npos);
  BOOST_TEST(line_of(text.out, "countdownSeconds").find("[locked]") == std::string::npos);
  BOOST_TEST(line_of(text.out, "blockedDomains").find("policy+user") != std::string::npos,
             text.out);
  BOOST_TEST(line_of(text.out, "manyRecipientsThreshold").find("default") != std::string::npos);

  Result as_json = run("settings show --json " + files, dir);
  BOOST_TEST_REQUIRE(as_json.status == 0, as_json.err);
  json shown = json::parse(as_json.out);
  BOOST_TEST(shown["policy"] == fixture("team-policy.json"));
  BOOST_TEST(shown["config"] == fixture("user-settings.json"));
  BOOST_TEST(shown["locked"] == (json{"internalDomains", "rules"}));
  BOOST_TEST(shown["settings"]["internalDomains"] ==
             (json{{"value", {"example.co.jp"}}, {"layer", "policy"}, {"locked", true}}));
  BOOST_TEST(shown["settings"]["locale"]["layer"] == "user");
  BOOST_TEST(shown["settings"]["rules"]["value"].size() == 2U);
}

BOOST_AUTO_TEST_CASE(settings_show_without_files_shows_defaults) {
  testing::TempDir dir;
  Result r = run("settings show --json", dir);
  BOOST_TEST_REQUIRE(r.status == 0, r.err);
  json shown = json::parse(r.out);
  BOOST_TEST(shown["policy"].is_null());
  BOOST_TEST(shown["config"] == (dir / ".config/sendcheck/settings.json").string());
  BOOST_TEST(shown["settings"]["countdownSeconds"]["layer"] == "default");
}

BOOST_AUTO_TEST_CASE(settings_set_writes_the_default_file_and_refuses_locked_keys) {
  testing::TempDir dir;
  Result set = run("settings set countdownSeconds 7", dir);
  BOOST_TEST_REQUIRE(set.status == 0, set.err);
  std::filesystem::path file = dir / ".config/sendcheck/settings.json";
  BOOST_TEST(json::parse(testing::read_file(file)) == (json{{"countdownSeconds", 7}}));
  auto mode = std::filesystem::status(file).permissions() & std::filesystem::perms::all;
  BOOST_TEST(static_cast<int>(mode) == 0600);

  Result list = run(R"(settings set internalDomains '["example.co.jp", "例え.jp"]')", dir);
  BOOST_TEST_REQUIRE(list.status == 0, list.err);
  Result word = run("settings set locale ja", dir);  // not JSON: taken as a string
  BOOST_TEST_REQUIRE(word.status == 0, word.err);
  BOOST_TEST(json::parse(testing::read_file(file)) ==
             (json{{"countdownSeconds", 7},
                   {"internalDomains", {"example.co.jp", "例え.jp"}},
                   {"locale", "ja"}}));
  Result shown = run("settings show", dir);
  BOOST_TEST(line_of(shown.out, "countdownSeconds").find("user") != std::string::npos, shown.out);

  Result locked = run("settings set --policy " + fixture("team-policy.json") + " rules '[]'", dir);
  BOOST_TEST(locked.status == 1);
  BOOST_TEST(locked.err.find("settings.locked") != std::string::npos, locked.err);

  Result locked_by_env = run("settings set internalDomains '[]'", dir,
                             "SENDCHECK_POLICY=" + fixture("team-policy.json"));
  BOOST_TEST(locked_by_env.status == 1);
  BOOST_TEST(locked_by_env.err.find("settings.locked") != std::string::npos, locked_by_env.err);

  Result bad = run("settings set countdownSeconds soon", dir);
  BOOST_TEST(bad.status == 1);
  BOOST_TEST(bad.err.find("settings.bad-value") != std::string::npos, bad.err);
  Result unknown = run("settings set countdown 5", dir);
  BOOST_TEST(unknown.status == 1);
  BOOST_TEST(unknown.err.find("settings.unknown-key") != std::string::npos, unknown.err);
  Result usage = run("settings set countdownSeconds", dir);
  BOOST_TEST(usage.status == 2);
  BOOST_TEST(json::parse(testing::read_file(file))["countdownSeconds"] == 7);
}

BOOST_AUTO_TEST_CASE(check_reads_the_policy_and_its_locks) {
  testing::TempDir dir;
  {
    std::ofstream(dir / "user.json")
        << R"({"internalDomains": ["partner.example"], "countdownSeconds": 4})";
    std::ofstream(dir / "policy.json")
        << R"({"internalDomains": ["example.co.jp"], "locked": ["internalDomains"],
              "countdownSeconds": 2})";
  }
  std::string draft = demo("drafts/2-partner-and-new-colleague.json");
  Result r = run("check --policy " + (dir / "policy.json").string() + " --config " +
                     (dir / "user.json").string() + " " + draft,
                 dir);
  BOOST_TEST_REQUIRE(r.status == 0, r.err);
  json payload = json::parse(r.out);
  BOOST_TEST(payload["countdownSeconds"] == 4);
  for (const json& group : payload["groups"]) {
    if (group["domain"] == "partner.example") BOOST_TEST(group["class"] == "external");
  }
  // The same through $SENDCHECK_POLICY and $SENDCHECK_CONFIG.
  Result env = run("check " + draft, dir,
                   "SENDCHECK_POLICY=" + (dir / "policy.json").string() +
                       " SENDCHECK_CONFIG=" + (dir / "user.json").string());
  BOOST_TEST_REQUIRE(env.status == 0, env.err);
  BOOST_TEST(json::parse(env.out)["countdownSeconds"] == 4);

  Result missing = run("check --policy " + (dir / "none.json").string() + " " + draft, dir);
  BOOST_TEST(missing.status == 1);
  BOOST_TEST(missing.err.find("input.unreadable") != std::string::npos, missing.err);
  Result bad = run("check --policy " + fixture("broken.json") + " " + draft, dir);
  BOOST_TEST(bad.status == 1);
  BOOST_TEST(bad.err.find("policy.invalid-json") != std::string::npos, bad.err);
}

BOOST_AUTO_TEST_CASE(allowlist_add_list_remove_round_trip) {
  testing::TempDir dir;
  std::string db = "--db " + (dir / "h.sqlite3").string();
  Result empty = run("allowlist list " + db, dir);
  BOOST_TEST_REQUIRE(empty.status == 0, empty.err);
  BOOST_TEST(empty.out.empty());

  Result added = run(
      "allowlist add " + db + " 'Taro <Taro.Yamada@Example.CO.JP>' Partner.Example 例え.jp", dir);
  BOOST_TEST_REQUIRE(added.status == 0, added.err);
  BOOST_TEST(added.out ==
             "added taro.yamada@example.co.jp\nadded partner.example\nadded xn--r8jz45g.jp\n");
  Result again = run("allowlist add " + db + " @partner.example", dir);
  BOOST_TEST(again.out == "already in the allowlist: partner.example\n");

  Result listed = run("allowlist list --json " + db, dir);
  BOOST_TEST_REQUIRE(listed.status == 0, listed.err);
  json entries = json::parse(listed.out);
  std::vector<std::string> sorted = entries.get<std::vector<std::string>>();
  std::sort(sorted.begin(), sorted.end());
  BOOST_TEST((sorted == std::vector<std::string>{"partner.example", "taro.yamada@example.co.jp",
                                                 "xn--r8jz45g.jp"}));

  Result removed = run("allowlist remove " + db + " PARTNER.example nobody.example", dir);
  BOOST_TEST_REQUIRE(removed.status == 0, removed.err);
  BOOST_TEST(removed.out == "removed partner.example\nnot in the allowlist: nobody.example\n");
  Result text = run("allowlist list " + db, dir);
  BOOST_TEST(text.out.find("partner.example\n") == std::string::npos, text.out);
  BOOST_TEST(text.out.find("taro.yamada@example.co.jp\n") != std::string::npos, text.out);

  Result bad = run("allowlist add " + db + " good.example 'not a domain'", dir);
  BOOST_TEST(bad.status == 1);
  BOOST_TEST(bad.err.find("allowlist.bad-entry") != std::string::npos, bad.err);
  // All or nothing: the good entry before the bad one was not added.
  BOOST_TEST(run("allowlist list " + db, dir).out.find("good.example") == std::string::npos);

  BOOST_TEST(run("allowlist " + db, dir).status == 2);
  BOOST_TEST(run("allowlist add " + db, dir).status == 2);
}

BOOST_AUTO_TEST_CASE(history_forget_one_address_or_everything) {
  testing::TempDir dir;
  std::string db = "--db " + (dir / "h.sqlite3").string();
  Result nothing = run("history forget " + db + " a@b.example", dir);
  BOOST_TEST(nothing.status == 0, nothing.err);
  BOOST_TEST(nothing.out.find("Nothing to forget") != std::string::npos);

  BOOST_TEST_REQUIRE(run("import " + db + " " + demo("sent.mbox"), dir).status == 0);
  BOOST_TEST_REQUIRE(run("allowlist add " + db + " client-a.example", dir).status == 0);
  json before = json::parse(run("history stats " + db, dir).out);

  Result forgot = run("history forget " + db + " Suzuki@Partner.Example nobody@x.example", dir);
  BOOST_TEST_REQUIRE(forgot.status == 0, forgot.err);
  BOOST_TEST(forgot.out == "forgot suzuki@partner.example\nnot in the history: nobody@x.example\n");
  json after = json::parse(run("history stats " + db, dir).out);
  BOOST_TEST(after["addresses"].get<int>() == before["addresses"].get<int>() - 1);

  // The forgotten address is first-time again.
  Result check = run("check " + db + " " + demo("drafts/2-partner-and-new-colleague.json"), dir);
  BOOST_TEST_REQUIRE(check.status == 0, check.err);
  bool first_time = false;
  json payload = json::parse(check.out);
  for (const json& group : payload["groups"]) {
    for (const json& r : group["recipients"]) {
      if (r["address"] != "suzuki@partner.example") continue;
      for (const json& f : r["flags"]) first_time = first_time || f["code"] == "first-time";
    }
  }
  BOOST_TEST(first_time);

  Result domain = run("history forget " + db + " partner.example", dir);
  BOOST_TEST(domain.status == 1);
  BOOST_TEST(domain.err.find("history.bad-address") != std::string::npos, domain.err);
  BOOST_TEST(run("history forget " + db, dir).status == 2);
  BOOST_TEST(run("history forget --all " + db + " a@b.example", dir).status == 2);

  Result all = run("history forget --all " + db, dir);
  BOOST_TEST_REQUIRE(all.status == 0, all.err);
  json emptied = json::parse(run("history stats " + db, dir).out);
  BOOST_TEST(emptied["addresses"] == 0);
  BOOST_TEST(emptied["messages"] == 0);
  // The allowlist is kept.
  BOOST_TEST(run("allowlist list " + db, dir).out == "client-a.example\n");
}

BOOST_AUTO_TEST_CASE(help_lists_the_new_commands) {
  testing::TempDir dir;
  Result help = run("--help", dir);
  BOOST_TEST(help.status == 0);
  for (const char* text : {"settings show", "settings set", "allowlist add", "history forget",
                           "--policy", "SENDCHECK_POLICY"}) {
    BOOST_TEST(help.out.find(text) != std::string::npos, text);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace sendcheck
