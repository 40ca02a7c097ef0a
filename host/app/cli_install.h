// `sendcheck install` and `uninstall`: the native messaging host manifest that lets the
// Thunderbird add-on start `sendcheck-host`. Both carry out this machine's install plan
// (install_plan.h): every path and mode comes from the plan, none is written here.
//
//   install --user|--system [--host PATH]
//       Writes the plan's manifest (manifests/sendcheck.json.in with the host's absolute path):
//       --user   $HOME/.mozilla/native-messaging-hosts/sendcheck.json
//       --system /usr/lib/mozilla/native-messaging-hosts/sendcheck.json
//       (DESIGN.md §5: Thunderbird on Linux reads these two; ~/.thunderbird/native-messaging-hosts
//       is not read.) The host is `sendcheck-host` next to the running `sendcheck` unless --host
//       names another; it must exist and be executable. Mode 0644, replaced atomically; running
//       it again is harmless. What was written is recorded in the plan's install record (user:
//       $XDG_DATA_HOME/sendcheck/install.json, system: /var/lib/sendcheck/install.json) for
//       uninstall.
//   install --print-plan --os windows|macos|linux --scope user|machine [--format text|json]
//       Prints install_plan.h's plan (what an installer creates for that OS and scope) and
//       touches nothing. A missing or unknown --os, --scope or --format is a usage error (2).
//   uninstall --user|--system [--force]
//       Removes the manifest when it points to the host that install recorded; a manifest that
//       points elsewhere (or that install did not write) is left in place with a warning and
//       exit status 1, unless --force.
//
// --user is the plan's user scope, --system its machine scope. $SENDCHECK_DESTDIR, when set, is
// prefixed to the machine scope's paths (manifest and record; the path written into the manifest
// is not changed): for staging a package and for tests.
#ifndef SENDCHECK_APP_CLI_INSTALL_H_
#define SENDCHECK_APP_CLI_INSTALL_H_

#include <filesystem>
#include <iosfwd>
#include <string>
#include <string_view>

#include "install_plan.h"

namespace sendcheck {

// This machine's plan for `scope`, as install, uninstall and doctor (cli_doctor.h) use it.
struct LocalInstall {
  InstallPlan plan;
  std::filesystem::path manifest;  // where the manifest goes ($SENDCHECK_DESTDIR applied)
  std::filesystem::path record;    // where install records it; "" when the plan has none
  std::string manifest_text;       // the manifest's content
};

// The plan for the OS this program runs on and `scope`, naming `host` in the manifest ("" the
// plan's own place for it); the user scope for $HOME and $XDG_DATA_HOME. Throws
// Error("install.no-home") for the user scope when HOME is unset or not absolute.
LocalInstall local_install(InstallScope scope, const std::string& host = "");

// "user" or "system": the scope as the command line and the messages name it.
std::string_view scope_flag_name(InstallScope scope);

// True when argv[1] is `install` or `uninstall`.
bool is_install_command(int argc, const char* const* argv);

// Runs one of them. Exit statuses as run_cli (cli.h); sendcheck::Error is thrown to the caller
// for runtime failures ("install.host-missing", "install.host-not-executable",
// "install.write-failed", "install.no-home"); uninstall of a foreign manifest warns and returns
// 1.
int run_install_command(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

// The usage lines of these commands (part of `sendcheck --help`).
std::string_view install_usage();

}  // namespace sendcheck

#endif  // SENDCHECK_APP_CLI_INSTALL_H_
