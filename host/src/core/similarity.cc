// Keys and distances for the look-alike search (see sendcheck/similarity.h).
#include "sendcheck/similarity.h"

#include <unicode/unistr.h>
#include <unicode/uspoof.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <memory>
#include <optional>

#include "core/text.h"

namespace sendcheck {
namespace {

constexpr size_t kMaxVariantCodePoints = 64;

// Byte offsets of each code point of `s` (plus the end).
std::vector<size_t> code_point_offsets(std::string_view s) {
  std::vector<size_t> offsets;
  int32_t i = 0;
  const int32_t length = static_cast<int32_t>(s.size());
  while (i < length) {
    offsets.push_back(static_cast<size_t>(i));
    UChar32 c;
    U8_NEXT(s.data(), i, length, c);
  }
  offsets.push_back(s.size());
  return offsets;
}

std::vector<UChar32> code_points(std::string_view s) {
  std::vector<UChar32> out;
  int32_t i = 0;
  const int32_t length = static_cast<int32_t>(s.size());
  while (i < length) {
    UChar32 c;
    U8_NEXT(s.data(), i, length, c);
    out.push_back(c);
  }
  return out;
}

struct SpoofDeleter {
  void operator()(USpoofChecker* checker) const { uspoof_close(checker); }
};

USpoofChecker* spoof_checker() {
  thread_local std::unique_ptr<USpoofChecker, SpoofDeleter> checker = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<USpoofChecker, SpoofDeleter> created(uspoof_open(&status));
    if (U_FAILURE(status)) created.reset();
    return created;
  }();
  return checker.get();
}

std::string replace_all(const std::string& s, std::string_view from, std::string_view to) {
  std::string out;
  out.reserve(s.size());
  size_t pos = 0;
  while (true) {
    size_t hit = s.find(from, pos);
    if (hit == std::string::npos) break;
    out.append(s, pos, hit - pos).append(to);
    pos = hit + from.size();
  }
  out.append(s, pos);
  return out;
}

}  // namespace

std::vector<std::string> deletion_variants(std::string_view s) {
  std::vector<std::string> out{std::string(s)};
  std::vector<size_t> offsets = code_point_offsets(s);
  const size_t count = offsets.size() - 1;
  if (count == 0 || count > kMaxVariantCodePoints) return out;
  for (size_t i = 0; i < count; ++i) {
    std::string variant(s.substr(0, offsets[i]));
    variant.append(s.substr(offsets[i + 1]));
    out.push_back(std::move(variant));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

int edit_distance(std::string_view a_text, std::string_view b_text, int limit) {
  std::vector<UChar32> a = code_points(a_text);
  std::vector<UChar32> b = code_points(b_text);
  const int n = static_cast<int>(a.size());
  const int m = static_cast<int>(b.size());
  if (std::abs(n - m) > limit) return limit + 1;
  // Three rows of the optimal-string-alignment table.
  std::vector<int> before(m + 1), previous(m + 1), current(m + 1);
  for (int j = 0; j <= m; ++j) previous[j] = j;
  for (int i = 1; i <= n; ++i) {
    current[0] = i;
    int row_min = current[0];
    for (int j = 1; j <= m; ++j) {
      int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int value = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        value = std::min(value, before[j - 2] + 1);
      }
      current[j] = value;
      row_min = std::min(row_min, value);
    }
    if (row_min > limit) return limit + 1;
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return std::min(previous[m], limit + 1);
}

int allowed_edits(std::string_view s) {
  size_t count = code_point_offsets(s).size() - 1;
  if (count < 3) return 0;
  if (count < 9) return 1;
  return 2;
}

std::string confusable_skeleton(std::string_view s) {
  USpoofChecker* checker = spoof_checker();
  if (checker == nullptr) return {};
  std::optional<std::string> normalized = try_nfkc(s);
  if (!normalized) return {};
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString skeleton;
  uspoof_getSkeletonUnicodeString(
      checker, 0,
      icu::UnicodeString::fromUTF8(
          icu::StringPiece(normalized->data(), static_cast<int32_t>(normalized->size()))),
      skeleton, &status);
  if (U_FAILURE(status)) return {};
  std::string out;
  skeleton.toUTF8String(out);
  ascii_lower_in_place(&out);
  // Pairs that UTS #39 leaves apart but that are typed or read for each other in addresses.
  out = replace_all(replace_all(replace_all(out, "rn", "m"), "cl", "d"), "vv", "w");
  std::replace(out.begin(), out.end(), '0', 'o');
  std::replace(out.begin(), out.end(), '1', 'l');
  std::replace(out.begin(), out.end(), '|', 'l');
  return out;
}

std::string name_key(std::string_view display_name) {
  std::optional<std::string> folded = try_nfkc_casefold(display_name);
  if (!folded) return {};
  std::string key = without_spaces_and_punctuation(*folded);
  if (code_point_count(key) < 2) return {};
  return key;
}

}  // namespace sendcheck
