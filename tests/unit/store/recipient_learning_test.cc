// What HistoryStore::add_sent learns for the wrong-recipient check (issue 11, schema version 4):
// greetings, autocomplete neighbours, term profiles, thread members, and what forgetting and
// older files do with them. Real SQLite files in a temporary folder.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sendcheck/recipient_features.h"
#include "store/history_schema.h"
#include "store/history_store.h"
#include "store_test_util.h"
#include "test_support.h"

// Pairs print as "first=second" in failed comparisons.
namespace boost::test_tools::tt_detail {
template <typename A, typename B>
struct print_log_value<std::pair<A, B>> {
  void operator()(std::ostream& out, const std::pair<A, B>& p) {
    out << p.first << '=' << p.second;
  }
};
}  // namespace boost::test_tools::tt_detail

namespace sendcheck {
namespace {

using testing::recipient;
using Greetings = std::vector<std::pair<std::string, std::int64_t>>;
using Partners = std::vector<std::pair<std::string, std::int64_t>>;

constexpr const char* kTables[] = {"greetings", "neighbours", "term_profiles", "term_counts",
                                   "threads"};

SentMessage text_message(const std::string& id, std::int64_t date,
                         std::vector<DraftRecipient> recipients, const std::string& subject,
                         const std::string& body, const std::string& in_reply_to = "",
                         std::vector<std::string> references = {}) {
  SentMessage m = testing::message(id, date, std::move(recipients));
  m.subject = subject;
  m.body = body;
  m.in_reply_to = in_reply_to;
  m.references = std::move(references);
  return m;
}

std::uint32_t word(const std::string& w) { return term_features("", w).at(0); }

std::vector<std::string> addresses_of(const std::vector<AddressRecord>& records) {
  std::vector<std::string> out;
  for (const AddressRecord& r : records) out.push_back(r.address);
  return out;
}

// Whether the term profile of `address` holds the hash of `w`.
bool profile_holds(const HistoryStore& store, const std::string& address, const std::string& w) {
  std::optional<TermProfile> profile = store.term_profile(address);
  if (!profile) return false;
  const std::uint32_t hash = term_features("", w).at(0);
  return std::any_of(profile->terms.begin(), profile->terms.end(),
                     [hash](const auto& term) { return term.first == hash; });
}

std::vector<std::pair<std::string, std::int64_t>> members_of(
    const std::vector<ThreadMember>& members) {
  std::vector<std::pair<std::string, std::int64_t>> out;
  for (const ThreadMember& m : members) out.emplace_back(m.address, m.count);
  return out;
}

// The distinct terms of `subject` + `body` with how often each occurs (at most 3 per message),
// sorted by hash: the profile of an address that got this one message.
std::vector<std::pair<std::uint32_t, std::uint32_t>> profile_terms_of(const std::string& subject,
                                                                      const std::string& body,
                                                                      std::uint32_t messages = 1) {
  std::map<std::uint32_t, std::uint32_t> counts;
  for (std::uint32_t term : term_features(subject, body)) {
    if (counts[term] < 3) ++counts[term];
  }
  std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
  for (auto [term, count] : counts) out.emplace_back(term, count * messages);
  return out;
}

std::int64_t rows(const std::string& path, const std::string& table) {
  return testing::raw_int(path, "SELECT count(*) FROM " + table);
}

// Rows of `table` that belong to no known address.
std::int64_t orphans(const std::string& path, const std::string& table) {
  return testing::raw_int(path, "SELECT count(*) FROM " + table +
                                    " WHERE address_id NOT IN (SELECT id FROM addresses)");
}

std::int64_t rows_of(const std::string& path, const std::string& table,
                     const std::string& address) {
  return testing::raw_int(
      path, "SELECT count(*) FROM " + table +
                " t JOIN addresses a ON a.id = t.address_id WHERE a.address = '" + address + "'");
}

bool file_contains(const std::filesystem::path& path, const std::string& needle) {
  if (!std::filesystem::exists(path)) return false;
  return testing::read_file(path).find(needle) != std::string::npos;
}

struct StoreFixture {
  testing::TempDir dir;
  std::string path = (dir / "history.sqlite3").string();
  std::unique_ptr<HistoryStore> store = HistoryStore::open(path);
};

// A history with two correspondents and distinct topics, a thread and greetings.
struct TopicFixture : StoreFixture {
  TopicFixture() {
    for (int i = 0; i < 5; ++i) {
      std::string n = std::to_string(i);
      store->add_sent(text_message(
          "pond" + n + "@me.example", 1000 + i,
          {recipient("ponder@partner.example.jp", "Paula Smith")}, "Ponderosa pipeline capacity",
          "Paula,\n\nThe Ponderosa pipeline capacity for week " + n + " is booked.\n"));
      store->add_sent(text_message("kili" + n + "@me.example", 2000 + i,
                                   {recipient("kili@other.example.jp", "Kim Lee")},
                                   "Kilimanjaro coffee harvest",
                                   "Kim,\n\nKilimanjaro coffee harvest samples arrive Friday.\n"));
    }
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(recipient_learning_test)

// --- greetings -----------------------------------------------------------------------------------

BOOST_FIXTURE_TEST_CASE(greetings_go_to_the_to_recipients_they_name, StoreFixture) {
  for (int i = 0; i < 3; ++i) {
    store->add_sent(text_message("hi" + std::to_string(i) + "@me", 100 + i,
                                 {recipient("james.bouillion@enron.com")}, "Status",
                                 "Hi Jim,\n\nHere is the status.\n"));
  }
  for (int i = 0; i < 2; ++i) {
    store->add_sent(text_message("both" + std::to_string(i) + "@me", 200 + i,
                                 {recipient("jim@x.example"), recipient("paula@x.example")},
                                 "Status", "Jim and Paula,\n\nHere is the status.\n"));
  }
  BOOST_TEST(store->greetings_of("james.bouillion@enron.com") == (Greetings{{"jim", 3}}),
             boost::test_tools::per_element());
  BOOST_TEST(store->greetings_of("jim@x.example") == (Greetings{{"jim", 2}}),
             boost::test_tools::per_element());
  BOOST_TEST(store->greetings_of("paula@x.example") == (Greetings{{"paula", 2}}),
             boost::test_tools::per_element());
  BOOST_TEST(store->greetings_of("nobody@x.example").empty());
}

BOOST_FIXTURE_TEST_CASE(a_greeting_naming_none_of_several_to_recipients_goes_to_nobody,
                        StoreFixture) {
  store->add_sent(text_message("m1@me", 100, {recipient("a@x.example"), recipient("c@x.example")},
                               "Status", "Hi Bob,\n\nHere is the status.\n"));
  BOOST_TEST(store->greetings_of("a@x.example").empty());
  BOOST_TEST(store->greetings_of("c@x.example").empty());
  BOOST_TEST(store->find_by_greeting("bob").empty());
  BOOST_TEST(rows(path, "greetings") == 0);
}

BOOST_FIXTURE_TEST_CASE(a_cc_recipient_never_gets_a_greeting, StoreFixture) {
  // The only To recipient takes a greeting that names nobody (a nickname); Cc never does, even
  // when the greeting names it.
  store->add_sent(text_message(
      "m1@me", 100,
      {recipient("boss@x.example"), recipient("jim@y.example", "Jim Beam", Field::kCc)}, "Status",
      "Hi Jim,\n\nHere is the status.\n"));
  store->add_sent(text_message(
      "m2@me", 101,
      {recipient("paula@x.example"), recipient("jim2@y.example", "Jim Two", Field::kCc),
       recipient("jim3@y.example", "Jim Three", Field::kBcc)},
      "Status", "Jim and Paula,\n\nHere is the status.\n"));
  BOOST_TEST(store->greetings_of("boss@x.example") == (Greetings{{"jim", 1}}),
             boost::test_tools::per_element());
  BOOST_TEST(store->greetings_of("jim@y.example").empty());
  BOOST_TEST(store->greetings_of("jim2@y.example").empty());
  BOOST_TEST(store->greetings_of("jim3@y.example").empty());
  BOOST_TEST(store->greetings_of("paula@x.example") == (Greetings{{"jim", 1}, {"paula", 1}}),
             boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(japanese_greetings_are_learned_as_name_and_organisation_keys,
                        StoreFixture) {
  store->add_sent(
      text_message("j1@me", 100, {recipient("suzuki@partner.example.jp", "鈴木 一郎")}, "見積の件",
                   "株式会社パートナー商事\n営業部 鈴木様\n\nお世話になっております。\n"));
  store->add_sent(text_message("j2@me", 101, {recipient("suzuki@partner.example.jp", "鈴木 一郎")},
                               "見積の件", "鈴木様\n\nお世話になっております。\n"));
  BOOST_TEST(store->greetings_of("suzuki@partner.example.jp") ==
                 (Greetings{{"鈴木", 2}, {"o:パートナー商事", 1}}),
             boost::test_tools::per_element());
  BOOST_TEST(addresses_of(store->find_by_greeting("o:パートナー商事")) ==
                 std::vector<std::string>{"suzuki@partner.example.jp"},
             boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(find_by_greeting_most_greeted_first, StoreFixture) {
  auto send = [this](const std::string& id, const std::string& to) {
    store->add_sent(
        text_message(id, 100, {recipient(to)}, "Status", "Hi Jim,\n\nHere is the status.\n"));
  };
  send("a1@me", "jim@x.example");
  for (int i = 0; i < 3; ++i) send("b" + std::to_string(i) + "@me", "james.bouillion@enron.com");
  for (int i = 0; i < 2; ++i) send("c" + std::to_string(i) + "@me", "jimmy@y.example");
  BOOST_TEST(addresses_of(store->find_by_greeting("jim")) ==
                 (std::vector<std::string>{"james.bouillion@enron.com", "jimmy@y.example",
                                           "jim@x.example"}),
             boost::test_tools::per_element());
  BOOST_TEST(store->find_by_greeting("paula").empty());
  BOOST_TEST(store->find_by_greeting("").empty());
}

// --- neighbours ----------------------------------------------------------------------------------

BOOST_FIXTURE_TEST_CASE(neighbours_by_prefix_and_given_name, StoreFixture) {
  auto send = [this](const std::string& id, const DraftRecipient& to) {
    store->add_sent(text_message(id, 100, {to}, "", ""));
  };
  for (int i = 0; i < 3; ++i) {
    send("p" + std::to_string(i), recipient("paula.smith@partner.example.jp", "Paula Smith"));
  }
  for (int i = 0; i < 2; ++i) {
    send("q" + std::to_string(i), recipient("paul.smyth@other.example.jp", "Paul Smyth"));
  }
  send("r", recipient("pauline@z.example"));
  send("s", recipient("jim@x.example"));

  BOOST_TEST(addresses_of(store->find_neighbours({"l:pau"})) ==
                 (std::vector<std::string>{"paula.smith@partner.example.jp",
                                           "paul.smyth@other.example.jp", "pauline@z.example"}),
             boost::test_tools::per_element());
  std::vector<AddressRecord> paula = store->find_neighbours({"g:paula"});
  BOOST_TEST_REQUIRE(paula.size() == 1u);
  BOOST_TEST(paula[0].address == "paula.smith@partner.example.jp");
  BOOST_TEST(paula[0].count == 3);
  // Names are not read (history.h): the check reads them only for the candidates it weighs.
  BOOST_TEST(paula[0].names.empty());
  BOOST_TEST(addresses_of(store->find_neighbours({"n:smy"})) ==
                 std::vector<std::string>{"paul.smyth@other.example.jp"},
             boost::test_tools::per_element());
  // Several keys: each address once.
  BOOST_TEST(addresses_of(store->find_neighbours({"g:paula", "n:smi", "l:jim"})) ==
                 (std::vector<std::string>{"paula.smith@partner.example.jp", "jim@x.example"}),
             boost::test_tools::per_element());
  BOOST_TEST(store->find_neighbours({"l:zzz"}).empty());
  BOOST_TEST(store->find_neighbours({}).empty());
}

BOOST_FIXTURE_TEST_CASE(a_new_name_at_a_known_address_adds_its_keys, StoreFixture) {
  store->add_sent(text_message("a", 100, {recipient("ps@partner.example.jp")}, "", ""));
  BOOST_TEST(store->find_neighbours({"g:paula"}).empty());
  store->add_sent(
      text_message("b", 101, {recipient("ps@partner.example.jp", "Paula Smith")}, "", ""));
  BOOST_TEST(addresses_of(store->find_neighbours({"g:paula"})) ==
                 std::vector<std::string>{"ps@partner.example.jp"},
             boost::test_tools::per_element());
}

// --- term profiles -------------------------------------------------------------------------------

BOOST_FIXTURE_TEST_CASE(term_profile_counts_terms_over_the_messages_with_text, StoreFixture) {
  const std::string subject = "Ponderosa pipeline";
  const std::string body = "capacity release\n";
  store->add_sent(text_message("m1", 100, {recipient("a@x.example")}, subject, body));
  store->add_sent(text_message("m2", 101, {recipient("a@x.example")}, subject, body));
  // A message without text adds nothing to the profile.
  store->add_sent(text_message("m3", 102, {recipient("a@x.example")}, "", ""));

  std::optional<TermProfile> profile = store->term_profile("a@x.example");
  BOOST_TEST_REQUIRE(profile.has_value());
  BOOST_TEST(profile->messages == 2);
  BOOST_TEST(profile->terms == profile_terms_of(subject, body, 2),
             boost::test_tools::per_element());
  BOOST_TEST(profile->terms.size() == 6u);
  // Every word in both of the two messages with text: idf = ln(3 / 3) + 0.1, weight 2 x 0.1;
  // the 2 word pairs are weighed as seen in one message: idf = ln(3 / 2) + 0.1.
  const double word = 2 * 0.1;
  const double pair = 2 * (std::log(3.0 / 2.0) + 0.1);
  BOOST_TEST(profile->norm == std::sqrt(4 * word * word + 2 * pair * pair),
             boost::test_tools::tolerance(1e-9));
  BOOST_TEST(!store->term_profile("b@x.example").has_value());
}

BOOST_FIXTURE_TEST_CASE(a_term_repeated_in_one_message_counts_three_at_most, StoreFixture) {
  store->add_sent(text_message("m1", 100, {recipient("a@x.example")}, "", "gas gas gas gas gas"));
  std::optional<TermProfile> profile = store->term_profile("a@x.example");
  BOOST_TEST_REQUIRE(profile.has_value());
  std::vector<std::pair<std::uint32_t, std::uint32_t>> expected = {
      {word("gas"), 3}, {term_features("", "gas gas").at(1), 3}};
  std::sort(expected.begin(), expected.end());
  BOOST_TEST(profile->terms == expected, boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(a_profile_keeps_at_most_kMaxProfileTerms_terms, StoreFixture) {
  std::string body;
  for (int i = 0; i < 100; ++i) body += "topic" + std::to_string(i) + " ";
  store->add_sent(text_message("m1", 100, {recipient("a@x.example")}, "", body));
  std::optional<TermProfile> profile = store->term_profile("a@x.example");
  BOOST_TEST_REQUIRE(profile.has_value());
  BOOST_TEST(profile->terms.size() == HistoryStore::kMaxProfileTerms);
  BOOST_TEST(profile->messages == 1);
  BOOST_TEST(profile->norm > 0);
  BOOST_TEST(std::is_sorted(profile->terms.begin(), profile->terms.end()));
}

BOOST_FIXTURE_TEST_CASE(term_message_counts_are_document_frequencies_and_the_total, TopicFixture) {
  // Messages without text are not in the total.
  store->add_sent(text_message("empty@me", 3000, {recipient("kili@other.example.jp")}, "", ""));
  std::vector<std::int64_t> counts = store->term_message_counts(
      {word("ponderosa"), word("kilimanjaro"), word("pipeline"), word("nowhere")});
  BOOST_TEST(counts == (std::vector<std::int64_t>{5, 5, 5, 0, 10}),
             boost::test_tools::per_element());
  BOOST_TEST(store->term_message_counts({}) == std::vector<std::int64_t>{10},
             boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(each_profile_holds_the_topic_written_to_that_address, TopicFixture) {
  BOOST_TEST(profile_holds(*store, "kili@other.example.jp", "kilimanjaro"));
  BOOST_TEST(!profile_holds(*store, "kili@other.example.jp", "ponderosa"));
  BOOST_TEST(profile_holds(*store, "ponder@partner.example.jp", "ponderosa"));
  BOOST_TEST(!profile_holds(*store, "ponder@partner.example.jp", "kilimanjaro"));
  BOOST_TEST(!profile_holds(*store, "ponder@partner.example.jp", "nowhere"));
}

// --- threads and partners ------------------------------------------------------------------------

BOOST_FIXTURE_TEST_CASE(thread_members_by_root_id_reply_id_and_subject, StoreFixture) {
  store->add_sent(text_message("root@me.example", 100,
                               {recipient("a@x.example"), recipient("c@x.example")},
                               "Ponderosa pipeline", "First.\n"));
  store->add_sent(text_message("r2@me.example", 200, {recipient("a@x.example")},
                               "Re: Ponderosa pipeline", "Second.\n", "r1@x.example",
                               {"root@me.example", "r1@x.example"}));
  store->add_sent(text_message("other@me.example", 300, {recipient("z@z.example")},
                               "Kilimanjaro coffee", "Third.\n"));
  using Members = std::vector<std::pair<std::string, std::int64_t>>;
  const Members thread = {{"a@x.example", 2}, {"c@x.example", 1}};
  BOOST_TEST(
      members_of(store->thread_members(draft_thread_keys("", {"root@me.example"}, ""))) == thread,
      boost::test_tools::per_element());
  BOOST_TEST(members_of(store->thread_members(
                 draft_thread_keys("", {}, "RE: Ponderosa pipeline"))) == thread,
             boost::test_tools::per_element());
  // A reply to the second message: only who got that one.
  BOOST_TEST(members_of(store->thread_members(draft_thread_keys("r2@me.example", {}, ""))) ==
                 (Members{{"a@x.example", 1}}),
             boost::test_tools::per_element());
  BOOST_TEST(members_of(store->thread_members(draft_thread_keys("", {}, "Kilimanjaro coffee"))) ==
                 (Members{{"z@z.example", 1}}),
             boost::test_tools::per_element());
  BOOST_TEST(store->thread_members(draft_thread_keys("unknown@x.example", {}, "")).empty());
  BOOST_TEST(store->thread_members({}).empty());
}

BOOST_FIXTURE_TEST_CASE(top_partners_most_sent_together_first, StoreFixture) {
  int n = 0;
  auto send = [&](std::vector<std::string> to) {
    std::vector<DraftRecipient> recipients;
    for (const std::string& a : to) recipients.push_back(recipient(a));
    ++n;
    store->add_sent(text_message("p" + std::to_string(n), 100 + n, recipients, "", ""));
  };
  for (int i = 0; i < 2; ++i) send({"a@x.example", "b@x.example", "c@x.example"});
  send({"a@x.example", "b@x.example"});
  send({"a@x.example", "d@y.example"});
  send({"e@y.example"});
  BOOST_TEST(store->top_partners("a@x.example") ==
                 (Partners{{"b@x.example", 3}, {"c@x.example", 2}, {"d@y.example", 1}}),
             boost::test_tools::per_element());
  // Equal counts in any order.
  Partners of_c = store->top_partners("c@x.example");
  std::sort(of_c.begin(), of_c.end());
  BOOST_TEST(of_c == (Partners{{"a@x.example", 2}, {"b@x.example", 2}}),
             boost::test_tools::per_element());
  BOOST_TEST(store->top_partners("e@y.example").empty());
  BOOST_TEST(store->top_partners("unknown@y.example").empty());
}

// --- batches -------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(a_batch_learns_what_single_calls_learn) {
  // The last message goes to every address, so every profile is last written with the same
  // totals in both stores (a profile's norm is as of its last write).
  std::vector<SentMessage> messages = {
      text_message("m1", 100, {recipient("a@x.example", "Anna Berg")}, "Ponderosa pipeline",
                   "Anna,\n\nThe pipeline capacity is booked.\n"),
      text_message("m2", 101, {recipient("b@y.example", "Bo Lind")}, "Kilimanjaro coffee",
                   "Bo,\n\nThe coffee harvest is late.\n", "", {"m1"}),
      text_message("m3", 102, {recipient("a@x.example"), recipient("b@y.example")},
                   "Re: Ponderosa pipeline", "Anna and Bo,\n\nCapacity and coffee.\n", "m1",
                   {"m1"}),
  };
  testing::TempDir dir;
  auto single = HistoryStore::open((dir / "single.sqlite3").string());
  auto batch = HistoryStore::open((dir / "batch.sqlite3").string());
  for (const SentMessage& m : messages) BOOST_TEST(single->add_sent(m));
  batch->begin_batch();
  for (const SentMessage& m : messages) BOOST_TEST(batch->add_sent(m));
  batch->commit();

  std::vector<std::uint32_t> all_terms;
  for (const std::string address : {"a@x.example", "b@y.example"}) {
    BOOST_TEST_CONTEXT(address) {
      std::optional<TermProfile> one = single->term_profile(address);
      std::optional<TermProfile> many = batch->term_profile(address);
      BOOST_TEST_REQUIRE(one.has_value());
      BOOST_TEST_REQUIRE(many.has_value());
      BOOST_TEST(one->messages == many->messages);
      BOOST_TEST(one->terms == many->terms, boost::test_tools::per_element());
      BOOST_TEST(one->norm == many->norm, boost::test_tools::tolerance(1e-12));
      for (auto [term, count] : one->terms) all_terms.push_back(term);
      BOOST_TEST(single->greetings_of(address) == batch->greetings_of(address),
                 boost::test_tools::per_element());
    }
  }
  BOOST_TEST(single->term_profile("a@x.example")->messages == 2);
  BOOST_TEST(single->term_message_counts(all_terms) == batch->term_message_counts(all_terms),
             boost::test_tools::per_element());
  auto keys = draft_thread_keys("", {"m1"}, "");
  BOOST_TEST(members_of(single->thread_members(keys)) == members_of(batch->thread_members(keys)),
             boost::test_tools::per_element());
  BOOST_TEST(members_of(batch->thread_members(keys)).size() == 2u);
}

BOOST_AUTO_TEST_CASE(an_uncommitted_batch_learns_nothing) {
  testing::TempDir dir;
  std::string path = (dir / "h.sqlite3").string();
  {
    auto store = HistoryStore::open(path);
    store->begin_batch();
    store->add_sent(text_message("m1", 100, {recipient("a@x.example")}, "Ponderosa pipeline",
                                 "Hi Anna,\n\nCapacity.\n"));
  }
  for (const char* table : kTables) {
    BOOST_TEST_CONTEXT(table) { BOOST_TEST(rows(path, table) == 0); }
  }
  BOOST_TEST(!HistoryStore::open(path)->term_profile("a@x.example").has_value());
}

// --- privacy -------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(no_word_of_a_subject_or_body_is_written_to_the_file) {
  testing::TempDir dir;
  std::filesystem::path path = dir / "history.sqlite3";
  const std::vector<std::string> secrets = {"Ponderosa",   "ponderosa", "Kilimanjaro",
                                            "kilimanjaro", "稟議書",    "極秘プロジェクト"};
  auto check_files = [&](const std::string& when) {
    for (const std::string& secret : secrets) {
      BOOST_TEST_CONTEXT(when << ": " << secret) {
        BOOST_TEST(!file_contains(path, secret));
        BOOST_TEST(!file_contains(path.string() + "-wal", secret));
      }
    }
  };
  {
    auto store = HistoryStore::open(path.string());
    store->begin_batch();
    for (int i = 0; i < 20; ++i) {
      std::string n = std::to_string(i);
      store->add_sent(
          text_message("m" + n + "@me", 100 + i, {recipient("a@x.example", "Anna")},
                       "Kilimanjaro Ponderosa " + n,
                       "Hi Anna,\n\nPonderosa kilimanjaro 稟議書 極秘プロジェクト " + n + "\n", "",
                       {"root@me"}));
    }
    store->commit();
    store->add_sent(text_message("last@me", 200, {recipient("b@x.example")}, "稟議書の件",
                                 "鈴木様\n\n稟議書を送付します。Ponderosa.\n"));
    BOOST_TEST_REQUIRE(store->term_profile("a@x.example").has_value());
    BOOST_TEST_REQUIRE(std::filesystem::exists(path.string() + "-wal"));
    check_files("open");
  }
  check_files("closed");
  // What was learned is there: greeted names and hashes.
  BOOST_TEST(rows(path.string(), "greetings") == 2);
  BOOST_TEST(rows(path.string(), "term_profiles") == 2);
  BOOST_TEST(file_contains(path, "鈴木"));
}

// --- forgetting ----------------------------------------------------------------------------------

BOOST_FIXTURE_TEST_CASE(forget_address_removes_everything_learned_about_it, TopicFixture) {
  store->add_sent(
      text_message("thread@me.example", 3000,
                   {recipient("ponder@partner.example.jp"), recipient("kili@other.example.jp")},
                   "Joint venture", "Hello both,\n\nJoint venture.\n"));
  const std::string ponder = "ponder@partner.example.jp";
  for (const char* table : {"greetings", "neighbours", "term_profiles", "threads"}) {
    BOOST_TEST_CONTEXT(table) { BOOST_TEST(rows_of(path, table, ponder) > 0); }
  }
  std::vector<std::string> ponder_keys = neighbour_keys(ponder, {"Paula Smith"});
  auto thread_keys = draft_thread_keys("thread@me.example", {}, "");

  BOOST_TEST(store->forget_address(ponder));

  BOOST_TEST(store->greetings_of(ponder).empty());
  BOOST_TEST(store->find_by_greeting("paula").empty());
  BOOST_TEST(!store->term_profile(ponder).has_value());
  BOOST_TEST(store->find_neighbours(ponder_keys).empty());
  BOOST_TEST(members_of(store->thread_members(thread_keys)) ==
                 (std::vector<std::pair<std::string, std::int64_t>>{{"kili@other.example.jp", 1}}),
             boost::test_tools::per_element());
  BOOST_TEST(store->top_partners("kili@other.example.jp").empty());
  for (const char* table : {"greetings", "neighbours", "term_profiles", "threads"}) {
    BOOST_TEST_CONTEXT(table) { BOOST_TEST(orphans(path, table) == 0); }
  }
  // The other address keeps what was learned about it.
  BOOST_TEST(store->greetings_of("kili@other.example.jp") == (Greetings{{"kim", 5}}),
             boost::test_tools::per_element());
  BOOST_TEST(store->term_profile("kili@other.example.jp")->messages == 6);
  BOOST_TEST(profile_holds(*store, "kili@other.example.jp", "kilimanjaro"));
}

BOOST_FIXTURE_TEST_CASE(forget_all_empties_the_five_tables, TopicFixture) {
  for (const char* table : kTables) {
    BOOST_TEST_CONTEXT(table) { BOOST_TEST(rows(path, table) > 0); }
  }
  store->forget_all();
  for (const char* table : kTables) {
    BOOST_TEST_CONTEXT(table) { BOOST_TEST(rows(path, table) == 0); }
  }
  BOOST_TEST(store->term_message_counts({word("ponderosa")}) == (std::vector<std::int64_t>{0, 0}),
             boost::test_tools::per_element());
  // Learning starts again from nothing.
  store->add_sent(text_message("again@me", 5000, {recipient("ponder@partner.example.jp")},
                               "Ponderosa", "Paula,\n\nAgain.\n"));
  BOOST_TEST(store->term_profile("ponder@partner.example.jp")->messages == 1);
  BOOST_TEST(store->greetings_of("ponder@partner.example.jp") == (Greetings{{"paula", 1}}),
             boost::test_tools::per_element());
}

// --- older files ---------------------------------------------------------------------------------

// A history file as SendCheck with schema version 3 wrote it: the released DDL of versions 1 to 3,
// two addresses sent to together four times.
void write_version_3(const std::string& path) {
  testing::write_version_3_history(path, R"sql(
INSERT INTO messages(message_id, date) VALUES('old@x', 5);
INSERT INTO addresses(id, address, base_address, registrable, skeleton, first_sent, last_sent,
                      count)
  VALUES(1, 'paula.smith@partner.example.jp', 'paula.smith@partner.example.jp', 'example.jp',
         'paula.smith@partner.example.jp', 5, 5, 4),
        (2, 'jim@x.example', 'jim@x.example', 'x.example', 'jim@x.example', 5, 5, 4);
INSERT INTO pairs(a, b, count, last_sent) VALUES(1, 2, 4, 5);
)sql");
}

BOOST_AUTO_TEST_CASE(a_version_3_file_reads_with_empty_answers_and_migrates_on_write) {
  static_assert(HistoryStore::kSchemaVersion == 4);
  testing::TempDir dir;
  std::string path = (dir / "v3.sqlite3").string();
  write_version_3(path);
  {
    auto reader = HistoryStore::open_read_only(path);
    BOOST_TEST_REQUIRE(reader->find_address("paula.smith@partner.example.jp").has_value());
    BOOST_TEST(reader->greetings_of("paula.smith@partner.example.jp").empty());
    BOOST_TEST(reader->find_by_greeting("paula").empty());
    BOOST_TEST(reader->find_neighbours({"l:pau", "g:paula"}).empty());
    BOOST_TEST(!reader->term_profile("paula.smith@partner.example.jp").has_value());
    BOOST_TEST(reader->term_message_counts({word("ponderosa")}).empty());
    BOOST_TEST(reader->thread_members(draft_thread_keys("old@x", {}, "Ponderosa")).empty());
    // Pairs are there since version 1.
    BOOST_TEST(
        reader->top_partners("jim@x.example") == (Partners{{"paula.smith@partner.example.jp", 4}}),
        boost::test_tools::per_element());
  }
  BOOST_TEST(testing::raw_int(path, "PRAGMA user_version") == 3);  // reading changed nothing
  BOOST_TEST(
      testing::raw_int(path, "SELECT count(*) FROM sqlite_master WHERE name = 'greetings'") == 0);

  auto store = HistoryStore::open(path);
  BOOST_TEST(testing::raw_int(path, "PRAGMA user_version") == 4);
  for (const char* table : kTables) {
    BOOST_TEST_CONTEXT(table) {
      BOOST_TEST(testing::raw_int(path, std::string("SELECT count(*) FROM sqlite_master WHERE "
                                                    "type = 'table' AND name = '") +
                                            table + "'") == 1);
      // Only the autocomplete keys of the addresses already known are filled in by the
      // migration; nothing else can be recovered without the mail.
      if (std::string(table) != "neighbours") BOOST_TEST(rows(path, table) == 0);
    }
  }
  // Bug: contacts known before version 4 never got neighbour keys (keys were added for a new
  // address or name only), so the check stayed blind to them after an upgrade.
  std::vector<AddressRecord> neighbours = store->find_neighbours({"g:paula"});
  BOOST_TEST_REQUIRE(neighbours.size() == 1u);
  BOOST_TEST(neighbours[0].address == "paula.smith@partner.example.jp");
  BOOST_TEST(store->find_neighbours({"l:jim"}).size() == 1u);
  BOOST_TEST(store->find_address("paula.smith@partner.example.jp")->count == 4);
  store->add_sent(text_message("new@me", 100, {recipient("paula.smith@partner.example.jp")},
                               "Ponderosa pipeline", "Paula,\n\nCapacity.\n"));
  BOOST_TEST(store->greetings_of("paula.smith@partner.example.jp") == (Greetings{{"paula", 1}}),
             boost::test_tools::per_element());
  BOOST_TEST(store->term_profile("paula.smith@partner.example.jp")->messages == 1);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace sendcheck
