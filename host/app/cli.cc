// The `sendcheck` command line.
#include "cli.h"
#include "cli_admin.h"
#include "cli_args.h"
#include "cli_audit.h"
#include "cli_doctor.h"
#include "cli_install.h"
#include "cli_policy.h"
#include "cli_serve.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "engine/check.h"
#include "engine/import.h"
#include "mail/draft_reader.h"
#include "mail/mail_reader.h"
#include "platform/environment.h"
#include "policy/policy.h"
#include "sendcheck/address.h"
#include "sendcheck/assessment.h"
#include "sendcheck/draft.h"
#include "sendcheck/error.h"
#include "sendcheck/json_input.h"
#include "sendcheck/messages.h"
#include "sendcheck/settings.h"
#include "store/history_path.h"
#include "store/history_store.h"

namespace sendcheck {
namespace {

using nlohmann::json;

constexpr std::string_view kUsageHead = R"(usage: sendcheck COMMAND [OPTIONS]

Stops misdirected email: checks a draft's recipients against your own sending history.

commands:
  import [--db PATH] [--self ADDRESS]... PATH...
      Learn your sending history from Sent mail: mbox (mboxo/mboxrd), maildir folders, .eml.
      Importing the same mail twice adds nothing (Message-ID).
  check [--db PATH] [--policy FILE] [--config FILE] [--locale ja|en] DRAFT
      Print the confirmation payload (JSON) for DRAFT, a JSON draft or an .eml file.
  history stats [--db PATH]
      How much history there is.
)";

constexpr std::string_view kUsageEnvironment = R"(
environment:
  SENDCHECK_DB      the history database (default $XDG_DATA_HOME/sendcheck/history.sqlite3)
  SENDCHECK_CONFIG  the settings file (default $XDG_CONFIG_HOME/sendcheck/settings.json)
  SENDCHECK_POLICY  the team policy (default /etc/sendcheck/policy.json, when it exists)
)";

// The whole usage: each sub-command module owns the text of its own commands.
std::string usage() {
  std::string text(kUsageHead);
  for (std::string_view part : {admin_usage(), install_usage(), doctor_usage(), serve_usage(),
                                audit_usage(), policy_usage()}) {
    text.append(part);
  }
  text.append(kUsageEnvironment);
  return text;
}

std::string read_whole_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("input.unreadable", "cannot read " + path);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// A draft file is JSON when its first non-blank character opens a JSON value.
bool looks_like_json(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  size_t start = text.find_first_not_of(" \t\r\n");
  return start != std::string_view::npos &&
         std::string_view("{[\"0123456789-tfn").find(text[start]) != std::string_view::npos;
}

Draft read_draft(const std::string& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    throw Error("input.unreadable", "cannot read " + path + ": it is a folder");
  }
  std::string text = read_whole_file(path);
  bool eml_name = path.ends_with(".eml") || path.ends_with(".EML");
  bool json_name = path.ends_with(".json") || path.ends_with(".JSON");
  if (!eml_name && (json_name || looks_like_json(text))) {
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
      throw Error("draft.invalid-json", path + ": the file is empty");
    }
    json parsed = parse_json_text(text, path, "draft.invalid-json");
    if (!parsed.is_object()) throw Error("draft.not-object", path + ": not a JSON object");
    return draft_from_json(parsed);
  }
  return draft_from_eml(text);
}

// The locale of the environment (LC_ALL, LC_MESSAGES, LANG, the first set), else English: the
// fallback of a check's locale (engine/check.h choose_locale).
Locale environment_locale() {
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    std::string value = platform::env_value(name);
    if (!value.empty()) return parse_locale(value);
  }
  return Locale::kEn;
}

int cmd_check(const CliOptions& args, std::ostream& out, std::ostream& err) {
  if (args.positional.size() != 1) throw UsageError("check takes one DRAFT file");
  std::string locale_flag = args.get("locale");
  if (!locale_flag.empty() && locale_flag != "ja" && locale_flag != "en") {
    throw UsageError("--locale must be ja or en");
  }
  Settings settings =
      effective_settings(load_settings_layers(args.get("policy"), args.get("config")));
  Draft draft = read_draft(args.positional[0]);
  std::optional<Locale> requested;
  if (!locale_flag.empty()) requested = parse_locale(locale_flag);
  engine::Check check =
      engine::prepare_check(std::move(draft), std::move(settings), requested, environment_locale());

  std::string db = history_path(args);
  std::unique_ptr<HistoryStore> store;
  std::error_code error;
  bool present = std::filesystem::exists(db, error);
  if (error) {
    throw Error("history.open-failed",
                "cannot open the history database " + db + ": " + error.message());
  }
  if (present) {
    store = HistoryStore::open_read_only(db);
  } else {
    err << "sendcheck: no history at " << db
        << " yet; every recipient is first-time (run `sendcheck import`)\n";
  }
  Payload payload = engine::run_check(check, store.get());
  out << payload_to_json(payload).dump(2, ' ', false, json::error_handler_t::replace) << "\n";
  return 0;
}

