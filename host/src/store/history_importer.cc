// The importer's batched writer.
#include "store/history_importer.h"

#include <algorithm>
#include <utility>

#include "mail/address_list.h"
#include "sendcheck/address.h"
#include "sendcheck/domain.h"
#include "sendcheck/error.h"
#include "store/history_store.h"

namespace sendcheck {
namespace {

// Adds one canonical address per usable mailbox to `out`.
void canonical_addresses(const std::vector<Mailbox>& mailboxes, std::vector<std::string>* out) {
  for (const Mailbox& mailbox : mailboxes) {
    CanonicalAddress canonical;
    if (canonicalize(mailbox, &canonical)) out->push_back(canonical.address);
  }
}

}  // namespace

std::int64_t ImportSummary::skipped_total() const {
  std::int64_t total = 0;
  for (const auto& [reason, count] : skipped) total += count;
  return total;
}

HistoryImporter::HistoryImporter(HistoryStore* store, std::vector<std::string> self,
                                 std::int64_t batch_size)
    : store_(store), batch_size_(batch_size), given_self_(std::move(self)) {
  if (!given_self_.empty()) store_->add_self(given_self_);
}

void HistoryImporter::begin() {
  store_->begin_batch();
  in_batch_ = 0;
}

void HistoryImporter::add(const SentMessage& message, std::string_view skip_reason) {
  ++summary_.messages_read;
  if (!skip_reason.empty()) {
    ++summary_.skipped[std::string(skip_reason)];
    return;
  }
  std::vector<std::string> senders;
  canonical_addresses(message.from, &senders);
  if (!given_self_.empty() &&
      std::none_of(senders.begin(), senders.end(), [&](const std::string& s) {
        return std::find(given_self_.begin(), given_self_.end(), s) != given_self_.end();
      })) {
    ++summary_.skipped["not-from-self"];
    return;
  }
  if (message.recipients.empty()) {
    ++summary_.skipped["no-recipients"];
    return;
  }
  if (store_->add_sent(message)) {
    ++summary_.messages_added;
    summary_.recipients += static_cast<std::int64_t>(message.recipients.size());
  } else {
    ++summary_.already_imported;
  }
  // Already imported messages count too: a re-import after an import killed before finish()
  // must infer the same addresses as one uninterrupted import.
  ++from_messages_;
  for (const std::string& sender : senders) ++from_counts_[sender];
  if (++in_batch_ >= batch_size_ && batch_size_ > 0) {
    store_->commit();
    store_->begin_batch();
    in_batch_ = 0;
  }
}

void HistoryImporter::end() {
  store_->commit();
  in_batch_ = 0;
}

ImportSummary HistoryImporter::finish() {
  if (!given_self_.empty()) {
    summary_.self = given_self_;
  } else {
    std::int64_t threshold = std::max<std::int64_t>(1, from_messages_ / 20);
    std::int64_t from_self = 0;
    for (const auto& [address, count] : from_counts_) {
      if (count < threshold) continue;
      summary_.self.push_back(address);
      from_self += count;
    }
    // A Sent folder is written from one to three addresses; an Inbox from many.
    summary_.senders_vary =
        from_messages_ >= 10 && (summary_.self.size() > 3 || 10 * from_self < 8 * from_messages_);
    std::sort(summary_.self.begin(), summary_.self.end());
    if (!summary_.self.empty()) store_->add_self(summary_.self);
  }
  return summary_;
}

}  // namespace sendcheck
