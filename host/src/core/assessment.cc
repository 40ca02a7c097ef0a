// The check: classify every recipient, look it up in the history, decide the verdict.
#include "sendcheck/assessment.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "core/attachment_checks.h"
#include "core/body/body_checks.h"
#include "core/lookalike.h"
#include "core/rules.h"
#include "core/wrong_recipient.h"
#include "sendcheck/domain.h"
#include "sendcheck/similarity.h"

namespace sendcheck {
namespace {

using nlohmann::json;

// Everything about one recipient domain that does not depend on the recipient. Computed once
// per domain per check: a 7000-recipient draft usually has a few hundred domains.
struct DomainFacts {
  bool valid = false;
  std::string canonical;
  std::string registrable;
  std::string registrable_unicode;
  DomainClass klass = DomainClass::kExternal;
  bool known = false;  // some message already went to this registrable domain
};

class Classifier {
 public:
  Classifier(const Draft& draft, const Settings& settings, const HistoryReader& history)
      : internal_(settings.internal_domains),
        internal_exceptions_(exceptions_of(settings.internal_domains)),
        trusted_(settings.trusted_domains),
        history_(history) {
    std::vector<std::string> freemail = builtin_freemail_domains();
    freemail.insert(freemail.end(), settings.freemail_domains.begin(),
                    settings.freemail_domains.end());
    freemail_ = DomainList(freemail);
    // DESIGN.md §4: the sender's own domain is internal unless it is a free-mail or carrier
    // domain. Its registrable domain is used, so mail from tokyo.example.co.jp makes every
    // example.co.jp host internal.
    for (const Mailbox& from : draft.from) {
      CanonicalAddress sender;
      if (!canonicalize(from, &sender)) continue;
      if (freemail_.contains(sender.domain)) continue;
      sender_domains_.push_back(sender.registrable);
    }
  }

  const DomainFacts& facts(const std::string& written_domain) {
    auto [it, inserted] = cache_.try_emplace(written_domain);
    if (!inserted) return it->second;
    DomainFacts& facts = it->second;
    std::optional<std::string> canonical = canonical_domain(written_domain);
    if (!canonical) return facts;
    facts.valid = true;
    facts.canonical = *canonical;
    facts.registrable = registrable_domain(facts.canonical);
    facts.registrable_unicode = domain_to_unicode(facts.registrable);
    facts.klass = classify(facts.canonical);
    facts.known = history_.find_domain(facts.registrable).has_value();
    return facts;
  }

 private:
  DomainClass classify(const std::string& domain) const {
    if (internal_.contains(domain)) return DomainClass::kInternal;
    // A "!sub" exception in the internal list also beats the sender's own domain.
    if (!internal_exceptions_.contains(domain)) {
      for (const std::string& own : sender_domains_) {
        if (domain_is_under(domain, own)) return DomainClass::kInternal;
      }
    }
    if (trusted_.contains(domain)) return DomainClass::kTrusted;
    if (freemail_.contains(domain)) return DomainClass::kFreemail;
    return DomainClass::kExternal;
  }

  static DomainList exceptions_of(const std::vector<std::string>& entries) {
    std::vector<std::string> exceptions;
    for (const std::string& entry : entries) {
      size_t start = entry.find_first_not_of(" \t");
      if (start != std::string::npos && entry[start] == '!')
        exceptions.push_back(entry.substr(start + 1));
    }
    return DomainList(exceptions);
  }

