// What an installer must create for SendCheck on Windows, macOS or Linux, per user or for the whole
// machine: `sendcheck install --print-plan --os windows|macos|linux --scope user|machine`.
//
// The plan is data only (no I/O): the files with their mode and, when the installer generates
// them, their whole content; the Windows registry values; the folders; the uninstall steps; notes.
// installer/windows/sendcheck.nsi carries out the Windows plans, the .deb (cmake/packaging.cmake)
// and `sendcheck install --system` the Linux machine plan, installer/install-user.sh and
// `sendcheck install --user` the Linux user plan. No macOS installer exists yet. `sendcheck
// install`, `uninstall` and `doctor` take every path they use from the plan (cli_install.h).
//
// Where Thunderbird looks for the native messaging manifest ("Manifest location" of
// https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/Native_manifests, and Mozilla's
// toolkit/xre/nsXREDirProvider.cpp, XREUserNativeManifests / XRESysNativeManifests):
//   Windows  the default value of HKCU, then HKLM, \Software\Mozilla\NativeMessagingHosts\sendcheck
//            holds the manifest's path; the manifest may sit anywhere, and on Windows its "path"
//            may be relative to the manifest's own folder (NativeMessaging.sys.mjs joins it).
//   macOS    user    ~/Library/Mozilla/NativeMessagingHosts/sendcheck.json — for Thunderbird
//                    (MOZ_THUNDERBIRD) the user data home is ~/Library, not ~/Library/Application
//                    Support as for Firefox;
//            machine /Library/Application Support/Mozilla/NativeMessagingHosts/sendcheck.json.
//   Linux    ~/.mozilla/native-messaging-hosts/, /usr/lib/mozilla/native-messaging-hosts/
//            (DESIGN.md §5; ~/.thunderbird/native-messaging-hosts is not read).
// Thunderbird's enterprise policies (github.com/thunderbird/policy-templates): policies.json in
// the `distribution` folder of the installation (Windows
// `C:\Program Files\Mozilla Thunderbird\distribution`, macOS
// `Thunderbird.app/Contents/Resources/distribution`), or on Windows the Group Policy registry key
// HKLM\Software\Policies\Mozilla\Thunderbird; Debian reads /etc/thunderbird/policies/policies.json.
//
// Paths are written as the target OS writes them. Windows paths may hold %LOCALAPPDATA% and
// %ProgramData% (expanded by the installer when it writes them; the registry values are written
// expanded, as REG_SZ). macOS and Linux per-user paths start with `home` from the request, or with
// `~` when it is empty; a manifest's "path" must then be made absolute by the installer (the
// plan's notes say so), since Thunderbird does not expand `~`.
//
// JSON form (install_plan_to_json), one object:
//   { "os": "windows"|"macos"|"linux", "scope": "user"|"machine",
//     "files":    [ { "path": "...", "mode"?: "0644", "content"?: "<whole text>",
//                     "source"?: "<what is copied>", "purpose": "..." } ],
//     "registry": [ { "key": "HKLM\\Software\\...", "name": "" (the default value) | "...",
//                     "type": "REG_SZ"|"REG_DWORD", "value": "..." } ],   (empty off Windows)
//     "folders":  [ { "path": "...", "mode"?: "0755", "purpose": "...", "keep": true|false } ],
//     "uninstall": [ "step", ... ], "notes": [ "...", ... ] }
// A file has either "content" (generated: the manifest, Thunderbird's policies.json) or "source"
// (copied: binaries, the add-on, examples). "mode" is absent on Windows (the folder's ACL
// applies). "keep": the uninstaller leaves the folder (user data, the administrator's policy).
//
// Thread-safety: the functions are pure and keep no state.
#ifndef SENDCHECK_APP_INSTALL_PLAN_H_
#define SENDCHECK_APP_INSTALL_PLAN_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace sendcheck {

enum class InstallOs { kWindows, kMacos, kLinux };
enum class InstallScope { kUser, kMachine };

struct PlanFile {
  std::string path;
  std::string mode;     // "0755", "0644", ...; "" on Windows
  std::string content;  // the whole text when the installer generates the file, else ""
  std::string source;   // what is copied there when it is not generated, else ""
  std::string purpose;
};

struct PlanRegistryValue {
  std::string key;   // "HKCU\Software\Mozilla\NativeMessagingHosts\sendcheck"
  std::string name;  // "" is the key's default value
  std::string type;  // "REG_SZ" or "REG_DWORD"
  std::string value;
};

struct PlanFolder {
  std::string path;
  std::string mode;  // "" on Windows, and for folders the engine makes itself at first use
  std::string purpose;
  bool keep = false;  // left by the uninstaller (user data, the administrator's files)
};

struct InstallPlan {
  InstallOs os = InstallOs::kLinux;
  InstallScope scope = InstallScope::kUser;
  std::vector<PlanFile> files;
  std::vector<PlanRegistryValue> registry;
  std::vector<PlanFolder> folders;
  std::vector<std::string> uninstall;  // steps, in order
  std::vector<std::string> notes;
  // What `sendcheck install` writes itself (cli_install.h executes it): `manifest` is the path of
  // the generated native messaging manifest among `files`; `install_record` where the command
  // records what it wrote, for `sendcheck uninstall` (Linux only; "" elsewhere). Not part of the
  // JSON and text forms.
  std::string manifest;
  std::string install_record;
};

struct InstallPlanRequest {
  InstallOs os = InstallOs::kLinux;
  InstallScope scope = InstallScope::kUser;
  // The user's home folder (absolute) for the macOS and Linux per-user paths; "" writes `~`.
  // Not used for Windows.
  std::string home;
  // The host the manifest names (absolute), when it is already somewhere (`install --host`);
  // "" names the host where the plan installs it.
  std::string host;
  // The user's data folder (Linux: $XDG_DATA_HOME) for the per-user install record; "" is
  // `home`/.local/share.
  std::string data_home;
};

// The plan for one OS and scope.
InstallPlan make_install_plan(const InstallPlanRequest& request);

// "windows", "macos", "linux" / "user", "machine" (exactly, lower case); nullopt otherwise.
std::optional<InstallOs> parse_install_os(std::string_view text);
std::optional<InstallScope> parse_install_scope(std::string_view text);
std::string_view install_os_name(InstallOs os);
std::string_view install_scope_name(InstallScope scope);

// The JSON form described above, keys in the order shown.
nlohmann::ordered_json install_plan_to_json(const InstallPlan& plan);
// The same for people: one section per part, generated contents indented in full.
std::string install_plan_to_text(const InstallPlan& plan);

}  // namespace sendcheck

#endif  // SENDCHECK_APP_INSTALL_PLAN_H_
