// Command-line options shared by every `sendcheck` sub-command, and the helpers they share.
#ifndef SENDCHECK_APP_CLI_ARGS_H_
#define SENDCHECK_APP_CLI_ARGS_H_

#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sendcheck {

// A mistake in the command line: run_cli prints the message and the usage, and exits 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct CliOptions {
  std::vector<std::string> positional;
  std::map<std::string, std::vector<std::string>> values;  // --name VALUE, in order given
  std::vector<std::string> switches;                       // --name without a value

  // The last value given for --name, or "".
  std::string get(const std::string& name) const;
  // Every value given for --name (repeatable options such as --self).
  std::vector<std::string> all(const std::string& name) const;
  // --name was given: a switch, or a valued option (even with an empty value).
  bool has(const std::string& name) const;
};

// Parses argv[first..]: "--name value" and "--name=value" for names in `valued`, "--name" for
// names in `switches`, "--" ends the options. Throws UsageError for an unknown option or a
// missing value.
CliOptions parse_cli_options(int argc, const char* const* argv, int first,
                             const std::vector<std::string>& valued,
                             const std::vector<std::string>& switches = {});

// The history database of a sub-command: --db PATH, else default_history_path()
// (store/history_path.h; throws Error "history.no-home" when there is no folder for it).
std::string history_path(const CliOptions& options);

// `items` joined with `separator` between them ("" for none).
std::string join(const std::vector<std::string>& items, std::string_view separator);

}  // namespace sendcheck

#endif  // SENDCHECK_APP_CLI_ARGS_H_
