// check, record-sent, audit.record, audit.query: the requests about one draft, and the audit log
// they write, decoded here and run by the engine (engine/check.h, engine/audit.h).
#include <algorithm>

#include "engine/audit.h"
#include "engine/check.h"
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

// Reads the settings and the request's draft (before any history is opened: a bad request
// touches no file). The locale: the request's "locale" ("ja" | "en"), else the draft's, else the
// settings', else English.
engine::Check prepare(Context& context, const json& request) {
  Settings settings = effective_settings(context.settings_layers());
  Draft draft = draft_from_json(required_field(request, "draft"));
  std::optional<Locale> requested;
  if (std::optional<std::string> tag = optional_string(request, "locale")) {
    if (*tag != "ja" && *tag != "en") throw Error("request.bad-field", "locale: expected ja or en");
    requested = parse_locale(*tag);
  }
  return engine::prepare_check(std::move(draft), std::move(settings), requested, Locale::kEn);
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
  engine::Check check = prepare(context, request);
  Payload payload = engine::run_check(check, context.history_for_reading());
  json result = payload_to_json(payload, context.result_budget());
  context.after_reply(
      [&context, time = context.now(), check = std::move(check), payload = std::move(payload)] {
        // A history that cannot take the audit entry right now (busy, read-only file system) must
        // not cost the user the check. The host log says so.
        try {
          engine::append_audit(context.history_for_writing(), check,
                               engine::audit_entry("checked", check, payload, time));
        } catch (const Error& e) {
          context.note("audit not written: " + e.code());
        }
      });
  return result;
}

json handle_record_sent(Context& context, const json& request) {
  std::optional<std::string> message_id = optional_string(request, "messageId");
  std::optional<std::int64_t> date = optional_integer(request, "date");
  engine::Check check = prepare(context, request);
  HistoryStore& store = context.history_for_writing();
  bool recorded = false;
  try {
    recorded =
        engine::record_sent(store, check, message_id.value_or(""), date.value_or(0), context.now());
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
  engine::Check check = prepare(context, request);
  Payload payload = engine::run_check(check, context.history_for_reading());
  engine::append_audit(context.history_for_writing(), check,
                       engine::audit_entry(action, check, payload, context.now()));
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
  // Entries are added while the reply stays within its budget; the rest are left for a next
  // query (until = the time of the last entry returned).
  return engine::audit_query(context.history_for_reading(), query, context.result_budget());
}

}  // namespace sendcheck::transport
