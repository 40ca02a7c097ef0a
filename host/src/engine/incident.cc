// What the audit log establishes about a misdirected mail.
#include "engine/incident.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "sendcheck/domain.h"
#include "sendcheck/error.h"

namespace sendcheck::engine {

std::string organisation_of(const std::string& address) {
  size_t at = address.rfind('@');
  if (at == std::string::npos) return "(unusable address)";
  std::string domain = address.substr(at + 1);
  std::string registrable = registrable_domain(domain);
  return registrable.empty() ? domain : registrable;
}

Incident build_incident(std::vector<AuditEntry> entries, std::int64_t since, std::int64_t until) {
  Incident incident;
  incident.since = since;
  incident.until = until;
  std::set<std::tuple<std::string, std::uint64_t, std::string>> seen_attachments;
  for (const AuditEntry& e : entries) {
    for (const std::string& code : e.warnings) ++incident.warnings[code];
    for (const AuditPersonalData& p : e.personal_data) {
      std::int64_t& most = incident.personal_data[p.kind];
      most = std::max(most, p.count);
    }
    if (e.action != "sent") continue;
    ++incident.sends;
    for (const AuditRecipient& r : e.recipients) {
      if (r.klass == "internal") {
        incident.internal.insert(r.address);
      } else {
        incident.external[organisation_of(r.address)][r.address] = r.klass;
      }
    }
    incident.unlisted += std::max<std::int64_t>(
        0, e.recipient_count - static_cast<std::int64_t>(e.recipients.size()));
    for (const AuditAttachment& a : e.attachments) {
      if (seen_attachments.insert({a.name, a.size, a.sha256}).second) {
        incident.attachments.push_back(a);
      }
    }
  }
  incident.entries = std::move(entries);
  return incident;
}

MessageIncident find_message_incident(const HistoryStore& store, const std::string& message_id,
                                      const std::string& path) {
  AuditQuery by_id;
  by_id.message_id = message_id;
  by_id.limit = 16;
  std::vector<AuditEntry> found = store.query_audit(by_id);
  auto sent = std::find_if(found.begin(), found.end(),
                           [](const AuditEntry& e) { return e.action == "sent"; });
  if (sent == found.end()) {
    throw Error("audit.unknown-message-id", "no sent mail with Message-ID <" + message_id +
                                                "> in the audit log " + path +
                                                " (entries before schema version 3 have none; "
                                                "use incident --since T --until T)");
  }
  MessageIncident incident;
  incident.sent = *sent;
  if (!incident.sent.fingerprint.empty()) {
    AuditQuery same_draft;
    same_draft.fingerprint = incident.sent.fingerprint;
    same_draft.until = incident.sent.time;
    same_draft.limit = 10000;
    for (AuditEntry& e : store.query_audit(same_draft)) {  // newest first
      if (e.time == incident.sent.time && e.id > incident.sent.id) continue;
      if (e.action == "sent" && e.id != incident.sent.id) break;  // an earlier send of it
      incident.timeline.push_back(std::move(e));
    }
    std::reverse(incident.timeline.begin(), incident.timeline.end());
  }
  if (incident.timeline.empty()) incident.timeline.push_back(incident.sent);
  incident.shown = incident.sent;
  for (const AuditEntry& e : incident.timeline) {
    if (e.action == "checked") {
      incident.shown = e;
      incident.has_check = true;
    }
  }
  for (const AuditRecipient& r : incident.sent.recipients) {
    ++incident.by_class[r.klass];
    if (r.klass == "internal") {
      incident.internal.push_back(r.address);
    } else {
      incident.external[organisation_of(r.address)][r.address] = r.klass;
    }
  }
  return incident;
}

}  // namespace sendcheck::engine
