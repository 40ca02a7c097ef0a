// HistoryStore, the allowlist: canonical addresses and domains (with their subdomains) the user
// trusts, kept in the history database.
#include <sqlite3.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "sendcheck/address.h"
#include "store/history_store.h"
#include "store/history_store_internal.h"
#include "store/sqlite_handle.h"

namespace sendcheck {

using store::Query;

bool HistoryStore::Impl::is_allowlisted(const CanonicalAddress& address) const {
  auto listed = [&](std::string_view entry) {
    Query query(select_allowlisted_, kReadFailed);
    query.bind(1, entry);
    return query.step();
  };
  if (listed(address.address)) return true;
  // The domain and each parent domain, on label boundaries.
  std::string_view domain = address.domain;
  while (!domain.empty()) {
    if (listed(domain)) return true;
    size_t dot = domain.find('.');
    if (dot == std::string_view::npos) break;
    domain.remove_prefix(dot + 1);
  }
  return false;
}

bool HistoryStore::Impl::allowlist_add(std::string_view entry) {
  return write([&] {
    Query(insert_allowlist_, kWriteFailed).bind(1, entry).bind(2, now_seconds()).run();
    return sqlite3_changes(db_.get()) > 0;
  });
}

bool HistoryStore::Impl::allowlist_remove(std::string_view entry) {
  return write([&] {
    Query(delete_allowlist_, kWriteFailed).bind(1, entry).run();
    return sqlite3_changes(db_.get()) > 0;
  });
}

std::vector<std::string> HistoryStore::Impl::allowlist() const {
  std::vector<std::string> entries;
  Query query(select_allowlist_, kReadFailed);
  while (query.step()) entries.push_back(query.text(0));
  return entries;
}

bool HistoryStore::is_allowlisted(const CanonicalAddress& address) const {
  return impl_->is_allowlisted(address);
}
bool HistoryStore::allowlist_add(std::string_view entry) { return impl_->allowlist_add(entry); }
bool HistoryStore::allowlist_remove(std::string_view entry) {
  return impl_->allowlist_remove(entry);
}
std::vector<std::string> HistoryStore::allowlist() const { return impl_->allowlist(); }

}  // namespace sendcheck
