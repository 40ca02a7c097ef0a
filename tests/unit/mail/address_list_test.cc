#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "mail/address_list.h"
#include "sendcheck/address.h"
#include "test_support.h"

using sendcheck::Mailbox;
using sendcheck::MailboxKind;
using sendcheck::parse_address_list;

BOOST_AUTO_TEST_SUITE(address_list_test)

BOOST_AUTO_TEST_CASE(quoted_name_with_comma_stays_one_name) {
  auto list = parse_address_list("\"Yamada, Taro\" <taro@example.co.jp>, hanako@example.jp");
  BOOST_TEST_REQUIRE(list.size() == 2u);
  BOOST_TEST(list[0].display_name == "Yamada, Taro");
  BOOST_TEST(list[0].address == "taro@example.co.jp");
  BOOST_TEST(list[0].local_part == "taro");
  BOOST_TEST(list[0].domain == "example.co.jp");
  BOOST_TEST((list[0].kind == MailboxKind::kOk));
  BOOST_TEST(list[1].display_name == "");
  BOOST_TEST(list[1].address == "hanako@example.jp");
  BOOST_TEST(list[1].group == "");
}

BOOST_AUTO_TEST_CASE(unquoted_comma_in_name_does_not_invent_a_recipient) {
  auto list = parse_address_list("Doe, Jane T - Springfield <jane.doe@example.com>");
  BOOST_TEST_REQUIRE(list.size() == 1u);
  BOOST_TEST(list[0].display_name == "Doe, Jane T - Springfield");
  BOOST_TEST(list[0].address == "jane.doe@example.com");

  list = parse_address_list("Doe, Jane <jane@example.com>, Roe, Rick <rick@example.com>");
  BOOST_TEST_REQUIRE(list.size() == 2u);
  BOOST_TEST(list[0].display_name == "Doe, Jane");
  BOOST_TEST(list[1].display_name == "Roe, Rick");
  BOOST_TEST(list[1].address == "rick@example.com");
}

BOOST_AUTO_TEST_CASE(encoded_name_with_comma_is_decoded_after_splitting) {
  auto list = parse_address_list("=?UTF-8?B?5bGx55SwLCDlpKrpg44=?= <taro@example.co.jp>");
  BOOST_TEST_REQUIRE(list.size() == 1u);
  BOOST_TEST(list[0].display_name == "山田, 太郎");
  BOOST_TEST(list[0].address == "taro@example.co.jp");
}

BOOST_AUTO_TEST_CASE(iso2022jp_name_plain_and_inside_quotes) {
  auto list =
      parse_address_list("=?iso-2022-jp?B?GyRCMGY+ZRsoQiAbJEI9XxsoQg==?= <a.inoue@example.co.jp>");
  BOOST_TEST_REQUIRE(list.size() == 1u);
  BOOST_TEST(list[0].display_name == "井上 淳");
  BOOST_TEST(list[0].address == "a.inoue@example.co.jp");

  list = parse_address_list(
      "\"=?iso-2022-jp?B?GyRCMGY+ZRsoQiAbJEI9XxsoQg==?=\" <a.inoue@example.co.jp>");
  BOOST_TEST_REQUIRE(list.size() == 1u);
  BOOST_TEST(list[0].display_name == "井上 淳");
}

BOOST_AUTO_TEST_CASE(cp50220_characters_in_a_name) {
  // ESC $ B, JIS 2D6A (㈱), 2D21 (①), 7C62 (髙, CP932 NEC-selected 0xEEE0), ESC ( B.
  auto list = parse_address_list("=?ISO-2022-JP?B?GyRCLWotIXxiGyhC?= <info@example.co.jp>");
  BOOST_TEST_REQUIRE(list.size() == 1u);
  BOOST_TEST(list[0].display_name == "㈱①髙");
}

BOOST_AUTO_TEST_CASE(name_split_across_folded_words_mid_character) {
  // "山田太郎": the first word ends after the first byte of 太, the second has no ESC $ B.
  auto list = parse_address_list(
      "=?ISO-2022-JP?B?GyRCOzNFREI=?=\r\n =?ISO-2022-JP?B?QE86GyhC?= <taro@example.co.jp>");
  BOOST_TEST_REQUIRE(list.size() == 1u);
  BOOST_TEST(list[0].display_name == "山田太郎");
  BOOST_TEST(list[0].address == "taro@example.co.jp");
}

