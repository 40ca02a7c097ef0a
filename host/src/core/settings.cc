// Settings: JSON in, validated values out.
#include "sendcheck/settings.h"

#include <array>
#include <optional>
#include <utility>

#include <nlohmann/json.hpp>

#include "sendcheck/domain.h"
#include "sendcheck/error.h"

namespace sendcheck {
namespace {

using nlohmann::json;

[[noreturn]] void bad(const std::string& key, const std::string& what) {
  throw Error("settings.bad-value", key + ": " + what);
}

void read_list(const json& object, const char* key, std::vector<std::string>* out) {
  auto it = object.find(key);
  if (it == object.end()) return;
  if (!it->is_array()) bad(key, "expected an array of strings");
  std::vector<std::string> values;
  for (const json& item : *it) {
    if (!item.is_string()) bad(key, "expected an array of strings");
    values.push_back(item.get<std::string>());
  }
  *out = std::move(values);
}

// A list of domains as administrators write them (domain.h DomainList): each entry, without a
// leading "!", "*." or ".", must be a valid domain that is not a public suffix — "co.jp" or
// "jp" would make half a country internal or trusted.
void read_domain_list(const json& object, const char* key, std::vector<std::string>* out) {
  std::vector<std::string> values = *out;
  read_list(object, key, &values);
  for (const std::string& raw : values) {
    std::string_view entry = raw;
    while (!entry.empty() && (entry.front() == ' ' || entry.front() == '\t'))
      entry.remove_prefix(1);
    if (!entry.empty() && entry.front() == '!') entry.remove_prefix(1);
    if (entry.starts_with("*.")) entry.remove_prefix(2);
    if (entry.starts_with(".")) entry.remove_prefix(1);
    std::optional<std::string> canonical = canonical_domain(entry);
    if (!canonical) bad(key, "\"" + raw + "\" is not a valid domain");
    if (is_public_suffix(*canonical)) {
      bad(key, "\"" + raw + "\" is a public suffix, not the domain of an organisation");
    }
  }
  *out = std::move(values);
}

void read_bool(const json& object, const char* key, bool* out) {
  auto it = object.find(key);
  if (it == object.end()) return;
  if (!it->is_boolean()) bad(key, "expected true or false");
  *out = it->get<bool>();
}

void read_int(const json& object, const char* key, std::int64_t min, std::int64_t max,
              std::int64_t* out) {
  auto it = object.find(key);
  if (it == object.end()) return;
  if (!it->is_number_integer()) bad(key, "expected an integer");
  std::int64_t value = it->get<std::int64_t>();
  if (value < min || value > max) {
    bad(key, "expected a value from " + std::to_string(min) + " to " + std::to_string(max));
  }
  *out = value;
}

template <typename Enum, std::size_t N>
using NameTable = std::array<std::pair<Enum, std::string_view>, N>;

constexpr NameTable<RuleTarget, 5> kTargets = {{{RuleTarget::kDomain, "domain"},
                                                {RuleTarget::kAddress, "address"},
                                                {RuleTarget::kAttachmentName, "attachment-name"},
                                                {RuleTarget::kSubject, "subject"},
                                                {RuleTarget::kBody, "body"}}};
constexpr NameTable<RuleMatch, 4> kMatches = {{{RuleMatch::kExact, "exact"},
                                               {RuleMatch::kDomain, "domain"},
                                               {RuleMatch::kGlob, "glob"},
                                               {RuleMatch::kContains, "contains"}}};
constexpr NameTable<RuleAction, 3> kActions = {{{RuleAction::kWarn, "warn"},
                                                {RuleAction::kReconfirm, "reconfirm"},
                                                {RuleAction::kBlock, "block"}}};
constexpr NameTable<RuleCondition, 3> kConditions = {
    {{RuleCondition::kAlways, "always"},
     {RuleCondition::kExternal, "external"},
     {RuleCondition::kAttachments, "attachments"}}};

template <typename Enum, std::size_t N>
std::string_view name_of(const NameTable<Enum, N>& table, Enum value) {
  for (const auto& [v, name] : table) {
    if (v == value) return name;
  }
  return table[0].second;
}

// "expected \"warn\", \"reconfirm\" or \"block\""
template <typename Enum, std::size_t N>
std::string expected_names(const NameTable<Enum, N>& table) {
  std::string out = "expected ";
  for (std::size_t i = 0; i < N; ++i) {
    if (i > 0) out += i + 1 == N ? " or " : ", ";
    out += "\"" + std::string(table[i].second) + "\"";
  }
  return out;
}

template <typename Enum, std::size_t N>
Enum read_enum(const json& rule, const char* key, const std::string& where,
               const NameTable<Enum, N>& table, std::optional<Enum> fallback) {
  auto it = rule.find(key);
  if (it == rule.end()) {
    if (!fallback) bad(where + "." + key, "missing; " + expected_names(table));
    return *fallback;
  }
  if (it->is_string()) {
    for (const auto& [value, name] : table) {
      if (it->get_ref<const std::string&>() == name) return value;
    }
  }
  bad(where + "." + key, expected_names(table));
}

std::string read_optional_string(const json& rule, const char* key, const std::string& where) {
  auto it = rule.find(key);
  if (it == rule.end()) return {};
  if (!it->is_string()) bad(where + "." + key, "expected a string");
  return it->get<std::string>();
}

bool is_text_target(RuleTarget target) {
  return target == RuleTarget::kAttachmentName || target == RuleTarget::kSubject ||
         target == RuleTarget::kBody;
}

// A domain pattern as an administrator writes it: "example.jp" or "@example.jp".
bool valid_domain_pattern(std::string_view pattern) {
  if (!pattern.empty() && pattern.front() == '@') pattern.remove_prefix(1);
  return canonical_domain(pattern).has_value();
}

// An address pattern: local@domain with a valid domain.
bool valid_address_pattern(std::string_view pattern) {
  size_t at = pattern.rfind('@');
  return at != std::string_view::npos && at > 0 && canonical_domain(pattern.substr(at + 1));
}

Rule read_rule(const json& item, const std::string& where) {
  if (!item.is_object()) bad(where, "expected an object {target, match, patterns, action}");
  Rule rule;
  rule.id = read_optional_string(item, "id", where);
  rule.message = read_optional_string(item, "message", where);
  rule.target = read_enum(item, "target", where, kTargets, std::optional<RuleTarget>());
  RuleMatch default_match = rule.target == RuleTarget::kDomain    ? RuleMatch::kDomain
                            : rule.target == RuleTarget::kAddress ? RuleMatch::kExact
                                                                  : RuleMatch::kContains;
  rule.match = read_enum(item, "match", where, kMatches, std::optional(default_match));
  if (rule.match == RuleMatch::kContains && !is_text_target(rule.target)) {
    bad(where + ".match", "\"contains\" applies to attachment-name, subject and body");
  }
  if (rule.match == RuleMatch::kDomain && is_text_target(rule.target)) {
    bad(where + ".match", "\"domain\" applies to the domain and address targets");
  }
  rule.action = read_enum(item, "action", where, kActions, std::optional<RuleAction>());
  rule.condition =
      read_enum(item, "condition", where, kConditions, std::optional(RuleCondition::kAlways));
  auto patterns = item.find("patterns");
  if (patterns == item.end() || !patterns->is_array() || patterns->empty()) {
    bad(where + ".patterns", "expected a non-empty array of strings");
  }
  for (std::size_t i = 0; i < patterns->size(); ++i) {
    const json& pattern = (*patterns)[i];
    std::string at = where + ".patterns[" + std::to_string(i) + "]";
    if (!pattern.is_string() || pattern.get_ref<const std::string&>().empty()) {
      bad(at, "expected a non-empty string");
    }
    const std::string& text = pattern.get_ref<const std::string&>();
    bool needs_domain = rule.match == RuleMatch::kDomain ||
                        (rule.target == RuleTarget::kDomain && rule.match == RuleMatch::kExact);
    if (needs_domain && !valid_domain_pattern(text)) bad(at, "not a valid domain: " + text);
    if (rule.target == RuleTarget::kAddress && rule.match == RuleMatch::kExact &&
        !valid_address_pattern(text)) {
      bad(at, "not a valid address: " + text);
    }
    rule.patterns.push_back(text);
  }
  return rule;
}

void read_rules(const json& object, std::vector<Rule>* out) {
  auto it = object.find("rules");
  if (it == object.end()) return;
  if (!it->is_array()) bad("rules", "expected an array of rules");
  std::vector<Rule> rules;
  for (std::size_t i = 0; i < it->size(); ++i) {
    rules.push_back(read_rule((*it)[i], "rules[" + std::to_string(i) + "]"));
  }
  *out = std::move(rules);
}

// A list of strings each of which must pass `valid`.
void read_checked_list(const json& object, const char* key, bool (*valid)(std::string_view),
                       const char* what, std::vector<std::string>* out) {
  std::vector<std::string> values;
  read_list(object, key, &values);
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!valid(values[i])) {
      bad(std::string(key) + "[" + std::to_string(i) + "]", std::string(what) + ": " + values[i]);
    }
  }
  if (object.contains(key)) *out = std::move(values);
}

