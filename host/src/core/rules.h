// Rules and blocks of the settings (team policy and user), applied to an assessed payload
// (docs/protocol.md "Rules and team policy"). Private to the core layer: assess() calls it after
// the built-in checks and before it decides the verdict.
#ifndef SENDCHECK_CORE_RULES_H_
#define SENDCHECK_CORE_RULES_H_

#include <string>
#include <string_view>

#include "sendcheck/draft.h"
#include "sendcheck/payload.h"
#include "sendcheck/settings.h"

namespace sendcheck {

// Applies Settings::blocked_domains, blocked_addresses and rules to `*payload`, an already built
// payload of `draft` (groups, attachments, warnings in place; payload->locale set). Changes:
//  - a recipient under a blocked domain, at a blocked address (or a sub-address of it), or
//    matched by a domain/address rule with action "block" gets one flag "blocked" (message
//    {rule}: the entry or pattern, or the rule's own message) and must_confirm = true;
//  - a domain/address rule "reconfirm" sets the matching recipients' must_confirm; an
//    attachment-name rule "reconfirm" or "block" sets the matching attachments' must_confirm;
//  - each rule pattern that matched adds one warning, appended in rule order: "keyword"
//    (severity "warning"; must_confirm for "reconfirm") for warn/reconfirm, or "policy-block"
//    (severity "danger") for a subject/body/attachment-name "block". params: "keyword" (or
//    "reason" for policy-block) = the pattern, "target", and when present "ruleId"; for recipient
//    and attachment targets "matches" (at most 10 addresses or names) and "matchCount";
//  - group must_confirm_count follows the recipients' must_confirm.
// Recipients without a canonical address (the unverifiable group) are matched by nothing. The
// verdict is NOT changed: the caller decides it (any "blocked" flag or "policy-block" warning
// means block). Pure: no I/O. Thread-safe for distinct payloads.
void apply_rules(const Settings& settings, const Draft& draft, Payload* payload);

// Exposed for tests: NFKC case folding (ICU) of UTF-8 text, and `*`/`?` glob matching over code
// points of the folded forms of both arguments.
std::string fold_text(std::string_view text);
bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace sendcheck

#endif  // SENDCHECK_CORE_RULES_H_
