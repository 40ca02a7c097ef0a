// Attachment checks (issue 3, DESIGN.md §4 "Attachments"): pure functions over the name, size,
// declared type and the first bytes of one attachment.
#ifndef SENDCHECK_CORE_ATTACHMENT_CHECKS_H_
#define SENDCHECK_CORE_ATTACHMENT_CHECKS_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "sendcheck/draft.h"
#include "sendcheck/messages.h"
#include "sendcheck/payload.h"
#include "sendcheck/settings.h"

namespace sendcheck {

struct AttachmentCheckContext {
  Locale locale = Locale::kEn;
  std::uint64_t large_bytes = 10 * 1024 * 1024;  // Settings::large_attachment_bytes
  std::vector<std::string> sensitive_words;      // Settings::sensitive_words
  // Organisations that may be named in a file name: from Settings::parties.
  std::vector<Party> parties;
  // Registrable domains (canonical ASCII) of the draft's recipients.
  std::vector<std::string> recipient_domains;
  // Known registrable domains (from the history) whose label (domain_label()) equals `label`;
  // lets a file name token such as "wellpoint" be recognised as naming wellpoint.example.
  // `label` is ASCII (punycode for a non-ASCII token). The caller should leave out the user's own
  // (internal) domains: a file name that names one's own company is not "another party".
  // May be left unset (no lookup).
  std::function<std::vector<std::string>(std::string_view label)> known_domains_with_label;
};

// The flags of one attachment, each with its localised message, in a stable order:
// dangerous-type, double-extension, bidi-control, type-mismatch, encrypted-archive, large,
// sensitive-name, names-other-party. Each code appears at most once; sensitive-name and
// names-other-party list every matching word or party in their one message. dangerous-type comes
// from the name's extension (message params "source": "name", "extension") or, for a .zip whose
// name is not itself dangerous, from the entries of zip_entry_names() (core/zip_entries.h) whose
// name has a dangerous extension ("source": "zip-entry", "entry": the first three names, "count").
std::vector<Flag> check_attachment(const DraftAttachment& attachment,
                                   const AttachmentCheckContext& context);

}  // namespace sendcheck

#endif  // SENDCHECK_CORE_ATTACHMENT_CHECKS_H_
