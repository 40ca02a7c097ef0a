// Right address, wrong person (core/wrong_recipient.h).
#include "core/wrong_recipient.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "core/body/own_text.h"
#include "sendcheck/address.h"
#include "sendcheck/recipient_features.h"
#include "sendcheck/similarity.h"

namespace sendcheck {
namespace {

// Weights of the evidence (bench/quality tunes them on real Sent folders; docs/quality.md).
// Each kind alone flags only where its false alarms on the Enron folders stay well under the
// 2 % goal: greeting (0.2 %), co-recipients with every other recipient repeatedly, content only
// when nothing of the draft is in X's profile; thread and autocomplete neighbourhood only add.
struct Weights {
  static constexpr double kGreeting = 3.0;         // the opening greets Y, not X
  static constexpr double kCoRecipients = 0.0;     // the others go with Y, never with X
  static constexpr double kCoRecipientsAll = 3.0;  // ... every one of them, 3 times or more
  static constexpr double kThread = 1.0;           // Y is in the thread, X is not
  static constexpr double kNeighbour = 1.0;        // autocomplete offers Y next to X
  static constexpr double kQuotedSender = 3.0;     // a reply to Y (the quoted sender), sent to X
  static constexpr double kFlag = 3.0;             // what a finding needs
};

constexpr std::size_t kMaxDraftTerms = 400;  // distinct terms looked up per draft
constexpr std::size_t kMaxCandidates = 24;   // candidates weighed per recipient

struct DraftContent {
  std::map<std::uint32_t, double> weights;  // tf-idf of the draft's terms
  std::unordered_map<std::uint32_t, double> idf;
  double norm = 0;
  bool usable = false;
};

// The draft's terms (subject and whole body, as the history learns them) weighted tf x idf.
DraftContent draft_content(const Draft& draft, const HistoryReader& history) {
  DraftContent content;
  std::map<std::uint32_t, double> tf;
  for (std::uint32_t term : term_features(draft.subject, draft.body)) {
    double& count = tf[term];
    if (count < 3) count += 1;
  }
  if (tf.empty()) return content;
  std::vector<std::uint32_t> terms;
  for (const auto& [term, count] : tf) {
    if (terms.size() >= kMaxDraftTerms) break;
    terms.push_back(term);
  }
  std::vector<std::int64_t> counts = history.term_message_counts(terms);
  if (counts.size() != terms.size() + 1 || counts.back() <= 0) return content;
  const double total = static_cast<double>(counts.back());
  for (std::size_t i = 0; i < terms.size(); ++i) {
    // Word pairs are not counted: weighed as seen in one message, as the history ranks them.
    if (is_word_pair(terms[i])) counts[i] = 1;
    double idf = std::log((1.0 + total) / (1.0 + static_cast<double>(counts[i]))) + 0.1;
    content.idf[terms[i]] = idf;
    if (counts[i] == 0) {
      // Never seen: in no profile, but part of what the draft is about.
      content.norm += std::pow(tf[terms[i]] * idf, 2);
      continue;
    }
    double weight = tf[terms[i]] * idf;
    content.weights[terms[i]] = weight;
    content.norm += weight * weight;
  }
  content.norm = std::sqrt(content.norm);
  content.usable = content.norm > 0 && !content.weights.empty();
  return content;
}

// Cosine of the draft and a profile, both weighted count x idf (the profile's norm as stored).
double similarity(const DraftContent& content, const TermProfile& profile) {
  if (!content.usable || profile.terms.empty() || profile.norm <= 0) return 0;
  double dot = 0;
  for (auto [term, count] : profile.terms) {
    auto in_draft = content.weights.find(term);
    if (in_draft != content.weights.end()) {
      dot += in_draft->second * count * content.idf.at(term);
    }
  }
  return std::min(1.0, dot / (content.norm * profile.norm));
}

struct Evidence {
  double greeting = 0;
  double co_recipients = 0;
  double content = 0;
  double thread = 0;
  double neighbour = 0;
  double total() const { return greeting + co_recipients + content + thread + neighbour; }
  std::string reason() const {
    std::string best = "content";
    double top = content;
    if (co_recipients > top) top = co_recipients, best = "co-recipients";
    if (thread > top) top = thread, best = "thread";
    if (greeting > 0 && greeting >= top) best = "greeting";
    return best;
  }
};

class Weigher {
 public:
  Weigher(const Draft& draft, const std::vector<KnownDraftRecipient>& known,
          const std::vector<std::vector<std::int64_t>>& pairs,
          const std::vector<std::string>& draft_addresses, const HistoryReader& history)
      : draft_(draft), known_(known), history_(history), known_pairs_(pairs) {
    in_draft_.insert(draft_addresses.begin(), draft_addresses.end());
    for (const KnownDraftRecipient& recipient : known) in_draft_.insert(recipient.address);
    greeting_keys_ = sendcheck::greeting_keys(own_text(draft.body));
    content_ = draft_content(draft, history);
    std::vector<std::int64_t> keys =
        draft_thread_keys(draft.in_reply_to, draft.references, draft.subject);
    if (!keys.empty()) {
      for (const ThreadMember& member : history.thread_members(keys)) {
        thread_.insert(member.address);
      }
    }
    for (const std::string& participant : draft.thread_participants) {
      thread_.insert(ascii_lower(participant));
    }
    forward_ = is_forward(draft.subject);
    // The add-on's participants of the message replied to: when the reply goes to none of them,
    // the known ones (not the user) are who it was meant for, as for a quoted sender.
    if (!forward_ && !draft.thread_participants.empty()) {
      bool any = false;
      std::vector<std::string> known_participants;
      for (const std::string& participant : draft.thread_participants) {
        CanonicalAddress canonical;
        if (!canonicalize_addr_spec(participant, &canonical)) continue;
        if (in_draft_.count(canonical.address) > 0) any = true;
        if (!history.is_self(canonical.address) && history.find_address(canonical.address)) {
          known_participants.push_back(canonical.address);
        }
      }
      if (!any) replied_to_.insert(known_participants.begin(), known_participants.end());
    }
    if (!forward_) {
      if (std::optional<QuotedSender> sender = quoted_sender(draft.body)) resolve(*sender);
    }
    if (!quoted_.empty()) {
      for (const std::string& address : draft_addresses) {
        if (matches_quoted(address, {})) quoted_.clear();
      }
      for (const KnownDraftRecipient& recipient : known) {
        if (matches_quoted(recipient.address, recipient.names)) quoted_.clear();
      }
      if (!quoted_.empty() && (history.is_self(quoted_) || in_draft_.count(quoted_) > 0)) {
        quoted_.clear();
      }
    }
    // To recipients that a greeting key names; keys that name none of them point elsewhere.
    for (const std::string& key : greeting_keys_) {
      bool named = false;
      for (const KnownDraftRecipient& recipient : known) {
        if (recipient.field == Field::kTo && greets(key, recipient.address, recipient.names)) {
          named = true;
        }
      }
      if (!named) stray_keys_.push_back(key);
    }
  }