 private:
  DomainList internal_;
  DomainList internal_exceptions_;
  DomainList trusted_;
  DomainList freemail_;
  std::vector<std::string> sender_domains_;
  const HistoryReader& history_;
  std::unordered_map<std::string, DomainFacts> cache_;
};

Flag make_flag(std::string code, const json& params, Locale locale) {
  Flag flag;
  flag.message = format_message(code, params, locale);
  flag.code = std::move(code);
  return flag;
}

bool is_alarm(std::string_view code) {
  return code == "first-time" || code == "first-time-domain" || code == "lookalike" ||
         code == "unverifiable" || code == "malformed" || code == "blocked" ||
         code == "unusual-combination" || code == "new-in-thread" || code == "wrong-recipient";
}

int group_rank(DomainClass klass) {
  switch (klass) {
    case DomainClass::kUnverifiable:
      return 0;
    case DomainClass::kExternal:
      return 1;
    case DomainClass::kFreemail:
      return 2;
    case DomainClass::kTrusted:
      return 3;
    case DomainClass::kInternal:
      return 4;
  }
  return 5;
}

// The names and organisations a salutation may legitimately name, per To recipient.
std::vector<AddresseeNames> addressees_of(const Draft& draft, const Settings& settings,
                                          const HistoryReader& history) {
  std::vector<AddresseeNames> out;
  for (const DraftRecipient& recipient : draft.recipients) {
    if (recipient.field != Field::kTo) continue;
    CanonicalAddress canonical;
    if (!canonicalize(recipient.mailbox, &canonical)) continue;
    AddresseeNames names;
    names.address = canonical.address;
    if (!recipient.mailbox.display_name.empty()) {
      names.names.push_back(recipient.mailbox.display_name);
    }
    if (std::optional<AddressRecord> record = history.find_address(canonical.address)) {
      for (const std::string& name : record->names) names.names.push_back(name);
    }
    names.organisations.push_back(domain_label(canonical.registrable));
    for (const Party& party : settings.parties) {
      std::optional<std::string> domain = canonical_domain(party.domain);
      if (domain && domain_is_under(canonical.domain, *domain)) {
        names.organisations.insert(names.organisations.end(), party.names.begin(),
                                   party.names.end());
      }
    }
    out.push_back(std::move(names));
  }
  return out;
}

struct KnownRecipient {
  size_t group;
  size_t index;
  std::string address;
  std::string registrable;
  Field field = Field::kTo;
  std::string display_name;
  std::vector<std::string> known_names;  // names the history knows for `address`
};

// wrong-recipient (core/wrong_recipient.h): a known recipient who does not fit the draft while
// another known contact does.
void flag_wrong_recipients(const Draft& draft, const std::vector<KnownRecipient>& known,
                           const std::vector<std::vector<std::int64_t>>& pairs,
                           const std::vector<std::string>& draft_addresses,
                           const HistoryReader& history, Locale locale, Payload* payload) {
  // Past kMaxWeighedRecipients distinct addresses the check does not weigh anyone: read nothing
  // for it (an address both in To and Cc counts once).
  std::set<std::string> distinct;
  for (const KnownRecipient& recipient : known) distinct.insert(recipient.address);
  if (distinct.empty() || distinct.size() > kMaxWeighedRecipients) return;
  std::vector<KnownDraftRecipient> recipients;
  recipients.reserve(known.size());
  for (const KnownRecipient& recipient : known) {
    KnownDraftRecipient entry;
    entry.address = recipient.address;
    entry.field = recipient.field;
    if (!recipient.display_name.empty()) entry.names.push_back(recipient.display_name);
    entry.names.insert(entry.names.end(), recipient.known_names.begin(),
                       recipient.known_names.end());
    recipients.push_back(std::move(entry));
  }
  for (const WrongRecipientFinding& finding :
       find_wrong_recipients(draft, recipients, pairs, draft_addresses, history)) {
    const KnownRecipient& recipient = known[finding.recipient];
    DomainGroup& group = payload->groups[recipient.group];
    RecipientResult& r = group.recipients[recipient.index];
    json params{{"similarTo", finding.similar_to},
                {"reason", finding.reason},
                {"address", r.address_unicode}};
    if (!finding.name.empty()) params["name"] = finding.name;
    Flag flag = make_flag("wrong-recipient", params, locale);
    flag.similar_to = finding.similar_to;
    flag.reason = finding.reason;
    r.flags.push_back(std::move(flag));
    if (!r.must_confirm) {
      r.must_confirm = true;
      group.must_confirm_count++;
    }
  }
}

// The pair counts of the known recipients (HistoryReader::pair_counts: one query for all pairs;
// one query per pair was 23 % of a 50-recipient check, docs/performance.md), read once for both
// unusual-combination and wrong-recipient; empty for fewer than two or more than
// HistoryReader::kMaxPairRecipients known recipients.
std::vector<std::vector<std::int64_t>> known_pair_counts(const std::vector<KnownRecipient>& known,
                                                         const HistoryReader& history) {
  if (known.size() < 2 || known.size() > HistoryReader::kMaxPairRecipients) return {};
  std::vector<std::string> addresses;
  addresses.reserve(known.size());
  for (const KnownRecipient& recipient : known) addresses.push_back(recipient.address);
  return history.pair_counts(addresses);
}

// unusual-combination: a known recipient who has never been in a message with any of the other
// known recipients, while those others usually go together (at least half of their pairs have
// been sent together). A recipient of the same organisation (registrable domain) as another
// recipient is not flagged: a colleague of the people on the thread is a plausible addition. Costs
// the draft's pair counts (`counts`, known_pair_counts), for drafts of at most
// HistoryReader::kMaxPairRecipients known recipients (larger drafts are mailing lists, where
// combinations mean nothing).
void flag_unusual_combinations(const std::vector<KnownRecipient>& known,
                               const std::vector<std::vector<std::int64_t>>& counts, Locale locale,
                               Payload* payload) {
  const size_t n = known.size();
  if (n < 3 || n > HistoryReader::kMaxPairRecipients) return;
  std::vector<std::vector<bool>> together(n, std::vector<bool>(n, false));
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = i + 1; j < n; ++j) {
      bool pair = known[i].address == known[j].address || counts[i][j] > 0;
      together[i][j] = together[j][i] = pair;
    }
  }
  for (size_t i = 0; i < n; ++i) {
    bool with_anyone = false;
    size_t other_pairs = 0;
    size_t other_together = 0;
    for (size_t j = 0; j < n; ++j) {
      if (j == i) continue;
      with_anyone = with_anyone || together[i][j] || known[i].registrable == known[j].registrable;
      for (size_t k = j + 1; k < n; ++k) {
        if (k == i) continue;
        ++other_pairs;
        if (together[j][k]) ++other_together;
      }
    }
    if (with_anyone || other_pairs == 0 || 2 * other_together < other_pairs) continue;
    DomainGroup& group = payload->groups[known[i].group];
    RecipientResult& r = group.recipients[known[i].index];
    r.flags.push_back(make_flag("unusual-combination", json::object(), locale));
    if (!r.must_confirm) {
      r.must_confirm = true;
      group.must_confirm_count++;
    }
  }
}

}  // namespace

