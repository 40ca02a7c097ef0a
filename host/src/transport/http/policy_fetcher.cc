// The cpprestsdk implementation of PolicyFetcher (transport/http/policy_fetcher.h). cpprestsdk is
// in maintenance upstream (DESIGN.md §2): nothing outside host/src/transport/ includes it.
#include "transport/http/policy_fetcher.h"

#include <cpprest/containerstream.h>
#include <cpprest/http_client.h>

#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <system_error>
#include <utility>

namespace sendcheck::transport::http {
namespace {

namespace client = web::http::client;
using web::http::http_request;
using web::http::http_response;

PolicyFetchResponse failure(const char* code, std::string message, int status = 0) {
  PolicyFetchResponse out;
  out.status = status;
  out.error_code = code;
  out.error_message = std::move(message);
  return out;
}

// Reads the body of `response` up to `limit` + 1 bytes: more than `limit` means too large.
PolicyFetchResponse read_answer(http_response response, std::size_t limit,  // NOLINT: cpprest
                                const std::string& url) {                   // handles by value
  PolicyFetchResponse out;
  out.status = response.status_code();
  if (auto it = response.headers().find(U("ETag")); it != response.headers().end()) {
    out.etag = it->second;
  }
  if (out.status != 200) return out;  // 304 and errors: the body does not matter
  std::uint64_t declared = response.headers().content_length();
  if (declared > limit) {
    return failure("policy.too-large",
                   url + ": the policy is over " + std::to_string(limit) +
                       " bytes (Content-Length " + std::to_string(declared) + ")",
                   out.status);
  }
  concurrency::streams::container_buffer<std::string> buffer;
  std::size_t read = response.body().read(buffer, limit + 1).get();
  if (read > limit) {
    return failure("policy.too-large",
                   url + ": the policy is over " + std::to_string(limit) + " bytes (read " +
                       std::to_string(read) + ")",
                   out.status);
  }
  // The buffer grows by what read() asked for (limit + 1): keep only what arrived.
  out.body = std::move(buffer.collection());
  out.body.resize(read);
  return out;
}

class CpprestPolicyFetcher : public PolicyFetcher {
 public:
  PolicyFetchResponse fetch(const PolicyFetchRequest& request) const override {
    const std::string& url = request.url;
    try {
      client::http_client_config config;
      config.set_timeout(std::chrono::duration_cast<std::chrono::microseconds>(request.timeout));
      config.set_validate_certificates(true);
      config.set_max_redirects(0);
      auto http = std::make_shared<client::http_client>(web::uri(url), config);
      http_request get(web::http::methods::GET);
      get.headers().add(U("Accept"), U("application/json"));
      if (!request.etag.empty()) get.headers().add(U("If-None-Match"), request.etag);

      // The whole exchange is bounded here too: cpprestsdk's timeout applies to each step.
      auto promise = std::make_shared<std::promise<PolicyFetchResponse>>();
      std::future<PolicyFetchResponse> answer = promise->get_future();
      pplx::cancellation_token_source cancel;
      std::size_t limit = request.max_body_bytes;
      http->request(get, cancel.get_token())
          .then(
              [http, promise, limit, url](
                  pplx::task<http_response> task) {  // NOLINT(performance-unnecessary-value-param)
                try {
                  promise->set_value(read_answer(task.get(), limit, url));
                } catch (const web::http::http_exception& e) {
                  if (e.error_code() == std::errc::timed_out) {
                    promise->set_value(failure("policy.fetch-timeout",
                                               url + ": no answer in time (" + e.what() + ")"));
                  } else {
                    promise->set_value(failure("policy.fetch-failed", url + ": " + e.what()));
                  }
                } catch (const std::exception& e) {
                  promise->set_value(failure("policy.fetch-failed", url + ": " + e.what()));
                } catch (...) {
                  promise->set_value(
                      failure("policy.fetch-failed", url + ": the request was cancelled"));
                }
              });
      if (answer.wait_for(request.timeout + std::chrono::milliseconds(500)) !=
          std::future_status::ready) {
        cancel.cancel();
        return failure("policy.fetch-timeout", url + ": no answer within " +
                                                   std::to_string(request.timeout.count()) + " s");
      }
      return answer.get();
    } catch (const std::exception& e) {
      return failure("policy.fetch-failed", url + ": " + e.what());
    }
  }
};

}  // namespace

std::shared_ptr<const PolicyFetcher> make_cpprest_policy_fetcher() {
  return std::make_shared<CpprestPolicyFetcher>();
}

}  // namespace sendcheck::transport::http
