// HistoryStore: the sending history in SQLite (DESIGN.md §4 "History", §5, §6).
//
// One connection per store, WAL mode so that several host processes can read and write the same
// file; every write is one transaction (BEGIN IMMEDIATE, so a writer waits for the lock up to the
// busy timeout instead of failing half-way). Inside a batch each add_sent is a savepoint: a
// failing message is undone alone and the batch goes on.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "platform/folders.h"
#include "sendcheck/domain.h"
#include "sendcheck/error.h"
#include "sendcheck/recipient_features.h"
#include "sendcheck/similarity.h"
#include "store/audit_log.h"
#include "store/feature_tables.h"
#include "store/history_schema.h"
#include "store/history_store.h"
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
const std::string kWriteFailed = "history.write-failed";
const std::string kReadFailed = "history.read-failed";

static_assert(store::kHistoryMigrations.size() == HistoryStore::kSchemaVersion,
              "one migration step per schema version");

std::int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Display names are kept as written, without surrounding white space (ASCII or U+3000).
std::string trim_name(std::string_view name) {
  constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
  auto is_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
  };
  for (;;) {
    if (!name.empty() && is_space(name.front())) {
      name.remove_prefix(1);
    } else if (name.starts_with(kIdeographicSpace)) {
      name.remove_prefix(kIdeographicSpace.size());
    } else {
      break;
    }
  }
  for (;;) {
    if (!name.empty() && is_space(name.back())) {
      name.remove_suffix(1);
    } else if (name.ends_with(kIdeographicSpace)) {
      name.remove_suffix(kIdeographicSpace.size());
    } else {
      break;
    }
  }
  return std::string(name);
}

// The Message-ID as stored: without white space and angle brackets.
std::string normalize_message_id(std::string_view id) {
  std::string trimmed = trim_name(id);
  std::string_view view = trimmed;
  if (view.size() >= 2 && view.front() == '<' && view.back() == '>') {
    view = view.substr(1, view.size() - 2);
  }
  return std::string(view);
}

// FNV-1a, 64 bits: a stable (not cryptographic) fingerprint for messages without a Message-ID.
class Fnv1a64 {
 public:
  void add(std::string_view bytes) {
    for (unsigned char c : bytes) {
      hash_ ^= c;
      hash_ *= 0x100000001b3ULL;
    }
    unsigned char separator = 0;
    hash_ ^= separator;
    hash_ *= 0x100000001b3ULL;
  }
  std::uint64_t value() const { return hash_; }

 private:
  std::uint64_t hash_ = 0xcbf29ce484222325ULL;
};

std::string address_key(const Mailbox& mailbox) {
  CanonicalAddress canonical;
  if (canonicalize(mailbox, &canonical)) return canonical.address;
  return mailbox.address;
}

// A synthetic id derived from the date as given (0 stays 0, so re-importing the same message
// gives the same id), the From addresses and the recipients with their fields.
std::string synthetic_message_id(const SentMessage& message) {
  Fnv1a64 hash;
  hash.add("sendcheck-message-v1");
  hash.add(std::to_string(message.date));
  for (const Mailbox& from : message.from) hash.add("from:" + address_key(from));
  for (const DraftRecipient& recipient : message.recipients) {
    std::string key(field_name(recipient.field));
    key += ':';
    key += address_key(recipient.mailbox);
    hash.add(key);
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash.value()));
  return std::string("sha:") + hex;
}

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

// Rows of a look-alike variant index written by one statement: one statement per variant spent
// most of an import opening cursors and statement journals (docs/performance.md).
constexpr int kVariantRows = 8;

// "INSERT INTO <table> VALUES <row>, <row>, ... ON CONFLICT DO NOTHING" with kVariantRows rows;
// in `row`, "{}" is the variant's parameter, numbered from `first`. A short list repeats a variant
// to fill the rows: the repeated row conflicts with the first and is dropped.
std::string variant_rows_sql(std::string_view table, std::string_view row, int first) {
  std::string sql = "INSERT INTO " + std::string(table) + " VALUES ";
  const std::size_t hole = row.find("{}");
  for (int i = 0; i < kVariantRows; ++i) {
    if (i > 0) sql += ", ";
    sql += row.substr(0, hole);
    sql += std::to_string(first + i);
    sql += row.substr(hole + 2);
  }
  sql += " ON CONFLICT DO NOTHING";
  return sql;
}

// One recipient of a message as it is learned.
struct Learned {
  CanonicalAddress canonical;
  std::string name;
  std::int64_t id = 0;
  bool to = false;        // a To recipient
  bool new_name = false;  // a new address, or a name not seen at it before
};

}  // namespace

