// The administrative sub-commands: settings show/set, allowlist, history forget.
#include "cli_admin.h"
#include "cli_args.h"

#include <algorithm>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "mail/address_list.h"
#include "policy/policy.h"
#include "sendcheck/address.h"
#include "sendcheck/domain.h"
#include "sendcheck/error.h"
#include "store/history_path.h"
#include "store/history_store.h"

namespace sendcheck {
namespace {

using nlohmann::json;

constexpr std::string_view kAdminUsage =
    R"(  settings show [--policy FILE] [--config FILE] [--json]
      The effective settings: each key's value, the layer it comes from (default, policy,
      user) and whether the team policy locks it.
  settings set KEY VALUE [--policy FILE] [--config FILE]
      Set KEY in your settings file. VALUE is JSON (20, true, ["example.jp"], null to remove
      the key); text that is not JSON is taken as a string. Locked keys are refused.
  allowlist add|remove ENTRY... [--db PATH]
  allowlist list [--db PATH] [--json]
      Addresses (a@example.jp) and domains (example.jp, with its subdomains) you trust.
  history forget ADDRESS... | --all [--db PATH]
      Forget addresses (or the whole history; the allowlist is kept).
)";

std::string layer_text(const json& entry) {
  std::string out = entry["layer"].get<std::string>();
  if (entry.contains("policyEntries") && entry["layer"] == "user" &&
      entry["policyEntries"].get<std::size_t>() > 0) {
    out = "policy+user";
  }
  return out;
}

int settings_show(const CliOptions& options, std::ostream& out) {
  if (options.positional.size() != 1) throw UsageError("settings show takes no arguments");
  SettingsLayers layers = load_settings_layers(options.get("policy"), options.get("config"));
  json explained = explain_settings(layers);
  if (options.has("json")) {
    json result{{"policy", layers.policy_source.empty() ? json() : json(layers.policy_source)},
                {"config", layers.user_source},
                {"locked", layers.locked},
                {"settings", explained}};
    out << result.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
    return 0;
  }
  std::error_code error;
  bool user_exists =
      !layers.user_source.empty() && std::filesystem::exists(layers.user_source, error);
  out << "team policy:   " << (layers.policy_source.empty() ? "(none)" : layers.policy_source)
      << "\n";
  out << "user settings: " << (layers.user_source.empty() ? "(none)" : layers.user_source)
      << (user_exists || layers.user_source.empty() ? "" : " (not created yet)") << "\n\n";
  std::size_t width = 0;
  for (const auto& [key, entry] : explained.items()) width = std::max(width, key.size());
  for (const auto& [key, entry] : explained.items()) {
    out << std::left << std::setw(static_cast<int>(width) + 2) << key << std::setw(13)
        << layer_text(entry) << entry["value"].dump(-1, ' ', false, json::error_handler_t::replace);
    if (entry["locked"].get<bool>()) out << "  [locked]";
    out << "\n";
  }
  return 0;
}

int settings_set(const CliOptions& options, std::ostream& out) {
  if (options.positional.size() != 3) throw UsageError("settings set takes KEY and VALUE");
  const std::string& key = options.positional[1];
  const std::string& text = options.positional[2];
  json value = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) value = text;  // `settings set locale ja`
  SettingsLayers layers = load_policy_layer(options.get("policy"));
  std::string path = options.get("config");
  if (path.empty()) path = default_config_path();
  set_user_setting(path, key, value, layers);
  if (value.is_null()) {
    out << "Removed " << key << " from " << path << "\n";
  } else {
    out << "Set " << key << " = " << value.dump(-1, ' ', false, json::error_handler_t::replace)
        << " in " << path << "\n";
  }
  return 0;
}

int cmd_settings(int argc, const char* const* argv, std::ostream& out) {
  CliOptions options = parse_cli_options(argc, argv, 2, {"policy", "config"}, {"json"});
  std::string sub = options.positional.empty() ? std::string() : options.positional[0];
  if (sub == "show") return settings_show(options, out);
  if (sub == "set") {
    if (options.has("json")) throw UsageError("settings set has no --json");
    return settings_set(options, out);
  }
  throw UsageError("settings: expected `settings show` or `settings set KEY VALUE`");
}

