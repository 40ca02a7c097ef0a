// transport/http/bridge.h — the localhost HTTP bridge for the Outlook add-in (DESIGN.md §1, §3,
// §6; README.md in this folder), without any HTTP library: a server implementation
// (cpprest_server.cc today, Boost.Beast tomorrow) turns each request into an HttpRequest, asks
// check_head() once the headers are known and handle_body() once the body is read.
//
//  - Host must be exactly 127.0.0.1:<port> or localhost:<port> (DNS rebinding fails): else 421.
//  - Origin, when present, must be one of BridgeOptions::allowed_origins: else 403, no CORS grant.
//  - OPTIONS (CORS preflight) from an allowed origin: 204 with Access-Control-Allow-Origin (the
//    origin), -Methods, -Headers, -Max-Age, and -Private-Network when asked for.
//  - POST /v1/<type> with the request envelope of the native host as body (the type from the
//    path is added when the body has none and must match it when it has one); GET /v1/hello.
//    The reply is the dispatcher's, byte for byte. HTTP status: 200, or 400 for envelope errors
//    (request.*, frame.invalid-utf8), 500 for internal-error.
//  - A body over max_body_bytes: 413 (frame.too-large) from the Content-Length alone; a body
//    without a Content-Length (chunked): 411.
//
// Thread-safety: check_head() may be called from any thread; handle_body() serialises the
// dispatcher (one Dispatcher, one Context, one history connection) with a mutex.
#ifndef SENDCHECK_TRANSPORT_HTTP_BRIDGE_H_
#define SENDCHECK_TRANSPORT_HTTP_BRIDGE_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "transport/dispatch/dispatcher.h"
#include "transport/native/host_log.h"

namespace sendcheck::transport::http {

// The port when neither --port nor the setting bridgePort names one.
inline constexpr std::uint16_t kDefaultPort = 47110;  // = Settings::bridge_port
inline constexpr std::size_t kDefaultMaxBody = 64 * 1024 * 1024;
// Access-Control-Max-Age of a granted preflight, in seconds.
inline constexpr int kPreflightMaxAge = 600;

struct BridgeOptions {
  std::uint16_t port = kDefaultPort;
  std::vector<std::string> allowed_origins;  // exact "scheme://host[:port]" strings
  std::size_t max_body_bytes = kDefaultMaxBody;
};

struct HttpRequest {
  std::string method;                          // "GET", "POST", "OPTIONS", ...
  std::string path;                            // "/v1/check" (no query)
  std::map<std::string, std::string> headers;  // names in lower case
  std::optional<std::uint64_t> content_length;
  bool chunked = false;  // Transfer-Encoding present

  // The header's value, or nullptr when absent (`name` in lower case).
  const std::string* header(const std::string& name) const;
};

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

class Bridge {
 public:
  Bridge(BridgeOptions options, DispatchOptions dispatch, native::HostLog& log);

  const BridgeOptions& options() const { return options_; }

  // After the headers: a response when the request is answered without its body (refused,
  // preflight, GET /v1/hello, unknown path), nullopt when handle_body() must follow.
  std::optional<HttpResponse> check_head(const HttpRequest& request);
  // The body of a request check_head() let through -> the dispatcher's reply.
  HttpResponse handle_body(const HttpRequest& request, std::string_view body);

  // A line in the log (thread-safe).
  void log_line(std::string_view text);

 private:
  HttpResponse dispatch(const HttpRequest& request, std::string_view body);
  HttpResponse refuse(const HttpRequest& request, int status, std::string_view code,
                      std::string_view message);
  // 405 with the Allow header (RFC 9110 §15.5.6) and CORS for an allowed origin.
  HttpResponse method_not_allowed(const HttpRequest& request, std::string_view message,
                                  std::string_view allow);
  bool origin_allowed(const std::string& origin) const;
  void add_cors(const HttpRequest& request, HttpResponse& response) const;

  BridgeOptions options_;
  native::HostLog& log_;
  std::mutex log_mutex_;
  std::mutex dispatch_mutex_;
  Dispatcher dispatcher_;
};

// SENDCHECK_ALLOWED_ORIGINS: a comma-separated list of origins (blanks trimmed, empty entries
// dropped); none when unset.
std::vector<std::string> allowed_origins_from_env();
// SENDCHECK_MAX_BODY: a positive number of bytes; else the default.
std::size_t max_body_from_env();

}  // namespace sendcheck::transport::http

#endif  // SENDCHECK_TRANSPORT_HTTP_BRIDGE_H_
