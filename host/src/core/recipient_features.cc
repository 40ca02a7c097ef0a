// What the history learns per recipient beyond the address (sendcheck/recipient_features.h).
#include "sendcheck/recipient_features.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <unordered_set>

#include "core/body/own_text.h"
#include "core/body/salutation.h"
#include "core/body/salutation_mismatch.h"
#include "core/text.h"
#include "sendcheck/domain.h"
#include "sendcheck/similarity.h"

namespace sendcheck {
namespace {

constexpr std::size_t kMaxGreetingKeys = 8;
constexpr std::size_t kMaxPersonKey = 24;        // code points
constexpr std::size_t kMaxOrganisationKey = 40;  // code points, without "o:"

constexpr std::size_t kMaxTerms = 2000;
constexpr std::size_t kMaxNeighbourKeys = 8;

std::uint32_t fnv1a32(std::string_view prefix, std::string_view a, std::string_view b = {}) {
  std::uint32_t h = 2166136261u;
  auto mix = [&h](std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 16777619u;
    }
  };
  mix(prefix);
  mix(a);
  if (!b.empty()) {
    mix(" ");
    mix(b);
  }
  return h;
}

std::int64_t fnv1a64(std::string_view prefix, std::string_view s) {
  std::uint64_t h = 14695981039346656037ull;
  for (std::string_view part : {prefix, s}) {
    for (unsigned char c : part) {
      h ^= c;
      h *= 1099511628211ull;
    }
  }
  if (h == 0) h = 1;
  return static_cast<std::int64_t>(h);
}

// Function words that say nothing about what a message is about (English; Japanese particles and
// auxiliaries are left out by is_japanese_function_word).
bool is_stop_word(std::string_view w) {
  static constexpr std::string_view kStop[] = {
      "the",     "and",     "for",   "you",   "your",   "with",  "that",   "this",    "have",
      "has",     "had",     "are",   "was",   "were",   "will",  "would",  "can",     "could",
      "should",  "shall",   "may",   "might", "not",    "but",   "from",   "they",    "them",
      "their",   "there",   "what",  "when",  "where",  "which", "who",    "whom",    "why",
      "how",     "all",     "any",   "some",  "our",    "out",   "about",  "into",    "also",
      "just",    "been",    "being", "its",   "it's",   "his",   "her",    "she",     "him",
      "himself", "herself", "more",  "most",  "other",  "than",  "then",   "too",     "very",
      "only",    "own",     "same",  "such",  "here",   "over",  "under",  "again",   "once",
      "these",   "those",   "let",   "know",  "thanks", "thank", "please", "regards", "best",
      "dear",    "hi",      "hello", "get",   "got",    "one",   "two",    "need",    "like",
      "did",     "does",    "doing", "don't", "i'm",    "i'll",  "we'll",  "we're",   "i've",
      "there's", "it",      "is",    "in",    "of",     "to",    "a",      "an",      "on",
      "at",      "by",      "or",    "as",    "be",     "if",    "so",     "no",      "do",
      "we",      "me",      "my",    "us",    "he",     "up",    "am",     "re",      "fw",
      "fwd",     "cc",      "am",    "pm"};
  static const std::unordered_set<std::string_view> kSet(std::begin(kStop), std::end(kStop));
  return kSet.count(w) > 0;
}

bool is_japanese_function_word(std::string_view w) {
  // A word of at most two hiragana (は, を, です, ます, ので) carries no topic.
  int32_t i = 0;
  const int32_t length = static_cast<int32_t>(w.size());
  int count = 0;
  while (i < length) {
    UChar32 c = 0;
    U8_NEXT(w.data(), i, length, c);
    if (c < 0x3041 || c > 0x309F) return false;
    ++count;
  }
  return count <= 2;
}

bool keep_word(std::string_view w) {
  if (w.empty()) return false;
  bool digits = std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits) return w.size() >= 3;
  if (is_ascii(w)) return w.size() >= 2 && !is_stop_word(w);
  return !is_japanese_function_word(w);
}

// An address, a URL or a host name: not the user's words about a topic.
bool is_link_like(std::string_view chunk) {
  return chunk.find('@') != std::string_view::npos || chunk.find("://") != std::string_view::npos ||
         chunk.starts_with("www.");
}

class WordSplitter {
 public:
  explicit WordSplitter(std::vector<std::string>* words) : words_(words) {}

