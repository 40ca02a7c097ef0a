// Field access for requests, and the UTF-8 check of incoming messages.
#include "transport/dispatch/request.h"

#include <cmath>
#include <limits>

#include "sendcheck/error.h"

namespace sendcheck::transport {
namespace {

using nlohmann::json;

std::string field_name(std::string_view path, std::string_view key) {
  std::string name(path);
  if (!name.empty()) name += '.';
  name += key;
  return name;
}

const json* find(const json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

[[noreturn]] void bad(std::string_view path, std::string_view key, std::string_view expected) {
  throw Error("request.bad-field", field_name(path, key) + ": expected " + std::string(expected));
}

}  // namespace

const json& required_field(const json& object, std::string_view key, std::string_view path) {
  const json* value = find(object, key);
  if (value == nullptr) {
    throw Error("request.missing-field", field_name(path, key) + ": missing");
  }
  return *value;
}

std::string required_string(const json& object, std::string_view key, std::string_view path) {
  const json& value = required_field(object, key, path);
  if (!value.is_string()) bad(path, key, "a string");
  return value.get<std::string>();
}

std::optional<std::string> optional_string(const json& object, std::string_view key,
                                           std::string_view path) {
  const json* value = find(object, key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) bad(path, key, "a string");
  return value->get<std::string>();
}

std::optional<std::int64_t> optional_integer(const json& object, std::string_view key,
                                             std::string_view path) {
  const json* value = find(object, key);
  if (value == nullptr) return std::nullopt;
  if (value->is_number_integer()) {
    if (value->is_number_unsigned() &&
        value->get<std::uint64_t>() >
            static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      bad(path, key, "an integer in range");
    }
    return value->get<std::int64_t>();
  }
  if (value->is_number_float()) {
    double d = std::trunc(value->get<double>());
    // 2^63 is exactly representable; anything at or above it (or NaN) is out of range.
    if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0)) {
      bad(path, key, "an integer in range");
    }
    return static_cast<std::int64_t>(d);
  }
  bad(path, key, "a number");
}

std::optional<bool> optional_bool(const json& object, std::string_view key, std::string_view path) {
  const json* value = find(object, key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_boolean()) bad(path, key, "true or false");
  return value->get<bool>();
}

std::vector<std::string> optional_string_list(const json& object, std::string_view key,
                                              std::string_view path) {
  std::vector<std::string> out;
  const json* value = find(object, key);
  if (value == nullptr) return out;
  if (value->is_string()) {
    out.push_back(value->get<std::string>());
    return out;
  }
  if (!value->is_array()) bad(path, key, "an array of strings");
  for (std::size_t i = 0; i < value->size(); ++i) {
    const json& item = (*value)[i];
    if (!item.is_string()) {
      throw Error("request.bad-field",
                  field_name(path, key) + "[" + std::to_string(i) + "]: expected a string");
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

bool is_valid_utf8(std::string_view bytes) {
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  std::size_t i = 0;
  while (i < n) {
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    unsigned char low = 0x80;  // allowed range of the second byte
    unsigned char high = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      length = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      length = 3;
      if (c == 0xE0) low = 0xA0;   // no overlong forms
      if (c == 0xED) high = 0x9F;  // no surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      length = 4;
      if (c == 0xF0) low = 0x90;   // no overlong forms
      if (c == 0xF4) high = 0x8F;  // nothing above U+10FFFF
    } else {
      return false;
    }
    if (n - i < length) return false;
    if (s[i + 1] < low || s[i + 1] > high) return false;
    for (std::size_t k = 2; k < length; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return false;
    }
    i += length;
  }
  return true;
}

}  // namespace sendcheck::transport