class HistoryStore::Impl {
 public:
  Impl(Database db, std::string path, bool read_only, std::int64_t schema_version)
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

  void prepare_writes(sqlite3* h) {
    begin_ = Statement(h, "BEGIN IMMEDIATE");
    commit_ = Statement(h, "COMMIT");
    savepoint_ = Statement(h, "SAVEPOINT add_sent");
    release_ = Statement(h, "RELEASE add_sent");

    insert_message_ = Statement(
        h, "INSERT INTO messages(message_id, date) VALUES(?1, ?2) ON CONFLICT DO NOTHING");
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
        h,
        variant_rows_sql("local_variants(registrable, variant, address_id)", "(?1, ?{}, ?2)", 3));
    upsert_pair_ = Statement(h,
                             "INSERT INTO pairs(a, b, count, last_sent) VALUES(?1, ?2, 1, ?3) "
                             "ON CONFLICT(a, b) DO UPDATE SET count = count + 1, "
                             "last_sent = max(last_sent, excluded.last_sent)");
    insert_self_ = Statement(h, "INSERT INTO self(address) VALUES(?1) ON CONFLICT DO NOTHING");
  }

  void prepare_reads(sqlite3* h) {
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
    delete_address_ =
        Statement(h, "DELETE FROM addresses WHERE address = ?1 RETURNING registrable");
    count_at_domain_ = Statement(h, "SELECT 1 FROM addresses WHERE registrable = ?1 LIMIT 1");
    delete_domain_ = Statement(h, "DELETE FROM domains WHERE domain = ?1");
    select_stats_ = Statement(h,
                              "SELECT (SELECT count(*) FROM messages), "
                              "(SELECT count(*) FROM addresses), "
                              "(SELECT count(*) FROM domains), (SELECT count(*) FROM pairs)");
  }

  ~Impl() {
    if (sqlite3_get_autocommit(db_.get()) == 0) {
      sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
  }

  bool add_sent(const SentMessage& message) {
    try {
      return write([&] {
        bool added = add_sent_now(message);
        // Outside a batch the term profiles are written with the message; in one, at commit().
        if (batch_ == Batch::kNone) features_.flush();
        return added;
      });
    } catch (...) {
      if (batch_ != Batch::kOpen) features_.discard();
      throw;
    }
  }

  void add_self(const std::vector<std::string>& addresses) {
    write([&] {
      for (const std::string& address : addresses) {
        if (address.empty()) continue;
        Query(insert_self_, kWriteFailed).bind(1, address).run();
      }
      return true;
    });
  }

  void begin_batch() {
    check_writable();
    if (batch_ != Batch::kNone) {
      throw Error(kWriteFailed, "a history batch is already open");
    }
    // Each add_sent of a batch is a savepoint, whose journal (the pages the message changes)
    // SQLite spills to a file in /var/tmp beyond 64 KiB: 27 write(2) calls a message, half the
    // CPU time of an import (docs/performance.md). A transaction begun with temp_store = MEMORY
    // keeps it in memory, bounded by what one message changes. Only batches: a large single
    // write (forget_all) keeps its journal on disk.
    set_temp_store_memory(true);
    try {
      Query(begin_, kWriteFailed).run();
    } catch (...) {
      set_temp_store_memory(false);
      throw;
    }
    batch_ = Batch::kOpen;
  }

  void commit() {
    struct RestoreTempStore {
      Impl* impl;
      ~RestoreTempStore() { impl->set_temp_store_memory(false); }
    } restore{this};
    if (batch_ == Batch::kFailed) {
      batch_ = Batch::kNone;
      throw Error(kWriteFailed, "the history batch was rolled back after an earlier error");
    }
    if (batch_ != Batch::kOpen) throw Error(kWriteFailed, "no history batch is open");
    try {
      features_.flush();
      Query(commit_, kWriteFailed).run();
    } catch (...) {
      features_.discard();
      rollback_quietly();
      batch_ = Batch::kNone;
      throw;
    }
    batch_ = Batch::kNone;
  }

  std::optional<AddressRecord> find_address(std::string_view canonical) const {
    return read_address(select_address_, canonical);
  }

  std::optional<AddressRecord> find_by_base(std::string_view base) const {
    return read_address(select_by_base_, base);
  }

  std::optional<DomainRecord> find_domain(std::string_view registrable) const {
    Query query(select_domain_, kReadFailed);
    query.bind(1, registrable);
    if (!query.step()) return std::nullopt;
    DomainRecord record;
    record.domain = query.text(0);
    record.first_sent = query.int64(1);
    record.last_sent = query.int64(2);
    record.count = query.int64(3);
    return record;
  }

  bool is_self(std::string_view canonical) const {
    Query query(select_self_, kReadFailed);
    query.bind(1, canonical);
    return query.step();
  }

  std::vector<std::string> self_addresses() const {
    std::vector<std::string> out;
    Query query(select_self_addresses_, kReadFailed);
    while (query.step()) out.push_back(query.text(0));
    return out;
  }

  HistoryStats stats() const {
    Query query(select_stats_, kReadFailed);
    HistoryStats stats;
    if (query.step()) {
      stats.messages = query.int64(0);
      stats.addresses = query.int64(1);
      stats.domains = query.int64(2);
      stats.pairs = query.int64(3);
    }
    return stats;
  }

  std::int64_t pair_count(std::string_view a, std::string_view b) const {
    Query query(select_pair_, kReadFailed);
    query.bind(1, a).bind(2, b);
    return query.step() ? query.int64(0) : 0;
  }

  // One query for all pairs (HistoryReader::pair_counts): the distinct addresses' ids are
  // looked up once, then every two ids (x.id < y.id, pairs(a, b) holds a < b) in the primary key
  // of pairs; CROSS JOIN keeps SQLite to that order (never a scan of all the pairs of a frequent
  // address). Prepared per call: its text depends on the number of addresses.
  std::vector<std::vector<std::int64_t>> pair_counts(
      const std::vector<std::string>& addresses) const {
    const std::size_t n = addresses.size();
    std::vector<std::vector<std::int64_t>> out(n, std::vector<std::int64_t>(n, 0));
    std::unordered_map<std::string, std::vector<std::size_t>> positions;
    std::vector<const std::string*> distinct;
    for (std::size_t i = 0; i < n; ++i) {
      auto [it, inserted] = positions.try_emplace(addresses[i]);
      if (inserted) distinct.push_back(&addresses[i]);
      it->second.push_back(i);
    }
    if (distinct.size() < 2) return out;
    const auto max_variables =
        static_cast<std::size_t>(sqlite3_limit(db_.get(), SQLITE_LIMIT_VARIABLE_NUMBER, -1));
    if (distinct.size() > max_variables) {  // far beyond any draft: one query per pair
      for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = i + 1; j < n; ++j) {
          out[i][j] = out[j][i] =
              addresses[i] == addresses[j] ? 0 : pair_count(addresses[i], addresses[j]);
        }
      }
      return out;
    }
    std::string sql =
        "WITH ids(id, address) AS MATERIALIZED "
        "(SELECT id, address FROM addresses WHERE address IN (";
    for (std::size_t k = 0; k < distinct.size(); ++k) sql += k == 0 ? "?" : ", ?";
    sql +=
        ")) SELECT x.address, y.address, p.count FROM ids x CROSS JOIN ids y CROSS JOIN pairs p "
        "WHERE x.id < y.id AND p.a = x.id AND p.b = y.id";
    Statement statement(db_.get(), sql);
    Query query(statement, kReadFailed);
    for (std::size_t k = 0; k < distinct.size(); ++k) {
      query.bind(static_cast<int>(k + 1), *distinct[k]);
    }
    while (query.step()) {
      const std::vector<std::size_t>& xs = positions.at(query.text(0));
      const std::vector<std::size_t>& ys = positions.at(query.text(1));
      const std::int64_t count = query.int64(2);
      for (std::size_t i : xs) {
        for (std::size_t j : ys) out[i][j] = out[j][i] = count;
      }
    }
    return out;
  }

  std::vector<AddressRecord> find_by_local_variants(
      std::string_view registrable, const std::vector<std::string>& variants) const {
    std::vector<std::int64_t> ids;
    for (const std::string& variant : variants) {
      Query query(select_local_variant_, kReadFailed);
      query.bind(1, registrable).bind(2, variant);
      while (query.step() && ids.size() < kMaxCandidates * 4) ids.push_back(query.int64(0));
    }
    // Candidates are only compared by address and count: their names are not read.
    return records_by_id(ids, /*with_names=*/false);
  }

  std::vector<std::string> find_domains_by_label_variants(
      const std::vector<std::string>& variants) const {
    std::vector<std::string> domains;
    for (const std::string& variant : variants) {
      Query query(select_domain_variant_, kReadFailed);
      query.bind(1, variant);
      while (query.step()) {
        std::string domain = query.text(0);
        if (std::find(domains.begin(), domains.end(), domain) == domains.end()) {
          domains.push_back(std::move(domain));
        }
      }
      if (domains.size() >= kMaxCandidates) break;
    }
    if (domains.size() > kMaxCandidates) domains.resize(kMaxCandidates);
    return domains;
  }

  std::vector<std::string> domains_where(const Statement& statement, std::string_view key) const {
    std::vector<std::string> domains;
    Query query(statement, kReadFailed);
    query.bind(1, key);
    while (query.step()) domains.push_back(query.text(0));
    return domains;
  }

  std::vector<std::string> find_domains_by_label(std::string_view label) const {
    return domains_where(select_domains_by_label_, label);
  }

  std::vector<std::string> find_domains_by_skeleton(std::string_view skeleton) const {
    return domains_where(select_domains_by_skeleton_, skeleton);
  }

  std::vector<AddressRecord> ids_where(const Statement& statement, std::string_view key) const {
    std::vector<std::int64_t> ids;
    {
      Query query(statement, kReadFailed);
      query.bind(1, key);
      while (query.step()) ids.push_back(query.int64(0));
    }
    return records_by_id(ids);
  }

  std::vector<AddressRecord> find_by_skeleton(std::string_view skeleton) const {
    if (skeleton.empty()) return {};
    return ids_where(select_by_skeleton_, skeleton);
  }

  std::vector<AddressRecord> find_by_name_key(std::string_view key) const {
    if (key.empty()) return {};
    return ids_where(select_by_name_key_, key);
  }

  std::optional<AddressRecord> top_address_at(std::string_view registrable) const {
    std::vector<AddressRecord> records = ids_where(select_top_at_, registrable);
    if (records.empty()) return std::nullopt;
    return records.front();
  }

  std::vector<std::pair<std::string, std::int64_t>> greetings_of(std::string_view canonical) const {
    return features_.greetings_of(canonical);
  }
  std::vector<AddressRecord> find_by_greeting(std::string_view key) const {
    return records_by_id(features_.ids_by_greeting(key));
  }
  std::vector<AddressRecord> find_neighbours(const std::vector<std::string>& keys) const {
    return records_by_id(features_.ids_by_neighbour_keys(keys), /*with_names=*/false);
  }
  std::optional<TermProfile> term_profile(std::string_view canonical) const {
    return features_.term_profile(canonical);
  }
  std::vector<std::int64_t> term_message_counts(const std::vector<std::uint32_t>& terms) const {
    return features_.term_message_counts(terms);
  }
  std::vector<ThreadMember> thread_members(const std::vector<std::int64_t>& keys) const {
    std::vector<ThreadMember> out;
    for (auto [id, count] : features_.thread_ids(keys)) {
      if (std::optional<AddressRecord> record = read_address_by_id(id, false)) {
        out.push_back({std::move(record->address), count});
      }
    }
    return out;
  }
  std::vector<std::pair<std::string, std::int64_t>> top_partners(std::string_view canonical) const {
    std::vector<std::pair<std::string, std::int64_t>> out;
    for (auto [id, count] : features_.partner_ids(canonical)) {
      if (std::optional<AddressRecord> record = read_address_by_id(id, false)) {
        out.emplace_back(std::move(record->address), count);
      }
    }
    return out;
  }

  bool is_allowlisted(const CanonicalAddress& address) const {
    auto listed = [&](std::string_view entry) {
      Query query(select_allowlisted_, kReadFailed);
      query.bind(1, entry);
      return query.step();
    };
    if (listed(address.address)) return true;
    // The domain and each parent domain, on label boundaries.
    std::string_view domain = address.domain;
    while (!domain.empty()) {
      if (listed(domain)) return true;
      size_t dot = domain.find('.');
      if (dot == std::string_view::npos) break;
      domain.remove_prefix(dot + 1);
    }
    return false;
  }

  bool allowlist_add(std::string_view entry) {
    return write([&] {
      Query(insert_allowlist_, kWriteFailed).bind(1, entry).bind(2, now_seconds()).run();
      return sqlite3_changes(db_.get()) > 0;
    });
  }

  bool allowlist_remove(std::string_view entry) {
    return write([&] {
      Query(delete_allowlist_, kWriteFailed).bind(1, entry).run();
      return sqlite3_changes(db_.get()) > 0;
    });
  }

  std::vector<std::string> allowlist() const {
    std::vector<std::string> entries;
    Query query(select_allowlist_, kReadFailed);
    while (query.step()) entries.push_back(query.text(0));
    return entries;
  }

  bool forget_address(std::string_view canonical) {
    return write([&] {
      if (std::optional<AddressRecord> record = find_address(canonical)) {
        Query query(select_address_, kWriteFailed);
        query.bind(1, canonical);
        if (query.step()) features_.forget(query.int64(0));
      }
      std::string registrable;
      {
        Query query(delete_address_, kWriteFailed);
        query.bind(1, canonical);
        if (!query.step()) return false;
        registrable = query.text(0);
      }
      bool others = false;
      {
        Query query(count_at_domain_, kWriteFailed);
        query.bind(1, registrable);
        others = query.step();
      }
      if (!others) Query(delete_domain_, kWriteFailed).bind(1, registrable).run();
      return true;
    });
  }

  // For the audit log (store/audit_log.cc): the connection, and `body` run as one write.
  sqlite3* handle() const { return db_.get(); }
  template <typename Body>
  bool write_audit(Body&& body) {
    return write(std::forward<Body>(body));
  }
  // Audit retention (store/history_store.h set_audit_retention): days, and whether this store
  // has pruned.
  std::int64_t audit_retention_days = 0;
  bool audit_retention_applied = false;

  void forget_all() {
    write([&] {
      db_.exec(
          "DELETE FROM pairs; DELETE FROM local_variants; DELETE FROM address_names; "
          "DELETE FROM addresses; DELETE FROM domain_variants; DELETE FROM domains; "
          "DELETE FROM messages; DELETE FROM self;",
          kWriteFailed);
      features_.forget_all();
      return true;
    });
  }

 private:
  enum class Batch { kNone, kOpen, kFailed };

  void check_writable() const {
    if (read_only_) {
      throw Error(kWriteFailed, "the history database " + path_ + " was opened read-only");
    }
  }

  // Where the journals of the next transaction go (PRAGMA temp_store, read at BEGIN). Only a
  // question of speed: a failure leaves the setting as it was.
  void set_temp_store_memory(bool memory) noexcept {
    sqlite3_exec(db_.get(),
                 memory ? "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536"
                        : "PRAGMA temp_store = DEFAULT; PRAGMA cache_size = -8192",
                 nullptr, nullptr, nullptr);
  }

  void rollback_quietly() noexcept {
    if (sqlite3_get_autocommit(db_.get()) == 0) {
      sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
  }

  // Runs `body` as one transaction of its own, or as one savepoint of the open batch. On an
  // exception everything `body` wrote is undone and the exception goes on.
  template <typename Body>
  bool write(Body&& body) {
    check_writable();
    if (batch_ == Batch::kFailed) {
      throw Error(kWriteFailed, "the history batch was rolled back after an earlier error");
    }
    if (batch_ == Batch::kOpen) {
      Query(savepoint_, kWriteFailed).run();
      try {
        bool result = body();
        Query(release_, kWriteFailed).run();
        return result;
      } catch (...) {
        undo_savepoint();
        throw;
      }
    }
    Query(begin_, kWriteFailed).run();
    try {
      bool result = body();
      Query(commit_, kWriteFailed).run();
      return result;
    } catch (...) {
      rollback_quietly();
      throw;
    }
  }

  // Undoes the current add_sent inside a batch. If SQLite already ended the whole transaction
  // (I/O error, disk full), the batch is lost: commit() will say so.
  void undo_savepoint() noexcept {
    if (sqlite3_get_autocommit(db_.get()) != 0) {
      batch_ = Batch::kFailed;
      features_.discard();
      return;
    }
    int rc = sqlite3_exec(db_.get(), "ROLLBACK TO add_sent; RELEASE add_sent", nullptr, nullptr,
                          nullptr);
    if (rc != SQLITE_OK) {
      rollback_quietly();
      batch_ = Batch::kFailed;
    }
  }

  bool add_sent_now(const SentMessage& message) {
    std::string id = normalize_message_id(message.message_id);
    if (id.empty()) id = synthetic_message_id(message);
    std::int64_t date = message.date != 0 ? message.date : now_seconds();

    {
      Query query(insert_message_, kWriteFailed);
      query.bind(1, id).bind(2, date).run();
    }
    if (sqlite3_changes(db_.get()) == 0) return false;

    // Distinct usable recipients that are not the user, in order of first appearance.
    // `seen` maps an address to its index in `learned`, or kSkipped for the user's own.
    constexpr std::size_t kSkipped = static_cast<std::size_t>(-1);
    std::vector<Learned> learned;
    std::unordered_map<std::string, std::size_t> seen;
    for (const DraftRecipient& recipient : message.recipients) {
      Learned entry;
      if (!canonicalize(recipient.mailbox, &entry.canonical)) continue;
      if (entry.canonical.address.empty()) continue;
      std::string name = trim_name(recipient.mailbox.display_name);
      auto [it, inserted] = seen.try_emplace(entry.canonical.address, kSkipped);
      if (!inserted) {
        // Same address again (To and Cc): counted once; keep a name if the first had none.
        if (it->second != kSkipped && learned[it->second].name.empty()) {
          learned[it->second].name = std::move(name);
        }
        continue;
      }
      if (is_self(entry.canonical.address)) continue;
      it->second = learned.size();
      entry.name = std::move(name);
      entry.to = recipient.field == Field::kTo;
      learned.push_back(std::move(entry));
    }

    std::unordered_set<std::string> domains;
    for (Learned& entry : learned) {
      bool is_new = false;
      {
        Query query(upsert_address_, kWriteFailed);
        query.bind(1, entry.canonical.address)
            .bind(2, entry.canonical.base_address.empty() ? entry.canonical.address
                                                          : entry.canonical.base_address)
            .bind(3, entry.canonical.registrable)
            .bind(4, date);
        if (!query.step()) throw Error(kWriteFailed, "the history did not return an address id");
        entry.id = query.int64(0);
        is_new = query.int64(1) == 1;
      }
      if (is_new) index_new_address(entry);
      entry.new_name = is_new;
      if (!entry.name.empty()) {
        // name_key (ICU) only for a name not yet known at this address.
        Query(update_name_, kWriteFailed).bind(1, entry.id).bind(2, entry.name).run();
        if (sqlite3_changes(db_.get()) == 0) {
          Query(upsert_name_, kWriteFailed)
              .bind(1, entry.id)
              .bind(2, entry.name)
              .bind(3, name_key(entry.name))
              .run();
          entry.new_name = true;
        }
      }
      const std::string& domain = entry.canonical.registrable.empty() ? entry.canonical.domain
                                                                      : entry.canonical.registrable;
      if (!domain.empty() && domains.insert(domain).second) {
        Query(update_domain_, kWriteFailed).bind(1, domain).bind(2, date).run();
        bool new_domain = false;
        if (sqlite3_changes(db_.get()) == 0) {  // label and skeleton (ICU) for a new domain only
          Query query(upsert_domain_, kWriteFailed);
          query.bind(1, domain)
              .bind(2, date)
              .bind(3, domain_label(domain))
              .bind(4, confusable_skeleton(domain_to_unicode(domain)));
          new_domain = query.step() && query.int64(0) == 1;
        }
        if (new_domain) index_new_domain(domain);
      }
    }

    if (learned.size() >= 2 && learned.size() <= kMaxPairRecipients) {
      for (std::size_t i = 0; i < learned.size(); ++i) {
        for (std::size_t j = i + 1; j < learned.size(); ++j) {
          std::int64_t a = std::min(learned[i].id, learned[j].id);
          std::int64_t b = std::max(learned[i].id, learned[j].id);
          Query(upsert_pair_, kWriteFailed).bind(1, a).bind(2, b).bind(3, date).run();
        }
      }
    }

    if (!learned.empty()) {
      std::vector<store::FeatureRecipient> recipients;
      recipients.reserve(learned.size());
      for (const Learned& entry : learned) {
        recipients.push_back(
            {entry.id, entry.canonical.address, entry.name, entry.to, entry.new_name});
      }
      if (message.features) {
        features_.learn(*message.features, date, recipients);
      } else {
        features_.learn(message_features(message.subject, message.body, id, message.in_reply_to,
                                         message.references),
                        date, recipients);
      }
    }
    return true;
  }

  // Records for address ids, in order, without duplicates, at most kMaxCandidates.
  std::vector<AddressRecord> records_by_id(const std::vector<std::int64_t>& ids,
                                           bool with_names = true) const {
    std::vector<AddressRecord> records;
    std::unordered_set<std::int64_t> seen;
    for (std::int64_t id : ids) {
      if (!seen.insert(id).second) continue;
      std::optional<AddressRecord> record = read_address_by_id(id, with_names);
      if (record) records.push_back(std::move(*record));
      if (records.size() >= kMaxCandidates) break;
    }
    std::stable_sort(
        records.begin(), records.end(),
        [](const AddressRecord& a, const AddressRecord& b) { return a.count > b.count; });
    return records;
  }

  std::optional<AddressRecord> read_address_by_id(std::int64_t id, bool with_names) const {
    AddressRecord record;
    {
      Query query(select_address_by_id_, kReadFailed);
      query.bind(1, id);
      if (!query.step()) return std::nullopt;
      record.address = query.text(1);
      record.first_sent = query.int64(2);
      record.last_sent = query.int64(3);
      record.count = query.int64(4);
    }
    if (!with_names) return record;
    Query names(select_names_, kReadFailed);
    names.bind(1, id);
    while (names.step()) record.names.push_back(names.text(0));
    return record;
  }

  // Enters a new address in the look-alike indexes.
  void index_new_address(const Learned& entry) {
    const CanonicalAddress& c = entry.canonical;
    std::string unicode = c.local_part + "@" + domain_to_unicode(c.domain);
    Query(set_skeleton_, kWriteFailed)
        .bind(1, entry.id)
        .bind(2, confusable_skeleton(unicode))
        .run();
    insert_variants(insert_local_variants_, 3, deletion_variants(c.local_part),
                    [&](Query& query) { query.bind(1, c.registrable).bind(2, entry.id); });
  }

  // Runs `statement` (variant_rows_sql: variants bound from parameter `first`, `bind_rest` binds
  // the others) over `variants`, kVariantRows at a time, the last rows filled with repeats.
  template <typename BindRest>
  void insert_variants(const Statement& statement, int first,
                       const std::vector<std::string>& variants, BindRest&& bind_rest) {
    for (std::size_t start = 0; start < variants.size(); start += kVariantRows) {
      Query query(statement, kWriteFailed);
      bind_rest(query);
      for (std::size_t i = 0; i < static_cast<std::size_t>(kVariantRows); ++i) {
        std::size_t index = start + i < variants.size() ? start + i : start;
        query.bind(first + static_cast<int>(i), variants[index]);
      }
      query.run();
    }
  }

  // Enters a registrable domain seen for the first time in the look-alike indexes.
  void index_new_domain(const std::string& domain) {
    insert_variants(insert_domain_variants_, 2, deletion_variants(domain_label(domain)),
                    [&](Query& query) { query.bind(1, domain); });
  }

  std::optional<AddressRecord> read_address(const Statement& statement,
                                            std::string_view key) const {
    AddressRecord record;
    std::int64_t id = 0;
    {
      Query query(statement, kReadFailed);
      query.bind(1, key);
      if (!query.step()) return std::nullopt;
      id = query.int64(0);
      record.address = query.text(1);
      record.first_sent = query.int64(2);
      record.last_sent = query.int64(3);
      record.count = query.int64(4);
    }
    Query names(select_names_, kReadFailed);
    names.bind(1, id);
    while (names.step()) record.names.push_back(names.text(0));
    return record;
  }

  Database db_;
  std::string path_;
  bool read_only_;
  store::FeatureTables features_;
  Batch batch_ = Batch::kNone;

  Statement begin_, commit_, savepoint_, release_;
  Statement insert_message_, upsert_address_, upsert_name_, upsert_domain_, upsert_pair_,
      insert_self_;
  Statement select_address_, select_by_base_, select_names_, select_domain_, select_self_,
      select_self_addresses_, select_pair_, select_stats_;
  Statement set_skeleton_;
  Statement update_domain_, update_name_, insert_domain_variants_, insert_local_variants_;
  Statement select_local_variant_, select_address_by_id_, select_domain_variant_,
      select_domains_by_label_, select_domains_by_skeleton_, select_by_skeleton_,
      select_by_name_key_, select_top_at_;
  Statement select_allowlisted_, insert_allowlist_, delete_allowlist_, select_allowlist_,
      delete_address_, count_at_domain_, delete_domain_;
};

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

