// bench/quality: how well the look-alike search catches one-edit typos of known recipients, and
// how often it raises a false alarm, on real Sent folders (issue 3, "Measured, not guessed").
//
// For each Enron sent mbox: the earliest 80 % of messages (by Date) become the history, the rest
// are drafts. Each draft is checked as it is (a lookalike flag there is a false alarm), and a copy
// with one known recipient replaced by a one-edit typo of it (insert, delete, substitute or swap
// neighbours, alternately in the domain label and in the local part; seeded, so every run is the
// same) is checked too (a lookalike flag on the altered recipient is a hit).
//
// Wrong recipient (issue 11): every later draft with a known recipient is checked untouched (a
// wrong-recipient or unusual-combination flag on any known recipient is a false alarm), then once
// per kind with its first known recipient replaced by another known address that was never sent
// together with the rest of the draft: (a) an autocomplete neighbour (neighbour_keys: same first
// letters of the local part or of a name word), (b) a contact with the same given name, (c) any
// known address (seeded). A wrong-recipient or unusual-combination flag on the replaced
// recipient is a hit. Recall is printed per kind and per draft size (1, 2, 3+ recipients).
//
// Usage: quality [--json] MBOX...   Prints one line per folder and one overall, then the
// wrong-recipient table.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mail/mail_reader.h"
#include "sendcheck/assessment.h"
#include "sendcheck/domain.h"
#include "sendcheck/recipient_features.h"
#include "sendcheck/similarity.h"
#include "store/history_store.h"

