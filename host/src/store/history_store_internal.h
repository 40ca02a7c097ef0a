// store/history_store_internal.h — HistoryStore::Impl, the connection and prepared statements
// behind a HistoryStore, shared by the files that implement it (private to them):
//   history_store.cc      opens the file, migrates the schema, prepares the statements;
//   history_learn.cc      learns sent messages and the user's own addresses; the write
//                         transactions (one per write, or a batch of savepoints);
//   history_reads.cc      the HistoryReader queries a check makes;
//   history_allowlist.cc  the allowlist;
//   history_manage.cc     the counts of the history and forgetting it;
//   history_audit.cc      the audit log (its table is store/audit_log.cc).
#ifndef SENDCHECK_STORE_HISTORY_STORE_INTERNAL_H_
#define SENDCHECK_STORE_HISTORY_STORE_INTERNAL_H_

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sendcheck/address.h"
#include "sendcheck/error.h"
#include "sendcheck/history.h"
#include "store/feature_tables.h"
#include "store/history_store.h"
#include "store/sqlite_handle.h"

namespace sendcheck {

class HistoryStore::Impl {
 public:
  // The error codes of a failed write and a failed read.
  static inline const std::string kWriteFailed = "history.write-failed";
  static inline const std::string kReadFailed = "history.read-failed";
  // Rows of a look-alike variant index written by one statement: one statement per variant spent
  // most of an import opening cursors and statement journals (docs/performance.md).
  static constexpr int kVariantRows = 8;

  static std::int64_t now_seconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }

  // Opening (history_store.cc).
  Impl(store::Database db, std::string path, bool read_only, std::int64_t schema_version);
  ~Impl();

  // Learning (history_learn.cc).
  bool add_sent(const SentMessage& message);
  void add_self(const std::vector<std::string>& addresses);
  void begin_batch();
  void commit();

  // The reader's queries (history_reads.cc).
  std::optional<AddressRecord> find_address(std::string_view canonical) const;
  std::optional<AddressRecord> find_by_base(std::string_view base) const;
  std::optional<DomainRecord> find_domain(std::string_view registrable) const;
  bool is_self(std::string_view canonical) const;
  std::vector<std::string> self_addresses() const;
  std::int64_t pair_count(std::string_view a, std::string_view b) const;
  std::vector<std::vector<std::int64_t>> pair_counts(
      const std::vector<std::string>& addresses) const;
  std::vector<AddressRecord> find_by_local_variants(std::string_view registrable,
                                                    const std::vector<std::string>& variants) const;
  std::vector<std::string> find_domains_by_label_variants(
      const std::vector<std::string>& variants) const;
  std::vector<std::string> find_domains_by_label(std::string_view label) const;
  std::vector<std::string> find_domains_by_skeleton(std::string_view skeleton) const;
  std::vector<AddressRecord> find_by_skeleton(std::string_view skeleton) const;
  std::vector<AddressRecord> find_by_name_key(std::string_view key) const;
  std::optional<AddressRecord> top_address_at(std::string_view registrable) const;
  std::vector<std::pair<std::string, std::int64_t>> greetings_of(std::string_view canonical) const;
  std::vector<AddressRecord> find_by_greeting(std::string_view key) const;
  std::vector<AddressRecord> find_neighbours(const std::vector<std::string>& keys) const;
  std::optional<TermProfile> term_profile(std::string_view canonical) const;
  std::vector<std::int64_t> term_message_counts(const std::vector<std::uint32_t>& terms) const;
  std::vector<ThreadMember> thread_members(const std::vector<std::int64_t>& keys) const;
  std::vector<std::pair<std::string, std::int64_t>> top_partners(std::string_view canonical) const;

  // The allowlist (history_allowlist.cc).
  bool is_allowlisted(const CanonicalAddress& address) const;
  bool allowlist_add(std::string_view entry);
  bool allowlist_remove(std::string_view entry);
  std::vector<std::string> allowlist() const;

  // Counting and forgetting (history_manage.cc).
  HistoryStats stats() const;
  bool forget_address(std::string_view canonical);
  void forget_all();

