// `sendcheck policy fetch`, and the effective-policy text shared with `doctor`.
#include "cli_policy.h"
#include "cli_args.h"

#include <algorithm>
#include <iomanip>
#include <iostream>
#include <set>
#include <vector>

#include <nlohmann/json.hpp>

#include "policy/fetch_process.h"
#include "sendcheck/error.h"
#include "transport/http/policy_fetcher.h"

namespace sendcheck {
namespace {

using nlohmann::json;

constexpr std::string_view kPolicyUsage =
    R"(  policy fetch [--policy FILE] [--json]
      Fetch the team policy from the policyUrl of the policy file now and show what is in
      force (exit 0 when a fetched policy is in force, the last good copy included).
  policy http-get
      Internal, for sendcheck-host: one GET of the request read from stdin
      (policy/fetch_process.h).
)";

constexpr std::size_t kShortValue = 60;

std::string short_value(const json& value) {
  std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
  if (text.size() <= kShortValue) return text;
  if (value.is_array()) return "[" + std::to_string(value.size()) + " entries]";
  std::size_t cut = kShortValue - 3;
  // Do not cut a UTF-8 sequence in two.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "...";
}

std::string url_source(const PolicyUrlState& state) {
  std::string text = state.url;
  if (!state.fetched_at.empty()) {
    text += " (fetched " + state.fetched_at;
    if (!state.etag.empty()) text += ", ETag " + state.etag;
    text += ")";
  }
  return text;
}

std::set<std::string> locked_in(const json& layer) {
  std::set<std::string> keys;
  auto it = layer.is_object() ? layer.find("locked") : layer.end();
  if (it == layer.end() || !it->is_array()) return keys;
  for (const json& key : *it) {
    if (key.is_string()) keys.insert(key.get<std::string>());
  }
  return keys;
}

int cmd_policy_fetch(const CliOptions& options, std::ostream& out) {
  if (options.positional.size() != 1) throw UsageError("policy fetch takes no arguments");
  PolicyUrlOptions url_options = policy_url_options();
  if (!url_options.fetcher) url_options.fetcher = transport::http::make_cpprest_policy_fetcher();
  url_options.refresh = PolicyRefresh::kForce;
  SettingsLayers layers = load_policy_layer(options.get("policy"), url_options);
  if (layers.policy_source.empty()) {
    throw Error("policy.no-url",
                "no team policy file (--policy, $SENDCHECK_POLICY or /etc/sendcheck/policy.json), "
                "so no policyUrl");
  }
  const PolicyUrlState& state = layers.policy_url;
  if (state.url.empty()) throw Error("policy.no-url", layers.policy_source + " names no policyUrl");
  bool in_force = layers.fetched.is_object() && !layers.fetched.empty();
  if (options.has("json")) {
    out << json{{"policyFile", layers.policy_source},
                {"url", state.url},
                {"status", state.status},
                {"errorCode", state.error_code},
                {"errorMessage", state.error_message},
                {"failingSince", state.failing_since},
                {"attemptedAt", state.attempted_at},
                {"fetchedAt", state.fetched_at},
                {"checkedAt", state.checked_at},
                {"etag", state.etag},
                {"cachePath", state.cache_path},
                {"inForce", in_force},
                {"locked", locked_in(layers.fetched)}}
               .dump(2, ' ', false, json::error_handler_t::replace)
        << "\n";
    return in_force ? 0 : 1;
  }
  out << "policy file:  " << layers.policy_source << "\n";
  out << "policy URL:   " << state.url << "\n";
  out << "fetch:        " << policy_url_status_text(state) << "\n";
  out << "cache:        "
      << (state.cache_path.empty() ? "(none: no data folder)" : state.cache_path) << "\n";
  if (in_force) {
    std::set<std::string> locked = locked_in(layers.fetched);
    std::string locks;
    for (const std::string& key : locked) locks += (locks.empty() ? "" : ", ") + key;
    out << "in force:     the copy fetched " << state.fetched_at << " (" << layers.fetched.size()
        << " keys" << (locks.empty() ? "" : "; locks " + locks) << ")\n";
  } else {
    out << "in force:     no fetched policy (only " << layers.policy_source << " applies)\n";
  }
  return in_force ? 0 : 1;
}

// `policy http-get`: the HTTP client of sendcheck-host (policy/fetch_process.h), so that the host
// does not link cpprestsdk. The request comes on stdin; the answer (always exit 0 once the request
// is read) goes to `out`.
int cmd_policy_http_get(const CliOptions& options, std::istream& in, std::ostream& out) {
  if (options.positional.size() != 1) throw UsageError("policy http-get takes no arguments");
  constexpr std::size_t kMaxRequest = 1024 * 1024;  // a URL and an ETag: far below this
  std::string text;
  text.resize(kMaxRequest + 1);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > kMaxRequest) throw Error("policy.bad-request", "the request is over 1 MiB");
  PolicyFetchRequest request = decode_fetch_request(text);
  PolicyFetchResponse response;
  if (std::string problem = policy_url_problem(request.url); !problem.empty()) {
    response.error_code = "policy.url-refused";
    response.error_message = request.url + ": " + problem;
  } else {
    response = transport::http::make_cpprest_policy_fetcher()->fetch(request);
  }
  out << encode_fetch_response(response) << std::flush;
  return 0;
}

}  // namespace