int cmd_import(const CliOptions& args, std::ostream& out, std::ostream& err) {
  if (args.positional.empty()) throw UsageError("import needs at least one PATH");
  engine::ImportOptions options;
  options.self = args.all("self");
  options.progress = isatty(STDERR_FILENO) == 1;
  std::string db = history_path(args);
  std::unique_ptr<HistoryStore> store = HistoryStore::open(db);
  ImportSummary summary = engine::import_paths(args.positional, options, store.get(), err);
  HistoryStats stats = store->stats();

  out << "Imported " << summary.messages_added << " new message(s) into " << db << "\n";
  out << "  messages read:     " << summary.messages_read << "\n";
  out << "  added:             " << summary.messages_added << "\n";
  out << "  already imported:  " << summary.already_imported << "\n";
  out << "  skipped:           " << summary.skipped_total();
  if (!summary.skipped.empty()) {
    std::vector<std::string> reasons;
    for (const auto& [reason, count] : summary.skipped) {
      reasons.push_back(reason + ": " + std::to_string(count));
    }
    out << " (" << join(reasons, ", ") << ")";
  }
  out << "\n";
  out << "  recipients:        " << summary.recipients << "\n";
  out << "  your addresses:    " << (summary.self.empty() ? "-" : join(summary.self, ", ")) << "\n";
  out << "History now holds " << stats.addresses << " addresses at " << stats.domains
      << " domains from " << stats.messages << " messages.\n";
  if (summary.senders_vary) {
    err << "sendcheck: warning: this mail comes from many different senders; is it an Inbox? "
           "Import only mail you sent (a Sent folder), or name your addresses with --self.\n";
  }
  return 0;
}

int cmd_history(const CliOptions& args, std::ostream& out, std::ostream& err) {
  if (args.positional.empty() || args.positional[0] != "stats") {
    throw UsageError("history: expected `history stats`");
  }
  std::string db = history_path(args);
  std::unique_ptr<HistoryStore> store = HistoryStore::open_read_only(db);
  HistoryStats stats = store->stats();
  out << json{{"path", db},
              {"messages", stats.messages},
              {"addresses", stats.addresses},
              {"domains", stats.domains},
              {"pairs", stats.pairs}}
             .dump(2)
      << "\n";
  return 0;
}

}  // namespace

int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  try {
    use_policy_url_in_cli();  // the team policy URL: fetched when missing or stale (cli_policy.h)
    if (argc < 2) throw UsageError("missing COMMAND");
    std::string command = argv[1];
    if (command == "--help" || command == "-h" || command == "help") {
      out << usage();
      return 0;
    }
    if (command == "--version" || command == "version") {
      out << "sendcheck 0.1.0\n";
      return 0;
    }
    if (command == "check") {
      return cmd_check(parse_cli_options(argc, argv, 2, {"db", "policy", "config", "locale"}), out,
                       err);
    }
    if (command == "import") {
      return cmd_import(parse_cli_options(argc, argv, 2, {"db", "self"}), out, err);
    }
    if (is_admin_command(argc, argv)) return run_admin_command(argc, argv, out, err);
    if (is_audit_command(argc, argv)) return run_audit_command(argc, argv, out, err);
    if (is_install_command(argc, argv)) return run_install_command(argc, argv, out, err);
    if (is_doctor_command(argc, argv)) return run_doctor_command(argc, argv, out, err);
    if (is_serve_command(argc, argv)) return run_serve_command(argc, argv, out, err);
    if (is_policy_command(argc, argv)) return run_policy_command(argc, argv, out, err);
    if (command == "history") {
      return cmd_history(parse_cli_options(argc, argv, 2, {"db"}), out, err);
    }
    throw UsageError("unknown command `" + command + "`");
  } catch (const UsageError& e) {
    err << "sendcheck: " << e.what() << "\n" << usage();
    return 2;
  } catch (const Error& e) {
    err << "sendcheck: " << e.code() << ": " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    err << "sendcheck: internal-error: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace sendcheck
