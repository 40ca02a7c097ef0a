// The team policy from a URL (policy/policy.h): the cache of the last good copy, when to
// fetch, validating what arrives, the background refresh of the native host. No HTTP library
// here: the bytes come from a PolicyFetcher.
#include <time.h>

#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <utility>

#include "platform/environment.h"
#include "policy/policy.h"
#include "policy/policy_files.h"
#include "sendcheck/error.h"
#include "store/history_path.h"

namespace sendcheck {
namespace {

using nlohmann::json;

constexpr const char* kCacheFile = "team-policy-cache.json";

std::int64_t system_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string iso_time(std::int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm parts{};
  gmtime_r(&t, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

// The Unix time of an iso_time() text; nullopt for anything else.
std::optional<std::int64_t> parse_iso_time(const std::string& text) {
  std::tm parts{};
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &parts.tm_year, &parts.tm_mon,
                  &parts.tm_mday, &parts.tm_hour, &parts.tm_min, &parts.tm_sec, &consumed) != 6 ||
      static_cast<std::size_t>(consumed) != text.size()) {
    return std::nullopt;
  }
  parts.tm_year -= 1900;
  parts.tm_mon -= 1;
  return static_cast<std::int64_t>(timegm(&parts));
}

// What the cache file holds (see policy.h).
struct Cache {
  std::string url;
  std::string etag;
  std::string fetched_at;
  std::string checked_at;
  json policy;  // null: no good copy
  std::string status = "never";
  std::string attempted_at;
  std::string error_code;
  std::string error_message;
  std::string failing_since;

