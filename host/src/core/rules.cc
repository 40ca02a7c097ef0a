// Rules and blocks of the settings, applied to an assessed payload (see core/rules.h).
#include "core/rules.h"

#include <unicode/unistr.h>

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/text.h"
#include "sendcheck/address.h"
#include "sendcheck/domain.h"
#include "sendcheck/messages.h"

namespace sendcheck {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxListedMatches = 10;

// NFKC case folding into code points; nullopt when ICU fails (the text then matches nothing).
std::optional<std::u32string> fold_code_points(std::string_view text) {
  std::optional<std::string> folded = try_nfkc_casefold(text);
  if (!folded) return std::nullopt;
  std::u32string out;
  out.reserve(folded->size());
  for (std::size_t i = 0; i < folded->size();) {
    out.push_back(static_cast<char32_t>(next_code_point(*folded, &i)));
  }
  return out;
}

// Iterative glob with one backtracking point: O(pattern * text) at worst.
bool glob_code_points(const std::u32string& pattern, const std::u32string& text) {
  std::size_t p = 0;
  std::size_t t = 0;
  std::size_t star = std::u32string::npos;
  std::size_t star_text = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == U'?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == U'*') {
      star = p++;
      star_text = t;
    } else if (star != std::u32string::npos) {
      p = star + 1;
      t = ++star_text;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == U'*') ++p;
  return p == pattern.size();
}

// The canonical domain of a domain pattern ("example.jp" or "@example.jp").
std::optional<std::string> pattern_domain(std::string_view pattern) {
  if (!pattern.empty() && pattern.front() == '@') pattern.remove_prefix(1);
  return canonical_domain(pattern);
}

// The canonical address of an address pattern.
std::optional<std::string> pattern_address(std::string_view pattern) {
  size_t at = pattern.rfind('@');
  if (at == std::string_view::npos) return std::nullopt;
  Mailbox mailbox;
  mailbox.address = std::string(pattern);
  mailbox.local_part = std::string(pattern.substr(0, at));
  mailbox.domain = std::string(pattern.substr(at + 1));
  CanonicalAddress canonical;
  if (!canonicalize(mailbox, &canonical)) return std::nullopt;
  return canonical.address;
}

// One pattern of a rule, prepared once per apply_rules call.
struct Compiled {
  const Rule* rule = nullptr;
  std::string pattern;                   // as written
  std::optional<std::u32string> folded;  // for exact/glob/contains on text
  std::optional<std::string> canonical;  // domain or address, for exact/domain on recipients
};

// What a recipient is matched on.
struct RecipientView {
  std::string address;       // canonical
  std::string base_address;  // without a +tag
  std::string domain;        // canonical ASCII
  std::u32string folded_address;
  std::u32string folded_address_unicode;
  std::u32string folded_domain;
  std::u32string folded_domain_unicode;
};

std::optional<RecipientView> view_of(const RecipientResult& r) {
  size_t at = r.address.rfind('@');
  if (at == std::string::npos || at == 0) return std::nullopt;
  RecipientView view;
  view.address = r.address;
  view.domain = r.address.substr(at + 1);
  std::string local = r.address.substr(0, at);
  size_t plus = local.find('+');
  view.base_address = plus != std::string::npos && plus > 0 && local.front() != '"'
                          ? local.substr(0, plus) + "@" + view.domain
                          : view.address;
  std::string unicode = r.address_unicode.empty() ? r.address : r.address_unicode;
  size_t unicode_at = unicode.rfind('@');
  std::string unicode_domain =
      unicode_at == std::string::npos ? view.domain : unicode.substr(unicode_at + 1);
  view.folded_address = fold_code_points(view.address).value_or(U"");
  view.folded_address_unicode = fold_code_points(unicode).value_or(U"");
  view.folded_domain = fold_code_points(view.domain).value_or(U"");
  view.folded_domain_unicode = fold_code_points(unicode_domain).value_or(U"");
  return view;
}

bool address_matches(const std::string& canonical_pattern, const RecipientView& view) {
  return view.address == canonical_pattern || view.base_address == canonical_pattern;
}

bool recipient_matches(const Compiled& c, const RecipientView& view) {
  const Rule& rule = *c.rule;
  switch (rule.match) {
    case RuleMatch::kExact:
      if (!c.canonical) return false;
      return rule.target == RuleTarget::kDomain ? view.domain == *c.canonical
                                                : address_matches(*c.canonical, view);
    case RuleMatch::kDomain:
      return c.canonical && domain_is_under(view.domain, *c.canonical);
    case RuleMatch::kGlob:
      if (!c.folded) return false;
      if (rule.target == RuleTarget::kDomain) {
        return glob_code_points(*c.folded, view.folded_domain) ||
               glob_code_points(*c.folded, view.folded_domain_unicode);
      }
      return glob_code_points(*c.folded, view.folded_address) ||
             glob_code_points(*c.folded, view.folded_address_unicode);
    case RuleMatch::kContains:
      return false;  // refused for recipient targets when settings are read
  }
  return false;
}

