// store/history_importer.h — the importer's batched writer: learns sent messages (from mail files
// or from the add-on's Sent-folder walk) into a HistoryStore in batches, counting what was added,
// skipped or already known, and inferring the user's own addresses. Private to the host; the
// engine's import use case (engine/import.h) drives it.
//
// Thread-safety: a HistoryImporter is used by one thread, like its HistoryStore.
#ifndef SENDCHECK_STORE_HISTORY_IMPORTER_H_
#define SENDCHECK_STORE_HISTORY_IMPORTER_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/history_store.h"

namespace sendcheck {

struct ImportSummary {
  std::int64_t messages_read = 0;
  std::int64_t messages_added = 0;
  std::int64_t already_imported = 0;            // Message-ID seen before
  std::map<std::string, std::int64_t> skipped;  // reason -> count ("no-recipients", ...)
  std::int64_t recipients = 0;                  // recipient entries in added messages
  std::vector<std::string> self;                // the user's own addresses (given or inferred)
  // Without --self: true when the From addresses vary as in an Inbox (no address or a few
  // addresses do not account for most messages). The CLI warns: only Sent mail should be learned.
  bool senders_vary = false;
  std::int64_t skipped_total() const;
};

// Learns sent messages into a HistoryStore:
//
//   HistoryImporter importer(store, self);
//   importer.begin();                       // one transaction ...
//   for (...) importer.add(message, skip);  // ... committed every kBatch messages
//   importer.end();                         // commit
//   ImportSummary summary = importer.finish();
//
// A message is skipped (counted under its reason) when `skip_reason` is set ("unparsable"), when
// `self` was given and none of its From addresses is one of them ("not-from-self"), or when it
// has no recipients ("no-recipients"). Without `self`, the user's addresses are the From
// addresses of at least 1/20 of the added and already imported messages (a Sent folder is
// written by its owner; a forwarded or resent message is not enough to make someone "you");
// finish() marks them, so a re-import after a killed import marks the same ones.
// Errors of the store (sendcheck::Error "history.*") go to the caller; what was committed stays.
class HistoryImporter {
 public:
  static constexpr std::int64_t kBatch = 500;

  // `self`: the user's addresses, canonical (engine/import.h canonical_self); marked as the
  // user's at once. `batch_size` messages are committed at a time (0: the whole import between
  // begin() and end() is one transaction).
  HistoryImporter(HistoryStore* store, std::vector<std::string> self,
                  std::int64_t batch_size = kBatch);

  // Starts a batch (HistoryStore::begin_batch).
  void begin();
  // Counts and, unless skipped, adds one message; commits and restarts the batch every
  // `batch_size` messages. Requires begin().
  void add(const SentMessage& message, std::string_view skip_reason = {});
  // Commits the batch started by begin().
  void end();
  // The summary; marks the inferred addresses as the user's (when no `self` was given). Call once,
  // after the last end().
  ImportSummary finish();

  const ImportSummary& summary() const { return summary_; }

 private:
  HistoryStore* store_;
  std::int64_t batch_size_;
  std::vector<std::string> given_self_;
  std::unordered_map<std::string, std::int64_t> from_counts_;
  std::int64_t from_messages_ = 0;  // added or already imported: what from_counts_ counted
  std::int64_t in_batch_ = 0;
  ImportSummary summary_;
};

}  // namespace sendcheck

#endif  // SENDCHECK_STORE_HISTORY_IMPORTER_H_
