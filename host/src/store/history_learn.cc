// HistoryStore, learning: each sent message (add_sent: its recipients, their names and domains,
// co-recipient pairs, the look-alike indexes and the wrong-recipient features), the user's own
// addresses (add_self), and the write transactions every change of the history goes through.
//
// Every write is one transaction (BEGIN IMMEDIATE, so a writer waits for the lock up to the busy
// timeout instead of failing half-way). Inside a batch each add_sent is a savepoint: a failing
// message is undone alone and the batch goes on.
#include <sqlite3.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "sendcheck/address.h"
#include "sendcheck/domain.h"
#include "sendcheck/draft.h"
#include "sendcheck/error.h"
#include "sendcheck/history.h"
#include "sendcheck/recipient_features.h"
#include "sendcheck/similarity.h"
#include "store/feature_tables.h"
#include "store/history_store.h"
#include "store/history_store_internal.h"
#include "store/sqlite_handle.h"

namespace sendcheck {

namespace {

using store::Query;
using store::Statement;

// Display names are kept as written, without surrounding white space (ASCII or U+3000).
std::string trim_name(std::string_view name) {
  constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
  auto is_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
  };
  for (;;) {
    if (!name.empty() && is_space(name.front())) {
      name.remove_prefix(1);
    } else if (name.starts_with(kIdeographicSpace)) {
      name.remove_prefix(kIdeographicSpace.size());
    } else {
      break;
    }
  }
  for (;;) {
    if (!name.empty() && is_space(name.back())) {
      name.remove_suffix(1);
    } else if (name.ends_with(kIdeographicSpace)) {
      name.remove_suffix(kIdeographicSpace.size());
    } else {
      break;
    }
  }
  return std::string(name);
}

// The Message-ID as stored: without white space and angle brackets.
std::string normalize_message_id(std::string_view id) {
  std::string trimmed = trim_name(id);
  std::string_view view = trimmed;
  if (view.size() >= 2 && view.front() == '<' && view.back() == '>') {
    view = view.substr(1, view.size() - 2);
  }
  return std::string(view);
}

// FNV-1a, 64 bits: a stable (not cryptographic) fingerprint for messages without a Message-ID.
class Fnv1a64 {
 public:
  void add(std::string_view bytes) {
    for (unsigned char c : bytes) {
      hash_ ^= c;
      hash_ *= 0x100000001b3ULL;
    }
    unsigned char separator = 0;
    hash_ ^= separator;
    hash_ *= 0x100000001b3ULL;
  }
  std::uint64_t value() const { return hash_; }

 private:
  std::uint64_t hash_ = 0xcbf29ce484222325ULL;
};

std::string address_key(const Mailbox& mailbox) {
  CanonicalAddress canonical;
  if (canonicalize(mailbox, &canonical)) return canonical.address;
  return mailbox.address;
}

// A synthetic id derived from the date as given (0 stays 0, so re-importing the same message
// gives the same id), the From addresses and the recipients with their fields.
std::string synthetic_message_id(const SentMessage& message) {
  Fnv1a64 hash;
  hash.add("sendcheck-message-v1");
  hash.add(std::to_string(message.date));
  for (const Mailbox& from : message.from) hash.add("from:" + address_key(from));
  for (const DraftRecipient& recipient : message.recipients) {
    std::string key(field_name(recipient.field));
    key += ':';
    key += address_key(recipient.mailbox);
    hash.add(key);
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash.value()));
  return std::string("sha:") + hex;
}

}  // namespace

// One recipient of a message as it is learned.
struct HistoryStore::Impl::Learned {
  CanonicalAddress canonical;
  std::string name;
  std::int64_t id = 0;
  bool to = false;        // a To recipient
  bool new_name = false;  // a new address, or a name not seen at it before
};

bool HistoryStore::Impl::add_sent(const SentMessage& message) {
  try {
    return write([&] {
      bool added = add_sent_now(message);
      // Outside a batch the term profiles are written with the message; in one, at commit().
      if (batch_ == Batch::kNone) features_.flush();
      return added;
    });
  } catch (...) {
    if (batch_ != Batch::kOpen) features_.discard();
    throw;
  }
}

void HistoryStore::Impl::add_self(const std::vector<std::string>& addresses) {
  write([&] {
    for (const std::string& address : addresses) {
      if (address.empty()) continue;
      Query(insert_self_, kWriteFailed).bind(1, address).run();
    }
    return true;
  });
}

