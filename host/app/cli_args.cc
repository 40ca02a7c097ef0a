#include "cli_args.h"

#include <algorithm>

#include "store/history_path.h"

namespace sendcheck {

std::string CliOptions::get(const std::string& name) const {
  auto it = values.find(name);
  return it == values.end() || it->second.empty() ? std::string() : it->second.back();
}

std::vector<std::string> CliOptions::all(const std::string& name) const {
  auto it = values.find(name);
  return it == values.end() ? std::vector<std::string>() : it->second;
}

bool CliOptions::has(const std::string& name) const {
  return values.count(name) != 0 ||
         std::find(switches.begin(), switches.end(), name) != switches.end();
}

CliOptions parse_cli_options(int argc, const char* const* argv, int first,
                             const std::vector<std::string>& valued,
                             const std::vector<std::string>& switches) {
  auto listed = [](const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  CliOptions options;
  for (int i = first; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--") {
      for (++i; i < argc; ++i) options.positional.emplace_back(argv[i]);
      break;
    }
    if (arg.size() > 2 && arg.starts_with("--")) {
      std::string name = arg.substr(2);
      size_t eq = name.find('=');
      std::string key = eq == std::string::npos ? name : name.substr(0, eq);
      if (listed(valued, key)) {
        if (eq != std::string::npos) {
          options.values[key].push_back(name.substr(eq + 1));
        } else {
          if (i + 1 >= argc) throw UsageError("--" + key + " needs a value");
          options.values[key].push_back(argv[++i]);
        }
        continue;
      }
      if (eq == std::string::npos && listed(switches, name)) {
        options.switches.push_back(name);
        continue;
      }
      throw UsageError("unknown option " + arg);
    }
    options.positional.push_back(arg);
  }
  return options;
}

std::string history_path(const CliOptions& options) {
  std::string db = options.get("db");
  return db.empty() ? default_history_path() : db;
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

}  // namespace sendcheck
