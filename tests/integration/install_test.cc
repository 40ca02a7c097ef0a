// `sendcheck install | uninstall | doctor` as a user runs them, with a temporary HOME: the native
// messaging manifest Thunderbird reads (DESIGN.md §5) and the doctor's checks.
#include <sys/stat.h>
#include <sys/wait.h>

#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>

#include "test_support.h"

namespace sendcheck {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

using Result = testing::CommandResult;

// The real binary with a clean environment (HOME = the temporary folder) from `cwd`.
Result run(const std::string& args, const testing::TempDir& dir, const std::string& env = "",
           const std::string& cwd = "") {
  return testing::run_sendcheck(args, dir, env, cwd);
}

fs::path user_manifest(const testing::TempDir& dir) {
  return dir / ".mozilla/native-messaging-hosts/sendcheck.json";
}

std::string source_dir() {
  return fs::path(SENDCHECK_TEST_DATA_DIR).parent_path().parent_path().string();
}

// manifests/sendcheck.json.in with the path filled in, as packaging would.
std::string expected_manifest(const std::string& host) {
  std::string text = testing::read_file(fs::path(source_dir()) / "manifests/sendcheck.json.in");
  std::string placeholder = "@SENDCHECK_HOST_PATH@";
  text.replace(text.find(placeholder), placeholder.size(), host);
  return text;
}

void write_executable(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
  fs::permissions(path, fs::perms::owner_all | fs::perms::group_read | fs::perms::others_read);
}

// A stand-in host in plain sh: reads the 27-byte hello frame, answers one frame, waits for EOF.
fs::path fake_host(const testing::TempDir& dir, const std::string& reply_json) {
  std::uint32_t length = static_cast<std::uint32_t>(reply_json.size());
  unsigned char bytes[4];
  std::memcpy(bytes, &length, 4);  // native byte order, as Thunderbird reads it
  std::string octal;
  for (unsigned char b : bytes) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "\\%03o", b);
    octal += buffer;
  }
  fs::path path = dir / "fake-host";
  write_executable(path, "#!/bin/sh\nhead -c 27 >/dev/null\nprintf '" + octal + "%s' '" +
                             reply_json + "'\ncat >/dev/null\n");
  return path;
}

