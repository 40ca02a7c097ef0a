// Cloud tenant suffixes: the default tenant domains of the large hosted-mail services, which the
// Public Suffix List does not list (checked against Debian's publicsuffix 20230209). Under each
// suffix every tenant is its own organisation, so registrable_domain() treats the suffix as one
// more public suffix on top of libpsl (sendcheck/domain.h): contoso.onmicrosoft.com and
// fabrikam.onmicrosoft.com are two organisations, not one "onmicrosoft.com".
//
// Reviewed data: every entry is a real default domain that the service gives each tenant, with
// where that is documented ("Learn:" is https://learn.microsoft.com/, "AWS:" is
// https://docs.aws.amazon.com/). Add an entry only with such a source, and a test in
// tests/unit/core/domain_test.cc. Suffixes are canonical (lower-case ASCII, no trailing dot).
// Where one suffix lies under another (mail.onmicrosoft.com under onmicrosoft.com) the longer one
// decides. Not listed, for want of a documented per-tenant default domain: Zoho Mail (an
// organisation brings its own domain; zoho.com is free-mail) and the retired BPOS
// (tenant.region.microsoftonline.com).
#ifndef SENDCHECK_CORE_TENANT_SUFFIXES_H_
#define SENDCHECK_CORE_TENANT_SUFFIXES_H_

#include <array>
#include <string_view>

namespace sendcheck {

// What a tenant looks like under its suffix.
enum class TenantForm {
  // One label: contoso.onmicrosoft.com. The registrable domain is that label plus the suffix.
  kLabel,
  // A whole domain of the customer: example.co.jp.test-google-a.com. The registrable domain is
  // the registrable domain of that domain (per the PSL) plus the suffix.
  kDomain,
};

struct TenantSuffix {
  std::string_view suffix;
  TenantForm form;
};

inline constexpr std::array<TenantSuffix, 9> kTenantSuffixes = {{
    // Microsoft 365 initial domain. Learn: microsoft-365/admin/email/change-email-address
    {"onmicrosoft.com", TenantForm::kLabel},
    // Its hybrid routing domain. Learn: exchange/hybrid-deployment/move-mailboxes
    {"mail.onmicrosoft.com", TenantForm::kLabel},
    // GCC High, DoD. Learn: "Microsoft 365 U.S. Government GCC High endpoints" (Exchange Online)
    {"onmicrosoft.us", TenantForm::kLabel},
    // Its hybrid routing domain: the same page (autodiscover.<tenant>.mail.onmicrosoft.us).
    {"mail.onmicrosoft.us", TenantForm::kLabel},
    // 21Vianet (China). Learn: microsoft-365/admin/email/change-email-address (o365-21vianet)
    {"partner.onmschina.cn", TenantForm::kLabel},
    // Its hybrid routing domain: PowerShell Gallery, M365DomainMGMT get-onMicrosoft.ps1
    {"mail.partner.onmschina.cn", TenantForm::kLabel},
    // Germany (closed 2021, tenants keep it). Learn: change-email-address (o365-germany)
    {"onmicrosoft.de", TenantForm::kLabel},
    // Amazon WorkMail free test domain. AWS: workmail/latest/adminguide/add_new_organization.html
    {"awsapps.com", TenantForm::kLabel},
    // Google Workspace test domain alias: support.hdeone.com/hc/en-us/articles/50539942181017
    {"test-google-a.com", TenantForm::kDomain},
}};

}  // namespace sendcheck

#endif  // SENDCHECK_CORE_TENANT_SUFFIXES_H_
