#include "cli_serve.h"

#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <ostream>
#include <string>

#include "policy/policy.h"
#include "sendcheck/error.h"
#include "sendcheck/settings.h"
#include "transport/http/bridge.h"
#include "transport/http/http_server.h"
#include "transport/native/host_log.h"

namespace sendcheck {
namespace {

namespace http = transport::http;

// "N" -> a port 1..65535, 0 when it is not one.
std::uint16_t parse_port(const std::string& text) {
  if (text.empty() || text.size() > 5 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    return 0;
  }
  unsigned long value = std::strtoul(text.c_str(), nullptr, 10);
  return value >= 1 && value <= 65535 ? static_cast<std::uint16_t>(value) : 0;
}

}  // namespace

bool is_serve_command(int argc, const char* const* argv) {
  return argc >= 2 && std::strcmp(argv[1], "serve") == 0;
}

std::string_view serve_usage() {
  return "  serve [--port N]\n"
         "      The HTTP bridge for the Outlook add-in on 127.0.0.1:N (default: setting "
         "bridgePort,\n"
         "      47110) until SIGTERM. Add-in origins: setting allowedOrigins and\n"
         "      SENDCHECK_ALLOWED_ORIGINS (comma-separated).\n";
}

int run_serve_command(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  (void)out;
  http::BridgeOptions options;
  std::uint16_t port_flag = 0;
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    std::string value;
    if (arg == "--port" && i + 1 < argc) {
      value = argv[++i];
    } else if (arg.starts_with("--port=")) {
      value = arg.substr(7);
    } else {
      err << "sendcheck: serve: unexpected argument " << arg << "\n" << serve_usage();
      return 2;
    }
    port_flag = parse_port(value);
    if (port_flag == 0) {
      err << "sendcheck: serve: --port needs a number from 1 to 65535\n";
      return 2;
    }
  }
  // The settings (team policy < user) are read once, at start: bridgePort, allowedOrigins.
  Settings settings;
  try {
    settings = effective_settings(load_settings_layers("", ""));
  } catch (const Error& e) {
    err << "sendcheck: " << e.code() << ": " << e.what() << "\n";
    return 1;
  }
  options.port = port_flag != 0 ? port_flag : static_cast<std::uint16_t>(settings.bridge_port);
  options.allowed_origins = settings.allowed_origins;
  for (std::string& origin : http::allowed_origins_from_env()) {
    options.allowed_origins.push_back(std::move(origin));
  }
  options.max_body_bytes = http::max_body_from_env();

  // Before any thread exists, so every thread inherits the mask and sigwait() below gets them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  ::signal(SIGPIPE, SIG_IGN);

  transport::native::HostLog log("", STDERR_FILENO);
  http::Bridge bridge(options, transport::DispatchOptions{}, log);
  std::unique_ptr<http::HttpServer> server = http::make_cpprest_server(bridge);
  try {
    server->start();
  } catch (const Error& e) {
    bridge.log_line("stop: " + e.code() + ": " + e.what());
    err << "sendcheck: " << e.code() << ": " << e.what() << "\n";
    return 1;
  }
  bridge.log_line("listening on 127.0.0.1:" + std::to_string(options.port) + " (" +
                  std::to_string(options.allowed_origins.size()) + " allowed origins, body cap " +
                  std::to_string(options.max_body_bytes) + " bytes)");
  int signal_number = 0;
  while (sigwait(&stop_signals, &signal_number) != 0) {
  }
  bridge.log_line(std::string("stop: ") + (signal_number == SIGTERM ? "SIGTERM" : "SIGINT"));
  server->stop();
  return 0;
}

}  // namespace sendcheck
