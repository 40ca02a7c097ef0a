// MailReader implementations. GMime parses every message; only the address headers, Message-ID
// and Date are kept, and the address headers are taken raw so that parse_address_list (with the
// ISO-2022-JP repair) sees what the sender wrote.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <filesystem>
#include <limits>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "mail/address_list.h"
#include "mail/gmime_support.h"
#include "mail/mail_reader.h"
#include "mail/message_text.h"
#include "sendcheck/error.h"

namespace sendcheck {
namespace {

using mail::GObjectPtr;

[[noreturn]] void throw_open_failed(const std::string& path, int error) {
  throw Error("mail.open-failed", "cannot open " + path + ": " + std::strerror(error));
}

// Fills `out` from a parsed message: the address headers, Message-ID, Date, and for the
// wrong-recipient features the subject, the thread headers and the body text (kept in memory
// only until the history has learned from it).
void extract(GMimeMessage* message, SentMessage* out) {
  const char* id = g_mime_message_get_message_id(message);
  out->message_id = id != nullptr ? id : "";
  const char* subject = g_mime_message_get_subject(message);
  out->subject = subject != nullptr ? subject : "";
  out->body = mail::message_body_text(message);
  GDateTime* date = g_mime_message_get_date(message);
  out->date = date != nullptr ? g_date_time_to_unix(date) : 0;

  // Raw values, several headers of one name allowed (never drop a recipient).
  std::vector<Mailbox> to, cc, bcc;
  GMimeHeaderList* headers = g_mime_object_get_header_list(GMIME_OBJECT(message));
  int count = g_mime_header_list_get_count(headers);
  for (int i = 0; i < count; ++i) {
    GMimeHeader* header = g_mime_header_list_get_header_at(headers, i);
    const char* name = g_mime_header_get_name(header);
    if (name == nullptr) continue;
    std::vector<Mailbox>* target = nullptr;
    std::string_view key(name);
    if (mail::equals_ignore_case(key, "From")) {
      target = &out->from;
    } else if (mail::equals_ignore_case(key, "To")) {
      target = &to;
    } else if (mail::equals_ignore_case(key, "Cc")) {
      target = &cc;
    } else if (mail::equals_ignore_case(key, "Bcc")) {
      target = &bcc;
    } else if (mail::equals_ignore_case(key, "In-Reply-To")) {
      std::vector<std::string> ids = mail::message_id_list(g_mime_header_get_raw_value(header));
      if (!ids.empty() && out->in_reply_to.empty()) out->in_reply_to = ids.front();
      continue;
    } else if (mail::equals_ignore_case(key, "References")) {
      if (out->references.empty()) {
        out->references = mail::message_id_list(g_mime_header_get_raw_value(header));
      }
      continue;
    } else {
      continue;
    }
    const char* raw = g_mime_header_get_raw_value(header);
    if (raw == nullptr) continue;
    std::vector<Mailbox> parsed = parse_address_list(raw);
    for (Mailbox& mailbox : parsed) target->push_back(std::move(mailbox));
  }
  out->recipients.reserve(to.size() + cc.size() + bcc.size());
  for (auto [field, list] : {std::pair{Field::kTo, &to}, {Field::kCc, &cc}, {Field::kBcc, &bcc}}) {
    for (Mailbox& mailbox : *list) out->recipients.push_back({field, std::move(mailbox)});
  }
  // The wrong-recipient features, here on the reader's thread (an import runs GMime on a second
  // core): the writer only stores them.
  out->features =
      message_features(out->subject, out->body, out->message_id, out->in_reply_to, out->references);
}

void clear(SentMessage* message) {
  message->message_id.clear();
  message->date = 0;
  message->from.clear();
  message->recipients.clear();
  message->subject.clear();
  message->body.clear();
  message->in_reply_to.clear();
  message->references.clear();
  message->features.reset();
}

std::uint64_t file_size(int fd) {
  struct stat st {};
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return 0;
  return static_cast<std::uint64_t>(st.st_size);
}

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Opens `path` read-only, positioned after a UTF-8 byte order mark (which would hide the first
// header or "From " line); GMime owns the descriptor afterwards.
GObjectPtr<GMimeStream> open_stream(const std::string& path, std::uint64_t* size) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw_open_failed(path, errno);
  *size = file_size(fd);
  char head[3] = {};
  ssize_t got = ::pread(fd, head, sizeof head, 0);
  GObjectPtr<GMimeStream> stream(g_mime_stream_fs_new(fd));
  if (got == 3 && std::string_view(head, 3) == kUtf8Bom) {
    g_mime_stream_seek(stream.get(), 3, GMIME_STREAM_SEEK_SET);
  }
  return stream;
}

// Finds the first line starting with "From " at or after `from` (-1 if none).
gint64 find_from_line(GMimeStream* stream, gint64 from) {
  static constexpr std::string_view kMarker = "From ";
  gint64 position = from > 0 ? from - 1 : 0;
  if (g_mime_stream_seek(stream, position, GMIME_STREAM_SEEK_SET) < 0) return -1;
  bool line_start = from == 0;
  std::size_t matched = 0;
  gint64 candidate = -1;
  char buffer[16 * 1024];
  bool first = from > 0;  // the byte before `from` only says whether `from` starts a line
  for (;;) {
    ssize_t got = g_mime_stream_read(stream, buffer, sizeof buffer);
    if (got <= 0) return -1;
    for (ssize_t i = 0; i < got; ++i, ++position) {
      char c = buffer[i];
      if (first) {
        first = false;
        line_start = c == '\n';
        continue;
      }
      if (line_start || matched > 0) {
        if (c == kMarker[matched]) {
          if (matched == 0) candidate = position;
          if (++matched == kMarker.size()) return candidate;
        } else {
          matched = 0;
        }
      }
      line_start = c == '\n';
    }
  }
}

// One parser over one stream: an mbox (many messages) or a single message.
class StreamReader {
 public:
  StreamReader(GObjectPtr<GMimeStream> stream, GMimeFormat format)
      : stream_(std::move(stream)),
        parser_(g_mime_parser_new_with_stream(stream_.get())),
        format_(format) {
    g_mime_parser_set_format(parser_.get(), format);
  }

