// `sendcheck install | uninstall`: the native messaging host manifest, written and removed as
// this machine's install plan (install_plan.h) says.
#include "cli_install.h"
#include "cli_args.h"
#include "native_manifest.h"

#include <filesystem>
#include <iostream>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "platform/environment.h"
#include "platform/files.h"
#include "platform/folders.h"
#include "platform/paths.h"
#include "policy/policy.h"
#include "sendcheck/error.h"
#include "store/history_path.h"
#include "store/history_store.h"

namespace sendcheck {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::string_view kInstallUsage =
    R"(  install --user|--system [--host PATH]
      Register the native messaging host with Thunderbird: writes sendcheck.json into
      ~/.mozilla/native-messaging-hosts (--user) or /usr/lib/mozilla/native-messaging-hosts
      (--system), pointing to sendcheck-host next to this program (or PATH).
  install --print-plan --os windows|macos|linux --scope user|machine [--format text|json]
      Print what an installer must create for that OS and scope (files with their content,
      registry values, folders, uninstall steps); changes nothing.
  uninstall --user|--system [--force]
      Remove the manifest that `install` wrote (--force: whatever it points to).
)";

// The OS this program runs on, for its own plan.
#if defined(__APPLE__)
constexpr InstallOs kThisOs = InstallOs::kMacos;
#elif defined(_WIN32)
constexpr InstallOs kThisOs = InstallOs::kWindows;
#else
constexpr InstallOs kThisOs = InstallOs::kLinux;
#endif

// "0644" -> 0644; `fallback` for "" (no mode in the plan).
unsigned octal_mode(const std::string& text, unsigned fallback) {
  return text.empty() ? fallback : static_cast<unsigned>(std::stoul(text, nullptr, 8));
}

// The mode the plan gives the file at `path`, or `fallback`.
unsigned file_mode(const InstallPlan& plan, const std::string& path, unsigned fallback) {
  for (const PlanFile& file : plan.files) {
    if (file.path == path) return octal_mode(file.mode, fallback);
  }
  return fallback;
}

// The mode the plan gives the folder of `path` (and so the missing folders above it), or 0755.
unsigned folder_mode(const InstallPlan& plan, const std::string& path) {
  const std::string folder = fs::path(path).parent_path().string();
  for (const PlanFolder& entry : plan.folders) {
    if (entry.path == folder) return octal_mode(entry.mode, 0755);
  }
  return 0755;
}

// Writes `text` to `path` atomically with exactly `mode`, creating the missing folders above it
// with `folders`. Throws Error("install.write-failed").
void write_file(const fs::path& path, const std::string& text, unsigned mode, unsigned folders) {
  if (platform::FolderError failed = platform::create_folders(path.parent_path(), folders)) {
    throw Error("install.write-failed",
                "cannot create " + failed.folder.string() + ": " + failed.error.message());
  }
  if (platform::ReplaceError failed = platform::replace_file(path, text, mode)) {
    throw Error("install.write-failed",
                "cannot write " + path.string() + ": " + failed.error.message());
  }
}

InstallScope scope_from(const CliOptions& options, const std::string& command) {
  bool user = options.has("user"), system = options.has("system");
  if (user == system) throw UsageError(command + " needs --user or --system");
  return user ? InstallScope::kUser : InstallScope::kMachine;
}

// `install --print-plan`: install_plan.h's plan for --os and --scope, as text or JSON.
int cmd_print_plan(const CliOptions& options, std::ostream& out) {
  if (!options.positional.empty()) throw UsageError("install --print-plan takes no arguments");
  if (options.has("user") || options.has("system") || options.has("host")) {
    throw UsageError("--print-plan goes with --os and --scope, not --user, --system or --host");
  }
  std::string os_text = options.get("os"), scope_text = options.get("scope");
  std::optional<InstallOs> os = parse_install_os(os_text);
  if (!os) {
    throw UsageError(options.has("os")
                         ? "--os must be windows, macos or linux, not \"" + os_text + "\""
                         : "--print-plan needs --os windows|macos|linux");
  }
  std::optional<InstallScope> scope = parse_install_scope(scope_text);
  if (!scope) {
    throw UsageError(options.has("scope")
                         ? "--scope must be user or machine, not \"" + scope_text + "\""
                         : "--print-plan needs --scope user|machine");
  }
  std::string format = options.has("format") ? options.get("format") : "text";
  if (format != "text" && format != "json") {
    throw UsageError("--format must be text or json, not \"" + format + "\"");
  }
  InstallPlanRequest request;
  request.os = *os;
  request.scope = *scope;
  // The real home folder only when the plan is for the OS this program runs on.
  if (*os == kThisOs) {
    std::string home = platform::env_value("HOME");
    if (!home.empty() && home.front() == '/') request.home = home;
  }
  InstallPlan plan = make_install_plan(request);
  if (format == "json") {
    out << install_plan_to_json(plan).dump(2) << "\n";
  } else {
    out << install_plan_to_text(plan);
  }
  return 0;
}

