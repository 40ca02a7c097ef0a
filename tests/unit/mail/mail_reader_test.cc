#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "mail/mail_reader.h"
#include "sendcheck/error.h"
#include "test_support.h"

using sendcheck::Field;
using sendcheck::MailFormat;
using sendcheck::MailReader;
using sendcheck::SentMessage;

namespace {

struct ReadResult {
  std::vector<SentMessage> messages;
  int skipped = 0;
};

ReadResult read_all(MailReader& reader) {
  ReadResult result;
  SentMessage message;
  std::string skip;
  while (reader.next(&message, &skip)) {
    if (skip.empty()) {
      result.messages.push_back(message);
    } else {
      ++result.skipped;
    }
  }
  return result;
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::string addresses(const SentMessage& message) {
  std::string out;
  for (const auto& recipient : message.recipients) {
    if (!out.empty()) out += " ";
    out += (recipient.field == Field::kTo ? "to:" : recipient.field == Field::kCc ? "cc:" : "bcc:");
    out += recipient.mailbox.address;
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(mail_reader_test)

BOOST_AUTO_TEST_CASE(mboxrd_fixture_reads_every_message_with_its_headers) {
  auto path = sendcheck::testing::data_path("mail/sent.mboxrd");
  auto reader = MailReader::open(path.string());
  BOOST_TEST((reader->format() == MailFormat::kMbox));
  BOOST_TEST(reader->bytes_total() == std::filesystem::file_size(path));
  BOOST_TEST(reader->bytes_read() == 0u);
  ReadResult result = read_all(*reader);
  BOOST_TEST(result.skipped == 0);
  BOOST_TEST_REQUIRE(result.messages.size() == 5u);
  BOOST_TEST(reader->bytes_read() == reader->bytes_total());

  const SentMessage& first = result.messages[0];
  BOOST_TEST(first.message_id == "msg1@example.co.jp");
  BOOST_TEST(first.date == 1711929600);
  BOOST_TEST_REQUIRE(first.from.size() == 1u);
  BOOST_TEST(first.from[0].display_name == "山田 太郎");
  BOOST_TEST(first.from[0].address == "taro@example.co.jp");
  BOOST_TEST(addresses(first) ==
             "to:suzuki@partner.example.jp to:a.inoue@example.co.jp cc:hanako@example.jp");
  BOOST_TEST(first.recipients[0].mailbox.display_name == "Suzuki, Ichiro");
  BOOST_TEST(first.recipients[1].mailbox.display_name == "井上 淳");

  const SentMessage& second = result.messages[1];
  BOOST_TEST(second.message_id == "msg2@example.co.jp");
  BOOST_TEST(second.date == 1712052000);
  BOOST_TEST(addresses(second) ==
             "to:a@example.co.jp to:b@partner.example.jp bcc:secret@example.com");
  BOOST_TEST(second.recipients[0].mailbox.group == "Project");
  BOOST_TEST(second.recipients[1].mailbox.group == "Project");
  BOOST_TEST(second.recipients[2].mailbox.group == "");

  const SentMessage& third = result.messages[2];
  BOOST_TEST(third.message_id == "");
  BOOST_TEST(third.date == 0);
  BOOST_TEST(addresses(third) == "bcc:x@example.net");

  const SentMessage& fourth = result.messages[3];
  BOOST_TEST(fourth.message_id == "msg4@example.co.jp");
  BOOST_TEST(fourth.date == 0);
  BOOST_TEST(addresses(fourth) ==
             "to:yamada@partner.example.jp cc:a@example.co.jp cc:b@example.co.jp");
  BOOST_TEST(fourth.recipients[0].mailbox.display_name == "山田太郎");

  const SentMessage& fifth = result.messages[4];
  BOOST_TEST(fifth.message_id == "msg5@example.co.jp");
  BOOST_TEST(fifth.date == 1712318400);
  BOOST_TEST(fifth.recipients.empty());
  BOOST_TEST_REQUIRE(fifth.from.size() == 1u);

  SentMessage after;
  std::string skip = "stale";
  BOOST_TEST(!reader->next(&after, &skip));
  BOOST_TEST(skip.empty());
}

BOOST_AUTO_TEST_CASE(maildir_reads_cur_and_new_in_name_order) {
  sendcheck::testing::TempDir dir;
  for (const char* sub : {"cur", "new", "tmp"}) std::filesystem::create_directory(dir / sub);
  auto message = [](const std::string& id, const std::string& to) {
    return "Message-ID: <" + id + ">\r\nDate: Tue, 02 Apr 2024 10:00:00 +0000\r\n" +
           "From: taro@example.co.jp\r\nTo: " + to + "\r\nSubject: x\r\n\r\nbody\r\n";
  };
  write_file(dir.path() / "new" / "1712052002.M2.host", message("c@x", "c@example.jp"));
  write_file(dir.path() / "cur" / "1712052001.M1.host:2,S", message("b@x", "b@example.jp"));
  write_file(dir.path() / "cur" / "1712052000.M0.host:2,S", message("a@x", "a@example.jp"));
  write_file(dir.path() / "tmp" / "1712052003.M3.host", message("tmp@x", "tmp@example.jp"));
  write_file(dir.path() / "cur" / ".hidden", message("hidden@x", "h@example.jp"));

  auto reader = MailReader::open(dir.path().string());
  BOOST_TEST((reader->format() == MailFormat::kMaildir));
  ReadResult result = read_all(*reader);
  BOOST_TEST(result.skipped == 0);
  BOOST_TEST_REQUIRE(result.messages.size() == 3u);
  BOOST_TEST(result.messages[0].message_id == "a@x");
  BOOST_TEST(result.messages[1].message_id == "b@x");
  BOOST_TEST(result.messages[2].message_id == "c@x");
  BOOST_TEST(addresses(result.messages[2]) == "to:c@example.jp");
  BOOST_TEST(result.messages[0].date == 1712052000);
  BOOST_TEST(reader->bytes_read() == reader->bytes_total());
  BOOST_TEST(reader->bytes_total() > 0u);
}

BOOST_AUTO_TEST_CASE(single_eml_is_one_message) {
  auto path = sendcheck::testing::data_path("mail/draft-japanese.eml");
  auto reader = MailReader::open(path.string());
  BOOST_TEST((reader->format() == MailFormat::kEml));
  ReadResult result = read_all(*reader);
  BOOST_TEST_REQUIRE(result.messages.size() == 1u);
  const SentMessage& message = result.messages[0];
  BOOST_TEST(message.message_id == "draft1@example.co.jp");
  BOOST_TEST(message.date == 1711929600);
  BOOST_TEST(message.from[0].display_name == "山田 太郎");
  BOOST_TEST(addresses(message) ==
             "to:suzuki@partner.example.jp to:a.inoue@example.co.jp cc:hanako@example.jp "
             "cc:jiro@example.co.jp bcc:boss@example.co.jp");
  BOOST_TEST(reader->bytes_read() == reader->bytes_total());
}

BOOST_AUTO_TEST_CASE(mbox_after_a_body_that_derails_gmime_keeps_every_message) {
  // A part whose headers run straight into a long base64 line (no blank line) makes GMime lose
  // its place and swallow the next messages (MimeKit issue 1189 has the same file).
  sendcheck::testing::TempDir dir;
  auto message = [](int n, const std::string& body) {
    std::string id = std::to_string(n);
    return "From sender@example.com Fri Sep 26 10:18:40 2025\n"
           "Message-ID: <m" +
           id +
           "@example.com>\nFrom: s@example.com\n"
           "To: r" +
           id + "@example.com\nContent-Type: multipart/mixed; boundary=\"b\"\n\n" + body + "\n";
  };
  std::string broken =
      "--b\nContent-Type: text/plain\n\ntext\n--b\n"
      "Content-Type: application/zip; name=\"a.zip\"\n"
      "Content-Transfer-Encoding: base64\n"
      "Content-Disposition: attachment; filename=\"a.zip\"\n" +
      std::string(6000, 'A') + "\n\n--b--\n";
  std::string plain = "--b\nContent-Type: text/plain\n\ntext\n--b--\n";
  write_file(dir / "broken.mbox",
             message(1, plain) + message(2, broken) + message(3, plain) + message(4, plain));
  auto reader = MailReader::open((dir / "broken.mbox").string());
  ReadResult result = read_all(*reader);
  BOOST_TEST(result.skipped == 0);
  BOOST_TEST_REQUIRE(result.messages.size() == 4u);
  for (int i = 0; i < 4; ++i) {
    BOOST_TEST(result.messages[i].message_id == "m" + std::to_string(i + 1) + "@example.com");
    BOOST_TEST(addresses(result.messages[i]) == "to:r" + std::to_string(i + 1) + "@example.com");
  }
  BOOST_TEST(reader->bytes_read() == reader->bytes_total());
}

BOOST_AUTO_TEST_CASE(byte_order_mark_does_not_hide_the_mbox) {
  sendcheck::testing::TempDir dir;
  write_file(
      dir / "bom.mbox",
      "\xEF\xBB\xBF"
      "From - Mon Apr  1 00:00:00 2024\nMessage-ID: <a@x>\nTo: a@example.jp\n\n"
      "body\n\nFrom - Mon Apr  1 00:00:00 2024\nMessage-ID: <b@x>\nTo: b@example.jp\n\nbody\n");
  auto reader = MailReader::open((dir / "bom.mbox").string());
  BOOST_TEST((reader->format() == MailFormat::kMbox));
  ReadResult result = read_all(*reader);
  BOOST_TEST_REQUIRE(result.messages.size() == 2u);
  BOOST_TEST(result.messages[0].message_id == "a@x");
  BOOST_TEST(addresses(result.messages[1]) == "to:b@example.jp");

  write_file(dir / "bom.eml",
             "\xEF\xBB\xBF"
             "Message-ID: <c@x>\r\nTo: c@example.jp\r\n\r\nbody\r\n");
  reader = MailReader::open((dir / "bom.eml").string());
  BOOST_TEST((reader->format() == MailFormat::kEml));
  result = read_all(*reader);
  BOOST_TEST_REQUIRE(result.messages.size() == 1u);
  BOOST_TEST(result.messages[0].message_id == "c@x");
  BOOST_TEST(addresses(result.messages[0]) == "to:c@example.jp");
}

BOOST_AUTO_TEST_CASE(open_errors_have_codes) {
  sendcheck::testing::TempDir dir;
  try {
    MailReader::open((dir / "missing.mbox").string());
    BOOST_FAIL("no exception");
  } catch (const sendcheck::Error& error) {
    BOOST_TEST(error.code() == "mail.open-failed");
  }
  try {
    MailReader::open(dir.path().string());
    BOOST_FAIL("no exception");
  } catch (const sendcheck::Error& error) {
    BOOST_TEST(error.code() == "mail.not-mail");
  }
}

BOOST_AUTO_TEST_CASE(empty_file_has_no_message) {
  sendcheck::testing::TempDir dir;
  write_file(dir / "empty.eml", "");
  auto reader = MailReader::open((dir / "empty.eml").string());
  ReadResult result = read_all(*reader);
  BOOST_TEST(result.messages.empty());
  BOOST_TEST(result.skipped == 0);
}

BOOST_AUTO_TEST_CASE(shared_corpus_mboxes_read_every_message) {
  const std::pair<const char*, std::size_t> files[] = {
      {"enron/allen-p-sent.mbox", 907},    {"enron/dasovich-j-sent.mbox", 1436},
      {"enron/germany-c-sent.mbox", 1353}, {"enron/kaminski-v-sent.mbox", 1696},
      {"enron/sanders-r-sent.mbox", 2035}, {"notmuch-corpus/lkml.mboxrd", 210},
  };
  for (const auto& [name, expected] : files) {
    auto path = sendcheck::testing::shared_corpus_path(name);
    if (!path) {
      BOOST_TEST_MESSAGE("shared corpus missing " << name << ": skipped");
      continue;
    }
    auto reader = MailReader::open(path->string());
    ReadResult result = read_all(*reader);
    BOOST_TEST_INFO(name);
    BOOST_TEST(result.messages.size() + result.skipped == expected);
    BOOST_TEST(result.skipped == 0);
    std::size_t with_id = 0;
    for (const SentMessage& message : result.messages) with_id += !message.message_id.empty();
    BOOST_TEST(with_id == result.messages.size());
    BOOST_TEST(reader->bytes_read() == reader->bytes_total());
  }
}

// The mbox is parsed one step ahead on a second thread (mail_reader.cc ReadAheadReader): more
// messages than several of its chunks come out complete and in file order, the progress grows,
// and a reader dropped half-way stops its thread.
BOOST_AUTO_TEST_CASE(read_ahead_keeps_every_message_in_order) {
  sendcheck::testing::TempDir dir;
  constexpr int kMessages = 1000;  // several chunks of 64, more than the 4 that may wait
  std::string mbox;
  for (int i = 0; i < kMessages; ++i) {
    std::string n = std::to_string(i);
    mbox += "From taro@example.co.jp Tue Apr  2 10:00:00 2024\n";
    mbox += "Message-ID: <m" + n + "@x>\nDate: Tue, 02 Apr 2024 10:00:00 +0000\n";
    mbox += "From: taro@example.co.jp\nTo: r" + n + "@example.jp\nCc: c" + n + "@example.com\n";
    mbox += "Subject: " + n + "\n\nbody " + n + "\n>From the archive\n\n";
  }
  write_file(dir.path() / "sent.mbox", mbox);

  auto reader = MailReader::open((dir.path() / "sent.mbox").string());
  SentMessage message;
  std::string skip;
  std::uint64_t last_progress = 0;
  int count = 0;
  while (reader->next(&message, &skip)) {
    BOOST_TEST_REQUIRE(skip.empty());
    std::string n = std::to_string(count);
    BOOST_TEST_REQUIRE(message.message_id == "m" + n + "@x");
    BOOST_TEST_REQUIRE(addresses(message) == "to:r" + n + "@example.jp cc:c" + n + "@example.com");
    BOOST_TEST_REQUIRE(message.date == 1712052000);
    BOOST_TEST_REQUIRE(reader->bytes_read() >= last_progress);
    last_progress = reader->bytes_read();
    ++count;
  }
  BOOST_TEST(count == kMessages);
  BOOST_TEST(reader->bytes_read() == reader->bytes_total());
  BOOST_TEST(!reader->next(&message, &skip));  // stays at the end

  // Dropped after one message, with the worker blocked on a full queue: no hang, no crash.
  auto early = MailReader::open((dir.path() / "sent.mbox").string());
  BOOST_TEST_REQUIRE(early->next(&message, &skip));
  BOOST_TEST(message.message_id == "m0@x");
  early.reset();
}

BOOST_AUTO_TEST_SUITE_END()
