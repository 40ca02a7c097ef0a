// HistoryStore: the sending history in SQLite (DESIGN.md §4 "History", §5, §6). This file opens
// it: creates the file and its folders, checks what the file is, switches it to WAL, migrates the
// schema and prepares the statements. The store's other jobs are in the files that
// store/history_store_internal.h lists.
//
// One connection per store, WAL mode so that several host processes can read and write the same
// file; every write is one transaction (history_learn.cc).
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "platform/folders.h"
#include "sendcheck/error.h"
#include "sendcheck/recipient_features.h"
#include "store/history_schema.h"
#include "store/history_store.h"
#include "store/history_store_internal.h"
#include "store/sqlite_handle.h"

namespace sendcheck {

namespace {

using store::Database;
using store::Query;
using store::Statement;

constexpr int kBusyTimeoutMs = 5000;
// Reads map the file instead of copying pages through read(2): a check touches a few hundred
// scattered pages, and with mmap their cost does not depend on SQLite's page cache size.
#define kReadPragmas "PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -8192;"
// A connection that writes (import, record-sent) does not map the file: an import reads the
// whole growing database through the map, and every mapped page counted in its resident memory
// (bench: 180 MB for a 100 MB mbox, growing with the file). Its reads go through the page cache.
#define kWritePragmas "PRAGMA mmap_size = 0; PRAGMA cache_size = -8192;"
constexpr std::size_t kMaxNames = 8;

static_assert(store::kHistoryMigrations.size() == HistoryStore::kSchemaVersion,
              "one migration step per schema version");

// Creates the missing folders above `path` with mode 0700.
void create_parent_folders(const std::filesystem::path& path) {
  std::filesystem::path parent = path.parent_path();
  if (platform::FolderError failed = platform::create_folders(parent)) {
    throw Error("history.open-failed",
                "cannot create the folder " + parent.string() + ": " + failed.error.message());
  }
}

// Creates the database file with mode 0600 if it does not exist yet. SQLite gives its -wal and
// -shm files the mode of the database file, so they are 0600 too.
void create_private_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return;
    throw Error("history.open-failed",
                "cannot create the history database " + path + ": " + std::strerror(errno));
  }
  ::fchmod(fd, 0600);  // whatever the umask
  ::close(fd);
}

struct Header {
  std::int64_t application_id = 0;
  std::int64_t user_version = 0;
  std::int64_t schema_objects = 0;
};

std::int64_t query_int(sqlite3* db, const char* sql, const std::string& path) {
  Statement statement(db, sql);
  Query query(statement, "history.open-failed");
  if (!query.step()) throw Error("history.corrupt", "unexpected answer from " + path);
  return query.int64(0);
}

void run_once(sqlite3* db, const char* sql) {
  Statement statement(db, sql);
  Query(statement, "history.open-failed").run();
}

// Reads the header in one read transaction: another process may be creating the schema at this
// very moment, and three separate reads could see half of it.
Header read_header(sqlite3* db, const std::string& path) {
  const bool own_transaction = sqlite3_get_autocommit(db) != 0;
  Header header;
  try {
    if (own_transaction) run_once(db, "BEGIN");
    header.application_id = query_int(db, "PRAGMA application_id", path);
    header.user_version = query_int(db, "PRAGMA user_version", path);
    header.schema_objects = query_int(db, "SELECT count(*) FROM sqlite_schema", path);
    if (own_transaction) run_once(db, "COMMIT");
  } catch (const Error& error) {
    if (own_transaction && sqlite3_get_autocommit(db) == 0) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    }
    if (error.code() == "history.corrupt") {
      throw Error("history.corrupt", "not a SendCheck history database: " + path);
    }
    throw Error(error.code(), std::string(error.what()) + " (" + path + ")");
  }
  return header;
}

enum class HeaderState { kEmpty, kOlder, kCurrent };

// Refuses files that are not SendCheck histories or come from a newer SendCheck.
HeaderState check_header(const Header& header, const std::string& path) {
  if (header.application_id == 0 && header.user_version == 0 && header.schema_objects == 0) {
    return HeaderState::kEmpty;
  }
  if (header.application_id != store::kHistoryApplicationId || header.user_version < 0) {
    throw Error("history.corrupt", "not a SendCheck history database: " + path);
  }
  if (header.user_version > HistoryStore::kSchemaVersion) {
    throw Error("history.too-new", "the history database " + path + " has schema version " +
                                       std::to_string(header.user_version) +
                                       ", newer than this SendCheck (" +
                                       std::to_string(HistoryStore::kSchemaVersion) + ")");
  }
  if (header.user_version < HistoryStore::kSchemaVersion) return HeaderState::kOlder;
  return HeaderState::kCurrent;
}

