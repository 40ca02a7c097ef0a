// fuzz/fuzz_support.h — what the fuzz targets share: the property check that turns a broken
// invariant into a crash (libFuzzer then saves the input; the replay test fails), and a private
// temporary folder for targets that need files (a history database, a mail file).
//
// Every target defines the libFuzzer entry point
//   extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
// and is built twice (fuzz/CMakeLists.txt): with clang and -fsanitize=fuzzer (libFuzzer's main),
// and with any compiler together with replay_main.cc, which runs every file of a corpus folder.
//
// Thread-safety: the targets are run by one thread.
#ifndef SENDCHECK_FUZZ_FUZZ_SUPPORT_H_
#define SENDCHECK_FUZZ_FUZZ_SUPPORT_H_

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>

namespace sendcheck::fuzz {

// A broken property: says which and where on stderr, then abort() (libFuzzer reports a "deadly
// signal" and writes crash-<sha1>; the replay main dies with SIGABRT).
[[noreturn]] inline void property_failed(const char* expression, const char* file, int line,
                                         const std::string& detail) {
  std::fprintf(stderr, "%s:%d: property failed: %s\n  %s\n", file, line, expression,
               detail.c_str());
  std::fflush(stderr);
  std::abort();
}

// A folder under $TMPDIR (else /tmp), removed with its content when the process ends normally.
// libFuzzer runs one process for millions of inputs: targets create it once (a function-local
// static) and reuse it.
class ScratchDir {
 public:
  ScratchDir() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern =
        std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/sendcheck-fuzz-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) {
      property_failed("mkdtemp", __FILE__, __LINE__, "cannot create a scratch folder");
    }
    path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace sendcheck::fuzz

// FUZZ_CHECK(condition, detail): `detail` is evaluated only when the condition is false.
#define FUZZ_CHECK(condition, detail)                                               \
  do {                                                                              \
    if (!(condition)) {                                                             \
      ::sendcheck::fuzz::property_failed(#condition, __FILE__, __LINE__, (detail)); \
    }                                                                               \
  } while (false)

#endif  // SENDCHECK_FUZZ_FUZZ_SUPPORT_H_
