// The user's own text of a reply (quotes, signatures and disclaimers cut) and the quoted sender.
#include "core/body/own_text.h"

#include <optional>
#include <string>
#include <utility>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "unit/core/body/body_test_support.h"

namespace sendcheck {
namespace {

using nlohmann::json;
using namespace body_test;

}  // namespace

BOOST_AUTO_TEST_SUITE(own_text_test)

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

BOOST_AUTO_TEST_SUITE_END()

}  // namespace sendcheck