  std::optional<WrongRecipientFinding> weigh(std::size_t index) {
    const KnownDraftRecipient& x = known_[index];
    std::vector<std::string> others;
    for (std::size_t i = 0; i < known_.size(); ++i) {
      if (i != index && known_[i].address != x.address) others.push_back(known_[i].address);
    }

    // What speaks for X itself.
    const bool x_in_thread = !thread_.empty() && thread_.count(x.address) > 0;
    // The greeting keys that name X, and the stray keys (naming no To recipient) that do not:
    // "株式会社パートナー商事 鈴木様" to the other 鈴木 names X by "鈴木" but not by the company.
    std::vector<std::string> x_keys;
    std::vector<std::string> x_stray;
    if (x.field == Field::kTo) {
      for (const std::string& key : greeting_keys_) {
        if (greets(key, x.address, x.names)) x_keys.push_back(key);
      }
      for (const std::string& key : stray_keys_) {
        if (std::find(x_keys.begin(), x_keys.end(), key) == x_keys.end()) x_stray.push_back(key);
      }
    }
    const double x_content = content_.usable ? content_of(x.address) : 0;

    // Candidates, from indexes only.
    std::vector<std::string> candidates;
    std::set<std::string> neighbours;
    auto add = [&](const std::string& address) {
      if (candidates.size() >= kMaxCandidates || in_draft_.count(address) > 0) return;
      if (history_.is_self(address)) return;
      if (std::find(candidates.begin(), candidates.end(), address) == candidates.end()) {
        candidates.push_back(address);
      }
    };
    // Autocomplete neighbours count only with evidence that can single one out: a greeting or
    // the draft's text (cost: one index lookup per key).
    if (!x_stray.empty() || content_.usable) {
      for (const AddressRecord& record :
           history_.find_neighbours(neighbour_keys(x.address, x.names))) {
        neighbours.insert(record.address);
        add(record.address);
      }
    }
    if (!x_stray.empty()) {
      for (const std::string& key : x_stray) {
        for (const AddressRecord& record : history_.find_by_greeting(key)) add(record.address);
        if (!key.starts_with("o:")) {
          std::string name = name_key(key);
          if (!name.empty()) {
            for (const AddressRecord& record : history_.find_by_name_key(name)) {
              add(record.address);
            }
          }
        }
      }
    }
    if (!x_in_thread) {
      for (const std::string& member : thread_) add(member);
    }
    if (!quoted_.empty() && x.field == Field::kTo) add(quoted_);
    if (x.field == Field::kTo) {
      for (const std::string& participant : replied_to_) add(participant);
    }
    // How many of the others X, and a candidate, were sent together with (at least `at_least`
    // times): X from the draft's own pair counts (one query per draft), a candidate from the
    // others' usual partners (top_partners, read once per other).
    std::size_t x_together = 0;
    for (std::size_t i = 0; i < known_.size(); ++i) {
      if (i != index && known_[i].address != x.address && index < known_pairs_.size() &&
          known_pairs_[index][i] > 0) {
        ++x_together;
      }
    }
    // The others' usual partners are candidates only when X has never been with any of them
    // (otherwise co-recipients cannot speak against X, and nothing is read for it).
    if (x_together == 0) {
      for (const std::string& other : others) {
        for (const auto& [partner, count] : partners(other)) add(partner);
      }
    }
    if (candidates.empty()) return std::nullopt;

    auto together = [&](const std::string& y, std::int64_t at_least = 1) {
      std::size_t n = 0;
      for (const std::string& other : others) {
        for (const auto& [partner, count] : partners(other)) {
          if (partner == y && count >= at_least) ++n;
        }
      }
      return n;
    };

    std::optional<WrongRecipientFinding> best;
    double best_score = 0;
    for (std::size_t c = 0; c < candidates.size(); ++c) {
      const std::string& y = candidates[c];
      Evidence e;
      if (!x_stray.empty()) {
        // Y is greeted by a key that X is not, and by every key that greets X: Y explains the
        // whole greeting, X only part of it (or none).
        std::optional<AddressRecord> record = record_of(y);
        std::vector<std::string> names = record ? record->names : std::vector<std::string>{};
        bool covers_x = std::all_of(x_keys.begin(), x_keys.end(),
                                    [&](const std::string& key) { return greets(key, y, names); });
        for (const std::string& key : x_stray) {
          if (covers_x && greets(key, y, names) && comparable(x, key)) {
            e.greeting = Weights::kGreeting;
            break;
          }
        }
      }
      // A successor is not a slip: X first written to after Y was last (a colleague who took
      // over Y's work), so the group going with Y says nothing against X.
      // ... and X must have nothing else for it: a colleague added on purpose usually shares the
      // topic (a term of the draft in X's profile).
      // (In-memory counts first: the dates of the two records are read only when they matter.)
      if (!others.empty() && x_together == 0 && x_content < 0.05) {
        std::size_t y_together = together(y);
        if (y_together > 0 && 2 * y_together >= others.size() && !succeeds(x.address, y)) {
          e.co_recipients = Weights::kCoRecipients;
          if (together(y, 3) == others.size()) {
            e.co_recipients += Weights::kCoRecipientsAll;
          }
        }
      }
      if (!thread_.empty() && !x_in_thread && !forward_ && thread_.count(y) > 0) {
        e.thread = Weights::kThread;
      }
      if (x.field == Field::kTo &&
          ((!quoted_.empty() && y == quoted_) || replied_to_.count(y) > 0)) {
        e.thread += Weights::kQuotedSender;
      }
      if (content_.usable) e.content = content_points(content_of(y), x_content);
      if (neighbours.count(y) > 0) {
        e.neighbour = Weights::kNeighbour;
        // Between two contacts autocomplete offers together, the one the text fits better.
        const double y_content = content_.usable ? content_of(y) : 0;
        if (y_content >= 0.25 && y_content >= 3 * x_content + 0.1) {
          e.content = std::max(e.content, 2.0);
        }
      }
      // Evidence that X is right cancels the same kind of evidence for Y.
      double score = e.total();
      if (e.greeting + e.co_recipients + e.thread + e.content == 0) continue;
      if (score >= Weights::kFlag && score > best_score) {
        best_score = score;
        WrongRecipientFinding finding;
        finding.recipient = index;
        finding.similar_to = y;
        finding.reason = e.reason();
        if (finding.reason == "greeting") finding.name = first_stray_greeting(y);
        best = std::move(finding);
      }
    }
    return best;
  }

