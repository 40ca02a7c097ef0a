// The confirmation payload as JSON, summarised so that it always fits the native-messaging
// limit (Thunderbird refuses messages over 1 MiB to an add-on, DESIGN.md §3), and the names of
// its verdicts and classes.
#include <algorithm>
#include <cstdint>

#include "sendcheck/messages.h"
#include "sendcheck/payload.h"

namespace sendcheck {
namespace {

using nlohmann::json;

// How much of the payload is listed one by one. Halved step by step until the JSON fits.
struct Limits {
  std::int64_t recipients;  // recipients listed, over all groups
  std::int64_t groups;      // groups listed
  std::int64_t attachments;
  std::int64_t text;  // code points of a display name or file name
};

// `text` cut to at most `max` code points (UTF-8), with an ellipsis when cut.
std::string cut_text(const std::string& text, std::int64_t max) {
  std::int64_t count = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;  // continuation byte
    if (count++ == max) return text.substr(0, i) + "\u2026";
  }
  return text;
}

json flag_json(const Flag& flag) {
  json out{{"code", flag.code}, {"message", flag.message}};
  if (!flag.similar_to.empty()) out["similarTo"] = flag.similar_to;
  if (!flag.reason.empty()) out["reason"] = flag.reason;
  return out;
}

json recipient_json(const RecipientResult& r, const Limits& limits) {
  json flags = json::array();
  for (const Flag& flag : r.flags) flags.push_back(flag_json(flag));
  json out{{"field", field_name(r.field)},
           {"address", cut_text(r.address, limits.text)},
           {"displayName", cut_text(r.display_name, limits.text)},
           {"mustConfirm", r.must_confirm},
           {"flags", std::move(flags)}};
  if (r.address_unicode != r.address)
    out["addressUnicode"] = cut_text(r.address_unicode, limits.text);
  return out;
}

// Largest per-group cap c such that the sum over groups of min(size_g, c) fits the budget: every
// group keeps a fair share and small groups are listed whole.
std::int64_t fair_cap(const std::vector<std::int64_t>& sizes, std::int64_t budget) {
  std::int64_t total = 0;
  std::int64_t largest = 0;
  for (std::int64_t size : sizes) {
    total += size;
    largest = std::max(largest, size);
  }
  if (total <= budget) return largest;
  std::int64_t lo = 0;
  std::int64_t hi = largest;
  while (lo < hi) {
    std::int64_t mid = (lo + hi + 1) / 2;
    std::int64_t used = 0;
    for (std::int64_t size : sizes) used += std::min(size, mid);
    if (used <= budget) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return lo;
}

// Which recipients of which groups are listed. Recipients that must be confirmed come first
// (over all groups), then the others with what is left of the budget; each pass shares its
// budget fairly between groups, and a remainder goes to groups in order.
std::vector<std::vector<bool>> choose_listed(const std::vector<const DomainGroup*>& groups,
                                             std::int64_t budget) {
  std::vector<std::vector<bool>> listed(groups.size());
  for (size_t g = 0; g < groups.size(); ++g) listed[g].assign(groups[g]->recipients.size(), false);
  for (bool must_confirm : {true, false}) {
    std::vector<std::int64_t> sizes(groups.size(), 0);
    for (size_t g = 0; g < groups.size(); ++g) {
      for (const RecipientResult& r : groups[g]->recipients)
        sizes[g] += r.must_confirm == must_confirm;
    }
    std::int64_t cap = fair_cap(sizes, budget);
    std::vector<std::int64_t> quota(groups.size());
    std::int64_t used = 0;
    for (size_t g = 0; g < groups.size(); ++g) used += quota[g] = std::min(sizes[g], cap);
    for (size_t g = 0; g < groups.size() && used < budget; ++g) {
      if (quota[g] < sizes[g]) {
        ++quota[g];
        ++used;
      }
    }
    for (size_t g = 0; g < groups.size(); ++g) {
      std::int64_t taken = 0;
      for (size_t i = 0; i < groups[g]->recipients.size() && taken < quota[g]; ++i) {
        if (groups[g]->recipients[i].must_confirm != must_confirm) continue;
        listed[g][i] = true;
        ++taken;
      }
    }
    budget -= used;
  }
  return listed;
}

json build(const Payload& payload, const Limits& limits) {
  // Groups listed: those with something to confirm first, in payload order.
  std::vector<const DomainGroup*> groups;
  for (bool with_confirm : {true, false}) {
    for (const DomainGroup& group : payload.groups) {
      if ((group.must_confirm_count > 0) != with_confirm) continue;
      if (static_cast<std::int64_t>(groups.size()) < limits.groups) groups.push_back(&group);
    }
  }
  std::sort(groups.begin(), groups.end());  // back to payload order (same vector storage)
  std::vector<std::vector<bool>> listed = choose_listed(groups, limits.recipients);

  std::int64_t omitted_total = 0;
  json groups_json = json::array();
  for (size_t g = 0; g < groups.size(); ++g) {
    const DomainGroup& group = *groups[g];
    json recipients = json::array();
    for (size_t i = 0; i < group.recipients.size(); ++i) {
      if (listed[g][i]) recipients.push_back(recipient_json(group.recipients[i], limits));
    }
    std::int64_t omitted = group.recipient_count - static_cast<std::int64_t>(recipients.size());
    omitted_total += omitted;
    json out{{"domain", group.domain},
             {"domainUnicode", group.domain_unicode},
             {"class", domain_class_name(group.klass)},
             {"recipientCount", group.recipient_count},
             {"mustConfirmCount", group.must_confirm_count},
             {"recipients", std::move(recipients)}};
    if (omitted > 0) out["omittedCount"] = omitted;
    groups_json.push_back(std::move(out));
  }
  std::int64_t omitted_groups = static_cast<std::int64_t>(payload.groups.size() - groups.size());
  std::int64_t omitted_group_recipients = 0;
  std::int64_t omitted_group_confirm = 0;
  for (const DomainGroup& group : payload.groups) {
    if (std::find(groups.begin(), groups.end(), &group) != groups.end()) continue;
    omitted_group_recipients += group.recipient_count;
    omitted_group_confirm += group.must_confirm_count;
  }
  omitted_total += omitted_group_recipients;

  json attachments = json::array();
  std::int64_t omitted_attachments = 0;
  for (const AttachmentResult& a : payload.attachments) {
    if (static_cast<std::int64_t>(attachments.size()) >= limits.attachments) {
      ++omitted_attachments;
      continue;
    }
    json flags = json::array();
    for (const Flag& flag : a.flags) flags.push_back(flag_json(flag));
    attachments.push_back(json{{"name", cut_text(a.name, limits.text)},
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

  json out{{"verdict", verdict_name(payload.verdict)},
           {"countdownSeconds", payload.countdown_seconds},
           {"locale", payload.locale},
           {"recipientCount", payload.recipient_count},
           {"truncated", omitted_total > 0 || omitted_attachments > 0},
           {"groups", std::move(groups_json)},
           {"attachments", std::move(attachments)},
           {"warnings", std::move(warnings)}};
  if (omitted_groups > 0) {
    // Groups not listed at all: the dialog shows one checkbox for them.
    out["omittedGroups"] = json{{"groupCount", omitted_groups},
                                {"recipientCount", omitted_group_recipients},
                                {"mustConfirmCount", omitted_group_confirm}};
  }
  if (omitted_attachments > 0) out["omittedAttachmentCount"] = omitted_attachments;
  return out;
}

std::size_t size_of(const json& out) {
  return out.dump(-1, ' ', false, json::error_handler_t::replace).size();
}

// At least as many bytes as size_of(text) writes for one string, quotes included, without
// serialising it: nlohmann writes printable ASCII as it is, a quote or a backslash as two bytes,
// a control character as two or six bytes (backslash-n, or backslash-u and four hex digits), valid
// UTF-8 as it is, and (error_handler_t::replace) an invalid byte as U+FFFD, three bytes.
std::size_t string_bound(const std::string& text) {
  std::size_t bound = 2;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x80) {
      bound += 3;
    } else if (byte < 0x20) {
      bound += 6;
    } else {
      bound += (byte == '"' || byte == '\\') ? 2 : 1;
    }
  }
  return bound;
}

// An upper bound of size_of(value), computed from the lengths of its strings in one walk; numbers
// take at most 32 characters (an int64 20; a double 17 digits, sign, point, exponent).
std::size_t size_bound(const json& value) {
  switch (value.type()) {
    case json::value_t::object: {
      std::size_t bound = 2;  // {}
      for (const auto& [key, member] : value.get_ref<const json::object_t&>()) {
        bound += string_bound(key) + 2 + size_bound(member);  // "key": value,
      }
      return bound;
    }
    case json::value_t::array: {
      std::size_t bound = 2;
      for (const json& item : value.get_ref<const json::array_t&>()) bound += size_bound(item) + 1;
      return bound;
    }
    case json::value_t::string:
      return string_bound(value.get_ref<const std::string&>());
    case json::value_t::null:
    case json::value_t::boolean:
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
      return 32;
    case json::value_t::binary:
    case json::value_t::discarded:
      break;
  }
  return SIZE_MAX / 2;  // never in a payload: measure it instead
}

}  // namespace

std::string_view verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::kSend:
      return "send";
    case Verdict::kConfirm:
      return "confirm";
    case Verdict::kBlock:
      return "block";
  }
  return "confirm";
}

