// The install plans (host/app/install_plan.h) for windows, macos and linux, user and machine:
// exact paths, registry values, and generated contents that Thunderbird would accept.
#include "install_plan.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "native_manifest.h"
#include "test_support.h"

namespace sendcheck {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

fs::path source_dir() { return fs::path(SENDCHECK_TEST_DATA_DIR).parent_path().parent_path(); }

InstallPlan plan_for(InstallOs os, InstallScope scope, const std::string& home = "") {
  InstallPlanRequest request;
  request.os = os;
  request.scope = scope;
  request.home = home;
  return make_install_plan(request);
}

const PlanFile* find_file(const InstallPlan& plan, const std::string& path) {
  auto it = std::find_if(plan.files.begin(), plan.files.end(),
                         [&](const PlanFile& file) { return file.path == path; });
  return it == plan.files.end() ? nullptr : &*it;
}

const PlanFolder* find_folder(const InstallPlan& plan, const std::string& path) {
  auto it = std::find_if(plan.folders.begin(), plan.folders.end(),
                         [&](const PlanFolder& folder) { return folder.path == path; });
  return it == plan.folders.end() ? nullptr : &*it;
}

std::vector<std::string> file_paths(const InstallPlan& plan) {
  std::vector<std::string> paths;
  for (const PlanFile& file : plan.files) paths.push_back(file.path);
  return paths;
}

// manifests/sendcheck.json.in with `host` (JSON-escaped: Windows paths hold backslashes) as the
// path, parsed.
json template_manifest(const std::string& host) {
  std::string text = testing::read_file(source_dir() / "manifests/sendcheck.json.in");
  const std::string placeholder = "@SENDCHECK_HOST_PATH@";
  std::string quoted = json(host).dump();
  text.replace(text.find(placeholder), placeholder.size(), quoted.substr(1, quoted.size() - 2));
  return json::parse(text);
}

// The manifest file of `plan` at `path`: valid JSON equal to the template with `host`, the name
// and type Thunderbird checks, and only the SendCheck add-on allowed.
void check_manifest(const InstallPlan& plan, const std::string& path, const std::string& host) {
  const PlanFile* file = find_file(plan, path);
  BOOST_TEST_REQUIRE(file != nullptr, path);
  BOOST_TEST(file->source.empty());
  json manifest = json::parse(file->content);  // throws when it is not JSON
  BOOST_TEST(manifest["path"] == host);
  BOOST_TEST(manifest["name"] == "sendcheck");
  BOOST_TEST(manifest["type"] == "stdio");
  BOOST_TEST(manifest["allowed_extensions"] == json::array({"sendcheck@sendcheck.invalid"}));
  BOOST_TEST(manifest == template_manifest(host));
  BOOST_TEST(file->content == native_manifest_text(host));
}

// Thunderbird's policies.json in `plan` at `path` force-installs the add-on from `url`.
void check_thunderbird_policies(const InstallPlan& plan, const std::string& path,
                                const std::string& url) {
  const PlanFile* file = find_file(plan, path);
  BOOST_TEST_REQUIRE(file != nullptr, path);
  json policies = json::parse(file->content);
  const json& addon = policies["policies"]["ExtensionSettings"]["sendcheck@sendcheck.invalid"];
  BOOST_TEST(addon["installation_mode"] == "force_installed");
  BOOST_TEST(addon["install_url"] == url);
  BOOST_TEST(
      policies["policies"]["3rdparty"]["Extensions"]["sendcheck@sendcheck.invalid"]["failClosed"] ==
      false);
}

bool any_contains(const std::vector<std::string>& lines, const std::string& part) {
  return std::any_of(lines.begin(), lines.end(),
                     [&](const std::string& line) { return line.find(part) != std::string::npos; });
}

}  // namespace

BOOST_AUTO_TEST_SUITE(install_plan_test)