 private:
  // "Fw:", "FW:", "Fwd:", "転送:" first: a forward goes to someone new on purpose.
  static bool is_forward(std::string_view subject) {
    std::string lower = ascii_lower(std::string(subject.substr(0, 8)));
    std::string_view s = lower;
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    return s.starts_with("fw:") || s.starts_with("fwd:") || s.starts_with("fw ") ||
           s.starts_with("転送");
  }

  // Lower-case Latin words of a name; a comma is kept as a word of its own ("Doe, Jane").
  static std::vector<std::string> latin_words(std::string_view name) {
    std::vector<std::string> words;
    std::string word;
    auto flush = [&] {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    };
    for (char c : name) {
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
        word += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
      } else {
        flush();
        if (c == ',') words.emplace_back(",");
      }
    }
    flush();
    return words;
  }

  // The quoted sender as a known address: by its address, else by its name through the
  // autocomplete index (given name and surname: "Doe, Jane" / "Jane B Doe").
  void resolve(const QuotedSender& sender) {
    if (!sender.address.empty()) {
      CanonicalAddress canonical;
      if (canonicalize_addr_spec(sender.address, &canonical)) {
        quoted_address_ = canonical.address;
        if (history_.find_address(canonical.address)) {
          quoted_ = canonical.address;
        } else if (std::optional<AddressRecord> base =
                       history_.find_by_base(canonical.base_address)) {
          quoted_ = base->address;
        }
      }
    }
    // A name in another script (差出人: 鈴木 一郎): the display-name index, and the recipients'
    // names compared by the same key.
    quoted_name_key_ = name_key(sender.name);
    if (quoted_.empty() && !quoted_name_key_.empty() && latin_words(sender.name).empty()) {
      for (const AddressRecord& record : history_.find_by_name_key(quoted_name_key_)) {
        if (history_.is_self(record.address)) continue;
        quoted_ = record.address;  // the first of the index
        break;
      }
      return;
    }
    std::vector<std::string> words = latin_words(sender.name);
    std::vector<std::string> plain;
    for (const std::string& w : words) {
      if (w != "," && w.size() >= 2) plain.push_back(w);
    }
    std::string given;
    std::string surname;
    auto comma = std::find(words.begin(), words.end(), ",");
    if (comma != words.end() && comma != words.begin() && comma + 1 != words.end()) {
      surname = *(comma - 1);
      given = *(comma + 1);
    } else if (plain.size() >= 2) {
      given = plain.front();
      surname = plain.back();
    }
    if (surname.size() < 3 || given.empty()) return;
    surname_ = surname;
    if (!quoted_.empty()) return;
    std::vector<std::string> keys = {"g:" + given, "l:" + surname.substr(0, 3),
                                     "n:" + surname.substr(0, 3),
                                     "l:" + given.substr(0, 1) + surname.substr(0, 2)};
    if (given.size() >= 3) keys.push_back("l:" + given.substr(0, 3));
    for (const AddressRecord& record : history_.find_neighbours(keys)) {
      if (history_.is_self(record.address)) continue;
      std::string local = record.address.substr(0, record.address.rfind('@'));
      bool has_surname = local.find(surname) != std::string::npos;
      for (const std::string& name : record.names) {
        std::vector<std::string> name_words = latin_words(name);
        if (std::find(name_words.begin(), name_words.end(), surname) != name_words.end()) {
          has_surname = true;
        }
      }
      if (!has_surname || !local.starts_with(given.substr(0, 1))) continue;
      quoted_ = record.address;  // the most used first
      return;
    }
  }

