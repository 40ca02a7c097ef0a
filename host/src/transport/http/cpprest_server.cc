// The cpprestsdk implementation of HttpServer. cpprestsdk is in maintenance upstream (DESIGN.md
// §2): nothing outside this file includes its headers.
//
// cpprestsdk's listener calls the handler once the headers are read, while the body still
// arrives. A request the bridge refuses from its headers alone (e.g. a Content-Length over the
// cap) is answered without reading its body into memory: the body is drained in small chunks
// and dropped (cpprestsdk writes the response once the client has sent the whole request).
#include <cpprest/http_listener.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
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

// Requests between arrival and the end of their reply, so that stop() can let them finish: a
// reply still in flight when the process exits would be cut off (and its pplx continuation is
// reported as a leak by LeakSanitizer, found by scripts/test-sanitizers.sh).
class InFlight {
 public:
  // Held (copied into continuations) for as long as a request is being answered.
  class Token {
   public:
    explicit Token(InFlight* owner) : owner_(owner) {
      std::lock_guard<std::mutex> lock(owner_->mutex_);
      ++owner_->count_;
    }
    ~Token() {
      std::lock_guard<std::mutex> lock(owner_->mutex_);
      if (--owner_->count_ == 0) owner_->idle_.notify_all();
    }
    Token(const Token&) = delete;
    Token& operator=(const Token&) = delete;

   private:
    InFlight* owner_;
  };

  std::shared_ptr<Token> enter() { return std::make_shared<Token>(this); }

  // Waits until no request is in flight, at most `limit`; true when none is.
  bool wait_idle(std::chrono::milliseconds limit) {
    std::unique_lock<std::mutex> lock(mutex_);
    return idle_.wait_for(lock, limit, [this] { return count_ == 0; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable idle_;
  int count_ = 0;
};

// cpprest requests and pplx tasks are reference-counted handles, passed by value as the
// library's own signatures do. `token` is released when the reply has been sent (or failed).
// NOLINTNEXTLINE(performance-unnecessary-value-param)
void reply(http_request request, const HttpResponse& response,
           std::shared_ptr<InFlight::Token> token) {
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
      [token](pplx::task<void> done) {  // NOLINT(performance-unnecessary-value-param): cpprest
                                        // handles and pplx tasks are passed by value
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
    // Replies already being written finish first (bounded: a client that stops reading must not
    // keep the bridge from stopping).
    in_flight_.wait_idle(std::chrono::seconds(5));
    listener_.reset();
  }

 private:
  void serve(http_request request) {  // NOLINT(performance-unnecessary-value-param): cpprest
                                      // handles and pplx tasks are passed by value
    std::shared_ptr<InFlight::Token> token = in_flight_.enter();
    try {
      auto head = std::make_shared<HttpRequest>(to_bridge_request(request));
      std::optional<HttpResponse> early = bridge_.check_head(*head);
      if (early) {
        if (head->method == "POST" || head->content_length.value_or(0) > 0 || head->chunked) {
          drain(request.body().streambuf());
        }
        reply(request, *early, token);
        return;
      }
      Bridge* bridge = &bridge_;
      request.extract_vector().then(
          [bridge, head, request,
           token](pplx::task<std::vector<unsigned char>>
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
            reply(request, bridge->handle_body(*head, text), token);
          });
    } catch (const std::exception& e) {
      bridge_.log_line(std::string("internal error: ") + e.what());
      HttpResponse failed;
      failed.status = 500;
      failed.headers.emplace_back("Content-Type", "application/json; charset=utf-8");
      failed.body = Dispatcher::error_reply(nullptr, "internal-error", "internal error").dump();
      reply(request, failed, token);
    }
  }

  Bridge& bridge_;
  InFlight in_flight_;
  std::unique_ptr<listener::http_listener> listener_;
};

}  // namespace

std::unique_ptr<HttpServer> make_cpprest_server(Bridge& bridge) {
  return std::make_unique<CpprestServer>(bridge);
}

}  // namespace sendcheck::transport::http
