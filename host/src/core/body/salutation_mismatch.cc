// Comparing the greeted names with the To recipients (see core/body/salutation_mismatch.h).
#include "core/body/salutation_mismatch.h"

#include <algorithm>
#include <array>

#include "core/body/salutation.h"
#include "core/text.h"
#include "sendcheck/domain.h"
#include "sendcheck/similarity.h"

namespace sendcheck {
namespace {

std::string_view domain_of(std::string_view address) {
  size_t at = address.rfind('@');
  return at == std::string_view::npos ? std::string_view() : address.substr(at + 1);
}

std::string_view local_part_of(std::string_view address) {
  size_t at = address.rfind('@');
  return at == std::string_view::npos ? address : address.substr(0, at);
}

enum class Match { kUnknown, kMatch, kMismatch };

// English short forms whose spelling differs from the full name (Jim for James). Those that share
// the first three letters (Steve, Dave, Randy, Chris) are recognised without a table.
struct ShortForm {
  std::string_view short_form;
  std::string_view full;
};
constexpr std::array<ShortForm, 77> kShortForms = {{
    {"jim", "james"},       {"jimmy", "james"},     {"jamie", "james"},     {"bob", "robert"},
    {"bobby", "robert"},    {"rob", "robert"},      {"robbie", "robert"},   {"bert", "robert"},
    {"bert", "albert"},     {"bill", "william"},    {"billy", "william"},   {"will", "william"},
    {"liam", "william"},    {"dick", "richard"},    {"rick", "richard"},    {"ricky", "richard"},
    {"rich", "richard"},    {"jack", "john"},       {"johnny", "john"},     {"jon", "john"},
    {"jon", "jonathan"},    {"john", "jonathan"},   {"ted", "edward"},      {"ted", "theodore"},
    {"ed", "edward"},       {"eddie", "edward"},    {"ned", "edward"},      {"tony", "anthony"},
    {"peggy", "margaret"},  {"peg", "margaret"},    {"meg", "margaret"},    {"maggie", "margaret"},
    {"liz", "elizabeth"},   {"lizzy", "elizabeth"}, {"beth", "elizabeth"},  {"betty", "elizabeth"},
    {"eliza", "elizabeth"}, {"kate", "catherine"},  {"katie", "catherine"}, {"kathy", "catherine"},
    {"cathy", "katherine"}, {"kay", "katherine"},   {"chuck", "charles"},   {"charlie", "charles"},
    {"hank", "henry"},      {"harry", "henry"},     {"harry", "harold"},    {"sandy", "alexander"},
    {"sandy", "alexandra"}, {"sasha", "alexander"}, {"sasha", "alexandra"}, {"larry", "lawrence"},
    {"larry", "laurence"},  {"jerry", "gerald"},    {"jerry", "jerome"},    {"jerry", "jeremy"},
    {"jeff", "geoffrey"},   {"sue", "susan"},       {"suzy", "susan"},      {"susie", "susan"},
    {"becky", "rebecca"},   {"patty", "patricia"},  {"trish", "patricia"},  {"polly", "mary"},
    {"molly", "mary"},      {"mike", "michael"},    {"mick", "michael"},    {"mickey", "michael"},
    {"tom", "thomas"},      {"tommy", "thomas"},    {"joe", "joseph"},      {"joey", "joseph"},
    {"gene", "eugene"},     {"drew", "andrew"},     {"nate", "nathan"},     {"jake", "jacob"},
    {"cindy", "cynthia"},
}};

// "Steve" for Stephen, "Christy" for Christi, "Jim" for James. Both lower case.
bool is_short_form_of(std::string_view word, std::string_view name) {
  if (word.size() >= 3 && name.size() >= 3 && word.substr(0, 3) == name.substr(0, 3) &&
      (word.size() < name.size() || word.ends_with("y") || word.ends_with("ie"))) {
    return true;
  }
  return std::any_of(kShortForms.begin(), kShortForms.end(), [&](const ShortForm& form) {
    return form.short_form == word && name.starts_with(form.full);
  });
}

// The person is among the To addressees when every word of the name is contained in one of
// their names (佐藤 in 佐藤 花子; Jane in Jane Doe), or for a Latin name, is the first part of
// the local part (jane.doe@). A mismatch needs every To addressee to have a name in the same
// script: a salutation in kanji says nothing about an addressee known only as "Sato Hanako".
Match match_person(std::string_view person, const std::vector<AddresseeNames>& to) {
  std::vector<std::string> keys;
  for (std::string_view word : split_spaces(person)) {
    std::string key = name_fold(word);
    if (!key.empty()) keys.push_back(key);
  }
  if (keys.empty()) return Match::kUnknown;
  Script script = script_of(person);
  bool all_comparable = !to.empty();
  for (const AddresseeNames& addressee : to) {
    bool comparable = false;
    for (const std::string& name : addressee.names) {
      std::string folded_name = name_fold(name);
      if (folded_name.empty()) continue;
      if (script_of(name) == script) comparable = true;
      std::vector<std::string> name_words;
      if (script == Script::kLatin) {
        for (std::string_view word : split_spaces(name)) name_words.push_back(name_fold(word));
      }
      if (std::all_of(keys.begin(), keys.end(), [&](const std::string& key) {
            return contains(folded_name, key) ||
                   std::any_of(name_words.begin(), name_words.end(),
                               [&key](const std::string& w) { return is_short_form_of(key, w); });
          })) {
        return Match::kMatch;
      }
    }
    if (script == Script::kLatin) {
      std::string local = ascii_lower_copy(local_part_of(addressee.address));
      std::vector<std::string_view> pieces;
      size_t begin = 0;
      for (size_t i = 0; i <= local.size(); ++i) {
        if (i == local.size() || local[i] == '.' || local[i] == '_' || local[i] == '-' ||
            local[i] == '+') {
          if (i > begin) pieces.push_back(std::string_view(local).substr(begin, i - begin));
          begin = i + 1;
        }
      }
      for (const std::string& key : keys) {
        if (key.size() < 2) continue;
        if (std::find(pieces.begin(), pieces.end(), key) != pieces.end() ||
            local.starts_with(key)) {
          return Match::kMatch;
        }
      }
    }
    if (!comparable) all_comparable = false;
  }
  return all_comparable ? Match::kMismatch : Match::kUnknown;
}

bool party_covers_to(const Party& party, const std::vector<AddresseeNames>& to) {
  std::optional<std::string> domain = canonical_domain(party.domain);
  if (!domain) return false;
  for (const AddresseeNames& addressee : to) {
    std::string to_domain = ascii_lower_copy(domain_of(addressee.address));
    if (!to_domain.empty() && domain_is_under(to_domain, *domain)) return true;
  }
  return false;
}

// The company is among the To addressees' organisations when one contains the other (after
// legal-entity words are removed), or when it is a known party at a To domain. It is a mismatch
// when it is a known party at no To domain, or when every To addressee has an organisation name
// in the same script and none matches.
Match match_company(std::string_view company, const std::vector<AddresseeNames>& to,
                    const std::vector<Party>& parties) {
  std::string key = organisation_key(company);
  if (key.empty()) return Match::kUnknown;
  size_t key_length = code_point_count(key);
  Script script = script_of(key);
  bool all_comparable = !to.empty();
  for (const AddresseeNames& addressee : to) {
    bool comparable = false;
    for (const std::string& organisation : addressee.organisations) {
      std::string org_key = organisation_key(organisation);
      if (org_key.empty()) continue;
      if ((key_length >= 2 && contains(org_key, key)) ||
          (code_point_count(org_key) >= 2 && contains(key, org_key))) {
        return Match::kMatch;
      }
      if (script_of(org_key) == script) comparable = true;
    }
    if (!comparable) all_comparable = false;
  }
  bool named_party = false;
  for (const Party& party : parties) {
    bool named =
        std::any_of(party.names.begin(), party.names.end(),
                    [&key](const std::string& name) { return organisation_key(name) == key; });
    if (!named) continue;
    if (party_covers_to(party, to)) return Match::kMatch;
    named_party = true;
  }
  if (named_party) return Match::kMismatch;
  return all_comparable ? Match::kMismatch : Match::kUnknown;
}

bool is_to_address(std::string_view address, const std::vector<AddresseeNames>& to) {
  std::string lower = ascii_lower_copy(address);
  return std::any_of(to.begin(), to.end(), [&lower](const AddresseeNames& a) {
    return ascii_lower_copy(a.address) == lower;
  });
}

}  // namespace

std::optional<SalutationMismatch> find_salutation_mismatch(
    std::string_view own, const std::vector<AddresseeNames>& to, const std::vector<Party>& parties,
    const KnownContactByName& known_contact_by_name) {
  for (const SalutationEntry& entry : find_salutation(own, parties)) {
    Match person = entry.person.empty() ? Match::kUnknown : match_person(entry.person, to);
    Match company =
        entry.company.empty() ? Match::kUnknown : match_company(entry.company, to, parties);
    if (person != Match::kMismatch && company != Match::kMismatch) continue;
    SalutationMismatch mismatch;
    mismatch.written = entry.written;
    if (!entry.person.empty() && known_contact_by_name) {
      std::string key = name_key(entry.person);
      std::optional<std::string> known = key.empty() ? std::nullopt : known_contact_by_name(key);
      if (known && !known->empty() && !is_to_address(*known, to)) mismatch.known_as = *known;
    }
    return mismatch;  // one warning for the salutation
  }
  return std::nullopt;
}

bool is_name_short_form(std::string_view word, std::string_view name) {
  return is_short_form_of(word, name);
}

}  // namespace sendcheck
