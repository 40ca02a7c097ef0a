// Reading a history file directly with the SQLite C API, for the robustness tests: its
// PRAGMA integrity_check and a canonical dump to compare two histories row by row.
#ifndef SENDCHECK_TESTS_INTEGRATION_HISTORY_DUMP_H_
#define SENDCHECK_TESTS_INTEGRATION_HISTORY_DUMP_H_

#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace sendcheck::testing {

using Connection = std::unique_ptr<sqlite3, decltype(&sqlite3_close)>;

// A read-write connection (read-only with `read_only`) to an existing file; throws when it
// cannot be opened.
inline Connection open_history_file(const std::filesystem::path& db, bool read_only = false) {
  sqlite3* handle = nullptr;
  int rc = sqlite3_open_v2(db.c_str(), &handle,
                           read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE, nullptr);
  Connection connection(handle, &sqlite3_close);
  if (rc != SQLITE_OK) throw std::runtime_error("cannot open " + db.string());
  sqlite3_busy_timeout(handle, 10000);
  return connection;
}

// Every row of `sql`, each as its columns' text joined by '|' (NULL as "NULL"); throws on error.
inline std::vector<std::string> sql_rows(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    std::string message = sql + ": " + sqlite3_errmsg(db);
    sqlite3_finalize(stmt);
    throw std::runtime_error(message);
  }
  std::vector<std::string> out;
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    std::string row;
    for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
      if (i > 0) row += '|';
      const unsigned char* text = sqlite3_column_text(stmt, i);
      row += text != nullptr ? reinterpret_cast<const char*>(text) : "NULL";
    }
    out.push_back(std::move(row));
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) throw std::runtime_error(sql + ": " + sqlite3_errmsg(db));
  return out;
}

// PRAGMA integrity_check of the file: "ok" when it is sound.
inline std::string integrity_check(const std::filesystem::path& db) {
  Connection connection = open_history_file(db);
  std::string text;
  for (const std::string& line : sql_rows(connection.get(), "PRAGMA integrity_check")) {
    text += line;
  }
  return text;
}

// The whole history but the audit log (which records when things happened): every table's rows,
// sorted, so that two histories compare equal when they hold the same rows.
struct HistoryDump {
  std::vector<std::string> tables;                // names, sorted
  std::vector<std::vector<std::string>> rows_of;  // sorted rows per table
  bool operator==(const HistoryDump&) const = default;
};

inline HistoryDump dump_history(const std::filesystem::path& db) {
  Connection connection = open_history_file(db, /*read_only=*/true);
  HistoryDump out;
  out.tables = sql_rows(connection.get(),
                        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE "
                        "'sqlite_%' AND name NOT LIKE 'audit%' ORDER BY name");
  for (const std::string& table : out.tables) {
    std::vector<std::string> rows = sql_rows(connection.get(), "SELECT * FROM \"" + table + "\"");
    std::sort(rows.begin(), rows.end());
    out.rows_of.push_back(std::move(rows));
  }
  return out;
}

// Where two dumps differ, for a failure message ("same" when they do not).
inline std::string dump_difference(const HistoryDump& got, const HistoryDump& want) {
  if (got.tables != want.tables) return "different tables";
  for (std::size_t i = 0; i < got.tables.size(); ++i) {
    if (got.rows_of[i] == want.rows_of[i]) continue;
    return got.tables[i] + ": " + std::to_string(got.rows_of[i].size()) + " rows, want " +
           std::to_string(want.rows_of[i].size());
  }
  return "same";
}

}  // namespace sendcheck::testing

#endif  // SENDCHECK_TESTS_INTEGRATION_HISTORY_DUMP_H_