  void add_text(std::string_view text) {
    // White-space separated chunks first: links are dropped whole.
    std::size_t i = 0;
    while (i < text.size() && words_->size() < kMaxTerms) {
      while (i < text.size() &&
             (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) {
        ++i;
      }
      std::size_t start = i;
      while (i < text.size() && text[i] != ' ' && text[i] != '\t' && text[i] != '\n' &&
             text[i] != '\r') {
        ++i;
      }
      std::string_view chunk = text.substr(start, i - start);
      if (chunk.empty() || is_link_like(chunk)) continue;
      if (is_ascii(chunk)) {
        add_ascii(chunk);
      } else {
        add_unicode(chunk);
      }
    }
  }

 private:
  void push(std::string word) {
    if (keep_word(word)) words_->push_back(std::move(word));
  }

  void add_ascii(std::string_view chunk) {
    std::string word;
    for (char c : chunk) {
      if (is_ascii_alnum(c) || (c == '\'' && !word.empty())) {
        word += ascii_lower(c);
      } else {
        push(std::move(word));
        word.clear();
      }
    }
    while (!word.empty() && word.back() == '\'') word.pop_back();
    push(std::move(word));
  }

  // UAX #29 word boundaries with ICU's dictionary for Japanese; only segments of letters, kana,
  // ideographs or digits are words.
  void add_unicode(std::string_view chunk) {
    for (std::string& word : word_segments(nfkc_casefold(chunk))) push(std::move(word));
  }

  std::vector<std::string>* words_;
};

// Strips "Re:", "RE[2]:", "Fw:", "Fwd:", "AW:", "WG:", "SV:", "転送:", "返信:" and "[tag]"
// prefixes, repeatedly.
std::string_view strip_subject_prefixes(std::string_view s) {
  static constexpr std::array<std::string_view, 12> kPrefixes = {
      "re", "fw", "fwd", "aw", "wg", "sv", "vs", "tr", "rv", "返信", "転送", "回复"};
  for (;;) {
    s = trim_view(s);
    bool changed = false;
    if (s.starts_with("[")) {
      std::size_t close = s.find(']');
      if (close < 40) {  // also false for npos
        s.remove_prefix(close + 1);
        changed = true;
        continue;
      }
    }
    for (std::string_view prefix : kPrefixes) {
      if (s.size() < prefix.size() || ascii_lower_copy(s.substr(0, prefix.size())) != prefix) {
        continue;
      }
      std::string_view rest = s.substr(prefix.size());
      // "RE[2]:" / "Re(2):"
      if (!rest.empty() && (rest.front() == '[' || rest.front() == '(')) {
        std::size_t close = rest.find_first_of("])");
        if (close < 6) rest.remove_prefix(close + 1);  // also false for npos
      }
      rest = trim_view(rest);
      if (rest.starts_with(":")) {
        rest.remove_prefix(1);
      } else if (rest.starts_with("：")) {
        rest.remove_prefix(std::string_view("：").size());
      } else {
        continue;
      }
      s = rest;
      changed = true;
      break;
    }
    if (!changed) return s;
  }
}

std::size_t letter_count(std::string_view s) {
  std::size_t count = 0;
  int32_t i = 0;
  const int32_t length = static_cast<int32_t>(s.size());
  while (i < length) {
    UChar32 c = 0;
    U8_NEXT(s.data(), i, length, c);
    if (c > 0 && u_isalnum(c)) ++count;
  }
  return count;
}

bool is_generic_subject(std::string_view folded) {
  static constexpr std::array<std::string_view, 24> kGeneric = {"hello",
                                                                "hi",
                                                                "meeting",
                                                                "question",
                                                                "questions",
                                                                "update",
                                                                "follow up",
                                                                "follow-up",
                                                                "thanks",
                                                                "thank you",
                                                                "fyi",
                                                                "info",
                                                                "request",
                                                                "call",
                                                                "lunch",
                                                                "test",
                                                                "no subject",
                                                                "(no subject)",
                                                                "お世話になっております",
                                                                "ご連絡",
                                                                "ご確認",
                                                                "お知らせ",
                                                                "件名なし",
                                                                "打ち合わせ"};
  return std::find(kGeneric.begin(), kGeneric.end(), folded) != kGeneric.end();
}

std::string normalize_id(std::string_view id) {
  std::string_view s = trim_view(id);
  if (s.starts_with("<")) s.remove_prefix(1);
  if (s.ends_with(">")) s.remove_suffix(1);
  return std::string(trim_view(s));
}

void add_key(std::vector<std::int64_t>* keys, std::int64_t key) {
  if (std::find(keys->begin(), keys->end(), key) == keys->end()) keys->push_back(key);
}

void add_id_key(std::vector<std::int64_t>* keys, std::string_view id) {
  // One string may hold several ids ("<a@x> <b@y>" from a client that sends the header as is).
  std::size_t i = 0;
  while (i < id.size()) {
    while (i < id.size() && (id[i] == ' ' || id[i] == '\t' || id[i] == '\r' || id[i] == '\n')) ++i;
    std::size_t start = i;
    while (i < id.size() && id[i] != ' ' && id[i] != '\t' && id[i] != '\r' && id[i] != '\n') ++i;
    std::string normalized = normalize_id(id.substr(start, i - start));
    if (!normalized.empty()) add_key(keys, fnv1a64("id:", normalized));
  }
}

void add_subject_key(std::vector<std::int64_t>* keys, std::string_view subject) {
  std::string normalized = thread_subject(subject);
  if (!normalized.empty()) add_key(keys, fnv1a64("subject:", normalized));
}

// Splits at the ASCII bytes in `separators` (never at a byte of a multi-byte UTF-8 sequence:
// separators must be ASCII).
std::vector<std::string> split_tokens(std::string_view s, std::string_view separators) {
  std::vector<std::string> out;
  std::string token;
  for (char c : s) {
    if (separators.find(c) != std::string_view::npos) {
      if (!token.empty()) out.push_back(std::move(token));
      token.clear();
    } else {
      token += c;
    }
  }
  if (!token.empty()) out.push_back(std::move(token));
  return out;
}

// The first `n` code points of `s`.
std::string prefix_code_points(std::string_view s, int n) {
  int32_t i = 0;
  const int32_t length = static_cast<int32_t>(s.size());
  for (int k = 0; k < n && i < length; ++k) {
    UChar32 c = 0;
    U8_NEXT(s.data(), i, length, c);
  }
  return std::string(s.substr(0, static_cast<std::size_t>(i)));
}

bool is_latin_word(std::string_view w) {
  return !w.empty() && std::all_of(w.begin(), w.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || c == '-' || c == '\'';
  });
}