Payload assess(const Draft& draft, const Settings& settings, const HistoryReader& history,
               const AssessOptions& options) {
  const Locale locale = options.locale;
  Payload payload;
  payload.locale = std::string(locale_tag(locale));
  payload.countdown_seconds = settings.countdown_seconds;
  payload.max_listed_recipients = settings.max_listed_recipients;
  payload.recipient_count = static_cast<std::int64_t>(draft.recipients.size());

  Classifier classifier(draft, settings, history);

  // Groups keyed by class and registrable domain, in order of first appearance.
  std::map<std::pair<DomainClass, std::string>, size_t> group_index;
  auto group_for = [&](DomainClass klass, const std::string& domain,
                       const std::string& domain_unicode) -> DomainGroup& {
    auto [it, inserted] = group_index.try_emplace({klass, domain}, payload.groups.size());
    if (inserted) {
      DomainGroup group;
      group.domain = domain;
      group.domain_unicode = domain_unicode;
      group.klass = klass;
      payload.groups.push_back(std::move(group));
    }
    return payload.groups[it->second];
  };

  bool all_internal_and_known = !draft.recipients.empty();
  std::vector<KnownRecipient> known_recipients;
  std::set<std::string> visible_external_domains;
  // Registrable domains of the message being replied to (new-in-thread).
  std::set<std::string> thread_domains;
  for (const std::string& participant : draft.thread_participants) {
    size_t at = participant.rfind('@');
    if (at == std::string::npos) continue;
    if (std::optional<std::string> domain = canonical_domain(participant.substr(at + 1))) {
      thread_domains.insert(registrable_domain(*domain));
    }
  }
  for (const DraftRecipient& recipient : draft.recipients) {
    const Mailbox& mailbox = recipient.mailbox;
    RecipientResult result;
    result.field = recipient.field;
    result.display_name = mailbox.display_name;
    result.address = mailbox.address;
    result.address_unicode = mailbox.address;

    const DomainFacts* facts = nullptr;
    CanonicalAddress canonical;
    if (mailbox.kind == MailboxKind::kNoDomain || mailbox.kind == MailboxKind::kX500) {
      result.flags.push_back(
          make_flag("unverifiable",
                    json{{"address", mailbox.address},
                         {"kind", mailbox.kind == MailboxKind::kX500 ? "x500" : "no-domain"}},
                    locale));
    } else if (mailbox.kind == MailboxKind::kMalformed ||
               !(facts = &classifier.facts(mailbox.domain))->valid ||
               !canonicalize(mailbox, &canonical)) {
      facts = nullptr;
      result.flags.push_back(make_flag("malformed", json{{"address", mailbox.address}}, locale));
    } else if (canonical.domain.find('.') == std::string::npos) {
      // "x@localhost", "taro@intranet": a host name, not an Internet domain (RFC 5321 §2.3.5).
      facts = nullptr;
      result.flags.push_back(make_flag(
          "unverifiable", json{{"address", mailbox.address}, {"kind", "single-label"}}, locale));
    }

    if (facts == nullptr) {
      result.must_confirm = true;
      all_internal_and_known = false;
      DomainGroup& group = group_for(DomainClass::kUnverifiable, "", "");
      group.recipient_count++;
      group.must_confirm_count++;
      group.recipients.push_back(std::move(result));
      continue;
    }

    result.address = canonical.address;
    result.address_unicode = canonical.local_part + "@" + domain_to_unicode(canonical.domain);
    const json domain_param{{"domain", facts->registrable_unicode}};
    result.flags.push_back(
        make_flag(std::string(domain_class_name(facts->klass)), domain_param, locale));
    if (facts->klass == DomainClass::kFreemail) {
      // Free-mail is also external; say so, the dialog highlights external recipients.
      result.flags.push_back(make_flag("external", domain_param, locale));
    }

    const bool allowlisted = history.is_allowlisted(canonical);
    if (allowlisted) result.flags.push_back(make_flag("allowlisted", json::object(), locale));
    // The record is kept: the wrong-recipient check reads its names (no second lookup).
    std::optional<AddressRecord> record = history.find_address(canonical.address);
    bool known = allowlisted || history.is_self(canonical.address) || record.has_value();
    if (!known) {
      if (std::optional<AddressRecord> same = history.find_by_base(canonical.base_address)) {
        known = true;
        record = same;
        Flag flag = make_flag("sub-address", json{{"similarTo", same->address}}, locale);
        flag.similar_to = same->address;
        result.flags.push_back(std::move(flag));
      }
    }
    if (!known) {
      result.flags.push_back(make_flag("first-time", json::object(), locale));
      if (!facts->known) {
        result.flags.push_back(make_flag("first-time-domain", domain_param, locale));
      }
      if (std::optional<LookalikeMatch> match =
              find_lookalike(canonical, mailbox.display_name, facts->known, history)) {
        // "domain" when only the domain is alike (another person at a look-alike domain).
        size_t at = match->similar_to.rfind('@');
        std::string similar_local = match->similar_to.substr(0, at);
        std::string similar_domain = match->similar_to.substr(at + 1);
        bool domain_only =
            similar_local != canonical.local_part && similar_domain != canonical.domain;
        Flag flag = make_flag("lookalike",
                              json{{"similarTo", match->similar_to},
                                   {"similarDomain", domain_to_unicode(similar_domain)},
                                   {"scope", domain_only ? "domain" : "address"}},
                              locale);
        flag.similar_to = match->similar_to;
        flag.reason = match->reason;
        result.flags.push_back(std::move(flag));
      }
    }
    if (!thread_domains.empty() && facts->klass != DomainClass::kInternal && !allowlisted &&
        thread_domains.count(facts->registrable) == 0) {
      result.flags.push_back(make_flag("new-in-thread", domain_param, locale));
    }

    bool alarm = std::any_of(result.flags.begin(), result.flags.end(),
                             [](const Flag& f) { return is_alarm(f.code); });
    bool inside = facts->klass == DomainClass::kInternal || facts->klass == DomainClass::kTrusted ||
                  allowlisted;
    result.must_confirm = !inside || alarm;
    if (!inside || !known) all_internal_and_known = false;

    DomainGroup& group = group_for(facts->klass, facts->registrable, facts->registrable_unicode);
    group.recipient_count++;
    if (result.must_confirm) group.must_confirm_count++;
    group.recipients.push_back(std::move(result));
    if (known && !allowlisted && !history.is_self(canonical.address)) {
      // A sub-address is looked up as the address the history knows.
      std::string as_known = canonical.address;
      for (const Flag& flag : group.recipients.back().flags) {
        if (flag.code == "sub-address") as_known = flag.similar_to;
      }
      size_t group_position = static_cast<size_t>(&group - payload.groups.data());
      known_recipients.push_back({group_position, group.recipients.size() - 1, std::move(as_known),
                                  facts->registrable, recipient.field, mailbox.display_name,
                                  record ? record->names : std::vector<std::string>{}});
    }
    if (facts->klass == DomainClass::kExternal || facts->klass == DomainClass::kFreemail) {
      if (recipient.field != Field::kBcc) visible_external_domains.insert(facts->registrable);
    }
  }

  const std::vector<std::vector<std::int64_t>> pairs = known_pair_counts(known_recipients, history);
  flag_unusual_combinations(known_recipients, pairs, locale, &payload);
  {
    std::vector<std::string> draft_addresses;
    for (const DomainGroup& group : payload.groups) {
      for (const RecipientResult& r : group.recipients) draft_addresses.push_back(r.address);
    }
    flag_wrong_recipients(draft, known_recipients, pairs, draft_addresses, history, locale,
                          &payload);
  }

  std::stable_sort(payload.groups.begin(), payload.groups.end(),
                   [](const DomainGroup& a, const DomainGroup& b) {
                     return group_rank(a.klass) < group_rank(b.klass);
                   });

  std::vector<std::string> recipient_domains;
  for (const DomainGroup& group : payload.groups) {
    if (!group.domain.empty()) recipient_domains.push_back(group.domain);
  }
  AttachmentCheckContext attachment_context;
  attachment_context.locale = locale;
  attachment_context.large_bytes = static_cast<std::uint64_t>(settings.large_attachment_bytes);
  attachment_context.sensitive_words = settings.sensitive_words;
  attachment_context.parties = settings.parties;
  attachment_context.recipient_domains = recipient_domains;
  // A file named after the user's own organisation names no other party.
  attachment_context.known_domains_with_label = [&history, &classifier](std::string_view label) {
    std::vector<std::string> domains = history.find_domains_by_label(label);
    std::erase_if(domains, [&classifier](const std::string& domain) {
      return classifier.facts(domain).klass == DomainClass::kInternal;
    });
    return domains;
  };
  for (const DraftAttachment& attachment : draft.attachments) {
    AttachmentResult result;
    result.name = attachment.name;
    result.size = attachment.size;
    result.flags = check_attachment(attachment, attachment_context);
    result.must_confirm = !result.flags.empty();
    payload.attachments.push_back(std::move(result));
  }

  if (draft.recipients.empty()) {
    Warning warning;
    warning.code = "no-recipients";
    warning.severity = "warning";
    warning.message = format_message(warning.code, warning.params, locale);
    payload.warnings.push_back(std::move(warning));
  }
  if (payload.recipient_count > settings.many_recipients_threshold) {
    Warning warning;
    warning.code = "many-recipients";
    warning.severity = "warning";
    warning.params =
        json{{"count", payload.recipient_count}, {"threshold", settings.many_recipients_threshold}};
    warning.message = format_message(warning.code, warning.params, locale);
    payload.warnings.push_back(std::move(warning));
  }

  if (static_cast<std::int64_t>(visible_external_domains.size()) > settings.bcc_domain_threshold) {
    Warning warning;
    warning.code = "bcc-suggested";
    warning.severity = "warning";
    // The domains are listed for the dialog, at most 50 (the count says how many in all).
    std::vector<std::string> domains;
    for (const std::string& domain : visible_external_domains) {
      if (domains.size() == 50) break;
      domains.push_back(domain_to_unicode(domain));
    }
    warning.params =
        json{{"count", visible_external_domains.size()}, {"domains", std::move(domains)}};
    warning.message = format_message(warning.code, warning.params, locale);
    payload.warnings.push_back(std::move(warning));
  }

  BodyCheckContext body_context;
  body_context.locale = locale;
  body_context.has_attachments = !draft.attachments.empty();
  body_context.parties = settings.parties;
  body_context.attachment_words = settings.attachment_words;
  body_context.many_emails_threshold = settings.personal_data_email_threshold;
  body_context.many_phones_threshold = settings.personal_data_phone_threshold;
  body_context.known_contact_by_name = [&history](std::string_view key) {
    std::optional<std::string> address;
    std::vector<AddressRecord> records = history.find_by_name_key(key);
    // A name the user greets someone with (greeting_keys) names that contact too.
    if (records.empty()) records = history.find_by_greeting(key);
    if (!records.empty()) address = records.front().address;
    return address;
  };
  body_context.to = addressees_of(draft, settings, history);
  for (Warning& warning : check_body(draft, body_context)) {
    payload.warnings.push_back(std::move(warning));
  }

  // Team and user rules, blocked domains and addresses (FlexConfirmMail-style), last: they may
  // add flags and warnings to everything above.
  apply_rules(settings, draft, &payload);

  bool blocked = false;
  bool anything_to_confirm = false;
  for (const DomainGroup& group : payload.groups) {
    for (const RecipientResult& r : group.recipients) {
      anything_to_confirm = anything_to_confirm || r.must_confirm;
      blocked = blocked || std::any_of(r.flags.begin(), r.flags.end(),
                                       [](const Flag& f) { return f.code == "blocked"; });
    }
  }
  for (const AttachmentResult& a : payload.attachments) {
    anything_to_confirm = anything_to_confirm || a.must_confirm;
  }
  for (const Warning& w : payload.warnings) {
    anything_to_confirm = anything_to_confirm || w.must_confirm;
    blocked = blocked || w.code == "policy-block";
  }
  bool serious_warning = std::any_of(payload.warnings.begin(), payload.warnings.end(),
                                     [](const Warning& w) { return w.severity != "info"; });
  if (blocked) {
    payload.verdict = Verdict::kBlock;
  } else if (settings.skip_dialog_when_all_internal_known && all_internal_and_known &&
             !anything_to_confirm && !serious_warning) {
    payload.verdict = Verdict::kSend;
  } else {
    payload.verdict = Verdict::kConfirm;
  }
  return payload;
}

}  // namespace sendcheck
