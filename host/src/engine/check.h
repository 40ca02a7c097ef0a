// engine/check.h — the use cases about one draft, written once for every front end (the native
// dispatcher, the HTTP bridge through it, the `sendcheck` CLI): check (draft + settings + history
// -> confirmation payload, and the audit entry of what it showed), record-sent, and the audit
// entry of a cancelled or blocked send. The front ends only decode their input (a request, a
// file) and encode the result.
//
//   Check check = prepare_check(draft, settings, requested_locale, fallback_locale);
//   Payload payload = run_check(check, history);          // nullptr: no history yet
//   AuditEntry entry = audit_entry("checked", check, payload, time);
//   append_audit(store, check, entry);
//
// Private to the host. Errors: sendcheck::Error of the store ("history.*"); nothing else throws
// but std::bad_alloc. Thread-safety: no shared state; a HistoryStore is used by one thread.
#ifndef SENDCHECK_ENGINE_CHECK_H_
#define SENDCHECK_ENGINE_CHECK_H_

#include <cstdint>
#include <optional>
#include <string>

#include "sendcheck/assessment.h"
#include "sendcheck/draft.h"
#include "sendcheck/messages.h"
#include "sendcheck/settings.h"
#include "store/history_store.h"

namespace sendcheck::engine {

// The locale of a check's messages: `requested` (a request's "locale", the CLI's --locale) when
// given, else the draft's, else the settings', else `fallback` (the CLI passes the locale of its
// environment, LC_ALL/LC_MESSAGES/LANG; the host English).
Locale choose_locale(std::optional<Locale> requested, const Draft& draft, const Settings& settings,
                     Locale fallback);

// A draft with the settings and options it is assessed with.
struct Check {
  Draft draft;
  Settings settings;
  AssessOptions options;
};

// The check of `draft` under `settings`, its locale chosen by choose_locale.
Check prepare_check(Draft draft, Settings settings, std::optional<Locale> requested,
                    Locale fallback);

// The confirmation payload of `check` against `history` (nullptr: no history yet, every recipient
// first-time).
Payload run_check(const Check& check, const HistoryReader* history);

// The audit entry of `check`'s draft as `payload` showed it, with `action` ("checked", "sent",
// "cancelled", "blocked") at `time` (Unix seconds): canonical addresses with their class (at most
// HistoryStore::kMaxAuditRecipients), attachment names, sizes and the draft's SHA-256, warning
// codes with the personal-data counts, the draft fingerprint. Never a body or a subject.
AuditEntry audit_entry(std::string action, const Check& check, const Payload& payload,
                       std::int64_t time);

// Appends `entry` to `store`'s audit log; the first audit write of a store also applies the
// auditRetentionDays setting of `check`.
void append_audit(HistoryStore& store, const Check& check, const AuditEntry& entry);

// record-sent: after a real send, learns the message (its From as the user's own address, the
// recipients, what the wrong-recipient check learns of subject and body) and writes the audit
// entry "sent" with `message_id`, in one transaction of `store`. The draft is assessed before it
// is learned, so the entry keeps what the dialog showed. `date` 0 means `now`. Returns false (and
// writes no second entry) when the Message-ID was recorded before. On an exception the
// transaction is left open: the caller closes the store, which rolls it back.
bool record_sent(HistoryStore& store, const Check& check, const std::string& message_id,
                 std::int64_t date, std::int64_t now);

}  // namespace sendcheck::engine

#endif  // SENDCHECK_ENGINE_CHECK_H_
