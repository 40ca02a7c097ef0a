// The audit log: one row per check, send or cancel, with canonical addresses and their class,
// attachment names, sizes and SHA-256, warning codes with the personal-data counts, the
// Message-ID of a sent mail and the draft fingerprint (never a body, a subject or a display name).
#include "store/audit_log.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "sendcheck/error.h"
#include "store/audit_json.h"
#include "store/history_store.h"
#include "store/sqlite_handle.h"

namespace sendcheck::store {
namespace {

using nlohmann::json;

const std::string kWriteFailed = "history.write-failed";
const std::string kReadFailed = "history.read-failed";

// `text` cut to at most `limit` bytes without splitting a UTF-8 sequence.
std::string cut_utf8(std::string_view text, std::size_t limit) {
  if (text.size() <= limit) return std::string(text);
  std::size_t end = limit;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end));
}

std::string dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

// A JSON column as written by insert_audit; anything else (a damaged row) reads as empty.
json parse_column(const std::string& text) {
  json parsed = json::parse(text, nullptr, /*allow_exceptions=*/false);
  return parsed.is_array() ? parsed : json::array();
}

std::string string_in(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// 64 hex digits, lower-cased; anything else (a client's mistake, a damaged row) is "".
std::string sha256_or_empty(std::string_view text) {
  if (text.size() != 64) return std::string();
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return std::string();
  }
  return out;
}

// A Message-ID as the audit log keeps it: without surrounding white space and one pair of <>.
std::string bare_message_id(std::string_view id) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!id.empty() && space(id.front())) id.remove_prefix(1);
  while (!id.empty() && space(id.back())) id.remove_suffix(1);
  if (id.size() >= 2 && id.front() == '<' && id.back() == '>') id = id.substr(1, id.size() - 2);
  return std::string(id);
}

// The schema version of the file: a read-only connection may see an older, unmigrated file.
std::int64_t schema_version(sqlite3* db) {
  Statement version(db, "PRAGMA user_version");
  Query read(version, kReadFailed);
  return read.step() ? read.int64(0) : 0;
}

}  // namespace

