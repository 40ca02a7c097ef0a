#include "test_support.h"

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace sendcheck::testing {

std::filesystem::path data_path(const std::string& relative) {
  return std::filesystem::path(SENDCHECK_TEST_DATA_DIR) / relative;
}

std::optional<std::filesystem::path> shared_corpus_path(const std::string& relative) {
  std::filesystem::path root = SENDCHECK_SHARED_DIR;
  if (const char* env = std::getenv("SENDCHECK_SHARED_DIR")) root = env;
  auto path = root / "corpus" / relative;
  if (!std::filesystem::exists(path)) return std::nullopt;
  return path;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

CommandResult run_sendcheck(const std::string& args, const TempDir& dir, const std::string& env,
                            const std::string& cwd) {
  std::string err_path = (dir / "stderr.txt").string();
  std::string command = (cwd.empty() ? "" : "cd '" + cwd + "' && ") +
                        "env -i HOME=" + dir.path().string() + " LANG=C.UTF-8 " + env + " " +
                        SENDCHECK_CLI_PATH + " " + args + " 2>" + err_path;
  CommandResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("cannot run " + command);
  char buffer[65536];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) result.out.append(buffer, n);
  int status = pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.err = read_file(err_path);
  return result;
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "sendcheck-test-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace sendcheck::testing
