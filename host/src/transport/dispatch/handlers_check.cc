// check, record-sent, audit.record, audit.query: the requests about one draft, and the audit log
// they write (canonical addresses with their class, attachment names, sizes and SHA-256, warning
// codes with the personal-data counts, the draft fingerprint, the Message-ID of a sent mail; never
// a body or a subject).
#include <algorithm>

#include "engine_wiring.h"
#include "mail/draft_reader.h"
#include "policy/policy.h"
#include "sendcheck/assessment.h"
#include "sendcheck/draft.h"
#include "sendcheck/error.h"
#include "sendcheck/messages.h"
#include "store/history_store.h"
#include "transport/dispatch/handlers.h"
#include "transport/dispatch/request.h"

namespace sendcheck::transport {
namespace {

constexpr std::int64_t kDefaultAuditLimit = 100;
constexpr std::int64_t kMaxAuditLimit = 1000;

// The request's "locale" ("ja" | "en"), else the draft's, else the settings', else English.
Locale choose_locale(const json& request, const Draft& draft, const Settings& settings) {
  if (std::optional<std::string> tag = optional_string(request, "locale")) {
    if (*tag != "ja" && *tag != "en") throw Error("request.bad-field", "locale: expected ja or en");
    return parse_locale(*tag);
  }
  if (!draft.locale.empty()) return parse_locale(draft.locale);
  if (!settings.locale.empty()) return parse_locale(settings.locale);
  return Locale::kEn;
}

// A request's draft with the settings and options it is assessed with.
struct Prepared {
  Draft draft;
  Settings settings;
  AssessOptions options;
};

// Reads the settings and the request's draft (before any history is opened: a bad request
// touches no file).
Prepared prepare(Context& context, const json& request) {
  Prepared out;
  out.settings = effective_settings(context.settings_layers());
  out.draft = draft_from_json(required_field(request, "draft"));
  out.options.locale = choose_locale(request, out.draft, out.settings);
  return out;
}

// Assesses against `history` (nullptr: no history yet, every recipient first-time).
Payload assess_prepared(const Prepared& prepared, const HistoryReader* history) {
  EmptyHistory empty;
  return assess(prepared.draft, prepared.settings, history != nullptr ? *history : empty,
                prepared.options);
}

// The audit entry of `prepared`'s draft as `payload` showed it.
AuditEntry audit_entry(std::string action, const Prepared& prepared, const Payload& payload,
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
  const std::vector<DraftAttachment>& drafted = prepared.draft.attachments;
  for (std::size_t i = 0; i < payload.attachments.size(); ++i) {
    if (entry.attachments.size() >= HistoryStore::kMaxAuditAttachments) break;
    const AttachmentResult& a = payload.attachments[i];
    std::string sha256 = i < drafted.size() && drafted[i].name == a.name ? drafted[i].sha256 : "";
    entry.attachments.push_back({a.name, a.size, std::move(sha256)});
  }
  for (const Warning& w : payload.warnings) {
    entry.warnings.push_back(w.code);
    // body_checks.cc: personal-data carries {"kind": ..., "count": n}.
    if (w.code != "personal-data" || !w.params.is_object()) continue;
    auto kind = w.params.find("kind");
    auto count = w.params.find("count");
    entry.personal_data.push_back(
        {kind != w.params.end() && kind->is_string() ? kind->get<std::string>() : std::string(),
         count != w.params.end() && count->is_number_integer() ? count->get<std::int64_t>() : 0});
  }
  entry.fingerprint = draft_fingerprint(prepared.draft);
  return entry;
}

// Appends `entry`; the first audit write of this store also applies the retention setting.
void append_audit(HistoryStore& store, const Prepared& prepared, const AuditEntry& entry) {
  store.set_audit_retention(prepared.settings.audit_retention_days);
  store.append_audit(entry);
}

json audit_json(const AuditEntry& entry) {
  json recipients = json::array();
  for (const AuditRecipient& r : entry.recipients) {
    recipients.push_back(json{{"address", r.address}, {"class", r.klass}});
  }
  json attachments = json::array();
  for (const AuditAttachment& a : entry.attachments) {
    json item{{"name", a.name}, {"size", a.size}};
    if (!a.sha256.empty()) item["sha256"] = a.sha256;
    attachments.push_back(std::move(item));
  }
  json personal_data = json::array();
  for (const AuditPersonalData& p : entry.personal_data) {
    personal_data.push_back(json{{"kind", p.kind}, {"count", p.count}});
  }
  json out{{"time", entry.time},
           {"action", entry.action},
           {"verdict", entry.verdict},
           {"recipientCount", entry.recipient_count},
           {"recipients", std::move(recipients)},
           {"attachments", std::move(attachments)},
           {"warnings", entry.warnings}};
  // Fields of schema version 3, present when known (an entry keeps the shape it had before).
  if (!personal_data.empty()) out["personalData"] = std::move(personal_data);
  if (!entry.message_id.empty()) out["messageId"] = entry.message_id;
  return out;
}

std::size_t json_size(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace).size();
}

}  // namespace

