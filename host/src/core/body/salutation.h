// The salutation at the top of the user's text: whom it greets (佐藤様, 株式会社A 営業部 鈴木部長,
// パートナーB 御中, Dear Jane,).
//
// In: the user's own text (own_text.h) and the known parties (Settings::parties). Out: the
// greeted people and organisations, NFKC, as the salutation-mismatch check and the history's
// greeting keys read them.
#ifndef SENDCHECK_CORE_BODY_SALUTATION_H_
#define SENDCHECK_CORE_BODY_SALUTATION_H_

#include <string>
#include <string_view>
#include <vector>

#include "sendcheck/settings.h"

namespace sendcheck {

// One greeted person or organisation.
struct SalutationEntry {
  std::string written;  // as the user wrote it (with the organisation lines above it)
  std::string person;   // NFKC without honorific and title, "" when none (or generic)
  std::string company;  // NFKC as written, "" when none
};

// The salutation at the top of `own`: up to three organisation lines (company, department) and
// then one or more lines ending with an honorific, or an English greeting. Empty when the text
// opens otherwise, or with a generic salutation (各位, Dear all). A company is recognised by a
// legal-entity word or as the name of one of `parties`.
std::vector<SalutationEntry> find_salutation(std::string_view own,
                                             const std::vector<Party>& parties);

// --- For the history's greeting keys (recipient_features.cc) ---

// find_salutation without parties, without what was written: `person` and `company` ("" when
// none).
struct GreetedName {
  std::string person;
  std::string company;
};
std::vector<GreetedName> greeted_names(std::string_view own);

// A company name without its legal-entity words (株式会社, ㈱, (株), Inc., Ltd., ...),
// name_fold'ed (core/text.h): "株式会社パートナーA", "(株)パートナーA" and "パートナーA" give one
// key; "" when nothing else is left.
std::string organisation_key(std::string_view name);

}  // namespace sendcheck

#endif  // SENDCHECK_CORE_BODY_SALUTATION_H_