BOOST_AUTO_TEST_CASE(windows_machine_registers_the_manifest_under_hklm) {
  InstallPlan plan = plan_for(InstallOs::kWindows, InstallScope::kMachine);
  const std::vector<std::string> expected = {
      R"(C:\Program Files\SendCheck\sendcheck.exe)",
      R"(C:\Program Files\SendCheck\sendcheck-host.exe)",
      R"(C:\Program Files\SendCheck\sendcheck.json)",
      R"(C:\Program Files\SendCheck\sendcheck.xpi)",
      R"(C:\Program Files\SendCheck\examples\policy.json)",
      R"(C:\Program Files\SendCheck\uninstall.exe)",
      R"(C:\Program Files\Mozilla Thunderbird\distribution\policies.json)",
  };
  BOOST_TEST(file_paths(plan) == expected, boost::test_tools::per_element());
  check_manifest(plan, R"(C:\Program Files\SendCheck\sendcheck.json)",
                 R"(C:\Program Files\SendCheck\sendcheck-host.exe)");
  check_thunderbird_policies(plan,
                             R"(C:\Program Files\Mozilla Thunderbird\distribution\policies.json)",
                             "file:///C:/Program%20Files/SendCheck/sendcheck.xpi");

  BOOST_TEST_REQUIRE(!plan.registry.empty());
  const PlanRegistryValue& native = plan.registry.front();
  BOOST_TEST(native.key == R"(HKLM\Software\Mozilla\NativeMessagingHosts\sendcheck)");
  BOOST_TEST(native.name == "");
  BOOST_TEST(native.type == "REG_SZ");
  BOOST_TEST(native.value == R"(C:\Program Files\SendCheck\sendcheck.json)");
  for (const PlanRegistryValue& value : plan.registry) {
    BOOST_TEST(value.key.rfind("HKLM\\", 0) == 0u, value.key);
  }
  auto uninstall =
      std::find_if(plan.registry.begin(), plan.registry.end(),
                   [](const PlanRegistryValue& v) { return v.name == "UninstallString"; });
  BOOST_TEST_REQUIRE((uninstall != plan.registry.end()));
  BOOST_TEST(uninstall->key ==
             R"(HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\SendCheck)");
  BOOST_TEST(uninstall->value == R"("C:\Program Files\SendCheck\uninstall.exe" /AllUsers)");

  // The team policy where host/src/policy/files.cc reads it on Windows, kept on uninstall, and
  // the users' data, never deleted.
  const PlanFolder* policy = find_folder(plan, R"(%ProgramData%\sendcheck)");
  BOOST_TEST_REQUIRE(policy != nullptr);
  BOOST_TEST(policy->keep);
  const PlanFolder* data = find_folder(plan, R"(%LOCALAPPDATA%\sendcheck)");
  BOOST_TEST_REQUIRE(data != nullptr);
  BOOST_TEST(data->keep);
  BOOST_TEST(!find_folder(plan, R"(C:\Program Files\SendCheck)")->keep);
  for (const PlanFile& file : plan.files) BOOST_TEST(file.mode.empty(), file.path);
  BOOST_TEST(any_contains(plan.uninstall, R"(%LOCALAPPDATA%\sendcheck)"));
}

BOOST_AUTO_TEST_CASE(windows_user_registers_the_manifest_under_hkcu) {
  InstallPlan plan = plan_for(InstallOs::kWindows, InstallScope::kUser);
  const std::vector<std::string> expected = {
      R"(%LOCALAPPDATA%\Programs\SendCheck\sendcheck.exe)",
      R"(%LOCALAPPDATA%\Programs\SendCheck\sendcheck-host.exe)",
      R"(%LOCALAPPDATA%\Programs\SendCheck\sendcheck.json)",
      R"(%LOCALAPPDATA%\Programs\SendCheck\sendcheck.xpi)",
      R"(%LOCALAPPDATA%\Programs\SendCheck\examples\policy.json)",
      R"(%LOCALAPPDATA%\Programs\SendCheck\uninstall.exe)",
  };
  BOOST_TEST(file_paths(plan) == expected, boost::test_tools::per_element());
  // Relative to the manifest's folder, which Thunderbird resolves on Windows: no variable in it.
  check_manifest(plan, R"(%LOCALAPPDATA%\Programs\SendCheck\sendcheck.json)", "sendcheck-host.exe");

  BOOST_TEST_REQUIRE(!plan.registry.empty());
  BOOST_TEST(plan.registry.front().key ==
             R"(HKCU\Software\Mozilla\NativeMessagingHosts\sendcheck)");
  BOOST_TEST(plan.registry.front().name == "");
  BOOST_TEST(plan.registry.front().value == R"(%LOCALAPPDATA%\Programs\SendCheck\sendcheck.json)");
  for (const PlanRegistryValue& value : plan.registry) {
    BOOST_TEST(value.key.rfind("HKCU\\", 0) == 0u, value.key);
    if (value.name == "UninstallString") {
      BOOST_TEST(value.value ==
                 R"("%LOCALAPPDATA%\Programs\SendCheck\uninstall.exe" /CurrentUser)");
    }
  }
  // No machine-wide parts without administrator rights.
  BOOST_TEST(find_folder(plan, R"(%ProgramData%\sendcheck)") == nullptr);
  for (const PlanFile& file : plan.files) {
    BOOST_TEST(file.path.find("Mozilla Thunderbird") == std::string::npos, file.path);
  }
  BOOST_TEST(find_folder(plan, R"(%LOCALAPPDATA%\sendcheck)")->keep);
}

