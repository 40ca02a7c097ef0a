// Whether the salutation names someone who is not a To recipient (the salutation-mismatch check).
//
// In: the user's own text (own_text.h), the To recipients with the names and organisations they
// may be greeted by, the known parties and a lookup of known contacts by name. Out: the
// salutation as written and, when it greets another known contact, that contact's address.
#ifndef SENDCHECK_CORE_BODY_SALUTATION_MISMATCH_H_
#define SENDCHECK_CORE_BODY_SALUTATION_MISMATCH_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sendcheck/settings.h"

namespace sendcheck {

// What the salutation may legitimately name: one entry per To recipient.
struct AddresseeNames {
  std::string address;             // canonical
  std::vector<std::string> names;  // display name of the draft and names known from history
  // Party names (Settings::parties) of its domain, and the domain label ("partner-b" for
  // partner-b.example.jp).
  std::vector<std::string> organisations;
};

// A known contact whose display name has name_key() `key`, if any (index lookup).
using KnownContactByName = std::function<std::optional<std::string>(std::string_view key)>;

struct SalutationMismatch {
  std::string written;                  // the salutation entry as written (find_salutation)
  std::optional<std::string> known_as;  // another known contact, not a To recipient, so greeted
};

// The first salutation entry (salutation.h) whose person or company is none of `to`: a person
// matches when every word of the name is in one of an addressee's names (佐藤 in 佐藤 花子; Jane
// in Jane Doe; a usual short form, Jim for James) or, in Latin script, starts the local part; a
// company when it contains or is contained in an addressee's organisation, or is a known party at
// a To domain. A mismatch needs every To addressee to be comparable (a name or organisation in the
// same script), except for a known party at no To domain. nullopt when there is none.
std::optional<SalutationMismatch> find_salutation_mismatch(
    std::string_view own, const std::vector<AddresseeNames>& to, const std::vector<Party>& parties,
    const KnownContactByName& known_contact_by_name);

// "jim" for "james", "steve" for "stephen": a usual short form of a Latin first name (both
// lower case).
bool is_name_short_form(std::string_view word, std::string_view name);

}  // namespace sendcheck

#endif  // SENDCHECK_CORE_BODY_SALUTATION_MISMATCH_H_
