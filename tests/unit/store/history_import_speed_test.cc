// The import-speed changes of the history's learning (store/history_learn.cc; docs/performance.md,
// "Import speed") keep the history exactly as before: look-alike variants written kVariantRows to
// a statement (lists shorter, equal to and longer than a statement's rows), and a known domain or
// display name updated without recomputing its keys.
#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>

#include "sendcheck/similarity.h"
#include "store/history_store.h"
#include "store_test_util.h"
#include "test_support.h"

using sendcheck::HistoryStore;
using sendcheck::testing::message;
using sendcheck::testing::raw_int;
using sendcheck::testing::recipient;

BOOST_AUTO_TEST_SUITE(history_import_speed_test)

BOOST_AUTO_TEST_CASE(variant_rows_hold_every_deletion_variant_once) {
  sendcheck::testing::TempDir dir;
  const std::string db = (dir / "history.sqlite3").string();
  // Local parts of 1, 8, 9 and 20 code points (1, 8+1, 9+1, 20+1 variants before dedup).
  const std::string locals[] = {"a", "abcdefgh", "abcdefghi", "yamada.taro.example1"};
  {
    auto store = HistoryStore::open(db);
    store->begin_batch();
    int n = 0;
    for (const std::string& local : locals) {
      store->add_sent(message("m" + std::to_string(n++) + "@x", 1700000000,
                              {recipient(local + "@longorganisationname.co.jp")}));
    }
    store->commit();
  }
  std::size_t expected = 0;
  for (const std::string& local : locals) expected += sendcheck::deletion_variants(local).size();
  BOOST_TEST(raw_int(db, "SELECT count(*) FROM local_variants") ==
             static_cast<std::int64_t>(expected));
  BOOST_TEST(raw_int(db, "SELECT count(*) FROM domain_variants") ==
             static_cast<std::int64_t>(
                 sendcheck::deletion_variants(sendcheck::domain_label("longorganisationname.co.jp"))
                     .size()));

  auto store = HistoryStore::open_read_only(db);
  // A one-letter typo in the 20th character still finds the address through its variants.
  auto found = store->find_by_local_variants("longorganisationname.co.jp",
                                             sendcheck::deletion_variants("yamada.taro.example2"));
  BOOST_TEST_REQUIRE(found.size() == 1u);
  BOOST_TEST(found[0].address == "yamada.taro.example1@longorganisationname.co.jp");
  auto domains =
      store->find_domains_by_label_variants(sendcheck::deletion_variants("longorganisationnane"));
  BOOST_TEST_REQUIRE(domains.size() == 1u);
  BOOST_TEST(domains[0] == "longorganisationname.co.jp");
}

BOOST_AUTO_TEST_CASE(known_domain_and_name_are_counted_without_new_keys) {
  sendcheck::testing::TempDir dir;
  const std::string db = (dir / "history.sqlite3").string();
  {
    auto store = HistoryStore::open(db);
    store->begin_batch();
    store->add_sent(message("a@x", 1700000500, {recipient("suzuki@partner.co.jp", "Suzuki")}));
    store->add_sent(message(
        "b@x", 1700000100,
        {recipient("suzuki@partner.co.jp", "Suzuki"), recipient("sato@partner.co.jp", "Sato")}));
    store->add_sent(message("c@x", 1700000900, {recipient("suzuki@partner.co.jp", "鈴木")}));
    store->commit();
  }
  auto store = HistoryStore::open_read_only(db);
  auto domain = store->find_domain("partner.co.jp");
  BOOST_TEST_REQUIRE(domain.has_value());
  BOOST_TEST(domain->count == 3);  // once a message, not once a recipient
  BOOST_TEST(domain->first_sent == 1700000100);
  BOOST_TEST(domain->last_sent == 1700000900);
  BOOST_TEST(store->find_domains_by_label("partner").size() == 1u);
  BOOST_TEST(raw_int(db,
                     "SELECT count(*) FROM domains WHERE label = 'partner' AND "
                     "skeleton <> ''") == 1);
  BOOST_TEST(raw_int(db, "SELECT count FROM address_names WHERE name = 'Suzuki'") == 2);
  BOOST_TEST(raw_int(db, "SELECT count FROM address_names WHERE name = '鈴木'") == 1);
  BOOST_TEST(raw_int(db, "SELECT count(*) FROM address_names WHERE name_key = ''") == 0);
  BOOST_TEST(store->find_by_name_key(sendcheck::name_key("SUZUKI")).size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