bool text_matches(const Compiled& c, const std::u32string& folded_text) {
  if (!c.folded) return false;
  switch (c.rule->match) {
    case RuleMatch::kExact:
      return folded_text == *c.folded;
    case RuleMatch::kGlob:
      return glob_code_points(*c.folded, folded_text);
    case RuleMatch::kContains:
      return folded_text.find(*c.folded) != std::u32string::npos;
    case RuleMatch::kDomain:
      return false;  // refused for text targets when settings are read
  }
  return false;
}

Compiled compile(const Rule& rule, const std::string& pattern) {
  Compiled c;
  c.rule = &rule;
  c.pattern = pattern;
  bool recipient = rule.target == RuleTarget::kDomain || rule.target == RuleTarget::kAddress;
  if (recipient && rule.match == RuleMatch::kDomain) {
    c.canonical = pattern_domain(pattern);
  } else if (rule.target == RuleTarget::kDomain && rule.match == RuleMatch::kExact) {
    c.canonical = pattern_domain(pattern);
  } else if (rule.target == RuleTarget::kAddress && rule.match == RuleMatch::kExact) {
    c.canonical = pattern_address(pattern);
  } else {
    c.folded = fold_code_points(pattern);
  }
  return c;
}

class RuleApplier {
 public:
  RuleApplier(const Settings& settings, const Draft& draft, Payload* payload)
      : settings_(settings),
        draft_(draft),
        payload_(*payload),
        locale_(parse_locale(payload->locale)) {}

  void run() {
    index_recipients();
    apply_blocked_lists();
    for (const Rule& rule : settings_.rules) {
      if (!condition_holds(rule.condition)) continue;
      for (const std::string& pattern : rule.patterns) apply(compile(rule, pattern));
    }
  }

 private:
  struct Slot {
    std::size_t group;
    std::size_t recipient;
    RecipientView view;
  };

  void index_recipients() {
    for (std::size_t g = 0; g < payload_.groups.size(); ++g) {
      const DomainGroup& group = payload_.groups[g];
      if (group.domain.empty()) continue;  // unverifiable and malformed: no canonical address
      for (std::size_t r = 0; r < group.recipients.size(); ++r) {
        if (std::optional<RecipientView> view = view_of(group.recipients[r])) {
          slots_.push_back(Slot{g, r, std::move(*view)});
        }
      }
    }
  }

  bool condition_holds(RuleCondition condition) const {
    switch (condition) {
      case RuleCondition::kAlways:
        return true;
      case RuleCondition::kAttachments:
        return !draft_.attachments.empty() || !payload_.attachments.empty();
      case RuleCondition::kExternal:
        return std::any_of(
            payload_.groups.begin(), payload_.groups.end(), [](const DomainGroup& group) {
              return group.recipient_count > 0 && (group.klass == DomainClass::kExternal ||
                                                   group.klass == DomainClass::kFreemail ||
                                                   group.klass == DomainClass::kUnverifiable);
            });
    }
    return true;
  }

  RecipientResult& recipient(const Slot& slot) {
    return payload_.groups[slot.group].recipients[slot.recipient];
  }

  void require_confirmation(const Slot& slot) {
    RecipientResult& r = recipient(slot);
    if (r.must_confirm) return;
    r.must_confirm = true;
    payload_.groups[slot.group].must_confirm_count++;
  }

  void block(const Slot& slot, const std::string& rule_text, const std::string& custom_message) {
    RecipientResult& r = recipient(slot);
    bool already = std::any_of(r.flags.begin(), r.flags.end(),
                               [](const Flag& f) { return f.code == "blocked"; });
    if (!already) {
      Flag flag;
      flag.code = "blocked";
      flag.message = custom_message.empty()
                         ? format_message("blocked", json{{"rule", rule_text}}, locale_)
                         : custom_message;
      r.flags.push_back(std::move(flag));
    }
    require_confirmation(slot);
  }

  void apply_blocked_lists() {
    std::vector<std::pair<std::string, std::string>> domains;  // (as written, canonical)
    for (const std::string& entry : settings_.blocked_domains) {
      if (std::optional<std::string> canonical = pattern_domain(entry)) {
        domains.emplace_back(entry, *canonical);
      }
    }
    std::vector<std::pair<std::string, std::string>> addresses;
    for (const std::string& entry : settings_.blocked_addresses) {
      if (std::optional<std::string> canonical = pattern_address(entry)) {
        addresses.emplace_back(entry, *canonical);
      }
    }
    if (domains.empty() && addresses.empty()) return;
    for (const Slot& slot : slots_) {
      for (const auto& [entry, canonical] : addresses) {
        if (address_matches(canonical, slot.view)) block(slot, entry, "");
      }
      for (const auto& [entry, canonical] : domains) {
        if (domain_is_under(slot.view.domain, canonical)) block(slot, entry, "");
      }
    }
  }

