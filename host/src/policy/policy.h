// policy/policy.h — layered settings: built-in defaults < team policy < user settings
// (DESIGN.md §4 "Policy", docs/protocol.md "Rules and team policy"). Private to the host
// (policy/): files, the environment and the policy URL; the values are sendcheck/settings.h.
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
// Team policy from a URL (issue 6; docs/protocol.md "Team policy from a URL"). The local team
// policy file may name `policyUrl` (https://...). The policy served there is a third layer:
//   defaults < local policy file < fetched policy (URL) < user (minus locked keys).
// `policyUrl`, `policyRefreshSeconds` and `policyTimeoutSeconds` are read from the local policy
// file only (defaults otherwise): in the fetched policy and in the user layer they are ignored,
// and `settings set` refuses them ("settings.locked"). The locked keys are the union of both
// policy layers' "locked"; the concatenated keys take the local file's entries, then the fetched
// policy's, then the user's. Each fetched body is validated like a file (a JSON object that
// apply_settings_json accepts, "locked" an array of strings) before it replaces the last good
// copy; the last good copy stays in force through any failure (network, timeout, HTTP error,
// invalid JSON, invalid settings, a body over 1 MiB): never "no policy" because of the network.
//
// The last good copy lives in the cache file next to the history (the folder of
// default_history_path(), store/history_path.h: $SENDCHECK_DB's folder, else
// $XDG_DATA_HOME/sendcheck, ...), named team-policy-cache.json, written atomically with mode 0600:
//   {"url", "etag", "fetchedAt", "checkedAt", "policy", "lastAttempt": {"at", "status",
//    "errorCode", "errorMessage", "failingSince"}}   (times ISO 8601 UTC, "2026-11-30T05:09:54Z")
// A cache written for another URL is not used (and is replaced by the next attempt).
//
// When the network is used (PolicyRefresh, chosen once per process by the program):
//  - the copy is fresh (checkedAt within policyRefreshSeconds): no network;
//  - after a failed attempt, no automatic attempt for kPolicyRetrySeconds (60 s), so a server
//    that is down costs at most one timeout a minute, not one per message;
//  - no copy at all: one synchronous fetch, bounded by policyTimeoutSeconds;
//  - a stale copy: kWhenDue (the CLI, `serve`) fetches synchronously; kDeferStale (the native
//    host) uses the stale copy for this run and refreshes it in a background thread that the
//    host waits for at exit (finish_policy_refresh), bounded by the timeout.
// Which HTTP client: the CLI links the cpprestsdk fetcher (transport/http/policy_fetcher.h). The
// native host does not link cpprestsdk or OpenSSL (loading them doubled its start-up, the largest
// part of a send-time check: docs/performance.md): its fetcher runs the sibling `sendcheck policy
// http-get` for each GET (policy/fetch_process.h; killed after policyTimeoutSeconds + 3 s). The
// cache, freshness, back-off and validation above stay in the host, so the behaviour is the same.
// URLs: https only. http:// is refused ("policy.url-refused") unless the host is 127.0.0.1 or
// [::1] and the environment has SENDCHECK_TEST_ALLOW_HTTP_POLICY=1 (for tests only, never in a
// deployment). A request sends If-None-Match with the cached ETag; 304 keeps the copy.
// Failure codes (PolicyUrlState::error_code): "policy.url-refused", "policy.fetch-failed" (no
// connection, TLS, DNS), "policy.fetch-timeout", "policy.http-status" (an answer other than 200
// and 304), "policy.too-large" (a body over kMaxPolicyBytes), "policy.invalid-json" (not JSON, or
// not an object), "settings.bad-value" (a key with a wrong value; the message names the URL and
// the key), "policy.cache-write-failed" (the copy could not be kept; it is in force for this run).
//
// Thread-safety: the functions keep no state; the file functions read the environment and the
// file system, the others are pure. Exceptions: set_policy_url_options / policy_url_options and
// the background refresh keep process-wide state behind a mutex (safe from any thread); a
// PolicyFetcher must be safe to call from several threads.
#ifndef SENDCHECK_POLICY_POLICY_H_
#define SENDCHECK_POLICY_POLICY_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "sendcheck/settings.h"

