// The wrong-recipient tables of the history (store/feature_tables.h).
#include "store/feature_tables.h"

#include <algorithm>
#include <cmath>

#include "store/history_store.h"

namespace sendcheck::store {
namespace {

const std::string kWriteFailed = "history.write-failed";
const std::string kReadFailed = "history.read-failed";
constexpr std::uint32_t kMaxCountPerMessage = 3;  // a term repeated in one message counts 3 at most
constexpr std::size_t kMaxTermRecipients = 10;    // larger messages teach no terms

std::string encode_profile(const std::vector<std::pair<std::uint32_t, std::uint32_t>>& terms) {
  std::string out;
  out.reserve(terms.size() * 8);
  for (auto [term, count] : terms) {
    for (std::uint32_t v : {term, count}) {
      for (int shift = 0; shift < 32; shift += 8) out += static_cast<char>((v >> shift) & 0xff);
    }
  }
  return out;
}

std::vector<std::pair<std::uint32_t, std::uint32_t>> decode_profile(std::string_view bytes) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
  auto read = [&bytes](std::size_t at) {
    std::uint32_t v = 0;
    for (int i = 3; i >= 0; --i) {
      v = (v << 8) | static_cast<unsigned char>(bytes[at + static_cast<std::size_t>(i)]);
    }
    return v;
  };
  for (std::size_t at = 0; at + 8 <= bytes.size(); at += 8) {
    out.emplace_back(read(at), read(at + 4));
  }
  return out;
}

}  // namespace

FeatureTables::FeatureTables(sqlite3* db, bool writable, bool available)
    : db_(db), available_(available) {
  const std::string limit = std::to_string(HistoryReader::kMaxCandidates);
  // Pairs are in every schema version: top_partners answers from an older file too.
  select_partners_ = Statement(db,
                               "WITH me(id) AS (SELECT id FROM addresses WHERE address = ?1) "
                               "SELECT other, count FROM ("
                               "SELECT p.b AS other, p.count AS count FROM me, pairs p "
                               "WHERE p.a = me.id LIMIT 200) UNION ALL SELECT other, count FROM ("
                               "SELECT p.a AS other, p.count AS count FROM me, pairs p "
                               "WHERE p.b = me.id LIMIT 200) ORDER BY count DESC LIMIT " +
                                   limit);
  if (!available_) return;
  if (writable) {
    upsert_greeting_ = Statement(db,
                                 "INSERT INTO greetings(address_id, key, count) VALUES(?1, ?2, 1) "
                                 "ON CONFLICT(address_id, key) DO UPDATE SET count = count + 1");
    upsert_thread_ = Statement(db,
                               "INSERT INTO threads(key, address_id, count, last_sent) "
                               "VALUES(?1, ?2, 1, ?3) ON CONFLICT(key, address_id) DO UPDATE SET "
                               "count = count + 1, last_sent = max(last_sent, excluded.last_sent)");
    insert_neighbour_ = Statement(
        db, "INSERT INTO neighbours(key, address_id) VALUES(?1, ?2) ON CONFLICT DO NOTHING");
    select_profile_by_id_ =
        Statement(db, "SELECT messages, terms FROM term_profiles WHERE address_id = ?1");
    upsert_profile_ = Statement(db,
                                "INSERT INTO term_profiles(address_id, messages, terms, norm) "
                                "VALUES(?1, ?2, ?3, ?4) ON CONFLICT(address_id) DO UPDATE SET "
                                "messages = excluded.messages, terms = excluded.terms, "
                                "norm = excluded.norm");
    upsert_term_count_ = Statement(db,
                                   "INSERT INTO term_counts(term, messages) VALUES(?1, ?2) "
                                   "ON CONFLICT(term) DO UPDATE SET messages = messages + ?2");
    select_term_count_ = Statement(db, "SELECT messages FROM term_counts WHERE term = ?1");
    select_all_term_counts_ = Statement(db, "SELECT term, messages FROM term_counts");
  }
  select_greetings_ = Statement(db,
                                "SELECT g.key, g.count FROM addresses a "
                                "JOIN greetings g ON g.address_id = a.id WHERE a.address = ?1 "
                                "ORDER BY g.count DESC, g.key LIMIT " +
                                    limit);
  select_by_greeting_ = Statement(
      db, "SELECT address_id FROM greetings WHERE key = ?1 ORDER BY count DESC LIMIT " + limit);
  // The most used of at most 50 addresses under one key ("g:john" in a large history).
  select_by_neighbour_ = Statement(db,
                                   "SELECT n.address_id FROM (SELECT address_id FROM neighbours "
                                   "WHERE key = ?1 LIMIT 50) n JOIN addresses a "
                                   "ON a.id = n.address_id ORDER BY a.count DESC LIMIT " +
                                       limit);
  select_profile_ = Statement(db,
                              "SELECT p.messages, p.terms, p.norm FROM addresses a "
                              "JOIN term_profiles p ON p.address_id = a.id WHERE a.address = ?1");
  if (!writable) {
    select_term_count_ = Statement(db, "SELECT messages FROM term_counts WHERE term = ?1");
  }
  select_thread_ = Statement(db,
                             "SELECT address_id, count FROM (SELECT address_id, count FROM threads "
                             "WHERE key = ?1 LIMIT 200) ORDER BY count DESC LIMIT " +
                                 limit);
}

