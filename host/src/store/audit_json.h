// store/audit_json.h — the one JSON shape of an audit entry (docs/protocol.md "audit.query"),
// made here for every reader of the audit log: the audit.query reply, `sendcheck audit export
// --format json`, the incident report, and the columns of the audit table itself.
//
//   { "time": 1717000042, "action": "cancelled", "verdict": "confirm", "recipientCount": 1,
//     "recipients": [{ "address": "suzuki@partner.example", "class": "external" }],
//     "attachments": [{ "name": "見積書.pdf", "size": 120345, "sha256": "6e92…" }],
//     "warnings": ["forgotten-attachment"],
//     "personalData": [{ "kind": "my-number", "count": 2 }], "messageId": "abc@example.jp" }
//
// "sha256" of an attachment, "personalData" and "messageId" are present only when known (an
// entry written before schema version 3 keeps the shape it had). Never a body, a subject or a
// display name: the entry holds none.
//
// Thread-safety: pure functions.
#ifndef SENDCHECK_STORE_AUDIT_JSON_H_
#define SENDCHECK_STORE_AUDIT_JSON_H_

#include <vector>

#include <nlohmann/json.hpp>

#include "store/history_store.h"

namespace sendcheck::store {

// The entry in the shape above.
nlohmann::json audit_entry_json(const AuditEntry& entry);

// Its parts, in the same shape: [{"address", "class"}], [{"name", "size", "sha256"?}],
// [{"kind", "count"}].
nlohmann::json audit_recipients_json(const std::vector<AuditRecipient>& recipients);
nlohmann::json audit_attachments_json(const std::vector<AuditAttachment>& attachments);
nlohmann::json audit_personal_data_json(const std::vector<AuditPersonalData>& personal_data);

}  // namespace sendcheck::store

#endif  // SENDCHECK_STORE_AUDIT_JSON_H_
