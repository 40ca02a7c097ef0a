// store/feature_tables.h — the history's wrong-recipient tables (schema version 4, issue 11):
// greetings, autocomplete neighbours, term profiles, term counts, threads. Private to
// the store: HistoryStore::Impl owns one and calls it inside its own transactions.
//
// Nothing here stores a word: greeting keys are greeted names, terms and thread keys are hashes
// (sendcheck/recipient_features.h).
//
// Thread-safety: as HistoryStore, one thread at a time.
#ifndef SENDCHECK_STORE_FEATURE_TABLES_H_
#define SENDCHECK_STORE_FEATURE_TABLES_H_

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sendcheck/history.h"
#include "sendcheck/recipient_features.h"
#include "store/sqlite_handle.h"

namespace sendcheck::store {

// One recipient of a message being learned, after HistoryStore has given it its row.
struct FeatureRecipient {
  std::int64_t id = 0;
  std::string address;    // canonical
  std::string name;       // display name as written ("" when none)
  bool to = false;        // a To recipient (greetings address To, not Cc or Bcc)
  bool new_name = false;  // address or name seen for the first time: neighbour keys to add
};

class FeatureTables {
 public:
  // `available`: the file has schema version >= 4 (a read-only connection to an older file has
  // none of these tables: every read then answers with nothing).
  FeatureTables(sqlite3* db, bool writable, bool available);

  // Learns `features` for `recipients` of a message sent at `date` (Unix seconds). Greetings,
  // threads and neighbour keys are written now, in the caller's transaction; term profiles and
  // counts are kept in memory until flush(). Throws Error "history.*".
  void learn(const MessageFeatures& features, std::int64_t date,
             const std::vector<FeatureRecipient>& recipients);
  // Writes the profiles and term counts learned since the last flush (in the caller's
  // transaction).
  void flush();
  // Forgets what is in memory (the transaction it was for was rolled back).
  void discard();
  // Forgets what is pending for one address (its rows go with it: ON DELETE CASCADE); call
  // before the address row is deleted.
  void forget(std::int64_t address_id);
  // Deletes every row of these tables.
  void forget_all();

  std::vector<std::pair<std::string, std::int64_t>> greetings_of(std::string_view address) const;
  std::vector<std::int64_t> ids_by_greeting(std::string_view key) const;
  std::vector<std::int64_t> ids_by_neighbour_keys(const std::vector<std::string>& keys) const;
  std::optional<TermProfile> term_profile(std::string_view address) const;
  std::vector<std::int64_t> term_message_counts(const std::vector<std::uint32_t>& terms) const;
  std::vector<std::pair<std::int64_t, std::int64_t>> thread_ids(
      const std::vector<std::int64_t>& keys) const;
  std::vector<std::pair<std::int64_t, std::int64_t>> partner_ids(std::string_view address) const;

 private:
  struct Pending {
    bool loaded = false;
    std::int64_t messages = 0;
    // The stored profile plus what was learned, sorted by term.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> terms;
  };

  void load(std::int64_t id, Pending* pending);
  std::int64_t stored_term_count(std::uint32_t term);

  sqlite3* db_;
  bool available_;
  std::unordered_map<std::int64_t, Pending> pending_;
  std::unordered_map<std::uint32_t, std::int64_t> pending_counts_;  // term -> messages; 0 = all
  std::unordered_map<std::uint32_t, std::int64_t> term_counts_;     // as written, read once
  bool all_term_counts_ = false;  // term_counts_ holds every term (loaded for an import)

  Statement upsert_greeting_, upsert_thread_, insert_neighbour_, select_profile_by_id_,
      upsert_profile_, upsert_term_count_, select_term_count_, select_all_term_counts_;
  Statement select_greetings_, select_by_greeting_, select_by_neighbour_, select_profile_,
      select_thread_, select_partners_;
};

}  // namespace sendcheck::store

#endif  // SENDCHECK_STORE_FEATURE_TABLES_H_