  // Returns false at the end; a message GMime cannot build sets `*skip_reason`.
  bool next(SentMessage* message, std::string* skip_reason) {
    clear(message);
    skip_reason->clear();
    while (!done_ && !g_mime_parser_eos(parser_.get())) {
      gint64 before = g_mime_parser_tell(parser_.get());
      GObjectPtr<GMimeMessage> parsed(
          g_mime_parser_construct_message(parser_.get(), mail::parser_options()));
      if (parsed) {
        extract(parsed.get(), message);
        return true;
      }
      if (format_ != GMIME_FORMAT_MBOX) {
        done_ = true;
        *skip_reason = "unparsable";
        return true;
      }
      // GMime loses its place after some malformed bodies (a part with no blank line before a
      // very long base64 line) and then swallows the following messages. Start again at the
      // next "From " line; the message GMime failed on counts as skipped only if it began at
      // `before` (otherwise GMime was still inside the previous, already returned, message).
      bool began_here = find_from_line(stream_.get(), before) == before;
      gint64 restart = find_from_line(stream_.get(), began_here ? before + 1 : before);
      if (restart < 0) {
        done_ = true;
      } else {
        g_mime_stream_seek(stream_.get(), restart, GMIME_STREAM_SEEK_SET);
        g_mime_parser_init_with_stream(parser_.get(), stream_.get());
      }
      if (began_here) {
        *skip_reason = "unparsable";
        return true;
      }
    }
    return false;
  }

  std::uint64_t tell() const {
    if (done_) return std::numeric_limits<std::uint64_t>::max();
    gint64 offset = g_mime_parser_tell(parser_.get());
    return offset > 0 ? static_cast<std::uint64_t>(offset) : 0;
  }

 private:
  GObjectPtr<GMimeStream> stream_;
  GObjectPtr<GMimeParser> parser_;
  GMimeFormat format_;
  bool done_ = false;
};

class MboxReader : public MailReader {
 public:
  explicit MboxReader(const std::string& path) {
    GObjectPtr<GMimeStream> stream = open_stream(path, &total_);
    reader_.emplace(std::move(stream), GMIME_FORMAT_MBOX);
  }
  bool next(SentMessage* message, std::string* skip_reason) override {
    return reader_->next(message, skip_reason);
  }
  MailFormat format() const override { return MailFormat::kMbox; }
  std::uint64_t bytes_read() const override { return std::min(reader_->tell(), total_); }
  std::uint64_t bytes_total() const override { return total_; }

