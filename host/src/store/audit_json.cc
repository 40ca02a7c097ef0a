// The JSON shape of an audit entry.
#include "store/audit_json.h"

#include <utility>

namespace sendcheck::store {

using nlohmann::json;

json audit_recipients_json(const std::vector<AuditRecipient>& recipients) {
  json out = json::array();
  for (const AuditRecipient& r : recipients) {
    out.push_back(json{{"address", r.address}, {"class", r.klass}});
  }
  return out;
}

json audit_attachments_json(const std::vector<AuditAttachment>& attachments) {
  json out = json::array();
  for (const AuditAttachment& a : attachments) {
    json item{{"name", a.name}, {"size", a.size}};
    if (!a.sha256.empty()) item["sha256"] = a.sha256;
    out.push_back(std::move(item));
  }
  return out;
}

json audit_personal_data_json(const std::vector<AuditPersonalData>& personal_data) {
  json out = json::array();
  for (const AuditPersonalData& p : personal_data) {
    out.push_back(json{{"kind", p.kind}, {"count", p.count}});
  }
  return out;
}

json audit_entry_json(const AuditEntry& entry) {
  json out{{"time", entry.time},
           {"action", entry.action},
           {"verdict", entry.verdict},
           {"recipientCount", entry.recipient_count},
           {"recipients", audit_recipients_json(entry.recipients)},
           {"attachments", audit_attachments_json(entry.attachments)},
           {"warnings", entry.warnings}};
  // Fields of schema version 3, present when known.
  if (!entry.personal_data.empty()) {
    out["personalData"] = audit_personal_data_json(entry.personal_data);
  }
  if (!entry.message_id.empty()) out["messageId"] = entry.message_id;
  return out;
}

}  // namespace sendcheck::store
