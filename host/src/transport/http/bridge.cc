#include "transport/http/bridge.h"

#include <algorithm>
#include <cctype>
#include <chrono>

#include "platform/environment.h"

#include "sendcheck/error.h"
#include "sendcheck/json_input.h"

namespace sendcheck::transport::http {
namespace {

using nlohmann::json;

constexpr std::string_view kApiPrefix = "/v1/";

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string trim(std::string_view text) {
  size_t start = text.find_first_not_of(" \t");
  if (start == std::string_view::npos) return {};
  size_t end = text.find_last_not_of(" \t");
  return std::string(text.substr(start, end - start + 1));
}

HttpResponse json_response(int status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.headers.emplace_back("Content-Type", "application/json; charset=utf-8");
  response.headers.emplace_back("Cache-Control", "no-store");
  response.body = std::move(body);
  return response;
}

// The HTTP status of a dispatcher reply: 200, or 400 for an envelope error, 500 for
// internal-error. Engine errors (draft.*, history.*, ...) are replies like any other: 200.
int status_of_reply(const std::string& code) {
  if (code == "ok") return 200;
  if (code == "internal-error") return 500;
  if (code.starts_with("request.") || code == "frame.invalid-utf8") return 400;
  return 200;
}

}  // namespace

const std::string* HttpRequest::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? nullptr : &it->second;
}

Bridge::Bridge(BridgeOptions options, DispatchOptions dispatch, native::HostLog& log)
    : options_(std::move(options)), log_(log), dispatcher_(std::move(dispatch)) {}

void Bridge::log_line(std::string_view text) {
  std::lock_guard<std::mutex> lock(log_mutex_);
  log_.line(text);
}

bool Bridge::origin_allowed(const std::string& origin) const {
  return std::find(options_.allowed_origins.begin(), options_.allowed_origins.end(), origin) !=
         options_.allowed_origins.end();
}

void Bridge::add_cors(const HttpRequest& request, HttpResponse& response) const {
  const std::string* origin = request.header("origin");
  if (origin != nullptr && origin_allowed(*origin)) {
    response.headers.emplace_back("Access-Control-Allow-Origin", *origin);
    response.headers.emplace_back("Vary", "Origin");
  }
}

HttpResponse Bridge::refuse(const HttpRequest& request, int status, std::string_view code,
                            std::string_view message) {
  log_line("refused " + native::printable(request.method, 16) + " " +
           native::printable(request.path, 100) + " status=" + std::to_string(status) +
           " code=" + std::string(code));
  return json_response(status, Dispatcher::error_reply(nullptr, code, message).dump());
}

HttpResponse Bridge::method_not_allowed(const HttpRequest& request, std::string_view message,
                                        std::string_view allow) {
  HttpResponse response = refuse(request, 405, "bridge.method-not-allowed", message);
  response.headers.emplace_back("Allow", std::string(allow));
  add_cors(request, response);
  return response;
}