int cmd_install(const CliOptions& options, std::ostream& out) {
  if (!options.positional.empty()) throw UsageError("install takes no arguments");
  InstallScope scope = scope_from(options, "install");
  fs::path host;
  if (options.values.count("host") != 0) {
    std::string given = options.get("host");
    if (given.empty()) throw UsageError("--host needs a path");
    host = fs::absolute(fs::path(given)).lexically_normal();
  } else {
    host = default_host_path();
  }
  std::string code;
  if (std::string problem = host_problem(host, &code); !problem.empty()) {
    throw Error(code, problem + (options.values.count("host") != 0
                                     ? ""
                                     : " (build it, or name the host with --host PATH)"));
  }
  LocalInstall install = local_install(scope, host.string());
  const std::string name(scope_flag_name(scope));
  std::optional<std::string> before = platform::read_file(install.manifest);
  if (before && *before == install.manifest_text) {
    out << "Unchanged: " << install.manifest.string() << " (" << name << " manifest)\n";
  } else {
    write_file(install.manifest, install.manifest_text,
               file_mode(install.plan, install.plan.manifest, 0644),
               folder_mode(install.plan, install.plan.manifest));
    out << "Wrote " << install.manifest.string() << " (" << name << " manifest)\n";
    if (before) {
      std::string old_host = manifest_host(*before);
      out << "  replaced a manifest that pointed to " << (old_host.empty() ? "?" : old_host)
          << "\n";
    }
  }
  out << "  host:              " << host.string() << "\n";
  out << "  allowed extension: " << kExtensionId << "\n";
  if (!install.record.empty()) {
    json record{{"manifest", install.manifest.string()},
                {"host", host.string()},
                {"text", install.manifest_text}};
    write_file(install.record, record.dump(2) + "\n",
               file_mode(install.plan, install.plan.install_record, 0644),
               folder_mode(install.plan, install.plan.install_record));
  }
  return 0;
}

int cmd_uninstall(const CliOptions& options, std::ostream& out, std::ostream& err) {
  if (!options.positional.empty()) throw UsageError("uninstall takes no arguments");
  InstallScope scope = scope_from(options, "uninstall");
  const std::string name(scope_flag_name(scope));
  LocalInstall install = local_install(scope);
  const fs::path& manifest = install.manifest;
  json record = json::parse(platform::read_file(install.record).value_or(""), nullptr, false);
  std::error_code error;
  std::optional<std::string> text = platform::read_file(manifest);
  if (!text && !fs::exists(manifest, error)) {
    out << "Nothing to remove: no " << name << " manifest at " << manifest.string() << "\n";
    if (!install.record.empty()) fs::remove(install.record, error);
    return 0;
  }
  std::string host = text ? manifest_host(*text) : std::string();
  bool ours = record.is_object() && record.value("manifest", "") == manifest.string() &&
              !host.empty() && record.value("host", "") == host;
  if (!ours && !options.has("force")) {
    err << "sendcheck: warning: " << manifest.string() << " points to "
        << (host.empty() ? "no host" : host) << ", not to what `sendcheck install --" << name
        << "` wrote; left in place (--force removes it)\n";
    return 1;
  }
  if (!fs::remove(manifest, error) || error) {
    throw Error("install.write-failed", "cannot remove " + manifest.string() + ": " +
                                            (error ? error.message() : "gone meanwhile"));
  }
  if (!install.record.empty()) fs::remove(install.record, error);
  out << "Removed " << manifest.string() << " (pointed to " << (host.empty() ? "?" : host) << ")\n";
  return 0;
}

}  // namespace

std::string_view scope_flag_name(InstallScope scope) {
  return scope == InstallScope::kUser ? "user" : "system";
}

LocalInstall local_install(InstallScope scope, const std::string& host) {
  InstallPlanRequest request;
  request.os = kThisOs;
  request.scope = scope;
  request.host = host;
  if (scope == InstallScope::kUser) {
    request.home = platform::env_value("HOME");
    if (request.home.empty() || request.home.front() != '/') {
      throw Error("install.no-home",
                  "HOME is not set (or not absolute): no place for a user manifest");
    }
    request.data_home = platform::user_data_home().string();
  }
  LocalInstall install;
  install.plan = make_install_plan(request);
  for (const PlanFile& file : install.plan.files) {
    if (file.path == install.plan.manifest) install.manifest_text = file.content;
  }
  // $SENDCHECK_DESTDIR before the machine's paths (not before the path in the manifest).
  fs::path destdir(platform::env_value("SENDCHECK_DESTDIR"));
  auto staged = [&](const std::string& path) {
    if (path.empty()) return fs::path();
    if (scope == InstallScope::kUser || destdir.empty()) return fs::path(path);
    return destdir / fs::path(path).relative_path();
  };
  install.manifest = staged(install.plan.manifest);
  install.record = staged(install.plan.install_record);
  return install;
}

std::string_view install_usage() { return kInstallUsage; }

bool is_install_command(int argc, const char* const* argv) {
  if (argc < 2) return false;
  std::string_view command = argv[1];
  return command == "install" || command == "uninstall";
}

int run_install_command(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  try {
    std::string_view command = argv[1];
    if (command == "install") {
      CliOptions options = parse_cli_options(argc, argv, 2, {"host", "os", "scope", "format"},
                                             {"user", "system", "print-plan"});
      if (options.has("print-plan")) return cmd_print_plan(options, out);
      for (const char* name : {"os", "scope", "format"}) {
        if (options.has(name)) {
          throw UsageError(std::string("--") + name + " goes with --print-plan");
        }
      }
      return cmd_install(options, out);
    }
    return cmd_uninstall(parse_cli_options(argc, argv, 2, {}, {"user", "system", "force"}), out,
                         err);
  } catch (const UsageError& e) {
    err << "sendcheck: " << e.what() << "\nusage:\n" << kInstallUsage;
    return 2;
  }
}

}  // namespace sendcheck
