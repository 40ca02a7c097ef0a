// An in-memory HistoryReader for engine tests: exact lookups over a small map.
#ifndef SENDCHECK_TESTS_UNIT_CORE_FAKE_HISTORY_H_
#define SENDCHECK_TESTS_UNIT_CORE_FAKE_HISTORY_H_

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sendcheck/address.h"
#include "sendcheck/history.h"

namespace sendcheck::testing {

class FakeHistory : public EmptyHistory {
 public:
  // Records one send to `address` (as written; canonicalised here) with `name`.
  void add(const std::string& address, const std::string& name = "") {
    Mailbox mailbox;
    mailbox.address = address;
    split_addr_spec(address, &mailbox.local_part, &mailbox.domain);
    CanonicalAddress canonical;
    if (!canonicalize(mailbox, &canonical)) throw std::runtime_error("bad test address");
    AddressRecord& record = addresses_[canonical.address];
    record.address = canonical.address;
    if (!name.empty()) record.names.push_back(name);
    record.count++;
    bases_[canonical.base_address] = canonical.address;
    DomainRecord& domain = domains_[canonical.registrable];
    domain.domain = canonical.registrable;
    domain.count++;
  }
  void add_self(const std::string& canonical) { self_.insert(canonical); }

  std::optional<AddressRecord> find_address(std::string_view canonical) const override {
    ++lookups;
    auto it = addresses_.find(std::string(canonical));
    if (it == addresses_.end()) return std::nullopt;
    return it->second;
  }
  std::optional<AddressRecord> find_by_base(std::string_view base) const override {
    ++lookups;
    auto it = bases_.find(std::string(base));
    if (it == bases_.end()) return std::nullopt;
    return find_address(it->second);
  }
  std::optional<DomainRecord> find_domain(std::string_view registrable) const override {
    ++lookups;
    auto it = domains_.find(std::string(registrable));
    if (it == domains_.end()) return std::nullopt;
    return it->second;
  }
  bool is_self(std::string_view canonical) const override {
    return self_.count(std::string(canonical)) > 0;
  }
  std::vector<std::string> self_addresses() const override {
    return std::vector<std::string>(self_.begin(), self_.end());
  }
  bool is_allowlisted(const CanonicalAddress& address) const override {
    return allowlist_.count(address.address) > 0 || allowlist_.count(address.domain) > 0;
  }
  void allow(const std::string& entry) { allowlist_.insert(entry); }
  // Records that `a` and `b` (canonical) were sent to together `count` more times.
  void together(const std::string& a, const std::string& b, std::int64_t count = 1) {
    pairs_[std::minmax(a, b)] += count;
  }
  std::int64_t pair_count(std::string_view a, std::string_view b) const override {
    ++pair_lookups;
    if (a == b) return 0;
    auto it = pairs_.find(std::minmax(std::string(a), std::string(b)));
    return it == pairs_.end() ? 0 : it->second;
  }
  std::vector<std::vector<std::int64_t>> pair_counts(
      const std::vector<std::string>& addresses) const override {
    ++pair_count_batches;
    std::vector<std::vector<std::int64_t>> out(addresses.size(),
                                               std::vector<std::int64_t>(addresses.size(), 0));
    for (std::size_t i = 0; i < addresses.size(); ++i) {
      for (std::size_t j = 0; j < addresses.size(); ++j) {
        if (i == j || addresses[i] == addresses[j]) continue;
        auto it = pairs_.find(std::minmax(addresses[i], addresses[j]));
        if (it != pairs_.end()) out[i][j] = it->second;
      }
    }
    return out;
  }
  // The look-alike indexes are exercised with the real store (tests/unit/store and
  // lookalike_test); this fake answers them empty, as EmptyHistory does.

  // Point lookups made so far: the engine's cost is linear in recipients when this is.
  mutable std::int64_t lookups = 0;
  // pair_count calls and pair_counts calls made so far.
  mutable std::int64_t pair_lookups = 0;
  mutable std::int64_t pair_count_batches = 0;

 private:
  std::map<std::string, AddressRecord> addresses_;
  std::map<std::string, std::string> bases_;
  std::map<std::string, DomainRecord> domains_;
  std::set<std::string> self_;
  std::set<std::string> allowlist_;
  std::map<std::pair<std::string, std::string>, std::int64_t> pairs_;  // (smaller, larger)
};

}  // namespace sendcheck::testing

#endif  // SENDCHECK_TESTS_UNIT_CORE_FAKE_HISTORY_H_
