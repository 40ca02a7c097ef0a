// The audit sub-commands: audit list/export/prune and the incident report.
#include "cli_audit.h"
#include "cli_args.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <vector>

#include <nlohmann/json.hpp>

#include "sendcheck/domain.h"
#include "sendcheck/error.h"
#include "sendcheck/history.h"

namespace sendcheck {
namespace {

using nlohmann::json;

constexpr std::string_view kAuditUsage =
    R"(  audit list [--since T] [--until T] [--db PATH]
      The audit log as a table, oldest first: time, action, verdict, recipients with their
      class, attachments. T: Unix seconds or ISO 8601 (2024-05-29, 2024-05-29T10:00:00Z).
  audit export [--since T] [--until T] [--format csv|json] [--db PATH]
      The audit log as CSV (RFC 4180, with a header row; the default) or a JSON array.
  audit prune --older-than DAYS [--db PATH]
      Delete the audit entries older than DAYS days.
  incident --since T --until T [--format markdown|json] [--locale en|ja] [--db PATH]
      What went to whom in that period, for a report of a misdirected mail: recipients by
      organisation, attachments, warnings and the user's decisions.
)";

std::string history_path(const CliOptions& options) {
  std::string db = options.get("db");
  return db.empty() ? default_history_path() : db;
}

std::string iso_time(std::int64_t time) {
  std::time_t t = static_cast<std::time_t>(time);
  std::tm tm{};
  if (gmtime_r(&t, &tm) == nullptr) return std::to_string(time);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

// The entries between --since and --until, oldest first.
std::vector<AuditEntry> read_entries(HistoryStore& store, const CliOptions& options) {
  AuditQuery query;
  query.limit = std::numeric_limits<std::size_t>::max();
  if (options.has("since")) {
    query.since = parse_audit_time(options.get("since"), false);
    if (!query.since) throw UsageError("--since: not a time: " + options.get("since"));
  }
  if (options.has("until")) {
    query.until = parse_audit_time(options.get("until"), true);
    if (!query.until) throw UsageError("--until: not a time: " + options.get("until"));
  }
  std::vector<AuditEntry> entries = store.query_audit(query);
  std::reverse(entries.begin(), entries.end());
  return entries;
}

std::unique_ptr<HistoryStore> open_for_reading(const CliOptions& options) {
  return HistoryStore::open_read_only(history_path(options));
}

std::string recipients_text(const AuditEntry& entry) {
  std::string out;
  for (const AuditRecipient& r : entry.recipients) {
    if (!out.empty()) out += "; ";
    out += r.address + " (" + r.klass + ")";
  }
  auto listed = static_cast<std::int64_t>(entry.recipients.size());
  if (entry.recipient_count > listed) {
    out += (out.empty() ? "" : "; ") + std::string("+") +
           std::to_string(entry.recipient_count - listed) + " not listed";
  }
  return out.empty() ? "-" : out;
}

std::string attachments_text(const AuditEntry& entry) {
  std::string out;
  for (const AuditAttachment& a : entry.attachments) {
    if (!out.empty()) out += "; ";
    out += a.name + " (" + std::to_string(a.size) + " bytes)";
  }
  return out.empty() ? "-" : out;
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

std::string pad(std::string text, std::size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

int audit_list(const CliOptions& options, std::ostream& out) {
  if (options.positional.size() != 1) throw UsageError("audit list takes no arguments");
  std::unique_ptr<HistoryStore> store = open_for_reading(options);
  std::vector<AuditEntry> entries = read_entries(*store, options);
  out << pad("TIME", 22) << pad("ACTION", 11) << pad("VERDICT", 9) << "RECIPIENTS | ATTACHMENTS\n";
  for (const AuditEntry& e : entries) {
    out << pad(iso_time(e.time), 22) << pad(e.action, 11) << pad(e.verdict, 9) << recipients_text(e)
        << " | " << attachments_text(e) << "\n";
  }
  out << entries.size() << " entr" << (entries.size() == 1 ? "y" : "ies") << "\n";
  return 0;
}

// One CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180).
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

json entry_json(const AuditEntry& e) {
  json recipients = json::array();
  for (const AuditRecipient& r : e.recipients) {
    recipients.push_back({{"address", r.address}, {"class", r.klass}});
  }
  json attachments = json::array();
  for (const AuditAttachment& a : e.attachments) {
    attachments.push_back({{"name", a.name}, {"size", a.size}});
  }
  return json{{"time", e.time},
              {"timeIso", iso_time(e.time)},
              {"action", e.action},
              {"verdict", e.verdict},
              {"recipientCount", e.recipient_count},
              {"recipients", recipients},
              {"attachments", attachments},
              {"warnings", e.warnings}};
}

int audit_export(const CliOptions& options, std::ostream& out) {
  if (options.positional.size() != 1) throw UsageError("audit export takes no arguments");
  std::string format = options.has("format") ? options.get("format") : "csv";
  if (format != "csv" && format != "json") throw UsageError("--format must be csv or json");
  std::unique_ptr<HistoryStore> store = open_for_reading(options);
  std::vector<AuditEntry> entries = read_entries(*store, options);
  if (format == "json") {
    json array = json::array();
    for (const AuditEntry& e : entries) array.push_back(entry_json(e));
    out << array.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
    return 0;
  }
  out << "time,unix_time,action,verdict,recipient_count,recipients,attachments,warnings\r\n";
  for (const AuditEntry& e : entries) {
    std::string recipients = e.recipients.empty() ? std::string() : recipients_text(e);
    std::string attachments = e.attachments.empty() ? std::string() : attachments_text(e);
    out << iso_time(e.time) << "," << e.time << "," << csv_field(e.action) << ","
        << csv_field(e.verdict) << "," << e.recipient_count << "," << csv_field(recipients) << ","
        << csv_field(attachments) << "," << csv_field(join(e.warnings, ";")) << "\r\n";
  }
  return 0;
}

int audit_prune(const CliOptions& options, std::ostream& out) {
  if (options.positional.size() != 1) throw UsageError("audit prune takes no arguments");
  std::string days_text = options.get("older-than");
  if (days_text.empty() || days_text.find_first_not_of("0123456789") != std::string::npos ||
      days_text.size() > 6) {
    throw UsageError("audit prune needs --older-than DAYS (a whole number)");
  }
  std::int64_t days = std::stoll(days_text);
  std::int64_t before = static_cast<std::int64_t>(std::time(nullptr)) - days * 86400;
  std::unique_ptr<HistoryStore> store = HistoryStore::open(history_path(options));
  std::int64_t removed = store->prune_audit(before);
  out << "Deleted " << removed << " audit entr" << (removed == 1 ? "y" : "ies") << " older than "
      << iso_time(before) << "\n";
  return 0;
}

// --- The incident report ---

bool is_personal_data_warning(const std::string& code) {
  return code == "personal-data" || code == "my-number" || code == "card-number" ||
         code == "phone-numbers";
}

std::string organisation_of(const std::string& address) {
  size_t at = address.rfind('@');
  if (at == std::string::npos) return "(unusable address)";
  std::string domain = address.substr(at + 1);
  std::string registrable = registrable_domain(domain);
  return registrable.empty() ? domain : registrable;
}

struct Incident {
  std::int64_t since = 0;
  std::int64_t until = 0;
  std::vector<AuditEntry> entries;  // oldest first
  std::size_t sends = 0;
  // organisation -> address -> class, of the recipients of `sent` entries that are not internal.
  std::map<std::string, std::map<std::string, std::string>> external;
  std::set<std::string> internal;
  std::int64_t unlisted = 0;                    // recipients of sent entries beyond the listed ones
  std::vector<AuditAttachment> attachments;     // of sent entries, without duplicates
  std::map<std::string, std::size_t> warnings;  // code -> entries where it fired
};

Incident build_incident(std::vector<AuditEntry> entries, std::int64_t since, std::int64_t until) {
  Incident incident;
  incident.since = since;
  incident.until = until;
  std::set<std::pair<std::string, std::uint64_t>> seen_attachments;
  for (const AuditEntry& e : entries) {
    for (const std::string& code : e.warnings) ++incident.warnings[code];
    if (e.action != "sent") continue;
    ++incident.sends;
    for (const AuditRecipient& r : e.recipients) {
      if (r.klass == "internal") {
        incident.internal.insert(r.address);
      } else {
        incident.external[organisation_of(r.address)][r.address] = r.klass;
      }
    }
    incident.unlisted += std::max<std::int64_t>(
        0, e.recipient_count - static_cast<std::int64_t>(e.recipients.size()));
    for (const AuditAttachment& a : e.attachments) {
      if (seen_attachments.insert({a.name, a.size}).second) incident.attachments.push_back(a);
    }
  }
  incident.entries = std::move(entries);
  return incident;
}

const std::vector<std::string>& not_recorded() {
  static const std::vector<std::string> items = {
      "Message-ID of the sent mail (the report is by time range)", "SHA-256 of the attachments",
      "number of personal-data items each warning counted",
      "subject and body (never recorded, by design)"};
  return items;
}

json incident_json(const Incident& incident) {
  json organisations = json::array();
  for (const auto& [organisation, addresses] : incident.external) {
    json list = json::array();
    for (const auto& [address, klass] : addresses) {
      list.push_back({{"address", address}, {"class", klass}});
    }
    organisations.push_back(
        {{"organisation", organisation}, {"count", addresses.size()}, {"recipients", list}});
  }
  json attachments = json::array();
  for (const AuditAttachment& a : incident.attachments) {
    attachments.push_back({{"name", a.name}, {"size", a.size}, {"sha256", nullptr}});
  }
  json warnings = json::array();
  for (const auto& [code, count] : incident.warnings) {
    warnings.push_back({{"code", code},
                        {"personalData", is_personal_data_warning(code)},
                        {"entries", count},
                        {"items", nullptr}});
  }
  json timeline = json::array();
  for (const AuditEntry& e : incident.entries) {
    timeline.push_back({{"time", e.time},
                        {"timeIso", iso_time(e.time)},
                        {"action", e.action},
                        {"verdict", e.verdict},
                        {"recipientCount", e.recipient_count},
                        {"warnings", e.warnings}});
  }
  return json{{"since", incident.since},
              {"until", incident.until},
              {"sends", incident.sends},
              {"externalOrganisations", organisations},
              {"externalRecipientCount",
               [&] {
                 std::size_t n = 0;
                 for (const auto& [o, a] : incident.external) n += a.size();
                 return n;
               }()},
              {"internalRecipientCount", incident.internal.size()},
              {"unlistedRecipientCount", incident.unlisted},
              {"attachments", attachments},
              {"warnings", warnings},
              {"timeline", timeline},
              {"notRecorded", not_recorded()}};
}

void incident_markdown(const Incident& incident, bool ja, std::ostream& out) {
  auto heading = [&](const char* en, const char* jp) {
    return ja ? std::string(jp) + " (" + en + ")" : std::string(en);
  };
  out << "# " << heading("Incident report", "インシデント報告") << "\n\n";
  out << "Period: " << iso_time(incident.since) << " to " << iso_time(incident.until) << "\n";
  out << "Audit entries: " << incident.entries.size() << "; sends: " << incident.sends << "\n\n";

  std::size_t external_count = 0;
  for (const auto& [o, a] : incident.external) external_count += a.size();
  out << "## " << heading("Recipients", "受信者") << "\n\n";
  out << "External recipients: " << external_count << " at " << incident.external.size()
      << " organisation(s)\n";
  out << "Internal recipients: " << incident.internal.size() << "\n";
  if (incident.unlisted > 0)
    out << "Recipients not listed in the log: " << incident.unlisted << "\n";
  out << "\n";
  if (!incident.external.empty()) {
    out << "### " << heading("External parties by organisation", "組織別の外部受信者") << "\n\n";
    out << "| Organisation | Recipients | Addresses |\n|---|---|---|\n";
    for (const auto& [organisation, addresses] : incident.external) {
      std::vector<std::string> list;
      for (const auto& [address, klass] : addresses) {
        std::string entry = address;
        entry.append(" (").append(klass).append(")");
        list.push_back(std::move(entry));
      }
      out << "| " << organisation << " | " << addresses.size() << " | " << join(list, ", ")
          << " |\n";
    }
    out << "\n";
  }

  out << "## " << heading("Attachments", "添付ファイル") << "\n\n";
  if (incident.attachments.empty()) {
    out << "None recorded.\n\n";
  } else {
    out << "| Name | Size (bytes) | SHA-256 |\n|---|---|---|\n";
    for (const AuditAttachment& a : incident.attachments) {
      out << "| " << a.name << " | " << a.size << " | not recorded |\n";
    }
    out << "\n";
  }

  out << "## " << heading("Warnings shown", "表示された警告") << "\n\n";
  if (incident.warnings.empty()) {
    out << "None.\n\n";
  } else {
    out << "| Warning | Personal data | Entries | Items counted |\n|---|---|---|---|\n";
    for (const auto& [code, count] : incident.warnings) {
      out << "| " << code << " | " << (is_personal_data_warning(code) ? "yes" : "no") << " | "
          << count << " | not recorded |\n";
    }
    out << "\n";
  }

  out << "## " << heading("Timeline of decisions", "操作の経過") << "\n\n";
  out << "| Time (UTC) | Action | Verdict | Recipients | Warnings |\n|---|---|---|---|---|\n";
  for (const AuditEntry& e : incident.entries) {
    out << "| " << iso_time(e.time) << " | " << e.action << " | " << e.verdict << " | "
        << e.recipient_count << " | " << (e.warnings.empty() ? "-" : join(e.warnings, ", "))
        << " |\n";
  }
  out << "\n## " << heading("Not recorded in the audit log", "監査ログに記録されていない事項")
      << "\n\n";
  for (const std::string& item : not_recorded()) out << "- " << item << "\n";
}

int cmd_incident(const CliOptions& options, std::ostream& out) {
  if (!options.positional.empty()) throw UsageError("incident takes no arguments");
  std::string format = options.has("format") ? options.get("format") : "markdown";
  if (format != "markdown" && format != "json") {
    throw UsageError("--format must be markdown or json");
  }
  std::string locale = options.has("locale") ? options.get("locale") : "en";
  if (locale != "en" && locale != "ja") throw UsageError("--locale must be en or ja");
  if (options.has("message-id")) {
    throw Error("audit.no-message-id",
                "the audit log does not record Message-IDs; report by time instead: "
                "incident --since T --until T around the time of the send");
  }
  if (!options.has("since") || !options.has("until")) {
    throw UsageError("incident needs --since T and --until T");
  }
  std::unique_ptr<HistoryStore> store = open_for_reading(options);
  std::vector<AuditEntry> entries = read_entries(*store, options);
  Incident incident =
      build_incident(std::move(entries), *parse_audit_time(options.get("since"), false),
                     *parse_audit_time(options.get("until"), true));
  if (format == "json") {
    out << incident_json(incident).dump(2, ' ', false, json::error_handler_t::replace) << "\n";
  } else {
    incident_markdown(incident, locale == "ja", out);
  }
  return 0;
}

int cmd_audit(int argc, const char* const* argv, std::ostream& out) {
  CliOptions options =
      parse_cli_options(argc, argv, 2, {"db", "since", "until", "format", "older-than"});
  std::string sub = options.positional.empty() ? std::string() : options.positional[0];
  if (sub == "list") return audit_list(options, out);
  if (sub == "export") return audit_export(options, out);
  if (sub == "prune") return audit_prune(options, out);
  throw UsageError("audit: expected list, export or prune");
}

bool digits(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

std::optional<std::int64_t> parse_audit_time(std::string_view text, bool end_of_day) {
  if (digits(text)) {
    if (text.size() > 12) return std::nullopt;
    return std::stoll(std::string(text));
  }
  // YYYY-MM-DD[THH:MM[:SS]][Z|+HH:MM|-HH:MM]
  auto number = [&](std::size_t at, std::size_t n) -> std::optional<int> {
    if (text.size() < at + n || !digits(text.substr(at, n))) return std::nullopt;
    return std::stoi(std::string(text.substr(at, n)));
  };
  auto year = number(0, 4), month = number(5, 2), day = number(8, 2);
  if (!year || !month || !day || text[4] != '-' || text[7] != '-') return std::nullopt;
  if (*month < 1 || *month > 12 || *day < 1 || *day > 31) return std::nullopt;
  std::tm tm{};
  tm.tm_year = *year - 1900;
  tm.tm_mon = *month - 1;
  tm.tm_mday = *day;
  std::size_t at = 10;
  std::int64_t offset = 0;
  bool date_only = text.size() == 10;
  if (!date_only) {
    if (text[10] != 'T' && text[10] != 't' && text[10] != ' ') return std::nullopt;
    auto hour = number(11, 2), minute = number(14, 2);
    if (!hour || !minute || text.size() < 16 || text[13] != ':') return std::nullopt;
    if (*hour > 23 || *minute > 59) return std::nullopt;
    tm.tm_hour = *hour;
    tm.tm_min = *minute;
    at = 16;
    if (text.size() > at && text[at] == ':') {
      auto second = number(at + 1, 2);
      if (!second || *second > 60) return std::nullopt;
      tm.tm_sec = *second;
      at += 3;
    }
    std::string_view zone = text.substr(at);
    if (zone == "Z" || zone == "z" || zone.empty()) {
      offset = 0;
    } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
      auto oh = number(at + 1, 2), om = number(at + 4, 2);
      if (!oh || !om) return std::nullopt;
      offset = (*oh * 3600 + *om * 60) * (zone[0] == '-' ? -1 : 1);
    } else {
      return std::nullopt;
    }
  }
  std::int64_t time = static_cast<std::int64_t>(timegm(&tm)) - offset;
  if (date_only && end_of_day) time += 86399;
  return time;
}

std::string_view audit_usage() { return kAuditUsage; }

bool is_audit_command(int argc, const char* const* argv) {
  if (argc < 2) return false;
  std::string_view command = argv[1];
  return command == "audit" || command == "incident";
}

int run_audit_command(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  try {
    if (std::string_view(argv[1]) == "incident") {
      return cmd_incident(
          parse_cli_options(argc, argv, 2,
                            {"db", "since", "until", "format", "locale", "message-id"}),
          out);
    }
    return cmd_audit(argc, argv, out);
  } catch (const UsageError& e) {
    err << "sendcheck: " << e.what() << "\nusage:\n" << kAuditUsage;
    return 2;
  }
}

}  // namespace sendcheck