// The real native host: the build's sendcheck-host (SENDCHECK_HOST_PATH), else the one next to
// the sendcheck binary; nullopt when it is not built.
std::optional<fs::path> real_host() {
#ifdef SENDCHECK_HOST_PATH
  if (fs::exists(SENDCHECK_HOST_PATH)) return fs::path(SENDCHECK_HOST_PATH);
#endif
  fs::path sibling = fs::path(SENDCHECK_CLI_PATH).parent_path() / "sendcheck-host";
  if (fs::exists(sibling)) return sibling;
  return std::nullopt;
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Nothing in the temporary HOME but run_sendcheck's own stderr.txt.
bool nothing_but_stderr_in(const testing::TempDir& dir) {
  for (const fs::directory_entry& entry : fs::directory_iterator(dir.path())) {
    if (entry.path().filename() != "stderr.txt") return false;
  }
  return true;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(install_test)

BOOST_AUTO_TEST_CASE(install_user_writes_the_manifest_thunderbird_reads) {
  testing::TempDir dir;
  fs::path host = fake_host(dir, R"({"id":1,"ok":true,"result":{}})");
  // A relative --host becomes absolute.
  Result installed = run("install --user --host ./fake-host", dir, "", dir.path().string());
  BOOST_TEST_REQUIRE(installed.status == 0, installed.err);
  BOOST_TEST(has(installed.out, user_manifest(dir).string()), installed.out);

  std::string text = testing::read_file(user_manifest(dir));
  BOOST_TEST(text == expected_manifest(host.string()));
  json manifest = json::parse(text);
  BOOST_TEST(manifest["name"] == "sendcheck");
  BOOST_TEST(manifest["type"] == "stdio");
  BOOST_TEST(manifest["path"] == host.string());
  BOOST_TEST(fs::path(manifest["path"].get<std::string>()).is_absolute());
  BOOST_TEST(manifest["allowed_extensions"] == json::array({"sendcheck@sendcheck.invalid"}));
  struct stat info {};
  BOOST_TEST_REQUIRE(::stat(user_manifest(dir).c_str(), &info) == 0);
  BOOST_TEST((info.st_mode & 07777) == 0644u);
  // Never the folder Thunderbird does not read.
  BOOST_TEST(!fs::exists(dir / ".thunderbird"));

  Result again = run("install --user --host " + host.string(), dir);
  BOOST_TEST(again.status == 0, again.err);
  BOOST_TEST(testing::read_file(user_manifest(dir)) == text);
}

BOOST_AUTO_TEST_CASE(install_without_host_uses_the_one_next_to_sendcheck) {
  testing::TempDir dir;
  fs::path sibling = fs::path(SENDCHECK_CLI_PATH).parent_path() / "sendcheck-host";
  Result installed = run("install --user", dir);
  if (fs::exists(sibling)) {
    BOOST_TEST_REQUIRE(installed.status == 0, installed.err);
    BOOST_TEST(json::parse(testing::read_file(user_manifest(dir)))["path"] == sibling.string());
  } else {
    BOOST_TEST(installed.status == 1);
    BOOST_TEST(has(installed.err, "install.host-missing"), installed.err);
    BOOST_TEST(has(installed.err, sibling.string()), installed.err);
    BOOST_TEST(!fs::exists(user_manifest(dir)));
  }
}

BOOST_AUTO_TEST_CASE(a_missing_or_non_executable_host_is_refused) {
  testing::TempDir dir;
  Result missing = run("install --user --host " + (dir / "no-such-host").string(), dir);
  BOOST_TEST(missing.status == 1);
  BOOST_TEST(has(missing.err, "install.host-missing"), missing.err);
  BOOST_TEST(has(missing.err, (dir / "no-such-host").string()), missing.err);
  BOOST_TEST(!fs::exists(user_manifest(dir)));

  std::ofstream(dir / "plain-file") << "not a program";
  Result plain = run("install --user --host " + (dir / "plain-file").string(), dir);
  BOOST_TEST(plain.status == 1);
  BOOST_TEST(has(plain.err, "install.host-not-executable"), plain.err);
  BOOST_TEST(!fs::exists(user_manifest(dir)));

  BOOST_TEST(run("install", dir).status == 2);
  BOOST_TEST(run("install --user --system", dir).status == 2);
  BOOST_TEST(run("uninstall", dir).status == 2);
}

BOOST_AUTO_TEST_CASE(uninstall_removes_what_install_wrote_and_nothing_else) {
  testing::TempDir dir;
  fs::path host = fake_host(dir, R"({"id":1,"ok":true,"result":{}})");
  BOOST_TEST_REQUIRE(run("install --user --host " + host.string(), dir).status == 0);
  Result removed = run("uninstall --user", dir);
  BOOST_TEST(removed.status == 0, removed.err);
  BOOST_TEST(!fs::exists(user_manifest(dir)));
  Result nothing = run("uninstall --user", dir);
  BOOST_TEST(nothing.status == 0, nothing.err);

  // A manifest that points elsewhere (another installation) is left, unless --force.
  BOOST_TEST_REQUIRE(run("install --user --host " + host.string(), dir).status == 0);
  std::string foreign = R"({"name":"sendcheck","type":"stdio","path":"/opt/other/sendcheck-host",)"
                        R"("allowed_extensions":["sendcheck@sendcheck.invalid"]})";
  std::ofstream(user_manifest(dir)) << foreign;
  Result kept = run("uninstall --user", dir);
  BOOST_TEST(kept.status == 1);
  BOOST_TEST(has(kept.err, "/opt/other/sendcheck-host"), kept.err);
  BOOST_TEST(testing::read_file(user_manifest(dir)) == foreign);
  Result forced = run("uninstall --user --force", dir);
  BOOST_TEST(forced.status == 0, forced.err);
  BOOST_TEST(!fs::exists(user_manifest(dir)));
}

BOOST_AUTO_TEST_CASE(system_install_honours_destdir) {
  testing::TempDir dir;
  fs::path host = fake_host(dir, R"({"id":1,"ok":true,"result":{}})");
  std::string env = "SENDCHECK_DESTDIR=" + (dir / "stage").string();
  Result installed = run("install --system --host " + host.string(), dir, env);
  BOOST_TEST_REQUIRE(installed.status == 0, installed.err);
  fs::path manifest = dir / "stage/usr/lib/mozilla/native-messaging-hosts/sendcheck.json";
  BOOST_TEST(testing::read_file(manifest) == expected_manifest(host.string()));
  BOOST_TEST(!fs::exists(user_manifest(dir)));
  Result removed = run("uninstall --system", dir, env);
  BOOST_TEST(removed.status == 0, removed.err);
  BOOST_TEST(!fs::exists(manifest));
}

BOOST_AUTO_TEST_CASE(doctor_on_a_fresh_home_names_the_missing_manifest) {
  testing::TempDir dir;
  Result doctor = run("doctor", dir, "SENDCHECK_DESTDIR=" + (dir / "stage").string());
  BOOST_TEST(doctor.status == 1, doctor.out);
  BOOST_TEST(has(doctor.out, "user manifest:"), doctor.out);
  BOOST_TEST(has(doctor.out, "missing  " + user_manifest(dir).string()), doctor.out);
  BOOST_TEST(has(doctor.out, "history:"), doctor.out);
  BOOST_TEST(has(doctor.out, "settings:"), doctor.out);
}

BOOST_AUTO_TEST_CASE(doctor_reports_a_host_that_answers_hello) {
  testing::TempDir dir;
  std::string stage = "SENDCHECK_DESTDIR=" + (dir / "stage").string();
  fs::path host = fake_host(dir, R"({"id":1,"ok":true,"result":{"version":"9.8.7","protocol":1}})");
  BOOST_TEST_REQUIRE(run("install --user --host " + host.string(), dir).status == 0);
  Result doctor = run("doctor", dir, stage);
  BOOST_TEST(doctor.status == 0, doctor.out);
  BOOST_TEST(has(doctor.out, "version 9.8.7, protocol 1"), doctor.out);

  // An error reply, or a broken manifest, is a failure.
  fake_host(dir, R"({"id":1,"ok":false,"error":{"code":"x.y","message":"broken"}})");
  Result error = run("doctor", dir, stage);
  BOOST_TEST(error.status == 1, error.out);
  BOOST_TEST(has(error.out, "x.y: broken"), error.out);
  std::ofstream(user_manifest(dir)) << R"({"name":"sendcheck","type":"stdio","path":")"
                                    << host.string() << R"(","allowed_extensions":["x@y"]})";
  Result broken = run("doctor", dir, stage);
  BOOST_TEST(broken.status == 1, broken.out);
  BOOST_TEST(has(broken.out, "allowed_extensions"), broken.out);
}

