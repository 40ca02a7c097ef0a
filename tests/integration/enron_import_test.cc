// Real Sent folders (../shared/corpus): import every Enron sent mbox and the LKML mboxrd, check
// that nothing with a valid recipient is skipped and that a second import adds nothing, then
// check drafts against Vince Kaminski's history. Skipped when the shared corpus is absent.
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli.h"
#include "engine/import.h"
#include "mail/draft_reader.h"
#include "mail/mail_reader.h"
#include "sendcheck/assessment.h"
#include "store/history_store.h"
#include "test_support.h"

namespace sendcheck {
namespace {

using nlohmann::json;

// Messages of `path` that have at least one recipient the engine can use.
std::int64_t messages_with_valid_recipient(const std::string& path, std::int64_t* all) {
  std::unique_ptr<MailReader> reader = MailReader::open(path);
  SentMessage message;
  std::string skip;
  std::int64_t valid = 0;
  *all = 0;
  while (reader->next(&message, &skip)) {
    ++*all;
    for (const DraftRecipient& r : message.recipients) {
      CanonicalAddress canonical;
      if (canonicalize(r.mailbox, &canonical)) {
        ++valid;
        break;
      }
    }
  }
  return valid;
}

std::vector<std::string> flag_codes(const Payload& payload, const std::string& address) {
  std::vector<std::string> codes;
  for (const DomainGroup& group : payload.groups) {
    for (const RecipientResult& r : group.recipients) {
      if (r.address != address) continue;
      for (const Flag& f : r.flags) codes.push_back(f.code);
    }
  }
  return codes;
}

bool has(const std::vector<std::string>& codes, const std::string& code) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(enron_import_test)

BOOST_AUTO_TEST_CASE(real_sent_folders_import_whole_and_reimport_adds_nothing) {
  const std::vector<std::pair<std::string, std::int64_t>> files = {
      {"enron/allen-p-sent.mbox", 907},    {"enron/dasovich-j-sent.mbox", 1436},
      {"enron/germany-c-sent.mbox", 1353}, {"enron/kaminski-v-sent.mbox", 1696},
      {"enron/sanders-r-sent.mbox", 2035}, {"notmuch-corpus/lkml.mboxrd", 210}};
  for (const auto& [relative, expected_messages] : files) {
    auto path = testing::shared_corpus_path(relative);
    if (!path) {
      BOOST_TEST_MESSAGE("shared corpus absent: skipped " << relative);
      continue;
    }
    BOOST_TEST_CONTEXT(relative) {
      testing::TempDir dir;
      std::unique_ptr<HistoryStore> store = HistoryStore::open((dir / "h.sqlite3").string());
      std::ostringstream progress;
      ImportSummary first =
          engine::import_paths({path->string()}, engine::ImportOptions{}, store.get(), progress);
      std::int64_t all = 0;
      std::int64_t valid = messages_with_valid_recipient(path->string(), &all);
      BOOST_TEST_MESSAGE(relative << ": read " << first.messages_read << ", added "
                                  << first.messages_added << ", duplicate ids "
                                  << first.already_imported << ", skipped "
                                  << first.skipped_total());
      BOOST_TEST(first.messages_read == expected_messages);
      BOOST_TEST(all == expected_messages);
      // Every message with a usable recipient is learned (or shares a Message-ID with one).
      BOOST_TEST(first.messages_added + first.already_imported >= valid);
      for (const auto& [reason, count] : first.skipped) {
        BOOST_TEST_CONTEXT(reason) { BOOST_TEST((reason == "no-recipients")); }
      }
      HistoryStats before = store->stats();
      ImportSummary second =
          engine::import_paths({path->string()}, engine::ImportOptions{}, store.get(), progress);
      BOOST_TEST(second.messages_added == 0);
      HistoryStats after = store->stats();
      BOOST_TEST(after.messages == before.messages);
      BOOST_TEST(after.addresses == before.addresses);
      BOOST_TEST(after.pairs == before.pairs);
    }
  }
}

BOOST_AUTO_TEST_CASE(kaminski_history_drives_first_time_flags) {
  auto path = testing::shared_corpus_path("enron/kaminski-v-sent.mbox");
  if (!path) {
    BOOST_TEST_MESSAGE("shared corpus absent: skipped");
    return;
  }
  testing::TempDir dir;
  std::unique_ptr<HistoryStore> store = HistoryStore::open((dir / "h.sqlite3").string());
  std::ostringstream progress;
  ImportSummary summary =
      engine::import_paths({path->string()}, engine::ImportOptions{}, store.get(), progress);
  // He wrote from three addresses, each on more than 5 % of the messages.
  BOOST_TEST((summary.self == std::vector<std::string>{"j.kaminski@enron.com", "kaminski@enron.com",
                                                       "vince.kaminski@enron.com"}));

  // The first message of the file goes to james.bouillion@enron.com.
  Draft draft =
      draft_from_json(json{{"from", "Vince J Kaminski <vince.kaminski@enron.com>"},
                           {"to",
                            {"James L Bouillion <james.bouillion@enron.com>",
                             "nobody.new@enron.com", "someone@never-written-to.example"}}});
  Payload payload = assess(draft, Settings{}, *store, AssessOptions{});

  auto known = flag_codes(payload, "james.bouillion@enron.com");
  BOOST_TEST(!has(known, "first-time"));
  BOOST_TEST(!has(known, "first-time-domain"));
  auto new_at_known_domain = flag_codes(payload, "nobody.new@enron.com");
  BOOST_TEST(has(new_at_known_domain, "first-time"));
  BOOST_TEST(!has(new_at_known_domain, "first-time-domain"));
  auto new_domain = flag_codes(payload, "someone@never-written-to.example");
  BOOST_TEST(has(new_domain, "first-time-domain"));
  BOOST_TEST(store->find_address("james.bouillion@enron.com").has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace sendcheck