// "https://host[:port]" or "http://host[:port]": what a browser sends as Origin.
bool valid_origin(std::string_view text) {
  std::string_view rest;
  if (text.starts_with("https://")) {
    rest = text.substr(8);
  } else if (text.starts_with("http://")) {
    rest = text.substr(7);
  } else {
    return false;
  }
  return !rest.empty() && rest.find_first_of("/?#*@ \t\r\n") == std::string_view::npos;
}

json parties_json(const std::vector<Party>& parties) {
  json out = json::array();
  for (const Party& party : parties)
    out.push_back(json{{"domain", party.domain}, {"names", party.names}});
  return out;
}

}  // namespace

void apply_settings_json(const json& object, Settings* settings) {
  if (!object.is_object()) throw Error("settings.bad-value", "settings must be a JSON object");
  read_domain_list(object, "internalDomains", &settings->internal_domains);
  read_domain_list(object, "trustedDomains", &settings->trusted_domains);
  read_domain_list(object, "freemailDomains", &settings->freemail_domains);
  read_bool(object, "skipDialogWhenAllInternalKnown",
            &settings->skip_dialog_when_all_internal_known);
  read_bool(object, "failClosed", &settings->fail_closed);
  read_int(object, "manyRecipientsThreshold", 1, 100000, &settings->many_recipients_threshold);
  read_int(object, "countdownSeconds", 0, 600, &settings->countdown_seconds);
  read_int(object, "maxListedRecipients", 10, 5000, &settings->max_listed_recipients);
  read_int(object, "largeAttachmentBytes", 1, std::int64_t{1} << 40,
           &settings->large_attachment_bytes);
  read_list(object, "sensitiveWords", &settings->sensitive_words);
  read_list(object, "attachmentWords", &settings->attachment_words);
  read_int(object, "bccDomainThreshold", 1, 100000, &settings->bcc_domain_threshold);
  read_int(object, "personalDataEmailThreshold", 1, 100000,
           &settings->personal_data_email_threshold);
  read_int(object, "personalDataPhoneThreshold", 1, 100000,
           &settings->personal_data_phone_threshold);
  if (auto it = object.find("parties"); it != object.end()) {
    if (!it->is_array()) bad("parties", "expected an array of {domain, names}");
    std::vector<Party> parties;
    for (const json& item : *it) {
      if (!item.is_object() || !item.value("domain", json()).is_string()) {
        bad("parties", "each entry needs a \"domain\" string");
      }
      Party party;
      party.domain = item["domain"].get<std::string>();
      read_list(item, "names", &party.names);
      parties.push_back(std::move(party));
    }
    settings->parties = std::move(parties);
  }
  read_checked_list(object, "blockedDomains", valid_domain_pattern, "not a valid domain",
                    &settings->blocked_domains);
  read_checked_list(object, "blockedAddresses", valid_address_pattern, "not a valid address",
                    &settings->blocked_addresses);
  read_rules(object, &settings->rules);
  read_int(object, "bridgePort", 1, 65535, &settings->bridge_port);
  read_checked_list(object, "allowedOrigins", valid_origin, "not an origin (https://host[:port])",
                    &settings->allowed_origins);
  read_int(object, "auditRetentionDays", 0, 36500, &settings->audit_retention_days);
  if (auto it = object.find("policyUrl"); it != object.end()) {
    if (!it->is_string()) bad("policyUrl", "expected a string (an https:// URL, or \"\")");
    std::string url = it->get<std::string>();
    if (!url.empty() && url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0) {
      bad("policyUrl", "expected an https:// URL");
    }
    settings->policy_url = url;
  }
  read_int(object, "policyRefreshSeconds", 60, 7 * 86400, &settings->policy_refresh_seconds);
  read_int(object, "policyTimeoutSeconds", 1, 60, &settings->policy_timeout_seconds);
  if (auto it = object.find("locale"); it != object.end()) {
    if (!it->is_string()) bad("locale", "expected \"ja\", \"en\" or \"\"");
    std::string locale = it->get<std::string>();
    if (locale != "ja" && locale != "en" && !locale.empty()) {
      bad("locale", "expected \"ja\", \"en\" or \"\"");
    }
    settings->locale = locale;
  }
}

