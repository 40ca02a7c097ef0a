// Personal data in a text (the personal-data check): payment card numbers, My Numbers (個人番号),
// e-mail addresses and phone numbers.
//
// In: text (the user's own text or the subject). Out: each kind found, as a set of canonical
// forms so that a number written twice counts once. Nothing found is logged or kept.
#ifndef SENDCHECK_CORE_BODY_PERSONAL_DATA_H_
#define SENDCHECK_CORE_BODY_PERSONAL_DATA_H_

#include <set>
#include <string>
#include <string_view>

namespace sendcheck {

struct PersonalData {
  std::set<std::string> cards;       // 13 to 19 digits, Luhn (ISO/IEC 7812-1), as digits
  std::set<std::string> my_numbers;  // 12 digits with the check digit of 施行令 第八条
  std::set<std::string> emails;
  std::set<std::string> phones;  // "0312345678", "+12125551234"
};

// Adds what `text` holds to `found`. The text is read NFKC (full-width digits, ＠) with the
// dashes people put between digits (ー, −, –) taken as hyphens.
void scan_personal_data(std::string_view text, PersonalData* found);

}  // namespace sendcheck

#endif  // SENDCHECK_CORE_BODY_PERSONAL_DATA_H_
