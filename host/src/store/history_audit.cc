// HistoryStore, the audit log: appends entries (pruning once by the retention setting), reads
// and prunes them, each write one transaction of the store. The table itself is
// store/audit_log.cc.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "store/audit_log.h"
#include "store/history_store.h"
#include "store/history_store_internal.h"

namespace sendcheck {

void HistoryStore::append_audit(const AuditEntry& entry) {
  const bool prune = !impl_->audit_retention_applied && impl_->audit_retention_days > 0;
  impl_->write_audit([&] {
    if (prune) {
      store::delete_audit_before(impl_->handle(), entry.time - impl_->audit_retention_days * 86400);
    }
    store::insert_audit(impl_->handle(), entry);
    return true;
  });
  // Only once the transaction holding the prune succeeded (a failed write prunes again next time).
  if (prune) impl_->audit_retention_applied = true;
}
void HistoryStore::set_audit_retention(std::int64_t retention_days) {
  impl_->audit_retention_days = std::max<std::int64_t>(0, retention_days);
}
std::vector<AuditEntry> HistoryStore::query_audit(const AuditQuery& query) const {
  return store::select_audit(impl_->handle(), query);
}
std::int64_t HistoryStore::prune_audit(std::int64_t before) {
  std::int64_t removed = 0;
  impl_->write_audit([&] {
    removed = store::delete_audit_before(impl_->handle(), before);
    return true;
  });
  return removed;
}

}  // namespace sendcheck
