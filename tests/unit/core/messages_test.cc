// The ja/en catalogue: every code has both texts, plurals and arguments are applied.
#include "sendcheck/messages.h"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

namespace sendcheck {

BOOST_AUTO_TEST_SUITE(messages_test)

BOOST_AUTO_TEST_CASE(every_documented_code_has_japanese_and_english) {
  for (const char* code : {"internal",
                           "external",
                           "trusted",
                           "allowlisted",
                           "first-time",
                           "first-time-domain",
                           "sub-address",
                           "lookalike",
                           "unusual-combination",
                           "new-in-thread",
                           "blocked",
                           "freemail",
                           "unverifiable",
                           "malformed",
                           "dangerous-type",
                           "double-extension",
                           "bidi-control",
                           "type-mismatch",
                           "encrypted-archive",
                           "sensitive-name",
                           "names-other-party",
                           "large",
                           "personal-data",
                           "bcc-suggested",
                           "forgotten-attachment",
                           "salutation-mismatch",
                           "keyword",
                           "many-recipients",
                           "policy-block",
                           "no-recipients",
                           "recipients-summarised"}) {
    BOOST_TEST_CONTEXT(code) {
      BOOST_TEST(has_message(code, Locale::kEn));
      BOOST_TEST(has_message(code, Locale::kJa));
    }
  }
}

BOOST_AUTO_TEST_CASE(english_plural_and_japanese_counter) {
  nlohmann::json one{{"count", 1}, {"threshold", 0}};
  nlohmann::json many{{"count", 25}, {"threshold", 20}};
  BOOST_TEST(format_message("many-recipients", one, Locale::kEn) ==
             "1 recipient in To, Cc and Bcc (more than 0).");
  BOOST_TEST(format_message("many-recipients", many, Locale::kEn) ==
             "25 recipients in To, Cc and Bcc (more than 20).");
  BOOST_TEST(format_message("many-recipients", many, Locale::kJa) ==
             "宛先が To・Cc・Bcc 合わせて 25 件あります（20 件を超えています）。");
}

// Bug: ICU select keywords cannot hold '-', so messages selecting on codes such as
// "card-number" fell back to the bare code.
BOOST_AUTO_TEST_CASE(select_messages_format_every_branch_in_both_languages) {
  using nlohmann::json;
  const std::vector<std::pair<std::string, json>> cases = {
      {"personal-data", {{"kind", "card-number"}, {"count", 1}}},
      {"personal-data", {{"kind", "my-number"}, {"count", 2}}},
      {"personal-data", {{"kind", "email-addresses"}, {"count", 12}}},
      {"personal-data", {{"kind", "phone-numbers"}, {"count", 12}}},
      {"keyword", {{"keyword", "社外秘"}, {"target", "subject"}}},
      {"keyword", {{"keyword", "社外秘"}, {"target", "body"}}},
      {"keyword", {{"keyword", "rival.example"}, {"target", "domain"}}},
      {"keyword", {{"keyword", "*.zip"}, {"target", "attachment-name"}}},
      {"unverifiable", {{"address", "社内全員"}, {"kind", "no-domain"}}},
      {"unverifiable", {{"address", "/o=x"}, {"kind", "x500"}}},
      {"unverifiable", {{"address", "x@localhost"}, {"kind", "single-label"}}},
      {"lookalike", {{"similarTo", "a@b.jp"}, {"similarDomain", "b.jp"}, {"scope", "domain"}}},
      {"lookalike", {{"similarTo", "a@b.jp"}, {"similarDomain", "b.jp"}, {"scope", "address"}}},
      {"dangerous-type", {{"source", "name"}, {"extension", ".exe"}}},
      {"dangerous-type", {{"source", "zip-entry"}, {"entry", "x.exe"}, {"count", 1}}},
      {"dangerous-type", {{"source", "zip-entry"}, {"entry", "x.exe, y.js"}, {"count", 2}}},
  };
  for (const auto& [code, params] : cases) {
    for (Locale locale : {Locale::kEn, Locale::kJa}) {
      BOOST_TEST_CONTEXT(code << " " << params.dump()) {
        std::string text = format_message(code, params, locale);
        BOOST_TEST(text != code);
        BOOST_TEST(text.find('{') == std::string::npos);
      }
    }
  }
  BOOST_TEST(
      format_message("personal-data", {{"kind", "card-number"}, {"count", 1}}, Locale::kEn) ==
      "Contains what looks like personal data: card numbers (1).");
  BOOST_TEST(format_message("keyword", {{"keyword", "社外秘"}, {"target", "subject"}},
                            Locale::kJa) == "件名に「社外秘」が含まれています。");
  const json one_entry{{"source", "zip-entry"}, {"entry", "x.exe"}, {"count", 1}};
  BOOST_TEST(format_message("dangerous-type", one_entry, Locale::kEn) ==
             "The archive contains a file that can run code: x.exe.");
  BOOST_TEST(format_message("dangerous-type", one_entry, Locale::kJa) ==
             "ZIPの中に実行可能なファイル「x.exe」が含まれています。");
  BOOST_TEST(format_message("dangerous-type", {{"source", "name"}, {"extension", ".exe"}},
                            Locale::kJa) == "実行可能なファイル形式です（.exe）。");
}

BOOST_AUTO_TEST_CASE(unknown_code_falls_back_to_the_code) {
  BOOST_TEST(format_message("from-the-future", nlohmann::json::object(), Locale::kJa) ==
             "from-the-future");
}

BOOST_AUTO_TEST_CASE(locale_tags) {
  BOOST_TEST((parse_locale("ja_JP.UTF-8") == Locale::kJa));
  BOOST_TEST((parse_locale("ja") == Locale::kJa));
  BOOST_TEST((parse_locale("jav") == Locale::kEn));
  BOOST_TEST((parse_locale("en_US") == Locale::kEn));
  BOOST_TEST((parse_locale("") == Locale::kEn));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace sendcheck
