// sendcheck/history.h — the user's sending history.
//
// HistoryReader is what the engine reads during a check: point lookups only, each served by an
// index (a check never reads the whole history). HistoryStore is its SQLite implementation
// (host/src/store/), also used by `import` and `record-sent`, and holds the audit log (what was
// checked, sent or cancelled; never a body or a subject).
//
// Units: times are Unix seconds (UTC); counts are messages.
// Thread-safety: a HistoryStore is used by one thread at a time. Several processes may open the
// same file at once (WAL mode, busy timeout); every write is one transaction.
#ifndef SENDCHECK_HISTORY_H_
#define SENDCHECK_HISTORY_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sendcheck/address.h"
#include "sendcheck/draft.h"
#include "sendcheck/recipient_features.h"

namespace sendcheck {

struct AddressRecord {
  std::string address;             // canonical (see CanonicalAddress)
  std::vector<std::string> names;  // display names seen, most frequent first (at most 8)
  std::int64_t first_sent = 0;     // Unix seconds
  std::int64_t last_sent = 0;
  std::int64_t count = 0;  // messages sent to this address
};

struct DomainRecord {
  std::string domain;  // registrable domain, canonical ASCII
  std::int64_t first_sent = 0;
  std::int64_t last_sent = 0;
  std::int64_t count = 0;  // messages with at least one recipient at this domain
};

// What the user sends an address about (issue 11, recipient_features.h term_features): hashed
// terms with their counts over the messages to it, the strongest kMaxProfileTerms kept.
struct TermProfile {
  std::int64_t messages = 0;  // messages to this address whose text was learned
  // Euclidean norm of the kept terms weighted count x idf (idf = ln((1 + N) / (1 + df)) + 0.1,
  // N messages with text, df messages with the term) when the profile was last written.
  double norm = 0;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> terms;  // (term hash, count), by hash
};

// One address of a thread (HistoryReader::thread_members).
struct ThreadMember {
  std::string address;     // canonical
  std::int64_t count = 0;  // messages of the thread sent to it
};

class HistoryReader {
 public:
  virtual ~HistoryReader() = default;
  // Exact canonical address.
  virtual std::optional<AddressRecord> find_address(std::string_view canonical) const = 0;
  // Any known address whose base address (without +tag) is `base_address`; the most used one.
  virtual std::optional<AddressRecord> find_by_base(std::string_view base_address) const = 0;
  virtual std::optional<DomainRecord> find_domain(std::string_view registrable) const = 0;
  // True for the user's own addresses (--self, or the From of imported mail).
  virtual bool is_self(std::string_view canonical) const = 0;
  // The user's own addresses (canonical), at most kMaxCandidates, for the look-alike search: a
  // typo of one's own address (a self-Bcc, a Cc to oneself) is a look-alike like any other. A
  // user has a few; they are compared one by one.
  virtual std::vector<std::string> self_addresses() const { return {}; }
  // True when the address, or its domain or a parent domain of it (label boundaries), is in the
  // user's allowlist.
  virtual bool is_allowlisted(const CanonicalAddress& address) const = 0;
  // Messages sent to both canonical addresses together (0 if never; symmetric).
  virtual std::int64_t pair_count(std::string_view a, std::string_view b) const = 0;
  // pair_count of every two of `addresses` (canonical) at once, as an n x n matrix (n =
  // addresses.size()): out[i][j] == out[j][i] == pair_count(addresses[i], addresses[j]) for
  // i != j; 0 on the diagonal, for an unknown address, and between two positions holding the same
  // address. What a check reads for unusual-combination, for the at most
  // HistoryStore::kMaxPairRecipients known recipients of a draft: HistoryStore answers with one
  // query (n address look-ups and n(n-1)/2 pair look-ups by index) instead of one query per pair.
  // Throws Error "history.*" like pair_count.
  virtual std::vector<std::vector<std::int64_t>> pair_counts(
      const std::vector<std::string>& addresses) const = 0;

