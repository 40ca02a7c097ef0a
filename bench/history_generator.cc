#include "history_generator.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>

namespace sendcheck::bench {
namespace {

struct Name {
  const char* romaji;
  const char* kanji;
};

constexpr std::array kFamily = {
    Name{"sato", "佐藤"},     Name{"suzuki", "鈴木"},    Name{"takahashi", "高橋"},
    Name{"tanaka", "田中"},   Name{"ito", "伊藤"},       Name{"watanabe", "渡辺"},
    Name{"yamamoto", "山本"}, Name{"nakamura", "中村"},  Name{"kobayashi", "小林"},
    Name{"kato", "加藤"},     Name{"yoshida", "吉田"},   Name{"yamada", "山田"},
    Name{"sasaki", "佐々木"}, Name{"yamaguchi", "山口"}, Name{"matsumoto", "松本"},
    Name{"inoue", "井上"},    Name{"kimura", "木村"},    Name{"hayashi", "林"},
    Name{"shimizu", "清水"},  Name{"yamazaki", "山崎"},  Name{"mori", "森"},
    Name{"abe", "阿部"},      Name{"ikeda", "池田"},     Name{"hashimoto", "橋本"},
    Name{"smith", nullptr},   Name{"johnson", nullptr},  Name{"williams", nullptr},
    Name{"brown", nullptr},   Name{"jones", nullptr},    Name{"miller", nullptr},
    Name{"davis", nullptr},   Name{"garcia", nullptr},   Name{"wilson", nullptr},
    Name{"taylor", nullptr},  Name{"anderson", nullptr}, Name{"thomas", nullptr},
};

constexpr std::array kGiven = {
    Name{"taro", "太郎"},    Name{"hanako", "花子"}, Name{"ichiro", "一郎"},
    Name{"jiro", "次郎"},    Name{"yuki", "由紀"},   Name{"kenji", "健二"},
    Name{"akiko", "明子"},   Name{"hiroshi", "博"},  Name{"naoko", "直子"},
    Name{"takeshi", "武"},   Name{"emi", "恵美"},    Name{"makoto", "誠"},
    Name{"yoko", "洋子"},    Name{"satoshi", "聡"},  Name{"mika", "美香"},
    Name{"daisuke", "大輔"}, Name{"john", nullptr},  Name{"mary", nullptr},
    Name{"james", nullptr},  Name{"linda", nullptr}, Name{"robert", nullptr},
    Name{"susan", nullptr},  Name{"david", nullptr}, Name{"karen", nullptr},
};

constexpr std::array kWords = {"sakura", "fuji",   "nippon", "tokyo",    "kansai", "global",
                               "tech",   "trade",  "logi",   "medic",    "soft",   "net",
                               "shoji",  "kogyo",  "denki",  "kensetsu", "bank",   "partner",
                               "system", "create", "green",  "star",     "ocean",  "mirai"};
constexpr std::array kSuffixes = {"co.jp", "co.jp", "co.jp", "jp", "ne.jp", "or.jp", "com", "com"};

std::uint64_t mix(std::uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

// Organisation of contact i: Zipf-like (a few large, a long tail of small ones).
std::size_t organisation_of(std::size_t i, std::uint32_t seed) {
  double u = static_cast<double>(mix(i * 2 + seed) % 1000000) / 1000000.0;
  // Inverse of a power law: about one organisation per 20 contacts over the population.
  return static_cast<std::size_t>(std::pow(static_cast<double>(i + 1), 0.95) * u * u) + 1;
}

std::string organisation_domain(std::size_t org, std::uint32_t seed) {
  std::uint64_t h = mix(org * 7919 + seed);
  std::string label =
      std::string(kWords[h % kWords.size()]) + std::string(kWords[(h >> 8) % kWords.size()]);
  if (org >= kWords.size() * kWords.size()) label += std::to_string(org);
  return label + "." + kSuffixes[(h >> 16) % kSuffixes.size()];
}

}  // namespace

HistoryGenerator::HistoryGenerator(std::uint32_t seed) : seed_(seed) {}

GeneratedContact HistoryGenerator::contact(std::size_t i) const {
  std::uint64_t h = mix(i + (static_cast<std::uint64_t>(seed_) << 32));
  const Name& family = kFamily[h % kFamily.size()];
  const Name& given = kGiven[(h >> 8) % kGiven.size()];
  std::string local;
  switch ((h >> 16) % 4) {
    case 0:
      local = std::string(given.romaji) + "." + family.romaji;
      break;
    case 1:
      local = std::string(1, given.romaji[0]) + "." + family.romaji;
      break;
    case 2:
      local = std::string(family.romaji) + "-" + given.romaji[0];
      break;
    default:
      local = std::string(family.romaji) + given.romaji;
      break;
  }
  // As in real directories, a few people carry a number ("taro.sato2"); two contacts with the
  // same name at one organisation are the same address, as they would be.
  if ((h >> 28) % 10 == 0) local += std::to_string(2 + (h >> 32) % 8);
  GeneratedContact contact;
  contact.address = local + "@" + organisation_domain(organisation_of(i, seed_), seed_);
  if (family.kanji != nullptr && given.kanji != nullptr && ((h >> 24) % 3) != 0) {
    contact.display_name = std::string(family.kanji) + " " + given.kanji;
  } else {
    std::string g = given.romaji;
    std::string f = family.romaji;
    g[0] = static_cast<char>(g[0] - 32);
    f[0] = static_cast<char>(f[0] - 32);
    contact.display_name = g + " " + f;
  }
  return contact;
}

std::size_t HistoryGenerator::fill(HistoryStore* store, std::size_t addresses) {
  std::mt19937 rng(seed_);
  std::size_t messages = 0;
  std::size_t next = 0;
  store->begin_batch();
  while (next < addresses) {
    SentMessage message;
    message.message_id = "gen-" + std::to_string(seed_) + "-" + std::to_string(messages);
    message.date = 1600000000 + static_cast<std::int64_t>(messages) * 60;
    Mailbox from;
    from.address = "me@mycompany.co.jp";
    from.local_part = "me";
    from.domain = "mycompany.co.jp";
    message.from.push_back(from);
    std::size_t count = 1 + rng() % 6;
    for (std::size_t k = 0; k < count && next < addresses; ++k) {
      // Mostly new contacts, sometimes one already written to (long-tailed re-use).
      std::size_t index = (k > 0 && rng() % 3 == 0 && next > 0) ? rng() % next : next++;
      GeneratedContact c = contact(index);
      Mailbox mailbox;
      mailbox.display_name = c.display_name;
      mailbox.address = c.address;
      size_t at = c.address.rfind('@');
      mailbox.local_part = c.address.substr(0, at);
      mailbox.domain = c.address.substr(at + 1);
      message.recipients.push_back({k == 0 ? Field::kTo : Field::kCc, mailbox});
    }
    store->add_sent(message);
    if (++messages % 5000 == 0) {
      store->commit();
      store->begin_batch();
    }
  }
  store->commit();
  return messages;
}

std::string cached_history(const std::string& dir, std::size_t addresses) {
  std::filesystem::create_directories(dir);
  std::string stem = "history-" + std::to_string(addresses);
  std::filesystem::path db = std::filesystem::path(dir) / (stem + ".sqlite3");
  std::filesystem::path done = std::filesystem::path(dir) / (stem + ".ready");
  if (std::filesystem::exists(done)) return db.string();
  // An unfinished file (an interrupted generation) is completed, not thrown away: fill() writes
  // the same messages in the same order, and the ones already there are skipped by Message-ID.
  std::cerr << (std::filesystem::exists(db) ? "completing" : "generating") << " a history of "
            << addresses << " addresses in " << db << " ...\n";
  auto start = std::chrono::steady_clock::now();
  std::size_t messages = 0;
  {
    std::unique_ptr<HistoryStore> store = HistoryStore::open(db.string());
    HistoryGenerator generator;
    messages = generator.fill(store.get(), addresses);
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cerr << "  " << messages << " messages in " << seconds << " s\n";
  std::ofstream(done) << messages << "\n";
  return db.string();
}

}  // namespace sendcheck::bench
