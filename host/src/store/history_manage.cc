// HistoryStore, the history as a whole: its counts (`sendcheck history stats`) and forgetting it,
// one address or everything (`sendcheck history forget`).
#include <optional>
#include <string>
#include <string_view>

#include "sendcheck/history.h"
#include "store/history_store.h"
#include "store/history_store_internal.h"
#include "store/sqlite_handle.h"

namespace sendcheck {

using store::Query;

HistoryStats HistoryStore::Impl::stats() const {
  Query query(select_stats_, kReadFailed);
  HistoryStats stats;
  if (query.step()) {
    stats.messages = query.int64(0);
    stats.addresses = query.int64(1);
    stats.domains = query.int64(2);
    stats.pairs = query.int64(3);
  }
  return stats;
}

bool HistoryStore::Impl::forget_address(std::string_view canonical) {
  return write([&] {
    if (std::optional<AddressRecord> record = find_address(canonical)) {
      Query query(select_address_, kWriteFailed);
      query.bind(1, canonical);
      if (query.step()) features_.forget(query.int64(0));
    }
    std::string registrable;
    {
      Query query(delete_address_, kWriteFailed);
      query.bind(1, canonical);
      if (!query.step()) return false;
      registrable = query.text(0);
    }
    bool others = false;
    {
      Query query(count_at_domain_, kWriteFailed);
      query.bind(1, registrable);
      others = query.step();
    }
    if (!others) Query(delete_domain_, kWriteFailed).bind(1, registrable).run();
    return true;
  });
}

void HistoryStore::Impl::forget_all() {
  write([&] {
    db_.exec(
        "DELETE FROM pairs; DELETE FROM local_variants; DELETE FROM address_names; "
        "DELETE FROM addresses; DELETE FROM domain_variants; DELETE FROM domains; "
        "DELETE FROM messages; DELETE FROM self;",
        kWriteFailed);
    features_.forget_all();
    return true;
  });
}

HistoryStats HistoryStore::stats() const { return impl_->stats(); }
bool HistoryStore::forget_address(std::string_view canonical) {
  return impl_->forget_address(canonical);
}
void HistoryStore::forget_all() { impl_->forget_all(); }

}  // namespace sendcheck
