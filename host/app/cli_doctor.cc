// `sendcheck doctor`: a check of the chain add-on -> manifest -> sendcheck-host ->
// history/settings/policy. The hello goes to the host in native messaging frames
// (transport/native/framing.h), the host runs as a child process (platform/process.h).
#include "cli_doctor.h"
#include "cli_args.h"
#include "cli_install.h"
#include "cli_policy.h"
#include "native_manifest.h"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <system_error>

#include <nlohmann/json.hpp>

#include "platform/environment.h"
#include "platform/files.h"
#include "platform/process.h"
#include "policy/policy.h"
#include "sendcheck/error.h"
#include "store/history_path.h"
#include "store/history_store.h"
#include "transport/native/framing.h"

namespace sendcheck {
namespace {

namespace fs = std::filesystem;
namespace native = transport::native;
using nlohmann::json;

constexpr std::string_view kDoctorUsage =
    R"(  doctor
      Check the manifests, the host (a `hello` round trip), the history, settings and policy.
)";
constexpr std::chrono::milliseconds kHelloTimeout{5000};
constexpr std::chrono::milliseconds kExitGrace{1000};  // for the host to exit after its reply
constexpr std::uint32_t kMaxReply = 1024 * 1024;       // Thunderbird's limit for host -> add-on

// The user manifest's path, or "" without a home folder.
fs::path user_manifest_or_empty() {
  try {
    return local_install(InstallScope::kUser).manifest;
  } catch (const Error&) {
    return {};
  }
}

struct Hello {
  bool ok = false;
  std::string detail;  // "version 0.1.0, protocol 1" or the reason it failed
};

std::string first_line(std::string text, size_t max = 200) {
  size_t end = text.find('\n');
  if (end != std::string::npos) text.resize(end);
  if (text.size() > max) text = text.substr(0, max) + "…";
  return text;
}

// The bytes received so far, as a frame source.
class StringSource : public native::ByteSource {
 public:
  explicit StringSource(std::string_view text) : text_(text) {}
  std::size_t read(char* data, std::size_t size) override {
    std::size_t n = text_.copy(data, size);
    text_.remove_prefix(n);
    return n;
  }

