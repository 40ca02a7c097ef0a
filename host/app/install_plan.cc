// The install plans of install_plan.h: what an installer creates on Windows, macOS and Linux.
// Sources of the locations are cited in install_plan.h; the Linux plans follow what
// cli_install.cc, installer/install-user.sh and cmake/packaging.cmake do, the data and policy
// folders what host/src/platform/paths.cc (via store/ and policy/) and host/src/policy/files.cc
// read.
#include "install_plan.h"

#include <sstream>
#include <string>
#include <utility>

#include "native_manifest.h"

namespace sendcheck {
namespace {

constexpr const char* kWinMachineDir = R"(C:\Program Files\SendCheck)";
constexpr const char* kWinUserDir = R"(%LOCALAPPDATA%\Programs\SendCheck)";
constexpr const char* kWinThunderbirdDir = R"(C:\Program Files\Mozilla Thunderbird)";
constexpr const char* kWinNativeKey = R"(Software\Mozilla\NativeMessagingHosts\sendcheck)";
constexpr const char* kWinUninstallKey =
    R"(Software\Microsoft\Windows\CurrentVersion\Uninstall\SendCheck)";

constexpr const char* kMacMachineManifestDir =
    "/Library/Application Support/Mozilla/NativeMessagingHosts";
constexpr const char* kMacThunderbirdDistribution =
    "/Applications/Thunderbird.app/Contents/Resources/distribution";

// "a\b" + "c" with the OS's separator.
std::string win_join(const std::string& dir, const std::string& name) { return dir + "\\" + name; }

// `home` + "/" + relative, or "~/" + relative when the home is not known.
std::string home_path(const std::string& home, const std::string& relative) {
  return (home.empty() ? std::string("~") : home) + "/" + relative;
}

// A file: URL for an absolute path ("C:\Program Files\x" -> "file:///C:/Program%20Files/x").
std::string file_url(const std::string& path) {
  std::string url = "file://";
  if (path.empty() || path.front() != '/') url += "/";
  for (char c : path) {
    if (c == '\\') {
      url += '/';
    } else if (c == ' ') {
      url += "%20";
    } else {
      url += c;
    }
  }
  return url;
}

// Thunderbird's policies.json that force-installs the add-on from `xpi_url`
// (as installer/examples/thunderbird-policies.json, with the managed setting failClosed at the
// add-on's default, false: the administrator decides to fail closed).
std::string thunderbird_policies_text(const std::string& xpi_url) {
  nlohmann::ordered_json policies = {
      {"policies",
       {{"ExtensionSettings",
         {{std::string(kExtensionId),
           {{"installation_mode", "force_installed"}, {"install_url", xpi_url}}}}},
        {"3rdparty", {{"Extensions", {{std::string(kExtensionId), {{"failClosed", false}}}}}}}}}};
  return policies.dump(2) + "\n";
}

PlanFile copied(std::string path, std::string mode, std::string source, std::string purpose) {
  return PlanFile{std::move(path), std::move(mode), "", std::move(source), std::move(purpose)};
}

PlanFile generated(std::string path, std::string mode, std::string content, std::string purpose) {
  return PlanFile{std::move(path), std::move(mode), std::move(content), "", std::move(purpose)};
}

// --- Windows --------------------------------------------------------------------------------

void windows_plan(InstallPlan& plan, const InstallPlanRequest& request) {
  const bool machine = plan.scope == InstallScope::kMachine;
  const std::string dir = machine ? kWinMachineDir : kWinUserDir;
  const std::string root = machine ? "HKLM" : "HKCU";
  const std::string manifest = win_join(dir, "sendcheck.json");
  const std::string host = win_join(dir, "sendcheck-host.exe");
  const std::string xpi = win_join(dir, "sendcheck.xpi");
  const std::string uninstaller = win_join(dir, "uninstall.exe");
  // The per-user folder holds a variable the manifest cannot: there the host is named relative
  // to the manifest, which Thunderbird resolves against the manifest's folder on Windows.
  const std::string manifest_host =
      !request.host.empty() ? request.host : (machine ? host : "sendcheck-host.exe");
  plan.manifest = manifest;

  plan.files = {
      copied(win_join(dir, "sendcheck.exe"), "", "sendcheck.exe (Windows build)",
             "the command-line tool (import, check, settings, doctor, serve)"),
      copied(host, "", "sendcheck-host.exe (Windows build)",
             "the native messaging host Thunderbird starts for each message"),
      generated(manifest, "", native_manifest_text(manifest_host),
                "the native messaging manifest; the registry value below points to it"),
      copied(xpi, "", "sendcheck.xpi (scripts/build-xpi.sh)", "the Thunderbird add-on"),
      copied(win_join(dir, R"(examples\policy.json)"), "", "installer/examples/policy.json",
             "an example team policy"),
      copied(uninstaller, "", "written by the installer", "removes what the installer created"),
  };
  if (machine) {
    plan.files.push_back(generated(
        win_join(kWinThunderbirdDir, R"(distribution\policies.json)"), "",
        thunderbird_policies_text(file_url(xpi)),
        "Thunderbird enterprise policy: force-installs the add-on for every user; written only "
        "when Thunderbird is installed there and has no policies.json yet"));
  }

  const std::string uninstall_command =
      "\"" + uninstaller + "\"" + (machine ? " /AllUsers" : " /CurrentUser");
  plan.registry = {
      {root + "\\" + kWinNativeKey, "", "REG_SZ", manifest},
      {root + "\\" + kWinUninstallKey, "DisplayName", "REG_SZ", "SendCheck"},
      {root + "\\" + kWinUninstallKey, "Publisher", "REG_SZ", "SendCheck"},
      {root + "\\" + kWinUninstallKey, "InstallLocation", "REG_SZ", dir},
      {root + "\\" + kWinUninstallKey, "UninstallString", "REG_SZ", uninstall_command},
      {root + "\\" + kWinUninstallKey, "NoModify", "REG_DWORD", "1"},
      {root + "\\" + kWinUninstallKey, "NoRepair", "REG_DWORD", "1"},
  };

  plan.folders = {
      {dir, "", "the program folder", false},
      {win_join(dir, "examples"), "", "example files", false},
  };
  if (machine) {
    plan.folders.push_back({R"(%ProgramData%\sendcheck)", "",
                            "the team policy: the administrator writes policy.json here (read by "
                            "the engine, host/src/policy/files.cc); removed only when empty",
                            true});
  }
  plan.folders.push_back({R"(%LOCALAPPDATA%\sendcheck)", "",
                          "each user's history (history.sqlite3), audit log and settings "
                          "(settings.json), made by the engine at first use",
                          true});

  plan.uninstall = {
      "Run " + uninstall_command +
          " (Settings > Apps > SendCheck, or add /S for a silent uninstall).",
      "It deletes the registry key " + root + "\\" + kWinNativeKey + " and " + root + "\\" +
          kWinUninstallKey + ".",
      "It deletes the files it installed in " + dir + " and the folder when it is empty.",
  };
  if (machine) {
    plan.uninstall.push_back(
        "It deletes " + win_join(kWinThunderbirdDir, R"(distribution\policies.json)") +
        " only when it wrote that file; Thunderbird then no longer force-installs the add-on.");
    plan.uninstall.push_back(
        R"(It removes %ProgramData%\sendcheck only when empty: an administrator's policy.json )"
        "is kept.");
  } else {
    plan.uninstall.push_back(
        "Remove the add-on in Thunderbird: Tools > Add-ons and Themes > SendCheck > Remove.");
  }
  plan.uninstall.push_back(
      R"(It never deletes %LOCALAPPDATA%\sendcheck (history, audit log, settings); delete it )"
      "by hand to forget them.");

  plan.notes = {
      "Thunderbird reads the manifest named by the default value of HKCU, then HKLM (32-bit, then "
      "64-bit view), \\Software\\Mozilla\\NativeMessagingHosts\\sendcheck (MDN, Native "
      "manifests).",
      "Registry values are written expanded (REG_SZ), with the real folder the installer used.",
  };
  if (machine) {
    plan.notes.push_back(
        R"(The team policy is %ProgramData%\sendcheck\policy.json (SENDCHECK_POLICY overrides )"
        "it).");
    plan.notes.push_back(
        "When Thunderbird already has a distribution\\policies.json, or is installed elsewhere, "
        "add the ExtensionSettings entry of the content above to it, or set it by Group Policy "
        "(HKLM\\Software\\Policies\\Mozilla\\Thunderbird, templates at "
        "github.com/thunderbird/policy-templates).");
    plan.notes.push_back(
        "installer/windows/sendcheck.nsi records the policies.json it wrote in the value "
        "ThunderbirdPolicies of the Uninstall key, so that its uninstaller deletes only that "
        "file.");
  } else {
    plan.notes.push_back(
        "The manifest names the host relative to its own folder (\"sendcheck-host.exe\"): "
        "Thunderbird on Windows resolves it against the manifest's folder; an installer that "
        "knows the expanded folder may write the absolute path instead.");
    plan.notes.push_back(
        "A per-user install cannot set a team policy or Thunderbird's policies.json: install the "
        "add-on from sendcheck.xpi in Thunderbird's Add-ons Manager.");
  }
}

// The command-line tool, the native messaging host (`build` names where they come from) and the
// manifest that points Thunderbird at the host (request.host when given).
std::vector<PlanFile> engine_files(const std::string& bin, const std::string& host,
                                   const std::string& manifest, const std::string& build,
                                   const std::string& manifest_purpose,
                                   const InstallPlanRequest& request) {
  return {
      copied(bin + "/sendcheck", "0755", "sendcheck (" + build + ")", "the command-line tool"),
      copied(host, "0755", "sendcheck-host (" + build + ")",
             "the native messaging host Thunderbird starts for each message"),
      generated(manifest, "0644", native_manifest_text(request.host.empty() ? host : request.host),
                manifest_purpose),
  };
}

// --- macOS ----------------------------------------------------------------------------------

void macos_plan(InstallPlan& plan, const InstallPlanRequest& request) {
  const std::string& home = request.home;
  const bool machine = plan.scope == InstallScope::kMachine;
  const std::string bin = machine ? "/usr/local/bin" : home_path(home, ".local/bin");
  const std::string share =
      machine ? "/usr/local/share/sendcheck" : home_path(home, ".local/share/sendcheck");
  const std::string manifest_dir =
      machine ? kMacMachineManifestDir : home_path(home, "Library/Mozilla/NativeMessagingHosts");
  const std::string host = bin + "/sendcheck-host";
  const std::string manifest = manifest_dir + "/sendcheck.json";
  const std::string xpi = share + "/sendcheck.xpi";
  plan.manifest = manifest;

  plan.files =
      engine_files(bin, host, manifest, "macOS build", "the native messaging manifest", request);
  plan.files.push_back(
      copied(xpi, "0644", "sendcheck.xpi (scripts/build-xpi.sh)", "the Thunderbird add-on"));
  if (machine) {
    plan.files.push_back(copied("/usr/local/share/doc/sendcheck/examples/policy.json", "0644",
                                "installer/examples/policy.json", "an example team policy"));
    plan.files.push_back(generated(
        std::string(kMacThunderbirdDistribution) + "/policies.json", "0644",
        thunderbird_policies_text(file_url(xpi)),
        "Thunderbird enterprise policy: force-installs the add-on for every user; written only "
        "when Thunderbird.app has no policies.json yet"));
  }

  plan.folders = {
      {manifest_dir, "0755", "native messaging manifests (shared with other programs)", true},
      {share, "0755", "the add-on", false}};
  if (machine) {
    plan.folders.push_back({"/etc/sendcheck", "0755",
                            "the team policy: the administrator writes policy.json here (read by "
                            "the engine, host/src/policy/files.cc); removed only when empty",
                            true});
  }
  plan.folders.push_back({home_path(machine ? "" : home, "Library/Application Support/sendcheck"),
                          "", "each user's history and audit log, made by the engine at first use",
                          true});
  plan.folders.push_back({home_path(machine ? "" : home, ".config/sendcheck"), "",
                          "each user's settings (settings.json), made at first use", true});

  plan.uninstall = {
      "Delete " + bin + "/sendcheck, " + host + ", " + xpi + (machine ? "" : " and " + manifest) +
          ".",
  };
  if (machine) {
    plan.uninstall.push_back("Delete " + manifest + " when its \"path\" is still " + host + ".");
    plan.uninstall.push_back("Delete /usr/local/share/doc/sendcheck and " +
                             std::string(kMacThunderbirdDistribution) +
                             "/policies.json when the installer wrote it.");
    plan.uninstall.push_back(
        "Remove /etc/sendcheck only when empty: an administrator's policy.json is kept.");
    plan.uninstall.push_back("Forget the package receipt: pkgutil --forget <package id>.");
  } else {
    plan.uninstall.push_back(
        "Remove the add-on in Thunderbird: Tools > Add-ons and Themes > SendCheck > Remove.");
  }
  plan.uninstall.push_back(
      "Keep ~/Library/Application Support/sendcheck and ~/.config/sendcheck (history, audit log, "
      "settings) unless the user wants them gone.");

  plan.notes = {
      machine ? "Thunderbird reads /Library/Application Support/Mozilla/NativeMessagingHosts/ "
                "for every user (MDN, Native manifests)."
              : "Thunderbird reads ~/Library/Mozilla/NativeMessagingHosts/ per user (Thunderbird "
                "keeps its data in ~/Library, Firefox in ~/Library/Application Support: "
                "nsXREDirProvider.cpp, MOZ_THUNDERBIRD).",
      "Untested: no macOS installer exists and nothing is run on macOS here.",
  };
  if (machine) {
    plan.notes.push_back(
        "The engine reads the team policy from /etc/sendcheck/policy.json on macOS too "
        "(host/src/policy/files.cc has no macOS-specific path).");
    plan.notes.push_back(
        "Writing into Thunderbird.app breaks its code signature and is undone by updates; a "
        "configuration profile for org.mozilla.thunderbird (EnterprisePoliciesEnabled, "
        "ExtensionSettings) does the same without touching the app.");
  }
  if (!machine && home.empty()) {
    plan.notes.push_back(
        "~ is the user's home folder: write it out in the manifest's \"path\" (Thunderbird does "
        "not expand ~).");
  }
}

// --- Linux ----------------------------------------------------------------------------------

void linux_plan(InstallPlan& plan, const InstallPlanRequest& request) {
  const std::string& home = request.home;
  if (plan.scope == InstallScope::kMachine) {
    // The .deb (cmake/packaging.cmake, installer/debian/postinst and postrm).
    const std::string host = "/usr/bin/sendcheck-host";
    plan.manifest = "/usr/lib/mozilla/native-messaging-hosts/sendcheck.json";
    plan.install_record = "/var/lib/sendcheck/install.json";
    plan.files = {
        copied("/usr/bin/sendcheck", "0755", "sendcheck (build)", "the command-line tool"),
        copied(host, "0755", "sendcheck-host (build)",
               "the native messaging host Thunderbird starts for each message"),
        generated(plan.manifest, "0644",
                  native_manifest_text(request.host.empty() ? host : request.host),
                  "the system-wide native messaging manifest"),
        copied("/usr/share/sendcheck/sendcheck.xpi", "0644", "sendcheck.xpi (scripts/build-xpi.sh)",
               "the Thunderbird add-on"),
        copied("/usr/share/doc/sendcheck/examples/policy.json", "0644",
               "installer/examples/policy.json", "an example team policy"),
        copied("/usr/share/doc/sendcheck/examples/thunderbird-policies.json", "0644",
               "installer/examples/thunderbird-policies.json",
               "an example Thunderbird policies.json that force-installs the add-on"),
    };
    plan.folders = {
        {"/etc/sendcheck", "0755",
         "the team policy: the administrator writes policy.json here (made by postinst, removed "
         "by purge only when empty)",
         true},
        {"~/.local/share/sendcheck", "",
         "each user's history and audit log ($XDG_DATA_HOME/sendcheck), made at first use", true},
        {"~/.config/sendcheck", "",
         "each user's settings ($XDG_CONFIG_HOME/sendcheck), made at first use", true},
    };
    plan.uninstall = {
        "apt remove sendcheck: removes every file above.",
        "apt purge sendcheck: also removes /etc/sendcheck when it is empty (an administrator's "
        "policy.json is kept).",
        "Users' history and settings are never touched.",
    };
    plan.notes = {
        "The .deb (cpack -G DEB) carries out this plan; `sendcheck install --system` writes the "
        "same manifest for a binary installed elsewhere and records it in "
        "/var/lib/sendcheck/install.json for `sendcheck uninstall --system`.",
        "Thunderbird reads /usr/lib/mozilla/native-messaging-hosts/ for every user.",
        "To force-install the add-on, copy the example to /etc/thunderbird/policies/policies.json "
        "(Debian's Thunderbird) or to distribution/policies.json in Thunderbird's folder.",
    };
    return;
  }
  // installer/install-user.sh, which runs `sendcheck install --user`.
  const std::string bin = home_path(home, ".local/bin");
  const std::string data = request.data_home.empty() ? home_path(home, ".local/share/sendcheck")
                                                     : request.data_home + "/sendcheck";
  const std::string host = bin + "/sendcheck-host";
  const std::string manifest = home_path(home, ".mozilla/native-messaging-hosts/sendcheck.json");
  plan.manifest = manifest;
  plan.install_record = data + "/install.json";
  plan.files = engine_files(bin, host, manifest, "build", "the per-user manifest", request);
  plan.files.insert(
      plan.files.end(),
      {
          copied(plan.install_record, "0600", "written by `sendcheck install --user`",
                 "what install wrote, for `sendcheck uninstall --user`"),
          copied(data + "/sendcheck.xpi", "0644", "sendcheck.xpi (scripts/build-xpi.sh)",
                 "the Thunderbird add-on, to install from Thunderbird's Add-ons Manager"),
      });
  plan.folders = {
      {home_path(home, ".mozilla/native-messaging-hosts"), "0755",
       "per-user native messaging manifests (shared with other programs)", true},
      {data, "0700", "the history, audit log, install record and add-on ($XDG_DATA_HOME/sendcheck)",
       true},
      {home_path(home, ".config/sendcheck"), "",
       "the settings ($XDG_CONFIG_HOME/sendcheck), made at first use", true},
  };
  plan.uninstall = {
      "installer/install-user.sh --uninstall, which runs `sendcheck uninstall --user` (removes " +
          manifest + " when it still points to " + host + ") and deletes " + bin + "/sendcheck, " +
          host + " and " + data + "/sendcheck.xpi.",
      "Remove the add-on in Thunderbird: Tools > Add-ons and Themes > SendCheck > Remove.",
      "The history and settings are kept; delete " + data + " and " +
          home_path(home, ".config/sendcheck") + " to forget them.",
  };
  plan.notes = {
      "Thunderbird reads ~/.mozilla/native-messaging-hosts/ per user; "
      "~/.thunderbird/native-messaging-hosts/ is not read.",
      "$XDG_DATA_HOME and $XDG_CONFIG_HOME, when set, replace ~/.local/share and ~/.config.",
  };
  if (home.empty()) {
    plan.notes.push_back(
        "~ is the user's home folder: `sendcheck install --user` writes it out in the manifest.");
  }
}

void add_text_list(std::ostringstream& out, const char* title,
                   const std::vector<std::string>& lines, bool numbered) {
  if (lines.empty()) return;
  out << "\n" << title << ":\n";
  int n = 0;
  for (const std::string& line : lines) {
    out << "  " << (numbered ? std::to_string(++n) + ". " : std::string("- ")) << line << "\n";
  }
}

}  // namespace

InstallPlan make_install_plan(const InstallPlanRequest& request) {
  InstallPlan plan;
  plan.os = request.os;
  plan.scope = request.scope;
  switch (request.os) {
    case InstallOs::kWindows:
      windows_plan(plan, request);
      break;
    case InstallOs::kMacos:
      macos_plan(plan, request);
      break;
    case InstallOs::kLinux:
      linux_plan(plan, request);
      break;
  }
  return plan;
}

std::optional<InstallOs> parse_install_os(std::string_view text) {
  if (text == "windows") return InstallOs::kWindows;
  if (text == "macos") return InstallOs::kMacos;
  if (text == "linux") return InstallOs::kLinux;
  return std::nullopt;
}

std::optional<InstallScope> parse_install_scope(std::string_view text) {
  if (text == "user") return InstallScope::kUser;
  if (text == "machine") return InstallScope::kMachine;
  return std::nullopt;
}

std::string_view install_os_name(InstallOs os) {
  switch (os) {
    case InstallOs::kWindows:
      return "windows";
    case InstallOs::kMacos:
      return "macos";
    case InstallOs::kLinux:
      break;
  }
  return "linux";
}

std::string_view install_scope_name(InstallScope scope) {
  return scope == InstallScope::kMachine ? "machine" : "user";
}

nlohmann::ordered_json install_plan_to_json(const InstallPlan& plan) {
  using ordered = nlohmann::ordered_json;
  ordered files = ordered::array();
  for (const PlanFile& file : plan.files) {
    ordered entry = {{"path", file.path}};
    if (!file.mode.empty()) entry["mode"] = file.mode;
    if (!file.content.empty()) entry["content"] = file.content;
    if (!file.source.empty()) entry["source"] = file.source;
    entry["purpose"] = file.purpose;
    files.push_back(std::move(entry));
  }
  ordered registry = ordered::array();
  for (const PlanRegistryValue& value : plan.registry) {
    registry.push_back(ordered{
        {"key", value.key}, {"name", value.name}, {"type", value.type}, {"value", value.value}});
  }
  ordered folders = ordered::array();
  for (const PlanFolder& folder : plan.folders) {
    ordered entry = {{"path", folder.path}};
    if (!folder.mode.empty()) entry["mode"] = folder.mode;
    entry["purpose"] = folder.purpose;
    entry["keep"] = folder.keep;
    folders.push_back(std::move(entry));
  }
  return ordered{{"os", install_os_name(plan.os)},
                 {"scope", install_scope_name(plan.scope)},
                 {"files", std::move(files)},
                 {"registry", std::move(registry)},
                 {"folders", std::move(folders)},
                 {"uninstall", plan.uninstall},
                 {"notes", plan.notes}};
}

std::string install_plan_to_text(const InstallPlan& plan) {
  std::ostringstream out;
  out << "SendCheck install plan: " << install_os_name(plan.os) << ", "
      << install_scope_name(plan.scope) << " scope\n";
  out << "\nFiles:\n";
  for (const PlanFile& file : plan.files) {
    out << "  " << file.path << (file.mode.empty() ? "" : "  (mode " + file.mode + ")") << "\n";
    out << "      " << file.purpose << "\n";
    if (!file.source.empty()) out << "      from: " << file.source << "\n";
    if (!file.content.empty()) {
      out << "      content:\n";
      std::istringstream lines(file.content);
      for (std::string line; std::getline(lines, line);) out << "        " << line << "\n";
    }
  }
  if (!plan.registry.empty()) {
    out << "\nRegistry:\n";
    for (const PlanRegistryValue& value : plan.registry) {
      out << "  " << value.key << "  " << (value.name.empty() ? "(Default)" : value.name) << "  "
          << value.type << "  " << value.value << "\n";
    }
  }
  out << "\nFolders:\n";
  for (const PlanFolder& folder : plan.folders) {
    out << "  " << folder.path << (folder.mode.empty() ? "" : "  (mode " + folder.mode + ")")
        << (folder.keep ? "  [kept on uninstall]" : "") << "\n      " << folder.purpose << "\n";
  }
  add_text_list(out, "Uninstall", plan.uninstall, /*numbered=*/true);
  add_text_list(out, "Notes", plan.notes, /*numbered=*/false);
  return out.str();
}

}  // namespace sendcheck