namespace sendcheck {

// The largest policy body accepted from a URL (bytes).
inline constexpr std::size_t kMaxPolicyBytes = 1024 * 1024;
// After a failed fetch, no automatic attempt for this many seconds (`sendcheck policy fetch`
// always tries).
inline constexpr std::int64_t kPolicyRetrySeconds = 60;

// Where the fetched layer comes from and how the last fetch went (see above).
struct PolicyUrlState {
  std::string url;         // policyUrl of the local policy file; "" = none (the rest is empty)
  std::string cache_path;  // the cache file; "" when no data folder is known (nothing is kept)
  // The copy in force (SettingsLayers::fetched): when it was fetched (a 200), its ETag, and the
  // last time the server confirmed it (200 or 304). "" = no copy.
  std::string fetched_at;
  std::string etag;
  std::string checked_at;
  // The last attempt, this run or an earlier one: "ok" (200, the copy replaced), "not-modified"
  // (304, the copy kept), "failed", or "never" (no attempt yet).
  std::string status = "never";
  std::string attempted_at;
  std::string error_code;        // when status is "failed": a code listed above
  std::string error_message;     // when status is "failed": a one-line reason, never a body
  std::string failing_since;     // the first failure of the current series of failures
  bool fetched_now = false;      // this load made a network attempt (status is its outcome)
  bool refresh_pending = false;  // a stale copy is in force; a background refresh was started
  bool ignored_other_url_cache = false;  // a cache for another URL was found and not used
};

struct SettingsLayers {
  nlohmann::json policy = nlohmann::json::object();  // the team policy file, as read
  // The policy fetched from the local file's policyUrl: the last good copy ({} when none).
  nlohmann::json fetched = nlohmann::json::object();
  nlohmann::json user = nlohmann::json::object();  // the user settings file, as read
  std::string policy_source;  // the path it was read from; "" when there is no policy
  std::string user_source;    // the path of the user file (set even when it does not exist yet)
  PolicyUrlState policy_url;  // the fetched layer's source; url "" when the file names none
  // Keys locked by the policy: the union of "locked" of the policy file and the fetched policy.
  std::set<std::string> locked;
};

// One HTTP GET of a policy URL, as the policy layer asks it of a PolicyFetcher.
struct PolicyFetchRequest {
  std::string url;                  // already checked: https, or loopback http with the test flag
  std::string etag;                 // sent as If-None-Match when not empty
  std::chrono::seconds timeout{5};  // the whole exchange, connect to last byte
  std::size_t max_body_bytes = kMaxPolicyBytes;
};

struct PolicyFetchResponse {
  // The HTTP status, or 0 when no answer arrived (then error_code/error_message say why:
  // "policy.fetch-failed", "policy.fetch-timeout"). A body over max_body_bytes is
  // "policy.too-large" with the status kept.
  int status = 0;
  std::string body;  // the body of a 200 (UTF-8 JSON expected)
  std::string etag;  // the ETag header, as sent ("" when none)
  std::string error_code;
  std::string error_message;
};

// The one interface to an HTTP client (host/src/transport/http/policy_fetcher.h implements it
// with cpprestsdk, used by the CLI; host/src/policy/fetch_process.h by running `sendcheck policy
// http-get`, used by the native host; tests pass a fake). fetch() never throws and is safe to
// call from several threads at once.
class PolicyFetcher {
 public:
  virtual ~PolicyFetcher() = default;
  virtual PolicyFetchResponse fetch(const PolicyFetchRequest& request) const = 0;
};

enum class PolicyRefresh {
  kCacheOnly,   // never use the network: the cached copy of this URL, if any
  kWhenDue,     // fetch synchronously when there is no copy or it is stale (CLI, `serve`)
  kDeferStale,  // synchronously only without a copy; a stale copy is refreshed in the
                // background (native host; call finish_policy_refresh before exiting)
  kForce,       // fetch now, whatever the cache says (`sendcheck policy fetch`)
};

struct PolicyUrlOptions {
  std::shared_ptr<const PolicyFetcher> fetcher;  // none: as kCacheOnly
  PolicyRefresh refresh = PolicyRefresh::kCacheOnly;
  std::string cache_path;             // "" = default_policy_cache_path()
  std::function<std::int64_t()> now;  // Unix seconds; the system clock when empty
};

// The process-wide options load_policy_layer / load_settings_layers use when given none. Set
// once at start by each program (CLI: kWhenDue; native host: kDeferStale); the default is
// kCacheOnly with no fetcher.
void set_policy_url_options(PolicyUrlOptions options);
PolicyUrlOptions policy_url_options();
// Waits (at most `max_wait`) for a background refresh started in kDeferStale mode. Returns true
// when none is running any more. Call before the process exits.
bool finish_policy_refresh(std::chrono::milliseconds max_wait);

// The cache file: team-policy-cache.json in the folder of default_history_path(); "" when no
// data folder can be found (no HOME).
std::string default_policy_cache_path();
// Why `url` may not be fetched ("" when it may): the policy.url-refused message.
std::string policy_url_problem(const std::string& url);

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
// When the policy file names a policyUrl, the fetched layer is added as described above, with
// the process-wide PolicyUrlOptions (or `url_options`); fetch failures never throw (they are in
// `policy_url`).
SettingsLayers load_settings_layers(const std::string& policy_path, const std::string& user_path);
SettingsLayers load_settings_layers(const std::string& policy_path, const std::string& user_path,
                                    const PolicyUrlOptions& url_options);
// The policy layers alone, as load_settings_layers reads them (user empty, user_source ""):
// enough to know the locked keys without reading, or failing on, the user file.
SettingsLayers load_policy_layer(const std::string& policy_path);
SettingsLayers load_policy_layer(const std::string& policy_path,
                                 const PolicyUrlOptions& url_options);

// Defaults, then the policy file, then the fetched policy, then the user layer without its
// locked keys; the concatenated keys and the policy-file-only keys as described above. Throws
// "settings.bad-value" only for layers that were not validated (built by hand).
Settings effective_settings(const SettingsLayers& layers);

// For every key of settings_to_json: {"value": <effective value>, "layer": "default" | "policy"
// (the policy file) | "policy-url" (the fetched policy) | "user" (the highest layer that
// contributes to the value), "locked": bool}; concatenated keys also carry "policyEntries": how
// many of the entries come from the two policy layers, and "policyUrlEntries": how many of those
// from the fetched one. Keys are sorted.
nlohmann::json explain_settings(const SettingsLayers& layers);

// Sets `key` to `value` in the user settings file at `path` (created with mode 0600, its folder
// 0700, when missing; other keys kept), replacing it atomically (a temporary file renamed over
// it). `value` null removes the key (back to the policy or default). Refuses a key locked in
// `layers` ("settings.locked"), a key that is not a setting ("settings.unknown-key") and a value
// apply_settings_json rejects ("settings.bad-value"); the policy-file-only keys (policyUrl,
// policyRefreshSeconds, policyTimeoutSeconds) are refused as "settings.locked". An existing file
// that is not a JSON object is not overwritten ("settings.invalid-json"). Not safe against a
// concurrent writer of the same file (the last rename wins).
void set_user_setting(const std::string& path, const std::string& key, const nlohmann::json& value,
                      const SettingsLayers& layers);

}  // namespace sendcheck

#endif  // SENDCHECK_POLICY_POLICY_H_