bool HistoryStore::add_sent(const SentMessage& message) { return impl_->add_sent(message); }
void HistoryStore::begin_batch() { impl_->begin_batch(); }
void HistoryStore::commit() { impl_->commit(); }
void HistoryStore::add_self(const std::vector<std::string>& canonical_addresses) {
  impl_->add_self(canonical_addresses);
}
HistoryStats HistoryStore::stats() const { return impl_->stats(); }
std::int64_t HistoryStore::pair_count(std::string_view a, std::string_view b) const {
  return impl_->pair_count(a, b);
}
std::vector<std::vector<std::int64_t>> HistoryStore::pair_counts(
    const std::vector<std::string>& addresses) const {
  return impl_->pair_counts(addresses);
}
std::optional<AddressRecord> HistoryStore::find_address(std::string_view canonical) const {
  return impl_->find_address(canonical);
}
std::optional<AddressRecord> HistoryStore::find_by_base(std::string_view base_address) const {
  return impl_->find_by_base(base_address);
}
std::optional<DomainRecord> HistoryStore::find_domain(std::string_view registrable) const {
  return impl_->find_domain(registrable);
}
bool HistoryStore::is_self(std::string_view canonical) const { return impl_->is_self(canonical); }
std::vector<std::string> HistoryStore::self_addresses() const { return impl_->self_addresses(); }

