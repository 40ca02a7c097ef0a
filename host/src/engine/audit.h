// engine/audit.h — reading the audit log, for every front end: the audit.query request (a page
// that fits a reply) and the CLI's `audit list` / `audit export` (a period, oldest first). The
// entries are in the one JSON shape of store/audit_json.h.
//
// Private to the host. Errors: sendcheck::Error of the store ("history.*"). Thread-safety: a
// HistoryStore is used by one thread.
#ifndef SENDCHECK_ENGINE_AUDIT_H_
#define SENDCHECK_ENGINE_AUDIT_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/history_store.h"

namespace sendcheck::engine {

// The entries matching `query`, newest first, as {"entries": [...], "truncated": bool}: entries
// are added while the serialised result stays within `budget` bytes; "truncated" is true when
// some were left for a next query (until = the time of the last entry returned). `store`
// nullptr (no history yet): no entries.
nlohmann::json audit_query(const HistoryStore* store, const AuditQuery& query, std::size_t budget);

// Every entry from `since` to `until` (inclusive; nullopt: unbounded), oldest first.
std::vector<AuditEntry> audit_entries(const HistoryStore& store, std::optional<std::int64_t> since,
                                      std::optional<std::int64_t> until);

}  // namespace sendcheck::engine

#endif  // SENDCHECK_ENGINE_AUDIT_H_