 private:
  std::string_view text_;
};

// The first reply frame in `bytes` (kTruncated while it is incomplete; kAbsurd for one declared
// over Thunderbird's limit, which is not read).
native::Frame reply_frame(const std::string& bytes) {
  StringSource source(bytes);
  return native::FrameReader(source, native::FrameLimits{kMaxReply, kMaxReply}).next();
}

// Starts `host` as Thunderbird does (argv: manifest path, extension id; cwd: its folder), sends
// one native frame {"id":1,"type":"hello"} and reads one reply, within kHelloTimeout.
Hello say_hello(const fs::path& host, const fs::path& manifest) {
  Hello hello;
  platform::SpawnOptions options;
  options.argv = {host.string(), manifest.string(), std::string(kExtensionId)};
  options.working_dir = host.parent_path().string();
  options.own_process_group = true;  // a timeout kills whatever it started, too
  options.err = platform::Stdio::kPipe;
  std::optional<platform::ChildProcess> child;
  try {
    child.emplace(options);
  } catch (const std::system_error& e) {
    return {false, "cannot execute " + host.string() + ": " + e.code().message()};
  }

  platform::ExchangeOptions exchange;
  exchange.deadline = platform::ProcessClock::now() + kHelloTimeout;
  exchange.close_input = false;  // closed after the reply: a well-behaved host exits then
  exchange.complete = [](const std::string& out) {
    native::FrameStatus status = reply_frame(out).status;
    return status == native::FrameStatus::kFrame || status == native::FrameStatus::kAbsurd;
  };
  platform::ExchangeResult exchanged =
      child->exchange(native::encode_frame(R"({"id":1,"type":"hello"})"), exchange);
  child->close_stdin();
  std::optional<platform::ExitStatus> status =
      child->wait_until(platform::ProcessClock::now() + kExitGrace);
  if (!status) child->kill();
  // Whatever the host said on stderr before going away (never blocks on it).
  std::string errors = exchanged.err + child->take_stderr(4096);

  std::string why_stderr = errors.empty() ? "" : " (stderr: " + first_line(errors) + ")";
  if (!exchanged.input_written && exchanged.out.empty()) {
    return {false, "the host did not read the request" + why_stderr};
  }
  if (exchanged.timed_out) {
    return {false,
            "no reply within " + std::to_string(kHelloTimeout.count() / 1000) + " s" + why_stderr};
  }
  native::Frame frame = reply_frame(exchanged.out);
  if (frame.status == native::FrameStatus::kAbsurd) {
    return {false, "reply frame of " + std::to_string(frame.declared) + " bytes (over 1 MiB)"};
  }
  if (frame.status != native::FrameStatus::kFrame) {
    std::string how =
        status && status->exited
            ? "exit status " + std::to_string(status->code)
            : (status ? "killed by signal " + std::to_string(status->signal) : "closed its output");
    return {false, "no complete reply (" + how + ")" + why_stderr};
  }
  json parsed = json::parse(frame.body, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_object()) return {false, "the reply is not a JSON object"};
  if (parsed.value("id", json()) != 1) return {false, "the reply has the wrong id"};
  if (parsed.value("ok", false) != true) {
    json error = parsed.value("error", json::object());
    return {false, "the host answered an error: " +
                       (error.is_object() ? error.value("code", std::string("?")) + ": " +
                                                error.value("message", std::string())
                                          : error.dump())};
  }
  const json result = parsed.value("result", json::object());
  auto pick = [&](std::initializer_list<const char*> keys) -> std::string {
    for (const char* key : keys) {
      if (!result.is_object() || !result.contains(key)) continue;
      const json& v = result[key];
      if (v.is_string()) return v.get<std::string>();
      if (v.is_number()) return v.dump();
      if (v.is_object() && v.contains("version")) {
        return v["version"].is_string() ? v["version"].get<std::string>() : v["version"].dump();
      }
    }
    return {};
  };
  std::string version = pick({"version", "hostVersion", "engineVersion", "host", "engine"});
  std::string protocol = pick({"protocol", "protocolVersion"});
  hello.ok = true;
  if (version.empty() && protocol.empty()) {
    hello.detail = "answered: " + first_line(result.dump(), 160);
  } else {
    hello.detail = "version " + (version.empty() ? "?" : version) + ", protocol " +
                   (protocol.empty() ? "?" : protocol);
  }
  return hello;
}

class Report {
 public:
  explicit Report(std::ostream& out) : out_(out) {}
  void ok(const std::string& what, const std::string& detail) { line(what, "ok", detail); }
  // `needed`: a missing thing that breaks the chain.
  void missing(const std::string& what, const std::string& detail, bool needed) {
    line(what, "missing", detail);
    if (needed) ++failures_;
  }
  void error(const std::string& what, const std::string& detail) {
    line(what, "error: " + detail, "");
    ++failures_;
  }
  int failures() const { return failures_; }

