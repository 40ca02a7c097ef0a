// The core's text module: normalisation, case folding, name folding, lines, words, scripts.
#include "core/text.h"

#include <algorithm>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

namespace sendcheck {

BOOST_AUTO_TEST_SUITE(text_test)

BOOST_AUTO_TEST_CASE(folding_is_locale_independent) {
  BOOST_TEST(nfkc_casefold("ISO") == "iso");
  BOOST_TEST(nfkc_casefold("EXE") == "exe");
  // U+0130 folds to i + U+0307 (CaseFolding.txt, status F), never to "iso" nor "ıso".
  BOOST_TEST(nfkc_casefold("İSO") == "i\u0307so");
  BOOST_TEST(nfkc_casefold("ｅｘｅ") == "exe");
  BOOST_TEST(nfkc_casefold("ＳＥＴＵＰ．ＥＸＥ") == "setup.exe");
  BOOST_TEST(nfkc_casefold("a\u202Eb\u200Bc") == "abc");  // default ignorables dropped
}

BOOST_AUTO_TEST_CASE(nfkc_keeps_case_and_name_fold_drops_spaces_and_punctuation) {
  BOOST_TEST(nfkc("㈱パートナーＡ") == "(株)パートナーA");
  BOOST_TEST(nfkc_casefold("㈱パートナーＡ") == "(株)パートナーa");
  BOOST_TEST(name_fold("Jane\u3000Doe-Smith") == "janedoesmith");
  BOOST_TEST(name_fold("林") == "林");
}

BOOST_AUTO_TEST_CASE(lines_words_and_scripts) {
  BOOST_TEST(split_lines("a\r\nb\n") == (std::vector<std::string_view>{"a", "b", ""}),
             boost::test_tools::per_element());
  BOOST_TEST(strip("\u3000 a b\u00A0") == "a b");
  BOOST_TEST(split_spaces(" a\u3000b ") == (std::vector<std::string_view>{"a", "b"}),
             boost::test_tools::per_element());
  BOOST_TEST(code_point_count("佐藤a") == 3u);
  BOOST_TEST((script_of("1 佐藤") == Script::kJapanese));
  BOOST_TEST((script_of("Sato") == Script::kLatin));
  BOOST_TEST((script_of("123") == Script::kNone));
  // Spaces and punctuation are no words; Japanese is cut by ICU's dictionary.
  BOOST_TEST(
      word_segments("Hello, world 42!") == (std::vector<std::string>{"Hello", "world", "42"}),
      boost::test_tools::per_element());
  std::vector<std::string> japanese = word_segments("見積書を添付します。");
  BOOST_TEST(japanese.size() >= 3u);
  BOOST_TEST((std::find(japanese.begin(), japanese.end(), "添付") != japanese.end()));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace sendcheck