BOOST_AUTO_TEST_CASE(macos_machine_uses_the_system_manifest_folder) {
  InstallPlan plan = plan_for(InstallOs::kMacos, InstallScope::kMachine);
  const std::vector<std::string> expected = {
      "/usr/local/bin/sendcheck",
      "/usr/local/bin/sendcheck-host",
      "/Library/Application Support/Mozilla/NativeMessagingHosts/sendcheck.json",
      "/usr/local/share/sendcheck/sendcheck.xpi",
      "/usr/local/share/doc/sendcheck/examples/policy.json",
      "/Applications/Thunderbird.app/Contents/Resources/distribution/policies.json",
  };
  BOOST_TEST(file_paths(plan) == expected, boost::test_tools::per_element());
  check_manifest(plan, "/Library/Application Support/Mozilla/NativeMessagingHosts/sendcheck.json",
                 "/usr/local/bin/sendcheck-host");
  check_thunderbird_policies(
      plan, "/Applications/Thunderbird.app/Contents/Resources/distribution/policies.json",
      "file:///usr/local/share/sendcheck/sendcheck.xpi");
  BOOST_TEST(plan.registry.empty());
  BOOST_TEST(find_file(plan, "/usr/local/bin/sendcheck-host")->mode == "0755");
  BOOST_TEST(
      find_file(plan, "/Library/Application Support/Mozilla/NativeMessagingHosts/sendcheck.json")
          ->mode == "0644");
  // What files.cc reads on macOS (it has no macOS-specific policy path).
  BOOST_TEST_REQUIRE(find_folder(plan, "/etc/sendcheck") != nullptr);
  BOOST_TEST(find_folder(plan, "/etc/sendcheck")->keep);
  BOOST_TEST(find_folder(plan, "~/Library/Application Support/sendcheck")->keep);
}

BOOST_AUTO_TEST_CASE(macos_user_uses_thunderbirds_library_folder_not_firefoxs) {
  InstallPlan plan = plan_for(InstallOs::kMacos, InstallScope::kUser, "/Users/taro");
  const std::vector<std::string> expected = {
      "/Users/taro/.local/bin/sendcheck",
      "/Users/taro/.local/bin/sendcheck-host",
      "/Users/taro/Library/Mozilla/NativeMessagingHosts/sendcheck.json",
      "/Users/taro/.local/share/sendcheck/sendcheck.xpi",
  };
  BOOST_TEST(file_paths(plan) == expected, boost::test_tools::per_element());
  check_manifest(plan, "/Users/taro/Library/Mozilla/NativeMessagingHosts/sendcheck.json",
                 "/Users/taro/.local/bin/sendcheck-host");
  BOOST_TEST(plan.registry.empty());
  // History where host/src/platform/paths.cc puts it on macOS.
  BOOST_TEST(find_folder(plan, "/Users/taro/Library/Application Support/sendcheck") != nullptr);

  // Without a home, `~` and a note that the installer must write it out.
  InstallPlan unknown = plan_for(InstallOs::kMacos, InstallScope::kUser);
  check_manifest(unknown, "~/Library/Mozilla/NativeMessagingHosts/sendcheck.json",
                 "~/.local/bin/sendcheck-host");
  BOOST_TEST(any_contains(unknown.notes, "does not expand ~"));
}