std::string_view policy_usage() { return kPolicyUsage; }

bool is_policy_command(int argc, const char* const* argv) {
  return argc >= 2 && std::string_view(argv[1]) == "policy";
}

int run_policy_command(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  try {
    CliOptions options = parse_cli_options(argc, argv, 2, {"policy"}, {"json"});
    if (!options.positional.empty() && options.positional[0] == "http-get") {
      return cmd_policy_http_get(options, std::cin, out);
    }
    if (options.positional.empty() || options.positional[0] != "fetch") {
      throw UsageError("policy: expected `policy fetch`");
    }
    return cmd_policy_fetch(options, out);
  } catch (const UsageError& e) {
    err << "sendcheck: " << e.what() << "\nusage:\n" << kPolicyUsage;
    return 2;
  }
}

void use_policy_url_in_cli() {
  PolicyUrlOptions options;
  options.fetcher = transport::http::make_cpprest_policy_fetcher();
  options.refresh = PolicyRefresh::kWhenDue;
  set_policy_url_options(std::move(options));
}

std::string policy_url_status_text(const PolicyUrlState& state) {
  if (state.url.empty()) return {};
  std::string copy = state.fetched_at.empty()
                         ? "no copy: only the policy file applies"
                         : "using the copy fetched " + state.fetched_at +
                               (state.etag.empty() ? "" : " (ETag " + state.etag + ")");
  std::string text;
  if (state.status == "ok") {
    text = "last fetch ok (200) at " + state.attempted_at + "; " + copy;
  } else if (state.status == "not-modified") {
    text = "last fetch at " + state.attempted_at + ": not modified (304); " + copy;
  } else if (state.status == "failed") {
    text = "failing since " + state.failing_since + " (last try " + state.attempted_at +
           "): " + state.error_code + ": " + state.error_message + "; " + copy;
  } else {
    text = "not fetched yet; " + copy;
  }
  if (state.refresh_pending) text += "; refreshing in the background";
  if (state.ignored_other_url_cache) text += "; a cache for another URL was ignored";
  return text;
}

void print_effective_policy(const SettingsLayers& layers, std::ostream& out,
                            const std::string& indent) {
  json explained = explain_settings(layers);
  std::vector<std::pair<std::string, const json*>> shown;
  std::size_t width = 0;
  for (const auto& [key, entry] : explained.items()) {
    if (entry["layer"] == "default") continue;
    shown.emplace_back(key, &entry);
    width = std::max(width, key.size());
  }
  if (shown.empty()) out << indent << "(every setting is the built-in default)\n";
  for (const auto& [key, entry] : shown) {
    std::string layer = (*entry)["layer"].get<std::string>();
    std::string source = layer == "policy"       ? "policy file " + layers.policy_source
                         : layer == "policy-url" ? "policy URL " + url_source(layers.policy_url)
                                                 : "user file " + layers.user_source;
    if (entry->contains("policyEntries")) {
      std::size_t from_policy = (*entry)["policyEntries"].get<std::size_t>();
      std::size_t from_url = (*entry)["policyUrlEntries"].get<std::size_t>();
      std::size_t total = (*entry)["value"].is_array() ? (*entry)["value"].size() : 0;
      source += " (entries: " + std::to_string(from_policy - from_url) + " policy file, " +
                std::to_string(from_url) + " URL, " + std::to_string(total - from_policy) +
                " user)";
    }
    out << indent << std::left << std::setw(static_cast<int>(width) + 2) << key
        << short_value((*entry)["value"]) << "  <- " << source
        << ((*entry)["locked"].get<bool>() ? "  [locked]" : "") << "\n";
  }
  std::set<std::string> by_file = locked_in(layers.policy);
  std::set<std::string> by_url = locked_in(layers.fetched);
  std::string locks;
  for (const std::string& key : layers.locked) {
    std::string who = by_file.count(key) > 0 && by_url.count(key) > 0 ? "policy file, URL"
                      : by_url.count(key) > 0                         ? "URL"
                                                                      : "policy file";
    if (!locks.empty()) locks += ", ";
    locks.append(key).append(" (").append(who).append(")");
  }
  out << indent << "locked: " << (locks.empty() ? "(none)" : locks) << "\n";
}

}  // namespace sendcheck
