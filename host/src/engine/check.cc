// The use cases about one draft: check, record-sent, and their audit entries.
#include "engine/check.h"
#include "mail/draft_reader.h"

#include <utility>
#include <vector>

#include "sendcheck/address.h"

namespace sendcheck::engine {

Locale choose_locale(std::optional<Locale> requested, const Draft& draft, const Settings& settings,
                     Locale fallback) {
  if (requested) return *requested;
  if (!draft.locale.empty()) return parse_locale(draft.locale);
  if (!settings.locale.empty()) return parse_locale(settings.locale);
  return fallback;
}

Check prepare_check(Draft draft, Settings settings, std::optional<Locale> requested,
                    Locale fallback) {
  Check check;
  check.options.locale = choose_locale(requested, draft, settings, fallback);
  check.draft = std::move(draft);
  check.settings = std::move(settings);
  return check;
}

Payload run_check(const Check& check, const HistoryReader* history) {
  EmptyHistory empty;
  return assess(check.draft, check.settings, history != nullptr ? *history : empty, check.options);
}

AuditEntry audit_entry(std::string action, const Check& check, const Payload& payload,
                       std::int64_t time) {
  AuditEntry entry;
  entry.time = time;
  entry.action = std::move(action);
  entry.verdict = std::string(verdict_name(payload.verdict));
  entry.recipient_count = payload.recipient_count;
  for (const DomainGroup& group : payload.groups) {
    for (const RecipientResult& r : group.recipients) {
      if (entry.recipients.size() >= HistoryStore::kMaxAuditRecipients) break;
      entry.recipients.push_back({r.address, std::string(domain_class_name(group.klass))});
    }
  }
  // payload.attachments is the draft's list in order (assess); the SHA-256 comes from the draft.
  const std::vector<DraftAttachment>& drafted = check.draft.attachments;
  for (std::size_t i = 0; i < payload.attachments.size(); ++i) {
    if (entry.attachments.size() >= HistoryStore::kMaxAuditAttachments) break;
    const AttachmentResult& a = payload.attachments[i];
    std::string sha256 = i < drafted.size() && drafted[i].name == a.name ? drafted[i].sha256 : "";
    entry.attachments.push_back({a.name, a.size, std::move(sha256)});
  }
  for (const Warning& w : payload.warnings) {
    entry.warnings.push_back(w.code);
    // core/body/body_checks.cc: personal-data carries {"kind": ..., "count": n}.
    if (w.code != "personal-data" || !w.params.is_object()) continue;
    auto kind = w.params.find("kind");
    auto count = w.params.find("count");
    entry.personal_data.push_back(
        {kind != w.params.end() && kind->is_string() ? kind->get<std::string>() : std::string(),
         count != w.params.end() && count->is_number_integer() ? count->get<std::int64_t>() : 0});
  }
  entry.fingerprint = draft_fingerprint(check.draft);
  return entry;
}

void append_audit(HistoryStore& store, const Check& check, const AuditEntry& entry) {
  store.set_audit_retention(check.settings.audit_retention_days);
  store.append_audit(entry);
}

bool record_sent(HistoryStore& store, const Check& check, const std::string& message_id,
                 std::int64_t date, std::int64_t now) {
  // Assessed before the message is learned: the audit keeps what the dialog showed.
  Payload payload = run_check(check, &store);

  SentMessage message;
  message.message_id = message_id;
  // Without a date, now: a date of 0 would make two sends to the same people without a
  // Message-ID look like one (the synthetic id is derived from the date as given).
  message.date = date != 0 ? date : now;
  message.from = check.draft.from;
  message.recipients = check.draft.recipients;
  // What the wrong-recipient check learns (greeting keys, hashed terms, thread keys); the text
  // itself is not stored.
  message.subject = check.draft.subject;
  message.body = check.draft.body;
  message.in_reply_to = check.draft.in_reply_to;
  message.references = check.draft.references;
  std::vector<std::string> self;
  for (const Mailbox& mailbox : check.draft.from) {
    CanonicalAddress canonical;
    if (canonicalize(mailbox, &canonical)) self.push_back(canonical.address);
  }

  // One transaction: the sender as the user's own address, the message, its audit entry.
  store.begin_batch();
  if (!self.empty()) store.add_self(self);
  bool recorded = store.add_sent(message);
  // A repeated record-sent (same Message-ID) is not audited twice.
  if (recorded) {
    AuditEntry entry = audit_entry("sent", check, payload, now);
    entry.message_id = message.message_id;
    append_audit(store, check, entry);
  }
  store.commit();
  return recorded;
}

}  // namespace sendcheck::engine
