// `sendcheck install | uninstall | doctor`: the native messaging host manifest, and a check of
// the chain add-on -> manifest -> sendcheck-host -> history/settings.
#include "cli_install.h"
#include "cli_args.h"
#include "cli_policy.h"
#include "install_plan.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <vector>

#include <nlohmann/json.hpp>

#include "policy/policy.h"
#include "sendcheck/error.h"
#include "store/history_store.h"
#include "store/paths.h"

namespace sendcheck {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::string_view kInstallUsage =
    R"(  install --user|--system [--host PATH]
      Register the native messaging host with Thunderbird: writes sendcheck.json into
      ~/.mozilla/native-messaging-hosts (--user) or /usr/lib/mozilla/native-messaging-hosts
      (--system), pointing to sendcheck-host next to this program (or PATH).
  install --print-plan --os windows|macos|linux --scope user|machine [--format text|json]
      Print what an installer must create for that OS and scope (files with their content,
      registry values, folders, uninstall steps); changes nothing.
  uninstall --user|--system [--force]
      Remove the manifest that `install` wrote (--force: whatever it points to).
  doctor
      Check the manifests, the host (a `hello` round trip), the history, settings and policy.
)";

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
constexpr const char* kManifestFile = "sendcheck.json";
constexpr int kHelloTimeoutMs = 5000;
constexpr std::uint32_t kMaxReply = 1024 * 1024;  // Thunderbird's limit for host -> add-on

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? std::string(value) : std::string();
}

// --- where things are ----------------------------------------------------------------------

enum class Scope { kUser, kSystem };

const char* scope_name(Scope scope) { return scope == Scope::kUser ? "user" : "system"; }

std::string home_or_throw() {
  std::string home = env("HOME");
  if (home.empty() || home.front() != '/') {
    throw Error("install.no-home",
                "HOME is not set (or not absolute): no place for a user manifest");
  }
  return home;
}

fs::path destdir() { return fs::path(env("SENDCHECK_DESTDIR")); }

// Prefixes an absolute system path with $SENDCHECK_DESTDIR.
fs::path system_path(const std::string& absolute) {
  fs::path root = destdir();
  return root.empty() ? fs::path(absolute) : root / fs::path(absolute).relative_path();
}

fs::path manifest_path(Scope scope) {
  if (scope == Scope::kUser) {
    return fs::path(home_or_throw()) / ".mozilla" / "native-messaging-hosts" / kManifestFile;
  }
  return system_path("/usr/lib/mozilla/native-messaging-hosts") / kManifestFile;
}

// What `install` wrote, for `uninstall`.
fs::path record_path(Scope scope) {
  if (scope == Scope::kSystem) return system_path("/var/lib/sendcheck/install.json");
  std::string data = env("XDG_DATA_HOME");
  fs::path base = !data.empty() && data.front() == '/'
                      ? fs::path(data)
                      : fs::path(home_or_throw()) / ".local" / "share";
  return base / "sendcheck" / "install.json";
}

// sendcheck-host next to the running program.
fs::path default_host_path() {
  std::error_code error;
  fs::path self = fs::read_symlink("/proc/self/exe", error);
  if (error) return fs::path(kHostBinary);
  return self.parent_path() / kHostBinary;
}

std::optional<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Writes `text` to `path` atomically (temporary file in the same folder, renamed over it) with
// exactly `mode`, creating the missing folders above it with `folder_mode`.
void write_file_atomically(const fs::path& path, const std::string& text, mode_t mode,
                           mode_t folder_mode) {
  std::vector<fs::path> missing;
  std::error_code error;
  for (fs::path dir = path.parent_path(); !dir.empty() && !fs::exists(dir, error);
       dir = dir.parent_path()) {
    missing.push_back(dir);
    if (dir == dir.root_path()) break;
  }
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    if (::mkdir(it->c_str(), folder_mode) != 0 && errno != EEXIST) {
      throw Error("install.write-failed", "cannot create " + it->string() + ": " + strerror(errno));
    }
    ::chmod(it->c_str(), folder_mode);  // whatever the umask
  }
  std::string temp = path.string() + ".tmp-" + std::to_string(getpid());
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    throw Error("install.write-failed", "cannot write " + path.string() + ": " + strerror(errno));
  }
  const char* data = text.data();
  size_t left = text.size();
  bool ok = true;
  while (left > 0) {
    ssize_t n = ::write(fd, data, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ok = false;
      break;
    }
    data += n;
    left -= static_cast<size_t>(n);
  }
  int saved = errno;
  ok = ok && ::fchmod(fd, mode) == 0 && ::fsync(fd) == 0;
  if (!ok) saved = errno;
  ok = ::close(fd) == 0 && ok;
  if (!ok || ::rename(temp.c_str(), path.c_str()) != 0) {
    if (ok) saved = errno;
    ::unlink(temp.c_str());
    throw Error("install.write-failed", "cannot write " + path.string() + ": " + strerror(saved));
  }
}

