// The envelope: parse, route by "type", wrap the result or the error, keep the reply in budget.
#include "transport/dispatch/dispatcher.h"

#include <map>
#include <new>

#include "policy/policy.h"
#include "sendcheck/error.h"
#include "sendcheck/history.h"
#include "sendcheck/json_input.h"
#include "transport/dispatch/handlers.h"
#include "transport/dispatch/request.h"

#ifndef SENDCHECK_VERSION
#define SENDCHECK_VERSION "0.1.0"
#endif

namespace sendcheck::transport {
namespace {

using Handler = json (*)(Context&, const json&);

json handle_hello(Context& context, const json&);

// In the order of docs/protocol.md.
const std::vector<std::pair<std::string, Handler>>& routes() {
  static const std::vector<std::pair<std::string, Handler>> table = {
      {"hello", handle_hello},
      {"check", handle_check},
      {"record-sent", handle_record_sent},
      {"import-history", handle_import_history},
      {"settings.get", handle_settings_get},
      {"settings.set", handle_settings_set},
      {"allowlist.list", handle_allowlist_list},
      {"allowlist.add", handle_allowlist_add},
      {"allowlist.remove", handle_allowlist_remove},
      {"history.stats", handle_history_stats},
      {"history.forget", handle_history_forget},
      {"audit.query", handle_audit_query},
      {"audit.record", handle_audit_record},
  };
  return table;
}

Handler find_handler(const std::string& type) {
  for (const auto& [name, handler] : routes()) {
    if (name == type) return handler;
  }
  return nullptr;
}

// Does not open the history: only says where it is.
json handle_hello(Context& context, const json&) {
  SettingsLayers layers = context.settings_layers();
  json history_path;
  try {
    history_path = context.history_path();
  } catch (const Error&) {
    // No place for a history (no HOME): hello still answers; the requests that need it fail.
  }
  return json{{"version", SENDCHECK_VERSION},         {"protocol", kProtocolVersion},
              {"types", Dispatcher::types()},         {"locked", layers.locked},
              {"settings", explain_settings(layers)}, {"historyPath", history_path}};
}

std::string dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

json ok_reply(const json& id, json result) {
  return json{{"id", id}, {"ok", true}, {"result", std::move(result)}};
}

}  // namespace

Dispatcher::Dispatcher(DispatchOptions options) : context_(std::move(options)) {}

const std::vector<std::string>& Dispatcher::types() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& [name, handler] : routes()) out.push_back(name);
    return out;
  }();
  return names;
}

json Dispatcher::error_reply(const json& id, std::string_view code, std::string_view message) {
  return json{{"id", id},
              {"ok", false},
              {"error", json{{"code", std::string(code)}, {"message", std::string(message)}}}};
}

void Dispatcher::finish_request(RequestInfo* info) {
  context_.run_after_reply();
  std::string note = context_.take_note();
  if (info == nullptr || note.empty()) return;
  if (!info->note.empty()) info->note += "; ";
  info->note += note;
}

json Dispatcher::handle(const json& request, RequestInfo* info) {
  // Work a previous request left for after its reply comes first (its audit entry is written
  // before anything can read the audit log).
  context_.run_after_reply();
  RequestInfo local;
  RequestInfo& out = info != nullptr ? *info : local;
  out = RequestInfo{};
  auto fail = [&](const json& id, std::string_view code, std::string_view message) {
    out.code = std::string(code);
    return error_reply(id, code, message);
  };
  if (!request.is_object()) return fail(nullptr, "request.not-object", "expected a JSON object");

  json id = request.contains("id") ? request["id"] : json();
  if (dump(id).size() > kMaxIdBytes) {
    return fail(nullptr, "request.bad-field",
                "id: longer than " + std::to_string(kMaxIdBytes) + " bytes of JSON");
  }
  out.id = id;
  auto type_it = request.find("type");
  if (type_it == request.end() || type_it->is_null()) {
    return fail(id, "request.missing-field", "type: missing");
  }
  if (!type_it->is_string()) return fail(id, "request.bad-field", "type: expected a string");
  out.type = type_it->get<std::string>();
  Handler handler = find_handler(out.type);
  if (handler == nullptr) {
    return fail(id, "request.unknown-type", "unknown request type \"" + out.type + "\"");
  }

  // The result's share of the reply: the whole minus the envelope around it.
  const std::size_t envelope = dump(ok_reply(id, nullptr)).size() + 64;
  const std::size_t max_reply = context_.options().max_reply_bytes;
  context_.set_result_budget(max_reply > envelope ? max_reply - envelope : 0);
  context_.take_note();
  json reply;
  try {
    reply = ok_reply(id, handler(context_, request));
  } catch (const Error& e) {
    reply = fail(id, e.code(), e.what());
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    reply = fail(id, "internal-error", e.what());
  }
  if (!defer_after_reply_) context_.run_after_reply();
  out.note = context_.take_note();
  return reply;
}

std::string Dispatcher::handle_message(std::string_view bytes, RequestInfo* info) {
  RequestInfo local;
  RequestInfo& out = info != nullptr ? *info : local;
  json reply;
  if (!is_valid_utf8(bytes)) {
    out = RequestInfo{};
    out.code = "frame.invalid-utf8";
    reply = error_reply(nullptr, out.code, "the message is not valid UTF-8");
  } else if (bytes.empty()) {
    out = RequestInfo{};
    out.code = "request.invalid-json";
    reply = error_reply(nullptr, out.code, "the message is empty");
  } else {
    // The one depth guard for outside JSON (sendcheck/json_input.h): a message nested deeper than
    // kMaxJsonDepth is refused while it is parsed, before anything deep is built.
    json request;
    bool parsed = false;
    try {
      request = parse_json_text(bytes, "the message", "request.invalid-json");
      parsed = true;
    } catch (const Error& e) {
      out = RequestInfo{};
      out.code = e.code();
      reply = error_reply(nullptr, out.code, e.what());
    }
    if (parsed) reply = handle(request, &out);
  }
  std::string text = dump(reply);
  if (text.size() > context_.options().max_reply_bytes) {
    out.code = "reply.too-large";
    text = dump(error_reply(
        out.id, out.code,
        "the result (" + std::to_string(text.size()) + " bytes) does not fit in one reply"));
  }
  return text;
}

}  // namespace sendcheck::transport
