// The confirmation payload as JSON, summarised so that it always fits the native-messaging
// limit (Thunderbird refuses messages over 1 MiB to an add-on).
#include <algorithm>

#include "sendcheck/assessment.h"

namespace sendcheck {
namespace {

using nlohmann::json;

json flag_json(const Flag& flag) {
  json out{{"code", flag.code}, {"message", flag.message}};
  if (!flag.similar_to.empty()) out["similarTo"] = flag.similar_to;
  if (!flag.reason.empty()) out["reason"] = flag.reason;
  return out;
}

json recipient_json(const RecipientResult& r) {
  json flags = json::array();
  for (const Flag& flag : r.flags) flags.push_back(flag_json(flag));
  json out{{"field", field_name(r.field)},
           {"address", r.address},
           {"displayName", r.display_name},
           {"mustConfirm", r.must_confirm},
           {"flags", std::move(flags)}};
  if (r.address_unicode != r.address) out["addressUnicode"] = r.address_unicode;
  return out;
}

// Largest per-group cap c such that sum(min(size_g, c)) <= budget: every group keeps a fair
// share and small groups are listed whole.
std::int64_t fair_cap(const std::vector<DomainGroup>& groups, std::int64_t budget) {
  std::int64_t total = 0;
  std::int64_t largest = 0;
  for (const DomainGroup& g : groups) {
    total += static_cast<std::int64_t>(g.recipients.size());
    largest = std::max<std::int64_t>(largest, g.recipients.size());
  }
  if (total <= budget) return largest;
  std::int64_t lo = 0;
  std::int64_t hi = largest;
  while (lo < hi) {
    std::int64_t mid = (lo + hi + 1) / 2;
    std::int64_t used = 0;
    for (const DomainGroup& g : groups) used += std::min<std::int64_t>(g.recipients.size(), mid);
    if (used <= budget) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return lo;
}

json build(const Payload& payload, std::int64_t budget) {
  const std::int64_t cap = fair_cap(payload.groups, budget);
  std::int64_t omitted_total = 0;
  json groups = json::array();
  for (const DomainGroup& group : payload.groups) {
    json recipients = json::array();
    std::int64_t listed = 0;
    if (static_cast<std::int64_t>(group.recipients.size()) <= cap) {
      for (const RecipientResult& r : group.recipients) recipients.push_back(recipient_json(r));
      listed = static_cast<std::int64_t>(group.recipients.size());
    } else {
      // Summarised: recipients that must be confirmed are listed before the others.
      for (int pass = 0; pass < 2; ++pass) {
        for (const RecipientResult& r : group.recipients) {
          if (r.must_confirm != (pass == 0) || listed >= cap) continue;
          recipients.push_back(recipient_json(r));
          ++listed;
        }
      }
    }
    std::int64_t omitted = static_cast<std::int64_t>(group.recipients.size()) - listed;
    omitted_total += omitted;
    json out{{"domain", group.domain},
             {"domainUnicode", group.domain_unicode},
             {"class", domain_class_name(group.klass)},
             {"recipientCount", group.recipient_count},
             {"mustConfirmCount", group.must_confirm_count},
             {"recipients", std::move(recipients)}};
    if (omitted > 0) out["omittedCount"] = omitted;
    groups.push_back(std::move(out));
  }

  json attachments = json::array();
  for (const AttachmentResult& a : payload.attachments) {
    json flags = json::array();
    for (const Flag& flag : a.flags) flags.push_back(flag_json(flag));
    attachments.push_back(json{{"name", a.name},
                               {"size", a.size},
                               {"mustConfirm", a.must_confirm},
                               {"flags", std::move(flags)}});
  }

  json warnings = json::array();
  for (const Warning& w : payload.warnings) {
    json out{
        {"code", w.code}, {"severity", w.severity}, {"message", w.message}, {"params", w.params}};
    if (w.must_confirm) out["mustConfirm"] = true;
    warnings.push_back(std::move(out));
  }
  if (omitted_total > 0) {
    json params{{"omitted", omitted_total}};
    warnings.push_back(json{
        {"code", "recipients-summarised"},
        {"severity", "info"},
        {"message", format_message("recipients-summarised", params, parse_locale(payload.locale))},
        {"params", params}});
  }

  return json{{"verdict", verdict_name(payload.verdict)},
              {"countdownSeconds", payload.countdown_seconds},
              {"locale", payload.locale},
              {"recipientCount", payload.recipient_count},
              {"truncated", omitted_total > 0},
              {"groups", std::move(groups)},
              {"attachments", std::move(attachments)},
              {"warnings", std::move(warnings)}};
}

}  // namespace

json payload_to_json(const Payload& payload, std::size_t max_bytes) {
  std::int64_t budget = std::max<std::int64_t>(payload.max_listed_recipients, 0);
  while (true) {
    json out = build(payload, budget);
    // Serialising to measure is the only exact way to know the size; it costs about as much as
    // the final dump and only repeats when the listing must shrink.
    if (budget == 0 ||
        out.dump(-1, ' ', false, json::error_handler_t::replace).size() <= max_bytes) {
      return out;
    }
    budget /= 2;
  }
}

}  // namespace sendcheck