void FeatureTables::learn(const MessageFeatures& features, std::int64_t date,
                          const std::vector<FeatureRecipient>& recipients) {
  if (!available_) return;
  for (const FeatureRecipient& recipient : recipients) {
    if (!recipient.new_name) continue;
    std::vector<std::string> names;
    if (!recipient.name.empty()) names.push_back(recipient.name);
    for (const std::string& key : neighbour_keys(recipient.address, names)) {
      Query(insert_neighbour_, kWriteFailed).bind(1, key).bind(2, recipient.id).run();
    }
  }

  // Greetings go to the To recipients they name; a greeting that names none of them goes to the
  // only To recipient (a nickname, "Vince" for vkaminski@), and to nobody when there are several.
  std::vector<const FeatureRecipient*> to;
  for (const FeatureRecipient& recipient : recipients) {
    if (recipient.to) to.push_back(&recipient);
  }
  for (const std::string& key : features.greeting_keys) {
    std::vector<const FeatureRecipient*> named;
    for (const FeatureRecipient* recipient : to) {
      std::vector<std::string> names;
      if (!recipient->name.empty()) names.push_back(recipient->name);
      if (greeting_names_recipient(key, names, recipient->address)) named.push_back(recipient);
    }
    if (named.empty() && to.size() == 1) named = to;
    for (const FeatureRecipient* recipient : named) {
      Query(upsert_greeting_, kWriteFailed).bind(1, recipient->id).bind(2, key).run();
    }
  }

  for (std::int64_t key : features.thread_keys) {
    for (const FeatureRecipient& recipient : recipients) {
      Query(upsert_thread_, kWriteFailed).bind(1, key).bind(2, recipient.id).bind(3, date).run();
    }
  }

  // What a mailing to a large group is about says little about each member, and would be merged
  // into every member's profile: terms are learned from messages of at most kMaxTermRecipients.
  if (features.terms.empty() || recipients.empty() || recipients.size() > kMaxTermRecipients) {
    return;
  }
  // Nothing below throws except load(): the in-memory state changes only once it has succeeded.
  for (const FeatureRecipient& recipient : recipients) {
    Pending& pending = pending_[recipient.id];
    if (!pending.loaded) load(recipient.id, &pending);
  }
  // The message's terms with their counts, sorted by term (flat vectors: an import merges
  // millions of them, and a node per term was a third of its time in malloc).
  std::vector<std::uint32_t> sorted = features.terms;
  std::sort(sorted.begin(), sorted.end());
  std::vector<std::pair<std::uint32_t, std::uint32_t>> counts;
  for (std::uint32_t term : sorted) {
    if (!counts.empty() && counts.back().first == term) {
      if (counts.back().second < kMaxCountPerMessage) ++counts.back().second;
    } else {
      counts.emplace_back(term, 1);
    }
  }
  std::vector<std::pair<std::uint32_t, std::uint32_t>> merged;
  for (const FeatureRecipient& recipient : recipients) {
    Pending& pending = pending_[recipient.id];
    pending.messages++;
    merged.clear();
    merged.reserve(pending.terms.size() + counts.size());
    auto a = pending.terms.begin();
    auto b = counts.begin();
    while (a != pending.terms.end() || b != counts.end()) {
      if (b == counts.end() || (a != pending.terms.end() && a->first < b->first)) {
        merged.push_back(*a++);
      } else if (a == pending.terms.end() || b->first < a->first) {
        merged.push_back(*b++);
      } else {
        merged.emplace_back(a->first, a->second + b->second);
        ++a;
        ++b;
      }
    }
    pending.terms.swap(merged);
  }
  for (auto [term, count] : counts) {
    if (!is_word_pair(term)) pending_counts_[term]++;
  }
  pending_counts_[0]++;
}

