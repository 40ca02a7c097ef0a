// The `sendcheck` binary as a user runs it: import the shipped demo mbox, check drafts, bad input.
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

// The real binary with a clean environment apart from `env` (no user history touched).
Result run(const std::string& args, const testing::TempDir& dir, const std::string& env = "") {
  return testing::run_sendcheck(args, dir, env);
}

std::string demo(const std::string& name) {
  return (std::filesystem::path(SENDCHECK_TEST_DATA_DIR).parent_path().parent_path() / "demo" /
          name)
      .string();
}

std::map<std::string, std::vector<std::string>> flags_by_address(const json& payload) {
  std::map<std::string, std::vector<std::string>> out;
  for (const json& group : payload["groups"]) {
    for (const json& r : group["recipients"]) {
      for (const json& f : r["flags"]) out[r["address"]].push_back(f["code"]);
    }
  }
  return out;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cli_test)

BOOST_AUTO_TEST_CASE(demo_import_then_check_gives_the_expected_payloads) {
  testing::TempDir dir;
  std::string db = "--db " + (dir / "h.sqlite3").string();
  Result imported = run("import " + db + " " + demo("sent.mbox"), dir);
  BOOST_TEST_REQUIRE(imported.status == 0, imported.err);
  BOOST_TEST(imported.out.find("messages read:     8") != std::string::npos, imported.out);
  BOOST_TEST(imported.out.find("added:             7") != std::string::npos, imported.out);
  BOOST_TEST(imported.out.find("no-recipients: 1") != std::string::npos, imported.out);
  BOOST_TEST(imported.out.find("taro.yamada@example.co.jp") != std::string::npos, imported.out);

  Result again = run("import " + db + " " + demo("sent.mbox"), dir);
  BOOST_TEST(again.out.find("added:             0") != std::string::npos, again.out);
  BOOST_TEST(again.out.find("already imported:  7") != std::string::npos, again.out);

  Result internal = run("check " + db + " " + demo("drafts/1-internal-known.json"), dir);
  BOOST_TEST_REQUIRE(internal.status == 0, internal.err);
  json p1 = json::parse(internal.out);
  BOOST_TEST(p1["verdict"] == "send");
  BOOST_TEST(p1["groups"].size() == 1U);
  BOOST_TEST(p1["groups"][0]["class"] == "internal");

  Result partner = run("check " + db + " " + demo("drafts/2-partner-and-new-colleague.json"), dir);
  json p2 = json::parse(partner.out);
  BOOST_TEST(p2["verdict"] == "confirm");
  auto flags2 = flags_by_address(p2);
  BOOST_TEST((flags2["suzuki@partner.example"] == std::vector<std::string>{"external"}));
  BOOST_TEST((flags2["keiri+payment@partner.example"] ==
              std::vector<std::string>{"external", "sub-address"}));
  BOOST_TEST(
      (flags2["shinjin@example.co.jp"] == std::vector<std::string>{"internal", "first-time"}));
  BOOST_TEST(p2["locale"] == "ja");

  Result fresh = run("check " + db + " " + demo("drafts/3-new-domain-and-list.json"), dir);
  json p3 = json::parse(fresh.out);
  auto flags3 = flags_by_address(p3);
  BOOST_TEST(contains(flags3["info@new-client.example"], "first-time-domain"));
  BOOST_TEST(!contains(flags3["yuki.tanaka@client-a.example"], "first-time"));
  BOOST_TEST(contains(flags3["社内全員"], "unverifiable"));

  Result eml = run("check " + db + " " + demo("drafts/4-reply-with-attachment.eml"), dir);
  BOOST_TEST_REQUIRE(eml.status == 0, eml.err);
  json p4 = json::parse(eml.out);
  BOOST_TEST(p4["attachments"][0]["name"] == "資料.pdf");
  auto flags4 = flags_by_address(p4);
  BOOST_TEST((flags4["takahashi@partner.example"] == std::vector<std::string>{"external"}));
}

BOOST_AUTO_TEST_CASE(check_without_history_says_so_and_still_answers) {
  testing::TempDir dir;
  Result r = run(
      "check --db " + (dir / "none.sqlite3").string() + " " + demo("drafts/1-internal-known.json"),
      dir);
  BOOST_TEST(r.status == 0);
  BOOST_TEST(r.err.find("no history") != std::string::npos);
  BOOST_TEST(json::parse(r.out)["verdict"] == "confirm");
}

BOOST_AUTO_TEST_CASE(bad_draft_exits_non_zero_with_one_line_reason) {
  testing::TempDir dir;
  {
    std::ofstream(dir / "bad.json") << "{\"to\": [1, 2]}";
    std::ofstream(dir / "broken.json") << "{\"to\": ";
  }
  Result wrong_type = run("check " + (dir / "bad.json").string(), dir);
  BOOST_TEST(wrong_type.status == 1);
  BOOST_TEST(wrong_type.out.empty());
  BOOST_TEST(wrong_type.err.find("draft.bad-field") != std::string::npos, wrong_type.err);
  BOOST_TEST(std::count(wrong_type.err.begin(), wrong_type.err.end(), '\n') <= 2);
  Result broken = run("check " + (dir / "broken.json").string(), dir);
  BOOST_TEST(broken.status == 1);
  BOOST_TEST(broken.err.find("draft.invalid-json") != std::string::npos, broken.err);
  Result missing = run("check " + (dir / "missing.json").string(), dir);
  BOOST_TEST(missing.status == 1);
  Result usage = run("check", dir);
  BOOST_TEST(usage.status == 2);
}

