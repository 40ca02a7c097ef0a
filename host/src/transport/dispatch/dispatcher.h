// transport/dispatch/dispatcher.h — one request envelope routed to small handlers
// (docs/protocol.md "Envelope" and "Message types"). No transport types: the native messaging
// host (transport/native/) and the HTTP bridge hand it the bytes of one message and send back
// the text it returns.
//
// Request  { "id": <any JSON, echoed; null when absent>, "type": "<type>", ...fields }
// Reply    { "id": <same>, "ok": true, "result": <object> }
//        | { "id": <same>, "ok": false, "error": { "code": "<code>", "message": "<English>" } }
//
// Every message gets exactly one reply, also when it is not JSON: the id is then null. Error
// codes of the envelope: "frame.invalid-utf8" (the bytes are not UTF-8), "request.invalid-json",
// "request.not-object", "request.missing-field" (no "type", or a field a type needs),
// "request.bad-field" (a field of the wrong type; an id over kMaxIdBytes),
// "request.unknown-type", "reply.too-large" (a result that cannot be summarised under
// max_reply_bytes), "internal-error"; handlers add the engine's codes (sendcheck::Error: draft.*,
// history.*, settings.*, allowlist.*, import.*, policy.*, input.unreadable).
//
// Thread-safety: a Dispatcher is one connection's state (its Context); use it from one thread.
#ifndef SENDCHECK_TRANSPORT_DISPATCH_DISPATCHER_H_
#define SENDCHECK_TRANSPORT_DISPATCH_DISPATCHER_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "transport/dispatch/context.h"

namespace sendcheck::transport {

// Protocol version of docs/protocol.md "Message types" (hello's "protocol").
inline constexpr int kProtocolVersion = 1;
// An id whose JSON is longer than this is refused (the reply must fit under 1 MiB with it).
inline constexpr std::size_t kMaxIdBytes = 1024;

// What the host log needs about one request: never its content.
struct RequestInfo {
  nlohmann::json id;        // as received (null when there was none)
  std::string type;         // as received ("" when there was none)
  std::string code = "ok";  // "ok" or the error code of the reply
  std::string note;         // a remark of the handler (Context::note), e.g. an unwritten audit
};

class Dispatcher {
 public:
  explicit Dispatcher(DispatchOptions options = {});

  // One message (the body of a native frame, an HTTP request body) -> the reply, serialised,
  // at most options().max_reply_bytes bytes. Throws only std::bad_alloc.
  std::string handle_message(std::string_view bytes, RequestInfo* info = nullptr);

  // One parsed request -> the reply object (not size-checked; handle_message does that).
  nlohmann::json handle(const nlohmann::json& request, RequestInfo* info = nullptr);

  // Work a handler leaves for after its reply (Context::after_reply: the audit entry of a
  // check). By default handle and handle_message do it before they return (the HTTP bridge,
  // tests). With defer_work_after_reply(true) they leave it to the caller, which sends the reply
  // first and then calls finish_request (the native host loop: the user waits for the reply
  // frame only). Work still pending when the next request is handled is done first.
  void defer_work_after_reply(bool defer) { defer_after_reply_ = defer; }
  // Does the work left for after the reply; its remarks (Context::note) are appended to
  // info->note. Nothing to do is fine. Throws only std::bad_alloc.
  void finish_request(RequestInfo* info = nullptr);

  // { "id": id, "ok": false, "error": { "code": code, "message": message } }
  static nlohmann::json error_reply(const nlohmann::json& id, std::string_view code,
                                    std::string_view message);
  // Every request type, in the order of docs/protocol.md.
  static const std::vector<std::string>& types();

  Context& context() { return context_; }

 private:
  Context context_;
  bool defer_after_reply_ = false;
};

}  // namespace sendcheck::transport

#endif  // SENDCHECK_TRANSPORT_DISPATCH_DISPATCHER_H_
