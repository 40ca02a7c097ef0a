// Combining the layers: defaults < team policy < user (see sendcheck/policy.h). Pure.
#include <string_view>
#include <utility>

#include "sendcheck/error.h"
#include "sendcheck/policy.h"

namespace sendcheck {
namespace {

using nlohmann::json;

// Keys whose lists are concatenated across layers instead of replaced.
bool is_concatenated(std::string_view key) {
  return key == "rules" || key == "blockedDomains" || key == "blockedAddresses";
}

// Appends the entries of `key` from `from` to `to`.
void append_entries(std::string_view key, Settings&& from, Settings* to) {
  if (key == "rules") {
    to->rules.insert(to->rules.end(), std::make_move_iterator(from.rules.begin()),
                     std::make_move_iterator(from.rules.end()));
  } else if (key == "blockedDomains") {
    to->blocked_domains.insert(to->blocked_domains.end(), from.blocked_domains.begin(),
                               from.blocked_domains.end());
  } else if (key == "blockedAddresses") {
    to->blocked_addresses.insert(to->blocked_addresses.end(), from.blocked_addresses.begin(),
                                 from.blocked_addresses.end());
  }
}

const json& object_or_empty(const json& layer) {
  static const json kEmpty = json::object();
  return layer.is_object() ? layer : kEmpty;
}

}  // namespace

Settings effective_settings(const SettingsLayers& layers) {
  const json& policy = object_or_empty(layers.policy);
  const json& user = object_or_empty(layers.user);
  Settings settings;
  apply_settings_json(policy, &settings);

  json replaced = json::object();
  for (const auto& [key, value] : user.items()) {
    if (key == "locked" || layers.locked.count(key) > 0 || is_concatenated(key)) continue;
    replaced[key] = value;
  }
  apply_settings_json(replaced, &settings);

  for (std::string_view key : {"rules", "blockedDomains", "blockedAddresses"}) {
    auto it = user.find(std::string(key));
    if (it == user.end() || layers.locked.count(std::string(key)) > 0) continue;
    Settings added;
    apply_settings_json(json{{std::string(key), *it}}, &added);
    append_entries(key, std::move(added), &settings);
  }
  return settings;
}

json explain_settings(const SettingsLayers& layers) {
  const json& policy = object_or_empty(layers.policy);
  const json& user = object_or_empty(layers.user);
  json values = settings_to_json(effective_settings(layers));
  json out = json::object();
  for (auto& [key, value] : values.items()) {
    bool locked = layers.locked.count(key) > 0;
    bool in_policy = policy.contains(key);
    bool in_user = !locked && user.contains(key);
    std::string layer = in_user ? "user" : in_policy ? "policy" : "default";
    json entry{{"value", value}, {"locked", locked}};
    if (is_concatenated(key)) {
      const json& from_policy = in_policy ? policy[key] : json::array();
      std::size_t policy_entries = from_policy.is_array() ? from_policy.size() : 0;
      bool user_adds = in_user && user[key].is_array() && !user[key].empty();
      layer = user_adds ? "user" : in_policy ? "policy" : in_user ? "user" : "default";
      entry["policyEntries"] = policy_entries;
    }
    entry["layer"] = layer;
    out[key] = std::move(entry);
  }
  return out;
}

}  // namespace sendcheck