  std::optional<AddressRecord> record_of(const std::string& address) {
    auto [it, inserted] = records_.try_emplace(address);
    if (inserted) it->second = history_.find_address(address);
    return it->second;
  }

  // X was first written to after Y was last written to.
  bool succeeds(const std::string& x, const std::string& y) {
    std::optional<AddressRecord> rx = record_of(x);
    std::optional<AddressRecord> ry = record_of(y);
    return rx && ry && rx->first_sent > ry->last_sent;
  }

  // Whether `address` (or one of its names) is the quoted sender.
  bool matches_quoted(const std::string& address, const std::vector<std::string>& names) const {
    if (address == quoted_ || (!quoted_address_.empty() && address == quoted_address_)) {
      return true;
    }
    if (!quoted_name_key_.empty()) {
      for (const std::string& name : names) {
        if (name_key(name) == quoted_name_key_) return true;
      }
    }
    if (surname_.empty()) return false;
    if (address.substr(0, address.rfind('@')).find(surname_) != std::string::npos) return true;
    for (const std::string& name : names) {
      std::vector<std::string> words = latin_words(name);
      if (std::find(words.begin(), words.end(), surname_) != words.end()) return true;
    }
    return false;
  }

  static std::string ascii_lower(std::string s) {
    for (char& c : s) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    }
    return s;
  }

