// Reading the process environment (platform/environment.h).
#include "platform/environment.h"

#include <cerrno>
#include <cstdlib>

namespace sendcheck::platform {

std::string env_value(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? std::string(value) : std::string();
}

EnvCount env_count(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return {};
  char* end = nullptr;
  errno = 0;
  unsigned long long count = std::strtoull(value, &end, 10);
  if (errno != 0 || end == value || *end != '\0' || count == 0 || value[0] == '-') {
    return {EnvCount::kInvalid, 0};
  }
  return {EnvCount::kValid, count};
}

}  // namespace sendcheck::platform