BOOST_AUTO_TEST_CASE(empty_group_yields_nothing) {
  BOOST_TEST(parse_address_list("undisclosed-recipients:;").empty());
  BOOST_TEST(parse_address_list(" Undisclosed recipients: ;").empty());
  BOOST_TEST(parse_address_list("").empty());
  BOOST_TEST(parse_address_list("  \r\n ").empty());
}

BOOST_AUTO_TEST_CASE(group_members_carry_the_group_name) {
  auto list = parse_address_list("Project: taro@example.co.jp, x@partner.example.jp;");
  BOOST_TEST_REQUIRE(list.size() == 2u);
  BOOST_TEST(list[0].address == "taro@example.co.jp");
  BOOST_TEST(list[0].group == "Project");
  BOOST_TEST(list[1].address == "x@partner.example.jp");
  BOOST_TEST(list[1].group == "Project");

  list = parse_address_list("a@example.jp, Team: b@example.jp;, c@example.jp");
  BOOST_TEST_REQUIRE(list.size() == 3u);
  BOOST_TEST(list[0].group == "");
  BOOST_TEST(list[1].group == "Team");
  BOOST_TEST(list[2].group == "");
}

BOOST_AUTO_TEST_CASE(domain_is_after_last_at_outside_quotes) {
  auto list = parse_address_list("\"taro@partner.example.com x\"@internal.example.co.jp");
  BOOST_TEST_REQUIRE(list.size() == 1u);
  BOOST_TEST(list[0].address == "\"taro@partner.example.com x\"@internal.example.co.jp");
  BOOST_TEST(list[0].local_part == "\"taro@partner.example.com x\"");
  BOOST_TEST(list[0].domain == "internal.example.co.jp");
  BOOST_TEST((list[0].kind == MailboxKind::kOk));
}

BOOST_AUTO_TEST_CASE(split_addr_spec_handles_quotes_and_escapes) {
  std::string local, domain;
  BOOST_TEST(sendcheck::split_addr_spec("\"a\\\"@b\"@c.jp", &local, &domain));
  BOOST_TEST(local == "\"a\\\"@b\"");
  BOOST_TEST(domain == "c.jp");
  BOOST_TEST(sendcheck::split_addr_spec("a@b@c", &local, &domain));
  BOOST_TEST(local == "a@b");
  BOOST_TEST(domain == "c");
  BOOST_TEST(!sendcheck::split_addr_spec("\"a@b\"", &local, &domain));
  BOOST_TEST(!sendcheck::split_addr_spec("no-at", &local, &domain));
}

BOOST_AUTO_TEST_CASE(same_display_name_twice_is_two_recipients) {
  auto list = parse_address_list(
      "山田太郎 <taro.yamada@example.co.jp>, 山田太郎 <yamada@partner.example.jp>");
  BOOST_TEST_REQUIRE(list.size() == 2u);
  BOOST_TEST(list[0].display_name == "山田太郎");
  BOOST_TEST(list[0].address == "taro.yamada@example.co.jp");
  BOOST_TEST(list[1].display_name == "山田太郎");
  BOOST_TEST(list[1].address == "yamada@partner.example.jp");
}

BOOST_AUTO_TEST_CASE(raw_utf8_domain_is_kept_as_written) {
  auto list = parse_address_list("山田 <yamada@例え.jp>");
  BOOST_TEST_REQUIRE(list.size() == 1u);
  BOOST_TEST(list[0].display_name == "山田");
  BOOST_TEST(list[0].address == "yamada@例え.jp");
  BOOST_TEST(list[0].domain == "例え.jp");
  BOOST_TEST((list[0].kind == MailboxKind::kOk));
}

BOOST_AUTO_TEST_CASE(raw_8bit_shift_jis_and_latin1_names_are_decoded) {
  auto list = parse_address_list("\x8eR\x93\x63 <yamada@example.jp>, Jos\xe9 <jose@example.es>");
  BOOST_TEST_REQUIRE(list.size() == 2u);
  BOOST_TEST(list[0].display_name == "山田");
  BOOST_TEST(list[1].display_name == "José");
}

