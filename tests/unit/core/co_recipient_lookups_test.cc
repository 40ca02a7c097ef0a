// unusual-combination reads the co-recipient counts of all the draft's known recipients in one
// HistoryReader::pair_counts call, not one pair_count per pair (docs/performance.md: 990
// look-ups for 45 known recipients were 23 % of a check), with the same flags as before.
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "fake_history.h"
#include "mail/draft_reader.h"
#include "sendcheck/assessment.h"
#include "sendcheck/draft.h"

namespace sendcheck {
namespace {

using nlohmann::json;

Payload check(const testing::FakeHistory& history, const std::vector<std::string>& to) {
  return assess(draft_from_json(json{{"from", "me@mycompany.example"}, {"to", to}}), Settings{},
                history, AssessOptions{});
}

std::vector<std::string> flagged_unusual(const Payload& payload) {
  std::vector<std::string> out;
  for (const DomainGroup& group : payload.groups) {
    for (const RecipientResult& r : group.recipients) {
      for (const Flag& flag : r.flags) {
        if (flag.code == "unusual-combination") out.push_back(r.address);
      }
    }
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(co_recipient_lookups_test)

BOOST_AUTO_TEST_CASE(one_batched_lookup_per_check_instead_of_one_per_pair) {
  testing::FakeHistory history;
  for (const char* a : {"a@partner-a.example", "b@partner-a.example", "c@partner-a.example",
                        "z@partner-b.example"}) {
    history.add(a);
  }
  history.together("a@partner-a.example", "b@partner-a.example", 3);
  history.together("a@partner-a.example", "c@partner-a.example", 3);
  history.together("b@partner-a.example", "c@partner-a.example", 3);
  Payload payload = check(history, {"a@partner-a.example", "b@partner-a.example",
                                    "c@partner-a.example", "z@partner-b.example"});
  BOOST_TEST(flagged_unusual(payload) == std::vector<std::string>{"z@partner-b.example"});
  BOOST_TEST(history.pair_count_batches == 1);
  BOOST_TEST(history.pair_lookups == 0);
}

BOOST_AUTO_TEST_CASE(fifty_known_recipients_cost_one_lookup) {
  testing::FakeHistory history;
  std::vector<std::string> to;
  for (int i = 0; i < 50; ++i) {
    to.push_back("p" + std::to_string(i) + "@org" + std::to_string(i) + ".example");
    history.add(to.back());
  }
  // Everyone but the last went together before.
  for (int i = 0; i < 49; ++i) {
    for (int j = i + 1; j < 49; ++j) history.together(to[i], to[j], 1);
  }
  Payload payload = check(history, to);
  BOOST_TEST(flagged_unusual(payload) == std::vector<std::string>{"p49@org49.example"});
  BOOST_TEST(history.pair_count_batches == 1);
  BOOST_TEST(history.pair_lookups == 0);
}

BOOST_AUTO_TEST_CASE(
    a_colleague_of_the_group_is_not_unusual_and_small_drafts_read_one_pair_batch_at_most) {
  testing::FakeHistory history;
  for (const char* a : {"a@partner-a.example", "b@partner-a.example", "c@partner-a.example",
                        "d@partner-a.example"}) {
    history.add(a);
  }
  history.together("a@partner-a.example", "b@partner-a.example", 2);
  history.together("a@partner-a.example", "c@partner-a.example", 2);
  history.together("b@partner-a.example", "c@partner-a.example", 2);
  // d has never been with them, but works at the same organisation.
  Payload payload = check(history, {"a@partner-a.example", "b@partner-a.example",
                                    "c@partner-a.example", "d@partner-a.example"});
  BOOST_TEST(flagged_unusual(payload).empty());
  // Two known recipients: no combination for unusual-combination to judge, but the
  // wrong-recipient check weighs whether they go together (issue 11): still one look-up, shared.
  testing::FakeHistory two;
  two.add("a@partner-a.example");
  two.add("z@partner-b.example");
  check(two, {"a@partner-a.example", "z@partner-b.example"});
  BOOST_TEST(two.pair_count_batches == 1);
  // One known recipient: nothing to pair.
  testing::FakeHistory one;
  one.add("a@partner-a.example");
  check(one, {"a@partner-a.example"});
  BOOST_TEST(one.pair_count_batches == 0);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace sendcheck