 private:
  std::uint64_t total_ = 0;
  std::optional<StreamReader> reader_;
};

// Reads one message file; an empty file holds no message.
bool read_message_file(const std::string& path, SentMessage* message, std::string* skip_reason) {
  std::uint64_t size = 0;
  GObjectPtr<GMimeStream> stream = open_stream(path, &size);
  if (size == 0) {
    clear(message);
    skip_reason->clear();
    return false;
  }
  StreamReader reader(std::move(stream), GMIME_FORMAT_MESSAGE);
  if (!reader.next(message, skip_reason)) *skip_reason = "unparsable";
  return true;
}

class EmlReader : public MailReader {
 public:
  explicit EmlReader(const std::string& path) : path_(path) {
    std::uint64_t size = 0;
    open_stream(path, &size);  // fail now, not at the first next()
    total_ = size;
  }
  bool next(SentMessage* message, std::string* skip_reason) override {
    if (done_) {
      clear(message);
      skip_reason->clear();
      return false;
    }
    done_ = true;
    return read_message_file(path_, message, skip_reason);
  }
  MailFormat format() const override { return MailFormat::kEml; }
  std::uint64_t bytes_read() const override { return done_ ? total_ : 0; }
  std::uint64_t bytes_total() const override { return total_; }

 private:
  std::string path_;
  std::uint64_t total_ = 0;
  bool done_ = false;
};

class MaildirReader : public MailReader {
 public:
  explicit MaildirReader(const std::filesystem::path& root) {
    for (const char* sub : {"cur", "new"}) {
      std::error_code error;
      std::filesystem::directory_iterator it(root / sub, error);
      if (error) continue;
      for (const auto& entry : it) {
        std::string name = entry.path().filename().string();
        if (name.empty() || name[0] == '.') continue;
        std::error_code ignored;
        if (!entry.is_regular_file(ignored)) continue;
        std::uint64_t size = entry.file_size(ignored);
        if (ignored) size = 0;
        files_.push_back({entry.path().string(), size});
        total_ += size;
      }
    }
    // "cur/..." before "new/...", then by name: deterministic whatever the directory order.
    std::sort(files_.begin(), files_.end(),
              [](const File& a, const File& b) { return a.path < b.path; });
  }

  bool next(SentMessage* message, std::string* skip_reason) override {
    while (index_ < files_.size()) {
      const File& file = files_[index_++];
      read_ += file.size;
      try {
        if (read_message_file(file.path, message, skip_reason)) return true;
      } catch (const Error&) {
        // Deleted or unreadable since the listing (a mail client is running): skip it loudly.
        clear(message);
        *skip_reason = "unparsable";
        return true;
      }
    }
    clear(message);
    skip_reason->clear();
    return false;
  }
  MailFormat format() const override { return MailFormat::kMaildir; }
  std::uint64_t bytes_read() const override { return read_; }
  std::uint64_t bytes_total() const override { return total_; }

 private:
  struct File {
    std::string path;
    std::uint64_t size = 0;
  };
  std::vector<File> files_;
  std::size_t index_ = 0;
  std::uint64_t read_ = 0;
  std::uint64_t total_ = 0;
};

// Reads an mbox or maildir one step ahead on a second thread: GMime parses the next messages
// while the caller writes the previous ones to the history, so an import uses both cores
// (docs/performance.md, "Import speed"). The wrapped reader is used by the worker thread only;
// messages come out in the same order, with the same skip reasons, as from the reader itself.
// Memory stays bounded: at most kMaxChunks chunks of at most kChunkMessages messages (or
// kChunkMailboxes mailboxes) wait.
class ReadAheadReader : public MailReader {
 public:
  explicit ReadAheadReader(std::unique_ptr<MailReader> inner)
      : inner_(std::move(inner)),
        format_(inner_->format()),
        total_(inner_->bytes_total()),
        worker_([this] { work(); }) {}

  ~ReadAheadReader() override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    space_.notify_all();
    worker_.join();
  }

  ReadAheadReader(const ReadAheadReader&) = delete;
  ReadAheadReader& operator=(const ReadAheadReader&) = delete;

  bool next(SentMessage* message, std::string* skip_reason) override {
    while (position_ >= current_.size()) {
      if (end_of_chunks_) return end(message, skip_reason);
      current_.clear();
      position_ = 0;
      std::unique_lock<std::mutex> lock(mutex_);
      ready_.wait(lock, [this] { return !chunks_.empty() || finished_; });
      if (chunks_.empty()) {
        end_of_chunks_ = true;
        if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
        continue;
      }
      current_ = std::move(chunks_.front());
      chunks_.pop_front();
      lock.unlock();
      space_.notify_one();
    }
    Item& item = current_[position_++];
    *message = std::move(item.message);
    *skip_reason = std::move(item.skip_reason);
    bytes_read_ = item.bytes_read;
    return true;
  }

