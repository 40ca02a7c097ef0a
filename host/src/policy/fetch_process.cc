// A PolicyFetcher that runs the GET in a child process (policy/fetch_process.h).
#include "policy/fetch_process.h"

#include <optional>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "platform/process.h"
#include "sendcheck/error.h"

namespace sendcheck {
namespace {

using nlohmann::json;
PolicyFetchResponse failure(const char* code, std::string message) {
  PolicyFetchResponse out;
  out.error_code = code;
  out.error_message = std::move(message);
  return out;
}

class ProcessPolicyFetcher : public PolicyFetcher {
 public:
  ProcessPolicyFetcher(std::vector<std::string> argv, std::chrono::milliseconds grace)
      : argv_(std::move(argv)), grace_(grace) {}

  PolicyFetchResponse fetch(const PolicyFetchRequest& request) const override {
    const std::string program = argv_.empty() ? std::string() : argv_.front();
    if (program.empty()) return failure("policy.fetch-failed", "no program to fetch the policy");
    platform::SpawnOptions spawn;
    spawn.argv = argv_;  // stdin and stdout piped, stderr the caller's
    std::optional<platform::ChildProcess> child;
    try {
      child.emplace(spawn);
    } catch (const std::system_error& e) {
      return failure("policy.fetch-failed", e.what());
    }

    platform::ExchangeOptions exchange;
    exchange.deadline = platform::ProcessClock::now() + request.timeout + grace_;
    // The body, the header line and some slack: more than this is too large.
    exchange.max_out = request.max_body_bytes + 64 * 1024;
    platform::ExchangeResult result = child->exchange(encode_fetch_request(request), exchange);
    child->close_stdin();

    // Reap the child: after its answer it exits on its own (waited for until the deadline at
    // most); one that sent too much or ran out of time is killed at once.
    bool timed_out = result.timed_out;
    if (!timed_out && !result.too_large && !child->wait_until(exchange.deadline)) {
      timed_out = true;
    }
    child->kill();  // no-op for a child already reaped
    if (timed_out) {
      return failure("policy.fetch-timeout", request.url + ": no answer within " +
                                                 std::to_string(request.timeout.count()) + " s (" +
                                                 program + ")");
    }
    if (result.too_large) {
      PolicyFetchResponse out =
          failure("policy.too-large", request.url + ": the policy is over " +
                                          std::to_string(request.max_body_bytes) + " bytes");
      out.status = 200;
      return out;
    }
    return decode_fetch_response(result.out, program);
  }

 private:
  std::vector<std::string> argv_;
  std::chrono::milliseconds grace_;
};

}  // namespace

std::shared_ptr<const PolicyFetcher> make_process_policy_fetcher(std::vector<std::string> argv,
                                                                 std::chrono::milliseconds grace) {
  return std::make_shared<ProcessPolicyFetcher>(std::move(argv), grace);
}

std::string encode_fetch_request(const PolicyFetchRequest& request) {
  return json{{"url", request.url},
              {"etag", request.etag},
              {"timeoutSeconds", request.timeout.count()},
              {"maxBodyBytes", request.max_body_bytes}}
      .dump(-1, ' ', false, json::error_handler_t::replace);
}

PolicyFetchRequest decode_fetch_request(const std::string& text) {
  json object = json::parse(text, nullptr, /*allow_exceptions=*/false);
  auto url = object.is_object() ? object.find("url") : object.end();
  if (!object.is_object() || url == object.end() || !url->is_string()) {
    throw Error("policy.bad-request",
                "expected {\"url\": ..., \"etag\", \"timeoutSeconds\", "
                "\"maxBodyBytes\"} on stdin");
  }
  PolicyFetchRequest request;
  request.url = url->get<std::string>();
  if (auto it = object.find("etag"); it != object.end() && it->is_string()) {
    request.etag = it->get<std::string>();
  }
  if (auto it = object.find("timeoutSeconds"); it != object.end() && it->is_number_unsigned()) {
    request.timeout = std::chrono::seconds(it->get<std::int64_t>());
  }
  if (auto it = object.find("maxBodyBytes"); it != object.end() && it->is_number_unsigned()) {
    request.max_body_bytes = it->get<std::size_t>();
  }
  return request;
}

std::string encode_fetch_response(const PolicyFetchResponse& response) {
  std::string head = json{{"status", response.status},
                          {"etag", response.etag},
                          {"errorCode", response.error_code},
                          {"errorMessage", response.error_message},
                          {"bodyBytes", response.body.size()}}
                         .dump(-1, ' ', false, json::error_handler_t::replace);
  return head + "\n" + response.body;
}

PolicyFetchResponse decode_fetch_response(const std::string& text, const std::string& program) {
  std::size_t line_end = text.find('\n');
  json head = line_end == std::string::npos
                  ? json()
                  : json::parse(text.substr(0, line_end), nullptr, /*allow_exceptions=*/false);
  auto field = [&](const char* key) {
    auto it = head.is_object() ? head.find(key) : head.end();
    return it != head.end() ? *it : json();
  };
  json status = field("status");
  json bytes = field("bodyBytes");
  if (!status.is_number_integer() || !bytes.is_number_unsigned() ||
      bytes.get<std::size_t>() != text.size() - line_end - 1) {
    return failure("policy.fetch-failed", program + " policy http-get gave no valid answer");
  }
  PolicyFetchResponse out;
  out.status = status.get<int>();
  if (field("etag").is_string()) out.etag = field("etag").get<std::string>();
  if (field("errorCode").is_string()) out.error_code = field("errorCode").get<std::string>();
  if (field("errorMessage").is_string()) {
    out.error_message = field("errorMessage").get<std::string>();
  }
  out.body = text.substr(line_end + 1);
  return out;
}

}  // namespace sendcheck
