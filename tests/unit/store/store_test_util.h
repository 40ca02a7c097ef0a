// Helpers for the store tests: messages built from plain strings, raw SQLite access.
#ifndef SENDCHECK_TESTS_UNIT_STORE_STORE_TEST_UTIL_H_
#define SENDCHECK_TESTS_UNIT_STORE_STORE_TEST_UTIL_H_

#include <sqlite3.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "sendcheck/address.h"
#include "sendcheck/draft.h"
#include "sendcheck/history.h"
#include "store/history_schema.h"

namespace sendcheck::testing {

// A mailbox as the parser would give it for `display_name <address>`.
inline Mailbox mailbox(const std::string& address, const std::string& display_name = "") {
  Mailbox result;
  result.display_name = display_name;
  result.address = address;
  auto at = address.rfind('@');
  if (at == std::string::npos) {
    result.kind = MailboxKind::kNoDomain;
    return result;
  }
  result.local_part = address.substr(0, at);
  result.domain = address.substr(at + 1);
  return result;
}

inline DraftRecipient recipient(const std::string& address, const std::string& display_name = "",
                                Field field = Field::kTo) {
  return DraftRecipient{field, mailbox(address, display_name)};
}

inline SentMessage message(const std::string& id, std::int64_t date,
                           std::vector<DraftRecipient> recipients,
                           const std::string& from = "me@example.co.jp") {
  SentMessage result;
  result.message_id = id;
  result.date = date;
  result.from.push_back(mailbox(from));
  result.recipients = std::move(recipients);
  return result;
}

// Runs SQL on a database file outside HistoryStore (to fake foreign or newer files).
inline void raw_exec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open(path.c_str(), &db);
  if (rc == SQLITE_OK) rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
  std::string error = rc == SQLITE_OK ? "" : sqlite3_errmsg(db);
  sqlite3_close(db);
  if (rc != SQLITE_OK) throw std::runtime_error("raw_exec: " + error);
}

// A history file as SendCheck with schema version 3 wrote it: the released DDL of versions 1 to
// 3, then `rows` (SQL that fills it).
inline void write_version_3_history(const std::string& path, const std::string& rows) {
  raw_exec(path, std::string(store::kHistoryMigrations[0]) + store::kHistoryMigrations[1] +
                     store::kHistoryMigrations[2] +
                     "PRAGMA application_id = 1396919089; PRAGMA user_version = 3;\n" + rows);
}

// The integer result of one query on a database file.
inline std::int64_t raw_int(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_stmt* stmt = nullptr;
  std::int64_t value = -1;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK &&
      sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW) {
    value = sqlite3_column_int64(stmt, 0);
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return value;
}

}  // namespace sendcheck::testing

#endif  // SENDCHECK_TESTS_UNIT_STORE_STORE_TEST_UTIL_H_
