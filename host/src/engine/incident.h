// engine/incident.h — what the audit log establishes about a misdirected mail, for the report to
// the Personal Information Protection Commission and to the people affected: by Message-ID (the
// sent entry and the timeline of the user's decisions on that draft) or by period. The CLI's
// `sendcheck incident` renders these as Markdown or JSON.
//
// Private to the host. Errors: sendcheck::Error of the store ("history.*") and
// "audit.unknown-message-id". Thread-safety: a HistoryStore is used by one thread.
#ifndef SENDCHECK_ENGINE_INCIDENT_H_
#define SENDCHECK_ENGINE_INCIDENT_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "store/history_store.h"

namespace sendcheck::engine {

// organisation (registrable domain) -> address -> class.
using Organisations = std::map<std::string, std::map<std::string, std::string>>;

// The registrable domain of `address` (its domain when it has none; "(unusable address)" without
// an '@').
std::string organisation_of(const std::string& address);

// The entries of a period.
struct Incident {
  std::int64_t since = 0;
  std::int64_t until = 0;
  std::vector<AuditEntry> entries;  // oldest first
  std::size_t sends = 0;
  // The recipients of `sent` entries that are not internal, by organisation.
  Organisations external;
  std::set<std::string> internal;
  std::int64_t unlisted = 0;                    // recipients of sent entries beyond the listed ones
  std::vector<AuditAttachment> attachments;     // of sent entries, without duplicates
  std::map<std::string, std::size_t> warnings;  // code -> entries where it fired
  std::map<std::string, std::int64_t> personal_data;  // kind -> the most items one entry counted
};

// The incident of `entries` (oldest first, as engine/audit.h audit_entries reads them).
Incident build_incident(std::vector<AuditEntry> entries, std::int64_t since, std::int64_t until);

// One sent mail.
struct MessageIncident {
  AuditEntry sent;
  // What the dialog showed: the last "checked" entry of the timeline before the send (record-sent
  // carries no body, so the sent entry itself has no body warnings); the sent entry without one.
  AuditEntry shown;
  bool has_check = false;
  std::vector<AuditEntry> timeline;  // the draft's entries up to and including `sent`, oldest first
  std::map<std::string, std::int64_t> by_class;  // class -> listed recipients
  Organisations external;
  std::vector<std::string> internal;
};

// The sent entry of `message_id` (without <>) and the entries of the same draft before it: same
// fingerprint, after the previous send of an identical draft, not after the sent entry itself.
// Throws Error "audit.unknown-message-id" (naming `path`, the history file) when the log has no
// sent entry with that Message-ID.
MessageIncident find_message_incident(const HistoryStore& store, const std::string& message_id,
                                      const std::string& path);

}  // namespace sendcheck::engine

#endif  // SENDCHECK_ENGINE_INCIDENT_H_