  void apply(const Compiled& c) {
    const Rule& rule = *c.rule;
    std::vector<std::string> matches;
    std::size_t match_count = 0;
    auto note = [&](const std::string& what) {
      ++match_count;
      if (matches.size() < kMaxListedMatches) matches.push_back(what);
    };
    switch (rule.target) {
      case RuleTarget::kDomain:
      case RuleTarget::kAddress:
        for (const Slot& slot : slots_) {
          if (!recipient_matches(c, slot.view)) continue;
          const RecipientResult& r = recipient(slot);
          note(r.address_unicode.empty() ? r.address : r.address_unicode);
          if (rule.action == RuleAction::kBlock) {
            block(slot, c.pattern, rule.message);
          } else if (rule.action == RuleAction::kReconfirm) {
            require_confirmation(slot);
          }
        }
        // A blocked recipient carries its own flag; no warning repeats it.
        if (match_count > 0 && rule.action != RuleAction::kBlock) {
          add_warning(c, matches, match_count);
        }
        return;
      case RuleTarget::kAttachmentName:
        for (AttachmentResult& attachment : payload_.attachments) {
          std::optional<std::u32string> name = fold_code_points(attachment.name);
          if (!name || !text_matches(c, *name)) continue;
          note(attachment.name);
          if (rule.action != RuleAction::kWarn) attachment.must_confirm = true;
        }
        if (match_count > 0) add_warning(c, matches, match_count);
        return;
      case RuleTarget::kSubject:
      case RuleTarget::kBody: {
        const std::string& text =
            rule.target == RuleTarget::kSubject ? draft_.subject : draft_.body;
        std::optional<std::u32string> folded = folded_text(rule.target, text);
        if (folded && text_matches(c, *folded)) add_warning(c, {}, 0);
        return;
      }
    }
  }

  // Subject and body are folded once per check, not once per pattern.
  std::optional<std::u32string> folded_text(RuleTarget target, const std::string& text) {
    std::optional<std::u32string>& cache = target == RuleTarget::kSubject ? subject_ : body_;
    if (!cache) cache = fold_code_points(text);
    return cache;
  }

  void add_warning(const Compiled& c, const std::vector<std::string>& matches,
                   std::size_t match_count) {
    const Rule& rule = *c.rule;
    Warning warning;
    bool blocks = rule.action == RuleAction::kBlock;
    warning.code = blocks ? "policy-block" : "keyword";
    warning.severity = blocks ? "danger" : "warning";
    warning.must_confirm = rule.action == RuleAction::kReconfirm;
    warning.params =
        json{{blocks ? "reason" : "keyword", c.pattern}, {"target", rule_target_name(rule.target)}};
    if (!rule.id.empty()) warning.params["ruleId"] = rule.id;
    if (match_count > 0) {
      warning.params["matches"] = matches;
      warning.params["matchCount"] = match_count;
    }
    warning.message =
        rule.message.empty() ? format_message(warning.code, warning.params, locale_) : rule.message;
    payload_.warnings.push_back(std::move(warning));
  }

  const Settings& settings_;
  const Draft& draft_;
  Payload& payload_;
  Locale locale_;
  std::vector<Slot> slots_;
  std::optional<std::u32string> subject_;
  std::optional<std::u32string> body_;
};

std::string to_utf8(const std::u32string& code_points) {
  icu::UnicodeString out;
  for (char32_t c : code_points) out.append(static_cast<UChar32>(c));
  std::string utf8;
  out.toUTF8String(utf8);
  return utf8;
}

}  // namespace

void apply_rules(const Settings& settings, const Draft& draft, Payload* payload) {
  if (settings.rules.empty() && settings.blocked_domains.empty() &&
      settings.blocked_addresses.empty()) {
    return;
  }
  RuleApplier(settings, draft, payload).run();
}

std::string fold_text(std::string_view text) {
  std::optional<std::u32string> folded = fold_code_points(text);
  return folded ? to_utf8(*folded) : std::string();
}

bool glob_match(std::string_view pattern, std::string_view text) {
  std::optional<std::u32string> p = fold_code_points(pattern);
  std::optional<std::u32string> t = fold_code_points(text);
  return p && t && glob_code_points(*p, *t);
}

}  // namespace sendcheck
