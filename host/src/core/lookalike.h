// The look-alike search (issue 3, DESIGN.md §4 "Lookalikes"): for a recipient the user has never
// written to, a known address it may have been meant to be.
#ifndef SENDCHECK_CORE_LOOKALIKE_H_
#define SENDCHECK_CORE_LOOKALIKE_H_

#include <optional>
#include <string>

#include "sendcheck/address.h"
#include "sendcheck/history.h"

namespace sendcheck {

struct LookalikeMatch {
  std::string similar_to;  // a known canonical address
  std::string reason;  // "confusable" | "edit-distance" | "tld-swap" | "same-name-other-address"
};

// `address` must not be known (not in the history, not a sub-address of a known one).
// `domain_known`: its registrable domain has been written to before. Costs a bounded number of
// index lookups (see similarity.h), whatever the size of the history. Reasons are tried in the
// order above: the first that matches is returned.
std::optional<LookalikeMatch> find_lookalike(const CanonicalAddress& address,
                                             const std::string& display_name, bool domain_known,
                                             const HistoryReader& history);

}  // namespace sendcheck

#endif  // SENDCHECK_CORE_LOOKALIKE_H_
