// Combining the layers: defaults < team policy file < fetched policy (URL) < user (see
// policy/policy.h). Pure.
#include <array>
#include <string_view>
#include <utility>

#include "policy/policy.h"
#include "sendcheck/error.h"

namespace sendcheck {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 3> kConcatenated = {"rules", "blockedDomains",
                                                           "blockedAddresses"};

// Keys whose lists are concatenated across layers instead of replaced.
bool is_concatenated(std::string_view key) {
  return key == "rules" || key == "blockedDomains" || key == "blockedAddresses";
}

// Keys read from the local policy file only: ignored in the fetched and the user layers.
bool is_policy_file_only(std::string_view key) {
  return key == "policyUrl" || key == "policyRefreshSeconds" || key == "policyTimeoutSeconds";
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

// Puts a layer above the policy file on `settings`: its plain keys replace, its concatenated
// keys append; `skipped` keys (locked ones, for the user layer) and policy-file-only keys are
// ignored.
void overlay(const json& layer, const std::set<std::string>& skipped, Settings* settings) {
  json replaced = json::object();
  for (const auto& [key, value] : layer.items()) {
    if (key == "locked" || skipped.count(key) > 0 || is_concatenated(key) ||
        is_policy_file_only(key)) {
      continue;
    }
    replaced[key] = value;
  }
  apply_settings_json(replaced, settings);
  for (std::string_view key : kConcatenated) {
    auto it = layer.find(std::string(key));
    if (it == layer.end() || skipped.count(std::string(key)) > 0) continue;
    Settings added;
    apply_settings_json(json{{std::string(key), *it}}, &added);
    append_entries(key, std::move(added), settings);
  }
}

std::size_t entries_of(const json& layer, const std::string& key) {
  auto it = layer.find(key);
  return it != layer.end() && it->is_array() ? it->size() : 0;
}

}  // namespace

Settings effective_settings(const SettingsLayers& layers) {
  Settings settings;
  apply_settings_json(object_or_empty(layers.policy), &settings);
  overlay(object_or_empty(layers.fetched), {}, &settings);
  overlay(object_or_empty(layers.user), layers.locked, &settings);
  return settings;
}

json explain_settings(const SettingsLayers& layers) {
  const json& policy = object_or_empty(layers.policy);
  const json& fetched = object_or_empty(layers.fetched);
  const json& user = object_or_empty(layers.user);
  json values = settings_to_json(effective_settings(layers));
  json out = json::object();
  for (auto& [key, value] : values.items()) {
    bool locked = layers.locked.count(key) > 0;
    bool file_only = is_policy_file_only(key);
    bool in_policy = policy.contains(key);
    bool in_fetched = !file_only && fetched.contains(key);
    bool in_user = !locked && !file_only && user.contains(key);
    std::string layer = in_user      ? "user"
                        : in_fetched ? "policy-url"
                        : in_policy  ? "policy"
                                     : "default";
    json entry{{"value", value}, {"locked", locked}};
    if (is_concatenated(key)) {
      std::size_t from_file = entries_of(policy, key);
      std::size_t from_url = entries_of(fetched, key);
      bool user_adds = in_user && entries_of(user, key) > 0;
      layer = user_adds       ? "user"
              : from_url > 0  ? "policy-url"
              : from_file > 0 ? "policy"
              : in_fetched    ? "policy-url"
              : in_policy     ? "policy"
              : in_user       ? "user"
                              : "default";
      entry["policyEntries"] = from_file + from_url;
      entry["policyUrlEntries"] = from_url;
    }
    entry["layer"] = layer;
    out[key] = std::move(entry);
  }
  return out;
}

}  // namespace sendcheck
