// mail/mail_reader.h — reading real mail for history import: mbox (mboxo and mboxrd), maildir
// folders and single .eml files, parsed with GMime 3. Private to the host (mail/).
//
// Taken: Message-ID, Date, From, To, Cc, Bcc (with display names, RFC 2047 decoded as
// mail/address_list.h describes), and for the wrong-recipient features Subject, In-Reply-To,
// References and the body text (SentMessage), which HistoryStore::add_sent (store/history_store.h)
// reduces to greeting keys and hashes. Bodies are never kept beyond the message being read. Reading
// is streamed: memory does not grow with the size of the file.
//
// Thread-safety: a MailReader is used by one thread at a time.
#ifndef SENDCHECK_MAIL_MAIL_READER_H_
#define SENDCHECK_MAIL_MAIL_READER_H_

#include <cstdint>
#include <memory>
#include <string>

#include "sendcheck/history.h"

namespace sendcheck {

enum class MailFormat { kMbox, kMaildir, kEml };

class MailReader {
 public:
  // Opens `path`: a directory with cur/ or new/ is a maildir, a file whose first line starts
  // with "From " is an mbox, any other file is read as one .eml. Throws Error "mail.open-failed"
  // (missing, unreadable) or "mail.not-mail" (a directory that is not a maildir).
  static std::unique_ptr<MailReader> open(const std::string& path);
  virtual ~MailReader() = default;

  // Reads the next message into `*message`. Returns false at the end. A message that cannot be
  // parsed at all is returned with `*skip_reason` set ("unparsable") and should be counted as
  // skipped; otherwise `*skip_reason` is cleared.
  virtual bool next(SentMessage* message, std::string* skip_reason) = 0;

  virtual MailFormat format() const = 0;
  // Bytes consumed so far and in total (for progress); total is 0 when unknown.
  virtual std::uint64_t bytes_read() const = 0;
  virtual std::uint64_t bytes_total() const = 0;
};

}  // namespace sendcheck

#endif  // SENDCHECK_MAIL_MAIL_READER_H_
