// store/sqlite_handle.h — small RAII wrappers around the SQLite C API (private to the store).
//
// Database owns a connection; Statement owns a prepared statement that is prepared once and
// reused; Query binds, steps and resets one use of a Statement (reset on scope exit, so a
// Statement is always ready for the next use, also after an exception).
// SQLite failures become sendcheck::Error: SQLITE_BUSY/LOCKED -> "history.busy",
// SQLITE_CORRUPT/NOTADB -> "history.corrupt", SQLITE_CANTOPEN -> "history.open-failed",
// anything else the code the caller names (e.g. "history.write-failed").
#ifndef SENDCHECK_STORE_SQLITE_HANDLE_H_
#define SENDCHECK_STORE_SQLITE_HANDLE_H_

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "sendcheck/error.h"

namespace sendcheck::store {

// The error code for a SQLite result code; `fallback` when it says nothing more specific.
inline std::string error_code_for(int rc, const std::string& fallback) {
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return "history.busy";
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return "history.corrupt";
    case SQLITE_CANTOPEN:
      return "history.open-failed";
    default:
      return fallback;
  }
}

// Throws the Error for `rc`, with SQLite's message for `db` (if any) appended to `what`.
[[noreturn]] inline void throw_sqlite(sqlite3* db, int rc, const std::string& fallback_code,
                                      std::string_view what) {
  std::string message(what);
  message += ": ";
  if (db != nullptr && sqlite3_errcode(db) != SQLITE_OK) {
    message += sqlite3_errmsg(db);
  } else {
    message += sqlite3_errstr(rc);
  }
  throw Error(error_code_for(rc, fallback_code), message);
}

class Database {
 public:
  Database() = default;
  explicit Database(sqlite3* db) : db_(db) {}
  sqlite3* get() const { return db_.get(); }

  // Runs one or more statements without results (schema, pragmas). Throws on failure.
  void exec(const char* sql, const std::string& fallback_code) const {
    char* error = nullptr;
    int rc = sqlite3_exec(db_.get(), sql, nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
      std::string message = error != nullptr ? error : sqlite3_errstr(rc);
      sqlite3_free(error);
      throw Error(error_code_for(rc, fallback_code), "SQLite: " + message);
    }
  }

 private:
  struct Closer {
    void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
  };
  std::unique_ptr<sqlite3, Closer> db_;
};

class Statement {
 public:
  Statement() = default;
  // Prepares `sql` (one statement) for repeated use.
  Statement(sqlite3* db, std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) {
      sqlite3_finalize(stmt);
      throw_sqlite(db, rc, "history.open-failed", "cannot prepare a history query");
    }
    stmt_.reset(stmt);
  }
  sqlite3_stmt* get() const { return stmt_.get(); }

 private:
  struct Finalizer {
    void operator()(sqlite3_stmt* stmt) const noexcept { sqlite3_finalize(stmt); }
  };
  std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
};

// One execution of a prepared Statement. `fallback_code` names failures that are neither busy
// nor corruption ("history.write-failed" for writes, "history.read-failed" for reads).
class Query {
 public:
  Query(const Statement& statement, std::string fallback_code)
      : stmt_(statement.get()), fallback_code_(std::move(fallback_code)) {}
  ~Query() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;

  // Parameters are numbered from 1, as in SQLite.
  Query& bind(int index, std::string_view text) {
    check(sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                            SQLITE_TRANSIENT));
    return *this;
  }
  Query& bind(int index, std::int64_t value) {
    check(sqlite3_bind_int64(stmt_, index, value));
    return *this;
  }

  Query& bind_real(int index, double value) {
    check(sqlite3_bind_double(stmt_, index, value));
    return *this;
  }
  Query& bind_blob(int index, const void* data, std::size_t size) {
    check(sqlite3_bind_blob(stmt_, index, data, static_cast<int>(size), SQLITE_TRANSIENT));
    return *this;
  }
  // True when a row is available, false when the statement is done.
  bool step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    check(rc);
    return false;
  }
  // Steps to completion, ignoring rows.
  void run() {
    while (step()) {
    }
  }

  std::int64_t int64(int column) const { return sqlite3_column_int64(stmt_, column); }
  double real(int column) const { return sqlite3_column_double(stmt_, column); }
  // The bytes of a BLOB (or TEXT) column.
  std::string blob(int column) const {
    const void* data = sqlite3_column_blob(stmt_, column);
    int size = sqlite3_column_bytes(stmt_, column);
    if (data == nullptr) return {};
    return std::string(static_cast<const char*>(data), static_cast<std::size_t>(size));
  }
  std::string text(int column) const {
    const auto* data = sqlite3_column_text(stmt_, column);
    int size = sqlite3_column_bytes(stmt_, column);
    if (data == nullptr) return {};
    return std::string(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size));
  }

 private:
  void check(int rc) const {
    if (rc == SQLITE_OK) return;
    sqlite3* db = sqlite3_db_handle(stmt_);
    throw_sqlite(db, rc, fallback_code_, "history database");
  }

  sqlite3_stmt* stmt_;
  std::string fallback_code_;
};

}  // namespace sendcheck::store

#endif  // SENDCHECK_STORE_SQLITE_HANDLE_H_
