// Attachments' SHA-256 in drafts (JSON "sha256", computed from .eml content with GLib) and the
// draft fingerprint of the audit log (mail/draft_reader.h draft_fingerprint). Expected digests
// were computed independently (Python hashlib) from the bytes and the canonical text
// mail/draft_reader.h documents.
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>
#include <string>

#include "mail/draft_reader.h"
#include "sendcheck/draft.h"
#include "sendcheck/error.h"

using nlohmann::json;
using sendcheck::Draft;

namespace {

// sha256("hello world\n")
constexpr const char* kHelloSha256 =
    "a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447";

std::string error_code_of(const json& draft) {
  try {
    sendcheck::draft_from_json(draft);
  } catch (const sendcheck::Error& error) {
    return error.code();
  }
  return "";
}

// A message with one attachment whose base64 body is `base64` (lines already folded).
std::string eml_with_attachment(const std::string& base64) {
  return "From: Taro <taro@example.co.jp>\r\n"
         "To: a@Example.JP\r\n"
         "Bcc: b@x.jp\r\n"
         "Subject: test\r\n"
         "MIME-Version: 1.0\r\n"
         "Content-Type: multipart/mixed; boundary=\"b1\"\r\n"
         "\r\n"
         "--b1\r\n"
         "Content-Type: text/plain; charset=us-ascii\r\n"
         "\r\n"
         "body\r\n"
         "--b1\r\n"
         "Content-Type: text/plain; name=\"a.txt\"\r\n"
         "Content-Disposition: attachment; filename=\"a.txt\"\r\n"
         "Content-Transfer-Encoding: base64\r\n"
         "\r\n" +
         base64 +
         "\r\n"
         "--b1--\r\n";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(draft_sha256_test)

BOOST_AUTO_TEST_CASE(json_sha256_is_read_lower_cased) {
  std::string upper = "A948904F2F0F479B8F8197694B30184B0D2ED1C1CD2A1EC0FB85D299A192A447";
  Draft draft = sendcheck::draft_from_json(
      json{{"to", "a@example.jp"},
           {"attachments", json::array({{{"name", "a.txt"}, {"size", 12u}, {"sha256", upper}},
                                        {{"name", "b.txt"}, {"size", 1u}}})}});
  BOOST_TEST_REQUIRE(draft.attachments.size() == 2u);
  BOOST_TEST(draft.attachments[0].sha256 == kHelloSha256);
  BOOST_TEST(draft.attachments[1].sha256 == "");
}

BOOST_AUTO_TEST_CASE(json_sha256_that_is_not_64_hex_digits_is_a_bad_field) {
  auto with_sha = [](json sha) {
    return json{{"to", "a@example.jp"},
                {"attachments", json::array({{{"name", "a.txt"}, {"sha256", sha}}})}};
  };
  BOOST_TEST(error_code_of(with_sha(std::string(kHelloSha256).substr(1))) == "draft.bad-field");
  BOOST_TEST(error_code_of(with_sha(std::string(kHelloSha256) + "0")) == "draft.bad-field");
  BOOST_TEST(error_code_of(with_sha(std::string(63, 'a') + "g")) == "draft.bad-field");
  BOOST_TEST(error_code_of(with_sha(12)) == "draft.bad-field");
  BOOST_TEST(error_code_of(with_sha(nullptr)) == "");
  BOOST_TEST(error_code_of(with_sha("")) == "");
}

BOOST_AUTO_TEST_CASE(eml_attachment_sha256_is_of_the_decoded_content) {
  Draft draft = sendcheck::draft_from_eml(eml_with_attachment("aGVsbG8gd29ybGQK"));
  BOOST_TEST_REQUIRE(draft.attachments.size() == 1u);
  BOOST_TEST(draft.attachments[0].name == "a.txt");
  BOOST_TEST(draft.attachments[0].size == 12u);
  BOOST_TEST(draft.attachments[0].sha256 == kHelloSha256);
}

BOOST_AUTO_TEST_CASE(eml_attachment_sha256_covers_the_content_beyond_the_head) {
  // 90000 bytes of "a" (longer than the 64 KiB head), base64 in lines of 76 characters.
  std::string base64;
  for (int i = 0; i < 30000; ++i) {
    base64 += "YWFh";
    if (i % 19 == 18) base64 += "\r\n";
  }
  Draft draft = sendcheck::draft_from_eml(eml_with_attachment(base64));
  BOOST_TEST_REQUIRE(draft.attachments.size() == 1u);
  BOOST_TEST(draft.attachments[0].size == 90000u);
  BOOST_TEST(draft.attachments[0].head.size() == 64u * 1024u);
  BOOST_TEST(draft.attachments[0].sha256 ==
             "47180911766626374a07d901e0826e2ed1233440038889d12446ea1657fff01c");
}

BOOST_AUTO_TEST_CASE(fingerprint_is_the_sha256_of_the_documented_canonical_text) {
  // "sendcheck-draft-v1\nbcc:b@x.jp\nto:a@example.jp\nattachment:a.txt\t12\t<sha>\n"
  const std::string expected = "6eb9e2d10040e19592ecbad04abe26d41cc76bea162c5f1e852d98c568e253ed";
  Draft from_eml = sendcheck::draft_from_eml(eml_with_attachment("aGVsbG8gd29ybGQK"));
  BOOST_TEST(sendcheck::draft_fingerprint(from_eml) == expected);

  // The same draft as JSON from a client, in another order, with another body and subject.
  Draft from_json = sendcheck::draft_from_json(
      json{{"from", "someone@else.example"},
           {"bcc", "B <B@X.JP>"},
           {"to", json::array({"a@example.jp", "\"A\" <a@example.jp>"})},
           {"subject", "other"},
           {"body", "other text"},
           {"attachments",
            json::array({{{"name", "a.txt"}, {"size", 12u}, {"sha256", kHelloSha256}}})}});
  BOOST_TEST(sendcheck::draft_fingerprint(from_json) == expected);
}

BOOST_AUTO_TEST_CASE(fingerprint_changes_with_recipients_fields_and_attachments) {
  json base = {{"to", "a@example.jp"},
               {"cc", "b@example.jp"},
               {"attachments", json::array({{{"name", "a.txt"}, {"size", 12u}}})}};
  std::string print = sendcheck::draft_fingerprint(sendcheck::draft_from_json(base));
  BOOST_TEST(print.size() == 64u);
  BOOST_TEST(print.find_first_not_of("0123456789abcdef") == std::string::npos);

  json moved = base;
  moved.erase("cc");
  moved["bcc"] = "b@example.jp";
  json added = base;
  added["to"] = json::array({"a@example.jp", "c@example.jp"});
  json renamed = base;
  renamed["attachments"][0]["name"] = "b.txt";
  json hashed = base;
  hashed["attachments"][0]["sha256"] = kHelloSha256;
  json no_attachment = base;
  no_attachment.erase("attachments");
  for (const json& other : {moved, added, renamed, hashed, no_attachment}) {
    BOOST_TEST(sendcheck::draft_fingerprint(sendcheck::draft_from_json(other)) != print,
               other.dump());
  }
}

BOOST_AUTO_TEST_SUITE_END()