BOOST_AUTO_TEST_CASE(alias_without_domain_is_kept_as_no_domain) {
  auto list = parse_address_list("社内全員 <社内全員>");
  BOOST_TEST_REQUIRE(list.size() == 1u);
  BOOST_TEST(list[0].display_name == "社内全員");
  BOOST_TEST(list[0].address == "社内全員");
  BOOST_TEST(list[0].domain == "");
  BOOST_TEST((list[0].kind == MailboxKind::kNoDomain));

  list = parse_address_list("mailing list <mailing list>");
  BOOST_TEST_REQUIRE(list.size() == 1u);
  BOOST_TEST(list[0].display_name == "mailing list");
  BOOST_TEST(list[0].address == "mailing list");
  BOOST_TEST((list[0].kind == MailboxKind::kNoDomain));

  list = parse_address_list("a@example.jp, mailing list <mailing list>, b@example.jp");
  BOOST_TEST_REQUIRE(list.size() == 3u);
  BOOST_TEST(list[1].address == "mailing list");
  BOOST_TEST(list[2].address == "b@example.jp");
}

BOOST_AUTO_TEST_CASE(name_with_empty_angle_is_no_domain) {
  auto list = parse_address_list("Sales Team <>");
  BOOST_TEST_REQUIRE(list.size() == 1u);
  BOOST_TEST(list[0].address == "Sales Team");
  BOOST_TEST((list[0].kind == MailboxKind::kNoDomain));
  BOOST_TEST(parse_address_list("<>").empty());
}

BOOST_AUTO_TEST_CASE(exchange_x500_dn_is_x500) {
  const char* dn =
      "/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/"
      "cn=0123-Jane";
  auto list = parse_address_list(std::string("Jane Doe <") + dn + ">");
  BOOST_TEST_REQUIRE(list.size() == 1u);
  BOOST_TEST(list[0].display_name == "Jane Doe");
  BOOST_TEST(list[0].address == dn);
  BOOST_TEST((list[0].kind == MailboxKind::kX500));

  list = parse_address_list(std::string("a@example.jp, ") + dn);
  BOOST_TEST_REQUIRE(list.size() == 2u);
  BOOST_TEST(list[1].address == dn);
  BOOST_TEST((list[1].kind == MailboxKind::kX500));

  list = parse_address_list("/O=EXAMPLE/OU=FIRST/CN=RECIPIENTS/CN=TARO");
  BOOST_TEST_REQUIRE(list.size() == 1u);
  BOOST_TEST((list[0].kind == MailboxKind::kX500));

  list = parse_address_list(
      "Jane <IMCEAEX-_o=ExchangeLabs_ou=Exchange+20Administrative+20Group_cn=Recipients_"
      "cn=abc@namprd01.prod.outlook.com>");
  BOOST_TEST_REQUIRE(list.size() == 1u);
  BOOST_TEST((list[0].kind == MailboxKind::kX500));
}

BOOST_AUTO_TEST_CASE(empty_local_part_or_domain_is_malformed) {
  auto list = parse_address_list("a@example.jp, @example.com, foo@, c@example.jp");
  BOOST_TEST_REQUIRE(list.size() == 4u);
  BOOST_TEST(list[1].address == "@example.com");
  BOOST_TEST((list[1].kind == MailboxKind::kMalformed));
  BOOST_TEST(list[2].address == "foo@");
  BOOST_TEST((list[2].kind == MailboxKind::kMalformed));
  BOOST_TEST((list[3].kind == MailboxKind::kOk));

  list = parse_address_list("a@b@example.jp");
  BOOST_TEST_REQUIRE(list.size() == 1u);
  BOOST_TEST(list[0].address == "a@b@example.jp");
  BOOST_TEST((list[0].kind == MailboxKind::kMalformed));
}

BOOST_AUTO_TEST_CASE(semicolon_separated_list_keeps_every_entry) {
  auto list = parse_address_list("Yamada <a@example.jp>; Suzuki <b@example.jp>");
  BOOST_TEST_REQUIRE(list.size() == 2u);
  BOOST_TEST(list[0].display_name == "Yamada");
  BOOST_TEST(list[1].display_name == "Suzuki");
  BOOST_TEST(list[1].address == "b@example.jp");
}

BOOST_AUTO_TEST_CASE(bare_name_is_kept_not_dropped) {
  auto list = parse_address_list("Foo Bar, baz@example.com");
  BOOST_TEST_REQUIRE(list.size() == 2u);
  BOOST_TEST(list[0].address == "Foo Bar");
  BOOST_TEST((list[0].kind == MailboxKind::kNoDomain));
  BOOST_TEST(list[1].address == "baz@example.com");
}

