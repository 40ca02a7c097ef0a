// Body and subject checks (DESIGN.md §4 "Body"): forgotten attachment, a salutation naming someone
// who is not a recipient, personal data, each from its part of core/body/, on the text the user
// wrote (own_text), turned into localised warnings in that order.
//
// The body is never logged or copied anywhere but into the returned values: warnings carry only
// the salutation as written and counts, never the personal data found.
#include "core/body/body_checks.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "core/body/attachment_mention.h"
#include "core/body/own_text.h"
#include "core/body/personal_data.h"
#include "core/text.h"

namespace sendcheck {
namespace {

using nlohmann::json;

// A salutation is a line or two: what a warning repeats of it is at most this many code points.
constexpr size_t kMaxWrittenName = 80;

// `s` cut to at most `max` code points, with "…" when it was cut.
std::string cut_text(std::string_view s, size_t max) {
  size_t i = 0;
  for (size_t n = 0; n < max && i < s.size(); ++n) next_code_point(s, &i);
  if (i >= s.size()) return std::string(s);
  return std::string(s.substr(0, i)) + "\u2026";
}

Warning make_warning(std::string code, std::string severity, json params, Locale locale) {
  Warning warning;
  warning.code = std::move(code);
  warning.severity = std::move(severity);
  warning.params = std::move(params);
  warning.message = format_message(warning.code, warning.params, locale);
  return warning;
}

}  // namespace

std::vector<Warning> check_body(const Draft& draft, const BodyCheckContext& context) {
  std::vector<Warning> warnings;
  std::string own = own_text(draft.body);

  if (!context.has_attachments &&
      mentions_attachment(own, draft.subject, context.attachment_words)) {
    warnings.push_back(
        make_warning("forgotten-attachment", "warning", json::object(), context.locale));
  }

  if (!context.to.empty()) {
    if (std::optional<SalutationMismatch> mismatch = find_salutation_mismatch(
            own, context.to, context.parties, context.known_contact_by_name)) {
      // The name as written, cut: a greeting line of 600 KB once made the payload drop its only
      // recipient to stay under the reply limit.
      json params{{"name", cut_text(mismatch->written, kMaxWrittenName)}};
      std::string severity = "warning";
      if (mismatch->known_as) {
        params["knownAs"] = *mismatch->known_as;
        severity = "danger";
      }
      warnings.push_back(make_warning("salutation-mismatch", severity, params, context.locale));
    }
  }

  PersonalData found;
  scan_personal_data(own, &found);
  scan_personal_data(draft.subject, &found);
  auto add = [&](std::string_view kind, size_t count) {
    warnings.push_back(
        make_warning("personal-data", "danger",
                     json{{"kind", std::string(kind)}, {"count", static_cast<std::int64_t>(count)}},
                     context.locale));
  };
  if (!found.cards.empty()) add("card-number", found.cards.size());
  if (!found.my_numbers.empty()) add("my-number", found.my_numbers.size());
  if (context.many_emails_threshold > 0 &&
      static_cast<std::int64_t>(found.emails.size()) >= context.many_emails_threshold) {
    add("email-addresses", found.emails.size());
  }
  if (context.many_phones_threshold > 0 &&
      static_cast<std::int64_t>(found.phones.size()) >= context.many_phones_threshold) {
    add("phone-numbers", found.phones.size());
  }
  return warnings;
}

}  // namespace sendcheck
