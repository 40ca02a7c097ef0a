// bench/lookalike_scaling: the per-recipient cost of the look-alike search must not grow with
// the history (issue 3). Generates histories of 10 000, 100 000 and 1 000 000 addresses (cached
// in DATA_DIR), then times assess() on a draft of 50 one-edit typos of known addresses, which is
// the worst case (every recipient is unknown and searched). Medians of repeated runs.
//
// Usage: lookalike_scaling [--sizes 10000,100000,1000000] [--runs N] DATA_DIR
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "history_generator.h"
#include "sendcheck/assessment.h"
#include "store/history_store.h"

namespace sendcheck::bench {
namespace {

constexpr int kRecipients = 50;

std::string history_for(const std::filesystem::path& dir, std::size_t size) {
  return cached_history(dir.string(), size);
}

// A one-edit typo of a known local part: two neighbouring letters swapped.
Draft typo_draft(std::size_t size) {
  HistoryGenerator generator;
  Draft draft;
  Mailbox from;
  from.address = "me@mycompany.co.jp";
  from.local_part = "me";
  from.domain = "mycompany.co.jp";
  draft.from.push_back(from);
  for (int i = 0; i < kRecipients; ++i) {
    GeneratedContact known = generator.contact((size / kRecipients) * i + 7);
    std::string address = known.address;
    std::swap(address[1], address[2]);
    Mailbox mailbox;
    mailbox.address = address;
    size_t at = address.rfind('@');
    mailbox.local_part = address.substr(0, at);
    mailbox.domain = address.substr(at + 1);
    draft.recipients.push_back({Field::kTo, mailbox});
  }
  return draft;
}

}  // namespace
}  // namespace sendcheck::bench

int main(int argc, char** argv) {
  using namespace sendcheck;
  using namespace sendcheck::bench;
  std::vector<std::size_t> sizes = {10000, 100000, 1000000};
  int runs = 15;
  std::string data_dir;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--sizes" && i + 1 < argc) {
      sizes.clear();
      std::stringstream list(argv[++i]);
      std::string item;
      while (std::getline(list, item, ',')) sizes.push_back(std::stoull(item));
    } else if (arg == "--runs" && i + 1 < argc) {
      runs = std::stoi(argv[++i]);
    } else {
      data_dir = arg;
    }
  }
  if (data_dir.empty()) {
    std::cerr << "usage: lookalike_scaling [--sizes A,B,C] [--runs N] DATA_DIR\n";
    return 2;
  }
  std::vector<double> per_recipient;
  for (std::size_t size : sizes) {
    std::string db = history_for(data_dir, size);
    std::unique_ptr<HistoryStore> store = HistoryStore::open_read_only(db);
    Draft draft = typo_draft(size);
    std::vector<double> times;
    int flagged = 0;
    for (int run = 0; run <= runs; ++run) {
      auto start = std::chrono::steady_clock::now();
      Payload payload = assess(draft, Settings{}, *store, AssessOptions{});
      double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (run == 0) {  // warm-up run: counts the flags, not timed
        for (const DomainGroup& g : payload.groups) {
          for (const RecipientResult& r : g.recipients) {
            for (const Flag& f : r.flags) flagged += f.code == "lookalike";
          }
        }
        continue;
      }
      times.push_back(seconds);
    }
    std::sort(times.begin(), times.end());
    double median_us = times[times.size() / 2] * 1e6 / kRecipients;
    per_recipient.push_back(median_us);
    std::printf(
        "lookalike search per recipient, %zu-address history: %.1f us (median of %d; "
        "%d/%d typos flagged)\n",
        size, median_us, runs, flagged, kRecipients);
  }
  if (per_recipient.size() >= 2) {
    double ratio = per_recipient.back() / per_recipient.front();
    std::printf("ratio %zu / %zu addresses: %.2f (goal: flat, <= 1.5)\n", sizes.back(),
                sizes.front(), ratio);
    return ratio <= 1.5 ? 0 : 1;
  }
  return 0;
}