bool HistoryStore::is_allowlisted(const CanonicalAddress& address) const {
  return impl_->is_allowlisted(address);
}
std::vector<AddressRecord> HistoryStore::find_by_local_variants(
    std::string_view registrable, const std::vector<std::string>& variants) const {
  return impl_->find_by_local_variants(registrable, variants);
}
std::vector<std::string> HistoryStore::find_domains_by_label_variants(
    const std::vector<std::string>& variants) const {
  return impl_->find_domains_by_label_variants(variants);
}
std::vector<std::string> HistoryStore::find_domains_by_label(std::string_view label) const {
  return impl_->find_domains_by_label(label);
}
std::vector<std::string> HistoryStore::find_domains_by_skeleton(std::string_view skeleton) const {
  return impl_->find_domains_by_skeleton(skeleton);
}
std::vector<AddressRecord> HistoryStore::find_by_skeleton(std::string_view skeleton) const {
  return impl_->find_by_skeleton(skeleton);
}
std::vector<AddressRecord> HistoryStore::find_by_name_key(std::string_view key) const {
  return impl_->find_by_name_key(key);
}
std::vector<std::pair<std::string, std::int64_t>> HistoryStore::greetings_of(
    std::string_view canonical) const {
  return impl_->greetings_of(canonical);
}
std::vector<AddressRecord> HistoryStore::find_by_greeting(std::string_view key) const {
  return impl_->find_by_greeting(key);
}
std::vector<AddressRecord> HistoryStore::find_neighbours(
    const std::vector<std::string>& keys) const {
  return impl_->find_neighbours(keys);
}
std::optional<TermProfile> HistoryStore::term_profile(std::string_view canonical) const {
  return impl_->term_profile(canonical);
}
std::vector<std::int64_t> HistoryStore::term_message_counts(
    const std::vector<std::uint32_t>& terms) const {
  return impl_->term_message_counts(terms);
}
std::vector<ThreadMember> HistoryStore::thread_members(
    const std::vector<std::int64_t>& keys) const {
  return impl_->thread_members(keys);
}
std::vector<std::pair<std::string, std::int64_t>> HistoryStore::top_partners(
    std::string_view canonical) const {
  return impl_->top_partners(canonical);
}
std::optional<AddressRecord> HistoryStore::top_address_at(std::string_view registrable) const {
  return impl_->top_address_at(registrable);
}
bool HistoryStore::allowlist_add(std::string_view entry) { return impl_->allowlist_add(entry); }
bool HistoryStore::allowlist_remove(std::string_view entry) {
  return impl_->allowlist_remove(entry);
}
std::vector<std::string> HistoryStore::allowlist() const { return impl_->allowlist(); }
bool HistoryStore::forget_address(std::string_view canonical) {
  return impl_->forget_address(canonical);
}
void HistoryStore::forget_all() { impl_->forget_all(); }
void HistoryStore::append_audit(const AuditEntry& entry) {
  const bool prune = !impl_->audit_retention_applied && impl_->audit_retention_days > 0;
  impl_->write_audit([&] {
    if (prune) {
      store::delete_audit_before(impl_->handle(), entry.time - impl_->audit_retention_days * 86400);
    }
    store::insert_audit(impl_->handle(), entry);
    return true;
  });
  // Only once the transaction holding the prune succeeded (a failed write prunes again next time).
  if (prune) impl_->audit_retention_applied = true;
}
void HistoryStore::set_audit_retention(std::int64_t retention_days) {
  impl_->audit_retention_days = std::max<std::int64_t>(0, retention_days);
}
std::vector<AuditEntry> HistoryStore::query_audit(const AuditQuery& query) const {
  return store::select_audit(impl_->handle(), query);
}
std::int64_t HistoryStore::prune_audit(std::int64_t before) {
  std::int64_t removed = 0;
  impl_->write_audit([&] {
    removed = store::delete_audit_before(impl_->handle(), before);
    return true;
  });
  return removed;
}

}  // namespace sendcheck
