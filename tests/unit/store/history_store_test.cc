// HistoryStore: what add_sent learns and what the lookups answer.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "sendcheck/error.h"
#include "store/history_store.h"
#include "store_test_util.h"
#include "test_support.h"

namespace sendcheck {
namespace {

using testing::message;
using testing::recipient;

auto has_code(const std::string& code) {
  return [code](const Error& error) { return error.code() == code; };
}

std::int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct StoreFixture {
  testing::TempDir dir;
  std::string path = (dir / "history.sqlite3").string();
  std::unique_ptr<HistoryStore> store = HistoryStore::open(path);
};

bool same_stats(const HistoryStats& a, const HistoryStats& b) {
  return a.messages == b.messages && a.addresses == b.addresses && a.domains == b.domains &&
         a.pairs == b.pairs;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(history_store_test)

BOOST_FIXTURE_TEST_CASE(add_then_find_counts_dates_and_names, StoreFixture) {
  BOOST_TEST(
      store->add_sent(message("m1@x", 1000, {recipient("taro@example.co.jp", "Taro Yamada")})));
  BOOST_TEST(
      store->add_sent(message("m2@x", 500, {recipient("taro@example.co.jp", "  山田 太郎 ")})));
  BOOST_TEST(
      store->add_sent(message("m3@x", 2000, {recipient("taro@example.co.jp", "山田 太郎")})));
  BOOST_TEST(
      store->add_sent(message("m4@x", 1500, {recipient("taro@example.co.jp", "", Field::kCc)})));

  auto record = store->find_address("taro@example.co.jp");
  BOOST_REQUIRE(record.has_value());
  BOOST_TEST(record->address == "taro@example.co.jp");
  BOOST_TEST(record->count == 4);
  BOOST_TEST(record->first_sent == 500);
  BOOST_TEST(record->last_sent == 2000);
  std::vector<std::string> expected_names = {"山田 太郎", "Taro Yamada"};
  BOOST_TEST(record->names == expected_names, boost::test_tools::per_element());

  BOOST_TEST(!store->find_address("hanako@example.co.jp").has_value());
  HistoryStats stats = store->stats();
  BOOST_TEST(stats.messages == 4);
  BOOST_TEST(stats.addresses == 1);
  BOOST_TEST(stats.domains == 1);
  BOOST_TEST(stats.pairs == 0);
}

BOOST_FIXTURE_TEST_CASE(names_most_frequent_first_at_most_eight, StoreFixture) {
  int n = 0;
  for (int k = 0; k < 10; ++k) {
    for (int i = 0; i <= k; ++i) {
      std::string id = "names-" + std::to_string(n++);
      store->add_sent(
          message(id, 100 + n, {recipient("a@example.jp", "name" + std::to_string(k))}));
    }
  }
  auto record = store->find_address("a@example.jp");
  BOOST_REQUIRE(record.has_value());
  BOOST_TEST(record->count == 55);
  std::vector<std::string> expected = {"name9", "name8", "name7", "name6",
                                       "name5", "name4", "name3", "name2"};
  BOOST_TEST(record->names == expected, boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(duplicate_message_id_adds_nothing, StoreFixture) {
  BOOST_TEST(store->add_sent(
      message("dup@x", 1000, {recipient("a@example.jp"), recipient("b@example.jp")})));
  HistoryStats before = store->stats();
  BOOST_TEST(!store->add_sent(message("dup@x", 2000, {recipient("c@other.jp")})));
  BOOST_TEST(!store->add_sent(message(" <dup@x> ", 3000, {recipient("a@example.jp")})));
  BOOST_TEST(same_stats(store->stats(), before));
  BOOST_TEST(before.messages == 1);
  BOOST_TEST(before.addresses == 2);
  BOOST_TEST(before.pairs == 1);
  BOOST_TEST(!store->find_address("c@other.jp").has_value());
  BOOST_TEST(!store->find_domain("other.jp").has_value());
  auto a = store->find_address("a@example.jp");
  BOOST_REQUIRE(a.has_value());
  BOOST_TEST(a->count == 1);
  BOOST_TEST(a->last_sent == 1000);
}

BOOST_FIXTURE_TEST_CASE(synthetic_id_dedups_messages_without_message_id, StoreFixture) {
  auto first = message("", 1000, {recipient("a@example.jp", "A"), recipient("b@example.jp")});
  BOOST_TEST(store->add_sent(first));
  BOOST_TEST(!store->add_sent(first));  // imported again
  // Same headers written differently (case) give the same id.
  auto again = message("", 1000, {recipient("A@Example.JP", "A"), recipient("b@example.jp")},
                       "Me@Example.co.jp");
  BOOST_TEST(!store->add_sent(again));
  // Another date or other recipients: another message.
  BOOST_TEST(
      store->add_sent(message("", 1001, {recipient("a@example.jp"), recipient("b@example.jp")})));
  BOOST_TEST(store->add_sent(message("", 1000, {recipient("a@example.jp")})));
  BOOST_TEST(store->stats().messages == 3);
  BOOST_TEST(store->find_address("a@example.jp")->count == 3);
  BOOST_TEST(store->find_address("b@example.jp")->count == 2);
}

BOOST_FIXTURE_TEST_CASE(unknown_date_uses_now_and_still_dedups, StoreFixture) {
  std::int64_t before = now_seconds();
  auto undated = message("", 0, {recipient("a@example.jp")});
  BOOST_TEST(store->add_sent(undated));
  BOOST_TEST(!store->add_sent(undated));
  std::int64_t after = now_seconds();
  auto record = store->find_address("a@example.jp");
  BOOST_REQUIRE(record.has_value());
  BOOST_TEST(record->count == 1);
  BOOST_TEST(record->first_sent >= before);
  BOOST_TEST(record->first_sent <= after);
  BOOST_TEST(record->last_sent == record->first_sent);
}

BOOST_FIXTURE_TEST_CASE(sub_address_is_found_by_base, StoreFixture) {
  store->add_sent(message("s1@x", 100, {recipient("hanako@example.jp", "Hanako")}));
  store->add_sent(message("s2@x", 200, {recipient("hanako@example.jp")}));
  store->add_sent(message("s3@x", 300, {recipient("hanako+invoice@example.jp")}));

  BOOST_TEST(
      testing::raw_int(path,
                       "SELECT count(*) FROM addresses WHERE address = "
                       "'hanako+invoice@example.jp' AND base_address = 'hanako@example.jp'") == 1);
  auto tagged = store->find_address("hanako+invoice@example.jp");
  BOOST_REQUIRE(tagged.has_value());
  BOOST_TEST(tagged->count == 1);

  auto base = store->find_by_base("hanako@example.jp");
  BOOST_REQUIRE(base.has_value());
  BOOST_TEST(base->address == "hanako@example.jp");
  BOOST_TEST(base->count == 2);
  std::vector<std::string> names = {"Hanako"};
  BOOST_TEST(base->names == names, boost::test_tools::per_element());

  // Only a tagged address known: it is what the base finds.
  store->add_sent(message("s4@x", 400, {recipient("jiro+news@example.jp")}));
  auto jiro = store->find_by_base("jiro@example.jp");
  BOOST_REQUIRE(jiro.has_value());
  BOOST_TEST(jiro->address == "jiro+news@example.jp");
  BOOST_TEST(!store->find_by_base("saburo@example.jp").has_value());
  BOOST_TEST(!store->find_address("jiro@example.jp").has_value());
}

BOOST_FIXTURE_TEST_CASE(find_by_base_prefers_most_used_then_untagged, StoreFixture) {
  store->add_sent(message("t1@x", 100, {recipient("ken+a@example.jp")}));
  store->add_sent(message("t2@x", 200, {recipient("ken+a@example.jp")}));
  store->add_sent(message("t3@x", 300, {recipient("ken@example.jp")}));
  BOOST_TEST(store->find_by_base("ken@example.jp")->address == "ken+a@example.jp");
  store->add_sent(message("t4@x", 400, {recipient("ken@example.jp")}));
  BOOST_TEST(store->find_by_base("ken@example.jp")->address == "ken@example.jp");
}

BOOST_FIXTURE_TEST_CASE(addresses_are_stored_canonical, StoreFixture) {
  BOOST_TEST(store->add_sent(
      message("c1@x", 100, {recipient("Taro.Yamada@Example.CO.JP", "Taro Yamada")})));
  BOOST_TEST(store->add_sent(message("c2@x", 200, {recipient("taro.yamada@example.co.jp.")})));
  auto record = store->find_address("taro.yamada@example.co.jp");
  BOOST_REQUIRE(record.has_value());
  BOOST_TEST(record->address == "taro.yamada@example.co.jp");
  BOOST_TEST(record->count == 2);
  BOOST_TEST(store->stats().addresses == 1);
  BOOST_TEST(store->find_domain("example.co.jp")->count == 2);
  // A different mailbox (dot placement) stays different.
  BOOST_TEST(!store->find_address("taroyamada@example.co.jp").has_value());
}

BOOST_FIXTURE_TEST_CASE(domain_counted_once_per_message, StoreFixture) {
  store->add_sent(message("d1@x", 100,
                          {recipient("a@example.co.jp"), recipient("b@example.co.jp"),
                           recipient("c@tokyo.example.co.jp", "", Field::kCc)}));
  store->add_sent(message("d2@x", 50, {recipient("d@example.co.jp"), recipient("x@other.jp")}));

  auto domain = store->find_domain("example.co.jp");
  BOOST_REQUIRE(domain.has_value());
  BOOST_TEST(domain->domain == "example.co.jp");
  BOOST_TEST(domain->count == 2);
  BOOST_TEST(domain->first_sent == 50);
  BOOST_TEST(domain->last_sent == 100);
  auto other = store->find_domain("other.jp");
  BOOST_REQUIRE(other.has_value());
  BOOST_TEST(other->count == 1);
  BOOST_TEST(!store->find_domain("tokyo.example.co.jp").has_value());
  BOOST_TEST(store->stats().domains == 2);
  BOOST_TEST(store->stats().addresses == 5);
}

BOOST_FIXTURE_TEST_CASE(pairs_counted_and_symmetric, StoreFixture) {
  store->add_sent(message("p1@x", 100,
                          {recipient("a@example.jp"), recipient("b@example.jp"),
                           recipient("c@other.jp", "", Field::kCc)}));
  store->add_sent(message("p2@x", 200,
                          {recipient("b@example.jp"), recipient("a@example.jp"),
                           recipient("a@example.jp", "", Field::kCc)}));

  BOOST_TEST(store->pair_count("a@example.jp", "b@example.jp") == 2);
  BOOST_TEST(store->pair_count("b@example.jp", "a@example.jp") == 2);
  BOOST_TEST(store->pair_count("a@example.jp", "c@other.jp") == 1);
  BOOST_TEST(store->pair_count("c@other.jp", "b@example.jp") == 1);
  BOOST_TEST(store->pair_count("a@example.jp", "a@example.jp") == 0);
  BOOST_TEST(store->pair_count("a@example.jp", "nobody@example.jp") == 0);
  BOOST_TEST(store->stats().pairs == 3);
  // The address in To and Cc of p2 counted once.
  BOOST_TEST(store->find_address("a@example.jp")->count == 2);
}

BOOST_FIXTURE_TEST_CASE(same_address_twice_in_one_message_counts_once, StoreFixture) {
  store->add_sent(
      message("twice@x", 100,
              {recipient("taro@example.jp"), recipient("TARO@example.jp", "Taro", Field::kCc),
               recipient("taro@example.jp", "Other", Field::kBcc)}));
  auto record = store->find_address("taro@example.jp");
  BOOST_REQUIRE(record.has_value());
  BOOST_TEST(record->count == 1);
  std::vector<std::string> names = {"Taro"};
  BOOST_TEST(record->names == names, boost::test_tools::per_element());
  BOOST_TEST(store->stats().pairs == 0);
}

BOOST_FIXTURE_TEST_CASE(self_recipients_not_learned, StoreFixture) {
  store->add_self({"me@example.co.jp", "me2@example.co.jp"});
  BOOST_TEST(store->is_self("me@example.co.jp"));
  BOOST_TEST(store->is_self("me2@example.co.jp"));
  BOOST_TEST(!store->is_self("a@example.jp"));

  BOOST_TEST(
      store->add_sent(message("self1@x", 100,
                              {recipient("Me@Example.CO.JP", "Me"), recipient("a@example.jp"),
                               recipient("me2@example.co.jp", "", Field::kBcc)})));
  BOOST_TEST(!store->find_address("me@example.co.jp").has_value());
  BOOST_TEST(!store->find_address("me2@example.co.jp").has_value());
  BOOST_TEST(!store->find_domain("example.co.jp").has_value());
  BOOST_TEST(store->find_address("a@example.jp")->count == 1);
  HistoryStats stats = store->stats();
  BOOST_TEST(stats.messages == 1);
  BOOST_TEST(stats.addresses == 1);
  BOOST_TEST(stats.domains == 1);
  BOOST_TEST(stats.pairs == 0);

  store->add_self({"me@example.co.jp"});  // again: no error
  BOOST_TEST(store->is_self("me@example.co.jp"));
}

BOOST_FIXTURE_TEST_CASE(sixty_recipients_learn_addresses_but_no_pairs, StoreFixture) {
  std::vector<DraftRecipient> recipients;
  for (int i = 0; i < 60; ++i)
    recipients.push_back(recipient("user" + std::to_string(i) + "@example.jp"));
  BOOST_TEST(store->add_sent(message("many@x", 100, recipients)));
  HistoryStats stats = store->stats();
  BOOST_TEST(stats.addresses == 60);
  BOOST_TEST(stats.pairs == 0);
  BOOST_TEST(stats.domains == 1);
  BOOST_TEST(store->find_domain("example.jp")->count == 1);
  BOOST_TEST(store->find_address("user59@example.jp")->count == 1);
  BOOST_TEST(store->pair_count("user0@example.jp", "user1@example.jp") == 0);
}

BOOST_FIXTURE_TEST_CASE(fifty_recipients_learn_all_pairs, StoreFixture) {
  std::vector<DraftRecipient> recipients;
  for (std::size_t i = 0; i < HistoryStore::kMaxPairRecipients; ++i) {
    recipients.push_back(recipient("user" + std::to_string(i) + "@example.jp"));
  }
  recipients.push_back(recipient("broken-no-domain"));  // not learned, does not count
  BOOST_TEST(store->add_sent(message("fifty@x", 100, recipients)));
  BOOST_TEST(store->stats().pairs == 50 * 49 / 2);
  BOOST_TEST(store->pair_count("user49@example.jp", "user0@example.jp") == 1);
}

BOOST_FIXTURE_TEST_CASE(unusable_recipients_not_learned, StoreFixture) {
  SentMessage sent = message("bad@x", 100, {recipient("社内全員", "社内全員")});
  Mailbox x500 = testing::mailbox("/o=ExchangeLabs/ou=Exchange/cn=Recipients/cn=abc");
  x500.kind = MailboxKind::kX500;
  sent.recipients.push_back(DraftRecipient{Field::kTo, x500});
  Mailbox malformed = testing::mailbox("@example.jp");
  malformed.kind = MailboxKind::kMalformed;
  sent.recipients.push_back(DraftRecipient{Field::kCc, malformed});
  BOOST_TEST(store->add_sent(sent));
  BOOST_TEST(!store->add_sent(sent));
  HistoryStats stats = store->stats();
  BOOST_TEST(stats.messages == 1);
  BOOST_TEST(stats.addresses == 0);
  BOOST_TEST(stats.domains == 0);
}

BOOST_FIXTURE_TEST_CASE(batch_commit_keeps_everything, StoreFixture) {
  store->begin_batch();
  BOOST_TEST(store->add_sent(message("b1@x", 100, {recipient("a@example.jp")})));
  BOOST_TEST(store->add_sent(
      message("b2@x", 200, {recipient("a@example.jp"), recipient("b@example.jp")})));
  BOOST_TEST(!store->add_sent(message("b1@x", 100, {recipient("a@example.jp")})));
  store->add_self({"me@example.co.jp"});
  store->commit();
  store.reset();

  auto reopened = HistoryStore::open(path);
  BOOST_TEST(reopened->stats().messages == 2);
  BOOST_TEST(reopened->find_address("a@example.jp")->count == 2);
  BOOST_TEST(reopened->pair_count("a@example.jp", "b@example.jp") == 1);
  BOOST_TEST(reopened->is_self("me@example.co.jp"));
}

BOOST_FIXTURE_TEST_CASE(uncommitted_batch_rolled_back_on_destruction, StoreFixture) {
  store->add_sent(message("before@x", 50, {recipient("old@example.jp")}));
  store->begin_batch();
  store->add_sent(message("b1@x", 100, {recipient("a@example.jp")}));
  store->add_sent(message("b2@x", 200, {recipient("old@example.jp")}));
  store.reset();

  auto reopened = HistoryStore::open(path);
  HistoryStats stats = reopened->stats();
  BOOST_TEST(stats.messages == 1);
  BOOST_TEST(stats.addresses == 1);
  BOOST_TEST(!reopened->find_address("a@example.jp").has_value());
  BOOST_TEST(reopened->find_address("old@example.jp")->count == 1);
  // The messages of the lost batch can be added again.
  BOOST_TEST(reopened->add_sent(message("b1@x", 100, {recipient("a@example.jp")})));
}

BOOST_FIXTURE_TEST_CASE(batch_misuse_is_an_error, StoreFixture) {
  BOOST_CHECK_EXCEPTION(store->commit(), Error, has_code("history.write-failed"));
  store->begin_batch();
  BOOST_CHECK_EXCEPTION(store->begin_batch(), Error, has_code("history.write-failed"));
  store->commit();
}

// A write that fails half-way leaves nothing behind; in a batch only that message is undone.
BOOST_FIXTURE_TEST_CASE(failed_write_is_rolled_back, StoreFixture) {
  BOOST_TEST(store->add_sent(message("ok1@x", 100, {recipient("a@example.jp")})));
  testing::raw_exec(path,
                    "CREATE TRIGGER fail_domain BEFORE INSERT ON domains "
                    "WHEN NEW.domain = 'fail.example' BEGIN SELECT RAISE(ABORT, 'boom'); END;");

  SentMessage failing =
      message("bad1@x", 200, {recipient("b@example.jp"), recipient("x@fail.example")});
  BOOST_CHECK_EXCEPTION(store->add_sent(failing), Error, has_code("history.write-failed"));
  BOOST_TEST(!store->find_address("b@example.jp").has_value());
  BOOST_TEST(store->stats().messages == 1);

  store->begin_batch();
  BOOST_TEST(store->add_sent(message("ok2@x", 300, {recipient("a@example.jp")})));
  BOOST_CHECK_EXCEPTION(store->add_sent(failing), Error, has_code("history.write-failed"));
  BOOST_TEST(store->add_sent(message("ok3@x", 400, {recipient("c@example.jp")})));
  store->commit();

  HistoryStats stats = store->stats();
  BOOST_TEST(stats.messages == 3);
  BOOST_TEST(stats.addresses == 2);
  BOOST_TEST(store->find_address("a@example.jp")->count == 2);
  BOOST_TEST(!store->find_address("b@example.jp").has_value());
  BOOST_TEST(store->find_domain("example.jp")->count == 3);

  testing::raw_exec(path, "DROP TRIGGER fail_domain");
  BOOST_TEST(store->add_sent(failing));  // its id was not kept
  BOOST_TEST(store->find_address("b@example.jp")->count == 1);
  BOOST_TEST(store->pair_count("b@example.jp", "x@fail.example") == 1);
}

BOOST_FIXTURE_TEST_CASE(read_only_store_reads_and_refuses_writes, StoreFixture) {
  store->add_sent(message("r1@x", 100, {recipient("a@example.jp", "A")}));
  auto reader = HistoryStore::open_read_only(path);
  BOOST_TEST(reader->find_address("a@example.jp")->count == 1);
  BOOST_CHECK_EXCEPTION(reader->add_sent(message("r2@x", 200, {recipient("b@example.jp")})), Error,
                        has_code("history.write-failed"));
  BOOST_CHECK_EXCEPTION(reader->add_self({"me@example.jp"}), Error,
                        has_code("history.write-failed"));
  BOOST_CHECK_EXCEPTION(reader->begin_batch(), Error, has_code("history.write-failed"));
  // Later writes of other connections are seen.
  store->add_sent(message("r3@x", 300, {recipient("a@example.jp")}));
  BOOST_TEST(reader->find_address("a@example.jp")->count == 2);
  BOOST_TEST(reader->stats().messages == 2);
}

BOOST_FIXTURE_TEST_CASE(read_only_store_after_writers_closed, StoreFixture) {
  store->add_sent(message("r1@x", 100, {recipient("a@example.jp", "A")}));
  store.reset();  // the last writer checkpoints and removes the -wal file
  auto reader = HistoryStore::open_read_only(path);
  auto record = reader->find_address("a@example.jp");
  BOOST_REQUIRE(record.has_value());
  BOOST_TEST(record->count == 1);
  BOOST_TEST(reader->find_domain("example.jp")->count == 1);
  BOOST_TEST(reader->stats().messages == 1);
  // A writer may come and go while the reader stays open.
  HistoryStore::open(path)->add_sent(message("r2@x", 200, {recipient("a@example.jp")}));
  BOOST_TEST(reader->find_address("a@example.jp")->count == 2);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace sendcheck
