// Body checks (DESIGN.md §4 "Body"): the user's own text, forgotten attachments, salutations
// naming someone who is not a recipient, personal data.
#include "core/body/body_checks.h"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "sendcheck/settings.h"
#include "test_support.h"

namespace sendcheck {
namespace {

using nlohmann::json;

BodyCheckContext base_context() {
  BodyCheckContext context;
  context.locale = Locale::kEn;
  context.attachment_words = Settings{}.attachment_words;
  return context;
}

Draft draft_with(const std::string& body, const std::string& subject = "") {
  Draft draft;
  draft.body = body;
  draft.subject = subject;
  return draft;
}

AddresseeNames addressee(const std::string& address, std::vector<std::string> names,
                         std::vector<std::string> organisations) {
  AddresseeNames a;
  a.address = address;
  a.names = std::move(names);
  a.organisations = std::move(organisations);
  return a;
}

std::vector<std::string> codes(const std::vector<Warning>& warnings) {
  std::vector<std::string> out;
  out.reserve(warnings.size());
  for (const Warning& w : warnings) out.push_back(w.code);
  return out;
}

std::string body_fixture(const std::string& name) {
  return testing::read_file(testing::data_path("body/" + name));
}

// To suzuki@partner-b.example.jp, 鈴木 一郎 of partner-b.
BodyCheckContext partner_b_context() {
  BodyCheckContext context = base_context();
  context.to = {addressee("suzuki@partner-b.example.jp", {"鈴木 一郎"}, {"partner-b"})};
  return context;
}

// The check digit of a My Number, written here from the text of 施行令 第八条 (independently of
// the implementation): Pn counted from the right of the first eleven digits, Qn = n + 1 (n <= 6)
// or n - 5 (n >= 7), 11 - (sum mod 11), 0 when the remainder is 0 or 1.
char my_number_check_digit(const std::string& first_eleven) {
  int sum = 0;
  for (int n = 1; n <= 11; ++n) {
    int p = first_eleven[first_eleven.size() - static_cast<size_t>(n)] - '0';
    sum += p * (n <= 6 ? n + 1 : n - 5);
  }
  int remainder = sum % 11;
  return static_cast<char>('0' + (remainder <= 1 ? 0 : 11 - remainder));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(body_checks_test)

// --- own_text ---

BOOST_AUTO_TEST_CASE(reply_with_quote_signature_and_disclaimer_has_no_forgotten_attachment) {
  std::string body = body_fixture("reply_quote_signature.txt");
  BOOST_TEST(own_text(body) == "承知しました。");
  BOOST_TEST(check_body(draft_with(body), base_context()).empty());
}

BOOST_AUTO_TEST_CASE(outlook_original_message_block_is_not_own_text) {
  std::string body = body_fixture("outlook_original_message.txt");
  BOOST_TEST(own_text(body) == "Thanks, I will review it tomorrow.");
  BOOST_TEST(check_body(draft_with(body), base_context()).empty());
}

BOOST_AUTO_TEST_CASE(japanese_outlook_header_block_is_not_own_text) {
  std::string body = body_fixture("outlook_ja_header_block.txt");
  BOOST_TEST(own_text(body) == "佐藤様\n\n了解です。明日までに確認します。");
  BOOST_TEST(check_body(draft_with(body), base_context()).empty());
}

BOOST_AUTO_TEST_CASE(gmail_attribution_line_ends_own_text) {
  std::string body = body_fixture("gmail_attribution.txt");
  BOOST_TEST(own_text(body) == "Sounds good, see you then.");
  BOOST_TEST(check_body(draft_with(body), base_context()).empty());
}

BOOST_AUTO_TEST_CASE(attribution_wrapped_over_two_lines) {
  BOOST_TEST(own_text("OK.\n\nOn Mon, Jan 1, 2024 at 10:00 AM Jane Doe <\njane@x.example> wrote:\n"
                      "> attached\n") == "OK.");
  BOOST_TEST(own_text("了解です。\n\n2024年1月1日(月) 10:00 Jane Doe <\njane@x.example>:\n"
                      "> 添付します\n") == "了解です。");
}

BOOST_AUTO_TEST_CASE(other_quote_markers) {
  BOOST_TEST(own_text("A\n-----元のメッセージ-----\n資料を添付します。") == "A");
  BOOST_TEST(own_text("A\n----- Original Message -----\nB") == "A");
  BOOST_TEST(own_text("A\n-----Original-----\nB") == "A");
  BOOST_TEST(own_text("A\n-------- Forwarded Message --------\nB") == "A");
  BOOST_TEST(own_text("A\n-------- 転送メッセージ --------\nB") == "A");
  BOOST_TEST(own_text("A\n\n山田 太郎 さんは書きました:\n> B") == "A");
  BOOST_TEST(own_text("A\n\nJane Doe wrote:\nB") == "A");
  BOOST_TEST(own_text("A\n\n2024/01/01 10:00 yamada@example.jp のメッセージ:\nB") == "A");
  BOOST_TEST(own_text("A\n\nFrom: Jane <j@x.example>\nTo: Bob <b@x.example>\nB") == "A");
  BOOST_TEST(own_text("A\n\n*From:* Jane <j@x.example>\n*Sent:* Monday\nB") == "A");
  BOOST_TEST(own_text("A\n--\nsignature") == "A");
  BOOST_TEST(own_text("A\r\nB\r\n-- \r\nsignature\r\n") == "A\nB");
  // Full-width quote marks, indented quotes.
  BOOST_TEST(own_text("A\n＞ 資料を添付します。\n＞ 以上") == "A");
  BOOST_TEST(own_text("A\n  > B\n  > C") == "A");
}

BOOST_AUTO_TEST_CASE(lotus_notes_header_with_a_long_address_list) {
  std::string body =
      "OK, thanks.\n\n\n\tJane Doe <jane@x.example>\n\t01/16/2001 02:01 AM\n\t\t \n"
      "\t\t To: <a@x.example>, <b@x.example>,\n<c@x.example>, <d@x.example>,\n<e@x.example>,\n"
      "<f@x.example>, <g@x.example>\n\t\t cc: \n\t\t Subject: test\n\nPlease see attached.\n";
  BOOST_TEST(own_text(body) == "OK, thanks.");
  BOOST_TEST(own_text("了解です。\n\n山田 太郎 <yamada@example.co.jp>\n2024/01/16 10:00\n\n"
                      "宛先: 鈴木 <suzuki@x.example>\ncc:\n件名: 見積\n") == "了解です。");
}

BOOST_AUTO_TEST_CASE(lines_that_only_look_like_markers_are_kept) {
  // "From:" without a header following it, "--" inside a line, a rule with no disclaimer.
  BOOST_TEST(own_text("From: the sales team\nPlease check.") ==
             "From: the sales team\nPlease check.");
  BOOST_TEST(own_text("A -- B\nC") == "A -- B\nC");
  BOOST_TEST(own_text("A\n==========\nB") == "A\n==========\nB");
}

BOOST_AUTO_TEST_CASE(single_inline_quote_is_left_out_and_text_goes_on) {
  BOOST_TEST(own_text("> 資料はありますか?\n回答1です。\n\n> 質問2\n> 続き\n回答2") ==
             "回答1です。");
}

BOOST_AUTO_TEST_CASE(marked_disclaimer_without_signature_separator) {
  std::string body =
      "よろしくお願いいたします。\n\n＿＿＿＿＿＿＿＿＿＿\n"
      "本メールおよび添付ファイルは機密情報を含みます。\n";
  BOOST_TEST(own_text(body) == "よろしくお願いいたします。");
  BOOST_TEST(check_body(draft_with(body), base_context()).empty());
  std::string english =
      "Regards,\nJane\n==========================\nThis e-mail and any attachments are "
      "confidential.\n";
  BOOST_TEST(own_text(english) == "Regards,\nJane");
}

BOOST_AUTO_TEST_CASE(empty_and_quote_only_bodies) {
  BOOST_TEST(own_text("") == "");
  BOOST_TEST(own_text("\n\n") == "");
  BOOST_TEST(own_text("> only a quote\n> here") == "");
  BOOST_TEST(check_body(draft_with(""), base_context()).empty());
}

// --- forgotten-attachment ---

BOOST_AUTO_TEST_CASE(forgotten_attachment_when_nothing_is_attached) {
  std::vector<Warning> warnings = check_body(draft_with("資料を添付します。"), base_context());
  BOOST_TEST_REQUIRE(warnings.size() == 1u);
  BOOST_TEST(warnings[0].code == "forgotten-attachment");
  BOOST_TEST(warnings[0].severity == "warning");
  BOOST_TEST(warnings[0].params == json::object());
  BOOST_TEST(warnings[0].message == "The message mentions an attachment, but nothing is attached.");
}

BOOST_AUTO_TEST_CASE(no_forgotten_attachment_when_something_is_attached) {
  BodyCheckContext context = base_context();
  context.has_attachments = true;
  BOOST_TEST(check_body(draft_with("資料を添付します。"), context).empty());
}

BOOST_AUTO_TEST_CASE(forgotten_attachment_message_in_japanese) {
  BodyCheckContext context = base_context();
  context.locale = Locale::kJa;
  std::vector<Warning> warnings = check_body(draft_with("見積書を同封いたします。"), context);
  BOOST_TEST_REQUIRE(warnings.size() == 1u);
  BOOST_TEST(warnings[0].message == "本文で添付に触れていますが、ファイルが添付されていません。");
}

BOOST_AUTO_TEST_CASE(attachment_words_in_english_and_full_width) {
  for (const char* body : {"Please find attached the report.", "See the attachments below.",
                           "The contract is enclosed.", "ＡＴＴＡＣＨＥＤ: invoice",
                           "別添の資料をご確認ください。", "添付ファイルをご確認ください。"}) {
    BOOST_TEST_CONTEXT(body) {
      BOOST_TEST(codes(check_body(draft_with(body), base_context())) ==
                     std::vector<std::string>{"forgotten-attachment"},
                 boost::test_tools::per_element());
    }
  }
}

BOOST_AUTO_TEST_CASE(negated_or_requested_attachments_do_not_count) {
  for (const char* body :
       {"添付なし", "今回は添付しません。", "添付ファイルはありません。", "There is no attachment.",
        "Nothing attached this time.", "I have not attached it yet.",
        "ファイルを添付してください。", "資料の添付をお願いします。",
        "ご添付いただいた資料を拝見しました。", "Thanks for your attachment.",
        "The attacher will send it.", "Unattached files", "添付ファイルは別途お送りします。",
        "添付は別メールにて送付します。"}) {
    BOOST_TEST_CONTEXT(body) { BOOST_TEST(check_body(draft_with(body), base_context()).empty()); }
  }
}

BOOST_AUTO_TEST_CASE(subject_mentions_attachment_unless_a_reply) {
  BOOST_TEST(codes(check_body(draft_with("よろしくお願いします。", "見積書を添付します"),
                              base_context())) == std::vector<std::string>{"forgotten-attachment"},
             boost::test_tools::per_element());
  BOOST_TEST(
      check_body(draft_with("よろしくお願いします。", "Re: 見積書を添付します"), base_context())
          .empty());
  BOOST_TEST(check_body(draft_with("Thanks.", "RE: Attached: the report"), base_context()).empty());
}

BOOST_AUTO_TEST_CASE(attachment_words_come_from_the_settings) {
  BodyCheckContext context = base_context();
  context.attachment_words = {"ファイル送付"};
  BOOST_TEST(check_body(draft_with("資料を添付します。"), context).empty());
  BOOST_TEST(codes(check_body(draft_with("ファイル送付のお知らせ"), context)) ==
                 std::vector<std::string>{"forgotten-attachment"},
             boost::test_tools::per_element());
}

// --- salutation-mismatch ---

BOOST_AUTO_TEST_CASE(salutation_naming_another_company_and_person) {
  std::vector<Warning> warnings =
      check_body(draft_with("株式会社パートナーA 営業部 佐藤様\n\nお世話になっております。"),
                 partner_b_context());
  BOOST_TEST_REQUIRE(warnings.size() == 1u);
  BOOST_TEST(warnings[0].code == "salutation-mismatch");
  BOOST_TEST(warnings[0].severity == "warning");
  BOOST_TEST(warnings[0].params == (json{{"name", "株式会社パートナーA 営業部 佐藤様"}}));
  BOOST_TEST(warnings[0].message ==
             "The message is addressed to 株式会社パートナーA 営業部 佐藤様, who is not a "
             "recipient.");
}

BOOST_AUTO_TEST_CASE(salutation_message_in_japanese) {
  BodyCheckContext context = partner_b_context();
  context.locale = Locale::kJa;
  std::vector<Warning> warnings =
      check_body(draft_with("佐藤様\n\nお世話になっております。"), context);
  BOOST_TEST_REQUIRE(warnings.size() == 1u);
  BOOST_TEST(warnings[0].message == "本文の宛名（佐藤様）が宛先に含まれていません。");
}

BOOST_AUTO_TEST_CASE(salutation_of_the_recipient_company_via_party) {
  BodyCheckContext context = partner_b_context();
  context.parties = {Party{"partner-b.example.jp", {"株式会社パートナーB"}}};
  BOOST_TEST(
      check_body(draft_with("株式会社パートナーB 鈴木様\n\nお世話になっております。"), context)
          .empty());
  BOOST_TEST(check_body(draft_with("(株)パートナーB\n営業部\n鈴木 一郎 様\n\n"), context).empty());
  BOOST_TEST(check_body(draft_with("パートナーB株式会社 御中\n\n"), context).empty());
}

BOOST_AUTO_TEST_CASE(right_person_at_a_known_other_company) {
  // 鈴木 matches, but 株式会社パートナーA is a known party whose domain is not among the To.
  BodyCheckContext context = partner_b_context();
  context.parties = {Party{"partner-a.example.jp", {"株式会社パートナーA", "Partner A"}},
                     Party{"partner-b.example.jp", {"株式会社パートナーB"}}};
  std::vector<Warning> warnings =
      check_body(draft_with("株式会社パートナーA\n鈴木様\n\nお世話になっております。"), context);
  BOOST_TEST_REQUIRE(warnings.size() == 1u);
  BOOST_TEST(warnings[0].params == (json{{"name", "株式会社パートナーA 鈴木様"}}));
  // ㈱ and full-width letters name the same company.
  warnings = check_body(draft_with("㈱パートナーＡ 御中\n\n"), context);
  BOOST_TEST_REQUIRE(warnings.size() == 1u);
  BOOST_TEST(warnings[0].params == (json{{"name", "㈱パートナーＡ 御中"}}));
}

BOOST_AUTO_TEST_CASE(company_checked_against_parties_when_addressees_have_no_names) {
  BodyCheckContext context = base_context();
  context.to = {addressee("info@partner-b.example.jp", {}, {})};
  context.parties = {Party{"partner-a.example.jp", {"株式会社パートナーA"}}};
  std::vector<Warning> warnings = check_body(draft_with("株式会社パートナーA 御中\n"), context);
  BOOST_TEST_REQUIRE(warnings.size() == 1u);
  BOOST_TEST(warnings[0].code == "salutation-mismatch");
  // A person alone cannot be checked against an addressee without names.
  BOOST_TEST(check_body(draft_with("佐藤様\n"), context).empty());
}

BOOST_AUTO_TEST_CASE(family_name_matches_full_name) {
  BodyCheckContext context = base_context();
  context.to = {addressee("sato@partner-a.example.jp", {"佐藤 花子"}, {"partner-a"})};
  for (const char* body : {"佐藤様", "佐藤さん、", "佐藤 花子 様", "佐藤花子様", "営業部 佐藤部長",
                           "花子 佐藤 様へ"}) {
    BOOST_TEST_CONTEXT(body) { BOOST_TEST(check_body(draft_with(body), context).empty()); }
  }
  BOOST_TEST(codes(check_body(draft_with("佐藤 太郎 様"), context)) ==
                 std::vector<std::string>{"salutation-mismatch"},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(english_salutations) {
  BodyCheckContext context = base_context();
  context.to = {addressee("jane.doe@x.example", {"Jane Doe"}, {"x"})};
  for (const char* body : {"Dear Jane,\n\nThank you.", "Hi Jane,", "Hello Ms. Doe,", "Jane,\nOK.",
                           "Hi Jane, thanks for the call."}) {
    BOOST_TEST_CONTEXT(body) { BOOST_TEST(check_body(draft_with(body), context).empty()); }
  }
  context.to = {addressee("bob.smith@x.example", {"Bob Smith"}, {"x"})};
  std::vector<Warning> warnings = check_body(draft_with("Dear Jane,\n\nThank you."), context);
  BOOST_TEST_REQUIRE(warnings.size() == 1u);
  BOOST_TEST(warnings[0].code == "salutation-mismatch");
  BOOST_TEST(warnings[0].severity == "warning");
  BOOST_TEST(warnings[0].params == (json{{"name", "Jane"}}));
  BOOST_TEST(warnings[0].message == "The message is addressed to Jane, who is not a recipient.");
}

BOOST_AUTO_TEST_CASE(english_short_forms_match_full_names) {
  BodyCheckContext context = base_context();
  context.to = {addressee("s.wolfe@x.example", {"Stephen Wolfe"}, {"x"}),
                addressee("james.steffes@x.example", {"James D Steffes"}, {"x"})};
  for (const char* body : {"Steve,\nsee below.", "Hi Jim,", "Dear Steve and Jim,"}) {
    BOOST_TEST_CONTEXT(body) { BOOST_TEST(check_body(draft_with(body), context).empty()); }
  }
  BOOST_TEST(codes(check_body(draft_with("Hi Bob,"), context)) ==
                 std::vector<std::string>{"salutation-mismatch"},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(english_first_name_matches_local_part) {
  BodyCheckContext context = base_context();
  context.to = {addressee("jane.doe@x.example", {}, {"x"})};
  BOOST_TEST(check_body(draft_with("Dear Jane,"), context).empty());
}

BOOST_AUTO_TEST_CASE(names_in_another_script_are_not_compared) {
  // 佐藤様 to an addressee known only as "Hanako Sato": nothing to say either way.
  BodyCheckContext context = base_context();
  context.to = {addressee("hsato@partner-a.example.jp", {"Hanako Sato"}, {"partner-a"})};
  BOOST_TEST(check_body(draft_with("佐藤様\n\nお世話になっております。"), context).empty());
  BOOST_TEST(check_body(draft_with("Sato-san,\n"), context).empty());
}

BOOST_AUTO_TEST_CASE(english_greeting_with_japanese_honorific) {
  BodyCheckContext context = base_context();
  context.to = {addressee("sato@partner-a.example.jp", {"佐藤 花子"}, {"partner-a"})};
  BOOST_TEST(check_body(draft_with("Dear 佐藤様,\n"), context).empty());
  BOOST_TEST(check_body(draft_with("Hi Hanako-san,\n"), context).empty());
  std::vector<Warning> warnings = check_body(draft_with("Dear 鈴木様,\n"), context);
  BOOST_TEST_REQUIRE(warnings.size() == 1u);
  BOOST_TEST(warnings[0].params == (json{{"name", "鈴木様"}}));
}

BOOST_AUTO_TEST_CASE(salutation_to_another_known_contact_is_danger) {
  BodyCheckContext context = partner_b_context();
  std::vector<std::string> keys;
  context.known_contact_by_name = [&keys](std::string_view key) -> std::optional<std::string> {
    keys.emplace_back(key);
    if (key == "佐藤") return std::string("sato@partner-a.example.jp");
    return std::nullopt;
  };
  std::vector<Warning> warnings =
      check_body(draft_with("株式会社パートナーA 営業部 佐藤様\n\n"), context);
  BOOST_TEST_REQUIRE(warnings.size() == 1u);
  BOOST_TEST(warnings[0].severity == "danger");
  BOOST_TEST(warnings[0].params == (json{{"name", "株式会社パートナーA 営業部 佐藤様"},
                                         {"knownAs", "sato@partner-a.example.jp"}}));
  BOOST_TEST(keys == std::vector<std::string>{"佐藤"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(known_contact_who_is_a_recipient_adds_nothing) {
  BodyCheckContext context = partner_b_context();
  context.known_contact_by_name = [](std::string_view) -> std::optional<std::string> {
    return std::string("suzuki@partner-b.example.jp");
  };
  std::vector<Warning> warnings = check_body(draft_with("田中様\n"), context);
  BOOST_TEST_REQUIRE(warnings.size() == 1u);
  BOOST_TEST(warnings[0].severity == "warning");
  BOOST_TEST(warnings[0].params == (json{{"name", "田中様"}}));
}

BOOST_AUTO_TEST_CASE(generic_salutations_give_no_warning) {
  BodyCheckContext context = partner_b_context();
  for (const char* body :
       {"各位", "関係者各位\n\nお世話になっております。", "皆様", "ご担当者様", "営業部 ご担当者様",
        "Dear all,", "Hi team,", "Hello everyone,", "Dear Sir or Madam,", "Hi 皆さん,",
        "Hi,\nquick question", "To whom it may concern,"}) {
    BOOST_TEST_CONTEXT(body) { BOOST_TEST(check_body(draft_with(body), context).empty()); }
  }
}

BOOST_AUTO_TEST_CASE(no_salutation_no_warning) {
  BodyCheckContext context = partner_b_context();
  for (const char* body : {"お世話になっております。\n佐藤さんから伺いました。", "Thanks,\nTaro",
                           "明日の会議\n資料は佐藤さん", "The meeting is at 10.\nDear Jane,"}) {
    BOOST_TEST_CONTEXT(body) { BOOST_TEST(check_body(draft_with(body), context).empty()); }
  }
}

BOOST_AUTO_TEST_CASE(greetings_that_end_like_salutations) {
  BodyCheckContext context = partner_b_context();
  for (const char* body : {"お疲れ様\n\n明日の件です。", "お疲れさまです。", "ご苦労様",
                           "お世話様です", "了解です、佐藤さん", "佐藤さん、お疲れ様です。"}) {
    BOOST_TEST_CONTEXT(body) { BOOST_TEST(check_body(draft_with(body), context).empty()); }
  }
}

BOOST_AUTO_TEST_CASE(generic_salutation_of_another_company) {
  BodyCheckContext context = partner_b_context();
  context.parties = {Party{"partner-a.example.jp", {"株式会社パートナーA"}}};
  std::vector<Warning> warnings =
      check_body(draft_with("株式会社パートナーA\n関係者各位\n"), context);
  BOOST_TEST_REQUIRE(warnings.size() == 1u);
  BOOST_TEST(warnings[0].params == (json{{"name", "株式会社パートナーA 関係者各位"}}));
  warnings = check_body(draft_with("株式会社パートナーA 各位\n"), context);
  BOOST_TEST_REQUIRE(warnings.size() == 1u);
  BOOST_TEST(warnings[0].params == (json{{"name", "株式会社パートナーA 各位"}}));
}

BOOST_AUTO_TEST_CASE(no_to_recipients_no_salutation_check) {
  BOOST_TEST(check_body(draft_with("佐藤様"), base_context()).empty());
}

BOOST_AUTO_TEST_CASE(several_addressees_each_checked) {
  BodyCheckContext context = partner_b_context();
  context.to.push_back(addressee("tanaka@partner-b.example.jp", {"田中 次郎"}, {"partner-b"}));
  BOOST_TEST(check_body(draft_with("鈴木様、田中様\n\n"), context).empty());
  BOOST_TEST(check_body(draft_with("鈴木様\n田中様\n（CC：山本様）\n\n"), context).empty());
  std::vector<Warning> warnings = check_body(draft_with("鈴木様、山本様\n\n"), context);
  BOOST_TEST_REQUIRE(warnings.size() == 1u);
  BOOST_TEST(warnings[0].params == (json{{"name", "山本様"}}));
}

// --- personal-data ---

BOOST_AUTO_TEST_CASE(card_number_with_valid_luhn) {
  std::vector<Warning> warnings =
      check_body(draft_with("カード番号は 4111 1111 1111 1111 です。"), base_context());
  BOOST_TEST_REQUIRE(warnings.size() == 1u);
  BOOST_TEST(warnings[0].code == "personal-data");
  BOOST_TEST(warnings[0].severity == "danger");
  BOOST_TEST(warnings[0].params == (json{{"kind", "card-number"}, {"count", 1}}));
  BOOST_TEST(warnings[0].message == "Contains what looks like personal data: card numbers (1).");
}

BOOST_AUTO_TEST_CASE(card_number_with_invalid_luhn_is_ignored) {
  BOOST_TEST(check_body(draft_with("番号 4111 1111 1111 1112"), base_context()).empty());
  // Not a card grouping, or part of a longer number.
  BOOST_TEST(check_body(draft_with("ID 41 1111 1111 1111 11"), base_context()).empty());
  BOOST_TEST(check_body(draft_with("x4111111111111111"), base_context()).empty());
}

BOOST_AUTO_TEST_CASE(card_number_forms) {
  for (const char* body :
       {"4111111111111111", "4111-1111-1111-1111", "４１１１－１１１１－１１１１－１１１１",
        "４１１１　１１１１　１１１１　１１１１", "Amex 3782 822463 10005",
        "card: 5555555555554444."}) {
    BOOST_TEST_CONTEXT(body) {
      std::vector<Warning> warnings = check_body(draft_with(body), base_context());
      BOOST_TEST_REQUIRE(warnings.size() == 1u);
      BOOST_TEST(warnings[0].params == (json{{"kind", "card-number"}, {"count", 1}}));
    }
  }
}

BOOST_AUTO_TEST_CASE(card_numbers_are_counted_once_each_in_body_and_subject) {
  std::vector<Warning> warnings =
      check_body(draft_with("4111 1111 1111 1111\n5555 5555 5555 4444\n4111 1111 1111 1111",
                            "4012888888881881"),
                 base_context());
  BOOST_TEST_REQUIRE(warnings.size() == 1u);
  BOOST_TEST(warnings[0].params == (json{{"kind", "card-number"}, {"count", 3}}));
}

BOOST_AUTO_TEST_CASE(my_number_with_valid_check_digit) {
  BOOST_TEST(my_number_check_digit("12345678901") == '8');
  std::string valid = std::string("12345678901") + my_number_check_digit("12345678901");
  for (const std::string& body :
       std::vector<std::string>{"個人番号: " + valid, "マイナンバー 1234 5678 9018",
                                std::string("１２３４５６７８９０１８")}) {
    BOOST_TEST_CONTEXT(body) {
      std::vector<Warning> warnings = check_body(draft_with(body), base_context());
      BOOST_TEST_REQUIRE(warnings.size() == 1u);
      BOOST_TEST(warnings[0].code == "personal-data");
      BOOST_TEST(warnings[0].severity == "danger");
      BOOST_TEST(warnings[0].params == (json{{"kind", "my-number"}, {"count", 1}}));
    }
  }
}

BOOST_AUTO_TEST_CASE(my_number_with_invalid_check_digit_is_ignored) {
  BOOST_TEST(check_body(draft_with("個人番号: 123456789017"), base_context()).empty());
  BOOST_TEST(check_body(draft_with("000000000000"), base_context()).empty());
}

BOOST_AUTO_TEST_CASE(my_number_check_digit_edge_cases) {
  // P11 = 1, Q11 = 6: remainder 6, check digit 5.
  BOOST_TEST(my_number_check_digit("10000000000") == '5');
  // P2 = 1 (Q2 = 3), P3 = 2 (Q3 = 4): sum 11, remainder 0, check digit 0.
  BOOST_TEST(my_number_check_digit("00000000210") == '0');
  // P1 = 6 (Q1 = 2): sum 12, remainder 1, check digit 0.
  BOOST_TEST(my_number_check_digit("00000000006") == '0');
  for (const char* body : {"0000 0000 2100", "100000000005", "000000000060"}) {
    BOOST_TEST_CONTEXT(body) {
      std::vector<Warning> warnings = check_body(draft_with(body), base_context());
      BOOST_TEST_REQUIRE(warnings.size() == 1u);
      BOOST_TEST(warnings[0].params == (json{{"kind", "my-number"}, {"count", 1}}));
    }
  }
  BOOST_TEST(check_body(draft_with("100000000006"), base_context()).empty());
}

BOOST_AUTO_TEST_CASE(many_distinct_email_addresses) {
  std::string body = "参加者一覧:\n";
  for (int i = 0; i < 10; ++i) body += "user" + std::to_string(i) + "@example.jp\n";
  body += "USER0@example.jp\n";  // the same address again
  std::vector<Warning> warnings = check_body(draft_with(body), base_context());
  BOOST_TEST_REQUIRE(warnings.size() == 1u);
  BOOST_TEST(warnings[0].params == (json{{"kind", "email-addresses"}, {"count", 10}}));
  BOOST_TEST(warnings[0].severity == "danger");
}

BOOST_AUTO_TEST_CASE(few_email_addresses_are_fine) {
  std::string body;
  for (int i = 0; i < 9; ++i) body += "ｕｓｅｒ" + std::to_string(i) + "＠example.jp, ";
  BOOST_TEST(check_body(draft_with(body), base_context()).empty());
  BodyCheckContext context = base_context();
  context.many_emails_threshold = 9;
  BOOST_TEST(
      codes(check_body(draft_with(body), context)) == std::vector<std::string>{"personal-data"},
      boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(many_phone_numbers) {
  std::string body =
      "03-1234-5678\n06-1234-5678\n090-1234-5678\n080 1234 5678\n(045)123-4567\n"
      "０１２０－１２３－４５６\n+81-3-9876-5432\n+81 90 8765 4321\n+1 212 555 1234\n"
      "052-123-4567, 011-123-4567\n"
      "03-1234-5678\n+81-3-1234-5678\n";  // the first one again, twice
  std::vector<Warning> warnings = check_body(draft_with(body), base_context());
  BOOST_TEST_REQUIRE(warnings.size() == 1u);
  BOOST_TEST(warnings[0].params == (json{{"kind", "phone-numbers"}, {"count", 11}}));
}

BOOST_AUTO_TEST_CASE(numbers_that_are_not_phone_numbers) {
  BodyCheckContext context = base_context();
  context.many_phones_threshold = 1;
  for (const char* body : {"2024-01-05", "〒100-0001", "価格 1,234,567 円", "v1.0.123456789",
                           "0.1234567890", "12:00-13:00"}) {
    BOOST_TEST_CONTEXT(body) { BOOST_TEST(check_body(draft_with(body), context).empty()); }
  }
}

BOOST_AUTO_TEST_CASE(personal_data_in_quote_or_signature_is_not_counted) {
  std::string body = "承知しました。\n\n> カード 4111 1111 1111 1111\n> 以上\n";
  BOOST_TEST(check_body(draft_with(body), base_context()).empty());
}

BOOST_AUTO_TEST_CASE(warnings_in_order) {
  BodyCheckContext context = partner_b_context();
  context.many_phones_threshold = 2;
  std::vector<Warning> warnings = check_body(
      draft_with("佐藤様\n\n資料を添付します。カード 4111 1111 1111 1111、個人番号 123456789018\n"
                 "TEL 03-1234-5678 / 090-1234-5678"),
      context);
  BOOST_TEST(codes(warnings) ==
                 (std::vector<std::string>{"forgotten-attachment", "salutation-mismatch",
                                           "personal-data", "personal-data", "personal-data"}),
             boost::test_tools::per_element());
  BOOST_TEST_REQUIRE(warnings.size() == 5u);
  BOOST_TEST(warnings[2].params["kind"] == "card-number");
  BOOST_TEST(warnings[3].params["kind"] == "my-number");
  BOOST_TEST(warnings[4].params == (json{{"kind", "phone-numbers"}, {"count", 2}}));
}

// The sender of the message a reply quotes (issue 11: a reply goes to the person it answers).
BOOST_AUTO_TEST_CASE(quoted_sender_of_each_client_format) {
  auto sender = [](const std::string& body) {
    std::optional<QuotedSender> found = quoted_sender(body);
    return found ? std::pair{found->name, found->address}
                 : std::pair{std::string("-"), std::string("-")};
  };
  using Pair = std::pair<std::string, std::string>;
  // Outlook.
  BOOST_TEST((sender("Ok.\n\n-----Original Message-----\nFrom: Richard B Sanders "
                     "[mailto:rsander@ect.enron.com]\nSent: Tuesday\nTo: Radack\n") ==
              Pair{"Richard B Sanders", "rsander@ect.enron.com"}));
  // Exchange: the address in angle brackets, not the IMCEANOTES routing of [mailto:]; no "@ENRON"
  // left in the name (this was read as no sender at all).
  BOOST_TEST((sender("Fine.\n -----Original Message-----\nFrom: \t\"Jeff Smith\" "
                     "<jsmith@austintx.com>@ENRON [mailto:IMCEANOTES-+22Jeff+20Smith@ENRON.com]\n"
                     "Sent: Thursday\nTo: Allen, Phillip K.\n") ==
              Pair{"Jeff Smith", "jsmith@austintx.com"}));
  // Quoted with "> ".
  BOOST_TEST((sender("Yes.\n\n> -----Original Message-----\n> From: Tetrault, Charles D. "
                     "[mailto:ctetrault@velaw.com]\n> Sent: Wednesday\n") ==
              Pair{"Tetrault, Charles D.", "ctetrault@velaw.com"}));
  // Lotus Notes: the sender and the date above "To:", without a key.
  BOOST_TEST((sender("Jim,\n\nAgreed.\n\nVince\n\n\n\nShirley Crenshaw\n04/11/2001 06:52 AM\n"
                     "To:\tVince J Kaminski/HOU/ECT@ECT\ncc:\t\nSubject:\tRe: CHARM\n") ==
              Pair{"Shirley Crenshaw", ""}));
  BOOST_TEST((sender("See below.\n\nHedy Govenar <hgovenar@govadv.com> on 07/02/2001 06:51:19 PM\n"
                     "To:\tSandra McCubbin <smccubbi@enron.com>\ncc:\t\n") ==
              Pair{"Hedy Govenar", "hgovenar@govadv.com"}));
  // Japanese clients.
  BOOST_TEST(
      (sender("承知しました。\n\n-----Original Message-----\n差出人: 鈴木 一郎 "
              "<suzuki@partner.example.jp>\n送信日時: 2026年12月1日\n宛先: 山田\n件名: 見積\n") ==
       Pair{"鈴木 一郎", "suzuki@partner.example.jp"}));
  // An attribution line.
  BOOST_TEST((sender("Thanks.\n\nOn Mon, Jan 1, 2024 at 10:00 AM Jane Doe <jane@x.example> wrote:\n"
                     "> hello\n") == Pair{"", "jane@x.example"}));
  // Attribution lines with a name only (Thunderbird, its Japanese form, Gmail without address):
  // these were read as no sender at all.
  BOOST_TEST((sender("Thanks, received.\n\nOn 9/25/26 10:00 AM, Jim Brown wrote:\n> Please.\n") ==
              Pair{"Jim Brown", ""}));
  BOOST_TEST(
      (sender(
           "承知しました。\n\n2026/09/25 10:00, 田中 誠 さんは書きました:\n> ご確認ください。\n") ==
       Pair{"田中 誠", ""}));
  BOOST_TEST((sender("Ok.\n\nOn Mon, Jan 1, 2024 at 10:00 AM Jane Doe wrote:\n> hello\n") ==
              Pair{"Jane Doe", ""}));
  // Nothing quoted.
  BOOST_TEST((sender("Paula,\n\nSee you at noon.\n") == Pair{"-", "-"}));
}

// Bug: a greeting line of 300 000 characters was repeated whole in salutation-mismatch, and
// the payload dropped its only recipient to stay under the reply limit.
BOOST_AUTO_TEST_CASE(a_huge_greeting_is_cut_in_the_salutation_warning) {
  std::string jims;
  for (int i = 0; i < 100000; ++i) jims += "Jim";
  Draft draft;
  draft.body = "Hi " + jims + ",\n\nbody\n";
  BodyCheckContext context;
  AddresseeNames jimmy;
  jimmy.address = "jimmy.chen@asia-vendor.com";
  jimmy.names = {"Jimmy Chen"};
  context.to = {jimmy};
  std::vector<Warning> warnings = check_body(draft, context);
  bool found = false;
  for (const Warning& warning : warnings) {
    if (warning.code != "salutation-mismatch") continue;
    found = true;
    const std::string name = warning.params["name"];
    BOOST_TEST(name.size() <= 80u + 3u);
    BOOST_TEST(name.ends_with("\u2026"));
    BOOST_TEST(name.starts_with("JimJim"));
  }
  BOOST_TEST(found);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace sendcheck
