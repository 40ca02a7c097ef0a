// default_history_path: SENDCHECK_DB, XDG_DATA_HOME, HOME (DESIGN.md §5).
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <optional>
#include <string>

#include "sendcheck/error.h"
#include "store/history_path.h"
#include "test_support.h"

namespace sendcheck {
namespace {

// Saves the variables default_history_path reads, unsets them, and restores them afterwards.
class EnvGuard {
 public:
  EnvGuard() {
    for (int i = 0; i < kCount; ++i) {
      const char* value = std::getenv(kNames[i]);
      if (value != nullptr) saved_[i] = value;
      ::unsetenv(kNames[i]);
    }
  }
  ~EnvGuard() {
    for (int i = 0; i < kCount; ++i) {
      if (saved_[i]) {
        ::setenv(kNames[i], saved_[i]->c_str(), 1);
      } else {
        ::unsetenv(kNames[i]);
      }
    }
  }
  EnvGuard(const EnvGuard&) = delete;
  EnvGuard& operator=(const EnvGuard&) = delete;

 private:
  static constexpr int kCount = 3;
  static constexpr const char* kNames[kCount] = {"SENDCHECK_DB", "XDG_DATA_HOME", "HOME"};
  std::optional<std::string> saved_[kCount];
};

}  // namespace

BOOST_AUTO_TEST_SUITE(paths_test)

BOOST_FIXTURE_TEST_CASE(sendcheck_db_wins, EnvGuard) {
  ::setenv("SENDCHECK_DB", "/srv/sendcheck/team.sqlite3", 1);
  ::setenv("XDG_DATA_HOME", "/home/taro/.data", 1);
  ::setenv("HOME", "/home/taro", 1);
  BOOST_TEST(default_history_path() == "/srv/sendcheck/team.sqlite3");
  ::setenv("SENDCHECK_DB", "relative/history.db", 1);
  BOOST_TEST(default_history_path() == "relative/history.db");
}

BOOST_FIXTURE_TEST_CASE(xdg_data_home_when_absolute, EnvGuard) {
  ::setenv("XDG_DATA_HOME", "/home/taro/.data", 1);
  ::setenv("HOME", "/home/taro", 1);
  BOOST_TEST(default_history_path() == "/home/taro/.data/sendcheck/history.sqlite3");
  ::setenv("SENDCHECK_DB", "", 1);  // empty: as if unset
  BOOST_TEST(default_history_path() == "/home/taro/.data/sendcheck/history.sqlite3");
}

BOOST_FIXTURE_TEST_CASE(home_when_xdg_missing_or_relative, EnvGuard) {
  ::setenv("HOME", "/home/taro", 1);
  BOOST_TEST(default_history_path() == "/home/taro/.local/share/sendcheck/history.sqlite3");
  ::setenv("XDG_DATA_HOME", "relative/data", 1);
  BOOST_TEST(default_history_path() == "/home/taro/.local/share/sendcheck/history.sqlite3");
  ::setenv("XDG_DATA_HOME", "", 1);
  BOOST_TEST(default_history_path() == "/home/taro/.local/share/sendcheck/history.sqlite3");
}

BOOST_FIXTURE_TEST_CASE(no_home_is_an_error, EnvGuard) {
  BOOST_CHECK_EXCEPTION(default_history_path(), Error,
                        [](const Error& error) { return error.code() == "history.no-home"; });
  ::setenv("HOME", "", 1);
  ::setenv("XDG_DATA_HOME", "relative", 1);
  BOOST_CHECK_EXCEPTION(default_history_path(), Error,
                        [](const Error& error) { return error.code() == "history.no-home"; });
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace sendcheck
