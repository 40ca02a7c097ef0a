// Fuzz target "mail_import": the history import of `sendcheck import` for one file — MailReader
// (mail/mail_reader.h, host/src/mail/mail_reader.cc: mbox when the first line starts with "From ",
// else one .eml) feeding a HistoryImporter (store/history_importer.h) into an empty history.
//
// Properties:
//  1. Every parsed From and recipient mailbox is classified consistently (kOk: split_addr_spec
//     finds its local part and domain; kNoDomain: no '@' outside quotes), and either
//     canonicalizes or is unusable (canonicalize false: the importer does not learn it).
//  2. Counts are consistent: each message is counted exactly once as added, already imported or
//     skipped (for its reason); the summary's recipients are those of the added messages; the
//     history holds exactly the added messages; every usable recipient of an added message
//     (other than the sender) is found in the history afterwards, and nothing else is.
//  3. Progress: bytes_read never decreases, never exceeds bytes_total, and bytes_total is the
//     size of the file.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "mail/mail_reader.h"
#include "sendcheck/address.h"
#include "sendcheck/error.h"
#include "sendcheck/history.h"
#include "store/history_importer.h"
#include "store/history_store.h"
#include "transport/dispatch/request.h"

namespace {

using sendcheck::CanonicalAddress;
using sendcheck::HistoryStore;
using sendcheck::Mailbox;
using sendcheck::MailboxKind;

struct Setup {
  sendcheck::fuzz::ScratchDir dir;
  std::string mail_path = (dir.path() / "input.mail").string();
  std::unique_ptr<HistoryStore> store =
      HistoryStore::open((dir.path() / "history.sqlite3").string());
};

Setup& setup() {
  static Setup instance;
  return instance;
}

std::string describe(const Mailbox& m) {
  return "address [" + m.address + "] local [" + m.local_part + "] domain [" + m.domain +
         "] kind " + std::to_string(static_cast<int>(m.kind));
}

// Property 1 for one mailbox; its canonical address, or "" when it is unusable.
std::string check_mailbox(const Mailbox& mailbox) {
  const std::string where = describe(mailbox);
  FUZZ_CHECK(!mailbox.address.empty(), where);
  FUZZ_CHECK(sendcheck::transport::is_valid_utf8(mailbox.display_name), where);
  std::string local;
  std::string domain;
  bool split = sendcheck::split_addr_spec(mailbox.address, &local, &domain);
  if (mailbox.kind == MailboxKind::kOk) {
    FUZZ_CHECK(split && !local.empty() && local == mailbox.local_part && domain == mailbox.domain,
               where);
  } else if (mailbox.kind == MailboxKind::kNoDomain) {
    FUZZ_CHECK(!split, where);
  }
  CanonicalAddress canonical;
  if (!sendcheck::canonicalize(mailbox, &canonical)) return "";
  FUZZ_CHECK(mailbox.kind == MailboxKind::kOk && !canonical.address.empty(), where);
  return canonical.address;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 256 * 1024) return 0;
  Setup& s = setup();
  {
    std::ofstream out(s.mail_path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    FUZZ_CHECK(out.good(), "cannot write " + s.mail_path);
  }
  s.store->forget_all();

  std::unique_ptr<sendcheck::MailReader> reader = sendcheck::MailReader::open(s.mail_path);
  FUZZ_CHECK(reader->format() != sendcheck::MailFormat::kMaildir, "a file read as a maildir");
  FUZZ_CHECK(reader->bytes_total() == size, "bytes_total " + std::to_string(reader->bytes_total()) +
                                                " for " + std::to_string(size));

  sendcheck::HistoryImporter importer(s.store.get(), {});
  importer.begin();
  std::set<std::string> learned;  // usable recipients of added messages
  std::set<std::string> senders;  // usable From addresses of added messages
  std::uint64_t last_read = 0;
  sendcheck::SentMessage message;
  std::string skip;
  std::int64_t messages = 0;
  while (reader->next(&message, &skip)) {
    ++messages;
    FUZZ_CHECK(reader->bytes_read() >= last_read && reader->bytes_read() <= reader->bytes_total(),
               "bytes_read " + std::to_string(reader->bytes_read()));
    last_read = reader->bytes_read();

    std::vector<std::string> from;
    for (const Mailbox& mailbox : message.from) {
      std::string canonical = check_mailbox(mailbox);
      if (!canonical.empty()) from.push_back(canonical);
    }
    std::vector<std::string> to;
    for (const sendcheck::DraftRecipient& recipient : message.recipients) {
      to.push_back(check_mailbox(recipient.mailbox));
    }

    const sendcheck::ImportSummary before = importer.summary();
    importer.add(message, skip);
    const sendcheck::ImportSummary& after = importer.summary();
    const std::int64_t added = after.messages_added - before.messages_added;
    const std::int64_t known = after.already_imported - before.already_imported;
    const std::int64_t skipped = after.skipped_total() - before.skipped_total();
    FUZZ_CHECK(after.messages_read == before.messages_read + 1 && added + known + skipped == 1,
               "message " + std::to_string(messages) + " counted " +
                   std::to_string(added + known + skipped) + " times");
    FUZZ_CHECK(skip.empty() || skipped == 1, "an unparsable message was not skipped");
    if (added == 1) {
      FUZZ_CHECK(after.recipients - before.recipients ==
                     static_cast<std::int64_t>(message.recipients.size()),
                 "recipients of message " + std::to_string(messages));
      senders.insert(from.begin(), from.end());
      for (const std::string& canonical : to) {
        if (!canonical.empty()) learned.insert(canonical);
      }
    }
  }
  importer.end();
  FUZZ_CHECK(reader->bytes_read() == reader->bytes_total(),
             "at the end bytes_read " + std::to_string(reader->bytes_read()) + " of " +
                 std::to_string(reader->bytes_total()));

  const sendcheck::ImportSummary& summary = importer.summary();
  FUZZ_CHECK(summary.messages_read == messages, "messages_read");
  sendcheck::HistoryStats stats = s.store->stats();
  FUZZ_CHECK(stats.messages == summary.messages_added,
             std::to_string(stats.messages) + " messages in history, " +
                 std::to_string(summary.messages_added) + " added");
  // The user's own addresses (the senders, once marked) are not learned as recipients; any
  // other usable recipient is.
  std::int64_t expected = 0;
  for (const std::string& address : learned) {
    if (senders.count(address) != 0) continue;
    ++expected;
    FUZZ_CHECK(s.store->find_address(address).has_value(), "not learned: " + address);
  }
  FUZZ_CHECK(stats.addresses >= expected &&
                 stats.addresses <= expected + static_cast<std::int64_t>(senders.size()),
             std::to_string(stats.addresses) + " addresses in history, " +
                 std::to_string(expected) + " usable recipients");
  importer.finish();
  return 0;
}
