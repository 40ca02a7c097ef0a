// store/history_schema.h — the history database's schema and its migrations (private).
//
// A SendCheck history file carries PRAGMA application_id = kHistoryApplicationId and
// PRAGMA user_version = its schema version. kHistoryMigrations[n] takes a database from version n
// to n + 1; HistoryStore::open runs the missing steps in one transaction, so a database is always
// at exactly one version. Never edit a step once released: add a new one and raise
// HistoryStore::kSchemaVersion.
#ifndef SENDCHECK_STORE_HISTORY_SCHEMA_H_
#define SENDCHECK_STORE_HISTORY_SCHEMA_H_

#include <array>
#include <cstdint>

namespace sendcheck::store {

// "SCK1" — marks a SQLite file as a SendCheck history.
inline constexpr std::int32_t kHistoryApplicationId = 0x53434B31;

// Every lookup of a check is one of these indexes:
//  - messages(message_id): Message-ID dedup;
//  - addresses(address) UNIQUE: find_address; addresses(base_address, count): find_by_base;
//    addresses(registrable): addresses of one domain;
//  - address_names(address_id, name): names of an address; address_names(name): same display
//    name at another address;
//  - domains(domain), self(address), pairs(a, b) (a < b, address ids); pairs(b) for deletes;
//  - the look-alike indexes: addresses(skeleton), address_names(name_key),
//    local_variants(registrable, variant), domains(label), domains(skeleton),
//    domain_variants(variant); allowlist(entry);
//  - audit(time): audit.query by time range (version 2); audit(message_id) for
//    `sendcheck incident --message-id`, audit(fingerprint, time) for the entries of one draft
//    (version 3).
//  - the wrong-recipient evidence (version 4, recipient_features.h): greetings(address_id, key)
//    and greetings(key, count): how an address is greeted, who is greeted so;
//    neighbours(key, address_id): autocomplete neighbours; term_profiles(address_id): what the
//    user writes to an address, as hashed terms; term_counts(term): in how many messages a term
//    occurs;
//    threads(key, address_id): the addresses of a thread. No words: hashes and greeted names.
inline constexpr std::array<const char*, 4> kHistoryMigrations = {
    // 0 -> 1
    R"sql(
CREATE TABLE messages(
  message_id TEXT PRIMARY KEY,
  date INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE addresses(
  id INTEGER PRIMARY KEY,
  address TEXT NOT NULL UNIQUE,
  base_address TEXT NOT NULL,
  registrable TEXT NOT NULL,
  skeleton TEXT NOT NULL,
  first_sent INTEGER NOT NULL,
  last_sent INTEGER NOT NULL,
  count INTEGER NOT NULL
);
CREATE INDEX addresses_by_base ON addresses(base_address, count DESC);
CREATE INDEX addresses_by_registrable ON addresses(registrable, count DESC);
CREATE INDEX addresses_by_skeleton ON addresses(skeleton);

CREATE TABLE address_names(
  address_id INTEGER NOT NULL REFERENCES addresses(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  name_key TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY(address_id, name)
) WITHOUT ROWID;
CREATE INDEX address_names_by_key ON address_names(name_key);

-- Symmetric-deletion index of local parts per registrable domain (similarity.h).
CREATE TABLE local_variants(
  registrable TEXT NOT NULL,
  variant TEXT NOT NULL,
  address_id INTEGER NOT NULL REFERENCES addresses(id) ON DELETE CASCADE,
  PRIMARY KEY(registrable, variant, address_id)
) WITHOUT ROWID;
CREATE INDEX local_variants_by_address ON local_variants(address_id);

CREATE TABLE domains(
  domain TEXT PRIMARY KEY,
  label TEXT NOT NULL,
  skeleton TEXT NOT NULL,
  first_sent INTEGER NOT NULL,
  last_sent INTEGER NOT NULL,
  count INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX domains_by_label ON domains(label);
CREATE INDEX domains_by_skeleton ON domains(skeleton);

-- Symmetric-deletion index of registrable-domain labels (similarity.h).
CREATE TABLE domain_variants(
  variant TEXT NOT NULL,
  domain TEXT NOT NULL REFERENCES domains(domain) ON DELETE CASCADE,
  PRIMARY KEY(variant, domain)
) WITHOUT ROWID;
CREATE INDEX domain_variants_by_domain ON domain_variants(domain);

CREATE TABLE allowlist(
  entry TEXT PRIMARY KEY,
  added INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE pairs(
  a INTEGER NOT NULL REFERENCES addresses(id) ON DELETE CASCADE,
  b INTEGER NOT NULL REFERENCES addresses(id) ON DELETE CASCADE,
  count INTEGER NOT NULL,
  last_sent INTEGER NOT NULL,
  PRIMARY KEY(a, b),
  CHECK(a < b)
) WITHOUT ROWID;
CREATE INDEX pairs_by_b ON pairs(b);

CREATE TABLE self(
  address TEXT PRIMARY KEY
) WITHOUT ROWID;
)sql",
    // 1 -> 2: the audit log (store/audit_log.cc). Lists are JSON arrays; never a body or subject.
    R"sql(
CREATE TABLE audit(
  id INTEGER PRIMARY KEY,
  time INTEGER NOT NULL,
  action TEXT NOT NULL,
  verdict TEXT NOT NULL,
  recipient_count INTEGER NOT NULL,
  recipients TEXT NOT NULL,  -- [{"address": ..., "class": ...}]
  attachments TEXT NOT NULL, -- [{"name": ..., "size": ...}]
  warnings TEXT NOT NULL     -- ["code", ...]
);
CREATE INDEX audit_by_time ON audit(time);
)sql",
    // 2 -> 3: the Message-ID of a sent mail, the draft fingerprint tying the entries of one draft
    // together, and the personal-data counts. Rows of version 2 keep everything and read these as
    // empty. Attachments' "sha256" is a new key in the attachments JSON (no column).
    R"sql(
ALTER TABLE audit ADD COLUMN message_id TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN fingerprint TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN personal_data TEXT NOT NULL DEFAULT '[]'; -- [{"kind":..,"count":..}]
CREATE INDEX audit_by_message_id ON audit(message_id) WHERE message_id <> '';
CREATE INDEX audit_by_fingerprint ON audit(fingerprint, time) WHERE fingerprint <> '';
)sql",
    // 3 -> 4: what the wrong-recipient check learns (issue 11). Histories of version 3 start
    // empty here and learn from the next import or send.
    R"sql(
CREATE TABLE greetings(
  address_id INTEGER NOT NULL REFERENCES addresses(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY(address_id, key)
) WITHOUT ROWID;
CREATE INDEX greetings_by_key ON greetings(key, count DESC);

CREATE TABLE neighbours(
  key TEXT NOT NULL,
  address_id INTEGER NOT NULL REFERENCES addresses(id) ON DELETE CASCADE,
  PRIMARY KEY(key, address_id)
) WITHOUT ROWID;
CREATE INDEX neighbours_by_address ON neighbours(address_id);

-- terms: (u32 hash, u32 count) little-endian pairs sorted by hash, at most kMaxProfileTerms.
CREATE TABLE term_profiles(
  address_id INTEGER PRIMARY KEY REFERENCES addresses(id) ON DELETE CASCADE,
  messages INTEGER NOT NULL,
  norm REAL NOT NULL,
  terms BLOB NOT NULL
);
-- Messages with each term; term 0 counts the messages that had text at all.
CREATE TABLE term_counts(
  term INTEGER PRIMARY KEY,
  messages INTEGER NOT NULL
);

CREATE TABLE threads(
  key INTEGER NOT NULL,
  address_id INTEGER NOT NULL REFERENCES addresses(id) ON DELETE CASCADE,
  count INTEGER NOT NULL,
  last_sent INTEGER NOT NULL,
  PRIMARY KEY(key, address_id)
) WITHOUT ROWID;
CREATE INDEX threads_by_address ON threads(address_id);
)sql",
};

}  // namespace sendcheck::store

#endif  // SENDCHECK_STORE_HISTORY_SCHEMA_H_
