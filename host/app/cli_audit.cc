// The audit sub-commands: audit list/export/prune and the incident report.
#include "cli_audit.h"
#include "cli_args.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/audit.h"
#include "engine/incident.h"
#include "policy/policy.h"
#include "sendcheck/domain.h"
#include "sendcheck/error.h"
#include "store/audit_json.h"
#include "store/history_path.h"
#include "store/history_store.h"

namespace sendcheck {
namespace {

using engine::Incident;
using engine::MessageIncident;
using engine::Organisations;
using nlohmann::json;

constexpr std::string_view kAuditUsage =
    R"(  audit list [--since T] [--until T] [--db PATH]
      The audit log as a table, oldest first: time, action, verdict, draft fingerprint (first 12
      digits), recipients with their class, attachments, Message-ID of a sent mail.
      T: Unix seconds or ISO 8601 (2024-05-29, 2024-05-29T10:00:00Z).
  audit export [--since T] [--until T] [--format csv|json] [--db PATH]
      The audit log as CSV (RFC 4180, with a header row; the default) or a JSON array.
  audit prune [--older-than DAYS] [--db PATH] [--config FILE] [--policy FILE]
      Delete the audit entries older than DAYS days (default: the auditRetentionDays setting;
      0 keeps everything).
  incident --message-id ID [--format markdown|json] [--db PATH]
      What a misdirected mail established, for the report to the Personal Information
      Protection Commission and to the people affected: recipients by class and organisation,
      attachments with size and SHA-256, personal data counted, and the timeline of the user's
      decisions on that draft (UTC and local time). Exit 1 when the Message-ID is not in the log.
  incident --since T --until T [--format markdown|json] [--locale en|ja] [--db PATH]
      The same for every entry of a period.
)";

std::string iso_time(std::int64_t time) {
  std::time_t t = static_cast<std::time_t>(time);
  std::tm tm{};
  if (gmtime_r(&t, &tm) == nullptr) return std::to_string(time);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

// The local time of `time` with its UTC offset, ISO 8601 ("2024-05-30T01:27:40+09:00"), in the
// time zone of the process (TZ).
std::string local_time(std::int64_t time) {
  std::time_t t = static_cast<std::time_t>(time);
  std::tm tm{};
  if (localtime_r(&t, &tm) == nullptr) return iso_time(time);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &tm);
  const long offset = tm.tm_gmtoff;
  const long magnitude = (offset < 0 ? -offset : offset) % 86400;
  char zone[32];
  std::snprintf(zone, sizeof zone, "%c%02ld:%02ld", offset < 0 ? '-' : '+', magnitude / 3600,
                magnitude / 60 % 60);
  return std::string(buffer) + zone;
}

// The entries between --since and --until, oldest first.
std::vector<AuditEntry> read_entries(HistoryStore& store, const CliOptions& options) {
  std::optional<std::int64_t> since, until;
  if (options.has("since")) {
    since = parse_audit_time(options.get("since"), false);
    if (!since) throw UsageError("--since: not a time: " + options.get("since"));
  }
  if (options.has("until")) {
    until = parse_audit_time(options.get("until"), true);
    if (!until) throw UsageError("--until: not a time: " + options.get("until"));
  }
  return engine::audit_entries(store, since, until);
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
    out += a.name + " (" + std::to_string(a.size) + " bytes";
    if (!a.sha256.empty()) out += ", sha256 " + a.sha256;
    out += ")";
  }
  return out.empty() ? "-" : out;
}