int cmd_allowlist(int argc, const char* const* argv, std::ostream& out) {
  CliOptions options = parse_cli_options(argc, argv, 2, {"db"}, {"json"});
  std::string sub = options.positional.empty() ? std::string() : options.positional[0];
  std::string db = history_path(options);
  if (sub == "list") {
    if (options.positional.size() != 1) throw UsageError("allowlist list takes no ENTRY");
    std::vector<std::string> entries;
    std::error_code error;
    if (std::filesystem::exists(db, error)) entries = HistoryStore::open_read_only(db)->allowlist();
    if (options.has("json")) {
      out << json(entries).dump(2, ' ', false, json::error_handler_t::replace) << "\n";
    } else {
      for (const std::string& entry : entries) out << entry << "\n";
    }
    return 0;
  }
  if (sub != "add" && sub != "remove") {
    throw UsageError("allowlist: expected `add`, `remove` or `list`");
  }
  if (options.has("json")) throw UsageError("allowlist " + sub + " has no --json");
  if (options.positional.size() < 2) throw UsageError("allowlist " + sub + " needs ENTRY");
  // Every entry is checked before the database is touched: all or nothing.
  std::vector<std::string> entries;
  for (std::size_t i = 1; i < options.positional.size(); ++i) {
    entries.push_back(canonical_entry(options.positional[i], parse_address_list));
  }
  std::unique_ptr<HistoryStore> store = HistoryStore::open(db);
  for (const std::string& entry : entries) {
    if (sub == "add") {
      out << (store->allowlist_add(entry) ? "added " : "already in the allowlist: ") << entry
          << "\n";
    } else {
      out << (store->allowlist_remove(entry) ? "removed " : "not in the allowlist: ") << entry
          << "\n";
    }
  }
  return 0;
}

int cmd_history_forget(int argc, const char* const* argv, std::ostream& out) {
  CliOptions options = parse_cli_options(argc, argv, 2, {"db"}, {"all"});
  bool all = options.has("all");
  if (all == (options.positional.size() > 1)) {
    throw UsageError("history forget takes ADDRESS... or --all");
  }
  std::vector<std::string> addresses;
  for (std::size_t i = 1; i < options.positional.size(); ++i) {
    addresses.push_back(
        canonical_entry(options.positional[i], parse_address_list, /*address_only=*/true));
  }
  std::string db = history_path(options);
  std::error_code error;
  if (!std::filesystem::exists(db, error)) {
    out << "Nothing to forget: no history at " << db << "\n";
    return 0;
  }
  std::unique_ptr<HistoryStore> store = HistoryStore::open(db);
  if (all) {
    store->forget_all();
    out << "Forgot the whole history in " << db << " (the allowlist is kept)\n";
    return 0;
  }
  for (const std::string& address : addresses) {
    out << (store->forget_address(address) ? "forgot " : "not in the history: ") << address << "\n";
  }
  return 0;
}

}  // namespace

std::string_view admin_usage() { return kAdminUsage; }

bool is_admin_command(int argc, const char* const* argv) {
  if (argc < 2) return false;
  std::string_view command = argv[1];
  if (command == "settings" || command == "allowlist") return true;
  return command == "history" && argc >= 3 && std::string_view(argv[2]) == "forget";
}

int run_admin_command(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  try {
    std::string_view command = argv[1];
    if (command == "settings") return cmd_settings(argc, argv, out);
    if (command == "allowlist") return cmd_allowlist(argc, argv, out);
    return cmd_history_forget(argc, argv, out);
  } catch (const UsageError& e) {
    err << "sendcheck: " << e.what() << "\nusage:\n" << kAdminUsage;
    return 2;
  }
}

}  // namespace sendcheck
