// `sendcheck serve [--port N]`: the localhost HTTP bridge for the Outlook add-in
// (transport/http/bridge.h, transport/http/README.md).
//
// Listens on 127.0.0.1 only, port N, else the setting bridgePort (default 47110). Allowed add-in
// origins: the setting allowedOrigins plus SENDCHECK_ALLOWED_ORIGINS (comma-separated); none by
// default, so any request with an Origin is refused. Settings are read once, at start.
// Environment: SENDCHECK_DB, SENDCHECK_CONFIG, SENDCHECK_POLICY (as the CLI), SENDCHECK_MAX_BODY
// (the request body cap in bytes, default 64 MiB). Serves until SIGTERM or SIGINT, then closes the
// listener and exits 0. Logs one line per request on stderr, never a body.
#ifndef SENDCHECK_APP_CLI_SERVE_H_
#define SENDCHECK_APP_CLI_SERVE_H_

#include <iosfwd>
#include <string_view>

namespace sendcheck {

// True when argv[1] is `serve`.
bool is_serve_command(int argc, const char* const* argv);

// Runs it: 0 after SIGTERM/SIGINT, 1 when the port cannot be opened, 2 for a usage error.
int run_serve_command(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

// The usage lines of `serve` (part of `sendcheck --help`).
std::string_view serve_usage();

}  // namespace sendcheck

#endif  // SENDCHECK_APP_CLI_SERVE_H_