// The host's path from a manifest's text, or "" when it has none.
std::string manifest_host(const std::string& text) {
  json manifest = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!manifest.is_object() || !manifest.contains("path") || !manifest["path"].is_string()) {
    return {};
  }
  return manifest["path"].get<std::string>();
}

// Why a manifest is unusable for the add-on, or "" when Thunderbird would accept it.
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

// Empty when `host` is an executable file, else why not; `code` gets the error code.
std::string host_problem(const fs::path& host, std::string* code) {
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

Scope scope_from(const CliOptions& options, const std::string& command) {
  bool user = options.has("user"), system = options.has("system");
  if (user == system) throw UsageError(command + " needs --user or --system");
  return user ? Scope::kUser : Scope::kSystem;
}

// --- install / uninstall --------------------------------------------------------------------

// `install --print-plan`: install_plan.h's plan for --os and --scope, as text or JSON.
int cmd_print_plan(const CliOptions& options, std::ostream& out) {
  if (!options.positional.empty()) throw UsageError("install --print-plan takes no arguments");
  if (options.has("user") || options.has("system") || options.has("host")) {
    throw UsageError("--print-plan goes with --os and --scope, not --user, --system or --host");
  }
  std::string os_text = options.get("os"), scope_text = options.get("scope");
  std::optional<InstallOs> os = parse_install_os(os_text);
  if (!os) {
    throw UsageError(options.has("os")
                         ? "--os must be windows, macos or linux, not \"" + os_text + "\""
                         : "--print-plan needs --os windows|macos|linux");
  }
  std::optional<InstallScope> scope = parse_install_scope(scope_text);
  if (!scope) {
    throw UsageError(options.has("scope")
                         ? "--scope must be user or machine, not \"" + scope_text + "\""
                         : "--print-plan needs --scope user|machine");
  }
  std::string format = options.has("format") ? options.get("format") : "text";
  if (format != "text" && format != "json") {
    throw UsageError("--format must be text or json, not \"" + format + "\"");
  }
  InstallPlanRequest request{*os, *scope, ""};
  // The real home folder only when the plan is for the OS this program runs on.
#if defined(__APPLE__)
  constexpr InstallOs kThisOs = InstallOs::kMacos;
#elif defined(_WIN32)
  constexpr InstallOs kThisOs = InstallOs::kWindows;
#else
  constexpr InstallOs kThisOs = InstallOs::kLinux;
#endif
  if (*os == kThisOs) {
    std::string home = env("HOME");
    if (!home.empty() && home.front() == '/') request.home = home;
  }
  InstallPlan plan = make_install_plan(request);
  if (format == "json") {
    out << install_plan_to_json(plan).dump(2) << "\n";
  } else {
    out << install_plan_to_text(plan);
  }
  return 0;
}

int cmd_install(const CliOptions& options, std::ostream& out) {
  if (!options.positional.empty()) throw UsageError("install takes no arguments");
  Scope scope = scope_from(options, "install");
  fs::path host;
  if (options.values.count("host") != 0) {
    std::string given = options.get("host");
    if (given.empty()) throw UsageError("--host needs a path");
    host = fs::absolute(fs::path(given)).lexically_normal();
  } else {
    host = default_host_path();
  }
  std::string code;
  if (std::string problem = host_problem(host, &code); !problem.empty()) {
    throw Error(code, problem + (options.values.count("host") != 0
                                     ? ""
                                     : " (build it, or name the host with --host PATH)"));
  }
  fs::path manifest = manifest_path(scope);
  std::string text = native_manifest_text(host.string());
  std::optional<std::string> before = read_file(manifest);
  if (before && *before == text) {
    out << "Unchanged: " << manifest.string() << " (" << scope_name(scope) << " manifest)\n";
  } else {
    write_file_atomically(manifest, text, 0644, 0755);
    out << "Wrote " << manifest.string() << " (" << scope_name(scope) << " manifest)\n";
    if (before) {
      std::string old_host = manifest_host(*before);
      out << "  replaced a manifest that pointed to " << (old_host.empty() ? "?" : old_host)
          << "\n";
    }
  }
  out << "  host:              " << host.string() << "\n";
  out << "  allowed extension: " << kExtensionId << "\n";
  json record{{"manifest", manifest.string()}, {"host", host.string()}, {"text", text}};
  if (scope == Scope::kUser) {
    write_file_atomically(record_path(scope), record.dump(2) + "\n", 0600, 0700);
  } else {
    write_file_atomically(record_path(scope), record.dump(2) + "\n", 0644, 0755);
  }
  return 0;
}

int cmd_uninstall(const CliOptions& options, std::ostream& out, std::ostream& err) {
  if (!options.positional.empty()) throw UsageError("uninstall takes no arguments");
  Scope scope = scope_from(options, "uninstall");
  fs::path manifest = manifest_path(scope);
  fs::path record_file = record_path(scope);
  json record = json::parse(read_file(record_file).value_or(""), nullptr, false);
  std::error_code error;
  std::optional<std::string> text = read_file(manifest);
  if (!text && !fs::exists(manifest, error)) {
    out << "Nothing to remove: no " << scope_name(scope) << " manifest at " << manifest.string()
        << "\n";
    fs::remove(record_file, error);
    return 0;
  }
  std::string host = text ? manifest_host(*text) : std::string();
  bool ours = record.is_object() && record.value("manifest", "") == manifest.string() &&
              !host.empty() && record.value("host", "") == host;
  if (!ours && !options.has("force")) {
    err << "sendcheck: warning: " << manifest.string() << " points to "
        << (host.empty() ? "no host" : host) << ", not to what `sendcheck install --"
        << scope_name(scope) << "` wrote; left in place (--force removes it)\n";
    return 1;
  }
  if (!fs::remove(manifest, error) || error) {
    throw Error("install.write-failed", "cannot remove " + manifest.string() + ": " +
                                            (error ? error.message() : "gone meanwhile"));
  }
  fs::remove(record_file, error);
  out << "Removed " << manifest.string() << " (pointed to " << (host.empty() ? "?" : host) << ")\n";
  return 0;
}

// --- doctor ---------------------------------------------------------------------------------

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

// Starts `host` as Thunderbird does (argv: manifest path, extension id; cwd: its folder), sends
// one native frame {"id":1,"type":"hello"} and reads one reply, within kHelloTimeoutMs.
Hello say_hello(const fs::path& host, const fs::path& manifest) {
  Hello hello;
  int to_child[2], from_child[2], err_child[2];
  if (::pipe2(to_child, O_CLOEXEC) != 0) return {false, strerror(errno)};
  if (::pipe2(from_child, O_CLOEXEC) != 0) {
    ::close(to_child[0]);
    ::close(to_child[1]);
    return {false, strerror(errno)};
  }
  if (::pipe2(err_child, O_CLOEXEC) != 0) {
    for (int fd : {to_child[0], to_child[1], from_child[0], from_child[1]}) ::close(fd);
    return {false, strerror(errno)};
  }
  std::string host_s = host.string(), manifest_s = manifest.string(), id(kExtensionId);
  std::string dir = host.parent_path().string();
  pid_t pid = ::fork();
  if (pid == 0) {
    ::setpgid(0, 0);  // its own process group: a timeout kills whatever it started, too
    ::dup2(to_child[0], 0);
    ::dup2(from_child[1], 1);
    ::dup2(err_child[1], 2);
    if (::chdir(dir.c_str()) != 0) _exit(126);
    const char* args[] = {host_s.c_str(), manifest_s.c_str(), id.c_str(), nullptr};
    ::execv(host_s.c_str(), const_cast<char* const*>(args));
    _exit(127);
  }
  ::close(to_child[0]);
  ::close(from_child[1]);
  ::close(err_child[1]);
  if (pid < 0) {
    for (int fd : {to_child[1], from_child[0], err_child[0]}) ::close(fd);
    return {false, std::string("cannot start the host: ") + strerror(errno)};
  }

  // A host that dies before reading must not kill us with SIGPIPE.
  struct sigaction ignore {
  }, previous{};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGPIPE, &ignore, &previous);
  const std::string body = R"({"id":1,"type":"hello"})";
  std::uint32_t length = static_cast<std::uint32_t>(body.size());
  std::string frame(reinterpret_cast<const char*>(&length), 4);
  frame += body;
  bool written =
      ::write(to_child[1], frame.data(), frame.size()) == static_cast<ssize_t>(frame.size());

  std::string reply, errors;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kHelloTimeoutMs);
  bool out_open = true, err_open = true, timed_out = false;
  std::optional<std::uint32_t> expected;
  while (out_open) {
    if (reply.size() >= 4 && !expected) {
      std::uint32_t n;
      std::memcpy(&n, reply.data(), 4);
      expected = n;
    }
    if (expected && (reply.size() >= 4 + static_cast<size_t>(*expected) || *expected > kMaxReply)) {
      break;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    if (left <= 0) {
      timed_out = true;
      break;
    }
    pollfd fds[2] = {{from_child[0], POLLIN, 0}, {err_child[0], POLLIN, 0}};
    int ready = ::poll(fds, err_open ? 2 : 1, static_cast<int>(left));
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) break;
    char buffer[65536];
    if (fds[0].revents != 0) {
      ssize_t n = ::read(from_child[0], buffer, sizeof buffer);
      if (n > 0) reply.append(buffer, static_cast<size_t>(n));
      if (n == 0) out_open = false;
    }
    if (err_open && fds[1].revents != 0) {
      ssize_t n = ::read(err_child[0], buffer, sizeof buffer);
      if (n > 0 && errors.size() < 4096) errors.append(buffer, static_cast<size_t>(n));
      if (n <= 0) err_open = false;
    }
  }
  ::close(to_child[1]);  // end of input: a well-behaved host exits now
  ::sigaction(SIGPIPE, &previous, nullptr);

  int status = 0;
  bool exited = false;
  for (int i = 0; i < 20 && !exited; ++i) {  // up to 1 s to exit on its own
    if (::waitpid(pid, &status, WNOHANG) == pid) exited = true;
    if (!exited) ::usleep(50000);
  }
  if (!exited) {
    ::kill(-pid, SIGKILL);
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
  }
  if (err_open) {  // whatever the host said on stderr before going away (never block on it)
    ::fcntl(err_child[0], F_SETFL, ::fcntl(err_child[0], F_GETFL) | O_NONBLOCK);
    char buffer[4096];
    ssize_t n;
    while (errors.size() < 4096 && (n = ::read(err_child[0], buffer, sizeof buffer)) > 0) {
      errors.append(buffer, static_cast<size_t>(n));
    }
  }
  ::close(from_child[0]);
  ::close(err_child[0]);

  std::string why_stderr = errors.empty() ? "" : " (stderr: " + first_line(errors) + ")";
  if (exited && WIFEXITED(status) && WEXITSTATUS(status) == 127 && reply.empty()) {
    return {false, "cannot execute " + host_s};
  }
  if (!written && reply.empty()) return {false, "the host did not read the request" + why_stderr};
  if (timed_out) {
    return {false, "no reply within " + std::to_string(kHelloTimeoutMs / 1000) + " s" + why_stderr};
  }
  if (!expected || reply.size() < 4 + static_cast<size_t>(*expected)) {
    if (expected && *expected > kMaxReply) {
      return {false, "reply frame of " + std::to_string(*expected) + " bytes (over 1 MiB)"};
    }
    std::string how = exited && WIFEXITED(status)
                          ? "exit status " + std::to_string(WEXITSTATUS(status))
                          : (exited && WIFSIGNALED(status)
                                 ? "killed by signal " + std::to_string(WTERMSIG(status))
                                 : "closed its output");
    return {false, "no complete reply (" + how + ")" + why_stderr};
  }
  json parsed = json::parse(reply.substr(4, *expected), nullptr, /*allow_exceptions=*/false);
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
  for (Scope scope : {Scope::kUser, Scope::kSystem}) {
    std::string what = std::string(scope_name(scope)) + " manifest";
    fs::path path;
    try {
      path = manifest_path(scope);
    } catch (const Error& e) {
      report.missing(what, e.what(), false);
      continue;
    }
    std::error_code error;
    std::optional<std::string> text = read_file(path);
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
    Hello hello = say_hello(host, active_manifest.value_or(manifest_path(Scope::kUser)));
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
      std::string where = env("SENDCHECK_POLICY");
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

std::string native_manifest_text(const std::string& host_path) {
  std::string quoted = json(host_path).dump(-1, ' ', false, json::error_handler_t::replace);
  std::string text(kManifestTemplate);
  text.replace(text.find(kPathPlaceholder), kPathPlaceholder.size(),
               quoted.substr(1, quoted.size() - 2));
  return text;
}

std::string_view install_usage() { return kInstallUsage; }

bool is_install_command(int argc, const char* const* argv) {
  if (argc < 2) return false;
  std::string_view command = argv[1];
  return command == "install" || command == "uninstall" || command == "doctor";
}

int run_install_command(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  try {
    std::string_view command = argv[1];
    if (command == "install") {
      CliOptions options = parse_cli_options(argc, argv, 2, {"host", "os", "scope", "format"},
                                             {"user", "system", "print-plan"});
      if (options.has("print-plan")) return cmd_print_plan(options, out);
      for (const char* name : {"os", "scope", "format"}) {
        if (options.has(name)) {
          throw UsageError(std::string("--") + name + " goes with --print-plan");
        }
      }
      return cmd_install(options, out);
    }
    if (command == "uninstall") {
      return cmd_uninstall(parse_cli_options(argc, argv, 2, {}, {"user", "system", "force"}), out,
                           err);
    }
    return cmd_doctor(parse_cli_options(argc, argv, 2, {}, {}), out);
  } catch (const UsageError& e) {
    err << "sendcheck: " << e.what() << "\nusage:\n" << kInstallUsage;
    return 2;
  }
}

}  // namespace sendcheck
