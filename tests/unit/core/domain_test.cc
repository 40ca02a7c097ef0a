// Canonical domains, registrable domains and internal-domain lists (DESIGN.md §4 "Domains").
#include "sendcheck/domain.h"

#include <boost/test/unit_test.hpp>
#include <sstream>

#include "core/tenant_suffixes.h"
#include "sendcheck/similarity.h"
#include "test_support.h"

namespace sendcheck {

BOOST_AUTO_TEST_SUITE(domain_test)

BOOST_AUTO_TEST_CASE(canonical_domain_lowercases_and_drops_one_trailing_dot) {
  BOOST_TEST(canonical_domain("Example.CO.JP").value() == "example.co.jp");
  BOOST_TEST(canonical_domain("example.co.jp.").value() == "example.co.jp");
  BOOST_TEST(!canonical_domain("example.co.jp..").has_value());
  BOOST_TEST(!canonical_domain("").has_value());
  BOOST_TEST(!canonical_domain("exa mple.jp").has_value());
  BOOST_TEST(!canonical_domain("a..b.jp").has_value());
}

// Found by fuzz_address_list: "xn--r6jz45AMPL" decodes to "㭙䦕。", whose ideographic full stop
// UTS #46 maps to a trailing '.': the canonical form kept it ("xn--pkm871b.").
BOOST_AUTO_TEST_CASE(trailing_ideographic_full_stop_is_the_root_dot) {
  BOOST_TEST(canonical_domain("例え。jp。").value() == "xn--r8jz45g.jp");
  BOOST_TEST(canonical_domain("例え．jp").value() == "xn--r8jz45g.jp");
  BOOST_TEST(canonical_domain("㭙䦕。").value() == "xn--pkm871b");
  BOOST_TEST(!canonical_domain("例え.jp。。").has_value());
  BOOST_TEST(!canonical_domain("。").has_value());
}

BOOST_AUTO_TEST_CASE(canonical_domain_applies_uts46_to_ascii) {
  BOOST_TEST(canonical_domain("例え.jp").value() == "xn--r8jz45g.jp");
  BOOST_TEST(canonical_domain("XN--R8JZ45G.JP").value() == "xn--r8jz45g.jp");
  // Full-width letters and the ideographic full stop map to ASCII under UTS #46.
  BOOST_TEST(canonical_domain("ｅｘａｍｐｌｅ。jp").value() == "example.jp");
  BOOST_TEST(domain_to_unicode("xn--r8jz45g.jp") == "例え.jp");
}

BOOST_AUTO_TEST_CASE(registrable_domain_follows_psl_wildcards_and_exceptions) {
  BOOST_TEST(registrable_domain("www.city.kawasaki.jp") == "city.kawasaki.jp");
  BOOST_TEST(registrable_domain("mail.shop.kawasaki.jp") == "mail.shop.kawasaki.jp");
  BOOST_TEST(registrable_domain("tokyo.example.co.jp") == "example.co.jp");
  BOOST_TEST(registrable_domain("example.co.jp") == "example.co.jp");
  BOOST_TEST(registrable_domain("a.b.example.com") == "example.com");
}

BOOST_AUTO_TEST_CASE(idn_suffix_in_unicode_punycode_and_upper_case_is_one_domain) {
  const std::string expected = canonical_domain("example.東京.jp").value();
  BOOST_TEST(expected == "example.xn--1lqs71d.jp");
  for (const char* written :
       {"www.example.東京.jp", "www.example.xn--1lqs71d.jp", "WWW.EXAMPLE.XN--1LQS71D.JP"}) {
    BOOST_TEST_CONTEXT(written) {
      BOOST_TEST(registrable_domain(canonical_domain(written).value()) == expected);
    }
  }
}

BOOST_AUTO_TEST_CASE(each_microsoft_365_tenant_is_its_own_organisation) {
  BOOST_TEST(registrable_domain("contoso.onmicrosoft.com") == "contoso.onmicrosoft.com");
  BOOST_TEST(registrable_domain("a.b.contoso.onmicrosoft.com") == "contoso.onmicrosoft.com");
  BOOST_TEST(registrable_domain("fabrikam.onmicrosoft.com") == "fabrikam.onmicrosoft.com");
  // The hybrid routing domain is a suffix of its own: the tenant is the label before it.
  BOOST_TEST(registrable_domain("contoso.mail.onmicrosoft.com") == "contoso.mail.onmicrosoft.com");
  BOOST_TEST(registrable_domain("x.contoso.mail.onmicrosoft.com") ==
             "contoso.mail.onmicrosoft.com");
  // A suffix alone names no tenant and stays itself.
  BOOST_TEST(registrable_domain("onmicrosoft.com") == "onmicrosoft.com");
  BOOST_TEST(registrable_domain("mail.onmicrosoft.com") == "mail.onmicrosoft.com");
}

BOOST_AUTO_TEST_CASE(tenant_domain_in_upper_case_with_a_trailing_dot) {
  const std::string canonical = canonical_domain("Sales.CONTOSO.OnMicrosoft.COM.").value();
  BOOST_TEST(canonical == "sales.contoso.onmicrosoft.com");
  BOOST_TEST(registrable_domain(canonical) == "contoso.onmicrosoft.com");
  BOOST_TEST(registrable_domain(canonical_domain("ONMICROSOFT.COM.").value()) == "onmicrosoft.com");
}

BOOST_AUTO_TEST_CASE(sovereign_clouds_and_other_hosted_mail_tenants) {
  BOOST_TEST(registrable_domain("contoso.onmicrosoft.us") == "contoso.onmicrosoft.us");
  BOOST_TEST(registrable_domain("contoso.mail.onmicrosoft.us") == "contoso.mail.onmicrosoft.us");
  BOOST_TEST(registrable_domain("a.contoso.partner.onmschina.cn") ==
             "contoso.partner.onmschina.cn");
  BOOST_TEST(registrable_domain("contoso.mail.partner.onmschina.cn") ==
             "contoso.mail.partner.onmschina.cn");
  BOOST_TEST(registrable_domain("contoso.onmicrosoft.de") == "contoso.onmicrosoft.de");
  BOOST_TEST(registrable_domain("example.awsapps.com") == "example.awsapps.com");
  // Only the documented namespaces: the rest of onmschina.cn follows the PSL as before.
  BOOST_TEST(registrable_domain("contoso.onmschina.cn") == "onmschina.cn");
}

BOOST_AUTO_TEST_CASE(google_test_alias_takes_the_customers_registrable_domain) {
  BOOST_TEST(registrable_domain("foo-corp.com.test-google-a.com") ==
             "foo-corp.com.test-google-a.com");
  BOOST_TEST(registrable_domain("www.example.co.jp.test-google-a.com") ==
             "example.co.jp.test-google-a.com");
  BOOST_TEST(registrable_domain("other.co.jp.test-google-a.com") ==
             "other.co.jp.test-google-a.com");
  BOOST_TEST(registrable_domain("test-google-a.com") == "test-google-a.com");
  BOOST_TEST(domain_label("example.co.jp.test-google-a.com") == "example");
  BOOST_TEST(is_public_suffix("co.jp.test-google-a.com"));
  BOOST_TEST(!is_public_suffix("example.co.jp.test-google-a.com"));
}

BOOST_AUTO_TEST_CASE(tenant_suffixes_match_on_label_boundaries_only) {
  BOOST_TEST(registrable_domain("a.evil-onmicrosoft.com") == "evil-onmicrosoft.com");
  BOOST_TEST(registrable_domain("contoso.onmicrosoft.com.evil.test") == "evil.test");
  // Ordinary domains are unchanged.
  BOOST_TEST(registrable_domain("www.example.co.jp") == "example.co.jp");
  BOOST_TEST(registrable_domain("mail.example.com") == "example.com");
  BOOST_TEST(domain_label("example.co.jp") == "example");
}

BOOST_AUTO_TEST_CASE(tenant_label_is_the_domain_label_and_the_suffix_is_public) {
  BOOST_TEST(domain_label("contoso.onmicrosoft.com") == "contoso");
  BOOST_TEST(domain_label("contoso.mail.onmicrosoft.com") == "contoso");
  BOOST_TEST(domain_label("onmicrosoft.com") == "");
  BOOST_TEST(is_public_suffix("onmicrosoft.com"));
  BOOST_TEST(is_public_suffix("mail.onmicrosoft.com"));
  BOOST_TEST(!is_public_suffix("contoso.onmicrosoft.com"));
  BOOST_TEST(!is_public_suffix("example.co.jp"));
}

BOOST_AUTO_TEST_CASE(every_tenant_suffix_is_canonical_and_gives_each_tenant_its_own_domain) {
  for (const TenantSuffix& entry : kTenantSuffixes) {
    const std::string suffix(entry.suffix);
    BOOST_TEST_CONTEXT(suffix) {
      BOOST_TEST(canonical_domain(suffix).value_or("") == suffix);
      BOOST_TEST(is_public_suffix(suffix));
      // tenant1.onmicrosoft.com, or tenant1.co.jp.test-google-a.com for a whole-domain tenant.
      std::string tenant = entry.form == TenantForm::kLabel ? "tenant1." : "tenant1.co.jp.";
      tenant += suffix;
      std::string other = "tenant2.";
      other += suffix;
      BOOST_TEST(registrable_domain("a." + tenant) == tenant);
      BOOST_TEST(registrable_domain(tenant) == tenant);
      BOOST_TEST(registrable_domain(other) == other);
    }
  }
}

BOOST_AUTO_TEST_CASE(internal_list_matches_on_label_boundaries) {
  DomainList internal({"example.co.jp"});
  BOOST_TEST(internal.contains("example.co.jp"));
  BOOST_TEST(internal.contains("tokyo.example.co.jp"));
  BOOST_TEST(!internal.contains("unexample.co.jp"));
  BOOST_TEST(!internal.contains("example-co.jp"));
  BOOST_TEST(!internal.contains("example.co.jp.evil.test"));
}

BOOST_AUTO_TEST_CASE(internal_list_exception_makes_subdomain_external) {
  DomainList internal({"example.co.jp", "!lists.example.co.jp"});
  BOOST_TEST(internal.contains("tokyo.example.co.jp"));
  BOOST_TEST(!internal.contains("lists.example.co.jp"));
  BOOST_TEST(!internal.contains("a.lists.example.co.jp"));
  DomainList more_specific({"example.co.jp", "!lists.example.co.jp", "staff.lists.example.co.jp"});
  BOOST_TEST(more_specific.contains("staff.lists.example.co.jp"));
}

BOOST_AUTO_TEST_CASE(internal_list_accepts_unicode_or_punycode_entries) {
  DomainList unicode({"例え.jp"});
  DomainList punycode({"XN--R8JZ45G.jp"});
  BOOST_TEST(unicode.contains("xn--r8jz45g.jp"));
  BOOST_TEST(punycode.contains("xn--r8jz45g.jp"));
  DomainList invalid({"exa mple.jp"});
  BOOST_TEST(invalid.invalid_entries().size() == 1U);
  BOOST_TEST(invalid.empty());
}

BOOST_AUTO_TEST_CASE(psl_official_vectors_when_shared_corpus_exists) {
  auto path = testing::shared_corpus_path("publicsuffix/tests.txt");
  if (!path) {
    BOOST_TEST_MESSAGE("shared corpus absent: skipped");
    return;
  }
  // Format: "input expected" per line; "null" means no registrable domain. Our function returns
  // the input for those, so only lines with an expected domain are compared, in canonical
  // (punycode) form.
  std::istringstream lines(testing::read_file(*path));
  std::string line;
  int compared = 0;
  while (std::getline(lines, line)) {
    if (line.empty() || line.starts_with("//")) continue;
    std::istringstream fields(line);
    std::string input, expected;
    fields >> input >> expected;
    if (expected == "null") continue;
    std::optional<std::string> canonical = canonical_domain(input);
    if (!canonical) continue;
    BOOST_TEST_CONTEXT(input) {
      BOOST_TEST(registrable_domain(*canonical) == canonical_domain(expected).value_or("?"));
    }
    ++compared;
  }
  BOOST_TEST(compared > 20);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace sendcheck
