// Helpers shared by the tests: fixture paths, temporary folders, the shared corpus.
#ifndef SENDCHECK_TESTS_TEST_SUPPORT_H_
#define SENDCHECK_TESTS_TEST_SUPPORT_H_

#include <filesystem>
#include <optional>
#include <string>

namespace sendcheck::testing {

// tests/data/<relative>
std::filesystem::path data_path(const std::string& relative);
// ../shared/corpus/<relative> when the shared corpus exists beside the checkout, else nullopt.
std::optional<std::filesystem::path> shared_corpus_path(const std::string& relative);
// Reads a whole file (binary).
std::string read_file(const std::filesystem::path& path);

class TempDir;

// What a command printed and how it ended.
struct CommandResult {
  int status = -1;  // exit status, -1 when killed by a signal
  std::string out;
  std::string err;
};

// Runs the real `sendcheck ARGS` with a clean environment (env -i) apart from HOME = `dir`,
// LANG=C.UTF-8 and `env` ("NAME=value ..."), from `cwd` when given, so that no test touches
// the user's own history or settings.
CommandResult run_sendcheck(const std::string& args, const TempDir& dir,
                            const std::string& env = "", const std::string& cwd = "");

// A fresh temporary folder, removed with everything in it when the object goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

}  // namespace sendcheck::testing

#endif  // SENDCHECK_TESTS_TEST_SUPPORT_H_
