// engine_wiring.h — how the front ends (the `sendcheck` CLI, the native messaging host, later
// the HTTP bridge) wire the engine's pieces together, shared so that each does it the same way:
//
//  - EmptyHistory: the HistoryReader of a user who has no history file yet (all first-time);
//  - canonical_entry: an allowlist entry or an address to forget, canonicalised;
//  - HistoryImporter: learning sent messages (from mail files or from the add-on's Sent-folder
//    walk) in batches, counting what was added, skipped or already known, and inferring the
//    user's own addresses.
//
// Thread-safety: EmptyHistory and canonical_entry are safe to use from any thread; a
// HistoryImporter is used by one thread, like its HistoryStore.
#ifndef SENDCHECK_WIRING_ENGINE_WIRING_H_
#define SENDCHECK_WIRING_ENGINE_WIRING_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/history_store.h"

namespace sendcheck {

// Reader for a user who has no history yet: everything is first-time.
class EmptyHistory : public HistoryReader {
 public:
  std::optional<AddressRecord> find_address(std::string_view) const override { return {}; }
  std::optional<AddressRecord> find_by_base(std::string_view) const override { return {}; }
  std::optional<DomainRecord> find_domain(std::string_view) const override { return {}; }
  bool is_self(std::string_view) const override { return false; }
  bool is_allowlisted(const CanonicalAddress&) const override { return false; }
  std::int64_t pair_count(std::string_view, std::string_view) const override { return 0; }
  std::vector<std::vector<std::int64_t>> pair_counts(
      const std::vector<std::string>& addresses) const override {
    return std::vector<std::vector<std::int64_t>>(addresses.size(),
                                                  std::vector<std::int64_t>(addresses.size(), 0));
  }
  std::vector<AddressRecord> find_by_local_variants(
      std::string_view, const std::vector<std::string>&) const override {
    return {};
  }
  std::vector<std::string> find_domains_by_label_variants(
      const std::vector<std::string>&) const override {
    return {};
  }
  std::vector<std::string> find_domains_by_label(std::string_view) const override { return {}; }
  std::vector<std::string> find_domains_by_skeleton(std::string_view) const override { return {}; }
  std::vector<AddressRecord> find_by_skeleton(std::string_view) const override { return {}; }
  std::vector<AddressRecord> find_by_name_key(std::string_view) const override { return {}; }
  std::optional<AddressRecord> top_address_at(std::string_view) const override { return {}; }
};

// An allowlist entry or a history address in canonical form: an address (with '@', parsed as an
// address header value, one mailbox) gives its canonical address, anything else a canonical
// domain ("@example.jp" is the domain example.jp). Throws Error "allowlist.bad-entry" naming the
// entry when it is neither. `address_only` (for `history forget`) refuses domains and throws
// "history.bad-address" instead.
std::string canonical_entry(std::string_view entry, bool address_only = false);

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

  // Parses and canonicalises each `self` (address header values) and marks them as the user's at
  // once; throws Error "import.bad-self" for one that is not an address. `batch_size` messages
  // are committed at a time (0: the whole import between begin() and end() is one transaction).
  HistoryImporter(HistoryStore* store, const std::vector<std::string>& self,
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

#endif  // SENDCHECK_WIRING_ENGINE_WIRING_H_