// Skips the case (reported as skipped) until sendcheck-host is built.
struct HostBuilt {
  boost::test_tools::assertion_result operator()(boost::unit_test::test_unit_id) const {
    boost::test_tools::assertion_result result(real_host().has_value());
    if (!result) result.message() << "sendcheck-host is not built";
    return result;
  }
};

BOOST_AUTO_TEST_CASE(doctor_after_install_talks_to_the_real_host,
                     *boost::unit_test::precondition(HostBuilt())) {
  std::optional<fs::path> host = real_host();
  BOOST_TEST_REQUIRE(host.has_value());
  testing::TempDir dir;
  Result installed = run("install --user --host " + host->string(), dir);
  BOOST_TEST_REQUIRE(installed.status == 0, installed.err);
  Result doctor = run("doctor", dir, "SENDCHECK_DESTDIR=" + (dir / "stage").string());
  BOOST_TEST(doctor.status == 0, doctor.out + doctor.err);
  BOOST_TEST(has(doctor.out, "host hello:      ok  version "), doctor.out);
}

BOOST_AUTO_TEST_CASE(print_plan_windows_machine_json_parses_and_writes_nothing) {
  testing::TempDir dir;
  Result plan = run("install --print-plan --os windows --scope machine --format json", dir);
  BOOST_TEST_REQUIRE(plan.status == 0, plan.err);
  json parsed = json::parse(plan.out);
  BOOST_TEST(parsed["os"] == "windows");
  BOOST_TEST(parsed["scope"] == "machine");
  BOOST_TEST_REQUIRE(!parsed["registry"].empty());
  BOOST_TEST(parsed["registry"][0]["key"] ==
             "HKLM\\Software\\Mozilla\\NativeMessagingHosts\\sendcheck");
  BOOST_TEST(parsed["registry"][0]["value"] == "C:\\Program Files\\SendCheck\\sendcheck.json");
  bool manifest_seen = false;
  for (const json& file : parsed["files"]) {
    if (file["path"] != "C:\\Program Files\\SendCheck\\sendcheck.json") continue;
    manifest_seen = true;
    json manifest = json::parse(file["content"].get<std::string>());
    BOOST_TEST(manifest["path"] == "C:\\Program Files\\SendCheck\\sendcheck-host.exe");
    BOOST_TEST(manifest["allowed_extensions"] == json::array({"sendcheck@sendcheck.invalid"}));
  }
  BOOST_TEST(manifest_seen);
  // A plan only: nothing written in HOME.
  BOOST_TEST(nothing_but_stderr_in(dir));
}