  // For the audit log (history_audit.cc): the connection, and `body` run as one write.
  sqlite3* handle() const { return db_.get(); }
  template <typename Body>
  bool write_audit(Body&& body) {
    return write(std::forward<Body>(body));
  }
  // Audit retention (store/history_store.h set_audit_retention): days, and whether this store
  // has pruned.
  std::int64_t audit_retention_days = 0;
  bool audit_retention_applied = false;

 private:
  enum class Batch { kNone, kOpen, kFailed };
  struct Learned;  // one recipient of a message as it is learned (history_learn.cc)

  // Opening (history_store.cc).
  void prepare_writes(sqlite3* h);
  void prepare_reads(sqlite3* h);

  // Writing and learning (history_learn.cc).
  void check_writable() const;
  // Where the journals of the next transaction go (PRAGMA temp_store, read at BEGIN). Only a
  // question of speed: a failure leaves the setting as it was.
  void set_temp_store_memory(bool memory) noexcept;
  void rollback_quietly() noexcept;
  // Undoes the current add_sent inside a batch. If SQLite already ended the whole transaction
  // (I/O error, disk full), the batch is lost: commit() will say so.
  void undo_savepoint() noexcept;
  bool add_sent_now(const SentMessage& message);
  // Enters a new address in the look-alike indexes.
  void index_new_address(const Learned& entry);
  // Runs `statement` (variant_rows_sql: variants bound from parameter `first`, `bind_rest` binds
  // the others) over `variants`, kVariantRows at a time, the last rows filled with repeats.
  template <typename BindRest>
  void insert_variants(const store::Statement& statement, int first,
                       const std::vector<std::string>& variants, BindRest&& bind_rest);
  // Enters a registrable domain seen for the first time in the look-alike indexes.
  void index_new_domain(const std::string& domain);

  // Runs `body` as one transaction of its own, or as one savepoint of the open batch. On an
  // exception everything `body` wrote is undone and the exception goes on.
  template <typename Body>
  bool write(Body&& body) {
    check_writable();
    if (batch_ == Batch::kFailed) {
      throw Error(kWriteFailed, "the history batch was rolled back after an earlier error");
    }
    if (batch_ == Batch::kOpen) {
      store::Query(savepoint_, kWriteFailed).run();
      try {
        bool result = body();
        store::Query(release_, kWriteFailed).run();
        return result;
      } catch (...) {
        undo_savepoint();
        throw;
      }
    }
    store::Query(begin_, kWriteFailed).run();
    try {
      bool result = body();
      store::Query(commit_, kWriteFailed).run();
      return result;
    } catch (...) {
      rollback_quietly();
      throw;
    }
  }

  // Reading (history_reads.cc).
  std::vector<std::string> domains_where(const store::Statement& statement,
                                         std::string_view key) const;
  std::vector<AddressRecord> ids_where(const store::Statement& statement,
                                       std::string_view key) const;
  // Records for address ids, in order, without duplicates, at most kMaxCandidates.
  std::vector<AddressRecord> records_by_id(const std::vector<std::int64_t>& ids,
                                           bool with_names = true) const;
  std::optional<AddressRecord> read_address_by_id(std::int64_t id, bool with_names) const;
  std::optional<AddressRecord> read_address(const store::Statement& statement,
                                            std::string_view key) const;

  store::Database db_;
  std::string path_;
  bool read_only_;
  store::FeatureTables features_;
  Batch batch_ = Batch::kNone;

  store::Statement begin_, commit_, savepoint_, release_;
  store::Statement insert_message_, upsert_address_, upsert_name_, upsert_domain_, upsert_pair_,
      insert_self_;
  store::Statement select_address_, select_by_base_, select_names_, select_domain_, select_self_,
      select_self_addresses_, select_pair_, select_stats_;
  store::Statement set_skeleton_;
  store::Statement update_domain_, update_name_, insert_domain_variants_, insert_local_variants_;
  store::Statement select_local_variant_, select_address_by_id_, select_domain_variant_,
      select_domains_by_label_, select_domains_by_skeleton_, select_by_skeleton_,
      select_by_name_key_, select_top_at_;
  store::Statement select_allowlisted_, insert_allowlist_, delete_allowlist_, select_allowlist_,
      delete_address_, count_at_domain_, delete_domain_;
};

}  // namespace sendcheck

#endif  // SENDCHECK_STORE_HISTORY_STORE_INTERNAL_H_
