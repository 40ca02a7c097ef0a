// transport/dispatch/request.h — reading the fields of a request object with protocol errors.
//
// Every helper throws sendcheck::Error: "request.missing-field" when a required key is absent
// (or null), "request.bad-field" when a key has the wrong type; the message names the key as
// the add-on wrote it ("messages[3].to[1]: expected a string"). A null value counts as absent.
// Thread-safe (no state).
#ifndef SENDCHECK_TRANSPORT_DISPATCH_REQUEST_H_
#define SENDCHECK_TRANSPORT_DISPATCH_REQUEST_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace sendcheck::transport {

// The value of `key` in `object`; throws request.missing-field when absent or null.
const nlohmann::json& required_field(const nlohmann::json& object, std::string_view key,
                                     std::string_view path = {});
std::string required_string(const nlohmann::json& object, std::string_view key,
                            std::string_view path = {});

std::optional<std::string> optional_string(const nlohmann::json& object, std::string_view key,
                                           std::string_view path = {});
// Any JSON number; a fractional one is rounded toward zero, one outside int64 is refused.
std::optional<std::int64_t> optional_integer(const nlohmann::json& object, std::string_view key,
                                             std::string_view path = {});
std::optional<bool> optional_bool(const nlohmann::json& object, std::string_view key,
                                  std::string_view path = {});
// An array of strings, or one string (one element), or absent/null (empty).
std::vector<std::string> optional_string_list(const nlohmann::json& object, std::string_view key,
                                              std::string_view path = {});

// True when `bytes` is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
// above U+10FFFF).
bool is_valid_utf8(std::string_view bytes);

}  // namespace sendcheck::transport

#endif  // SENDCHECK_TRANSPORT_DISPATCH_REQUEST_H_
