// platform/environment.h — reading the process environment.
//
// Thread-safety: as std::getenv: safe from any thread as long as nothing changes the environment
// (setenv, putenv) at the same time.
#ifndef SENDCHECK_PLATFORM_ENVIRONMENT_H_
#define SENDCHECK_PLATFORM_ENVIRONMENT_H_

#include <cstdint>
#include <string>

namespace sendcheck::platform {

// The value of the environment variable `name`, or "" when it is unset (an empty value and an
// unset variable are the same to every caller). Never throws except std::bad_alloc.
std::string env_value(const char* name);

// A count (bytes, ...) from the environment variable `name`: a decimal number over 0 that fits
// 64 bits, no sign. kUnset when the variable is unset or empty, kInvalid for anything else that
// is not such a number (`value` is then 0).
struct EnvCount {
  enum Status { kUnset, kValid, kInvalid } status = kUnset;
  std::uint64_t value = 0;
};
EnvCount env_count(const char* name);

}  // namespace sendcheck::platform

#endif  // SENDCHECK_PLATFORM_ENVIRONMENT_H_
