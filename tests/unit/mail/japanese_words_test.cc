// ISO-2022-JP repair, seen through decode_header_text and parse_address_list.
#include <boost/test/unit_test.hpp>

#include <string>

#include "mail/address_list.h"
#include "sendcheck/address.h"
#include "test_support.h"

using sendcheck::decode_header_text;

BOOST_AUTO_TEST_SUITE(japanese_words_test)

BOOST_AUTO_TEST_CASE(plain_iso2022jp_subject) {
  BOOST_TEST(decode_header_text("=?ISO-2022-JP?B?GyRCOCtAUT1xJE5Bd0lVGyhC?=") == "見積書の送付");
  BOOST_TEST(decode_header_text(" Re: =?iso-2022-jp?b?GyRCOCtAUT1xJE5Bd0lVGyhC?=\r\n") ==
             "Re: 見積書の送付");
}

BOOST_AUTO_TEST_CASE(cp50220_nec_row13_and_ibm_extension) {
  BOOST_TEST(decode_header_text("=?ISO-2022-JP?B?GyRCLWotIXxiGyhC?=") == "㈱①髙");
  BOOST_TEST(decode_header_text("=?ISO-2022-JP?B?GyRCM3Q8MDJxPFItai0hfGIbKEI=?=") ==
             "株式会社㈱①髙");
}

BOOST_AUTO_TEST_CASE(shift_jis_bytes_mislabelled_as_iso2022jp) {
  BOOST_TEST(decode_header_text("=?ISO-2022-JP?B?ipSOronvjtCDZYNYg2c=?=") == "株式会社テスト");
}

BOOST_AUTO_TEST_CASE(shift_jis_subject_of_the_sisimai_corpus) {
  auto path = sendcheck::testing::shared_corpus_path("sisimai-set-of-emails/lhost-postfix-09.eml");
  if (!path) {
    BOOST_TEST_MESSAGE("shared corpus missing: skipped");
    return;
  }
  std::string eml = sendcheck::testing::read_file(*path);
  std::size_t at = eml.find("\nSubject: =?ISO-2022-JP?B?gaG");
  BOOST_TEST_REQUIRE(at != std::string::npos);
  std::size_t begin = at + 10;
  std::string raw = eml.substr(begin, eml.find('\n', begin) - begin);
  BOOST_TEST(decode_header_text(raw) ==
             "■緊急値下げ！！■映画・アニメ・スポーツ・音楽♪視聴料無料で見放題■");
}

BOOST_AUTO_TEST_CASE(subject_split_mid_character_over_folded_line) {
  // "見積書の送付について": the first word stops inside の (JIS 244E), the second word has no
  // ESC $ B of its own.
  BOOST_TEST(decode_header_text("=?ISO-2022-JP?B?GyRCOCtAUT1xJA==?=\r\n"
                                " =?ISO-2022-JP?B?TkF3SVUkSyREJCQkRhsoQg==?=") ==
             "見積書の送付について");
  BOOST_TEST(decode_header_text("=?ISO-2022-JP?B?GyRCOCtAUT1xJA==?=\n\t"
                                "=?ISO-2022-JP?B?TkF3SVUkSyREJCQkRhsoQg==?=") ==
             "見積書の送付について");
}

BOOST_AUTO_TEST_CASE(words_of_other_charsets_are_untouched) {
  BOOST_TEST(decode_header_text("=?UTF-8?B?5bGx55SwLCDlpKrpg44=?=") == "山田, 太郎");
  BOOST_TEST(decode_header_text("=?ISO-8859-1?Q?Caf=E9?= au lait") == "Café au lait");
  // Adjacent words of different charsets are not joined; each still decodes.
  BOOST_TEST(decode_header_text("=?ISO-2022-JP?B?GyRCOzNFRBsoQg==?= =?UTF-8?B?5aSq6YOO?=") ==
             "山田太郎");
  BOOST_TEST(decode_header_text("plain text") == "plain text");
}

BOOST_AUTO_TEST_CASE(q_encoding_language_suffix_and_katakana) {
  BOOST_TEST(decode_header_text("=?iso-2022-jp*ja?Q?=1B$B;3ED=1B(B?=") == "山田");
  BOOST_TEST(decode_header_text("=?ISO-2022-JP?B?GyhJNkA2RRsoQg==?=") == "ｶﾀｶﾅ");
}

BOOST_AUTO_TEST_CASE(undecodable_run_is_left_to_gmime) {
  // JIS X 0212 (ESC $ ( D) has no CP932 form: the word is left as it was, and decoding it must
  // not crash or lose the surrounding text.
  std::string decoded = decode_header_text("A =?ISO-2022-JP?B?GyQoRDA0GyhC?= B");
  BOOST_TEST(decoded.rfind("A ", 0) == 0);
  BOOST_TEST(decoded.substr(decoded.size() - 2) == " B");
}

BOOST_AUTO_TEST_CASE(sisimai_two_spaces_between_words) {
  auto path = sendcheck::testing::shared_corpus_path("sisimai-set-of-emails/lhost-sendmail-40.eml");
  if (!path) {
    BOOST_TEST_MESSAGE("shared corpus missing: skipped");
    return;
  }
  std::string eml = sendcheck::testing::read_file(*path);
  std::size_t at = eml.find("\nSubject: =?ISO-2022-JP?B?GyRCIVow");
  BOOST_TEST_REQUIRE(at != std::string::npos);
  std::size_t begin = at + 10;
  std::size_t end = begin;
  while ((end = eml.find('\n', end)) != std::string::npos && end + 1 < eml.size() &&
         (eml[end + 1] == ' ' || eml[end + 1] == '\t')) {
    ++end;
  }
  BOOST_TEST(decode_header_text(eml.substr(begin, end - begin)) ==
             "【一膳】 会員登録の内容をご確認ください。");
}

BOOST_AUTO_TEST_CASE(sisimai_x5_names_plain_and_quoted) {
  auto list = sendcheck::parse_address_list(
      "\"=?iso-2022-jp?B?TWFpbCBEZWxpdmVyeSBTdWJzeXN0ZW0=?=\" <MAILER-DAEMON@example.co.jp>");
  BOOST_TEST_REQUIRE(list.size() == 1u);
  BOOST_TEST(list[0].display_name == "Mail Delivery Subsystem");
  list = sendcheck::parse_address_list(
      "=?ISO-2022-JP?B?GyRCJSIlSSVsJTkzTkcnIWMbKEJGSUtUGyRCIWQbKEI=?= "
      "<shironeko@cat.example.co.jp>");
  BOOST_TEST_REQUIRE(list.size() == 1u);
  BOOST_TEST(list[0].display_name == "アドレス確認＜FIKT＞");
  BOOST_TEST(list[0].address == "shironeko@cat.example.co.jp");
}

BOOST_AUTO_TEST_SUITE_END()
