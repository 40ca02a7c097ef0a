// A connection that writes the history does not memory-map the database file (issue 7, bench:
// importing a 100 MB mbox peaked at 180 MB of resident memory, growing with the database,
// because every page the import read through SQLite's 1 GB map counted as resident). Reads of
// a read-only connection (a check) still map it.
#include <boost/test/unit_test.hpp>
#include <fstream>
#include <string>

#include "store/history_store.h"
#include "store_test_util.h"
#include "test_support.h"

namespace sendcheck {
namespace {

using testing::message;
using testing::recipient;

// True when this process has `path` itself (not its -wal or -shm) mapped.
bool is_mapped(const std::string& path) {
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    if (line.size() >= path.size() &&
        line.compare(line.size() - path.size(), path.size(), path) == 0 &&
        line[line.size() - path.size() - 1] == ' ') {
      return true;
    }
  }
  return false;
}

BOOST_AUTO_TEST_SUITE(history_write_mmap_test)

BOOST_AUTO_TEST_CASE(import_does_not_map_the_database_file) {
#if defined(__linux__)
  testing::TempDir dir;
  std::string path = std::filesystem::canonical(dir.path()).string() + "/history.sqlite3";
  {
    std::unique_ptr<HistoryStore> store = HistoryStore::open(path);
    store->begin_batch();
    for (int i = 0; i < 200; ++i) {
      std::string n = std::to_string(i);
      store->add_sent(
          message("<m" + n + "@example.co.jp>", 1600000000 + i,
                  {recipient("person" + n + "@partner" + n + ".co.jp", "Person " + n)}));
    }
    store->commit();
    BOOST_REQUIRE(store->find_address("person7@partner7.co.jp").has_value());
    BOOST_TEST(!is_mapped(path));
  }
  {
    std::unique_ptr<HistoryStore> reader = HistoryStore::open_read_only(path);
    BOOST_REQUIRE(reader->find_address("person7@partner7.co.jp").has_value());
    BOOST_TEST(is_mapped(path));  // the method of this test sees a map when there is one
  }
#else
  BOOST_TEST_MESSAGE("Linux only (/proc/self/maps)");
#endif
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace sendcheck
