// FlexConfirmMail's sample drafts (../shared/corpus/flexconfirmmail): an attachment name split
// into RFC 2231 continuation segments, where ".zip" appears only once the segments are joined, is
// decoded once, whole, and then checked by an attachment-name rule. Skipped without the corpus.
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "mail/draft_reader.h"
#include "sendcheck/assessment.h"
#include "sendcheck/draft.h"
#include "sendcheck/settings.h"
#include "test_support.h"
#include "unit/core/fake_history.h"

namespace sendcheck {

BOOST_AUTO_TEST_SUITE(flexconfirmmail_test)

BOOST_AUTO_TEST_CASE(rfc2231_segmented_zip_name_is_joined_then_matched_by_a_rule) {
  auto path = testing::shared_corpus_path("flexconfirmmail/draft/rewarn-by-attachment.eml");
  if (!path) {
    BOOST_TEST_MESSAGE("shared corpus absent: skipped");
    return;
  }
  Draft draft = draft_from_eml(testing::read_file(*path));
  std::vector<std::string> zips;
  for (const DraftAttachment& a : draft.attachments) {
    if (a.name.ends_with(".zip")) zips.push_back(a.name);
  }
  BOOST_TEST_REQUIRE(zips.size() == 1U);
  BOOST_TEST(zips[0] == "リーダブルコード演習 課題へのコメント.zip");

  Settings settings;
  apply_settings_json(nlohmann::json{{"rules",
                                      {{{"target", "attachment-name"},
                                        {"match", "glob"},
                                        {"patterns", {"*.zip"}},
                                        {"action", "reconfirm"}}}}},
                      &settings);
  testing::FakeHistory history;
  Payload payload = assess(draft, settings, history, AssessOptions{});
  int reconfirm = 0;
  for (const AttachmentResult& a : payload.attachments) {
    if (a.name == zips[0]) BOOST_TEST(a.must_confirm);
  }
  for (const Warning& w : payload.warnings) {
    if (w.code == "keyword" && w.must_confirm) ++reconfirm;
  }
  BOOST_TEST(reconfirm == 1);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace sendcheck