  bool has_copy() const { return policy.is_object(); }
};

std::string string_at(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The cache at `path`; nullopt when it is missing or not a cache (a damaged file is replaced by
// the next attempt). Its policy is validated again: a copy edited by hand is not trusted.
std::optional<Cache> read_cache(const std::string& path) {
  if (path.empty()) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  try {
    json object = policy_internal::parse_object(buffer.str(), path, "policy.invalid-json");
    Cache cache;
    cache.url = string_at(object, "url");
    cache.etag = string_at(object, "etag");
    cache.fetched_at = string_at(object, "fetchedAt");
    cache.checked_at = string_at(object, "checkedAt");
    if (auto it = object.find("policy"); it != object.end() && it->is_object()) {
      policy_internal::validate_layer(*it, path);
      policy_internal::read_locked(*it, path);
      cache.policy = *it;
    }
    if (auto it = object.find("lastAttempt"); it != object.end() && it->is_object()) {
      cache.status = string_at(*it, "status");
      if (cache.status.empty()) cache.status = "never";
      cache.attempted_at = string_at(*it, "at");
      cache.error_code = string_at(*it, "errorCode");
      cache.error_message = string_at(*it, "errorMessage");
      cache.failing_since = string_at(*it, "failingSince");
    }
    return cache;
  } catch (const Error&) {
    return std::nullopt;
  }
}

json cache_to_json(const Cache& cache) {
  json last{{"status", cache.status}, {"at", cache.attempted_at}};
  if (cache.status == "failed") {
    last["errorCode"] = cache.error_code;
    last["errorMessage"] = cache.error_message;
    last["failingSince"] = cache.failing_since;
  }
  return json{{"url", cache.url},
              {"etag", cache.etag},
              {"fetchedAt", cache.fetched_at},
              {"checkedAt", cache.checked_at},
              {"policy", cache.policy},
              {"lastAttempt", last}};
}

void record_failure(Cache* cache, const std::string& now_text, std::string code,
                    std::string message) {
  if (cache->status != "failed" || cache->failing_since.empty()) cache->failing_since = now_text;
  cache->status = "failed";
  cache->error_code = std::move(code);
  cache->error_message = std::move(message);
}

// One attempt at `url` on top of `cache` (a cache of this URL, possibly without a copy), then the
// cache written. Never throws.
Cache attempt_fetch(const std::string& url, Cache cache, const Settings& file_settings,
                    const PolicyFetcher& fetcher, std::int64_t now, const std::string& cache_path) {
  std::string now_text = iso_time(now);
  cache.url = url;
  cache.attempted_at = now_text;
  if (std::string problem = policy_url_problem(url); !problem.empty()) {
    record_failure(&cache, now_text, "policy.url-refused", url + ": " + problem);
  } else {
    PolicyFetchRequest request;
    request.url = url;
    request.etag = cache.has_copy() ? cache.etag : std::string();
    request.timeout = std::chrono::seconds(file_settings.policy_timeout_seconds);
    PolicyFetchResponse response = fetcher.fetch(request);
    if (!response.error_code.empty()) {
      record_failure(
          &cache, now_text, response.error_code,
          response.error_message.empty() ? url + ": the fetch failed" : response.error_message);
    } else if (response.status == 304 && cache.has_copy()) {
      cache.checked_at = now_text;
      cache.status = "not-modified";
      if (!response.etag.empty()) cache.etag = response.etag;
    } else if (response.status == 200) {
      if (response.body.size() > kMaxPolicyBytes) {
        record_failure(&cache, now_text, "policy.too-large",
                       url + ": the policy is over " + std::to_string(kMaxPolicyBytes) + " bytes");
      } else {
        try {
          json policy = policy_internal::parse_object(response.body, url, "policy.invalid-json");
          policy_internal::validate_layer(policy, url);
          policy_internal::read_locked(policy, url);
          cache.policy = std::move(policy);
          cache.etag = response.etag;
          cache.fetched_at = now_text;
          cache.checked_at = now_text;
          cache.status = "ok";
        } catch (const Error& e) {
          record_failure(&cache, now_text, e.code(), e.what());
        }
      }
    } else {
      std::string reason = url + ": the server answered HTTP " + std::to_string(response.status);
      if (response.status == 304) reason += " (Not Modified) to a request without an ETag";
      record_failure(&cache, now_text, "policy.http-status", reason);
    }
  }
  if (cache.status != "failed") {
    cache.error_code.clear();
    cache.error_message.clear();
    cache.failing_since.clear();
  }
  if (!cache_path.empty()) {
    try {
      policy_internal::write_atomically(cache_path, cache_to_json(cache).dump(2) + "\n",
                                        "policy.cache-write-failed");
    } catch (const Error& e) {
      // The copy is in force for this run; say that it could not be kept.
      record_failure(&cache, now_text, e.code(), e.what());
    }
  }
  return cache;
}

// The cache of `url` at `path` (an empty one when there is none or it is another URL's).
Cache cache_for(const std::string& url, const std::string& path, bool* other_url) {
  std::optional<Cache> cache = read_cache(path);
  if (cache && cache->url == url) return *cache;
  if (cache && other_url != nullptr) *other_url = true;
  Cache fresh;
  fresh.url = url;
  return fresh;
}

bool is_fresh(const Cache& cache, std::int64_t now, std::int64_t refresh_seconds) {
  if (!cache.has_copy()) return false;
  std::optional<std::int64_t> checked = parse_iso_time(cache.checked_at);
  return checked && now >= *checked && now - *checked < refresh_seconds;
}

bool backing_off(const Cache& cache, std::int64_t now) {
  if (cache.status != "failed") return false;
  std::optional<std::int64_t> attempted = parse_iso_time(cache.attempted_at);
  return attempted && now >= *attempted && now - *attempted < kPolicyRetrySeconds;
}

// --- process-wide state ---

struct Background {
  std::mutex mutex;
  std::condition_variable done_changed;
  PolicyUrlOptions options;
  std::thread thread;
  bool running = false;
};

Background& background() {
  // Never destroyed: a refresh still running at exit must not meet a destroyed mutex.
  static auto* state = new Background;
  return *state;
}

std::int64_t now_of(const PolicyUrlOptions& options) {
  return options.now ? options.now() : system_now();
}

// Starts the background refresh of `url` unless one is running. Returns true when one runs.
bool start_background_refresh(const std::string& url, const Settings& file_settings,
                              const PolicyUrlOptions& options, const std::string& cache_path) {
  Background& state = background();
  std::lock_guard<std::mutex> lock(state.mutex);
  if (state.running) return true;
  if (state.thread.joinable()) state.thread.join();
  state.running = true;
  state.thread = std::thread([url, file_settings, options, cache_path] {
    // Another process may have refreshed it meanwhile: read the cache again.
    std::int64_t now = now_of(options);
    Cache cache = cache_for(url, cache_path, nullptr);
    if (!is_fresh(cache, now, file_settings.policy_refresh_seconds) && !backing_off(cache, now)) {
      attempt_fetch(url, std::move(cache), file_settings, *options.fetcher, now, cache_path);
    }
    Background& done = background();
    std::lock_guard<std::mutex> done_lock(done.mutex);
    done.running = false;
    done.done_changed.notify_all();
  });
  return true;
}

}  // namespace

void set_policy_url_options(PolicyUrlOptions options) {
  Background& state = background();
  std::lock_guard<std::mutex> lock(state.mutex);
  state.options = std::move(options);
}

PolicyUrlOptions policy_url_options() {
  Background& state = background();
  std::lock_guard<std::mutex> lock(state.mutex);
  return state.options;
}

bool finish_policy_refresh(std::chrono::milliseconds max_wait) {
  Background& state = background();
  std::unique_lock<std::mutex> lock(state.mutex);
  bool done = state.done_changed.wait_for(lock, max_wait, [&] { return !state.running; });
  if (done && state.thread.joinable()) {
    std::thread finished = std::move(state.thread);
    lock.unlock();
    finished.join();
  }
  return done;
}

std::string default_policy_cache_path() {
  std::string history;
  try {
    history = default_history_path();
  } catch (const Error&) {
    return {};
  }
  return (std::filesystem::path(history).parent_path() / kCacheFile).string();
}

std::string policy_url_problem(const std::string& url) {
  bool https = url.rfind("https://", 0) == 0;
  bool http = url.rfind("http://", 0) == 0;
  if (!https && !http) return "not an https:// URL";
  std::string rest = url.substr(https ? 8 : 7);
  std::string authority = rest.substr(0, rest.find_first_of("/?#"));
  if (authority.empty()) return "the URL names no host";
  if (https) return {};
  if (authority.find('@') != std::string::npos) {
    return "plain http:// is refused: use https://";
  }
  std::string host = authority.front() == '[' ? authority.substr(0, authority.find(']') + 1)
                                              : authority.substr(0, authority.find(':'));
  if (host != "127.0.0.1" && host != "[::1]") {
    return "plain http:// is refused: use https:// (http:// is for tests only, to 127.0.0.1 or "
           "[::1] with SENDCHECK_TEST_ALLOW_HTTP_POLICY=1)";
  }
  if (platform::env_value("SENDCHECK_TEST_ALLOW_HTTP_POLICY") != "1") {
    return "plain http:// is refused: use https:// (http:// to loopback is allowed only for "
           "tests, with SENDCHECK_TEST_ALLOW_HTTP_POLICY=1)";
  }
  return {};
}

namespace policy_internal {

void add_url_layer(SettingsLayers* layers, const PolicyUrlOptions& options) {
  Settings file_settings;
  apply_settings_json(layers->policy, &file_settings);
  const std::string& url = file_settings.policy_url;
  if (url.empty()) return;
  PolicyUrlState& state = layers->policy_url;
  state.url = url;
  state.cache_path = options.cache_path.empty() ? default_policy_cache_path() : options.cache_path;

  Cache cache = cache_for(url, state.cache_path, &state.ignored_other_url_cache);
  std::int64_t now = now_of(options);
  bool due =
      !is_fresh(cache, now, file_settings.policy_refresh_seconds) && !backing_off(cache, now);
  PolicyRefresh mode = options.fetcher ? options.refresh : PolicyRefresh::kCacheOnly;
  bool fetch_now = mode == PolicyRefresh::kForce ||
                   (due && (mode == PolicyRefresh::kWhenDue ||
                            (mode == PolicyRefresh::kDeferStale && !cache.has_copy())));
  if (fetch_now) {
    cache = attempt_fetch(url, std::move(cache), file_settings, *options.fetcher, now,
                          state.cache_path);
    state.fetched_now = true;
  } else if (due && mode == PolicyRefresh::kDeferStale) {
    state.refresh_pending = start_background_refresh(url, file_settings, options, state.cache_path);
  }

  state.fetched_at = cache.fetched_at;
  state.etag = cache.etag;
  state.checked_at = cache.checked_at;
  state.status = cache.status;
  state.attempted_at = cache.attempted_at;
  state.error_code = cache.error_code;
  state.error_message = cache.error_message;
  state.failing_since = cache.failing_since;
  if (cache.has_copy()) {
    layers->fetched = std::move(cache.policy);
    for (const std::string& key : read_locked(layers->fetched, url)) layers->locked.insert(key);
  }
}

}  // namespace policy_internal
}  // namespace sendcheck
