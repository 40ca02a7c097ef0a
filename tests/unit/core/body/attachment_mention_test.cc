// forgotten-attachment: attachment words in the own text and the subject.
#include "core/body/attachment_mention.h"

#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "unit/core/body/body_test_support.h"

namespace sendcheck {
namespace {

using nlohmann::json;
using namespace body_test;

}  // namespace

BOOST_AUTO_TEST_SUITE(attachment_mention_test)

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

BOOST_AUTO_TEST_SUITE_END()

}  // namespace sendcheck
