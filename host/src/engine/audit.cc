// Reading the audit log: a page for audit.query, a period for the CLI.
#include "engine/audit.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "store/audit_json.h"

namespace sendcheck::engine {
namespace {

using nlohmann::json;

std::size_t json_size(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace).size();
}

}  // namespace

json audit_query(const HistoryStore* store, const AuditQuery& query, std::size_t budget) {
  json entries = json::array();
  bool truncated = false;
  if (store != nullptr) {
    std::size_t used = 64;  // {"entries":[],"truncated":false}
    for (const AuditEntry& entry : store->query_audit(query)) {
      json item = store::audit_entry_json(entry);
      std::size_t size = json_size(item) + 1;
      if (used + size > budget) {
        truncated = true;
        break;
      }
      used += size;
      entries.push_back(std::move(item));
    }
  }
  return json{{"entries", std::move(entries)}, {"truncated", truncated}};
}

std::vector<AuditEntry> audit_entries(const HistoryStore& store, std::optional<std::int64_t> since,
                                      std::optional<std::int64_t> until) {
  AuditQuery query;
  query.limit = std::numeric_limits<std::size_t>::max();
  query.since = since;
  query.until = until;
  std::vector<AuditEntry> entries = store.query_audit(query);
  std::reverse(entries.begin(), entries.end());
  return entries;
}

}  // namespace sendcheck::engine