void FeatureTables::load(std::int64_t id, Pending* pending) {
  Query query(select_profile_by_id_, kWriteFailed);
  query.bind(1, id);
  if (query.step()) {
    pending->messages = query.int64(0);
    for (auto [term, count] : decode_profile(query.blob(1))) {
      pending->terms.emplace_back(term, count);  // stored sorted by term
    }
  }
  pending->loaded = true;
}

std::int64_t FeatureTables::stored_term_count(std::uint32_t term) {
  // An import reads the same terms' counts at every flush: they are kept in memory, updated with
  // what flush() writes (forgotten with a rolled-back transaction).
  if (all_term_counts_) {
    auto it = term_counts_.find(term);
    return it == term_counts_.end() ? 0 : it->second;
  }
  auto [it, inserted] = term_counts_.try_emplace(term, 0);
  if (inserted) {
    Query query(select_term_count_, kWriteFailed);
    query.bind(1, static_cast<std::int64_t>(term));
    it->second = query.step() ? query.int64(0) : 0;
  }
  return it->second;
}

void FeatureTables::flush() {
  if (!available_) return;
  // In key order: the B-tree pages are written in one sweep, not at random.
  std::vector<std::pair<std::uint32_t, std::int64_t>> counts(pending_counts_.begin(),
                                                             pending_counts_.end());
  std::sort(counts.begin(), counts.end());
  for (auto [term, messages] : counts) {
    Query(upsert_term_count_, kWriteFailed)
        .bind(1, static_cast<std::int64_t>(term))
        .bind(2, messages)
        .run();
    if (all_term_counts_) {
      term_counts_[term] += messages;
    } else if (auto it = term_counts_.find(term); it != term_counts_.end()) {
      it->second += messages;
    }
  }
  pending_counts_.clear();
  if (pending_.empty()) return;
  if (!all_term_counts_ && pending_.size() >= 64) {
    // A batch of an import: every count in one pass (about 10 bytes a term) rather than one
    // point query per term; kept up to date below.
    term_counts_.clear();
    Query query(select_all_term_counts_, kWriteFailed);
    while (query.step()) {
      term_counts_[static_cast<std::uint32_t>(query.int64(0))] = query.int64(1);
    }
    all_term_counts_ = true;
  }
  const double total = static_cast<double>(stored_term_count(0));
  std::unordered_map<std::uint32_t, double> idf;
  auto idf_of = [&](std::uint32_t term) {
    auto [it, inserted] = idf.try_emplace(term, 0.0);
    if (inserted) {
      const double df = is_word_pair(term) ? 1.0 : static_cast<double>(stored_term_count(term));
      it->second = std::log((1.0 + total) / (1.0 + df)) + 0.1;
    }
    return it->second;
  };
  std::vector<std::int64_t> ids;
  ids.reserve(pending_.size());
  for (const auto& entry : pending_) ids.push_back(entry.first);
  std::sort(ids.begin(), ids.end());
  for (std::int64_t id : ids) {
    Pending& pending = pending_[id];
    // The strongest kMaxProfileTerms by count x idf: frequent words of this correspondence that
    // are rare in the user's mail as a whole.
    std::vector<std::pair<double, std::uint32_t>> ranked;
    ranked.reserve(pending.terms.size());
    for (auto [term, count] : pending.terms) ranked.emplace_back(count * idf_of(term), term);
    const std::size_t keep = std::min(ranked.size(), HistoryStore::kMaxProfileTerms);
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(keep),
                      ranked.end(), [](const auto& a, const auto& b) {
                        return a.first != b.first ? a.first > b.first : a.second < b.second;
                      });
    std::vector<std::pair<std::uint32_t, std::uint32_t>> kept;
    double norm = 0;
    for (std::size_t i = 0; i < keep; ++i) {
      const std::uint32_t term = ranked[i].second;
      auto it = std::lower_bound(pending.terms.begin(), pending.terms.end(),
                                 std::pair<std::uint32_t, std::uint32_t>{term, 0});
      kept.emplace_back(term, it->second);
      const double weight = it->second * idf_of(term);
      norm += weight * weight;
    }
    std::sort(kept.begin(), kept.end());
    std::string blob = encode_profile(kept);
    Query(upsert_profile_, kWriteFailed)
        .bind(1, id)
        .bind(2, pending.messages)
        .bind_blob(3, blob.data(), blob.size())
        .bind_real(4, std::sqrt(norm))
        .run();
  }
  pending_.clear();
}

