// bench/quality: how well the look-alike search catches one-edit typos of known recipients, and
// how often it raises a false alarm, on real Sent folders (issue 3, "Measured, not guessed").
//
// For each Enron sent mbox: the earliest 80 % of messages (by Date) become the history, the rest
// are drafts. Each draft is checked as it is (a lookalike flag there is a false alarm), and a copy
// with one known recipient replaced by a one-edit typo of it (insert, delete, substitute or swap
// neighbours, alternately in the domain label and in the local part; seeded, so every run is the
// same) is checked too (a lookalike flag on the altered recipient is a hit).
//
// Usage: quality [--json] MBOX...   Prints one line per folder and one overall.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sendcheck/assessment.h"
#include "sendcheck/domain.h"
#include "sendcheck/history.h"
#include "sendcheck/mail.h"
#include "sendcheck/similarity.h"

namespace sendcheck {
namespace {

struct Figures {
  std::int64_t drafts = 0;
  std::int64_t false_alarms = 0;
  std::int64_t altered = 0;
  std::int64_t hits = 0;
  std::int64_t hits_exact = 0;  // similarTo is the address that was mistyped
};

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

Figures measure(const std::string& mbox, const std::filesystem::path& work) {
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

  Figures figures;
  std::mt19937 rng(20261130);
  Settings settings;
  for (size_t i = split; i < messages.size(); ++i) {
    const SentMessage& message = messages[i];
    Draft draft;
    draft.from = message.from;
    draft.recipients = message.recipients;
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
  for (const std::string& file : files) {
    Figures f = measure(file, work);
    print(std::filesystem::path(file).stem().string(), f, json_output);
    total.drafts += f.drafts;
    total.false_alarms += f.false_alarms;
    total.altered += f.altered;
    total.hits += f.hits;
    total.hits_exact += f.hits_exact;
  }
  print("overall", total, json_output);
  std::filesystem::remove_all(work);
  double recall = total.altered ? 100.0 * total.hits / total.altered : 0;
  double false_alarms = total.drafts ? 100.0 * total.false_alarms / total.drafts : 0;
  return recall >= 95.0 && false_alarms <= 3.0 ? 0 : 1;
}
