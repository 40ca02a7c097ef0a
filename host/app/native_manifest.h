// The native messaging host manifest (manifests/sendcheck.json.in) that lets the Thunderbird
// add-on start `sendcheck-host`: its text, what makes one usable, and the host it names. Used by
// the install plans (install_plan.h), `install`/`uninstall` (cli_install.h) and `doctor`
// (cli_doctor.h).
//
// Thread-safety: no state; host_problem() and default_host_path() look at the file system.
#ifndef SENDCHECK_APP_NATIVE_MANIFEST_H_
#define SENDCHECK_APP_NATIVE_MANIFEST_H_

#include <filesystem>
#include <string>
#include <string_view>

namespace sendcheck {

// The native messaging host name and the add-on allowed to start it.
inline constexpr std::string_view kNativeHostName = "sendcheck";
inline constexpr std::string_view kExtensionId = "sendcheck@sendcheck.invalid";

// The manifest text for `host_path` (manifests/sendcheck.json.in, the path JSON-escaped).
std::string native_manifest_text(const std::string& host_path);

// The host's path from a manifest's text, or "" when it has none.
std::string manifest_host(const std::string& text);

// Why a manifest's text is unusable for the add-on ("not valid JSON", "\"type\" is not
// \"stdio\"", ...), or "" when Thunderbird would accept it.
std::string manifest_problem(const std::string& text);

// Why `host` cannot be started, or "" when it is an executable file; `code` gets
// "install.host-missing" or "install.host-not-executable".
std::string host_problem(const std::filesystem::path& host, std::string* code);

// sendcheck-host next to the running program (or just "sendcheck-host" when that is unknown).
std::filesystem::path default_host_path();

}  // namespace sendcheck

#endif  // SENDCHECK_APP_NATIVE_MANIFEST_H_