  // --- Look-alike search: indexes keyed by the functions of similarity.h. Each returns at most
  // kMaxCandidates rows, most used first. ---
  static constexpr std::size_t kMaxCandidates = 16;
  // Known addresses at `registrable` whose local part shares a deletion variant with `variants`.
  virtual std::vector<AddressRecord> find_by_local_variants(
      std::string_view registrable, const std::vector<std::string>& variants) const = 0;
  // Known registrable domains whose domain_label() shares a deletion variant with `variants`.
  virtual std::vector<std::string> find_domains_by_label_variants(
      const std::vector<std::string>& variants) const = 0;
  // Known registrable domains whose domain_label() is exactly `label` (tld-swap).
  virtual std::vector<std::string> find_domains_by_label(std::string_view label) const = 0;
  // Known registrable domains whose confusable_skeleton() of the Unicode form is `skeleton`.
  virtual std::vector<std::string> find_domains_by_skeleton(std::string_view skeleton) const = 0;
  // Known addresses whose confusable_skeleton() of "local@unicode-domain" is `skeleton`.
  virtual std::vector<AddressRecord> find_by_skeleton(std::string_view skeleton) const = 0;
  // Known addresses that were sent to under a display name whose name_key() is `key`.
  virtual std::vector<AddressRecord> find_by_name_key(std::string_view key) const = 0;
  // The most used known address at `registrable`.
  virtual std::optional<AddressRecord> top_address_at(std::string_view registrable) const = 0;

  // --- Right address, wrong person (issue 11; core/wrong_recipient.cc). Each is one or a few
  // index lookups, bounded by kMaxCandidates rows. A reader without these indexes (an empty
  // history, a test double) answers with nothing, and the check then stays silent. ---
  // How often the user greeted `canonical` with each greeting key (greeting_keys), most first.
  virtual std::vector<std::pair<std::string, std::int64_t>> greetings_of(
      std::string_view /*canonical*/) const {
    return {};
  }
  // Known addresses greeted with `key`, most greeted first.
  virtual std::vector<AddressRecord> find_by_greeting(std::string_view /*key*/) const { return {}; }
  // Known addresses sharing one of `keys` (recipient_features.h neighbour_keys): the contacts an
  // autocomplete offers next to each other. Names are not read.
  virtual std::vector<AddressRecord> find_neighbours(
      const std::vector<std::string>& /*keys*/) const {
    return {};
  }
  // The term profile of `canonical`, if any of its messages had text.
  virtual std::optional<TermProfile> term_profile(std::string_view /*canonical*/) const {
    return std::nullopt;
  }
  // In how many learned messages each of `terms` occurs (same order; 0 for a word pair, which is
  // not counted: recipient_features.h is_word_pair), and (the last element) how many messages had
  // text at all: the document frequencies of an idf weight.
  virtual std::vector<std::int64_t> term_message_counts(
      const std::vector<std::uint32_t>& /*terms*/) const {
    return {};
  }
  // Addresses of the threads with any of `keys` (recipient_features.h sent_thread_keys), most
  // messages first.
  virtual std::vector<ThreadMember> thread_members(
      const std::vector<std::int64_t>& /*keys*/) const {
    return {};
  }
  // The addresses most often sent to together with `canonical`, most first (pair counts).
  virtual std::vector<std::pair<std::string, std::int64_t>> top_partners(
      std::string_view /*canonical*/) const {
    return {};
  }
};

// The reader of a user who has no history yet: every recipient is first-time, nobody is the
// user, nothing is allowlisted. Safe to use from any thread.
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

// A sent message as history learns it (from import or from record-sent).
struct SentMessage {
  std::string message_id;  // without <>; empty: a synthetic id is derived from the headers
  std::int64_t date = 0;   // Unix seconds; 0 = unknown (then the import time is used)
  std::vector<Mailbox> from;
  std::vector<DraftRecipient> recipients;
  // For the wrong-recipient features (issue 11): read by add_sent, never stored as text. The
  // body is the text/plain content as sent (quotes and signatures are cut by add_sent).
  std::string subject;
  std::string body;
  std::string in_reply_to;              // without <>; "" when none
  std::vector<std::string> references;  // without <>, in header order
  // message_features() of the fields above, when the producer computed them already (the mail
  // reader does, on its own thread, and drops the body); add_sent computes them otherwise.
  std::optional<MessageFeatures> features;
};

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
// One personal-data warning (body_checks.cc: code "personal-data", params kind and count).
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
  // draft_fingerprint() (draft.h), 64 lower-case hex digits of a SHA-256 over the draft's sorted
  // "field:canonical-address" recipients and its attachments' names, sizes and SHA-256; not the
  // body, the subject or the sender. Two drafts to the same people with the same attachments share
  // it, so a timeline is cut at the previous "sent" entry with the same fingerprint. "" = unknown.
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
  static constexpr std::size_t kMaxPairRecipients = 50;
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

// Default database path: $SENDCHECK_DB, else $XDG_DATA_HOME/sendcheck/history.sqlite3, else
// $HOME/.local/share/sendcheck/history.sqlite3.
std::string default_history_path();

}  // namespace sendcheck

#endif  // SENDCHECK_HISTORY_H_