namespace sendcheck {
namespace {

struct Figures {
  std::int64_t drafts = 0;
  std::int64_t false_alarms = 0;
  std::int64_t altered = 0;
  std::int64_t hits = 0;
  std::int64_t hits_exact = 0;  // similarTo is the address that was mistyped
};

// Wrong-recipient figures: swaps per kind (neighbour, given name, any) and draft size (1, 2, 3+).
struct SwapFigures {
  std::int64_t drafts = 0;        // untouched drafts with a known recipient
  std::int64_t false_alarms = 0;  // ... where a known recipient got a flag
  std::int64_t swapped[3][3] = {};
  std::int64_t hits[3][3] = {};
  std::int64_t hits_exact[3][3] = {};  // similarTo is the address that was replaced
  void add(const SwapFigures& o) {
    drafts += o.drafts;
    false_alarms += o.false_alarms;
    for (int k = 0; k < 3; ++k) {
      for (int z = 0; z < 3; ++z) {
        swapped[k][z] += o.swapped[k][z];
        hits[k][z] += o.hits[k][z];
        hits_exact[k][z] += o.hits_exact[k][z];
      }
    }
  }
};
constexpr const char* kKinds[3] = {"neighbour", "given-name", "any-known"};
constexpr const char* kSizes[3] = {"1", "2", "3+"};

bool verbose() { return std::getenv("SENDCHECK_QUALITY_MISSES") != nullptr; }

std::string typo(const std::string& word, std::mt19937& rng) {
  static const std::string kLetters = "abcdefghijklmnopqrstuvwxyz";
  std::uniform_int_distribution<int> kind_of(0, 3);
  std::uniform_int_distribution<size_t> letter(0, kLetters.size() - 1);
  for (int attempt = 0; attempt < 20; ++attempt) {
    std::string out = word;
    int kind = kind_of(rng);
    std::uniform_int_distribution<size_t> at(0, word.size() - 1);
    size_t i = at(rng);
    switch (kind) {
      case 0:  // insert
        out.insert(out.begin() + static_cast<std::ptrdiff_t>(i), kLetters[letter(rng)]);
        break;
      case 1:  // delete
        if (word.size() < 2) continue;
        out.erase(i, 1);
        break;
      case 2:  // substitute
        out[i] = kLetters[letter(rng)];
        break;
      case 3:  // swap neighbours
        if (i + 1 >= word.size() || word[i] == word[i + 1]) continue;
        std::swap(out[i], out[i + 1]);
        break;
    }
    if (out != word && !out.empty() && out.front() != '.' && out.back() != '.' &&
        out.front() != '-' && out.back() != '-') {
      return out;
    }
  }
  return {};
}

// A one-edit typo of a known canonical address that is itself unknown and valid, or "".
std::string mistype(const CanonicalAddress& address, bool in_domain, const HistoryReader& history,
                    std::mt19937& rng) {
  for (int attempt = 0; attempt < 10; ++attempt) {
    std::string candidate;
    if (in_domain) {
      std::string label = domain_label(address.registrable);
      if (label.empty()) return {};
      std::string prefix =
          address.domain.substr(0, address.domain.size() - address.registrable.size());
      std::string suffix = address.registrable.substr(label.size());
      std::string new_label = typo(label, rng);
      if (new_label.empty()) continue;
      candidate = address.local_part + "@" + prefix + new_label + suffix;
    } else {
      std::string new_local = typo(address.local_part, rng);
      if (new_local.empty()) continue;
      candidate = new_local + "@" + address.domain;
    }
    size_t at = candidate.rfind('@');
    std::optional<std::string> domain = canonical_domain(candidate.substr(at + 1));
    if (!domain) continue;
    std::string canonical = candidate.substr(0, at) + "@" + *domain;
    if (history.find_address(canonical) || history.find_by_base(canonical)) continue;
    if (in_domain && history.find_domain(registrable_domain(*domain))) continue;
    return canonical;
  }
  return {};
}

bool flagged(const Payload& payload, const std::string& address, std::string* similar_to) {
  for (const DomainGroup& group : payload.groups) {
    for (const RecipientResult& r : group.recipients) {
      if (!address.empty() && r.address != address) continue;
      for (const Flag& flag : r.flags) {
        if (flag.code == "lookalike") {
          if (similar_to) *similar_to = flag.similar_to;
          return true;
        }
      }
    }
  }
  return false;
}

// The wrong-recipient or unusual-combination flag of `address` ("" = any recipient).
const Flag* swap_flag(const Payload& payload, const std::string& address) {
  for (const DomainGroup& group : payload.groups) {
    for (const RecipientResult& r : group.recipients) {
      if (!address.empty() && r.address != address) continue;
      for (const Flag& flag : r.flags) {
        if (flag.code == "wrong-recipient" || flag.code == "unusual-combination") return &flag;
      }
    }
  }
  return nullptr;
}

Draft draft_of(const SentMessage& message) {
  Draft draft;
  draft.from = message.from;
  draft.recipients = message.recipients;
  draft.subject = message.subject;
  draft.body = message.body;
  draft.in_reply_to = message.in_reply_to;
  draft.references = message.references;
  return draft;
}

// A replacement for `known` (canonical) of one kind that is known, not in the draft, and was
// never sent together with any other recipient of it; "" when there is none.
std::string replacement(int kind, const CanonicalAddress& known, const Draft& draft,
                        const HistoryStore& store, const std::vector<std::string>& all_known,
                        std::mt19937& rng) {
  std::vector<std::string> in_draft;
  for (const DraftRecipient& r : draft.recipients) {
    CanonicalAddress c;
    if (canonicalize(r.mailbox, &c)) in_draft.push_back(c.address);
  }
  auto usable = [&](const std::string& address) {
    if (std::find(in_draft.begin(), in_draft.end(), address) != in_draft.end()) return false;
    if (store.is_self(address)) return false;
    for (const std::string& other : in_draft) {
      if (other != known.address && store.pair_count(address, other) > 0) return false;
    }
    return true;
  };
  std::vector<std::string> candidates;
  if (kind == 2) {
    for (int attempt = 0; attempt < 50 && candidates.empty(); ++attempt) {
      std::uniform_int_distribution<std::size_t> pick(0, all_known.size() - 1);
      const std::string& address = all_known[pick(rng)];
      if (usable(address)) candidates.push_back(address);
    }
  } else {
    std::optional<AddressRecord> record = store.find_address(known.address);
    std::vector<std::string> names = record ? record->names : std::vector<std::string>{};
    std::vector<std::string> keys;
    for (const std::string& key : neighbour_keys(known.address, names)) {
      bool given = key.starts_with("g:");
      if ((kind == 1) == given) keys.push_back(key);
    }
    if (keys.empty()) return {};
    for (const AddressRecord& r : store.find_neighbours(keys)) {
      if (r.address != known.address && usable(r.address)) candidates.push_back(r.address);
    }
  }
  if (candidates.empty()) return {};
  std::uniform_int_distribution<std::size_t> pick(0, candidates.size() - 1);
  return candidates[pick(rng)];
}

void measure_swaps(const std::vector<SentMessage>& messages, size_t split,
                   const HistoryStore& store, SwapFigures* figures) {
  std::vector<std::string> all_known;
  {
    std::set<std::string> seen;
    for (size_t i = 0; i < split; ++i) {
      for (const DraftRecipient& r : messages[i].recipients) {
        CanonicalAddress c;
        if (canonicalize(r.mailbox, &c) && store.find_address(c.address) &&
            seen.insert(c.address).second) {
          all_known.push_back(c.address);
        }
      }
    }
  }
  if (all_known.empty()) return;
  std::mt19937 rng(20261203);
  Settings settings;
  for (size_t i = split; i < messages.size(); ++i) {
    Draft draft = draft_of(messages[i]);
    // The first known recipient (in the history, not the user) is the one replaced.
    size_t position = draft.recipients.size();
    CanonicalAddress known;
    for (size_t r = 0; r < draft.recipients.size(); ++r) {
      if (!canonicalize(draft.recipients[r].mailbox, &known)) continue;
      if (store.find_address(known.address) && !store.is_self(known.address)) {
        position = r;
        break;
      }
    }
    if (position == draft.recipients.size()) continue;
    Payload payload = assess(draft, settings, store, AssessOptions{});
    ++figures->drafts;
    if (const Flag* flag = swap_flag(payload, "")) {
      ++figures->false_alarms;
      if (verbose()) {
        std::string flagged;
        for (const DomainGroup& group : payload.groups) {
          for (const RecipientResult& r : group.recipients) {
            for (const Flag& f : r.flags) {
              if (&f == flag) flagged = r.address;
            }
          }
        }
        std::cerr << "wrong-recipient false alarm: " << flag->code << " " << flag->reason << " "
                  << flagged << " ~ " << flag->similar_to << " | " << draft.subject << "\n";
      }
    }
    const int size = std::min<int>(static_cast<int>(draft.recipients.size()), 3) - 1;
    for (int kind = 0; kind < 3; ++kind) {
      std::string wrong = replacement(kind, known, draft, store, all_known, rng);
      if (wrong.empty()) continue;
      Draft altered = draft;
      Mailbox& mailbox = altered.recipients[position].mailbox;
      std::optional<AddressRecord> record = store.find_address(wrong);
      mailbox.address = wrong;
      size_t at = wrong.rfind('@');
      mailbox.local_part = wrong.substr(0, at);
      mailbox.domain = wrong.substr(at + 1);
      // Autocomplete fills in the contact's name as the address book has it.
      mailbox.display_name = record && !record->names.empty() ? record->names.front() : "";
      Payload altered_payload = assess(altered, settings, store, AssessOptions{});
      ++figures->swapped[kind][size];
      if (const Flag* flag = swap_flag(altered_payload, wrong)) {
        ++figures->hits[kind][size];
        if (flag->similar_to == known.address) ++figures->hits_exact[kind][size];
      } else if (verbose()) {
        std::cerr << "wrong-recipient miss (" << kKinds[kind] << ", " << kSizes[size]
                  << "): " << known.address << " -> " << wrong << " | " << draft.subject << "\n";
      }
    }
  }
}

Figures measure(const std::string& mbox, const std::filesystem::path& work, SwapFigures* swaps) {
  std::vector<SentMessage> messages;
  {
    std::unique_ptr<MailReader> reader = MailReader::open(mbox);
    SentMessage message;
    std::string skip;
    while (reader->next(&message, &skip)) {
      if (skip.empty() && !message.recipients.empty()) messages.push_back(message);
    }
  }
  std::stable_sort(messages.begin(), messages.end(),
                   [](const SentMessage& a, const SentMessage& b) { return a.date < b.date; });
  const size_t split = messages.size() * 8 / 10;

  std::filesystem::path db = work / (std::filesystem::path(mbox).stem().string() + ".sqlite3");
  std::filesystem::remove(db);
  std::unique_ptr<HistoryStore> store = HistoryStore::open(db.string());
  std::map<std::string, int> senders;
  store->begin_batch();
  for (size_t i = 0; i < split; ++i) {
    store->add_sent(messages[i]);
    for (const Mailbox& from : messages[i].from) {
      CanonicalAddress c;
      if (canonicalize(from, &c)) ++senders[c.address];
    }
  }
  store->commit();
  std::vector<std::string> self;
  for (const auto& [address, count] : senders) {
    if (count * 20 >= static_cast<int>(split)) self.push_back(address);
  }
  store->add_self(self);

  measure_swaps(messages, split, *store, swaps);

  Figures figures;
  std::mt19937 rng(20261130);
  Settings settings;
  for (size_t i = split; i < messages.size(); ++i) {
    const SentMessage& message = messages[i];
    Draft draft = draft_of(message);
    Payload payload = assess(draft, settings, *store, AssessOptions{});
    ++figures.drafts;
    if (flagged(payload, "", nullptr)) {
      ++figures.false_alarms;
      if (std::getenv("SENDCHECK_QUALITY_MISSES") != nullptr) {
        for (const DomainGroup& group : payload.groups) {
          for (const RecipientResult& r : group.recipients) {
            for (const Flag& flag : r.flags) {
              if (flag.code == "lookalike") {
                std::cerr << "false alarm: " << r.address << " ~ " << flag.similar_to << " ("
                          << flag.reason << ")\n";
              }
            }
          }
        }
      }
    }

    // The first known recipient (in the history, not the user) gets the typo.
    for (size_t r = 0; r < draft.recipients.size(); ++r) {
      CanonicalAddress known;
      if (!canonicalize(draft.recipients[r].mailbox, &known)) continue;
      if (!store->find_address(known.address) || store->is_self(known.address)) continue;
      std::string wrong = mistype(known, (figures.altered % 2) == 1, *store, rng);
      if (wrong.empty()) continue;
      Draft altered = draft;
      Mailbox& mailbox = altered.recipients[r].mailbox;
      mailbox.address = wrong;
      size_t at = wrong.rfind('@');
      mailbox.local_part = wrong.substr(0, at);
      mailbox.domain = wrong.substr(at + 1);
      mailbox.display_name.clear();  // a typed address has no name from the address book
      Payload altered_payload = assess(altered, settings, *store, AssessOptions{});
      ++figures.altered;
      std::string similar_to;
      if (flagged(altered_payload, wrong, &similar_to)) {
        ++figures.hits;
        if (similar_to == known.address) ++figures.hits_exact;
      } else if (std::getenv("SENDCHECK_QUALITY_MISSES") != nullptr) {
        std::cerr << "miss: " << known.address << " -> " << wrong << "\n";
      }
      break;
    }
  }
  return figures;
}

void print(const std::string& name, const Figures& f, bool json_output) {
  double recall = f.altered ? 100.0 * f.hits / f.altered : 0;
  double exact = f.altered ? 100.0 * f.hits_exact / f.altered : 0;
  double false_alarms = f.drafts ? 100.0 * f.false_alarms / f.drafts : 0;
  if (json_output) {
    std::cout << nlohmann::json{{"folder", name},       {"drafts", f.drafts},
                                {"altered", f.altered}, {"recall", recall},
                                {"recallExact", exact}, {"falseAlarmRate", false_alarms}}
                     .dump()
              << "\n";
    return;
  }
  std::printf(
      "%-22s drafts %5lld  altered %5lld  recall %6.2f %% (goal >= 95)  "
      "similarTo exact %6.2f %%  false alarms %5.2f %% (goal <= 3)\n",
      name.c_str(), static_cast<long long>(f.drafts), static_cast<long long>(f.altered), recall,
      exact, false_alarms);
}

double percent(std::int64_t a, std::int64_t b) { return b ? 100.0 * a / b : 0; }

// Prints the wrong-recipient table; returns whether every goal is met.
bool print_swaps(const std::string& name, const SwapFigures& f, bool table, bool json_output) {
  std::int64_t swapped = 0;
  std::int64_t hits = 0;
  std::int64_t exact = 0;
  bool cells_met = true;
  for (int k = 0; k < 3; ++k) {
    for (int z = 0; z < 3; ++z) {
      swapped += f.swapped[k][z];
      hits += f.hits[k][z];
      exact += f.hits_exact[k][z];
      if (f.swapped[k][z] > 0 && percent(f.hits[k][z], f.swapped[k][z]) < 50.0) cells_met = false;
    }
  }
  const double recall = percent(hits, swapped);
  const double false_alarms = percent(f.false_alarms, f.drafts);
  const bool met = recall >= 85.0 && false_alarms <= 2.0 && cells_met;
  if (json_output) {
    nlohmann::json cells = nlohmann::json::array();
    for (int k = 0; k < 3; ++k) {
      for (int z = 0; z < 3; ++z) {
        cells.push_back({{"kind", kKinds[k]},
                         {"size", kSizes[z]},
                         {"swapped", f.swapped[k][z]},
                         {"recall", percent(f.hits[k][z], f.swapped[k][z])}});
      }
    }
    std::cout << nlohmann::json{{"folder", name},
                                {"check", "wrong-recipient"},
                                {"drafts", f.drafts},
                                {"swapped", swapped},
                                {"recall", recall},
                                {"similarToExact", percent(exact, hits)},
                                {"falseAlarmRate", false_alarms},
                                {"cells", cells}}
                     .dump()
              << "\n";
    return met;
  }
  std::printf(
      "%-22s drafts %5lld  swapped %5lld  recall %6.2f %% (goal >= 85)  similarTo exact %6.2f %%"
      "  false alarms %5.2f %% (goal <= 2)\n",
      name.c_str(), static_cast<long long>(f.drafts), static_cast<long long>(swapped), recall,
      percent(exact, hits), false_alarms);
  if (table) {
    std::printf("  recall by kind x recipients (goal >= 50 %% each):\n  %-12s", "");
    for (const char* size : kSizes) std::printf("%16s", size);
    std::printf("\n");
    for (int k = 0; k < 3; ++k) {
      std::printf("  %-12s", kKinds[k]);
      for (int z = 0; z < 3; ++z) {
        std::printf("  %6.2f %% (%4lld)", percent(f.hits[k][z], f.swapped[k][z]),
                    static_cast<long long>(f.swapped[k][z]));
      }
      std::printf("\n");
    }
    std::printf("  wrong-recipient goal: %s\n", met ? "met" : "missed");
  }
  return met;
}

}  // namespace
}  // namespace sendcheck

