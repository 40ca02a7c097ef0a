// settings.get/set, allowlist.list/add/remove, history.stats/forget: the options page's requests.
#include "mail/address_list.h"
#include "policy/policy.h"
#include "sendcheck/address.h"
#include "sendcheck/error.h"
#include "store/history_store.h"
#include "transport/dispatch/handlers.h"
#include "transport/dispatch/request.h"

namespace sendcheck::transport {
namespace {

json allowlist_entries(Context& context) {
  HistoryStore* store = context.history_for_reading();
  return store == nullptr ? json::array() : json(store->allowlist());
}

json allowlist_change(Context& context, const json& request, bool add) {
  // Checked before the database is touched.
  std::string entry = canonical_entry(required_string(request, "entry"), parse_address_list);
  // Removing from a history that does not exist changes nothing; do not create the file.
  if (!add && context.history_for_reading() == nullptr) {
    return json{{"changed", false}, {"entries", json::array()}};
  }
  HistoryStore& store = context.history_for_writing();
  bool changed = add ? store.allowlist_add(entry) : store.allowlist_remove(entry);
  return json{{"changed", changed}, {"entries", store.allowlist()}};
}

}  // namespace

json handle_settings_get(Context& context, const json&) {
  return explain_settings(context.settings_layers());
}

json handle_settings_set(Context& context, const json& request) {
  std::string key = required_string(request, "key");
  if (!request.contains("value")) {
    throw Error("request.missing-field", "value: missing (null removes the key)");
  }
  std::string path = context.config_path();
  if (path.empty()) {
    throw Error("settings.write-failed", "no place for the settings file is known (no HOME)");
  }
  set_user_setting(path, key, request["value"], context.policy_layer());
  return explain_settings(context.settings_layers());
}

json handle_allowlist_list(Context& context, const json&) {
  return json{{"entries", allowlist_entries(context)}};
}

json handle_allowlist_add(Context& context, const json& request) {
  return allowlist_change(context, request, /*add=*/true);
}

json handle_allowlist_remove(Context& context, const json& request) {
  return allowlist_change(context, request, /*add=*/false);
}

json handle_history_stats(Context& context, const json&) {
  HistoryStats stats;
  if (HistoryStore* store = context.history_for_reading()) stats = store->stats();
  return json{{"messages", stats.messages},
              {"addresses", stats.addresses},
              {"domains", stats.domains},
              {"pairs", stats.pairs}};
}

json handle_history_forget(Context& context, const json& request) {
  bool all = optional_bool(request, "all").value_or(false);
  std::optional<std::string> address = optional_string(request, "address");
  if (all && address) {
    throw Error("request.bad-field", "address: not together with \"all\": true");
  }
  if (!all && !address) {
    throw Error("request.missing-field", "address: missing (or \"all\": true)");
  }
  std::string canonical =
      all ? std::string() : canonical_entry(*address, parse_address_list, /*address_only=*/true);
  // Nothing to forget without a history file; do not create one.
  if (context.history_for_reading() == nullptr) return json{{"forgotten", false}};
  HistoryStore& store = context.history_for_writing();
  if (all) {
    store.forget_all();
    return json{{"forgotten", true}};
  }
  return json{{"forgotten", store.forget_address(canonical)}};
}

}  // namespace sendcheck::transport
