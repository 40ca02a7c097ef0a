// Addresses in core (sendcheck/address.h): where an addr-spec splits, and the canonical form in
// which history is stored and drafts are compared.
#include "core/text.h"
#include "sendcheck/address.h"
#include "sendcheck/domain.h"
#include "sendcheck/error.h"

namespace sendcheck {

bool split_addr_spec(std::string_view address, std::string* local_part, std::string* domain) {
  std::size_t at = std::string_view::npos;
  bool quoted = false;
  for (std::size_t i = 0; i < address.size(); ++i) {
    char c = address[i];
    if (quoted && c == '\\') {
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == '@' && !quoted) {
      at = i;
    }
  }
  if (at == std::string_view::npos) return false;
  if (local_part != nullptr) local_part->assign(address.substr(0, at));
  if (domain != nullptr) domain->assign(address.substr(at + 1));
  return true;
}

bool canonicalize(const Mailbox& mailbox, CanonicalAddress* out) {
  if (mailbox.kind != MailboxKind::kOk) return false;
  if (mailbox.local_part.empty() || mailbox.domain.empty()) return false;
  std::optional<std::string> domain = canonical_domain(mailbox.domain);
  if (!domain) return false;
  // Local parts are case-sensitive in RFC 5321 §2.4 but no mail system in use treats them so;
  // folding ASCII case avoids "first-time" for Taro.Yamada vs taro.yamada. Non-ASCII (EAI)
  // local parts are left as written.
  out->local_part = ascii_lower_copy(mailbox.local_part);
  out->domain = std::move(*domain);
  out->registrable = registrable_domain(out->domain);
  out->address = out->local_part + "@" + out->domain;
  // Sub-addressing (RFC 5233): "name+tag" delivers to "name". A quoted local part or a leading
  // '+' is not a tag.
  size_t plus = out->local_part.find('+');
  if (plus != std::string::npos && plus > 0 && out->local_part.front() != '"') {
    out->base_address = out->local_part.substr(0, plus) + "@" + out->domain;
  } else {
    out->base_address = out->address;
  }
  return true;
}

bool canonicalize_addr_spec(std::string_view addr_spec, CanonicalAddress* out) {
  const std::size_t at = addr_spec.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == addr_spec.size()) return false;
  Mailbox mailbox;
  mailbox.address = std::string(addr_spec);
  mailbox.local_part = std::string(addr_spec.substr(0, at));
  mailbox.domain = std::string(addr_spec.substr(at + 1));
  return canonicalize(mailbox, out);
}

std::string canonical_entry(std::string_view entry, AddressListParser parse, bool address_only) {
  const char* code = address_only ? "history.bad-address" : "allowlist.bad-entry";
  std::string text(entry);
  size_t start = text.find_first_not_of(" \t");
  size_t end = text.find_last_not_of(" \t");
  text = start == std::string::npos ? std::string() : text.substr(start, end - start + 1);
  if (text.size() > 1 && text.front() == '@' && !address_only) text.erase(0, 1);
  if (text.find('@') != std::string::npos) {
    std::vector<Mailbox> mailboxes = parse(text);
    CanonicalAddress canonical;
    if (mailboxes.size() != 1 || !canonicalize(mailboxes[0], &canonical)) {
      throw Error(code, std::string(entry) + ": not an address");
    }
    return canonical.address;
  }
  if (address_only) throw Error(code, std::string(entry) + ": not an address");
  std::optional<std::string> domain = text.empty() ? std::nullopt : canonical_domain(text);
  if (!domain) throw Error(code, std::string(entry) + ": neither an address nor a domain");
  // "jp" or "co.jp" would trust half a country.
  if (is_public_suffix(*domain)) {
    throw Error(code, std::string(entry) + ": a public suffix, not the domain of an organisation");
  }
  return *domain;
}

}  // namespace sendcheck
