// The OS layer (host/src/platform/): folders, atomic replace, per-user folders, child processes.
#include <signal.h>
#include <sys/stat.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

#include "platform/environment.h"
#include "platform/files.h"
#include "platform/folders.h"
#include "platform/paths.h"
#include "platform/process.h"
#include "test_support.h"

namespace sendcheck {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

unsigned mode_of(const fs::path& path) {
  struct stat info {};
  ::stat(path.c_str(), &info);
  return info.st_mode & 07777;
}

BOOST_AUTO_TEST_SUITE(platform_test)

BOOST_AUTO_TEST_CASE(missing_folders_get_exactly_the_mode_whatever_the_umask) {
  TempDir dir;
  mode_t old = ::umask(077);
  platform::FolderError failed = platform::create_folders(dir.path() / "a" / "b", 0755);
  ::umask(old);
  BOOST_TEST(!failed);
  BOOST_TEST(mode_of(dir.path() / "a") == 0755u);
  BOOST_TEST(mode_of(dir.path() / "a" / "b") == 0755u);
  BOOST_TEST(!platform::create_folders(dir.path() / "p" / "q"));
  BOOST_TEST(mode_of(dir.path() / "p" / "q") == 0700u);
}

BOOST_AUTO_TEST_CASE(a_folder_that_cannot_be_made_is_named) {
  TempDir dir;
  std::ofstream(dir.path() / "file") << "x";
  platform::FolderError failed = platform::create_folders(dir.path() / "file" / "sub");
  BOOST_TEST(static_cast<bool>(failed));
  BOOST_TEST(failed.folder == dir.path() / "file" / "sub");
}

BOOST_AUTO_TEST_CASE(replace_file_leaves_the_new_text_with_the_mode_and_no_temporary) {
  TempDir dir;
  fs::path target = dir.path() / "settings.json";
  std::ofstream(target) << "old";
  BOOST_TEST(!platform::replace_file(target, "new text\n", 0644));
  BOOST_TEST(platform::read_file(target).value_or("") == "new text\n");
  BOOST_TEST(!platform::read_file(dir.path() / "missing"));
  BOOST_TEST(mode_of(target) == 0644u);
  int entries = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir.path())) ++entries;
  BOOST_TEST(entries == 1);
  platform::ReplaceError failed = platform::replace_file(dir.path() / "no" / "x", "text");
  BOOST_TEST(static_cast<bool>(failed));
  BOOST_TEST(std::string(failed.step) == "create");
}

BOOST_AUTO_TEST_CASE(the_sibling_program_is_next_to_the_running_executable) {
  fs::path sibling = platform::sibling_program("sendcheck");
  BOOST_TEST(sibling.filename() == "sendcheck");
  BOOST_TEST(
      fs::equivalent(sibling.parent_path(), fs::read_symlink("/proc/self/exe").parent_path()));
}

BOOST_AUTO_TEST_CASE(a_child_answers_on_stdout_and_its_exit_is_reported) {
  platform::SpawnOptions options;
  options.argv = {"/bin/sh", "-c", "cat; echo oops >&2; exit 3"};
  options.err = platform::Stdio::kPipe;
  platform::ChildProcess child(options);
  platform::ExchangeResult result = child.exchange("hello");
  BOOST_TEST(result.input_written);
  BOOST_TEST(result.out_closed);
  BOOST_TEST(result.out == "hello");
  platform::ExitStatus status = child.wait();
  BOOST_TEST(status.exited);
  BOOST_TEST(status.shell_code() == 3);
  BOOST_TEST(result.err + child.take_stderr(100) == "oops\n");
}

BOOST_AUTO_TEST_CASE(a_child_past_its_deadline_is_reported_and_killed) {
  platform::SpawnOptions options;
  options.argv = {"/bin/sleep", "30"};
  options.own_process_group = true;
  platform::ChildProcess child(options);
  platform::ExchangeOptions exchange;
  exchange.deadline = platform::ProcessClock::now() + std::chrono::milliseconds(100);
  BOOST_TEST(child.exchange("", exchange).timed_out);
  BOOST_TEST(!child.wait_until(platform::ProcessClock::now()));
  platform::ExitStatus status = child.kill();
  BOOST_TEST(!status.exited);
  BOOST_TEST(status.signal == SIGKILL);
}

BOOST_AUTO_TEST_CASE(a_missing_program_throws_naming_it) {
  platform::SpawnOptions options;
  options.argv = {"/nonexistent/program"};
  try {
    platform::ChildProcess child(options);
    BOOST_FAIL("no exception");
  } catch (const std::system_error& e) {
    BOOST_TEST(std::string(e.what()).find("/nonexistent/program") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(the_environment_changes_reach_the_child) {
  platform::SpawnOptions options;
  options.argv = {"/bin/sh", "-c", "printf '%s/%s' \"$PLATFORM_TEST_SET\" \"${HOME-unset}\""};
  options.env_changes = {{"PLATFORM_TEST_SET", "yes"}, {"HOME", ""}};
  options.in = platform::Stdio::kNull;
  platform::ChildProcess child(options);
  BOOST_TEST(child.exchange("").out == "yes/unset");
  BOOST_TEST(child.wait().shell_code() == 0);
}

BOOST_AUTO_TEST_CASE(a_count_from_the_environment_is_a_positive_number_or_invalid) {
  const char* name = "SENDCHECK_PLATFORM_TEST_COUNT";
  ::unsetenv(name);
  BOOST_TEST(platform::env_count(name).status == platform::EnvCount::kUnset);
  BOOST_TEST(platform::env_value(name).empty());
  ::setenv(name, "", 1);
  BOOST_TEST(platform::env_count(name).status == platform::EnvCount::kUnset);
  ::setenv(name, "4096", 1);
  BOOST_TEST(platform::env_count(name).status == platform::EnvCount::kValid);
  BOOST_TEST(platform::env_count(name).value == 4096u);
  BOOST_TEST(platform::env_value(name) == "4096");
  for (const char* bad : {"0", "-1", "12k", "x", "99999999999999999999999"}) {
    ::setenv(name, bad, 1);
    BOOST_TEST((platform::env_count(name).status == platform::EnvCount::kInvalid), bad);
  }
  ::unsetenv(name);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace sendcheck
