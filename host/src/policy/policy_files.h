// policy/policy_files.h — helpers shared by the policy sources (files.cc, policy_url.cc):
// validating a layer, reading its "locked", writing a file atomically. Internal to host/src/policy.
//
// Thread-safety: no state; the file functions touch the file system only.
#ifndef SENDCHECK_POLICY_POLICY_FILES_H_
#define SENDCHECK_POLICY_POLICY_FILES_H_

#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "policy/policy.h"

namespace sendcheck::policy_internal {

// Throws `code` ("policy.invalid-json", ...) naming `source` when `text` is not a JSON object.
nlohmann::json parse_object(const std::string& text, const std::string& source, const char* code);
// Validates one layer with apply_settings_json; an error keeps its code and names `source`.
void validate_layer(const nlohmann::json& layer, const std::string& source);
// "locked" of a policy layer (an array of strings, else "settings.bad-value" naming `source`).
std::set<std::string> read_locked(const nlohmann::json& policy, const std::string& source);
// Writes `text` to `path` through a temporary file in the same folder (mode 0600; missing folders
// created 0700), renamed over `path`. Throws Error(`code`) naming the path.
void write_atomically(const std::string& path, const std::string& text,
                      const char* code = "settings.write-failed");

// Adds the fetched layer of layers->policy's policyUrl (policy_url.cc); never throws for
// network or cache trouble (recorded in layers->policy_url).
void add_url_layer(SettingsLayers* layers, const PolicyUrlOptions& options);

}  // namespace sendcheck::policy_internal

#endif  // SENDCHECK_POLICY_POLICY_FILES_H_
