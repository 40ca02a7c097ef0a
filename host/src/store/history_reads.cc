// HistoryStore, the reader's side (sendcheck/history.h HistoryReader): the look-ups a check makes
// (known addresses and domains, the user's own addresses, co-recipient pair counts, look-alike
// candidates, greetings, autocomplete neighbours, term profiles, threads, partners).
#include <sqlite3.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "sendcheck/history.h"
#include "store/history_store.h"
#include "store/history_store_internal.h"
#include "store/sqlite_handle.h"

namespace sendcheck {

using store::Query;
using store::Statement;

std::optional<AddressRecord> HistoryStore::Impl::find_address(std::string_view canonical) const {
  return read_address(select_address_, canonical);
}

std::optional<AddressRecord> HistoryStore::Impl::find_by_base(std::string_view base) const {
  return read_address(select_by_base_, base);
}

std::optional<DomainRecord> HistoryStore::Impl::find_domain(std::string_view registrable) const {
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

bool HistoryStore::Impl::is_self(std::string_view canonical) const {
  Query query(select_self_, kReadFailed);
  query.bind(1, canonical);
  return query.step();
}

std::vector<std::string> HistoryStore::Impl::self_addresses() const {
  std::vector<std::string> out;
  Query query(select_self_addresses_, kReadFailed);
  while (query.step()) out.push_back(query.text(0));
  return out;
}

std::int64_t HistoryStore::Impl::pair_count(std::string_view a, std::string_view b) const {
  Query query(select_pair_, kReadFailed);
  query.bind(1, a).bind(2, b);
  return query.step() ? query.int64(0) : 0;
}

// One query for all pairs (HistoryReader::pair_counts): the distinct addresses' ids are
// looked up once, then every two ids (x.id < y.id, pairs(a, b) holds a < b) in the primary key
// of pairs; CROSS JOIN keeps SQLite to that order (never a scan of all the pairs of a frequent
// address). Prepared per call: its text depends on the number of addresses.
std::vector<std::vector<std::int64_t>> HistoryStore::Impl::pair_counts(
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

std::vector<AddressRecord> HistoryStore::Impl::find_by_local_variants(
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

std::vector<std::string> HistoryStore::Impl::find_domains_by_label_variants(
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

std::vector<std::string> HistoryStore::Impl::domains_where(const Statement& statement,
                                                           std::string_view key) const {
  std::vector<std::string> domains;
  Query query(statement, kReadFailed);
  query.bind(1, key);
  while (query.step()) domains.push_back(query.text(0));
  return domains;
}

std::vector<std::string> HistoryStore::Impl::find_domains_by_label(std::string_view label) const {
  return domains_where(select_domains_by_label_, label);
}

std::vector<std::string> HistoryStore::Impl::find_domains_by_skeleton(
    std::string_view skeleton) const {
  return domains_where(select_domains_by_skeleton_, skeleton);
}

std::vector<AddressRecord> HistoryStore::Impl::ids_where(const Statement& statement,
                                                         std::string_view key) const {
  std::vector<std::int64_t> ids;
  {
    Query query(statement, kReadFailed);
    query.bind(1, key);
    while (query.step()) ids.push_back(query.int64(0));
  }
  return records_by_id(ids);
}

std::vector<AddressRecord> HistoryStore::Impl::find_by_skeleton(std::string_view skeleton) const {
  if (skeleton.empty()) return {};
  return ids_where(select_by_skeleton_, skeleton);
}

std::vector<AddressRecord> HistoryStore::Impl::find_by_name_key(std::string_view key) const {
  if (key.empty()) return {};
  return ids_where(select_by_name_key_, key);
}

std::optional<AddressRecord> HistoryStore::Impl::top_address_at(
    std::string_view registrable) const {
  std::vector<AddressRecord> records = ids_where(select_top_at_, registrable);
  if (records.empty()) return std::nullopt;
  return records.front();
}

std::vector<std::pair<std::string, std::int64_t>> HistoryStore::Impl::greetings_of(
    std::string_view canonical) const {
  return features_.greetings_of(canonical);
}

std::vector<AddressRecord> HistoryStore::Impl::find_by_greeting(std::string_view key) const {
  return records_by_id(features_.ids_by_greeting(key));
}

std::vector<AddressRecord> HistoryStore::Impl::find_neighbours(
    const std::vector<std::string>& keys) const {
  return records_by_id(features_.ids_by_neighbour_keys(keys), /*with_names=*/false);
}

std::optional<TermProfile> HistoryStore::Impl::term_profile(std::string_view canonical) const {
  return features_.term_profile(canonical);
}

std::vector<std::int64_t> HistoryStore::Impl::term_message_counts(
    const std::vector<std::uint32_t>& terms) const {
  return features_.term_message_counts(terms);
}

std::vector<ThreadMember> HistoryStore::Impl::thread_members(
    const std::vector<std::int64_t>& keys) const {
  std::vector<ThreadMember> out;
  for (auto [id, count] : features_.thread_ids(keys)) {
    if (std::optional<AddressRecord> record = read_address_by_id(id, false)) {
      out.push_back({std::move(record->address), count});
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::int64_t>> HistoryStore::Impl::top_partners(
    std::string_view canonical) const {
  std::vector<std::pair<std::string, std::int64_t>> out;
  for (auto [id, count] : features_.partner_ids(canonical)) {
    if (std::optional<AddressRecord> record = read_address_by_id(id, false)) {
      out.emplace_back(std::move(record->address), count);
    }
  }
  return out;
}

std::vector<AddressRecord> HistoryStore::Impl::records_by_id(const std::vector<std::int64_t>& ids,
                                                             bool with_names) const {
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

std::optional<AddressRecord> HistoryStore::Impl::read_address_by_id(std::int64_t id,
                                                                    bool with_names) const {
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

std::optional<AddressRecord> HistoryStore::Impl::read_address(const Statement& statement,
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

}  // namespace sendcheck