void FeatureTables::discard() {
  pending_.clear();
  pending_counts_.clear();
  term_counts_.clear();
  all_term_counts_ = false;
}

void FeatureTables::forget(std::int64_t address_id) {
  // The rows themselves go with the address (ON DELETE CASCADE); what is pending goes here.
  pending_.erase(address_id);
}

void FeatureTables::forget_all() {
  if (!available_) return;
  discard();
  char* error = nullptr;
  int rc = sqlite3_exec(db_,
                        "DELETE FROM greetings; DELETE FROM neighbours; DELETE FROM term_profiles; "
                        "DELETE FROM term_counts; DELETE FROM threads;",
                        nullptr, nullptr, &error);
  if (rc != SQLITE_OK) {
    std::string message = error != nullptr ? error : sqlite3_errstr(rc);
    sqlite3_free(error);
    throw Error(error_code_for(rc, kWriteFailed), "SQLite: " + message);
  }
}

std::vector<std::pair<std::string, std::int64_t>> FeatureTables::greetings_of(
    std::string_view address) const {
  std::vector<std::pair<std::string, std::int64_t>> out;
  if (!available_) return out;
  Query query(select_greetings_, kReadFailed);
  query.bind(1, address);
  while (query.step()) out.emplace_back(query.text(0), query.int64(1));
  return out;
}

std::vector<std::int64_t> FeatureTables::ids_by_greeting(std::string_view key) const {
  std::vector<std::int64_t> ids;
  if (!available_ || key.empty()) return ids;
  Query query(select_by_greeting_, kReadFailed);
  query.bind(1, key);
  while (query.step()) ids.push_back(query.int64(0));
  return ids;
}

std::vector<std::int64_t> FeatureTables::ids_by_neighbour_keys(
    const std::vector<std::string>& keys) const {
  std::vector<std::int64_t> ids;
  if (!available_) return ids;
  for (const std::string& key : keys) {
    Query query(select_by_neighbour_, kReadFailed);
    query.bind(1, key);
    while (query.step()) {
      std::int64_t id = query.int64(0);
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    }
  }
  return ids;
}

std::optional<TermProfile> FeatureTables::term_profile(std::string_view address) const {
  if (!available_) return std::nullopt;
  Query query(select_profile_, kReadFailed);
  query.bind(1, address);
  if (!query.step()) return std::nullopt;
  TermProfile profile;
  profile.messages = query.int64(0);
  profile.terms = decode_profile(query.blob(1));
  profile.norm = query.real(2);
  return profile;
}

std::vector<std::int64_t> FeatureTables::term_message_counts(
    const std::vector<std::uint32_t>& terms) const {
  std::vector<std::int64_t> out;
  if (!available_) return out;
  auto count = [this](std::uint32_t term) -> std::int64_t {
    Query query(select_term_count_, kReadFailed);
    query.bind(1, static_cast<std::int64_t>(term));
    return query.step() ? query.int64(0) : 0;
  };
  out.reserve(terms.size() + 1);
  for (std::uint32_t term : terms) out.push_back(count(term));
  out.push_back(count(0));
  return out;
}

std::vector<std::pair<std::int64_t, std::int64_t>> FeatureTables::thread_ids(
    const std::vector<std::int64_t>& keys) const {
  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  if (!available_) return out;
  for (std::int64_t key : keys) {
    Query query(select_thread_, kReadFailed);
    query.bind(1, key);
    while (query.step()) {
      std::int64_t id = query.int64(0);
      std::int64_t count = query.int64(1);
      auto it = std::find_if(out.begin(), out.end(), [id](const auto& p) { return p.first == id; });
      if (it == out.end()) {
        out.emplace_back(id, count);
      } else {
        it->second = std::max(it->second, count);
      }
    }
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.second > b.second; });
  if (out.size() > HistoryReader::kMaxCandidates) out.resize(HistoryReader::kMaxCandidates);
  return out;
}

std::vector<std::pair<std::int64_t, std::int64_t>> FeatureTables::partner_ids(
    std::string_view address) const {
  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  Query query(select_partners_, kReadFailed);
  query.bind(1, address);
  while (query.step()) out.emplace_back(query.int64(0), query.int64(1));
  return out;
}

}  // namespace sendcheck::store