// Brings the schema to kSchemaVersion in one transaction. The header is read again under the
// write lock: another process may have migrated the file in the meantime.
// Version 4 keys every address under the names an autocomplete offers it by (neighbours): the
// addresses a history of an older version already knows get theirs here, once. Their greetings,
// terms and threads cannot be recovered (no text was kept): they are learned from the next
// sends, or from a new import after `sendcheck history forget --all`.
void add_neighbour_keys_of_known_addresses(sqlite3* db) {
  Statement addresses(db, "SELECT id, address FROM addresses");
  Statement names(db, "SELECT name FROM address_names WHERE address_id = ?1");
  Statement insert(db,
                   "INSERT INTO neighbours(key, address_id) VALUES(?1, ?2) ON CONFLICT DO NOTHING");
  Query all(addresses, "history.open-failed");
  while (all.step()) {
    const std::int64_t id = all.int64(0);
    std::vector<std::string> known_names;
    {
      Query query(names, "history.open-failed");
      query.bind(1, id);
      while (query.step()) known_names.push_back(query.text(0));
    }
    for (const std::string& key : neighbour_keys(all.text(1), known_names)) {
      Query(insert, "history.open-failed").bind(1, key).bind(2, id).run();
    }
  }
}

void migrate(const Database& db, const std::string& path) {
  db.exec("BEGIN IMMEDIATE", "history.open-failed");
  try {
    Header header = read_header(db.get(), path);
    if (check_header(header, path) != HeaderState::kCurrent) {
      for (auto version = static_cast<std::size_t>(header.user_version);
           version < store::kHistoryMigrations.size(); ++version) {
        db.exec(store::kHistoryMigrations[version], "history.open-failed");
      }
      if (header.user_version > 0 && header.user_version < 4) {
        add_neighbour_keys_of_known_addresses(db.get());
      }
      std::string pragmas =
          "PRAGMA application_id = " + std::to_string(store::kHistoryApplicationId) +
          "; PRAGMA user_version = " + std::to_string(HistoryStore::kSchemaVersion) + ";";
      db.exec(pragmas.c_str(), "history.open-failed");
    }
    db.exec("COMMIT", "history.open-failed");
  } catch (...) {
    if (sqlite3_get_autocommit(db.get()) == 0) {
      sqlite3_exec(db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
    throw;
  }
}

// "INSERT INTO <table> VALUES <row>, <row>, ... ON CONFLICT DO NOTHING" with kVariantRows rows;
// in `row`, "{}" is the variant's parameter, numbered from `first`. A short list repeats a variant
// to fill the rows: the repeated row conflicts with the first and is dropped.
std::string variant_rows_sql(std::string_view table, std::string_view row, int first) {
  std::string sql = "INSERT INTO " + std::string(table) + " VALUES ";
  const std::size_t hole = row.find("{}");
  for (int i = 0; i < HistoryStore::Impl::kVariantRows; ++i) {
    if (i > 0) sql += ", ";
    sql += row.substr(0, hole);
    sql += std::to_string(first + i);
    sql += row.substr(hole + 2);
  }
  sql += " ON CONFLICT DO NOTHING";
  return sql;
}

}  // namespace

HistoryStore::Impl::Impl(Database db, std::string path, bool read_only, std::int64_t schema_version)
    : db_(std::move(db)),
      path_(std::move(path)),
      read_only_(read_only),
      features_(db_.get(), !read_only, schema_version >= 4) {
  sqlite3* h = db_.get();
  // A read-only connection (every send-time check) never writes (check_writable): it does not
  // prepare the write statements, which are most of the statements prepared at open.
  if (!read_only_) prepare_writes(h);
  prepare_reads(h);
}

void HistoryStore::Impl::prepare_writes(sqlite3* h) {
  begin_ = Statement(h, "BEGIN IMMEDIATE");
  commit_ = Statement(h, "COMMIT");
  savepoint_ = Statement(h, "SAVEPOINT add_sent");
  release_ = Statement(h, "RELEASE add_sent");

  insert_message_ =
      Statement(h, "INSERT INTO messages(message_id, date) VALUES(?1, ?2) ON CONFLICT DO NOTHING");
  // The skeleton (?5) is computed only for a new address (see add_sent_now): an existing row
  // keeps its own, so the ICU work is done once per address, not once per message.
  upsert_address_ = Statement(h,
                              "INSERT INTO addresses(address, base_address, registrable, "
                              "skeleton, first_sent, last_sent, count) "
                              "VALUES(?1, ?2, ?3, '', ?4, ?4, 1) "
                              "ON CONFLICT(address) DO UPDATE SET "
                              "first_sent = min(first_sent, excluded.first_sent), "
                              "last_sent = max(last_sent, excluded.last_sent), "
                              "count = count + 1 RETURNING id, count");
  set_skeleton_ = Statement(h, "UPDATE addresses SET skeleton = ?2 WHERE id = ?1");
  upsert_name_ = Statement(h,
                           "INSERT INTO address_names(address_id, name, name_key, count) "
                           "VALUES(?1, ?2, ?3, 1) ON CONFLICT(address_id, name) DO UPDATE SET "
                           "count = count + 1");
  upsert_domain_ = Statement(h,
                             "INSERT INTO domains(domain, label, skeleton, first_sent, "
                             "last_sent, count) VALUES(?1, ?3, ?4, ?2, ?2, 1) "
                             "ON CONFLICT(domain) DO UPDATE SET "
                             "first_sent = min(first_sent, excluded.first_sent), "
                             "last_sent = max(last_sent, excluded.last_sent), "
                             "count = count + 1 RETURNING count");
  // Import speed (docs/performance.md): a known domain or name is updated without computing
  // its ICU keys (label, skeleton, name_key), which only a new row needs; look-alike variants
  // go in kVariantRows rows per statement.
  update_domain_ = Statement(h,
                             "UPDATE domains SET first_sent = min(first_sent, ?2), "
                             "last_sent = max(last_sent, ?2), count = count + 1 "
                             "WHERE domain = ?1");
  update_name_ = Statement(h,
                           "UPDATE address_names SET count = count + 1 "
                           "WHERE address_id = ?1 AND name = ?2");
  insert_domain_variants_ =
      Statement(h, variant_rows_sql("domain_variants(variant, domain)", "(?{}, ?1)", 2));
  insert_local_variants_ = Statement(
      h, variant_rows_sql("local_variants(registrable, variant, address_id)", "(?1, ?{}, ?2)", 3));
  upsert_pair_ = Statement(h,
                           "INSERT INTO pairs(a, b, count, last_sent) VALUES(?1, ?2, 1, ?3) "
                           "ON CONFLICT(a, b) DO UPDATE SET count = count + 1, "
                           "last_sent = max(last_sent, excluded.last_sent)");
  insert_self_ = Statement(h, "INSERT INTO self(address) VALUES(?1) ON CONFLICT DO NOTHING");
}

void HistoryStore::Impl::prepare_reads(sqlite3* h) {
  select_address_ = Statement(h,
                              "SELECT id, address, first_sent, last_sent, count "
                              "FROM addresses WHERE address = ?1");
  select_by_base_ = Statement(h,
                              "SELECT id, address, first_sent, last_sent, count "
                              "FROM addresses WHERE base_address = ?1 "
                              "ORDER BY count DESC, address = base_address DESC, "
                              "last_sent DESC, address LIMIT 1");
  select_names_ = Statement(h,
                            "SELECT name FROM address_names WHERE address_id = ?1 "
                            "ORDER BY count DESC, name LIMIT " +
                                std::to_string(kMaxNames));
  select_domain_ = Statement(h,
                             "SELECT domain, first_sent, last_sent, count "
                             "FROM domains WHERE domain = ?1");
  select_self_ = Statement(h, "SELECT 1 FROM self WHERE address = ?1");
  select_self_addresses_ = Statement(
      h, "SELECT address FROM self ORDER BY address LIMIT " + std::to_string(kMaxCandidates));
  select_pair_ = Statement(h,
                           "SELECT p.count FROM addresses x, addresses y, pairs p "
                           "WHERE x.address = ?1 AND y.address = ?2 "
                           "AND p.a = min(x.id, y.id) AND p.b = max(x.id, y.id)");
  select_local_variant_ = Statement(h,
                                    "SELECT address_id FROM local_variants "
                                    "WHERE registrable = ?1 AND variant = ?2 LIMIT " +
                                        std::to_string(kMaxCandidates));
  select_address_by_id_ = Statement(h,
                                    "SELECT id, address, first_sent, last_sent, count "
                                    "FROM addresses WHERE id = ?1");
  select_domain_variant_ = Statement(h,
                                     "SELECT domain FROM domain_variants WHERE variant = ?1 "
                                     "LIMIT " +
                                         std::to_string(kMaxCandidates));
  select_domains_by_label_ = Statement(h,
                                       "SELECT domain FROM domains WHERE label = ?1 "
                                       "ORDER BY count DESC LIMIT " +
                                           std::to_string(kMaxCandidates));
  select_domains_by_skeleton_ = Statement(h,
                                          "SELECT domain FROM domains WHERE skeleton = ?1 "
                                          "ORDER BY count DESC LIMIT " +
                                              std::to_string(kMaxCandidates));
  select_by_skeleton_ = Statement(h,
                                  "SELECT id FROM addresses WHERE skeleton = ?1 "
                                  "ORDER BY count DESC LIMIT " +
                                      std::to_string(kMaxCandidates));
  select_by_name_key_ = Statement(h,
                                  "SELECT DISTINCT address_id FROM address_names "
                                  "WHERE name_key = ?1 LIMIT " +
                                      std::to_string(kMaxCandidates));
  select_top_at_ = Statement(h,
                             "SELECT id FROM addresses WHERE registrable = ?1 "
                             "ORDER BY count DESC LIMIT 1");
  select_allowlisted_ = Statement(h, "SELECT 1 FROM allowlist WHERE entry = ?1");
  insert_allowlist_ =
      Statement(h, "INSERT INTO allowlist(entry, added) VALUES(?1, ?2) ON CONFLICT DO NOTHING");
  delete_allowlist_ = Statement(h, "DELETE FROM allowlist WHERE entry = ?1");
  select_allowlist_ = Statement(h, "SELECT entry FROM allowlist ORDER BY entry");
  delete_address_ = Statement(h, "DELETE FROM addresses WHERE address = ?1 RETURNING registrable");
  count_at_domain_ = Statement(h, "SELECT 1 FROM addresses WHERE registrable = ?1 LIMIT 1");
  delete_domain_ = Statement(h, "DELETE FROM domains WHERE domain = ?1");
  select_stats_ = Statement(h,
                            "SELECT (SELECT count(*) FROM messages), "
                            "(SELECT count(*) FROM addresses), "
                            "(SELECT count(*) FROM domains), (SELECT count(*) FROM pairs)");
}

HistoryStore::Impl::~Impl() {
  if (sqlite3_get_autocommit(db_.get()) == 0) {
    sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

namespace {

Database open_connection(const std::string& path, bool read_only) {
  int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  flags |= SQLITE_OPEN_NOMUTEX;
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Database db(raw);  // closes the handle SQLite returns even on failure
  if (rc != SQLITE_OK) {
    std::string reason = raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    throw Error("history.open-failed", "cannot open the history database " + path + ": " + reason);
  }
  sqlite3_busy_timeout(db.get(), kBusyTimeoutMs);
  return db;
}

// Opens `path` read-only with SQLite's `immutable` URI parameter: no locks, no -shm or -wal file.
// The last resort of a reader when those files cannot be made (a read-only or full folder): the
// history still answers checks. Changes still in a -wal file are not seen; nobody can write
// there anyway.
Database open_immutable(const std::string& path) {
  std::string uri = "file:";
  for (char c : path) {
    if (c == '%' || c == '?' || c == '#') {
      static constexpr char kHex[] = "0123456789ABCDEF";
      auto byte = static_cast<unsigned char>(c);
      uri += '%';
      uri += kHex[byte >> 4];
      uri += kHex[byte & 0xF];
    } else {
      uri += c;
    }
  }
  uri += "?immutable=1";
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(uri.c_str(), &raw,
                           SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nullptr);
  Database db(raw);
  if (rc != SQLITE_OK) {
    std::string reason = raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    throw Error("history.open-failed", "cannot open the history database " + path + ": " + reason);
  }
  return db;
}

// Switches the file to WAL (a persistent setting: usually done once, when the file is created).
// SQLite does not call the busy handler for this switch, so several processes opening a new file
// at once would fail: wait here, as long as the busy timeout.
void enable_wal(sqlite3* db, const std::string& path) {
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(kBusyTimeoutMs);
  Statement current(db, "PRAGMA journal_mode");
  Statement to_wal(db, "PRAGMA journal_mode = WAL");
  for (;;) {
    try {
      {
        Query read(current, "history.open-failed");
        if (read.step() && read.text(0) == "wal") return;
      }
      Query set(to_wal, "history.open-failed");
      // Not "wal" when the file system cannot share memory: SQLite keeps its rollback journal,
      // which is slower with several writers but still safe.
      set.step();
      return;
    } catch (const Error& error) {
      if (error.code() != "history.busy" || std::chrono::steady_clock::now() >= deadline) {
        throw Error(error.code(), std::string(error.what()) + " (" + path + ")");
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

// Prepares the store's statements. A file that says it is at the current version but lacks a
// table or column fails here: it is damaged.
std::unique_ptr<HistoryStore::Impl> make_impl(Database db, const std::string& path, bool read_only,
                                              std::int64_t schema_version) {
  try {
    return std::make_unique<HistoryStore::Impl>(std::move(db), path, read_only, schema_version);
  } catch (const Error& error) {
    if (error.code() != "history.open-failed") throw;
    throw Error("history.corrupt", "the history database " + path +
                                       " does not have the expected tables: " + error.what());
  }
}

}  // namespace

std::unique_ptr<HistoryStore> HistoryStore::open(const std::string& path) {
  if (path.empty()) throw Error("history.open-failed", "no history database path given");
  create_parent_folders(path);
  create_private_file(path);
  Database db = open_connection(path, /*read_only=*/false);
  // SQLite quietly opens a file it cannot write read-only, and needs to create its -wal and -shm
  // files beside it: say so instead of failing later with "unable to open database file".
  std::filesystem::path folder = std::filesystem::path(path).parent_path();
  if (folder.empty()) folder = ".";
  if (sqlite3_db_readonly(db.get(), "main") == 1 || ::access(folder.c_str(), W_OK) != 0) {
    throw Error("history.open-failed",
                "the history database " + path + " cannot be written (read-only file or folder)");
  }

  // Check what the file is before writing anything to it.
  HeaderState state = check_header(read_header(db.get(), path), path);
  enable_wal(db.get(), path);
  try {
    db.exec("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; " kWritePragmas,
            "history.open-failed");
  } catch (const Error& error) {
    throw Error(error.code(), std::string(error.what()) + " (" + path + ")");
  }
  if (state != HeaderState::kCurrent) migrate(db, path);
  return std::unique_ptr<HistoryStore>(
      new HistoryStore(make_impl(std::move(db), path, /*read_only=*/false, kSchemaVersion)));
}

std::unique_ptr<HistoryStore> HistoryStore::open_read_only(const std::string& path) {
  if (path.empty()) throw Error("history.open-failed", "no history database path given");
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    throw Error("history.open-failed", "the history database " + path + " does not exist");
  }
  Database db = open_connection(path, /*read_only=*/true);
  Header header;
  try {
    header = read_header(db.get(), path);
  } catch (const Error& error) {
    // A WAL file needs its -shm file; in a read-only or full folder it cannot be made.
    if (error.code() != "history.open-failed") throw;
    db = open_immutable(path);
    header = read_header(db.get(), path);
  }
  HeaderState state = check_header(header, path);
  if (state == HeaderState::kEmpty) {
    throw Error("history.open-failed",
                "the history database " + path + " is not initialised; open it for writing first");
  }
  // An older schema is read as it is: every table a check reads exists since version 1 (version 2
  // added the audit log, which reads as empty until the next open for writing migrates the file;
  // version 4 the wrong-recipient tables, whose lookups answer with nothing before it).
  db.exec("PRAGMA foreign_keys = ON; " kReadPragmas, "history.open-failed");
  return std::unique_ptr<HistoryStore>(
      new HistoryStore(make_impl(std::move(db), path, /*read_only=*/true, header.user_version)));
}

HistoryStore::HistoryStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HistoryStore::~HistoryStore() = default;

}  // namespace sendcheck