std::string pad(std::string text, std::size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

int audit_list(const CliOptions& options, std::ostream& out) {
  if (options.positional.size() != 1) throw UsageError("audit list takes no arguments");
  std::unique_ptr<HistoryStore> store = open_for_reading(options);
  std::vector<AuditEntry> entries = read_entries(*store, options);
  out << pad("TIME", 22) << pad("ACTION", 11) << pad("VERDICT", 9) << pad("DRAFT", 14)
      << "RECIPIENTS | ATTACHMENTS | MESSAGE-ID\n";
  for (const AuditEntry& e : entries) {
    out << pad(iso_time(e.time), 22) << pad(e.action, 11) << pad(e.verdict, 9)
        << pad(e.fingerprint.empty() ? "-" : e.fingerprint.substr(0, 12), 14) << recipients_text(e)
        << " | " << attachments_text(e) << " | "
        << (e.message_id.empty() ? "-" : "<" + e.message_id + ">") << "\n";
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

// One row of an incident report's timeline: when (Unix seconds, ISO 8601 UTC, local), what and
// the verdict; each report adds its own last field.
json timeline_row(const AuditEntry& e) {
  return {
      {"time", e.time},        {"timeIso", iso_time(e.time)}, {"timeLocal", local_time(e.time)},
      {"action", e.action},    {"verdict", e.verdict},        {"recipientCount", e.recipient_count},
      {"warnings", e.warnings}};
}

json null_if_empty(const std::string& text) { return text.empty() ? json(nullptr) : json(text); }

std::string personal_data_text(const std::vector<AuditPersonalData>& list) {
  std::string out;
  for (const AuditPersonalData& p : list) {
    if (!out.empty()) out += ";";
    out += p.kind + "=" + std::to_string(p.count);
  }
  return out;
}

// The entry in the one shape of audit.query (store/audit_json.h), with what the export adds: the
// time in ISO 8601 and the draft fingerprint (when known).
json entry_json(const AuditEntry& e) {
  json out = store::audit_entry_json(e);
  out["timeIso"] = iso_time(e.time);
  if (!e.fingerprint.empty()) out["fingerprint"] = e.fingerprint;
  return out;
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
  out << "time,unix_time,action,verdict,recipient_count,recipients,attachments,warnings,"
         "personal_data,message_id,fingerprint\r\n";
  for (const AuditEntry& e : entries) {
    std::string recipients = e.recipients.empty() ? std::string() : recipients_text(e);
    std::string attachments = e.attachments.empty() ? std::string() : attachments_text(e);
    out << iso_time(e.time) << "," << e.time << "," << csv_field(e.action) << ","
        << csv_field(e.verdict) << "," << e.recipient_count << "," << csv_field(recipients) << ","
        << csv_field(attachments) << "," << csv_field(join(e.warnings, ";")) << ","
        << csv_field(personal_data_text(e.personal_data)) << "," << csv_field(e.message_id) << ","
        << csv_field(e.fingerprint) << "\r\n";
  }
  return 0;
}

int audit_prune(const CliOptions& options, std::ostream& out) {
  if (options.positional.size() != 1) throw UsageError("audit prune takes no arguments");
  std::int64_t days = 0;
  if (options.has("older-than")) {
    std::string days_text = options.get("older-than");
    if (days_text.empty() || days_text.find_first_not_of("0123456789") != std::string::npos ||
        days_text.size() > 6) {
      throw UsageError("audit prune --older-than DAYS: DAYS must be a whole number");
    }
    days = std::stoll(days_text);
  } else {
    // The retention setting, as the host applies it (team policy < user settings).
    days = effective_settings(load_settings_layers(options.get("policy"), options.get("config")))
               .audit_retention_days;
    if (days == 0) {
      out << "auditRetentionDays is 0 (keep forever): nothing deleted\n";
      return 0;
    }
  }
  std::int64_t before = static_cast<std::int64_t>(std::time(nullptr)) - days * 86400;
  std::unique_ptr<HistoryStore> store = HistoryStore::open(history_path(options));
  std::int64_t removed = store->prune_audit(before);
  out << "Deleted " << removed << " audit entr" << (removed == 1 ? "y" : "ies") << " older than "
      << iso_time(before) << "\n";
  return 0;
}

// --- The incident report ---

bool is_personal_data_warning(const std::string& code) { return code == "personal-data"; }

// A Markdown table cell: "|" escaped, line breaks as spaces.
std::string cell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

json organisations_json(const Organisations& external) {
  json organisations = json::array();
  for (const auto& [organisation, addresses] : external) {
    json list = json::array();
    for (const auto& [address, klass] : addresses) {
      list.push_back({{"address", address}, {"class", klass}});
    }
    organisations.push_back(
        {{"organisation", organisation}, {"count", addresses.size()}, {"recipients", list}});
  }
  return organisations;
}

void organisations_markdown(const Organisations& external, std::ostream& out) {
  out << "| Organisation | Recipients | Addresses |\n|---|---|---|\n";
  for (const auto& [organisation, addresses] : external) {
    std::vector<std::string> list;
    for (const auto& [address, klass] : addresses) {
      std::string entry = address;
      entry.append(" (").append(klass).append(")");
      list.push_back(std::move(entry));
    }
    out << "| " << cell(organisation) << " | " << addresses.size() << " | "
        << cell(join(list, ", ")) << " |\n";
  }
  out << "\n";
}

void attachments_markdown(const std::vector<AuditAttachment>& attachments, std::ostream& out) {
  if (attachments.empty()) {
    out << "None.\n\n";
    return;
  }
  out << "| Name | Size (bytes) | SHA-256 |\n|---|---|---|\n";
  for (const AuditAttachment& a : attachments) {
    out << "| " << cell(a.name) << " | " << a.size << " | "
        << (a.sha256.empty() ? "not recorded" : a.sha256) << " |\n";
  }
  out << "\n";
}

const std::vector<std::string>& not_recorded() {
  static const std::vector<std::string> items = {
      "subject and body (never recorded, by design)",
      "display names of the recipients (never recorded, by design)",
      "SHA-256 of attachments whose content the mail client could not read"};
  return items;
}

std::string personal_data_items(const std::map<std::string, std::int64_t>& kinds) {
  std::vector<std::string> parts;
  parts.reserve(kinds.size());
  for (const auto& [kind, count] : kinds) parts.push_back(kind + ": " + std::to_string(count));
  return join(parts, ", ");
}

json incident_json(const Incident& incident) {
  json warnings = json::array();
  for (const auto& [code, count] : incident.warnings) {
    json items = nullptr;
    if (is_personal_data_warning(code) && !incident.personal_data.empty()) {
      items = json::object();
      for (const auto& [kind, most] : incident.personal_data) items[kind] = most;
    }
    warnings.push_back({{"code", code},
                        {"personalData", is_personal_data_warning(code)},
                        {"entries", count},
                        {"items", items}});
  }
  json timeline = json::array();
  for (const AuditEntry& e : incident.entries) {
    json row = timeline_row(e);
    row["messageId"] = null_if_empty(e.message_id);
    timeline.push_back(std::move(row));
  }
  std::size_t external_count = 0;
  for (const auto& [o, a] : incident.external) external_count += a.size();
  return json{{"since", incident.since},
              {"until", incident.until},
              {"sends", incident.sends},
              {"externalOrganisations", organisations_json(incident.external)},
              {"externalRecipientCount", external_count},
              {"internalRecipientCount", incident.internal.size()},
              {"unlistedRecipientCount", incident.unlisted},
              {"attachments", store::audit_attachments_json(incident.attachments)},
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
    organisations_markdown(incident.external, out);
  }

  out << "## " << heading("Attachments", "添付ファイル") << "\n\n";
  attachments_markdown(incident.attachments, out);

  out << "## " << heading("Warnings shown", "表示された警告") << "\n\n";
  if (incident.warnings.empty()) {
    out << "None.\n\n";
  } else {
    out << "| Warning | Personal data | Entries | Items counted |\n|---|---|---|---|\n";
    for (const auto& [code, count] : incident.warnings) {
      bool personal = is_personal_data_warning(code);
      std::string items = personal ? personal_data_items(incident.personal_data) : "";
      out << "| " << code << " | " << (personal ? "yes" : "no") << " | " << count << " | "
          << (items.empty() ? "-" : items) << " |\n";
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

std::string by_class_text(const std::map<std::string, std::int64_t>& by_class) {
  std::vector<std::string> parts;
  parts.reserve(by_class.size());
  for (const auto& [klass, count] : by_class) parts.push_back(klass + " " + std::to_string(count));
  return parts.empty() ? "-" : join(parts, ", ");
}

// Warning codes of an entry other than personal-data (which has its own section).
std::vector<std::string> other_warnings(const AuditEntry& e) {
  std::vector<std::string> codes;
  for (const std::string& code : e.warnings) {
    if (!is_personal_data_warning(code)) codes.push_back(code);
  }
  return codes;
}

json message_incident_json(const MessageIncident& incident) {
  const AuditEntry& sent = incident.sent;
  const AuditEntry& shown = incident.shown;
  json last_check = nullptr;
  if (incident.has_check) {
    last_check = {{"time", shown.time},
                  {"timeIso", iso_time(shown.time)},
                  {"timeLocal", local_time(shown.time)},
                  {"verdict", shown.verdict}};
  }
  json timeline = json::array();
  for (const AuditEntry& e : incident.timeline) {
    json row = timeline_row(e);
    row["personalData"] = store::audit_personal_data_json(e.personal_data);
    timeline.push_back(std::move(row));
  }
  return json{{"messageId", sent.message_id},
              {"sent",
               {{"time", sent.time},
                {"timeIso", iso_time(sent.time)},
                {"timeLocal", local_time(sent.time)},
                {"verdict", sent.verdict}}},
              {"lastCheck", last_check},
              {"fingerprint", null_if_empty(sent.fingerprint)},
              {"recipientCount", sent.recipient_count},
              {"listedRecipientCount", sent.recipients.size()},
              {"recipientsByClass", incident.by_class},
              {"externalOrganisations", organisations_json(incident.external)},
              {"internalRecipients", incident.internal},
              {"attachments", store::audit_attachments_json(sent.attachments)},
              {"personalData", store::audit_personal_data_json(shown.personal_data)},
              {"otherWarnings", other_warnings(shown)},
              {"timeline", timeline},
              {"notRecorded", not_recorded()}};
}

void message_incident_markdown(const MessageIncident& incident, std::ostream& out) {
  const AuditEntry& sent = incident.sent;
  const AuditEntry& shown = incident.shown;
  out << "# Incident report (漏えい等報告): Message-ID <" << sent.message_id << ">\n\n";
  out << "- Sent (発生日時): " << iso_time(sent.time) << " (local time " << local_time(sent.time)
      << ")\n";
  if (incident.has_check) {
    out << "- Last check before sending: " << iso_time(shown.time) << " (local time "
        << local_time(shown.time) << "), verdict " << shown.verdict << "\n";
  } else {
    out << "- Last check before sending: none recorded\n";
  }
  out << "- Draft fingerprint: " << (sent.fingerprint.empty() ? "not recorded" : sent.fingerprint)
      << "\n\n";

  out << "## Recipients (漏えい先)\n\n";
  out << "- Recipients: " << sent.recipient_count;
  if (sent.recipient_count > static_cast<std::int64_t>(sent.recipients.size())) {
    out << " (" << sent.recipients.size() << " listed in the audit log)";
  }
  out << "\n- By class: " << by_class_text(incident.by_class) << "\n";
  std::size_t external_count = 0;
  for (const auto& [o, a] : incident.external) external_count += a.size();
  out << "- Outside the organisation: " << external_count << " at " << incident.external.size()
      << " organisation(s)\n\n";
  if (!incident.external.empty()) {
    out << "### External parties by organisation (組織別)\n\n";
    organisations_markdown(incident.external, out);
  }
  if (!incident.internal.empty()) {
    out << "### Internal recipients\n\n";
    for (const std::string& address : incident.internal) out << "- " << address << "\n";
    out << "\n";
  }

  out << "## Attachments (添付ファイル)\n\n";
  attachments_markdown(sent.attachments, out);

  out << "## Personal data detected (個人データの項目)\n\n";
  out << "As counted by " << (incident.has_check ? "the last check before sending" : "the send")
      << " (subject and body text the user wrote; not the attachments' content).\n\n";
  if (shown.personal_data.empty()) {
    out << "No personal-data warning fired.\n\n";
  } else {
    out << "| Kind | Items counted |\n|---|---|\n";
    for (const AuditPersonalData& p : shown.personal_data) {
      out << "| " << cell(p.kind) << " | " << p.count << " |\n";
    }
    out << "\n";
  }
  std::vector<std::string> others = other_warnings(shown);
  out << "Other warnings shown: " << (others.empty() ? "none" : join(others, ", ")) << "\n\n";

  out << "## Timeline of the user's decisions (経緯)\n\n";
  out << "| Time (UTC) | Local time | Action | Verdict | Warnings |\n|---|---|---|---|---|\n";
  for (const AuditEntry& e : incident.timeline) {
    out << "| " << iso_time(e.time) << " | " << local_time(e.time) << " | " << e.action << " | "
        << e.verdict << " | " << (e.warnings.empty() ? "-" : join(e.warnings, ", ")) << " |\n";
  }
  out << "\nChecks are of the whole draft; cancelled, blocked and sent entries are assessed again "
         "without the body (the add-on does not send it with them), so body warnings appear on "
         "checks only.\n";
  out << "\n## Not recorded in the audit log\n\n";
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
    if (options.has("since") || options.has("until")) {
      throw UsageError("incident takes --message-id ID or --since T --until T, not both");
    }
    const std::string given = options.get("message-id");
    std::string_view id = given;
    while (!id.empty() && (id.front() == ' ' || id.front() == '<')) id.remove_prefix(1);
    while (!id.empty() && (id.back() == ' ' || id.back() == '>')) id.remove_suffix(1);
    if (id.empty()) throw UsageError("--message-id needs a Message-ID");
    std::unique_ptr<HistoryStore> store = open_for_reading(options);
    MessageIncident incident =
        engine::find_message_incident(*store, std::string(id), history_path(options));
    if (format == "json") {
      out << message_incident_json(incident).dump(2, ' ', false, json::error_handler_t::replace)
          << "\n";
    } else {
      message_incident_markdown(incident, out);
    }
    return 0;
  }
  if (!options.has("since") || !options.has("until")) {
    throw UsageError("incident needs --message-id ID, or --since T and --until T");
  }
  std::unique_ptr<HistoryStore> store = open_for_reading(options);
  std::vector<AuditEntry> entries = read_entries(*store, options);
  Incident incident =
      engine::build_incident(std::move(entries), *parse_audit_time(options.get("since"), false),
                             *parse_audit_time(options.get("until"), true));
  if (format == "json") {
    out << incident_json(incident).dump(2, ' ', false, json::error_handler_t::replace) << "\n";
  } else {
    incident_markdown(incident, locale == "ja", out);
  }
  return 0;
}

int cmd_audit(int argc, const char* const* argv, std::ostream& out) {
  CliOptions options = parse_cli_options(
      argc, argv, 2, {"db", "since", "until", "format", "older-than", "config", "policy"});
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
