// The native messaging host manifest (native_manifest.h).
#include "native_manifest.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <nlohmann/json.hpp>

#include "platform/paths.h"

namespace sendcheck {
namespace {

using nlohmann::json;

// Keep in step with manifests/sendcheck.json.in (install_test compares them).
constexpr std::string_view kManifestTemplate = R"({
  "name": "sendcheck",
  "description": "SendCheck: checks the recipients of a message before it is sent",
  "path": "@SENDCHECK_HOST_PATH@",
  "type": "stdio",
  "allowed_extensions": ["sendcheck@sendcheck.invalid"]
}
)";
constexpr std::string_view kPathPlaceholder = "@SENDCHECK_HOST_PATH@";
constexpr const char* kHostBinary = "sendcheck-host";

}  // namespace

std::string native_manifest_text(const std::string& host_path) {
  std::string quoted = json(host_path).dump(-1, ' ', false, json::error_handler_t::replace);
  std::string text(kManifestTemplate);
  text.replace(text.find(kPathPlaceholder), kPathPlaceholder.size(),
               quoted.substr(1, quoted.size() - 2));
  return text;
}

std::string manifest_host(const std::string& text) {
  json manifest = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!manifest.is_object() || !manifest.contains("path") || !manifest["path"].is_string()) {
    return {};
  }
  return manifest["path"].get<std::string>();
}

std::string manifest_problem(const std::string& text) {
  json manifest = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (manifest.is_discarded()) return "not valid JSON";
  if (!manifest.is_object()) return "not a JSON object";
  if (manifest.value("name", json()) != std::string(kNativeHostName)) {
    return "\"name\" is not \"sendcheck\"";
  }
  if (manifest.value("type", json()) != "stdio") return "\"type\" is not \"stdio\"";
  if (!manifest.contains("path") || !manifest["path"].is_string() ||
      manifest["path"].get<std::string>().empty() ||
      manifest["path"].get<std::string>().front() != '/') {
    return "\"path\" is not an absolute path";
  }
  const json allowed = manifest.value("allowed_extensions", json());
  if (!allowed.is_array() ||
      std::find(allowed.begin(), allowed.end(), json(std::string(kExtensionId))) == allowed.end()) {
    return "\"allowed_extensions\" does not list " + std::string(kExtensionId);
  }
  return {};
}

std::string host_problem(const std::filesystem::path& host, std::string* code) {
  struct stat info {};
  if (::stat(host.c_str(), &info) != 0) {
    *code = "install.host-missing";
    return host.string() + ": " + strerror(errno);
  }
  if (!S_ISREG(info.st_mode)) {
    *code = "install.host-not-executable";
    return host.string() + ": not a regular file";
  }
  if (::access(host.c_str(), X_OK) != 0) {
    *code = "install.host-not-executable";
    return host.string() + ": not executable";
  }
  return {};
}

std::filesystem::path default_host_path() {
  std::filesystem::path sibling = platform::sibling_program(kHostBinary);
  return sibling.empty() ? std::filesystem::path(kHostBinary) : sibling;
}

}  // namespace sendcheck
