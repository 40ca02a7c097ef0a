// Learning the sending history from mail files and from the add-on's batches.
#include "engine/import.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <ostream>

#include "mail/address_list.h"
#include "mail/mail_reader.h"
#include "sendcheck/address.h"
#include "sendcheck/error.h"

namespace sendcheck::engine {

std::vector<std::string> canonical_self(const std::vector<std::string>& given) {
  std::vector<std::string> self;
  for (const std::string& address : given) {
    std::size_t before = self.size();
    for (const Mailbox& mailbox : parse_address_list(address)) {
      CanonicalAddress canonical;
      if (canonicalize(mailbox, &canonical)) self.push_back(canonical.address);
    }
    if (self.size() == before) {
      throw Error("import.bad-self", "--self " + address + ": not an address");
    }
  }
  return self;
}

ImportSummary import_messages(HistoryStore& store, const std::vector<std::string>& self,
                              const std::vector<SentMessage>& messages) {
  HistoryImporter importer(&store, canonical_self(self), /*batch_size=*/0);
  importer.begin();
  for (const SentMessage& message : messages) importer.add(message);
  importer.end();
  return importer.finish();
}

ImportSummary import_paths(const std::vector<std::string>& paths, const ImportOptions& options,
                           HistoryStore* store, std::ostream& progress_out) {
  HistoryImporter importer(store, canonical_self(options.self));
  using Clock = std::chrono::steady_clock;
  auto last_progress = Clock::now();

  for (const std::string& path : paths) {
    std::unique_ptr<MailReader> reader = MailReader::open(path);
    SentMessage message;
    std::string skip_reason;
    importer.begin();
    while (reader->next(&message, &skip_reason)) {
      importer.add(message, skip_reason);
      if (options.progress && Clock::now() - last_progress > std::chrono::milliseconds(200)) {
        last_progress = Clock::now();
        std::uint64_t total = reader->bytes_total();
        progress_out << "\rimporting " << path << ": " << importer.summary().messages_read
                     << " messages";
        if (total > 0) progress_out << " (" << (100 * reader->bytes_read() / total) << "%)";
        progress_out << std::flush;
      }
    }
    importer.end();
  }
  if (options.progress) progress_out << "\r\033[K" << std::flush;
  return importer.finish();
}

}  // namespace sendcheck::engine
