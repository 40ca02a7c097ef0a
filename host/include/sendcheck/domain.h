// sendcheck/domain.h — canonical domains, registrable domains and domain lists.
//
// One canonical form everywhere (DESIGN.md §4 "Domains"): IDNA UTS #46 ToASCII (nontransitional,
// CheckHyphens off as for mail, STD3 rules on), lower case, one trailing dot removed. Registrable
// domains (eTLD+1) come from the Public Suffix List through libpsl, so `*.kawasaki.jp` and
// `!city.kawasaki.jp` and IDN suffixes such as `東京.jp` behave as the list says, plus the cloud
// tenant suffixes the list lacks (`onmicrosoft.com`, ...: host/src/core/tenant_suffixes.h).
//
// Thread-safety: all functions are safe to call concurrently. The PSL is loaded once, on first
// use (psl_latest: the newer of libpsl's built-in list and Debian's publicsuffix file).
#ifndef SENDCHECK_DOMAIN_H_
#define SENDCHECK_DOMAIN_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sendcheck {

// UTS #46 ToASCII of `domain` (UTF-8), lower-cased, with one trailing dot removed.
// Returns nullopt for a domain that is not valid under UTS #46 (empty labels, disallowed code
// points, a label over 63 octets, ...).
std::optional<std::string> canonical_domain(std::string_view domain);

// UTS #46 ToUnicode of an ASCII (punycode) domain, for display. Returns the input unchanged when
// it cannot be converted.
std::string domain_to_unicode(std::string_view ascii_domain);

// The registrable domain (eTLD+1) of a canonical (ASCII) domain, per the PSL with its wildcard
// and exception rules. A domain that is itself a public suffix, or has no registrable part,
// returns itself.
//
// Cloud tenant domains count as their own organisation although the PSL does not list them:
// the default tenant domains of hosted mail (Microsoft 365 `contoso.onmicrosoft.com` and its
// routing domain `contoso.mail.onmicrosoft.com`, the US government, 21Vianet and Germany clouds,
// Amazon WorkMail `example.awsapps.com`) give the tenant label plus the suffix, so
// `a.b.contoso.onmicrosoft.com` is `contoso.onmicrosoft.com` and `fabrikam.onmicrosoft.com` is
// another organisation; Google Workspace's test alias `www.example.co.jp.test-google-a.com` gives
// `example.co.jp.test-google-a.com`. The suffix alone (`onmicrosoft.com`) returns itself. The
// list, with the source of every entry, is host/src/core/tenant_suffixes.h.
std::string registrable_domain(std::string_view canonical);

// True when the canonical `domain` is itself a public suffix ("jp", "co.jp", "kawasaki.jp",
// a cloud tenant suffix such as "onmicrosoft.com", or an unlisted single label under the PSL's
// default rule): it names no organisation.
bool is_public_suffix(std::string_view canonical);

// True when `domain` equals `entry` or ends with "." + entry (label boundaries: `tokyo.example.jp`
// is under `example.jp`, `unexample.jp` is not). Both must be canonical.
bool domain_is_under(std::string_view domain, std::string_view entry);

// A list of domains as administrators write it: `example.co.jp` covers its subdomains on label
// boundaries, `!lists.example.co.jp` excepts that domain and its subdomains. Entries may be
// written in Unicode or punycode and in any case; they are canonicalised on construction
// (entries that are not valid domains are kept in invalid_entries() and never match).
class DomainList {
 public:
  DomainList() = default;
  explicit DomainList(const std::vector<std::string>& entries);

  // True when the canonical `domain` is covered by an entry and not by an exception. The most
  // specific (longest) matching entry decides, so `!lists.example.jp` beats `example.jp` and
  // `a.lists.example.jp` (listed) beats `!lists.example.jp`.
  bool contains(std::string_view canonical) const;
  bool empty() const { return include_.empty(); }
  const std::vector<std::string>& invalid_entries() const { return invalid_; }

 private:
  std::vector<std::string> include_;
  std::vector<std::string> exclude_;
  std::vector<std::string> invalid_;
};

// Built-in free-mail and mobile-carrier domains (gmail.com, yahoo.co.jp, docomo.ne.jp, ...),
// canonical. A sender at one of these does not make the domain internal.
const std::vector<std::string>& builtin_freemail_domains();

}  // namespace sendcheck

#endif  // SENDCHECK_DOMAIN_H_
