// unusual-combination, new-in-thread and bcc-suggested (issue 3 §2 and §5) with a real history.
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

  void sent(const std::vector<std::string>& to) {
    std::vector<DraftRecipient> recipients;
    for (const std::string& address : to) recipients.push_back(testing::recipient(address));
    ++next_id;
    store->add_sent(testing::message("m" + std::to_string(next_id), 1700000000 + next_id,
                                     std::move(recipients), "me@mycompany.example"));
  }

  json check(const json& draft_json) {
    json with_from = draft_json;
    with_from["from"] = "me@mycompany.example";
    return payload_to_json(assess(draft_from_json(with_from), Settings{}, *store, AssessOptions{}));
  }
};

std::map<std::string, std::vector<std::string>> codes_by_address(const json& payload) {
  std::map<std::string, std::vector<std::string>> out;
  for (const json& group : payload["groups"]) {
    for (const json& r : group["recipients"]) {
      for (const json& f : r["flags"]) out[r["address"]].push_back(f["code"]);
    }
  }
  return out;
}

bool has(const std::vector<std::string>& codes, const std::string& code) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(co_recipients_test)

BOOST_FIXTURE_TEST_CASE(outsider_to_a_group_that_always_goes_together_is_unusual, Fixture) {
  for (int i = 0; i < 3; ++i)
    sent({"a@partner-a.example", "b@partner-a.example", "c@partner-a.example"});
  sent({"z@partner-b.example"});
  json payload = check({{"to",
                         {"a@partner-a.example", "b@partner-a.example", "c@partner-a.example",
                          "z@partner-b.example"}}});
  auto codes = codes_by_address(payload);
  BOOST_TEST(has(codes["z@partner-b.example"], "unusual-combination"));
  BOOST_TEST(!has(codes["a@partner-a.example"], "unusual-combination"));
  BOOST_TEST(!has(codes["c@partner-a.example"], "unusual-combination"));
}

BOOST_FIXTURE_TEST_CASE(people_who_have_been_together_are_not_unusual, Fixture) {
  sent({"a@partner-a.example", "b@partner-a.example", "z@partner-b.example"});
  sent({"a@partner-a.example", "b@partner-a.example", "c@partner-a.example"});
  json payload = check({{"to",
                         {"a@partner-a.example", "b@partner-a.example", "c@partner-a.example",
                          "z@partner-b.example"}}});
  BOOST_TEST(!has(codes_by_address(payload)["z@partner-b.example"], "unusual-combination"));
}

BOOST_FIXTURE_TEST_CASE(reply_adding_a_new_domain_is_new_in_thread, Fixture) {
  sent({"suzuki@partner-a.example", "sato@partner-b.example"});
  json payload = check({{"to", {"suzuki@partner-a.example", "sato@partner-b.example"}},
                        {"thread", {{"participants", {"suzuki@partner-a.example"}}}}});
  auto codes = codes_by_address(payload);
  BOOST_TEST(has(codes["sato@partner-b.example"], "new-in-thread"));
  BOOST_TEST(!has(codes["suzuki@partner-a.example"], "new-in-thread"));
}

BOOST_FIXTURE_TEST_CASE(external_domains_over_the_threshold_suggest_bcc, Fixture) {
  json four = check({{"to", {"a@d1.example", "b@d2.example", "c@d3.example", "d@d4.example"}},
                     {"bcc", {"e@d5.example"}}});
  for (const json& w : four["warnings"]) BOOST_TEST(w["code"] != "bcc-suggested");
  json five = check({{"to", {"a@d1.example", "b@d2.example", "c@d3.example"}},
                     {"cc", {"d@d4.example", "e@d5.example"}}});
  bool suggested = false;
  for (const json& w : five["warnings"]) {
    if (w["code"] != "bcc-suggested") continue;
    suggested = true;
    BOOST_TEST(w["params"]["count"] == 5);
    BOOST_TEST(w["params"]["domains"].size() == 5U);
  }
  BOOST_TEST(suggested);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace sendcheck
