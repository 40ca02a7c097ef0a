// A generator of realistic sending histories for benchmarks: Japanese and English names, a
// long-tailed (Zipf) distribution of organisations over .co.jp, .jp, .ne.jp, .or.jp and .com,
// several people per organisation, messages of 1-6 recipients. Deterministic for a given seed.
#ifndef SENDCHECK_BENCH_HISTORY_GENERATOR_H_
#define SENDCHECK_BENCH_HISTORY_GENERATOR_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "store/history_store.h"

namespace sendcheck::bench {

struct GeneratedContact {
  std::string address;       // canonical
  std::string display_name;  // "山田 太郎" or "Taro Yamada"
};

class HistoryGenerator {
 public:
  explicit HistoryGenerator(std::uint32_t seed = 1);
  // The i-th contact of the population (the same for the same seed and i).
  GeneratedContact contact(std::size_t i) const;
  // Writes messages to `store` until it knows `addresses` distinct addresses (contacts 0..n-1).
  // Returns the number of messages written.
  std::size_t fill(HistoryStore* store, std::size_t addresses);

 private:
  std::uint32_t seed_;
};

// The cached history of `addresses` addresses (seed 1) in `dir`: `history-<addresses>.sqlite3`,
// generated once (a `.ready` marker says it is complete; an unfinished file is completed).
// Returns its path. Progress goes to stderr. Throws Error "history.*" from the store.
std::string cached_history(const std::string& dir, std::size_t addresses);

}  // namespace sendcheck::bench

#endif  // SENDCHECK_BENCH_HISTORY_GENERATOR_H_