void HistoryStore::Impl::begin_batch() {
  check_writable();
  if (batch_ != Batch::kNone) {
    throw Error(kWriteFailed, "a history batch is already open");
  }
  // Each add_sent of a batch is a savepoint, whose journal (the pages the message changes)
  // SQLite spills to a file in /var/tmp beyond 64 KiB: 27 write(2) calls a message, half the
  // CPU time of an import (docs/performance.md). A transaction begun with temp_store = MEMORY
  // keeps it in memory, bounded by what one message changes. Only batches: a large single
  // write (forget_all) keeps its journal on disk.
  set_temp_store_memory(true);
  try {
    Query(begin_, kWriteFailed).run();
  } catch (...) {
    set_temp_store_memory(false);
    throw;
  }
  batch_ = Batch::kOpen;
}

void HistoryStore::Impl::commit() {
  struct RestoreTempStore {
    Impl* impl;
    ~RestoreTempStore() { impl->set_temp_store_memory(false); }
  } restore{this};
  if (batch_ == Batch::kFailed) {
    batch_ = Batch::kNone;
    throw Error(kWriteFailed, "the history batch was rolled back after an earlier error");
  }
  if (batch_ != Batch::kOpen) throw Error(kWriteFailed, "no history batch is open");
  try {
    features_.flush();
    Query(commit_, kWriteFailed).run();
  } catch (...) {
    features_.discard();
    rollback_quietly();
    batch_ = Batch::kNone;
    throw;
  }
  batch_ = Batch::kNone;
}

void HistoryStore::Impl::check_writable() const {
  if (read_only_) {
    throw Error(kWriteFailed, "the history database " + path_ + " was opened read-only");
  }
}

void HistoryStore::Impl::set_temp_store_memory(bool memory) noexcept {
  sqlite3_exec(db_.get(),
               memory ? "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536"
                      : "PRAGMA temp_store = DEFAULT; PRAGMA cache_size = -8192",
               nullptr, nullptr, nullptr);
}