int main(int argc, char** argv) {
  using namespace sendcheck;
  bool json_output = false;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--json") {
      json_output = true;
    } else {
      files.push_back(arg);
    }
  }
  if (files.empty()) {
    std::cerr << "usage: quality [--json] MBOX...\n";
    return 2;
  }
  std::filesystem::path work = std::filesystem::temp_directory_path() / "sendcheck-quality";
  std::filesystem::create_directories(work);
  Figures total;
  SwapFigures swap_total;
  std::vector<std::pair<std::string, SwapFigures>> swap_folders;
  for (const std::string& file : files) {
    SwapFigures swaps;
    Figures f = measure(file, work, &swaps);
    swap_total.add(swaps);
    swap_folders.emplace_back(std::filesystem::path(file).stem().string(), swaps);
    print(std::filesystem::path(file).stem().string(), f, json_output);
    total.drafts += f.drafts;
    total.false_alarms += f.false_alarms;
    total.altered += f.altered;
    total.hits += f.hits;
    total.hits_exact += f.hits_exact;
  }
  print("overall", total, json_output);
  if (!json_output) std::printf("\nwrong recipient (a known contact swapped for another):\n");
  for (const auto& [name, swaps] : swap_folders) print_swaps(name, swaps, false, json_output);
  const bool swaps_met = print_swaps("overall", swap_total, true, json_output);
  std::filesystem::remove_all(work);
  double recall = total.altered ? 100.0 * total.hits / total.altered : 0;
  double false_alarms = total.drafts ? 100.0 * total.false_alarms / total.drafts : 0;
  return recall >= 95.0 && false_alarms <= 3.0 && swaps_met ? 0 : 1;
}
