// `sendcheck install`, `uninstall` and `doctor`: the native messaging host manifest that lets the
// Thunderbird add-on start `sendcheck-host`, and a check of the whole chain.
//
//   install --user|--system [--host PATH]
//       Writes the manifest (manifests/sendcheck.json.in with the host's absolute path):
//       --user   $HOME/.mozilla/native-messaging-hosts/sendcheck.json
//       --system /usr/lib/mozilla/native-messaging-hosts/sendcheck.json
//       (DESIGN.md §5: Thunderbird on Linux reads these two; ~/.thunderbird/native-messaging-hosts
//       is not read.) The host is `sendcheck-host` next to the running `sendcheck` unless --host
//       names another; it must exist and be executable. Mode 0644, replaced atomically; running
//       it again is harmless. What was written is recorded (user: $XDG_DATA_HOME/sendcheck/
//       install.json, system: /var/lib/sendcheck/install.json) for uninstall.
//   install --print-plan --os windows|macos|linux --scope user|machine [--format text|json]
//       Prints install_plan.h's plan (what an installer creates for that OS and scope) and
//       touches nothing. A missing or unknown --os, --scope or --format is a usage error (2).
//   uninstall --user|--system [--force]
//       Removes the manifest when it points to the host that install recorded; a manifest that
//       points elsewhere (or that install did not write) is left in place with a warning and
//       exit status 1, unless --force.
//   doctor
//       One line per check: the user and system manifests, the host binary, a `hello` round trip
//       with the host (5 s timeout), the history database, the settings and team policy files.
//       Exit 0 when everything needed works, 1 otherwise.
//
// $SENDCHECK_DESTDIR, when set, is prefixed to the system paths (manifest and record; the path
// written into the manifest is not changed): for staging a package and for tests.
#ifndef SENDCHECK_APP_CLI_INSTALL_H_
#define SENDCHECK_APP_CLI_INSTALL_H_

#include <iosfwd>
#include <string>
#include <string_view>

namespace sendcheck {

// The native messaging host name and the add-on allowed to start it.
inline constexpr std::string_view kNativeHostName = "sendcheck";
inline constexpr std::string_view kExtensionId = "sendcheck@sendcheck.invalid";

// True when argv[1] is `install`, `uninstall` or `doctor`.
bool is_install_command(int argc, const char* const* argv);

// Runs one of them. Exit statuses as run_cli (cli.h); sendcheck::Error is thrown to the caller
// for runtime failures of install/uninstall ("install.host-missing", "install.host-not-executable",
// "install.write-failed", "install.no-home"); uninstall of a foreign manifest warns and returns
// 1; doctor reports its failures itself.
int run_install_command(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

// The usage lines of these commands (part of `sendcheck --help`).
std::string_view install_usage();

// The manifest text for `host_path` (manifests/sendcheck.json.in, the path JSON-escaped).
std::string native_manifest_text(const std::string& host_path);

}  // namespace sendcheck

#endif  // SENDCHECK_APP_CLI_INSTALL_H_