json settings_to_json(const Settings& settings) {
  json rules = json::array();
  for (const Rule& rule : settings.rules) rules.push_back(rule_to_json(rule));
  return json{
      {"internalDomains", settings.internal_domains},
      {"trustedDomains", settings.trusted_domains},
      {"freemailDomains", settings.freemail_domains},
      {"skipDialogWhenAllInternalKnown", settings.skip_dialog_when_all_internal_known},
      {"failClosed", settings.fail_closed},
      {"manyRecipientsThreshold", settings.many_recipients_threshold},
      {"countdownSeconds", settings.countdown_seconds},
      {"maxListedRecipients", settings.max_listed_recipients},
      {"locale", settings.locale},
      {"largeAttachmentBytes", settings.large_attachment_bytes},
      {"sensitiveWords", settings.sensitive_words},
      {"attachmentWords", settings.attachment_words},
      {"parties", parties_json(settings.parties)},
      {"bccDomainThreshold", settings.bcc_domain_threshold},
      {"personalDataEmailThreshold", settings.personal_data_email_threshold},
      {"personalDataPhoneThreshold", settings.personal_data_phone_threshold},
      {"blockedDomains", settings.blocked_domains},
      {"blockedAddresses", settings.blocked_addresses},
      {"rules", rules},
      {"bridgePort", settings.bridge_port},
      {"allowedOrigins", settings.allowed_origins},
      {"auditRetentionDays", settings.audit_retention_days},
      {"policyUrl", settings.policy_url},
      {"policyRefreshSeconds", settings.policy_refresh_seconds},
      {"policyTimeoutSeconds", settings.policy_timeout_seconds},
  };
}

json rule_to_json(const Rule& rule) {
  json out{{"target", rule_target_name(rule.target)},
           {"match", rule_match_name(rule.match)},
           {"patterns", rule.patterns},
           {"action", rule_action_name(rule.action)},
           {"condition", rule_condition_name(rule.condition)}};
  if (!rule.id.empty()) out["id"] = rule.id;
  if (!rule.message.empty()) out["message"] = rule.message;
  return out;
}

std::string_view rule_target_name(RuleTarget target) { return name_of(kTargets, target); }
std::string_view rule_match_name(RuleMatch match) { return name_of(kMatches, match); }
std::string_view rule_action_name(RuleAction action) { return name_of(kActions, action); }
std::string_view rule_condition_name(RuleCondition condition) {
  return name_of(kConditions, condition);
}

}  // namespace sendcheck