BOOST_AUTO_TEST_CASE(comment_and_folding_are_understood) {
  auto list =
      parse_address_list("taro@example.co.jp (Taro Yamada),\r\n\tTaro <Taro.Yamada@Example.CO.JP>");
  BOOST_TEST_REQUIRE(list.size() == 2u);
  BOOST_TEST(list[0].display_name == "Taro Yamada");
  BOOST_TEST(list[0].address == "taro@example.co.jp");
  BOOST_TEST(list[1].address == "Taro.Yamada@Example.CO.JP");
  BOOST_TEST(list[1].domain == "Example.CO.JP");
}

BOOST_AUTO_TEST_CASE(adjacent_iso2022jp_words_are_joined) {
  // GMime alone drops the second word of this pair (山田 + 太郎).
  auto list = parse_address_list(
      "=?ISO-2022-JP?B?GyRCOzNFRBsoQg==?= =?ISO-2022-JP?B?GyRCQkBPOhsoQg==?= <t@example.jp>");
  BOOST_TEST_REQUIRE(list.size() == 1u);
  BOOST_TEST(list[0].display_name == "山田太郎");
}

BOOST_AUTO_TEST_CASE(many_recipients_do_not_crash) {
  std::string header;
  for (int i = 0; i < 7000; ++i) {
    if (i > 0) header += ",\r\n ";
    header += "\"User " + std::to_string(i) + "\" <user" + std::to_string(i) + "@example.jp>";
  }
  auto list = parse_address_list(header);
  BOOST_TEST_REQUIRE(list.size() == 7000u);
  BOOST_TEST(list[6999].address == "user6999@example.jp");
  BOOST_TEST(list[6999].display_name == "User 6999");
}

BOOST_AUTO_TEST_CASE(garbage_never_crashes) {
  for (const char* input : {"\"unterminated <a@example.jp>", "<<<>>>", "(((", ":::;;;,,,", "=?",
                            "=?utf-8?q?", "\"", "\\", "<a@b", "a:b:c;d;", "=?x?b?!!!?= <a@b.jp>"}) {
    auto list = parse_address_list(input);
    for (const Mailbox& mailbox : list) BOOST_TEST(!mailbox.address.empty());
  }
  auto list = parse_address_list("\"unterminated <a@example.jp>");
  BOOST_TEST_REQUIRE(list.size() == 1u);
  BOOST_TEST(list[0].address == "a@example.jp");
}

// Bug: GMime kept "taro@exa" of "taro@exa mple..jp" and dropped the rest, so a malformed entry
// came out as a valid-looking external address.
BOOST_AUTO_TEST_CASE(bare_address_with_inner_space_is_malformed_not_cut) {
  std::vector<Mailbox> list = parse_address_list("taro@exa mple..jp, y@ok.example");
  BOOST_TEST_REQUIRE(list.size() == 2U);
  BOOST_TEST(list[0].address == "taro@exa mple..jp");
  BOOST_TEST((list[0].kind == MailboxKind::kMalformed));
  BOOST_TEST(list[1].address == "y@ok.example");
  BOOST_TEST((list[1].kind == MailboxKind::kOk));
  std::vector<Mailbox> commented = parse_address_list("taro@example.jp (Taro Yamada)");
  BOOST_TEST_REQUIRE(commented.size() == 1U);
  BOOST_TEST((commented[0].kind == MailboxKind::kOk));
  BOOST_TEST(commented[0].address == "taro@example.jp");
}

// Bug (found by fuzz/address_list): bytes that no fallback charset converts (0xF5 is neither
// UTF-8 nor CP932 nor converted by GMime's ISO-8859-1 pass) came back as they were, so display
// names and decoded text were not UTF-8. They are U+FFFD now; the address is untouched.
BOOST_AUTO_TEST_CASE(unconvertible_raw_bytes_in_a_name_become_replacement_characters) {
  std::vector<Mailbox> list = parse_address_list("Ab \xf5\x9c\x90\x92 <y@example.jp>");
  BOOST_TEST_REQUIRE(list.size() == 1U);
  BOOST_TEST(list[0].address == "y@example.jp");
  BOOST_TEST((list[0].kind == MailboxKind::kOk));
  BOOST_TEST(list[0].display_name == "Ab \uFFFD\uFFFD\uFFFD\uFFFD");
  BOOST_TEST(sendcheck::decode_header_text("\xf5\x9c\x90\x92 x") == "\uFFFD\uFFFD\uFFFD\uFFFD x");
}

BOOST_AUTO_TEST_SUITE_END()
