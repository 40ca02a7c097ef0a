// sendcheck/policy.h — layered settings: built-in defaults < team policy < user settings
// (DESIGN.md §4 "Policy", docs/protocol.md "Rules and team policy").
//
// Both layers are JSON objects with the keys of docs/protocol.md "Settings". The team policy may
// also hold `"locked": ["internalDomains", "rules", ...]`: for a locked key the user layer is
// ignored and set_user_setting refuses it. For `rules`, `blockedDomains` and `blockedAddresses`
// the two layers are concatenated (policy entries first), so a user can add entries but never
// remove one of the policy's; when such a key is locked the user's entries are ignored. Every
// other key of the user layer replaces the policy's value.
//
// Where the files are (DESIGN.md §5):
//   team policy: --policy FILE, else $SENDCHECK_POLICY, else /etc/sendcheck/policy.json
//                (Windows: %ProgramData%\sendcheck\policy.json) when it exists;
//   user:        --config FILE, else $SENDCHECK_CONFIG, else $XDG_CONFIG_HOME/sendcheck/
//                settings.json, else $HOME/.config/sendcheck/settings.json (Windows:
//                %LOCALAPPDATA%\sendcheck\settings.json).
//
// Errors (sendcheck::Error; the message names the file): "input.unreadable" (a named file cannot
// be read), "policy.invalid-json" / "settings.invalid-json" (not JSON, or not an object),
// "settings.bad-value" (a key has a wrong value, in either layer), "settings.locked" (setting a
// locked key), "settings.unknown-key" (setting a key that does not exist),
// "settings.write-failed" (the user file cannot be written).
//
// Thread-safety: the functions keep no state; the file functions read the environment and the
// file system, the others are pure.
#ifndef SENDCHECK_POLICY_H_
#define SENDCHECK_POLICY_H_

#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "sendcheck/settings.h"

namespace sendcheck {

struct SettingsLayers {
  nlohmann::json policy = nlohmann::json::object();  // the team policy file, as read
  nlohmann::json user = nlohmann::json::object();    // the user settings file, as read
  std::string policy_source;     // the path it was read from; "" when there is no policy
  std::string user_source;       // the path of the user file (set even when it does not exist yet)
  std::set<std::string> locked;  // keys locked by the policy ("locked" of the policy file)
};

// The user settings file when no --config is given: $SENDCHECK_CONFIG, else the per-user config
// folder (see above). "" when no folder can be found (no HOME).
std::string default_config_path();
// The team policy file when no --policy is given: $SENDCHECK_POLICY, else the system file when
// it exists, else "".
std::string default_policy_path();

// Reads both layers. An empty argument means the default path. A missing file is fine for the
// default user path (a user with no settings yet) and for the system policy; an explicit path
// (argument or $SENDCHECK_POLICY) that cannot be read throws "input.unreadable". Each layer is
// validated on its own (apply_settings_json), so an error names the file and the key as written
// there ("policy.json: rules[1].action: ..."). "locked" must be an array of strings.
SettingsLayers load_settings_layers(const std::string& policy_path, const std::string& user_path);
// The policy layer alone, as load_settings_layers reads it (user empty, user_source ""): enough
// to know the locked keys without reading, or failing on, the user file.
SettingsLayers load_policy_layer(const std::string& policy_path);

// Defaults, then the policy, then the user layer without its locked keys; the concatenated keys
// as described above. Throws "settings.bad-value" only for layers that were not validated (built
// by hand).
Settings effective_settings(const SettingsLayers& layers);

// For every key of settings_to_json: {"value": <effective value>, "layer": "default" | "policy" |
// "user" (the highest layer that contributes to the value), "locked": bool}; concatenated keys
// also carry "policyEntries": how many of the entries come from the policy. Keys are sorted.
nlohmann::json explain_settings(const SettingsLayers& layers);

// Sets `key` to `value` in the user settings file at `path` (created with mode 0600, its folder
// 0700, when missing; other keys kept), replacing it atomically (a temporary file renamed over
// it). `value` null removes the key (back to the policy or default). Refuses a key locked in
// `layers` ("settings.locked"), a key that is not a setting ("settings.unknown-key") and a value
// apply_settings_json rejects ("settings.bad-value"). An existing file that is not a JSON object
// is not overwritten ("settings.invalid-json"). Not safe against a concurrent writer of the same
// file (the last rename wins).
void set_user_setting(const std::string& path, const std::string& key, const nlohmann::json& value,
                      const SettingsLayers& layers);

}  // namespace sendcheck

#endif  // SENDCHECK_POLICY_H_
