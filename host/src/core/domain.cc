// Canonical domains (UTS #46), registrable domains (libpsl) and domain lists.
#include "sendcheck/domain.h"

#include <libpsl.h>
#include <unicode/bytestream.h>
#include <unicode/idna.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>

#include "core/tenant_suffixes.h"
#include "core/text.h"
#include "sendcheck/similarity.h"

namespace sendcheck {
namespace {

// UTS #46 processing for mail domains: nontransitional (ß and ς are kept, as browsers and
// modern MTAs do), STD3 ASCII rules on (no '_' or spaces in host names).
const icu::IDNA& uts46() {
  static const icu::IDNA* idna = [] {
    UErrorCode status = U_ZERO_ERROR;
    icu::IDNA* created = icu::IDNA::createUTS46Instance(
        UIDNA_NONTRANSITIONAL_TO_ASCII | UIDNA_NONTRANSITIONAL_TO_UNICODE | UIDNA_USE_STD3_RULES,
        status);
    if (U_FAILURE(status)) std::abort();  // ICU data missing: nothing can work
    return created;
  }();
  return *idna;
}

// Errors that do not make a mail domain unusable: only the "--" in positions 3-4 rule. A label
// that starts or ends with a hyphen is not a host name (RFC 1123 §2.1, RFC 5321 §4.1.2).
constexpr uint32_t kIgnoredIdnaErrors = UIDNA_ERROR_HYPHEN_3_4;

const psl_ctx_t* psl() {
  static const psl_ctx_t* ctx = [] {
    const psl_ctx_t* latest = psl_latest(nullptr);
    return latest != nullptr ? latest : psl_builtin();
  }();
  return ctx;
}

// A canonical domain under a cloud tenant suffix (core/tenant_suffixes.h): the suffix, and the
// labels in front of it ("a.contoso" for a.contoso.onmicrosoft.com; empty for the suffix itself).
struct TenantParts {
  const TenantSuffix* suffix = nullptr;
  std::string_view prefix;
};

// The longest tenant suffix that `canonical` is or lies under, on label boundaries.
std::optional<TenantParts> tenant_parts(std::string_view canonical) {
  const TenantSuffix* best = nullptr;
  for (const TenantSuffix& entry : kTenantSuffixes) {
    if (domain_is_under(canonical, entry.suffix) &&
        (best == nullptr || entry.suffix.size() > best->suffix.size())) {
      best = &entry;
    }
  }
  if (best == nullptr) return std::nullopt;
  TenantParts parts;
  parts.suffix = best;
  if (canonical.size() > best->suffix.size()) {
    parts.prefix = canonical.substr(0, canonical.size() - best->suffix.size() - 1);
  }
  return parts;
}

}  // namespace

std::optional<std::string> canonical_domain(std::string_view domain) {
  if (!domain.empty() && domain.back() == '.') domain.remove_suffix(1);
  // Only one trailing dot is the root; UTS #46 would accept a second as an empty root label.
  if (domain.empty() || domain.back() == '.' || domain.size() > 1024) return std::nullopt;
  // Address literals ([192.0.2.1]) are not domains we can group or compare.
  if (domain.front() == '[') return std::nullopt;
  std::string out;
  icu::StringByteSink<std::string> sink(&out);
  icu::IDNAInfo info;
  UErrorCode status = U_ZERO_ERROR;
  uts46().nameToASCII_UTF8(icu::StringPiece(domain.data(), static_cast<int32_t>(domain.size())),
                           sink, info, status);
  if (U_FAILURE(status) || (info.getErrors() & ~kIgnoredIdnaErrors) != 0) return std::nullopt;
  // A trailing full stop UTS #46 maps to '.' (U+3002, U+FF0E, U+FF61) is the root too, as one
  // trailing '.' above: "例。" is "xn--fsq", never "xn--fsq.".
  if (!out.empty() && out.back() == '.') out.pop_back();
  if (out.empty() || out.back() == '.' || out.size() > 253) return std::nullopt;
  ascii_lower_in_place(&out);
  return out;
}

std::string domain_to_unicode(std::string_view ascii_domain) {
  std::string out;
  icu::StringByteSink<std::string> sink(&out);
  icu::IDNAInfo info;
  UErrorCode status = U_ZERO_ERROR;
  uts46().nameToUnicodeUTF8(
      icu::StringPiece(ascii_domain.data(), static_cast<int32_t>(ascii_domain.size())), sink, info,
      status);
  if (U_FAILURE(status) || (info.getErrors() & ~kIgnoredIdnaErrors) != 0) {
    return std::string(ascii_domain);
  }
  return out;
}

std::string registrable_domain(std::string_view canonical) {
  if (std::optional<TenantParts> tenant = tenant_parts(canonical)) {
    if (tenant->prefix.empty()) return std::string(canonical);  // the bare suffix
    std::string owner;
    if (tenant->suffix->form == TenantForm::kLabel) {
      size_t dot = tenant->prefix.rfind('.');
      owner = dot == std::string_view::npos ? tenant->prefix : tenant->prefix.substr(dot + 1);
    } else {
      owner = registrable_domain(tenant->prefix);
    }
    return owner.append(".").append(tenant->suffix->suffix);
  }
  std::string domain(canonical);
  const char* registrable = psl_registrable_domain(psl(), domain.c_str());
  if (registrable == nullptr) return domain;
  return std::string(registrable);
}

std::string domain_label(std::string_view registrable) {
  if (std::optional<TenantParts> tenant = tenant_parts(registrable)) {
    if (tenant->suffix->form == TenantForm::kDomain && !tenant->prefix.empty()) {
      return domain_label(tenant->prefix);  // "example" for example.co.jp.test-google-a.com
    }
    return std::string(tenant->prefix);
  }
  std::string domain(registrable);
  const char* suffix = psl_unregistrable_domain(psl(), domain.c_str());
  if (suffix == nullptr) return domain;
  size_t suffix_length = std::strlen(suffix);
  if (suffix_length + 1 >= domain.size()) return {};
  return domain.substr(0, domain.size() - suffix_length - 1);
}

bool is_public_suffix(std::string_view canonical) {
  if (std::optional<TenantParts> tenant = tenant_parts(canonical)) {
    if (tenant->prefix.empty()) return true;
    return tenant->suffix->form == TenantForm::kDomain && is_public_suffix(tenant->prefix);
  }
  std::string domain(canonical);
  return psl_is_public_suffix2(psl(), domain.c_str(), PSL_TYPE_ANY) != 0;
}

bool domain_is_under(std::string_view domain, std::string_view entry) {
  if (entry.empty() || domain.size() < entry.size()) return false;
  if (domain.size() == entry.size()) return domain == entry;
  return domain.substr(domain.size() - entry.size()) == entry &&
         domain[domain.size() - entry.size() - 1] == '.';
}

DomainList::DomainList(const std::vector<std::string>& entries) {
  for (const std::string& raw : entries) {
    std::string_view entry = trim_view(raw);
    bool exception = !entry.empty() && entry.front() == '!';
    if (exception) entry.remove_prefix(1);
    // "*.example.jp" and ".example.jp" are common ways of writing "and subdomains".
    if (entry.starts_with("*.")) entry.remove_prefix(2);
    if (entry.starts_with(".")) entry.remove_prefix(1);
    std::optional<std::string> canonical = canonical_domain(entry);
    if (!canonical) {
      invalid_.push_back(raw);
      continue;
    }
    (exception ? exclude_ : include_).push_back(*canonical);
  }
}

bool DomainList::contains(std::string_view canonical) const {
  size_t best_include = 0;
  size_t best_exclude = 0;
  for (const std::string& entry : include_) {
    if (domain_is_under(canonical, entry)) best_include = std::max(best_include, entry.size());
  }
  if (best_include == 0) return false;
  for (const std::string& entry : exclude_) {
    if (domain_is_under(canonical, entry)) best_exclude = std::max(best_exclude, entry.size());
  }
  return best_include > best_exclude;
}

const std::vector<std::string>& builtin_freemail_domains() {
  // Free-mail providers and Japanese mobile carriers: a sender there is a person, not an
  // organisation, so the sender's domain is not internal.
  static const std::vector<std::string> domains = {
      "gmail.com",   "googlemail.com", "yahoo.com",      "yahoo.co.jp",   "ymail.com",
      "outlook.com", "outlook.jp",     "hotmail.com",    "hotmail.co.jp", "live.com",
      "live.jp",     "msn.com",        "icloud.com",     "me.com",        "mac.com",
      "aol.com",     "gmx.com",        "gmx.net",        "gmx.de",        "web.de",
      "mail.com",    "proton.me",      "protonmail.com", "zoho.com",      "yandex.ru",
      "mail.ru",     "qq.com",         "163.com",        "naver.com",     "docomo.ne.jp",
      "ezweb.ne.jp", "au.com",         "softbank.ne.jp", "i.softbank.jp", "ymobile.ne.jp",
      "rakuten.jp",  "nifty.com",      "biglobe.ne.jp",  "excite.co.jp",  "livedoor.com",
      "willcom.com", "emnet.ne.jp",    "disney.ne.jp",   "uqmobile.jp",   "pdx.ne.jp",
  };
  return domains;
}

}  // namespace sendcheck
