// store/history_store.h — the SQLite history: HistoryStore, the HistoryReader (sendcheck/history.h)
// that `check` reads, also used by `import` and `record-sent`, and the audit log (what was
// checked, sent or cancelled; never a body or a subject). Private to the host.
//
// Units: times are Unix seconds (UTC); counts are messages.
// Thread-safety: a HistoryStore is used by one thread at a time. Several processes may open the
// same file at once (WAL mode, busy timeout); every write is one transaction.
#ifndef SENDCHECK_STORE_HISTORY_STORE_H_
#define SENDCHECK_STORE_HISTORY_STORE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sendcheck/address.h"
#include "sendcheck/history.h"

namespace sendcheck {

struct HistoryStats {
  std::int64_t messages = 0;
  std::int64_t addresses = 0;
  std::int64_t domains = 0;
  std::int64_t pairs = 0;
};

// One entry of the audit log: what the user was shown, sent or cancelled, for incident
// follow-up (docs/protocol.md "audit.query", `sendcheck audit`, `sendcheck incident`). It never
// holds a body, a subject or a display name: only canonical addresses with their class,
// attachment names, sizes and SHA-256, warning codes with the personal-data counts, the
// Message-ID of a sent mail and the draft's fingerprint.
struct AuditRecipient {
  std::string address;  // canonical form (or the text as written for an unusable entry)
  std::string klass;    // "internal" | "trusted" | "external" | "freemail" | "unverifiable"
};
struct AuditAttachment {
  std::string name;
  std::uint64_t size = 0;  // bytes
  std::string sha256;      // 64 lower-case hex digits of the full content; "" = not known
};
// One personal-data warning (core/body/body_checks.cc: code "personal-data", params kind and
// count).
struct AuditPersonalData {
  std::string kind;        // "card-number" | "my-number" | "email-addresses" | "phone-numbers"
  std::int64_t count = 0;  // distinct items the check counted
};
struct AuditEntry {
  std::int64_t time = 0;                     // Unix seconds
  std::string action;                        // "checked" | "sent" | "cancelled" | "blocked"
  std::string verdict;                       // "send" | "confirm" | "block"
  std::int64_t recipient_count = 0;          // all recipients of the draft, listed or not
  std::vector<AuditRecipient> recipients;    // at most HistoryStore::kMaxAuditRecipients
  std::vector<AuditAttachment> attachments;  // at most HistoryStore::kMaxAuditAttachments
  std::vector<std::string> warnings;         // warning codes, at most kMaxAuditAttachments
  // --- Schema version 3 (entries written before read as empty) ---
  // The Message-ID of a "sent" entry, without <> and surrounding white space ("" otherwise, or
  // when the client did not give one).
  std::string message_id;
  // Ties the entries of one draft together (checked -> cancelled -> checked -> sent):
  // draft_fingerprint() (mail/draft_reader.h), 64 lower-case hex digits of a SHA-256 over the
  // draft's sorted "field:canonical-address" recipients and its attachments' names, sizes and
  // SHA-256; not the body, the subject or the sender. Two drafts to the same people with the same
  // attachments share it, so a timeline is cut at the previous "sent" entry with the same
  // fingerprint. "" = unknown.
  std::string fingerprint;
  std::vector<AuditPersonalData> personal_data;  // at most HistoryStore::kMaxAuditPersonalData
  // The row id, set by query_audit (ignored by append_audit): orders entries of the same second.
  std::int64_t id = 0;
};
// Which audit entries to read: time in [since, until] (Unix seconds, both inclusive), newest
// first, at most `limit`; with `message_id` (normalised as above) or `fingerprint`, only the
// entries that carry exactly that value (both indexed).
struct AuditQuery {
  std::optional<std::int64_t> since;
  std::optional<std::int64_t> until;
  std::size_t limit = 100;
  std::optional<std::string> message_id;
  std::optional<std::string> fingerprint;
};

class HistoryStore : public HistoryReader {
 public:
  // Opens (creating if needed, mode 0600, parent folder 0700) the database at `path` and migrates
  // its schema to the current version. Throws Error "history.open-failed" (cannot open/create,
  // or the file or its folder is read-only),
  // "history.corrupt" (not a SendCheck database or failed integrity), "history.too-new" (schema
  // from a newer SendCheck).
  static std::unique_ptr<HistoryStore> open(const std::string& path);
  // Opens an existing database read-only (for `check`); "history.open-failed" if it is missing.
  // In a folder where SQLite cannot make its -shm file (read-only or full) the file is read as
  // immutable: checks still see the history (without changes still in a -wal file there).
  // A file of an older schema is read without migrating it (version 1: the audit log reads as
  // empty; version 2: its entries read without the fields of version 3).
  static std::unique_ptr<HistoryStore> open_read_only(const std::string& path);

  ~HistoryStore() override;