// Where the time of a check goes (callgrind of sendcheck-host, the bench's 50-recipient draft at
// 10 000 addresses; docs/performance.md): after loading the libraries, the request takes about
// 24 M instructions: the history opened read-only (2.7 M, about 40 prepared statements), the
// look-ups and look-alike search of every recipient (12 M), the co-recipient counts (3.6 M), the
// reply's JSON (2.3 M to build, 1.1 M to serialise once). The audit entry costs another 4.5 M:
// the history opened a second time, read-write (2.7 M: migration check, WAL, its statements
// again), the draft fingerprint (0.7 M) and one write transaction (0.7 M). The user does not need
// to wait for it, so it is written after the reply (Context::after_reply): by the native host
// loop once the reply frame is out, before it reads the next request; by the HTTP bridge before
// it answers. Thunderbird closes a host's stdin after the reply to sendNativeMessage and lets it
// exit for 3 s before it is killed (NativeMessaging.sys.mjs, GRACEFUL_SHUTDOWN_TIME): the entry
// takes a few milliseconds. The time of the entry is the time of the check.
json handle_check(Context& context, const json& request) {
  Prepared prepared = prepare(context, request);
  Payload payload = assess_prepared(prepared, context.history_for_reading());
  json result = payload_to_json(payload, context.result_budget());
  context.after_reply([&context, time = context.now(), prepared = std::move(prepared),
                       payload = std::move(payload)] {
    // A history that cannot take the audit entry right now (busy, read-only file system) must
    // not cost the user the check. The host log says so.
    try {
      append_audit(context.history_for_writing(), prepared,
                   audit_entry("checked", prepared, payload, time));
    } catch (const Error& e) {
      context.note("audit not written: " + e.code());
    }
  });
  return result;
}

json handle_record_sent(Context& context, const json& request) {
  std::optional<std::string> message_id = optional_string(request, "messageId");
  std::optional<std::int64_t> date = optional_integer(request, "date");
  Prepared prepared = prepare(context, request);
  HistoryStore& store = context.history_for_writing();
  // Assessed before the message is learned: the audit keeps what the dialog showed.
  Payload payload = assess_prepared(prepared, &store);

  SentMessage message;
  message.message_id = message_id.value_or("");
  // Without a date, now: a date of 0 would make two sends to the same people without a
  // Message-ID look like one (the synthetic id is derived from the date as given).
  message.date = date.value_or(0) != 0 ? *date : context.now();
  message.from = prepared.draft.from;
  message.recipients = prepared.draft.recipients;
  // What the wrong-recipient check learns (greeting keys, hashed terms, thread keys); the text
  // itself is not stored.
  message.subject = prepared.draft.subject;
  message.body = prepared.draft.body;
  message.in_reply_to = prepared.draft.in_reply_to;
  message.references = prepared.draft.references;
  std::vector<std::string> self;
  for (const Mailbox& mailbox : prepared.draft.from) {
    CanonicalAddress canonical;
    if (canonicalize(mailbox, &canonical)) self.push_back(canonical.address);
  }

  bool recorded = false;
  // One transaction: the sender as the user's own address, the message, its audit entry.
  try {
    store.begin_batch();
    if (!self.empty()) store.add_self(self);
    recorded = store.add_sent(message);
    // A repeated record-sent (same Message-ID) is not audited twice.
    if (recorded) {
      AuditEntry entry = audit_entry("sent", prepared, payload, context.now());
      entry.message_id = message.message_id;
      append_audit(store, prepared, entry);
    }
    store.commit();
  } catch (...) {
    context.close_history();  // rolls the batch back
    throw;
  }
  return json{{"recorded", recorded}};
}

json handle_audit_record(Context& context, const json& request) {
  std::string action = required_string(request, "action");
  if (action != "cancelled" && action != "blocked") {
    throw Error("request.bad-field", "action: expected \"cancelled\" or \"blocked\"");
  }
  Prepared prepared = prepare(context, request);
  Payload payload = assess_prepared(prepared, context.history_for_reading());
  append_audit(context.history_for_writing(), prepared,
               audit_entry(action, prepared, payload, context.now()));
  return json{{"recorded", true}};
}

json handle_audit_query(Context& context, const json& request) {
  AuditQuery query;
  query.since = optional_integer(request, "since");
  query.until = optional_integer(request, "until");
  query.message_id = optional_string(request, "messageId");
  std::int64_t limit = optional_integer(request, "limit").value_or(kDefaultAuditLimit);
  if (limit < 1) throw Error("request.bad-field", "limit: expected a number from 1 to 1000");
  query.limit = static_cast<std::size_t>(std::min(limit, kMaxAuditLimit));

  json entries = json::array();
  bool truncated = false;
  if (HistoryStore* store = context.history_for_reading()) {
    // Entries are added while the reply stays within its budget; the rest are left for a next
    // query (until = the time of the last entry returned).
    const std::size_t budget = context.result_budget();
    std::size_t used = 64;  // {"entries":[],"truncated":false}
    for (const AuditEntry& entry : store->query_audit(query)) {
      json item = audit_json(entry);
      std::size_t size = json_size(item) + 1;
      if (used + size > budget) {
        truncated = true;
        break;
      }
      used += size;
      entries.push_back(std::move(item));
    }
  }
  return json{{"entries", std::move(entries)}, {"truncated", truncated}};
}

}  // namespace sendcheck::transport