void insert_audit(sqlite3* db, const AuditEntry& entry) {
  // The entry cut to the limits; its columns hold the parts of its JSON shape (audit_json.h).
  const std::size_t text_limit = HistoryStore::kMaxAuditText;
  AuditEntry cut;
  for (const AuditRecipient& r : entry.recipients) {
    if (cut.recipients.size() >= HistoryStore::kMaxAuditRecipients) break;
    cut.recipients.push_back({cut_utf8(r.address, text_limit), cut_utf8(r.klass, 32)});
  }
  for (const AuditAttachment& a : entry.attachments) {
    if (cut.attachments.size() >= HistoryStore::kMaxAuditAttachments) break;
    cut.attachments.push_back({cut_utf8(a.name, text_limit), a.size, sha256_or_empty(a.sha256)});
  }
  for (const std::string& code : entry.warnings) {
    if (cut.warnings.size() >= HistoryStore::kMaxAuditAttachments) break;
    cut.warnings.push_back(cut_utf8(code, 64));
  }
  for (const AuditPersonalData& p : entry.personal_data) {
    if (cut.personal_data.size() >= HistoryStore::kMaxAuditPersonalData) break;
    cut.personal_data.push_back({cut_utf8(p.kind, 64), p.count});
  }
  std::int64_t count = std::max<std::int64_t>(entry.recipient_count,
                                              static_cast<std::int64_t>(cut.recipients.size()));

  Statement insert(db,
                   "INSERT INTO audit(time, action, verdict, recipient_count, recipients, "
                   "attachments, warnings, message_id, fingerprint, personal_data) "
                   "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  Query(insert, kWriteFailed)
      .bind(1, entry.time)
      .bind(2, cut_utf8(entry.action, 32))
      .bind(3, cut_utf8(entry.verdict, 32))
      .bind(4, count)
      .bind(5, dump(audit_recipients_json(cut.recipients)))
      .bind(6, dump(audit_attachments_json(cut.attachments)))
      .bind(7, dump(json(cut.warnings)))
      .bind(8, cut_utf8(bare_message_id(entry.message_id), text_limit))
      .bind(9, sha256_or_empty(entry.fingerprint))
      .bind(10, dump(audit_personal_data_json(cut.personal_data)))
      .run();
}

std::vector<AuditEntry> select_audit(sqlite3* db, const AuditQuery& query) {
  std::vector<AuditEntry> entries;
  if (query.limit == 0) return entries;
  // A file of schema version 1, opened read-only (not migrated yet), has no audit log; one of
  // version 2 has no Message-IDs, fingerprints or personal-data counts (they read as empty).
  const std::int64_t version = schema_version(db);
  if (version < 2) return entries;
  const bool v3 = version >= 3;
  if (!v3 && (query.message_id || query.fingerprint)) return entries;
  std::string sql =
      "SELECT time, action, verdict, recipient_count, recipients, attachments, warnings, id, ";
  sql += v3 ? "message_id, fingerprint, personal_data" : "'', '', '[]'";
  sql += " FROM audit WHERE time >= ?1 AND time <= ?2";
  // The "<> ''" terms let SQLite use the partial indexes of schema version 3.
  if (query.message_id) sql += " AND message_id = ?4 AND message_id <> ''";
  if (query.fingerprint) sql += " AND fingerprint = ?5 AND fingerprint <> ''";
  sql += " ORDER BY time DESC, id DESC LIMIT ?3";
  Statement select;
  try {
    select = Statement(db, sql.c_str());
  } catch (const Error& error) {
    // The file says it is at this version but lacks the audit table or a column: it is damaged.
    if (error.code() != "history.open-failed") throw;
    throw Error("history.corrupt",
                std::string("the history database has no audit log: ") + error.what());
  }
  Query rows(select, kReadFailed);
  rows.bind(1, query.since.value_or(std::numeric_limits<std::int64_t>::min()))
      .bind(2, query.until.value_or(std::numeric_limits<std::int64_t>::max()))
      .bind(3, static_cast<std::int64_t>(
                   std::min<std::size_t>(query.limit, std::numeric_limits<std::int64_t>::max())));
  if (query.message_id) rows.bind(4, bare_message_id(*query.message_id));
  if (query.fingerprint) rows.bind(5, *query.fingerprint);
  while (rows.step()) {
    AuditEntry entry;
    entry.time = rows.int64(0);
    entry.action = rows.text(1);
    entry.verdict = rows.text(2);
    entry.recipient_count = rows.int64(3);
    for (const json& r : parse_column(rows.text(4))) {
      if (r.is_object())
        entry.recipients.push_back({string_in(r, "address"), string_in(r, "class")});
    }
    for (const json& a : parse_column(rows.text(5))) {
      if (!a.is_object()) continue;
      AuditAttachment attachment{string_in(a, "name"), 0, sha256_or_empty(string_in(a, "sha256"))};
      auto size = a.find("size");
      if (size != a.end() && size->is_number_unsigned())
        attachment.size = size->get<std::uint64_t>();
      entry.attachments.push_back(std::move(attachment));
    }
    for (const json& code : parse_column(rows.text(6))) {
      if (code.is_string()) entry.warnings.push_back(code.get<std::string>());
    }
    entry.id = rows.int64(7);
    entry.message_id = rows.text(8);
    entry.fingerprint = rows.text(9);
    for (const json& p : parse_column(rows.text(10))) {
      if (!p.is_object()) continue;
      auto count = p.find("count");
      entry.personal_data.push_back(
          {string_in(p, "kind"),
           count != p.end() && count->is_number_integer() ? count->get<std::int64_t>() : 0});
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

std::int64_t delete_audit_before(sqlite3* db, std::int64_t before) {
  Statement remove(db, "DELETE FROM audit WHERE time < ?1");
  Query(remove, kWriteFailed).bind(1, before).run();
  return sqlite3_changes(db);
}

}  // namespace sendcheck::store