BOOST_AUTO_TEST_CASE(linux_machine_is_what_the_deb_installs) {
  InstallPlan plan = plan_for(InstallOs::kLinux, InstallScope::kMachine, "/home/taro");
  const std::vector<std::string> expected = {
      "/usr/bin/sendcheck",
      "/usr/bin/sendcheck-host",
      "/usr/lib/mozilla/native-messaging-hosts/sendcheck.json",
      "/usr/share/sendcheck/sendcheck.xpi",
      "/usr/share/doc/sendcheck/examples/policy.json",
      "/usr/share/doc/sendcheck/examples/thunderbird-policies.json",
  };
  BOOST_TEST(file_paths(plan) == expected, boost::test_tools::per_element());
  check_manifest(plan, "/usr/lib/mozilla/native-messaging-hosts/sendcheck.json",
                 "/usr/bin/sendcheck-host");
  BOOST_TEST(plan.registry.empty());
  BOOST_TEST(find_folder(plan, "/etc/sendcheck")->keep);

  // Every file goes where the CMake install rules of the package put it.
  std::string packaging = testing::read_file(source_dir() / "cmake/packaging.cmake") +
                          testing::read_file(source_dir() / "host/CMakeLists.txt");
  BOOST_TEST(packaging.find(R"(set(SENDCHECK_PACKAGE_PREFIX "/usr")") != std::string::npos);
  for (const PlanFile& file : plan.files) {
    std::string folder = fs::path(file.path).parent_path().lexically_relative("/usr").string();
    BOOST_TEST(packaging.find("DESTINATION " + folder) != std::string::npos, file.path);
  }
  for (const char* example : {"policy.json", "thunderbird-policies.json"}) {
    BOOST_TEST(fs::exists(source_dir() / "installer/examples" / example), example);
  }
}

BOOST_AUTO_TEST_CASE(linux_user_is_what_install_user_writes) {
  InstallPlan plan = plan_for(InstallOs::kLinux, InstallScope::kUser, "/home/taro");
  const std::vector<std::string> expected = {
      "/home/taro/.local/bin/sendcheck",
      "/home/taro/.local/bin/sendcheck-host",
      "/home/taro/.mozilla/native-messaging-hosts/sendcheck.json",
      "/home/taro/.local/share/sendcheck/install.json",
      "/home/taro/.local/share/sendcheck/sendcheck.xpi",
  };
  BOOST_TEST(file_paths(plan) == expected, boost::test_tools::per_element());
  check_manifest(plan, "/home/taro/.mozilla/native-messaging-hosts/sendcheck.json",
                 "/home/taro/.local/bin/sendcheck-host");
  for (const PlanFile& file : plan.files) {
    BOOST_TEST(file.path.find(".thunderbird") == std::string::npos, file.path);
  }
  BOOST_TEST(plan.registry.empty());
  BOOST_TEST(find_folder(plan, "/home/taro/.config/sendcheck")->keep);
  BOOST_TEST(any_contains(plan.uninstall, "install-user.sh --uninstall"));
}

