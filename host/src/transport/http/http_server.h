// transport/http/http_server.h — the one interface between the bridge and an HTTP library.
// Only cpprest_server.cc includes cpprestsdk headers; a Boost.Beast server would implement the
// same interface.
//
// Thread-safety: start() and stop() from one thread; requests are served on the library's
// threads and reach the Bridge concurrently.
#ifndef SENDCHECK_TRANSPORT_HTTP_HTTP_SERVER_H_
#define SENDCHECK_TRANSPORT_HTTP_HTTP_SERVER_H_

#include <memory>

#include "transport/http/bridge.h"

namespace sendcheck::transport::http {

class HttpServer {
 public:
  virtual ~HttpServer() = default;
  // Listens on 127.0.0.1:<bridge.options().port>. Throws sendcheck::Error "bridge.listen-failed".
  virtual void start() = 0;
  // Closes the listener; requests in flight are finished first. Never throws.
  virtual void stop() = 0;
};

// The cpprestsdk implementation (web::http::experimental::listener::http_listener).
std::unique_ptr<HttpServer> make_cpprest_server(Bridge& bridge);

}  // namespace sendcheck::transport::http

#endif  // SENDCHECK_TRANSPORT_HTTP_HTTP_SERVER_H_