BOOST_AUTO_TEST_CASE(print_plan_linux_user_names_this_home) {
  testing::TempDir dir;
  Result plan = run("install --print-plan --os linux --scope user", dir);
  BOOST_TEST_REQUIRE(plan.status == 0, plan.err);
  BOOST_TEST(has(plan.out, "SendCheck install plan: linux, user scope"), plan.out);
  BOOST_TEST(has(plan.out, user_manifest(dir).string()), plan.out);
  BOOST_TEST(has(plan.out, "\"path\": \"" + (dir / ".local/bin/sendcheck-host").string() + "\""),
             plan.out);
  BOOST_TEST(!fs::exists(user_manifest(dir)));
}

BOOST_AUTO_TEST_CASE(print_plan_bad_values_are_usage_errors) {
  testing::TempDir dir;
  struct Case {
    const char* args;
    const char* message;
  };
  for (const Case& c : {
           Case{"install --print-plan --os solaris --scope user",
                "--os must be windows, macos or linux"},
           Case{"install --print-plan --os Windows --scope user",
                "--os must be windows, macos or linux"},
           Case{"install --print-plan --os windows --scope everyone",
                "--scope must be user or machine"},
           Case{"install --print-plan --os windows", "needs --scope"},
           Case{"install --print-plan --scope user", "needs --os"},
           Case{"install --print-plan --os linux --scope user --format xml",
                "--format must be text or json"},
           Case{"install --print-plan --os linux --scope user --user", "--print-plan goes with"},
           Case{"install --user --os linux", "--os goes with --print-plan"},
           Case{"install --print-plan --os linux --scope user extra", "takes no arguments"},
       }) {
    Result result = run(c.args, dir);
    BOOST_TEST(result.status == 2, c.args);
    BOOST_TEST(has(result.err, c.message), c.args << ": " << result.err);
    BOOST_TEST(result.out.empty(), c.args);
  }
  BOOST_TEST(nothing_but_stderr_in(dir));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace sendcheck