  // The key greets `address`: the user greeted it so before, or it is its name.
  bool greets(const std::string& key, const std::string& address,
              const std::vector<std::string>& names) {
    for (const auto& [greeted, count] : greetings(address)) {
      if (greeted == key) return true;
    }
    return greeting_names_recipient(key, names, address);
  }

  // A greeting can tell X apart only when X is known by some name or greeting.
  bool comparable(const KnownDraftRecipient& x, const std::string& key) {
    if (!greetings(x.address).empty()) return true;
    if (key.starts_with("o:")) return true;
    for (const std::string& name : x.names) {
      if (!name.empty()) return true;
    }
    std::size_t at = x.address.rfind('@');
    std::string_view local = std::string_view(x.address).substr(0, at);
    return local.find_first_of("._-") != std::string_view::npos;
  }

  std::string first_stray_greeting(const std::string& y) {
    std::optional<AddressRecord> record = record_of(y);
    std::vector<std::string> names = record ? record->names : std::vector<std::string>{};
    for (const std::string& key : stray_keys_) {
      if (greets(key, y, names)) return key.starts_with("o:") ? key.substr(2) : key;
    }
    return stray_keys_.empty() ? std::string() : stray_keys_.front();
  }

  // Content alone flags only when nothing of the draft is in X's profile (40 % of the right
  // recipients share nothing with short drafts either: docs/quality.md).
  static double content_points(double y_similarity, double x_similarity) {
    if (x_similarity == 0 && y_similarity >= 0.5) return 3.0;
    if (x_similarity == 0 && y_similarity >= 0.3) return 1.0;
    return 0;
  }

  const std::vector<std::pair<std::string, std::int64_t>>& greetings(const std::string& address) {
    auto [it, inserted] = greetings_.try_emplace(address);
    if (inserted) it->second = history_.greetings_of(address);
    return it->second;
  }

  double content_of(const std::string& address) {
    auto [it, inserted] = similarity_.try_emplace(address, 0.0);
    if (inserted) {
      if (std::optional<TermProfile> profile = history_.term_profile(address)) {
        it->second = similarity(content_, *profile);
      }
    }
    return it->second;
  }

  const std::vector<std::pair<std::string, std::int64_t>>& partners(const std::string& address) {
    auto [it, inserted] = partners_.try_emplace(address);
    if (inserted) it->second = history_.top_partners(address);
    return it->second;
  }

  const Draft& draft_;
  const std::vector<KnownDraftRecipient>& known_;
  const HistoryReader& history_;
  std::set<std::string> in_draft_;
  std::vector<std::string> greeting_keys_;
  std::vector<std::string> stray_keys_;
  DraftContent content_;
  std::set<std::string> thread_;
  std::unordered_map<std::string, std::vector<std::pair<std::string, std::int64_t>>> greetings_;
  std::unordered_map<std::string, double> similarity_;
  std::unordered_map<std::string, std::vector<std::pair<std::string, std::int64_t>>> partners_;
  std::unordered_map<std::string, std::optional<AddressRecord>> records_;
  const std::vector<std::vector<std::int64_t>>& known_pairs_;  // pair counts of `known_`
  bool forward_ = false;         // the draft forwards a message (Fw:): to someone new on purpose
  std::string quoted_;           // the known address a reply answers, when no recipient is it
  std::string quoted_address_;   // the quoted sender's address as written (canonical)
  std::string surname_;          // the quoted sender's surname (Latin, lower case)
  std::string quoted_name_key_;  // name_key of the quoted sender's name
  std::set<std::string> replied_to_;  // known participants, when the reply goes to none of them
};

}  // namespace

std::vector<WrongRecipientFinding> find_wrong_recipients(
    const Draft& draft, const std::vector<KnownDraftRecipient>& known,
    const std::vector<std::vector<std::int64_t>>& pairs,
    const std::vector<std::string>& draft_addresses, const HistoryReader& history) {
  std::vector<WrongRecipientFinding> findings;
  std::set<std::string> distinct;
  for (const KnownDraftRecipient& recipient : known) distinct.insert(recipient.address);
  if (distinct.empty() || distinct.size() > kMaxWeighedRecipients) return findings;
  Weigher weigher(draft, known, pairs, draft_addresses, history);
  for (std::size_t i = 0; i < known.size(); ++i) {
    if (std::optional<WrongRecipientFinding> finding = weigher.weigh(i)) {
      findings.push_back(std::move(*finding));
    }
  }
  return findings;
}

}  // namespace sendcheck
