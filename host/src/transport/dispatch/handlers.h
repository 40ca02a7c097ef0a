// transport/dispatch/handlers.h — one function per request type (docs/protocol.md "Message
// types"). Each takes the request object (already known to be an object with a string "type")
// and returns the `result` of the reply, or throws sendcheck::Error whose code becomes the
// reply's error code ("request.missing-field", "draft.bad-field", "history.busy", ...).
//
// Thread-safety: as Context (one thread per connection).
#ifndef SENDCHECK_TRANSPORT_DISPATCH_HANDLERS_H_
#define SENDCHECK_TRANSPORT_DISPATCH_HANDLERS_H_

#include <nlohmann/json.hpp>

#include "transport/dispatch/context.h"

namespace sendcheck::transport {

using nlohmann::json;

// handlers_check.cc: the draft requests and the audit log.
json handle_check(Context& context, const json& request);
json handle_record_sent(Context& context, const json& request);
json handle_audit_record(Context& context, const json& request);
json handle_audit_query(Context& context, const json& request);

// handlers_import.cc
json handle_import_history(Context& context, const json& request);

// handlers_admin.cc: settings, allowlist, history size and forget.
json handle_settings_get(Context& context, const json& request);
json handle_settings_set(Context& context, const json& request);
json handle_allowlist_list(Context& context, const json& request);
json handle_allowlist_add(Context& context, const json& request);
json handle_allowlist_remove(Context& context, const json& request);
json handle_history_stats(Context& context, const json& request);
json handle_history_forget(Context& context, const json& request);

}  // namespace sendcheck::transport

#endif  // SENDCHECK_TRANSPORT_DISPATCH_HANDLERS_H_