BOOST_AUTO_TEST_CASE(every_plan_has_the_documented_json_shape) {
  for (InstallOs os : {InstallOs::kWindows, InstallOs::kMacos, InstallOs::kLinux}) {
    for (InstallScope scope : {InstallScope::kUser, InstallScope::kMachine}) {
      InstallPlan plan = plan_for(os, scope, "/home/taro");
      std::string label =
          std::string(install_os_name(os)) + "/" + std::string(install_scope_name(scope));
      json form = json::parse(install_plan_to_json(plan).dump());
      BOOST_TEST(form["os"] == std::string(install_os_name(os)), label);
      BOOST_TEST(form["scope"] == std::string(install_scope_name(scope)), label);
      for (const char* key : {"files", "registry", "folders", "uninstall", "notes"}) {
        BOOST_TEST(form[key].is_array(), label << " " << key);
      }
      BOOST_TEST(form["files"].size() == plan.files.size(), label);
      BOOST_TEST(!form["uninstall"].empty(), label);
      for (const json& file : form["files"]) {
        // Generated or copied, never both or neither; a mode only off Windows.
        BOOST_TEST(file.contains("content") != file.contains("source"), label << " " << file);
        BOOST_TEST(file.contains("mode") == (os != InstallOs::kWindows), label << " " << file);
        BOOST_TEST(file["purpose"].is_string(), label);
      }
      for (const json& value : form["registry"]) {
        for (const char* key : {"key", "name", "type", "value"}) {
          BOOST_TEST(value[key].is_string(), label << " " << key);
        }
      }
      for (const json& folder : form["folders"]) BOOST_TEST(folder["keep"].is_boolean(), label);
      BOOST_TEST(form["registry"].empty() == (os != InstallOs::kWindows), label);

      std::string text = install_plan_to_text(plan);
      BOOST_TEST(text.find("SendCheck install plan: " + label.substr(0, label.find('/'))) == 0u,
                 label);
      for (const PlanFile& file : plan.files) {
        BOOST_TEST(text.find(file.path) != std::string::npos, label << " " << file.path);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(the_nsis_script_writes_what_the_windows_plans_say) {
  std::string script = testing::read_file(source_dir() / "installer/windows/sendcheck.nsi");
  auto has = [&](const std::string& part) { return script.find(part) != std::string::npos; };
  BOOST_TEST(has(R"(!define NATIVE_KEY "Software\Mozilla\NativeMessagingHosts\sendcheck")"));
  BOOST_TEST(has(
      R"(!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\SendCheck")"));
  BOOST_TEST(has(R"(!define EXTENSION_ID "sendcheck@sendcheck.invalid")"));
  BOOST_TEST(has(R"(WriteRegStr SHCTX "${NATIVE_KEY}" "" "$INSTDIR\sendcheck.json")"));
  BOOST_TEST(has(R"('"$INSTDIR\uninstall.exe" /AllUsers')"));
  BOOST_TEST(has(R"('"$INSTDIR\uninstall.exe" /CurrentUser')"));
  // The manifest it writes is native_manifest_text() with the folder's host path, in NSIS
  // notation: $\n for a line break, $R9 for the JSON-escaped installation folder.
  std::string manifest = native_manifest_text("@HOST@");
  std::string nsis;
  for (char c : manifest) nsis += c == '\n' ? std::string("$\\n") : std::string(1, c);
  nsis.replace(nsis.find("@HOST@"), 6, "$R9\\\\sendcheck-host.exe");
  nsis.replace(nsis.find("sendcheck@sendcheck.invalid"), 27, "${EXTENSION_ID}");
  BOOST_TEST(has("Push '" + nsis + "'"), nsis);
  // The uninstaller deletes every file of the plan's program folder by name.
  const std::string folder = R"(C:\Program Files\SendCheck\)";
  for (const PlanFile& file : plan_for(InstallOs::kWindows, InstallScope::kMachine).files) {
    if (file.path.rfind(folder, 0) != 0) continue;  // Thunderbird's policies.json: recorded
    std::string name = file.path.substr(folder.size());
    BOOST_TEST(has("Delete \"$INSTDIR\\" + name + "\""), name);
  }
}

BOOST_AUTO_TEST_CASE(os_and_scope_names_are_exact) {
  BOOST_TEST((parse_install_os("windows") == InstallOs::kWindows));
  BOOST_TEST((parse_install_os("macos") == InstallOs::kMacos));
  BOOST_TEST((parse_install_os("linux") == InstallOs::kLinux));
  for (const char* bad : {"Windows", "mac", "osx", "win", "", "linux "}) {
    BOOST_TEST(!parse_install_os(bad).has_value(), bad);
  }
  BOOST_TEST((parse_install_scope("user") == InstallScope::kUser));
  BOOST_TEST((parse_install_scope("machine") == InstallScope::kMachine));
  for (const char* bad : {"system", "User", "all", ""}) {
    BOOST_TEST(!parse_install_scope(bad).has_value(), bad);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace sendcheck