std::optional<HttpResponse> Bridge::check_head(const HttpRequest& request) {
  // Host: only the loopback names with our port, so a rebound DNS name never reaches us.
  const std::string* host = request.header("host");
  std::string port = std::to_string(options_.port);
  std::string host_value = host != nullptr ? lower(*host) : std::string();
  if (host_value != "127.0.0.1:" + port && host_value != "localhost:" + port) {
    return refuse(request, 421, "bridge.bad-host",
                  "the Host header must be 127.0.0.1:" + port + " or localhost:" + port);
  }
  // Origin: only the add-in origins of the settings; no origin = not a browser page.
  const std::string* origin = request.header("origin");
  if (origin != nullptr && !origin_allowed(*origin)) {
    return refuse(request, 403, "bridge.origin-not-allowed",
                  "this origin is not an allowed add-in origin");
  }
  if (request.method == "OPTIONS") {
    HttpResponse response;
    response.status = 204;
    if (origin != nullptr) {
      response.headers.emplace_back("Access-Control-Allow-Origin", *origin);
      response.headers.emplace_back("Access-Control-Allow-Methods", "POST, GET, OPTIONS");
      response.headers.emplace_back("Access-Control-Allow-Headers", "Content-Type");
      response.headers.emplace_back("Access-Control-Max-Age", std::to_string(kPreflightMaxAge));
      const std::string* pna = request.header("access-control-request-private-network");
      if (pna != nullptr && lower(trim(*pna)) == "true") {
        response.headers.emplace_back("Access-Control-Allow-Private-Network", "true");
      }
      response.headers.emplace_back("Vary", "Origin");
    }
    response.headers.emplace_back("Allow", "POST, GET, OPTIONS");
    return response;
  }
  if (!request.path.starts_with(kApiPrefix)) {
    HttpResponse response =
        refuse(request, 404, "bridge.not-found", "no such path; use /v1/<type>");
    add_cors(request, response);
    return response;
  }
  if (request.method == "GET") {
    if (request.path != "/v1/hello") {
      return method_not_allowed(request, "only hello is answered to GET", "POST, OPTIONS");
    }
    return handle_body(request, R"({"type":"hello"})");
  }
  if (request.method != "POST") {
    return method_not_allowed(request, "use POST, GET or OPTIONS", "POST, GET, OPTIONS");
  }
  if (request.chunked || !request.content_length) {
    HttpResponse response =
        refuse(request, 411, "bridge.length-required", "a request body needs a Content-Length");
    add_cors(request, response);
    return response;
  }
  if (*request.content_length > options_.max_body_bytes) {
    HttpResponse response = refuse(
        request, 413, "frame.too-large",
        "the request is over the cap of " + std::to_string(options_.max_body_bytes) + " bytes");
    response.headers.emplace_back("Connection", "close");
    add_cors(request, response);
    return response;
  }
  return std::nullopt;
}

HttpResponse Bridge::handle_body(const HttpRequest& request, std::string_view body) {
  HttpResponse response = dispatch(request, body);
  add_cors(request, response);
  return response;
}

HttpResponse Bridge::dispatch(const HttpRequest& request, std::string_view body) {
  std::string path_type = request.path.substr(kApiPrefix.size());
  std::string rewritten;
  std::string_view message = body;
  if (!path_type.empty()) {
    // The type of the path goes into the envelope when the body has none; a body that is not a
    // JSON object (or nests too deep: sendcheck/json_input.h) is left to the dispatcher, which
    // answers it as the native host would.
    json parsed;
    try {
      parsed = parse_json_text(body, "the message", "request.invalid-json");
    } catch (const Error&) {
      parsed = json();
    }
    if (parsed.is_object()) {
      auto type = parsed.find("type");
      if (type == parsed.end()) {
        parsed["type"] = path_type;
        rewritten = parsed.dump();
        message = rewritten;
      } else if (!type->is_string() || type->get<std::string>() != path_type) {
        json id = parsed.contains("id") ? parsed["id"] : json(nullptr);
        if (id.dump().size() > kMaxIdBytes) id = nullptr;
        log_line("refused POST " + native::printable(request.path, 100) +
                 " status=400 code=request.type-mismatch");
        return json_response(400, Dispatcher::error_reply(id, "request.type-mismatch",
                                                          "the type of the body is not the "
                                                          "type of the path")
                                      .dump());
      }
    }
  }
  RequestInfo info;
  std::string reply;
  auto started = std::chrono::steady_clock::now();
  {
    std::lock_guard<std::mutex> lock(dispatch_mutex_);
    try {
      reply = dispatcher_.handle_message(message, &info);
    } catch (const std::bad_alloc&) {
      info.code = "internal-error";
      reply = Dispatcher::error_reply(nullptr, "internal-error", "out of memory").dump();
    }
  }
  double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  {
    std::lock_guard<std::mutex> lock(log_mutex_);
    log_.request(info, ms);
  }
  return json_response(status_of_reply(info.code), std::move(reply));
}

std::vector<std::string> allowed_origins_from_env() {
  std::vector<std::string> origins;
  const std::string value = platform::env_value("SENDCHECK_ALLOWED_ORIGINS");
  std::string_view rest(value);
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string entry = trim(rest.substr(0, comma));
    if (!entry.empty()) origins.push_back(entry);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return origins;
}

std::size_t max_body_from_env() {
  platform::EnvCount bytes = platform::env_count("SENDCHECK_MAX_BODY");
  if (bytes.status != platform::EnvCount::kValid) return kDefaultMaxBody;
  return static_cast<std::size_t>(bytes.value);
}

}  // namespace sendcheck::transport::http
