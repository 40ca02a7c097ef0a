// sendcheck/similarity.h — the keys under which the history indexes addresses for the look-alike
// search, and the distance used to confirm a candidate.
//
// The search never scans the history: a recipient's keys are looked up in indexes built from the
// same functions when history is written (host/src/store/), so a check costs a few index lookups
// per recipient whatever the size of the history.
//
//  - deletion_variants: the symmetric-deletion neighbourhood (one deletion) of a string. Two
//    strings within Damerau-Levenshtein distance 2 by substitution, or 1 by insertion, deletion or
//    adjacent swap, share a variant.
//  - confusable_skeleton: UTS #39 §4 skeleton (ICU uspoof_getSkeleton) of the NFKC form, then
//    lower-cased and folded for the ASCII pairs that skeletons keep apart in mail addresses
//    (rn/m, 1/l, 0/o, cl/d, vv/w, I/l). Equal skeletons mean the two look the same.
//  - name_key: NFKC case-folded display name without spaces and punctuation, so
//    "山田 太郎", "山田　太郎" and "山田太郎" are one key; names shorter than 2 characters give "".
//
// Thread-safe: ICU objects are created per thread on first use.
#ifndef SENDCHECK_SIMILARITY_H_
#define SENDCHECK_SIMILARITY_H_

#include <string>
#include <string_view>
#include <vector>

namespace sendcheck {

// `s` itself plus every string with one code point removed, without duplicates. Strings longer
// than 64 code points give only themselves (no look-alike search on very long keys).
std::vector<std::string> deletion_variants(std::string_view s);

// Optimal-string-alignment Damerau-Levenshtein distance over code points, stopping early once the
// distance exceeds `limit` (then returns limit + 1).
int edit_distance(std::string_view a, std::string_view b, int limit);

// The most edits at which two keys of this length are taken as a typo of each other: 0 under 4
// code points (short names match everything), 1 under 9, else 2.
int allowed_edits(std::string_view s);

// See above. Input UTF-8; output UTF-8. Returns "" when ICU cannot compute it.
std::string confusable_skeleton(std::string_view s);

// See above.
std::string name_key(std::string_view display_name);

// The registrable domain without its public suffix: "example" for "example.co.jp",
// "city" for "city.kawasaki.jp", the tenant "contoso" for "contoso.onmicrosoft.com" (cloud tenant
// suffixes count as public suffixes, see registrable_domain in sendcheck/domain.h); "" for a
// public suffix. Input canonical ASCII registrable domain.
std::string domain_label(std::string_view registrable);

}  // namespace sendcheck

#endif  // SENDCHECK_SIMILARITY_H_