 private:
  void line(const std::string& what, const std::string& status, const std::string& detail) {
    std::string label = what + ":";
    out_ << label << std::string(label.size() < 17 ? 17 - label.size() : 1, ' ') << status
         << (detail.empty() ? "" : "  " + detail) << "\n";
  }
  std::ostream& out_;
  int failures_ = 0;
};

int cmd_doctor(const CliOptions& options, std::ostream& out) {
  if (!options.positional.empty() || !options.switches.empty()) {
    throw UsageError("doctor takes no arguments");
  }
  Report report(out);

  // Manifests, in Thunderbird's order: the first valid one is used.
  std::optional<fs::path> active_manifest;
  fs::path active_host;
  for (InstallScope scope : {InstallScope::kUser, InstallScope::kMachine}) {
    std::string what = std::string(scope_flag_name(scope)) + " manifest";
    fs::path path;
    try {
      path = local_install(scope).manifest;
    } catch (const Error& e) {
      report.missing(what, e.what(), false);
      continue;
    }
    std::error_code error;
    std::optional<std::string> text = platform::read_file(path);
    if (!text) {
      if (fs::exists(path, error)) {
        report.error(what, path.string() + ": cannot be read");
      } else {
        report.missing(what, path.string(), false);
      }
      continue;
    }
    if (std::string problem = manifest_problem(*text); !problem.empty()) {
      report.error(what, path.string() + ": " + problem);
      continue;
    }
    std::string host = manifest_host(*text);
    std::string detail = path.string();
    detail += " -> ";
    detail += host;
    if (active_manifest) detail += " (not used: the user manifest comes first)";
    report.ok(what, detail);
    if (!active_manifest) {
      active_manifest = path;
      active_host = host;
    }
  }
  if (!active_manifest) {
    report.missing("manifest", "no manifest for \"sendcheck\": run `sendcheck install --user`",
                   true);
  }

  // The host the add-on would start (or, with no manifest, the one install would register).
  fs::path host = active_manifest ? active_host : default_host_path();
  std::string code;
  std::string problem = host_problem(host, &code);
  std::string host_note = active_manifest ? "" : " (not registered)";
  if (problem.empty()) {
    report.ok("host", host.string() + host_note);
    Hello hello = say_hello(host, active_manifest ? *active_manifest : user_manifest_or_empty());
    if (hello.ok) {
      report.ok("host hello", hello.detail);
    } else {
      report.error("host hello", hello.detail);
    }
  } else if (code == "install.host-missing") {
    report.missing("host", problem, true);
    report.missing("host hello", "not tried", true);
  } else {
    report.error("host", problem);
    report.missing("host hello", "not tried", true);
  }

  // History: missing is fine (created by the first import or send).
  try {
    std::string db = default_history_path();
    std::error_code error;
    if (!fs::exists(db, error)) {
      report.missing("history", db + " (created by `sendcheck import` or the first send)", false);
    } else {
      HistoryStats stats = HistoryStore::open_read_only(db)->stats();
      report.ok("history", db + " (" + std::to_string(stats.messages) + " messages, " +
                               std::to_string(stats.addresses) + " addresses)");
    }
  } catch (const Error& e) {
    report.error("history", e.code() + ": " + e.what());
  }

  // Team policy, then the user's settings on top of it.
  bool policy_ok = true;
  try {
    SettingsLayers policy = load_policy_layer("");
    if (policy.policy_source.empty()) {
      std::string where = platform::env_value("SENDCHECK_POLICY");
      report.missing("team policy",
                     (where.empty() ? "/etc/sendcheck/policy.json" : where) + " (none; optional)",
                     false);
    } else {
      std::string locked;
      for (const std::string& key : policy.locked) locked += (locked.empty() ? "" : ", ") + key;
      report.ok("team policy",
                policy.policy_source + (locked.empty() ? "" : " (locks " + locked + ")"));
    }
  } catch (const Error& e) {
    policy_ok = false;
    report.error("team policy", e.code() + ": " + e.what());
  }
  std::string config = default_config_path();
  std::error_code error;
  if (config.empty()) {
    report.missing("settings", "no place for a settings file (no HOME)", false);
  } else if (!fs::exists(config, error)) {
    report.missing("settings", config + " (built-in defaults apply)", false);
  } else if (!policy_ok) {
    report.error("settings", config + ": not checked, the team policy cannot be read");
  } else {
    try {
      load_settings_layers("", "");
      report.ok("settings", config);
    } catch (const Error& e) {
      report.error("settings", e.code() + ": " + e.what());
    }
  }

  // The team policy from its URL, and the effective policy by source (cli_policy.h).
  if (policy_ok) {
    try {
      SettingsLayers layers;
      try {
        layers = load_settings_layers("", "");
      } catch (const Error&) {
        layers = load_policy_layer("");  // the user file's own error is reported above
      }
      const PolicyUrlState& fetched = layers.policy_url;
      if (fetched.status == "failed") {
        report.error("policy url", policy_url_status_text(fetched));  // the reason names the URL
      } else if (!fetched.url.empty()) {
        report.ok("policy url", fetched.url + " (" + policy_url_status_text(fetched) + ")");
      }
      out << "effective policy:\n";
      print_effective_policy(layers, out, "  ");
    } catch (const Error& e) {
      report.error("policy url", e.code() + ": " + e.what());
    }
  }

  if (report.failures() == 0) {
    out << "Everything SendCheck needs works.\n";
    return 0;
  }
  out << report.failures() << " problem(s) found.\n";
  return 1;
}

}  // namespace

std::string_view doctor_usage() { return kDoctorUsage; }

bool is_doctor_command(int argc, const char* const* argv) {
  return argc >= 2 && std::string_view(argv[1]) == "doctor";
}

int run_doctor_command(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  try {
    return cmd_doctor(parse_cli_options(argc, argv, 2, {}, {}), out);
  } catch (const UsageError& e) {
    err << "sendcheck: " << e.what() << "\nusage:\n" << kDoctorUsage;
    return 2;
  }
}

}  // namespace sendcheck
