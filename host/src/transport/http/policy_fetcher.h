// transport/http/policy_fetcher.h — the HTTP client behind the team policy URL
// (policy/policy.h, PolicyFetcher). Only policy_fetcher.cc includes cpprestsdk (DESIGN.md §2:
// kept inside host/src/transport/; a Boost.Beast client could implement the same interface).
//
// One GET per fetch(): `Accept: application/json`, `If-None-Match: <etag>` when the request has
// one; certificates are verified (the system's trust store); redirects are not followed (the
// answer is taken as it is: 3xx is "policy.http-status"). The whole exchange is bounded by
// request.timeout: past it, "policy.fetch-timeout" and the request is cancelled. A body longer
// than request.max_body_bytes (by Content-Length, or while reading) is "policy.too-large" and is
// not read further. Connection, DNS and TLS failures are "policy.fetch-failed". The URL is
// assumed checked by the caller (policy_url_problem).
//
// Thread-safety: fetch() may be called from several threads at once (no shared state).
#ifndef SENDCHECK_TRANSPORT_HTTP_POLICY_FETCHER_H_
#define SENDCHECK_TRANSPORT_HTTP_POLICY_FETCHER_H_

#include <memory>

#include "policy/policy.h"

namespace sendcheck::transport::http {

std::shared_ptr<const PolicyFetcher> make_cpprest_policy_fetcher();

}  // namespace sendcheck::transport::http

#endif  // SENDCHECK_TRANSPORT_HTTP_POLICY_FETCHER_H_