std::string_view domain_class_name(DomainClass c) {
  switch (c) {
    case DomainClass::kInternal:
      return "internal";
    case DomainClass::kTrusted:
      return "trusted";
    case DomainClass::kExternal:
      return "external";
    case DomainClass::kFreemail:
      return "freemail";
    case DomainClass::kUnverifiable:
      return "unverifiable";
  }
  return "external";
}

json payload_to_json(const Payload& payload, std::size_t max_bytes) {
  Limits limits{std::max<std::int64_t>(payload.max_listed_recipients, 0), 1000, 1000, 256};
  while (true) {
    json out = build(payload, limits);
    // The common reply (18 KB for 50 recipients) is far under the budget: the bound proves it
    // without serialising, and the reply is serialised once, by the frame writer. Near or over
    // the budget, serialising is the only exact measure; it repeats only while the listing must
    // shrink.
    if (size_bound(out) <= max_bytes || size_of(out) <= max_bytes) return out;
    if (limits.recipients == 0 && limits.groups <= 1 && limits.attachments <= 1 &&
        limits.text <= 16) {
      // Nothing left to shrink but the warnings' params: keep codes and messages only.
      for (json& warning : out["warnings"]) {
        warning["params"] = json::object();
        warning["message"] = cut_text(warning["message"].get<std::string>(), 500);
      }
      return out;
    }
    limits.recipients /= 2;
    limits.groups = std::max<std::int64_t>(1, limits.groups / 2);
    limits.attachments = std::max<std::int64_t>(1, limits.attachments / 2);
    limits.text = std::max<std::int64_t>(16, limits.text / 2);
  }
}

}  // namespace sendcheck