BOOST_AUTO_TEST_CASE(sendcheck_db_environment_variable_moves_the_history) {
  testing::TempDir dir;
  std::string db = (dir / "moved.sqlite3").string();
  Result r = run("import " + demo("sent.mbox"), dir, "SENDCHECK_DB=" + db);
  BOOST_TEST_REQUIRE(r.status == 0, r.err);
  BOOST_TEST(std::filesystem::exists(db));
  auto mode = std::filesystem::status(db).permissions() & std::filesystem::perms::all;
  BOOST_TEST(static_cast<int>(mode) == 0600);
}

BOOST_AUTO_TEST_CASE(locale_flag_and_config_file) {
  testing::TempDir dir;
  { std::ofstream(dir / "settings.json") << R"({"internalDomains": ["partner.example"]})"; }
  Result r = run("check --locale en --config " + (dir / "settings.json").string() + " " +
                     demo("drafts/2-partner-and-new-colleague.json"),
                 dir);
  BOOST_TEST_REQUIRE(r.status == 0, r.err);
  json payload = json::parse(r.out);
  BOOST_TEST(payload["locale"] == "en");
  bool partner_internal = false;
  for (const json& g : payload["groups"]) {
    if (g["domain"] == "partner.example") partner_internal = g["class"] == "internal";
  }
  BOOST_TEST(partner_internal);
  { std::ofstream(dir / "bad-settings.json") << R"({"countdownSeconds": "soon"})"; }
  Result bad = run("check --config " + (dir / "bad-settings.json").string() + " " +
                       demo("drafts/1-internal-known.json"),
                   dir);
  BOOST_TEST(bad.status == 1);
  BOOST_TEST(bad.err.find("countdownSeconds") != std::string::npos, bad.err);
}

// Bugs: a JSON array draft was reported as invalid JSON, a folder as a bad .eml.
BOOST_AUTO_TEST_CASE(draft_errors_have_the_documented_codes) {
  testing::TempDir dir;
  {
    std::ofstream(dir / "array.json") << "[1, 2]";
    std::ofstream(dir / "empty.json") << "";
    std::filesystem::create_directory(dir / "folder");
  }
  Result array = run("check " + (dir / "array.json").string(), dir);
  BOOST_TEST(array.status == 1);
  BOOST_TEST(array.err.find("draft.not-object") != std::string::npos, array.err);
  Result empty = run("check " + (dir / "empty.json").string(), dir);
  BOOST_TEST(empty.err.find("draft.invalid-json") != std::string::npos, empty.err);
  Result folder = run("check " + (dir / "folder").string(), dir);
  BOOST_TEST(folder.err.find("input.unreadable") != std::string::npos, folder.err);
}

// Bug: `allowlist add co.jp` was accepted and made every .co.jp recipient allowlisted.
BOOST_AUTO_TEST_CASE(public_suffix_is_refused_by_the_allowlist) {
  testing::TempDir dir;
  std::string db = "--db " + (dir / "h.sqlite3").string();
  for (const char* entry : {"co.jp", "jp", "notvalid"}) {
    Result r = run("allowlist add " + db + " " + entry, dir);
    BOOST_TEST(r.status == 1, entry);
    BOOST_TEST(r.err.find("allowlist.bad-entry") != std::string::npos, r.err);
  }
  BOOST_TEST(run("allowlist add " + db + " partner.co.jp", dir).status == 0);
}

// Bug: importing an Inbox made four strangers "your addresses" without a word.
BOOST_AUTO_TEST_CASE(importing_mail_from_many_senders_warns_that_it_may_be_an_inbox) {
  testing::TempDir dir;
  {
    std::ofstream mbox(dir / "inbox.mbox");
    for (int i = 0; i < 12; ++i) {
      mbox << "From sender" << i << "@x" << i << ".example Mon Jan  1 00:00:00 2024\n"
           << "Message-ID: <m" << i << "@x.example>\n"
           << "From: sender" << i << "@x" << i << ".example\n"
           << "To: me@mycompany.example\n"
           << "Subject: hello\n\nbody\n\n";
    }
  }
  Result r =
      run("import --db " + (dir / "h.sqlite3").string() + " " + (dir / "inbox.mbox").string(), dir);
  BOOST_TEST(r.status == 0, r.err);
  BOOST_TEST(r.err.find("is it an Inbox?") != std::string::npos, r.err);
  Result sent = run("import --db " + (dir / "h2.sqlite3").string() + " " + demo("sent.mbox"), dir);
  BOOST_TEST(sent.err.find("Inbox") == std::string::npos, sent.err);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace sendcheck
