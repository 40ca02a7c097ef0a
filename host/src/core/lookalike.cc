// The look-alike search: index lookups by UTS #39 skeleton, deletion variants, domain label and
// display name, each candidate confirmed before it is reported.
#include "core/lookalike.h"

#include "sendcheck/address.h"
#include "sendcheck/domain.h"
#include "sendcheck/similarity.h"

namespace sendcheck {
namespace {

// The address `local@domain` with its registrable domain replaced by `other_registrable`
// ("taro@mail.exarnple.co.jp" -> "taro@mail.example.co.jp"), if that address is known; else the
// most used known address at `other_registrable`.
std::optional<std::string> known_at(const CanonicalAddress& address,
                                    const std::string& other_registrable,
                                    const HistoryReader& history) {
  std::string prefix = address.domain.substr(0, address.domain.size() - address.registrable.size());
  std::string same_local = address.local_part + "@" + prefix + other_registrable;
  if (history.find_address(same_local)) return same_local;
  if (prefix.empty() == false) {
    std::string at_registrable = address.local_part + "@" + other_registrable;
    if (history.find_address(at_registrable)) return at_registrable;
  }
  if (std::optional<AddressRecord> top = history.top_address_at(other_registrable)) {
    return top->address;
  }
  return std::nullopt;
}

std::string local_of(const std::string& address) {
  size_t at = address.rfind('@');
  return at == std::string::npos ? address : address.substr(0, at);
}

// The public suffix part of a registrable domain ("co.jp" for "example.co.jp").
std::string suffix_of(const std::string& registrable) {
  std::string label = domain_label(registrable);
  if (label.empty() || label.size() + 1 > registrable.size()) return {};
  return registrable.substr(label.size() + 1);
}

// One of the user's own addresses that `address` looks like: the same registrable domain and a
// local part within the allowed edits, the same local part and a domain label within them (same
// public suffix) or under another suffix, or the same skeleton.
std::optional<LookalikeMatch> like_own_address(const CanonicalAddress& address,
                                               const std::string& skeleton,
                                               const HistoryReader& history) {
  for (const std::string& own : history.self_addresses()) {
    if (own == address.address) continue;
    CanonicalAddress self;
    if (!canonicalize_addr_spec(own, &self)) continue;
    if (confusable_skeleton(self.local_part + "@" + domain_to_unicode(self.domain)) == skeleton) {
      return LookalikeMatch{own, "confusable"};
    }
    if (self.registrable == address.registrable && self.local_part != address.local_part) {
      int limit = std::min(allowed_edits(address.local_part), allowed_edits(self.local_part));
      if (limit > 0 && edit_distance(address.local_part, self.local_part, limit) <= limit) {
        return LookalikeMatch{own, "edit-distance"};
      }
    }
    if (self.local_part == address.local_part && self.registrable != address.registrable) {
      const std::string label = domain_label(address.registrable);
      const std::string own_label = domain_label(self.registrable);
      if (!label.empty() && label == own_label) return LookalikeMatch{own, "tld-swap"};
      // The very same local part: one edit even on a short label (taro@exampel.co.jp).
      int limit = std::max(1, std::min(allowed_edits(label), allowed_edits(own_label)));
      if (suffix_of(address.registrable) == suffix_of(self.registrable) &&
          edit_distance(label, own_label, limit) <= limit) {
        return LookalikeMatch{own, "edit-distance"};
      }
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<LookalikeMatch> find_lookalike(const CanonicalAddress& address,
                                             const std::string& display_name, bool domain_known,
                                             const HistoryReader& history) {
  // 1. Confusable (UTS #39 skeleton, plus rn/m, 1/l, 0/o, cl/d, vv/w): the whole address, then
  //    the registrable domain.
  const std::string unicode_domain = domain_to_unicode(address.domain);
  const std::string skeleton = confusable_skeleton(address.local_part + "@" + unicode_domain);
  // 0. The user's own addresses (not in the indexes: they are never learned as recipients).
  if (std::optional<LookalikeMatch> own = like_own_address(address, skeleton, history)) {
    return own;
  }
  for (const AddressRecord& record : history.find_by_skeleton(skeleton)) {
    if (record.address != address.address) return LookalikeMatch{record.address, "confusable"};
  }
  if (!domain_known) {
    const std::string domain_skeleton = confusable_skeleton(domain_to_unicode(address.registrable));
    for (const std::string& domain : history.find_domains_by_skeleton(domain_skeleton)) {
      if (domain == address.registrable) continue;
      if (auto known = known_at(address, domain, history)) {
        return LookalikeMatch{*known, "confusable"};
      }
    }
  }

  // 2. Edit distance on the local part, among known addresses of the same registrable domain.
  if (domain_known) {
    const int allowed = allowed_edits(address.local_part);
    if (allowed > 0) {
      std::optional<AddressRecord> best;
      for (AddressRecord& record : history.find_by_local_variants(
               address.registrable, deletion_variants(address.local_part))) {
        std::string other = local_of(record.address);
        // The same local part at another host of the same organisation
        // (shelanski@mail.law.berkeley.edu, shelanski@law.berkeley.edu) is the same person.
        if (other == address.local_part) continue;
        int limit = std::min(allowed, allowed_edits(other));
        if (limit == 0 || edit_distance(address.local_part, other, limit) > limit) continue;
        if (!best || record.count > best->count) best = std::move(record);
      }
      if (best) return LookalikeMatch{best->address, "edit-distance"};
    }
  }

  if (!domain_known) {
    // 3. Edit distance on the registrable domain's label, under the same public suffix. A short
    //    label ("aol", "uh") allows one edit only when the very same local part is known at the
    //    other domain: "vkaminski@al.com" for a known "vkaminski@aol.com".
    const std::string label = domain_label(address.registrable);
    const std::string suffix = suffix_of(address.registrable);
    const int allowed = allowed_edits(label);
    for (const std::string& domain :
         history.find_domains_by_label_variants(deletion_variants(label))) {
      if (domain == address.registrable || suffix_of(domain) != suffix) continue;
      const std::string other_label = domain_label(domain);
      int limit = std::min(allowed, allowed_edits(other_label));
      bool same_local_known = false;
      if (limit == 0) {
        std::string at_registrable = address.local_part;
        at_registrable.append("@").append(domain);
        std::string at_host = address.local_part;
        at_host.append("@")
            .append(address.domain, 0, address.domain.size() - address.registrable.size())
            .append(domain);
        same_local_known = history.find_address(at_host).has_value() ||
                           history.find_address(at_registrable).has_value();
        if (!same_local_known) continue;
        limit = 1;
      }
      if (edit_distance(label, other_label, limit) > limit) continue;
      if (auto known = known_at(address, domain, history)) {
        return LookalikeMatch{*known, "edit-distance"};
      }
    }
    // 4. The same label under another public suffix (example.co.jp / example.jp / example.com).
    if (!label.empty()) {
      for (const std::string& domain : history.find_domains_by_label(label)) {
        if (domain == address.registrable) continue;
        if (auto known = known_at(address, domain, history)) {
          return LookalikeMatch{*known, "tld-swap"};
        }
      }
    }
  }

  // 5. The display name of a known contact, at another address.
  const std::string key = name_key(display_name);
  if (!key.empty()) {
    for (const AddressRecord& record : history.find_by_name_key(key)) {
      if (record.address != address.address) {
        return LookalikeMatch{record.address, "same-name-other-address"};
      }
    }
  }
  return std::nullopt;
}

}  // namespace sendcheck
