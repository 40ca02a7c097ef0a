// store/audit_log.h — the audit table of the history database (private to the store).
//
// HistoryStore::append_audit and query_audit (store/history_store.h) forward here with their
// connection; append runs inside the store's write transaction. Errors as sqlite_handle.h maps
// them.
#ifndef SENDCHECK_STORE_AUDIT_LOG_H_
#define SENDCHECK_STORE_AUDIT_LOG_H_

#include <sqlite3.h>

#include <vector>

#include "store/history_store.h"

namespace sendcheck::store {

// Inserts one entry, cut to the limits of HistoryStore (kMaxAudit*). The caller holds the
// transaction.
void insert_audit(sqlite3* db, const AuditEntry& entry);

// The entries matching `query`, newest first.
std::vector<AuditEntry> select_audit(sqlite3* db, const AuditQuery& query);

// Deletes the entries with time < `before`; returns how many. The caller holds the transaction.
std::int64_t delete_audit_before(sqlite3* db, std::int64_t before);

}  // namespace sendcheck::store

#endif  // SENDCHECK_STORE_AUDIT_LOG_H_
