// sendcheck/settings.h — what the user and the team policy can set.
//
// JSON keys (camelCase) are documented in docs/protocol.md ("Settings", "Rules and team policy").
// A settings file holds a subset of the keys; what it does not set keeps its built-in default.
// Values of the wrong type or out of range throw sendcheck::Error("settings.bad-value",
// "<key>: ...") naming the key (and the index for list entries: "rules[2].action: ..."); unknown
// keys are ignored so that older engines read newer files. How the layers (defaults < team policy
// < user) are read and combined is the host's policy layer (host/src/policy/policy.h). Thread-safe
// as a value type.
#ifndef SENDCHECK_SETTINGS_H_
#define SENDCHECK_SETTINGS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace sendcheck {

// A rule in FlexConfirmMail's spirit (docs/protocol.md "Rules and team policy"): when `target`
// matches one of `patterns` (under `condition`), the check warns, asks for a tick, or blocks.
enum class RuleTarget { kDomain, kAddress, kAttachmentName, kSubject, kBody };
// kExact: the whole value (a domain: the canonical domain; an address: the canonical address or
//   one of its sub-addresses `name+tag@`; text: NFKC case-folded equality).
// kDomain: (domain and address targets) the domain is the pattern or under it, label boundaries.
// kGlob: the whole value against a pattern with `*` (any run) and `?` (one character).
// kContains: (attachment-name, subject, body) the pattern occurs in the text.
// Text comparisons are NFKC case-folded (ICU); domains compare canonical (domain.h).
enum class RuleMatch { kExact, kDomain, kGlob, kContains };
// kWarn: a warning. kReconfirm: a warning with a checkbox, and the matching recipient or
// attachment must be ticked. kBlock: the message cannot be sent.
enum class RuleAction { kWarn, kReconfirm, kBlock };
// kExternal: only when some recipient is external, free-mail or unverifiable.
// kAttachments: only when the draft has attachments.
enum class RuleCondition { kAlways, kExternal, kAttachments };

struct Rule {
  std::string id;  // optional, for the administrator; echoed in warning params ("ruleId")
  RuleTarget target = RuleTarget::kSubject;
  RuleMatch match = RuleMatch::kContains;
  std::vector<std::string> patterns;  // at least one, none empty
  RuleAction action = RuleAction::kWarn;
  RuleCondition condition = RuleCondition::kAlways;
  std::string message;  // optional: replaces the localised message, shown as is
};

// The JSON names of the enums ("attachment-name", "glob", "reconfirm", "external", ...).
std::string_view rule_target_name(RuleTarget target);
std::string_view rule_match_name(RuleMatch match);
std::string_view rule_action_name(RuleAction action);
std::string_view rule_condition_name(RuleCondition condition);

// An organisation the user deals with, as it may be named in a file name or a salutation.
struct Party {
  std::string domain;              // registrable domain, as written (Unicode or punycode)
  std::vector<std::string> names;  // "株式会社パートナーA", "パートナーA", "Partner A"
};

struct Settings {
  // Domains of the user's organisation; subdomains included, "!sub.example.jp" excepts one.
  std::vector<std::string> internal_domains;
  // External partners whose recipients need no tick unless something else is wrong.
  std::vector<std::string> trusted_domains;
  // Added to the built-in free-mail / carrier list (builtin_freemail_domains()).
  std::vector<std::string> freemail_domains;
  // When every recipient is internal (or trusted) and known, answer verdict "send" (no dialog).
  bool skip_dialog_when_all_internal_known = true;
  // When the engine cannot be reached or fails, the add-on blocks sending instead of showing the
  // fallback dialog (DESIGN.md §6). Usually set and locked by the team policy.
  bool fail_closed = false;
  // More recipients than this in To+Cc+Bcc gives warning "many-recipients".
  std::int64_t many_recipients_threshold = 20;
  // Seconds the dialog's Send button waits before it can be pressed (0 = none).
  std::int64_t countdown_seconds = 0;
  // "ja", "en", or "" (= from the draft, then the environment).
  std::string locale;
  // A payload lists at most this many recipients one by one; the rest are counted per domain
  // (the reply must stay under 1 MiB, DESIGN.md §3).
  std::int64_t max_listed_recipients = 1000;

  // --- Detectors (issue 3) ---
  // Attachments larger than this many bytes are flagged "large".
  std::int64_t large_attachment_bytes = 10 * 1024 * 1024;
  // Words that make an attachment name "sensitive-name" (matched case-insensitively, NFKC).
  std::vector<std::string> sensitive_words = {
      "社外秘", "極秘", "機密",         "部外秘", "取扱注意", "個人情報",   "顧客",
      "給与",   "人事", "confidential", "secret", "password", "パスワード", "internal only"};
  // Words in the user's own text that mean an attachment is expected.
  std::vector<std::string> attachment_words = {"添付",       "同封",     "別添",        "attached",
                                               "attachment", "enclosed", "see attached"};
  // Organisations named in file names and salutations (names-other-party, salutation-mismatch).
  std::vector<Party> parties;
  // External To/Cc recipients from more registrable domains than this give "bcc-suggested".
  std::int64_t bcc_domain_threshold = 4;
  // Personal data in the body: this many e-mail addresses or phone numbers or more.
  std::int64_t personal_data_email_threshold = 10;
  std::int64_t personal_data_phone_threshold = 10;

  // --- Rules and blocks (team policy, docs/protocol.md "Rules and team policy") ---
  // Recipients under these domains (subdomains on label boundaries) are flagged "blocked".
  // Validated as domains on load; kept as written.
  std::vector<std::string> blocked_domains;
  // Recipients with these addresses (canonical comparison, sub-addresses included) are "blocked".
  std::vector<std::string> blocked_addresses;
  // Applied in order after the built-in checks (core/rules.h).
  std::vector<Rule> rules;

  // --- HTTP bridge for the Outlook add-in (`sendcheck serve`, issue 5) ---
  // The loopback port when `serve` has no --port.
  std::int64_t bridge_port = 47110;
  // Origins ("https://host[:port]", no path) of the add-in allowed to call the bridge.
  std::vector<std::string> allowed_origins;

  // --- Audit log and team policy URL (issue 6) ---
  // Audit entries older than this many days are deleted (at the first write of a host or CLI
  // run, and by `sendcheck audit prune` without --older-than). 0 keeps them forever.
  std::int64_t audit_retention_days = 365;
  // The team policy served over HTTPS (docs/admin-guide.md "Policy from a URL"). Read from the
  // local team policy file only: in the user layer or in the fetched policy it is ignored.
  // "" = none.
  std::string policy_url;
  // A fetched policy older than this many seconds is fetched again (with If-None-Match).
  std::int64_t policy_refresh_seconds = 3600;
  // Connect + transfer time limit of one fetch, in seconds.
  std::int64_t policy_timeout_seconds = 5;
};

// Applies the keys present in `json` (an object) on top of `*settings`.
void apply_settings_json(const nlohmann::json& json, Settings* settings);

// All keys with their values, in the JSON form read by apply_settings_json (so
// apply_settings_json(settings_to_json(s)) gives s back).
nlohmann::json settings_to_json(const Settings& settings);

// One rule in its JSON form (every key written, "id" and "message" only when not empty).
nlohmann::json rule_to_json(const Rule& rule);

}  // namespace sendcheck

#endif  // SENDCHECK_SETTINGS_H_