// The words of an NFKC-folded name (NFKC has made U+3000 an ASCII space).
std::vector<std::string> words_of(std::string_view folded) {
  std::vector<std::string> words;
  for (std::string& word : split_tokens(folded, " \t,")) {
    while (!word.empty() && (word.back() == '.' || word.back() == ',')) word.pop_back();
    if (!word.empty()) words.push_back(std::move(word));
  }
  return words;
}

// The local part's name tokens: "paula.smith" -> paula, smith; "jim_b2" -> jim, b.
std::vector<std::string> local_tokens(std::string_view address) {
  std::size_t at = address.rfind('@');
  std::string local = ascii_lower_copy(address.substr(0, at));
  std::size_t plus = local.find('+');
  if (plus != std::string::npos) local.resize(plus);
  std::vector<std::string> tokens;
  std::string token;
  for (char c : local) {
    if (c >= 'a' && c <= 'z') {
      token += c;
    } else {
      if (!token.empty()) tokens.push_back(std::move(token));
      token.clear();
    }
  }
  if (!token.empty()) tokens.push_back(std::move(token));
  return tokens;
}

}  // namespace

std::vector<std::string> greeting_keys(std::string_view own_text) {
  std::vector<std::string> keys;
  auto add = [&keys](std::string key) {
    // A name is short: a longer "name" is a sentence or an attack on the history's size, and is
    // not learned (a 1 000 000-character key was stored once).
    const std::size_t limit = key.starts_with("o:") ? kMaxOrganisationKey + 2 : kMaxPersonKey;
    if (key.empty() || keys.size() >= kMaxGreetingKeys || code_point_count(key) > limit) return;
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(std::move(key));
  };
  for (const GreetedName& greeted : greeted_names(own_text)) {
    if (!greeted.person.empty()) add(name_fold(greeted.person));
    if (!greeted.company.empty()) {
      std::string organisation = organisation_key(greeted.company);
      if (!organisation.empty()) add("o:" + organisation);
    }
  }
  return keys;
}

bool greeting_names_recipient(std::string_view key, const std::vector<std::string>& names,
                              std::string_view address) {
  if (key.empty()) return false;
  if (key.starts_with("o:")) {
    std::string_view organisation = key.substr(2);
    for (const std::string& name : names) {
      std::string name_org = organisation_key(name);
      if (name_org.size() >= 2 && (name_org.find(organisation) != std::string::npos ||
                                   organisation.find(name_org) != std::string_view::npos)) {
        return true;
      }
    }
    std::size_t at = address.rfind('@');
    if (at == std::string_view::npos) return false;
    std::optional<std::string> domain = canonical_domain(address.substr(at + 1));
    if (!domain) return false;
    std::string label = domain_label(registrable_domain(*domain));
    return label.size() >= 2 && (organisation.find(label) != std::string_view::npos ||
                                 label.find(organisation) != std::string::npos);
  }
  for (const std::string& name : names) {
    std::string folded = name_fold(name);
    if (!folded.empty() && folded.find(key) != std::string::npos) return true;
    if (is_latin_word(key)) {
      for (const std::string& word : words_of(nfkc_casefold(name))) {
        if (is_latin_word(word) && is_name_short_form(std::string(key), word)) return true;
      }
    }
  }
  if (is_latin_word(key) && key.size() >= 2) {
    std::vector<std::string> tokens = local_tokens(address);
    for (const std::string& token : tokens) {
      if (token == key || is_name_short_form(std::string(key), token)) return true;
    }
    std::size_t at = address.rfind('@');
    std::string local = ascii_lower_copy(address.substr(0, at));
    // "paulasmith@" / "jsmith@" greeted "Smith": the key inside an undivided local part.
    if (key.size() >= 4 && local.find(key) != std::string::npos) return true;
  }
  return false;
}

