// HistoryStore::pair_counts, the batched co-recipient look-up of a check: the same counts as one
// pair_count per pair (docs/performance.md: 990 pair_count queries were 23 % of a check).
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "store/history_store.h"
#include "store_test_util.h"
#include "test_support.h"

namespace sendcheck {
namespace {

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

  // pair_counts must agree with pair_count for every (i, j), i != j, and be 0 on the diagonal.
  void expect_same_as_pair_count(const HistoryReader& reader,
                                 const std::vector<std::string>& addresses) {
    std::vector<std::vector<std::int64_t>> counts = reader.pair_counts(addresses);
    BOOST_TEST_REQUIRE(counts.size() == addresses.size());
    for (std::size_t i = 0; i < addresses.size(); ++i) {
      BOOST_TEST_REQUIRE(counts[i].size() == addresses.size());
      for (std::size_t j = 0; j < addresses.size(); ++j) {
        std::int64_t expected = i == j ? 0 : reader.pair_count(addresses[i], addresses[j]);
        BOOST_TEST(counts[i][j] == expected, addresses[i] << " / " << addresses[j]);
      }
    }
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(pair_counts_test)

BOOST_FIXTURE_TEST_CASE(counts_of_all_pairs_match_one_query_per_pair, Fixture) {
  sent({"a@partner-a.example", "b@partner-a.example", "c@partner-b.example"});
  sent({"a@partner-a.example", "b@partner-a.example"});
  sent({"b@partner-a.example", "d@partner-c.example"});
  sent({"\"quoted name\"@partner-d.example", "a@partner-a.example"});
  sent({"e@partner-e.example"});
  std::vector<std::string> addresses = {"a@partner-a.example",
                                        "b@partner-a.example",
                                        "c@partner-b.example",
                                        "d@partner-c.example",
                                        "e@partner-e.example",
                                        "nobody@unknown.example",
                                        "\"quoted name\"@partner-d.example"};
  expect_same_as_pair_count(*store, addresses);
  std::vector<std::vector<std::int64_t>> counts = store->pair_counts(addresses);
  BOOST_TEST(counts[0][1] == 2);
  BOOST_TEST(counts[1][0] == 2);
  BOOST_TEST(counts[0][2] == 1);
  BOOST_TEST(counts[1][3] == 1);
  BOOST_TEST(counts[0][3] == 0);
  BOOST_TEST(counts[4][0] == 0);
  BOOST_TEST(counts[5][1] == 0);
  BOOST_TEST(counts[6][0] == 1);
}

BOOST_FIXTURE_TEST_CASE(same_address_twice_and_short_lists, Fixture) {
  sent({"a@partner-a.example", "b@partner-a.example"});
  std::vector<std::string> twice = {"a@partner-a.example", "b@partner-a.example",
                                    "a@partner-a.example"};
  std::vector<std::vector<std::int64_t>> counts = store->pair_counts(twice);
  BOOST_TEST(counts[0][2] == 0);  // an address with itself: never "together" in the history
  BOOST_TEST(counts[2][1] == 1);  // each position of a repeated address gets its counts
  BOOST_TEST(counts[1][2] == 1);
  expect_same_as_pair_count(*store, twice);
  BOOST_TEST(store->pair_counts({}).empty());
  BOOST_TEST(store->pair_counts({"a@partner-a.example"}) ==
             (std::vector<std::vector<std::int64_t>>{{0}}));
}

BOOST_FIXTURE_TEST_CASE(a_draft_of_fifty_known_recipients_reads_like_pair_by_pair, Fixture) {
  // 50 people in overlapping groups of 5, as a busy history has them.
  std::vector<std::string> people;
  for (int i = 0; i < 60; ++i)
    people.push_back("p" + std::to_string(i) + "@org" + std::to_string(i % 7) + ".example");
  for (int m = 0; m < 80; ++m) {
    std::vector<std::string> to;
    for (int k = 0; k < 5; ++k) to.push_back(people[(m * 3 + k * (m % 4 + 1)) % people.size()]);
    sent(to);
  }
  std::vector<std::string> draft(people.begin() + 5, people.begin() + 55);
  expect_same_as_pair_count(*store, draft);
  // Also through a read-only connection, as a check reads it.
  std::unique_ptr<HistoryStore> reader = HistoryStore::open_read_only((dir / "h.sqlite3").string());
  expect_same_as_pair_count(*reader, draft);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace sendcheck
