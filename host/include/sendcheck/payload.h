// sendcheck/payload.h — the confirmation payload: what a check answers (docs/protocol.md
// "Confirmation payload"), and its JSON form.
//
// Below both the checkers (host/src/core: attachment, body, rules, look-alike, wrong-recipient),
// which add flags and warnings to it, and assess() (assessment.h), which builds it: the checkers
// include this header, never assessment.h. Value types; thread-safe as values.
#ifndef SENDCHECK_PAYLOAD_H_
#define SENDCHECK_PAYLOAD_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sendcheck/draft.h"

namespace sendcheck {

enum class Verdict { kSend, kConfirm, kBlock };
std::string_view verdict_name(Verdict verdict);  // "send" | "confirm" | "block"

// Recipient classes (group "class" and one flag of the same code on each recipient).
enum class DomainClass { kInternal, kTrusted, kExternal, kFreemail, kUnverifiable };
std::string_view domain_class_name(DomainClass c);

struct Flag {
  std::string code;        // stable kebab-case code, e.g. "first-time"
  std::string similar_to;  // for "lookalike" and "sub-address": the known address
  std::string reason;      // for "lookalike": edit-distance | confusable | tld-swap | ...
  std::string message;     // localised explanation
};

struct RecipientResult {
  Field field = Field::kTo;
  std::string address;          // canonical ASCII form, or the text as written when unusable
  std::string address_unicode;  // domain in Unicode for display (same as address if ASCII)
  std::string display_name;
  bool must_confirm = false;
  std::vector<Flag> flags;
};

struct DomainGroup {
  std::string domain;          // registrable domain, canonical ASCII ("" for unverifiable)
  std::string domain_unicode;  // for display
  DomainClass klass = DomainClass::kExternal;
  std::vector<RecipientResult> recipients;  // listed recipients (all, unless summarised)
  std::int64_t recipient_count = 0;         // all recipients of the group
  std::int64_t must_confirm_count = 0;      // of them, how many must be confirmed
};

struct AttachmentResult {
  std::string name;
  std::uint64_t size = 0;  // bytes
  bool must_confirm = false;
  std::vector<Flag> flags;
};

struct Warning {
  std::string code;
  std::string severity;  // "info" | "warning" | "danger"
  std::string message;   // localised
  nlohmann::json params = nlohmann::json::object();
  bool must_confirm = false;  // the dialog shows a checkbox for it (rule action "reconfirm")
};

struct Payload {
  Verdict verdict = Verdict::kConfirm;
  std::int64_t countdown_seconds = 0;
  std::string locale;  // "ja" | "en": the language of every message
  std::vector<DomainGroup> groups;
  std::vector<AttachmentResult> attachments;
  std::vector<Warning> warnings;
  std::int64_t recipient_count = 0;
  // At most this many recipients are listed one by one (Settings::max_listed_recipients); the
  // rest are only counted in their group. payload_to_json applies it.
  std::int64_t max_listed_recipients = 1000;
};

// The JSON of docs/protocol.md. Guaranteed to serialise (dump()) to at most `max_bytes` bytes
// as long as max_bytes >= 64 KiB: when the full listing would be larger, recipients that need no
// confirmation are dropped from the listing first, then others, group counts are kept and
// "truncated" is set. Never cuts JSON mid-value.
nlohmann::json payload_to_json(const Payload& payload, std::size_t max_bytes = 900 * 1024);

}  // namespace sendcheck

#endif  // SENDCHECK_PAYLOAD_H_