  MailFormat format() const override { return format_; }
  std::uint64_t bytes_read() const override { return bytes_read_; }
  std::uint64_t bytes_total() const override { return total_; }

 private:
  struct Item {
    SentMessage message;
    std::string skip_reason;
    std::uint64_t bytes_read = 0;
  };
  static constexpr std::size_t kChunkMessages = 64;
  static constexpr std::size_t kChunkMailboxes = 4096;
  static constexpr std::size_t kMaxChunks = 4;

  bool end(SentMessage* message, std::string* skip_reason) {
    clear(message);
    skip_reason->clear();
    bytes_read_ = total_;
    return false;
  }

  // The worker: fills chunks until the end, an exception (handed to next()) or stop_.
  void work() {
    std::exception_ptr error;
    try {
      bool more = true;
      while (more) {
        std::vector<Item> chunk;
        std::size_t mailboxes = 0;
        while (chunk.size() < kChunkMessages && mailboxes < kChunkMailboxes) {
          Item item;
          more = inner_->next(&item.message, &item.skip_reason);
          if (!more) break;
          item.bytes_read = inner_->bytes_read();
          mailboxes += item.message.from.size() + item.message.recipients.size();
          chunk.push_back(std::move(item));
        }
        if (chunk.empty()) break;
        std::unique_lock<std::mutex> lock(mutex_);
        space_.wait(lock, [this] { return chunks_.size() < kMaxChunks || stop_; });
        if (stop_) return;
        chunks_.push_back(std::move(chunk));
        lock.unlock();
        ready_.notify_one();
      }
    } catch (...) {
      error = std::current_exception();
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      finished_ = true;
      error_ = error;
    }
    ready_.notify_one();
  }

  std::unique_ptr<MailReader> inner_;  // the worker's only
  const MailFormat format_;
  const std::uint64_t total_;

  std::mutex mutex_;
  std::condition_variable ready_;  // a chunk is waiting, or the worker finished
  std::condition_variable space_;  // a chunk was taken, or stop_
  std::deque<std::vector<Item>> chunks_;
  bool finished_ = false;
  bool stop_ = false;
  std::exception_ptr error_;

  // The caller's side.
  std::vector<Item> current_;
  std::size_t position_ = 0;
  bool end_of_chunks_ = false;
  std::uint64_t bytes_read_ = 0;

  std::thread worker_;  // last: starts once everything above exists
};

}  // namespace

std::unique_ptr<MailReader> MailReader::open(const std::string& path) {
  mail::parser_options();  // GMime initialised before any stream is made
  std::error_code error;
  std::filesystem::file_status status = std::filesystem::status(path, error);
  if (error || !std::filesystem::exists(status)) {
    throw_open_failed(path, error ? error.value() : ENOENT);
  }
  if (std::filesystem::is_directory(status)) {
    std::filesystem::path root(path);
    if (!std::filesystem::is_directory(root / "cur", error) &&
        !std::filesystem::is_directory(root / "new", error)) {
      throw Error("mail.not-mail", path + " is a folder without cur/ or new/ (not a maildir)");
    }
    return std::make_unique<ReadAheadReader>(std::make_unique<MaildirReader>(root));
  }
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw_open_failed(path, errno);
  char head[8] = {};
  ssize_t got = ::read(fd, head, sizeof head);
  int read_error = errno;
  ::close(fd);
  if (got < 0) throw_open_failed(path, read_error);
  std::string_view start(head, static_cast<std::size_t>(got));
  if (start.substr(0, 3) == kUtf8Bom) start.remove_prefix(3);
  if (start.substr(0, 5) == "From ") {
    return std::make_unique<ReadAheadReader>(std::make_unique<MboxReader>(path));
  }
  // Read as one message, an "mbox" without its "From " lines would quietly lose every message but
  // the first.
  std::string extension = std::filesystem::path(path).extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (extension == ".mbox" || extension == ".mbx") {
    throw Error("mail.not-mail",
                path + " does not start with a \"From \" line: not an mbox (one message: .eml)");
  }
  return std::make_unique<EmlReader>(path);
}

}  // namespace sendcheck