  // Adds one message. Returns false (adding nothing) when its Message-ID is already known.
  // Recipients without a usable address and the user's own addresses (add_self) are not learned.
  // Co-recipient pairs are learned for messages of at most kMaxPairRecipients recipients. New
  // addresses and domains are entered in the look-alike indexes. For the wrong-recipient check
  // (recipient_features.h message_features): the greeting keys of the opening of the text the
  // user wrote, for each To recipient it names (the only To recipient when it names none of
  // them), the term features of the subject and body for every recipient of a message of at
  // most 10 learned recipients (profiles of at most
  // kMaxProfileTerms terms, kept by count times idf), the thread keys for every recipient, and
  // the autocomplete neighbour keys of new addresses and names. No word of the subject or body
  // is written. Inside a batch, term profiles are written at commit().
  bool add_sent(const SentMessage& message);
  // Groups many add_sent calls in one transaction (much faster); commit() ends it. A batch that
  // is never committed is rolled back when the store is destroyed.
  void begin_batch();
  void commit();

  // Marks canonical addresses as the user's own.
  void add_self(const std::vector<std::string>& canonical_addresses);

  HistoryStats stats() const;

  // The allowlist: canonical addresses ("a@example.jp") and domains ("example.jp", covering
  // subdomains). Entries are canonicalised by the caller. add returns false when already there,
  // remove returns false when absent.
  bool allowlist_add(std::string_view entry);
  bool allowlist_remove(std::string_view entry);
  std::vector<std::string> allowlist() const;

  // Forgets one canonical address: its counts, names, co-recipient pairs, greetings, term
  // profile, threads and index entries; its
  // registrable domain too when no other known address remains there (so the next send to it is
  // first-time-domain again). Message-IDs are kept so that a re-import does not bring it back.
  // Returns false when the address was not known.
  bool forget_address(std::string_view canonical);
  // Forgets the whole history (messages, addresses, domains, pairs, self, greetings, terms,
  // threads); keeps the allowlist.
  void forget_all();

  // --- The audit log (schema version 2, Message-ID/fingerprint/SHA-256/personal-data counts
  // since 3). Forgetting history does not rewrite it. ---
  // Appends one entry (one transaction, or part of the open batch). Lists over the limits below
  // are cut (recipient_count keeps the total); strings are cut to kMaxAuditText bytes on a UTF-8
  // boundary; a sha256 or fingerprint that is not 64 hex digits is stored as "" (lower-cased
  // otherwise). Throws "history.write-failed" / "history.busy" like the other writes.
  // Retention: the first append_audit of this store object (in practice the first audit write of
  // a host or CLI process) also deletes, in the same transaction, the entries with
  // time < entry.time - retention_days * 86400, when set_audit_retention gave retention_days > 0.
  void append_audit(const AuditEntry& entry);
  // The retention (days; 0 = keep forever, the default) applied by the first append_audit.
  // Settings::audit_retention_days ("auditRetentionDays") is the source.
  void set_audit_retention(std::int64_t retention_days);
  // The entries matching `query`, newest first (ties: the last appended first).
  std::vector<AuditEntry> query_audit(const AuditQuery& query) const;
  // Deletes the entries older than `before` (time < before, Unix seconds); returns how many.
  std::int64_t prune_audit(std::int64_t before);

  std::optional<AddressRecord> find_address(std::string_view canonical) const override;
  std::optional<AddressRecord> find_by_base(std::string_view base_address) const override;
  std::optional<DomainRecord> find_domain(std::string_view registrable) const override;
  bool is_self(std::string_view canonical) const override;
  std::vector<std::string> self_addresses() const override;
  bool is_allowlisted(const CanonicalAddress& address) const override;
  std::int64_t pair_count(std::string_view a, std::string_view b) const override;
  std::vector<std::vector<std::int64_t>> pair_counts(
      const std::vector<std::string>& addresses) const override;
  std::vector<AddressRecord> find_by_local_variants(
      std::string_view registrable, const std::vector<std::string>& variants) const override;
  std::vector<std::string> find_domains_by_label_variants(
      const std::vector<std::string>& variants) const override;
  std::vector<std::string> find_domains_by_label(std::string_view label) const override;
  std::vector<std::string> find_domains_by_skeleton(std::string_view skeleton) const override;
  std::vector<AddressRecord> find_by_skeleton(std::string_view skeleton) const override;
  std::vector<AddressRecord> find_by_name_key(std::string_view key) const override;
  std::optional<AddressRecord> top_address_at(std::string_view registrable) const override;
  std::vector<std::pair<std::string, std::int64_t>> greetings_of(
      std::string_view canonical) const override;
  std::vector<AddressRecord> find_by_greeting(std::string_view key) const override;
  std::vector<AddressRecord> find_neighbours(const std::vector<std::string>& keys) const override;
  std::optional<TermProfile> term_profile(std::string_view canonical) const override;
  std::vector<std::int64_t> term_message_counts(
      const std::vector<std::uint32_t>& terms) const override;
  std::vector<ThreadMember> thread_members(const std::vector<std::int64_t>& keys) const override;
  std::vector<std::pair<std::string, std::int64_t>> top_partners(
      std::string_view canonical) const override;

  static constexpr int kSchemaVersion = 4;
  static constexpr std::size_t kMaxAuditRecipients = 1000;
  static constexpr std::size_t kMaxAuditAttachments = 100;
  static constexpr std::size_t kMaxAuditText = 320;
  static constexpr std::size_t kMaxAuditPersonalData = 16;
  static constexpr std::size_t kMaxProfileTerms = 64;

  class Impl;

 private:
  explicit HistoryStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sendcheck

#endif  // SENDCHECK_STORE_HISTORY_STORE_H_
