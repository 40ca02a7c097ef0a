// The cpprestsdk implementation of HttpServer. cpprestsdk is in maintenance upstream (DESIGN.md
// §2): nothing outside this file includes its headers.
//
// cpprestsdk's listener calls the handler once the headers are read, while the body still
// arrives. A request the bridge refuses from its headers alone (e.g. a Content-Length over the
// cap) is answered without reading its body into memory: the body is drained in small chunks
// and dropped (cpprestsdk writes the response once the client has sent the whole request).
#include <cpprest/http_listener.h>

#include <memory>
#include <string>
#include <vector>

#include "sendcheck/error.h"
#include "transport/http/http_server.h"

namespace sendcheck::transport::http {
namespace {

namespace listener = web::http::experimental::listener;
using web::http::http_request;
using web::http::http_response;

HttpRequest to_bridge_request(const http_request& request) {
  HttpRequest out;
  out.method = request.method();
  out.path = request.relative_uri().path();
  for (const auto& [name, value] : request.headers()) {
    std::string key = name;
    for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers[key] = value;
  }
  if (out.header("content-length") != nullptr) {
    out.content_length = request.headers().content_length();
  }
  out.chunked = out.header("transfer-encoding") != nullptr;
  return out;
}

// cpprest requests and pplx tasks are reference-counted handles, passed by value as the
// library's own signatures do.
// NOLINTNEXTLINE(performance-unnecessary-value-param)
void reply(http_request request, const HttpResponse& response) {
  http_response out(static_cast<web::http::status_code>(response.status));
  std::string content_type;
  for (const auto& [name, value] : response.headers) {
    if (name == "Content-Type") {
      content_type = value;
    } else {
      out.headers().add(name, value);
    }
  }
  if (!content_type.empty()) out.set_body(response.body, content_type);
  request.reply(out).then(
      [](pplx::task<void> done) {  // NOLINT(performance-unnecessary-value-param): cpprest handles
                                   // and pplx tasks are passed by value
        try {
          done.get();
        } catch (...) {  // the client went away: nothing to answer
        }
      });
}

// Reads and drops the rest of a body, 64 KiB at a time.
void drain(concurrency::streams::streambuf<std::uint8_t> body) {
  auto chunk = std::make_shared<std::vector<std::uint8_t>>(64 * 1024);
  body.getn(chunk->data(), chunk->size())
      .then(
          [body, chunk](
              pplx::task<std::size_t> read) {  // NOLINT(performance-unnecessary-value-param):
                                               // cpprest handles and pplx tasks are passed by value
            std::size_t bytes = 0;
            try {
              bytes = read.get();
            } catch (...) {
              return;
            }
            if (bytes > 0) drain(body);
          });
}

class CpprestServer : public HttpServer {
 public:
  explicit CpprestServer(Bridge& bridge) : bridge_(bridge) {}
  ~CpprestServer() override { stop(); }

  void start() override {
    std::string address = "http://127.0.0.1:" + std::to_string(bridge_.options().port) + "/";
    try {
      listener_ = std::make_unique<listener::http_listener>(web::uri(address));
      // NOLINTNEXTLINE(performance-unnecessary-value-param,performance-move-const-arg)
      auto handler = [this](http_request request) { serve(std::move(request)); };
      listener_->support(handler);
      // The listener answers OPTIONS and TRACE itself unless they have handlers of their own:
      // preflights must go through the bridge's Host and Origin checks.
      listener_->support(web::http::methods::OPTIONS, handler);
      listener_->support(web::http::methods::TRCE, handler);
      listener_->open().wait();
    } catch (const std::exception& e) {
      listener_.reset();
      throw Error("bridge.listen-failed", "cannot listen on " + address + ": " + e.what());
    }
  }

  void stop() override {
    if (!listener_) return;
    try {
      listener_->close().wait();
    } catch (...) {
    }
    listener_.reset();
  }

 private:
  void serve(http_request request) {  // NOLINT(performance-unnecessary-value-param): cpprest
                                      // handles and pplx tasks are passed by value
    try {
      auto head = std::make_shared<HttpRequest>(to_bridge_request(request));
      std::optional<HttpResponse> early = bridge_.check_head(*head);
      if (early) {
        if (head->method == "POST" || head->content_length.value_or(0) > 0 || head->chunked) {
          drain(request.body().streambuf());
        }
        reply(request, *early);
        return;
      }
      Bridge* bridge = &bridge_;
      request.extract_vector().then(
          [bridge, head, request](pplx::task<std::vector<unsigned char>>
                                      body) {  // NOLINT(performance-unnecessary-value-param):
                                               // cpprest handles and pplx tasks are passed by value
            std::vector<unsigned char> bytes;
            try {
              bytes = body.get();
            } catch (...) {
              bridge->log_line("request body could not be read");
              return;
            }
            std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
            reply(request, bridge->handle_body(*head, text));
          });
    } catch (const std::exception& e) {
      bridge_.log_line(std::string("internal error: ") + e.what());
      HttpResponse failed;
      failed.status = 500;
      failed.headers.emplace_back("Content-Type", "application/json; charset=utf-8");
      failed.body = Dispatcher::error_reply(nullptr, "internal-error", "internal error").dump();
      reply(request, failed);
    }
  }

  Bridge& bridge_;
  std::unique_ptr<listener::http_listener> listener_;
};

}  // namespace

std::unique_ptr<HttpServer> make_cpprest_server(Bridge& bridge) {
  return std::make_unique<CpprestServer>(bridge);
}

}  // namespace sendcheck::transport::http
