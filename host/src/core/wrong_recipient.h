// Right address, wrong person (issue 11, DESIGN.md §4): a known recipient who does not fit the
// draft while another known contact — one autocomplete offers next to it, one the user greets
// so, one of the thread, one the other recipients go with, one the user writes about this to —
// does. Private to the core; assess() calls it for the known recipients of a draft.
#ifndef SENDCHECK_CORE_WRONG_RECIPIENT_H_
#define SENDCHECK_CORE_WRONG_RECIPIENT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sendcheck/draft.h"
#include "sendcheck/history.h"

namespace sendcheck {

// One known recipient of the draft (in the history, not the user, not allowlisted).
struct KnownDraftRecipient {
  std::string address;  // canonical, as the history knows it (a sub-address as its base)
  Field field = Field::kTo;
  std::vector<std::string> names;  // display name in the draft, then names from the history
};

// What speaks for the address the user probably meant.
struct WrongRecipientFinding {
  std::size_t recipient = 0;  // index into the `known` argument
  std::string similar_to;     // canonical address the user probably meant
  std::string reason;         // "greeting" | "co-recipients" | "content" | "thread"
  std::string name;           // for "greeting": the name as the greeting key has it
};

// The evidence, per known recipient X and candidate Y (not a recipient of the draft):
//  - greeting: the opening greets a name that the user used for Y (or that is Y's name) and
//    never for X, and that names no To recipient;
//  - co-recipients: Y was sent together with the other known recipients, X never;
//  - content: the draft's terms (tf-idf cosine) fit Y's profile far better than X's;
//  - thread: Y is in the draft's thread (References, In-Reply-To, subject), X is not.
// Candidates come from indexes only: neighbour_keys of X, the greeting keys, the thread keys,
// the draft's strongest terms and the other recipients' partners (at most a few dozen rows
// each). At most one finding per recipient; none for drafts of more than kMaxWeighedRecipients
// distinct known addresses (a mailing to a group: unusual-combination speaks there), which bounds
// the cost of a check whatever the draft. Reads the history through `history` only.
inline constexpr std::size_t kMaxWeighedRecipients = 10;
// `pairs`: HistoryReader::pair_counts of the known recipients' addresses, in their order (the
// caller reads it once for this and unusual-combination; empty when there are fewer than two).
std::vector<WrongRecipientFinding> find_wrong_recipients(
    const Draft& draft, const std::vector<KnownDraftRecipient>& known,
    const std::vector<std::vector<std::int64_t>>& pairs,
    const std::vector<std::string>& draft_addresses, const HistoryReader& history);

}  // namespace sendcheck

#endif  // SENDCHECK_CORE_WRONG_RECIPIENT_H_
