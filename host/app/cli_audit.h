// The audit sub-commands of `sendcheck`: reading, exporting and pruning the audit log, and the
// incident report built from it.
//
//   audit list [--since T] [--until T] [--db PATH]
//   audit export [--since T] [--until T] [--format csv|json] [--db PATH]
//   audit prune [--older-than DAYS] [--db PATH] [--config FILE] [--policy FILE]
//       (without --older-than: the auditRetentionDays setting; 0 deletes nothing)
//   incident --message-id ID [--format markdown|json] [--db PATH]
//       the sent entry with that Message-ID and the entries of the same draft fingerprint before
//       it (after the previous send of an identical draft); times in UTC and in the local time
//       zone (TZ) with its offset. Unknown Message-ID: Error "audit.unknown-message-id" (exit 1).
//   incident --since T --until T [--format markdown|json] [--locale en|ja] [--db PATH]
//
// T is a Unix time in seconds or an ISO 8601 date or date-time ("2024-05-29",
// "2024-05-29T10:00:00Z", "2024-05-29T19:00:00+09:00"; without an offset, UTC). A date alone as
// --until means the end of that day. Exit statuses as run_cli (cli.h): 0 success, 1 runtime
// failure (sendcheck::Error is thrown to the caller), 2 usage error (printed here).
#ifndef SENDCHECK_APP_CLI_AUDIT_H_
#define SENDCHECK_APP_CLI_AUDIT_H_

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

namespace sendcheck {

// True when argv (argv[0] the program) names `audit` or `incident`.
bool is_audit_command(int argc, const char* const* argv);

// Runs one of them. Throws sendcheck::Error for runtime failures.
int run_audit_command(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

// The usage lines of these commands (part of `sendcheck --help`).
std::string_view audit_usage();

// A time as accepted by --since/--until, in Unix seconds; nullopt when it is not one. With
// `end_of_day`, a date alone means its last second.
std::optional<std::int64_t> parse_audit_time(std::string_view text, bool end_of_day);

}  // namespace sendcheck

#endif  // SENDCHECK_APP_CLI_AUDIT_H_
