// The settings and policy files: where they are, reading them, writing the user file.
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include "platform/environment.h"
#include "platform/files.h"
#include "platform/folders.h"
#include "platform/paths.h"
#include "policy/policy.h"
#include "policy/policy_files.h"
#include "sendcheck/error.h"
#include "sendcheck/json_input.h"

namespace sendcheck {
namespace {

using nlohmann::json;

constexpr const char* kSettingsFile = "settings.json";

using platform::env_value;

#if defined(_WIN32)
std::string system_policy_path() {
  std::string program_data = env_value("ProgramData");
  if (program_data.empty()) return {};
  return (std::filesystem::path(program_data) / "sendcheck" / "policy.json").string();
}
#else
std::string system_policy_path() { return "/etc/sendcheck/policy.json"; }
#endif

// The text of `path`, or nullopt when it does not exist and `required` is false.
std::optional<std::string> read_text(const std::string& path, bool required) {
  std::error_code error;
  if (!required) {
    bool present = std::filesystem::exists(path, error);
    // A file that cannot even be looked at (its folder is not readable) is an error, never "no
    // settings": a policy or user file that silently vanished could lift blocks.
    if (error) throw Error("input.unreadable", "cannot read " + path + ": " + error.message());
    if (!present) return std::nullopt;
  }
  if (std::filesystem::is_directory(path, error)) {
    throw Error("input.unreadable", "cannot read " + path + ": it is a folder");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("input.unreadable", "cannot read " + path);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw Error("input.unreadable", "cannot read " + path);
  return buffer.str();
}

}  // namespace

namespace policy_internal {

json parse_object(const std::string& text, const std::string& path, const char* code) {
  json parsed = parse_json_text(text, path, code);
  if (!parsed.is_object()) throw Error(code, path + ": expected a JSON object");
  return parsed;
}

// Validates one layer on its own; errors name the file.
void validate_layer(const json& layer, const std::string& path) {
  try {
    Settings scratch;
    apply_settings_json(layer, &scratch);
  } catch (const Error& e) {
    throw Error(e.code(), path + ": " + e.what());
  }
}

std::set<std::string> read_locked(const json& policy, const std::string& path) {
  std::set<std::string> locked;
  auto it = policy.find("locked");
  if (it == policy.end()) return locked;
  if (!it->is_array()) {
    throw Error("settings.bad-value", path + ": locked: expected an array of setting names");
  }
  for (const json& key : *it) {
    if (!key.is_string()) {
      throw Error("settings.bad-value", path + ": locked: expected an array of setting names");
    }
    locked.insert(key.get<std::string>());
  }
  return locked;
}

// Writes `text` to `path` through a temporary file in the same folder, mode 0600, then renames
// it over `path` so a reader sees the old or the new file, never half of one.
void write_atomically(const std::string& path, const std::string& text, const char* code) {
  std::filesystem::path target(path);
  if (platform::FolderError failed = platform::create_folders(target.parent_path())) {
    throw Error(
        code, "cannot create the folder " + failed.folder.string() + ": " + failed.error.message());
  }
  platform::ReplaceError failed = platform::replace_file(target, text, 0600);
  if (!failed) return;
  std::string step = failed.step;
  if (step == "rename") {
    throw Error(code, "cannot replace " + path + ": " + failed.error.message());
  }
  throw Error(code, "cannot write " + path + ": " +
                        (step == "create" || step == "close" ? "" : step + ": ") +
                        failed.error.message());
}

}  // namespace policy_internal

using policy_internal::parse_object;
using policy_internal::read_locked;
using policy_internal::validate_layer;
using policy_internal::write_atomically;

std::string default_config_path() {
  if (std::string explicit_path = env_value("SENDCHECK_CONFIG"); !explicit_path.empty()) {
    return explicit_path;
  }
  std::filesystem::path config = platform::user_config_home();
  if (config.empty()) return {};
  return (config / "sendcheck" / kSettingsFile).string();
}

std::string default_policy_path() {
  if (std::string explicit_path = env_value("SENDCHECK_POLICY"); !explicit_path.empty()) {
    return explicit_path;
  }
  std::string system = system_policy_path();
  std::error_code error;
  if (!system.empty() && std::filesystem::exists(system, error)) return system;
  return {};
}

SettingsLayers load_policy_layer(const std::string& policy_path) {
  return load_policy_layer(policy_path, policy_url_options());
}

SettingsLayers load_policy_layer(const std::string& policy_path,
                                 const PolicyUrlOptions& url_options) {
  SettingsLayers layers;
  // The policy: an explicit file (argument or $SENDCHECK_POLICY) must be readable; a policy that
  // silently disappears would lift the organisation's blocks.
  std::string policy = policy_path.empty() ? default_policy_path() : policy_path;
  bool policy_required = !policy_path.empty() || !env_value("SENDCHECK_POLICY").empty();
  if (!policy.empty()) {
    if (std::optional<std::string> text = read_text(policy, policy_required)) {
      layers.policy = parse_object(*text, policy, "policy.invalid-json");
      validate_layer(layers.policy, policy);
      layers.locked = read_locked(layers.policy, policy);
      layers.policy_source = policy;
      policy_internal::add_url_layer(&layers, url_options);
    }
  }
  return layers;
}

SettingsLayers load_settings_layers(const std::string& policy_path, const std::string& user_path) {
  return load_settings_layers(policy_path, user_path, policy_url_options());
}

SettingsLayers load_settings_layers(const std::string& policy_path, const std::string& user_path,
                                    const PolicyUrlOptions& url_options) {
  SettingsLayers layers = load_policy_layer(policy_path, url_options);
  std::string user = user_path.empty() ? default_config_path() : user_path;
  layers.user_source = user;
  if (!user.empty()) {
    if (std::optional<std::string> text = read_text(user, !user_path.empty())) {
      layers.user = parse_object(*text, user, "settings.invalid-json");
      validate_layer(layers.user, user);
    }
  }
  return layers;
}

void set_user_setting(const std::string& path, const std::string& key, const json& value,
                      const SettingsLayers& layers) {
  if (path.empty()) {
    throw Error("settings.write-failed",
                "no settings file: set SENDCHECK_CONFIG, XDG_CONFIG_HOME or HOME, or use --config");
  }
  if (!settings_to_json(Settings{}).contains(key)) {
    throw Error("settings.unknown-key", key + ": not a setting (see `sendcheck settings show`)");
  }
  if (layers.locked.count(key) > 0) {
    std::string source = layers.policy_source.empty() ? "the team policy" : layers.policy_source;
    if (layers.fetched.is_object() && layers.fetched.contains("locked") &&
        policy_internal::read_locked(layers.fetched, layers.policy_url.url).count(key) > 0) {
      source = layers.policy_url.url;
    }
    throw Error("settings.locked", key + ": locked by the team policy (" + source + ")");
  }
  if (!value.is_null() &&
      (key == "policyUrl" || key == "policyRefreshSeconds" || key == "policyTimeoutSeconds")) {
    throw Error("settings.locked", key + ": set in the team policy file only");
  }
  json updated = json::object();
  if (std::optional<std::string> text = read_text(path, /*required=*/false)) {
    updated = parse_object(*text, path, "settings.invalid-json");
  }
  if (value.is_null()) {
    updated.erase(key);
  } else {
    updated[key] = value;
  }
  validate_layer(updated, path);
  write_atomically(path, updated.dump(2, ' ', false) + "\n");
}

}  // namespace sendcheck