std::vector<std::uint32_t> term_features(std::string_view subject, std::string_view text) {
  std::vector<std::string> words;
  WordSplitter splitter(&words);
  splitter.add_text(strip_subject_prefixes(subject));
  const std::size_t subject_words = words.size();
  splitter.add_text(text);
  std::vector<std::uint32_t> out;
  out.reserve(words.size() * 2);
  for (std::size_t i = 0; i < words.size() && out.size() < kMaxTerms; ++i) {
    out.push_back(fnv1a32("w:", words[i]) & ~1u);
    // No pair across the end of the subject and the start of the text.
    if (i + 1 < words.size() && i + 1 != subject_words) {
      out.push_back(fnv1a32("b:", words[i], words[i + 1]) | 1u);
    }
  }
  if (out.size() > kMaxTerms) out.resize(kMaxTerms);
  return out;
}

std::string thread_subject(std::string_view subject) {
  std::string folded = nfkc_casefold(strip_subject_prefixes(subject));
  std::string collapsed;
  bool space = false;
  for (char c : folded) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      space = !collapsed.empty();
      continue;
    }
    if (space) collapsed += ' ';
    space = false;
    collapsed += c;
  }
  if (letter_count(collapsed) < 4 || is_generic_subject(collapsed)) return {};
  return collapsed;
}

std::vector<std::int64_t> sent_thread_keys(std::string_view message_id,
                                           std::string_view in_reply_to,
                                           const std::vector<std::string>& references,
                                           std::string_view subject) {
  std::vector<std::int64_t> keys;
  if (!references.empty()) {
    add_id_key(&keys, references.front());
  } else if (!normalize_id(in_reply_to).empty()) {
    add_id_key(&keys, in_reply_to);
  }
  add_id_key(&keys, message_id);
  add_subject_key(&keys, subject);
  return keys;
}

std::vector<std::int64_t> draft_thread_keys(std::string_view in_reply_to,
                                            const std::vector<std::string>& references,
                                            std::string_view subject) {
  std::vector<std::int64_t> keys;
  for (std::size_t i = 0; i < references.size(); ++i) {
    if (i < 4 || i + 4 >= references.size()) add_id_key(&keys, references[i]);
  }
  add_id_key(&keys, in_reply_to);
  add_subject_key(&keys, subject);
  return keys;
}

std::vector<std::string> neighbour_keys(std::string_view address,
                                        const std::vector<std::string>& names) {
  std::vector<std::string> keys;
  auto add = [&keys](std::string key) {
    if (keys.size() >= kMaxNeighbourKeys) return;
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(std::move(key));
  };
  std::size_t at = address.rfind('@');
  std::string local = ascii_lower_copy(address.substr(0, at));
  if (local.size() >= 3) add("l:" + prefix_code_points(local, 3));
  std::vector<std::string> tokens = local_tokens(address);
  for (const std::string& name : names) {
    std::string folded = nfkc_casefold(name);
    std::vector<std::string> words = words_of(folded);
    if (words.empty()) continue;
    for (const std::string& word : words) {
      if (letter_count(word) >= 2) add("n:" + prefix_code_points(word, 3));
    }
    bool comma = folded.find(',') != std::string::npos;
    if (is_latin_word(words.front())) {
      // "Smith, Paula" -> paula; "Paula Smith" -> paula.
      const std::string& given = comma && words.size() >= 2 ? words[1] : words.front();
      if (given.size() >= 2) add("g:" + given);
    } else if (words.size() >= 2) {
      add("g:" + words[1]);  // 山田 太郎: the given name comes second
    }
  }
  if (tokens.size() >= 2 && tokens.front().size() >= 2) add("g:" + tokens.front());
  return keys;
}

MessageFeatures message_features(std::string_view subject, std::string_view body,
                                 std::string_view message_id, std::string_view in_reply_to,
                                 const std::vector<std::string>& references) {
  MessageFeatures features;
  std::string own = own_text(body);
  features.greeting_keys = greeting_keys(own);
  features.terms = term_features(subject, body);
  features.thread_keys = sent_thread_keys(message_id, in_reply_to, references, subject);
  return features;
}

}  // namespace sendcheck