void HistoryStore::Impl::rollback_quietly() noexcept {
  if (sqlite3_get_autocommit(db_.get()) == 0) {
    sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

void HistoryStore::Impl::undo_savepoint() noexcept {
  if (sqlite3_get_autocommit(db_.get()) != 0) {
    batch_ = Batch::kFailed;
    features_.discard();
    return;
  }
  int rc =
      sqlite3_exec(db_.get(), "ROLLBACK TO add_sent; RELEASE add_sent", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) {
    rollback_quietly();
    batch_ = Batch::kFailed;
  }
}

bool HistoryStore::Impl::add_sent_now(const SentMessage& message) {
  std::string id = normalize_message_id(message.message_id);
  if (id.empty()) id = synthetic_message_id(message);
  std::int64_t date = message.date != 0 ? message.date : now_seconds();

  {
    Query query(insert_message_, kWriteFailed);
    query.bind(1, id).bind(2, date).run();
  }
  if (sqlite3_changes(db_.get()) == 0) return false;

  // Distinct usable recipients that are not the user, in order of first appearance.
  // `seen` maps an address to its index in `learned`, or kSkipped for the user's own.
  constexpr std::size_t kSkipped = static_cast<std::size_t>(-1);
  std::vector<Learned> learned;
  std::unordered_map<std::string, std::size_t> seen;
  for (const DraftRecipient& recipient : message.recipients) {
    Learned entry;
    if (!canonicalize(recipient.mailbox, &entry.canonical)) continue;
    if (entry.canonical.address.empty()) continue;
    std::string name = trim_name(recipient.mailbox.display_name);
    auto [it, inserted] = seen.try_emplace(entry.canonical.address, kSkipped);
    if (!inserted) {
      // Same address again (To and Cc): counted once; keep a name if the first had none.
      if (it->second != kSkipped && learned[it->second].name.empty()) {
        learned[it->second].name = std::move(name);
      }
      continue;
    }
    if (is_self(entry.canonical.address)) continue;
    it->second = learned.size();
    entry.name = std::move(name);
    entry.to = recipient.field == Field::kTo;
    learned.push_back(std::move(entry));
  }

  std::unordered_set<std::string> domains;
  for (Learned& entry : learned) {
    bool is_new = false;
    {
      Query query(upsert_address_, kWriteFailed);
      query.bind(1, entry.canonical.address)
          .bind(2, entry.canonical.base_address.empty() ? entry.canonical.address
                                                        : entry.canonical.base_address)
          .bind(3, entry.canonical.registrable)
          .bind(4, date);
      if (!query.step()) throw Error(kWriteFailed, "the history did not return an address id");
      entry.id = query.int64(0);
      is_new = query.int64(1) == 1;
    }
    if (is_new) index_new_address(entry);
    entry.new_name = is_new;
    if (!entry.name.empty()) {
      // name_key (ICU) only for a name not yet known at this address.
      Query(update_name_, kWriteFailed).bind(1, entry.id).bind(2, entry.name).run();
      if (sqlite3_changes(db_.get()) == 0) {
        Query(upsert_name_, kWriteFailed)
            .bind(1, entry.id)
            .bind(2, entry.name)
            .bind(3, name_key(entry.name))
            .run();
        entry.new_name = true;
      }
    }
    const std::string& domain =
        entry.canonical.registrable.empty() ? entry.canonical.domain : entry.canonical.registrable;
    if (!domain.empty() && domains.insert(domain).second) {
      Query(update_domain_, kWriteFailed).bind(1, domain).bind(2, date).run();
      bool new_domain = false;
      if (sqlite3_changes(db_.get()) == 0) {  // label and skeleton (ICU) for a new domain only
        Query query(upsert_domain_, kWriteFailed);
        query.bind(1, domain)
            .bind(2, date)
            .bind(3, domain_label(domain))
            .bind(4, confusable_skeleton(domain_to_unicode(domain)));
        new_domain = query.step() && query.int64(0) == 1;
      }
      if (new_domain) index_new_domain(domain);
    }
  }

  if (learned.size() >= 2 && learned.size() <= kMaxPairRecipients) {
    for (std::size_t i = 0; i < learned.size(); ++i) {
      for (std::size_t j = i + 1; j < learned.size(); ++j) {
        std::int64_t a = std::min(learned[i].id, learned[j].id);
        std::int64_t b = std::max(learned[i].id, learned[j].id);
        Query(upsert_pair_, kWriteFailed).bind(1, a).bind(2, b).bind(3, date).run();
      }
    }
  }

  if (!learned.empty()) {
    std::vector<store::FeatureRecipient> recipients;
    recipients.reserve(learned.size());
    for (const Learned& entry : learned) {
      recipients.push_back(
          {entry.id, entry.canonical.address, entry.name, entry.to, entry.new_name});
    }
    if (message.features) {
      features_.learn(*message.features, date, recipients);
    } else {
      features_.learn(message_features(message.subject, message.body, id, message.in_reply_to,
                                       message.references),
                      date, recipients);
    }
  }
  return true;
}

template <typename BindRest>
void HistoryStore::Impl::insert_variants(const Statement& statement, int first,
                                         const std::vector<std::string>& variants,
                                         BindRest&& bind_rest) {
  for (std::size_t start = 0; start < variants.size(); start += kVariantRows) {
    Query query(statement, kWriteFailed);
    bind_rest(query);
    for (std::size_t i = 0; i < static_cast<std::size_t>(kVariantRows); ++i) {
      std::size_t index = start + i < variants.size() ? start + i : start;
      query.bind(first + static_cast<int>(i), variants[index]);
    }
    query.run();
  }
}

void HistoryStore::Impl::index_new_address(const Learned& entry) {
  const CanonicalAddress& c = entry.canonical;
  std::string unicode = c.local_part + "@" + domain_to_unicode(c.domain);
  Query(set_skeleton_, kWriteFailed).bind(1, entry.id).bind(2, confusable_skeleton(unicode)).run();
  insert_variants(insert_local_variants_, 3, deletion_variants(c.local_part),
                  [&](Query& query) { query.bind(1, c.registrable).bind(2, entry.id); });
}

void HistoryStore::Impl::index_new_domain(const std::string& domain) {
  insert_variants(insert_domain_variants_, 2, deletion_variants(domain_label(domain)),
                  [&](Query& query) { query.bind(1, domain); });
}

bool HistoryStore::add_sent(const SentMessage& message) { return impl_->add_sent(message); }
void HistoryStore::begin_batch() { impl_->begin_batch(); }
void HistoryStore::commit() { impl_->commit(); }
void HistoryStore::add_self(const std::vector<std::string>& canonical_addresses) {
  impl_->add_self(canonical_addresses);
}

}  // namespace sendcheck
