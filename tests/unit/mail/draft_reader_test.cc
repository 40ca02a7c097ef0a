#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>
#include <string>

#include "mail/draft_reader.h"
#include "sendcheck/draft.h"
#include "sendcheck/error.h"
#include "test_support.h"

using nlohmann::json;
using sendcheck::Draft;
using sendcheck::Field;

namespace {

// Runs `body` and returns the Error code it throws ("" if none).
template <typename F>
std::string error_code_of(F body, std::string* message = nullptr) {
  try {
    body();
  } catch (const sendcheck::Error& error) {
    if (message != nullptr) *message = error.what();
    return error.code();
  }
  return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(draft_reader_test)

BOOST_AUTO_TEST_CASE(full_json_draft) {
  json input = json::parse(R"({
    "from": "山田 太郎 <taro@example.co.jp>",
    "to": ["\"Suzuki, Ichiro\" <suzuki@partner.example.jp>, b@x.example.jp"],
    "cc": ["hanako@example.co.jp"],
    "bcc": [],
    "subject": "見積書の送付",
    "body": "株式会社パートナー\n鈴木様\n\n見積書を添付します。",
    "attachments": [{"name": "見積書.pdf", "size": 120345,
                     "contentType": "Application/PDF; name=x", "head": "JVBERi0xLjcK"},
                    {"name": "memo.txt", "size": 3.0}],
    "thread": {"participants": ["suzuki@partner.example.jp", "Jiro <jiro@example.co.jp>"]},
    "locale": "ja",
    "unknown": {"ignored": true}
  })");
  Draft draft = sendcheck::draft_from_json(input);
  BOOST_TEST_REQUIRE(draft.from.size() == 1u);
  BOOST_TEST(draft.from[0].display_name == "山田 太郎");
  BOOST_TEST(draft.from[0].address == "taro@example.co.jp");
  BOOST_TEST_REQUIRE(draft.recipients.size() == 3u);
  BOOST_TEST((draft.recipients[0].field == Field::kTo));
  BOOST_TEST(draft.recipients[0].mailbox.display_name == "Suzuki, Ichiro");
  BOOST_TEST(draft.recipients[0].mailbox.address == "suzuki@partner.example.jp");
  BOOST_TEST((draft.recipients[1].field == Field::kTo));
  BOOST_TEST(draft.recipients[1].mailbox.address == "b@x.example.jp");
  BOOST_TEST((draft.recipients[2].field == Field::kCc));
  BOOST_TEST(draft.recipients[2].mailbox.address == "hanako@example.co.jp");
  BOOST_TEST(draft.subject == "見積書の送付");
  BOOST_TEST(draft.body == "株式会社パートナー\n鈴木様\n\n見積書を添付します。");
  BOOST_TEST_REQUIRE(draft.attachments.size() == 2u);
  BOOST_TEST(draft.attachments[0].name == "見積書.pdf");
  BOOST_TEST(draft.attachments[0].size == 120345u);
  BOOST_TEST(draft.attachments[0].content_type == "application/pdf");
  BOOST_TEST(draft.attachments[0].head == "%PDF-1.7\n");
  BOOST_TEST(draft.attachments[1].name == "memo.txt");
  BOOST_TEST(draft.attachments[1].size == 3u);
  BOOST_TEST(draft.attachments[1].content_type == "");
  BOOST_TEST(draft.attachments[1].head == "");
  BOOST_TEST_REQUIRE(draft.thread_participants.size() == 2u);
  BOOST_TEST(draft.thread_participants[0] == "suzuki@partner.example.jp");
  BOOST_TEST(draft.thread_participants[1] == "jiro@example.co.jp");
  BOOST_TEST(draft.locale == "ja");
}

BOOST_AUTO_TEST_CASE(single_string_to_may_hold_several_mailboxes) {
  Draft draft = sendcheck::draft_from_json(
      json{{"to", "\"Yamada, Taro\" <taro@example.co.jp>, hanako@example.jp"},
           {"bcc", "boss@example.co.jp"}});
  BOOST_TEST_REQUIRE(draft.recipients.size() == 3u);
  BOOST_TEST(draft.recipients[0].mailbox.display_name == "Yamada, Taro");
  BOOST_TEST(draft.recipients[1].mailbox.address == "hanako@example.jp");
  BOOST_TEST((draft.recipients[2].field == Field::kBcc));
}

BOOST_AUTO_TEST_CASE(missing_optional_fields_take_defaults) {
  Draft draft = sendcheck::draft_from_json(json::object());
  BOOST_TEST(draft.from.empty());
  BOOST_TEST(draft.recipients.empty());
  BOOST_TEST(draft.subject == "");
  BOOST_TEST(draft.body == "");
  BOOST_TEST(draft.attachments.empty());
  BOOST_TEST(draft.thread_participants.empty());
  BOOST_TEST(draft.locale == "");
  draft = sendcheck::draft_from_json(json{{"to", nullptr}, {"subject", nullptr}});
  BOOST_TEST(draft.recipients.empty());
}

BOOST_AUTO_TEST_CASE(wrong_types_throw_bad_field_naming_the_field) {
  using sendcheck::draft_from_json;
  std::string message;
  BOOST_TEST(error_code_of([] { draft_from_json(json::array()); }) == "draft.not-object");
  BOOST_TEST(error_code_of([] { draft_from_json(json("text")); }) == "draft.not-object");
  BOOST_TEST(error_code_of(
                 [] {
                   draft_from_json(json{{"to", {"a@x.jp", "b@x.jp", 3}}});
                 },
                 &message) == "draft.bad-field");
  BOOST_TEST(message == "to[2]: expected a string");
  BOOST_TEST(error_code_of(
                 [] {
                   draft_from_json(json{{"cc", 5}});
                 },
                 &message) == "draft.bad-field");
  BOOST_TEST(message.rfind("cc: ", 0) == 0);
  BOOST_TEST(error_code_of(
                 [] {
                   draft_from_json(json{{"subject", json::array()}});
                 },
                 &message) == "draft.bad-field");
  BOOST_TEST(message.rfind("subject: ", 0) == 0);
  BOOST_TEST(error_code_of([] { draft_from_json(json{{"from", 1}}); }) == "draft.bad-field");
  BOOST_TEST(error_code_of([] {
               draft_from_json(json{{"attachments", json::object()}});
             }) == "draft.bad-field");
  BOOST_TEST(error_code_of(
                 [] {
                   draft_from_json(json{{"attachments", {1}}});
                 },
                 &message) == "draft.bad-field");
  BOOST_TEST(message.rfind("attachments[0]: ", 0) == 0);
  BOOST_TEST(error_code_of([] { draft_from_json(json::parse(R"({"attachments":[{"size":-1}]})")); },
                           &message) == "draft.bad-field");
  BOOST_TEST(message.rfind("attachments[0].size: ", 0) == 0);
  BOOST_TEST(error_code_of([] {
               draft_from_json(json::parse(R"({"attachments":[{"size":"1"}]})"));
             }) == "draft.bad-field");
  BOOST_TEST(error_code_of([] { draft_from_json(json::parse(R"({"attachments":[{"name":7}]})")); },
                           &message) == "draft.bad-field");
  BOOST_TEST(message.rfind("attachments[0].name: ", 0) == 0);
  BOOST_TEST(error_code_of([] { draft_from_json(json{{"thread", "x"}}); }) == "draft.bad-field");
  BOOST_TEST(
      error_code_of(
          [] { draft_from_json(json::parse(R"({"thread":{"participants":["a@x.jp", null]}})")); },
          &message) == "draft.bad-field");
  BOOST_TEST(message == "thread.participants[1]: expected a string");
  BOOST_TEST(error_code_of([] { draft_from_json(json{{"locale", false}}); }) == "draft.bad-field");
}

BOOST_AUTO_TEST_CASE(invalid_base64_head_is_rejected) {
  using sendcheck::draft_from_json;
  std::string message;
  for (const char* head : {"JVBER*0xLjcK", "JVBERi0xLjcK=A", "JVBERi0xLjcK===", "J", "JVB-"}) {
    BOOST_TEST_INFO(head);
    BOOST_TEST(error_code_of(
                   [&] {
                     draft_from_json(json{{"attachments", {{{"name", "a"}, {"head", head}}}}});
                   },
                   &message) == "draft.bad-field");
  }
  BOOST_TEST(message == "attachments[0].head: invalid base64");
  // Line breaks are allowed, and so is missing padding.
  Draft draft = sendcheck::draft_from_json(
      json{{"attachments", {{{"name", "a"}, {"head", "JVBE\r\nRi0xLjcK"}}, {{"head", "UEs"}}}}});
  BOOST_TEST(draft.attachments[0].head == "%PDF-1.7\n");
  BOOST_TEST(draft.attachments[1].head == "PK");
}

BOOST_AUTO_TEST_CASE(japanese_eml_draft) {
  std::string bytes =
      sendcheck::testing::read_file(sendcheck::testing::data_path("mail/draft-japanese.eml"));
  Draft draft = sendcheck::draft_from_eml(bytes);
  BOOST_TEST_REQUIRE(draft.from.size() == 1u);
  BOOST_TEST(draft.from[0].display_name == "山田 太郎");
  BOOST_TEST(draft.from[0].address == "taro@example.co.jp");
  BOOST_TEST_REQUIRE(draft.recipients.size() == 5u);
  BOOST_TEST(draft.recipients[0].mailbox.display_name == "Suzuki, Ichiro");
  BOOST_TEST(draft.recipients[1].mailbox.display_name == "井上 淳");
  BOOST_TEST((draft.recipients[2].field == Field::kCc));
  BOOST_TEST(draft.recipients[2].mailbox.group == "Project");
  BOOST_TEST(draft.recipients[3].mailbox.address == "jiro@example.co.jp");
  BOOST_TEST((draft.recipients[4].field == Field::kBcc));
  BOOST_TEST(draft.recipients[4].mailbox.address == "boss@example.co.jp");
  BOOST_TEST(draft.subject == "㈱パートナー様 見積書の送付");
  BOOST_TEST(draft.body == "株式会社パートナー\n鈴木様\n\n㈱テストの見積書①を添付します。\n髙橋");

  BOOST_TEST_REQUIRE(draft.attachments.size() == 3u);
  const auto& xlsx = draft.attachments[0];
  BOOST_TEST(xlsx.name == "御見積書_2024.xlsx");
  BOOST_TEST(xlsx.content_type ==
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  BOOST_TEST(xlsx.size == 76804u);
  BOOST_TEST(xlsx.head.size() == 65536u);
  BOOST_TEST(xlsx.head.substr(0, 6) == std::string("PK\x03\x04\x00\x01", 6));

  const auto& zip = draft.attachments[1];
  BOOST_TEST(zip.name == "リーダブルコード演習 課題.zip");
  BOOST_TEST(zip.content_type == "application/zip");
  BOOST_TEST(zip.size == 10u);
  BOOST_TEST(zip.head == std::string("PK\x03\x04\x14\x00\x00\x00\x08\x00", 10));

  const auto& unnamed = draft.attachments[2];
  BOOST_TEST(unnamed.name == "");
  BOOST_TEST(unnamed.content_type == "text/plain");
  BOOST_TEST(unnamed.head == "no name here");
  BOOST_TEST(unnamed.size == 12u);
}

BOOST_AUTO_TEST_CASE(html_only_eml_body_is_converted_to_text) {
  Draft draft = sendcheck::draft_from_eml(
      "From: a@example.jp\r\nTo: b@example.jp\r\nSubject: hi\r\n"
      "Content-Type: text/html; charset=UTF-8\r\n\r\n"
      "<html><head><style>p {color: red}</style></head><body><p>Dear Jane,</p>"
      "<p>Tom &amp; Jerry &#x5C71;&#30000;<br>end</p></body></html>\r\n");
  BOOST_TEST(draft.body == "Dear Jane,\nTom & Jerry 山田\nend\n\r\n");
  BOOST_TEST(draft.subject == "hi");
  BOOST_TEST(draft.attachments.empty());
}

BOOST_AUTO_TEST_CASE(flexconfirmmail_rfc2231_attachment_name) {
  auto path =
      sendcheck::testing::shared_corpus_path("flexconfirmmail/draft/rewarn-by-attachment.eml");
  if (!path) {
    BOOST_TEST_MESSAGE("shared corpus missing: skipped");
    return;
  }
  Draft draft = sendcheck::draft_from_eml(sendcheck::testing::read_file(*path));
  BOOST_TEST(draft.subject == "添付ファイルによって再警告される例");
  BOOST_TEST_REQUIRE(draft.recipients.size() == 3u);
  BOOST_TEST(draft.recipients[0].mailbox.address == "piro-test+1@clear-code.com");
  BOOST_TEST(draft.recipients[1].mailbox.display_name == "piro-gmail");
  BOOST_TEST(draft.recipients[2].mailbox.address == "test@example.org");
  BOOST_TEST(draft.body.rfind("特別に注意が必要な添付ファイル", 0) == 0);
  BOOST_TEST_REQUIRE(draft.attachments.size() >= 2u);
  BOOST_TEST(draft.attachments[0].name == "リーダブルコード演習 課題へのコメント.zip");
  BOOST_TEST(draft.attachments[0].content_type == "application/x-zip-compressed");
  BOOST_TEST(draft.attachments[0].head.substr(0, 2) == "PK");
  BOOST_TEST(draft.attachments[0].size == draft.attachments[0].head.size());
  BOOST_TEST(draft.attachments[1].name == "32x32photo.png");
}

BOOST_AUTO_TEST_CASE(garbage_eml_is_bad_eml) {
  BOOST_TEST(error_code_of([] { sendcheck::draft_from_eml(""); }) == "draft.bad-eml");
}

BOOST_AUTO_TEST_SUITE_END()
