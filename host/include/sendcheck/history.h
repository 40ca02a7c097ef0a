// sendcheck/history.h — the user's sending history as a check reads it.
//
// HistoryReader is what the engine reads during a check: point lookups only, each served by an
// index (a check never reads the whole history). The records it answers with and SentMessage
// (what the history learns from one sent mail: the mail reader produces it, the store writes
// it) are plain values. The SQLite implementation, HistoryStore (also the audit log), is the
// host's own: host/src/store/history_store.h.
//
// Units: times are Unix seconds (UTC); counts are messages.
// Thread-safety: a reader is used by one thread at a time.
#ifndef SENDCHECK_HISTORY_H_
#define SENDCHECK_HISTORY_H_

#include <cstddef>
#include <cstdint>
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
  // address. What a check reads for unusual-combination, for the at most kMaxPairRecipients
  // known recipients of a draft: HistoryStore answers with one query (n address look-ups and
  // n(n-1)/2 pair look-ups by index) instead of one query per pair.
  // Throws Error "history.*" like pair_count.
  virtual std::vector<std::vector<std::int64_t>> pair_counts(
      const std::vector<std::string>& addresses) const = 0;
  // Co-recipient pairs are learned only for messages of at most this many recipients, and a
  // check reads pair counts only for drafts of at most this many known recipients (larger ones
  // are mailing lists, where combinations mean nothing).
  static constexpr std::size_t kMaxPairRecipients = 50;

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
  // For the wrong-recipient features (issue 11): read by HistoryStore::add_sent, never stored as
  // text. The body is the text/plain content as sent (quotes and signatures are cut by add_sent).
  std::string subject;
  std::string body;
  std::string in_reply_to;              // without <>; "" when none
  std::vector<std::string> references;  // without <>, in header order
  // message_features() of the fields above, when the producer computed them already (the mail
  // reader does, on its own thread, and drops the body); add_sent computes them otherwise.
  std::optional<MessageFeatures> features;
};

}  // namespace sendcheck

#endif  // SENDCHECK_HISTORY_H_
