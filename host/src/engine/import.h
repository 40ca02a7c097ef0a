// engine/import.h — learning the user's sending history, for every front end: `sendcheck import`
// (mail files: mbox, maildir, .eml) and the import-history request (a batch of sent-message
// headers from the add-on's walk of the Sent folders). Both count what was added, skipped or
// already known and infer the user's own addresses the same way (store/history_importer.h).
//
// Private to the host. Errors: sendcheck::Error "import.bad-self", the mail reader's, the
// store's ("history.*"); what was committed before an error stays. Thread-safety: a HistoryStore
// is used by one thread.
#ifndef SENDCHECK_ENGINE_IMPORT_H_
#define SENDCHECK_ENGINE_IMPORT_H_

#include <iosfwd>
#include <string>
#include <vector>

#include "store/history_importer.h"
#include "store/history_store.h"

namespace sendcheck::engine {

// The user's addresses as given (--self, the request's "self": address header values), parsed
// and canonicalised. Throws Error "import.bad-self" for one that is not an address.
std::vector<std::string> canonical_self(const std::vector<std::string>& given);

// Learns `messages` into `store` as one transaction. `self` as canonical_self takes it. On an
// exception the transaction may be left open: the caller closes the store, which rolls it back.
ImportSummary import_messages(HistoryStore& store, const std::vector<std::string>& self,
                              const std::vector<SentMessage>& messages);

struct ImportOptions {
  std::vector<std::string> self;  // --self, as given (parsed and canonicalised)
  bool progress = false;          // a progress line on `progress_out` (a terminal)
};

// Imports every path (mail files or folders) into `store`, HistoryImporter::kBatch messages per
// transaction. Throws sendcheck::Error for a path that cannot be opened (what was imported
// before it stays).
ImportSummary import_paths(const std::vector<std::string>& paths, const ImportOptions& options,
                           HistoryStore* store, std::ostream& progress_out);

}  // namespace sendcheck::engine

#endif  // SENDCHECK_ENGINE_IMPORT_H_
