// Command-line options shared by every `sendcheck` sub-command.
#ifndef SENDCHECK_APP_CLI_ARGS_H_
#define SENDCHECK_APP_CLI_ARGS_H_

#include <map>
#include <stdexcept>
#include <string>
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

}  // namespace sendcheck

#endif  // SENDCHECK_APP_CLI_ARGS_H_
