#include "mbox_generator.h"

#include <glib.h>
#include <unicode/ucnv.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "history_generator.h"

namespace sendcheck::bench {
namespace {

constexpr std::size_t kPopulation = 200000;  // distinct correspondents the mailbox draws from
constexpr const char* kSelfAddress = "me@mycompany.co.jp";
constexpr const char* kSelfName = "山田 太郎";

constexpr std::array kJapaneseSubjects = {
    "見積書の送付",
    "打ち合わせの件",
    "議事録送付のお願い",
    "Re: 請求書について",
    "【ご確認】契約書ドラフト",
    "会議日程のご相談",
    "新製品のご案内",
    "ご挨拶",
    "資料送付のご連絡",
    "出張報告（大阪営業所）",
    "Re: Re: 納期変更のお願い",
    "第３四半期の売上報告について",
    "㈱サンプル様向け提案書①",
    "髙橋様 ご来社の件",
    "Fw: 社内研修のお知らせ",
};
constexpr std::array kEnglishSubjects = {
    "Quarterly report",
    "Re: Meeting on Thursday",
    "Invoice 2021-03",
    "Draft agreement for review",
    "Follow-up",
    "Shipping schedule",
    "Re: Re: Price list",
    "Fwd: Conference agenda",
    "Minutes of today's call",
};
constexpr std::array kJapaneseParagraphs = {
    "いつもお世話になっております。\n山田です。\n",
    "先日はお忙しいところお時間をいただき、誠にありがとうございました。\n"
    "打ち合わせでご相談した件につきまして、資料をお送りいたします。\n",
    "見積書を添付いたしますので、ご確認のほどよろしくお願いいたします。\n"
    "ご不明な点がございましたら、お気軽にお問い合わせください。\n",
    "次回の会議は来週火曜日の午後二時から、本社第三会議室で行います。\n"
    "ご都合が悪い場合はご連絡ください。\n",
    "納期につきましては、現在工場と調整中です。\n確定しましたら改めてご連絡いたします。\n",
    "引き続きよろしくお願いいたします。\n",
};
constexpr std::array kEnglishParagraphs = {
    "Hello,\n\nThank you for your time on the phone yesterday.\n",
    "Please find the revised schedule below. Let me know if anything needs to change before\n"
    "we send it to the customer.\n",
    "From the minutes of the last meeting, the open items are the price list and the delivery\n"
    "dates for the second quarter.\n",
    "I have attached the draft agreement for your review.\n",
    "Best regards,\n",
};
constexpr const char* kJapaneseSignature =
    "-- \n山田 太郎 (Taro Yamada)\n株式会社マイカンパニー 営業部\nTEL 03-1234-5678\n";
constexpr const char* kEnglishSignature =
    "-- \nTaro Yamada\nSales, MyCompany Co., Ltd.\n+81 3 1234 5678\n";

constexpr std::array kWeekdays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

enum class Charset { kIso2022Jp, kUtf8, kAscii };

std::string to_iso2022jp(std::string_view utf8) {
  std::string out(utf8.size() * 3 + 16, '\0');
  UErrorCode status = U_ZERO_ERROR;
  int32_t length =
      ucnv_convert("ISO-2022-JP", "UTF-8", out.data(), static_cast<int32_t>(out.size()),
                   utf8.data(), static_cast<int32_t>(utf8.size()), &status);
  if (U_FAILURE(status)) throw std::runtime_error("ISO-2022-JP conversion failed");
  out.resize(static_cast<std::size_t>(length));
  return out;
}

std::string base64(std::string_view bytes) {
  gchar* encoded = g_base64_encode(reinterpret_cast<const guchar*>(bytes.data()), bytes.size());
  std::string out(encoded);
  g_free(encoded);
  return out;
}

// Base64 in lines of 76 characters, as MIME writes it.
std::string base64_lines(std::string_view bytes) {
  std::string flat = base64(bytes);
  std::string out;
  for (std::size_t i = 0; i < flat.size(); i += 76) {
    out.append(flat, i, 76);
    out += '\n';
  }
  return out;
}

bool is_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// mboxrd: a body line that starts with ">*From " gets one more '>'.
void append_escaped(std::string* out, std::string_view text) {
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size() - 1;
    std::string_view line = text.substr(start, end - start + 1);
    std::size_t quotes = line.find_first_not_of('>');
    if (quotes != std::string_view::npos && line.substr(quotes).starts_with("From ")) *out += '>';
    *out += line;
    start = end + 1;
  }
}

class Writer {
 public:
  explicit Writer(std::uint32_t seed) : rng_(seed), people_(seed) {
    for (const char* p : kJapaneseParagraphs) {
      ja_iso_.push_back(to_iso2022jp(p));
      ja_utf8_.emplace_back(p);
    }
    std::mt19937 bytes(seed);
    std::string block(150000, '\0');
    for (char& c : block) c = static_cast<char>(bytes() & 0xff);
    attachment_lines_ = base64_lines(block);
  }

  std::string message(std::uint64_t n) {
    std::string m;
    m.reserve(8192);
    Charset charset = pick_charset();
    std::int64_t date = 1577836800 + static_cast<std::int64_t>(n) * 97;  // 2020 on, JST
    m += "From ";
    m += kSelfAddress;
    m += ' ';
    m += ctime_date(date);
    m += "\nReturn-Path: <me@mycompany.co.jp>\nMessage-ID: <gen." + std::to_string(n) + "." +
         std::to_string(rng_() % 100000) + "@mail.mycompany.co.jp>\n";
    m += "Date: " + rfc5322_date(date) + "\n";
    m += "From: " + mailbox(kSelfName, kSelfAddress, charset) + "\n";

    std::vector<std::size_t> people = recipients();
    bool undisclosed = rng_() % 100 == 0;
    std::size_t to_count = undisclosed ? 0 : std::min<std::size_t>(people.size(), 1 + rng_() % 2);
    std::size_t bcc_count = undisclosed ? people.size() : (rng_() % 20 == 0 ? 1 : 0);
    if (to_count + bcc_count > people.size()) bcc_count = people.size() - to_count;
    std::size_t cc_count = people.size() - to_count - bcc_count;
    if (undisclosed) {
      m += "To: undisclosed-recipients:;\n";
    } else {
      address_header(&m, "To", people, 0, to_count, charset);
    }
    address_header(&m, "Cc", people, to_count, cc_count, charset);
    address_header(&m, "Bcc", people, to_count + cc_count, bcc_count, charset);
    bool japanese = charset != Charset::kAscii;
    std::string subject = japanese ? kJapaneseSubjects[rng_() % kJapaneseSubjects.size()]
                                   : kEnglishSubjects[rng_() % kEnglishSubjects.size()];
    m += "Subject: " + header_text(subject, charset) + "\n";
    m += "MIME-Version: 1.0\nX-Mailer: Thunderbird 128.0\n";

    std::string body = make_body(people.empty() ? 0 : people.front(), charset);
    const char* charset_name = charset == Charset::kIso2022Jp ? "ISO-2022-JP"
                               : charset == Charset::kUtf8    ? "UTF-8"
                                                              : "us-ascii";
    bool base64_body = charset == Charset::kUtf8 && rng_() % 10 < 3;
    std::string part_headers =
        std::string("Content-Type: text/plain; charset=") + charset_name +
        "; format=flowed\nContent-Transfer-Encoding: " +
        (base64_body ? "base64" : (charset == Charset::kUtf8 ? "8bit" : "7bit")) + "\n";
    std::string encoded_body = base64_body ? base64_lines(body) : body;
    if (rng_() % 100 < 6) {
      std::string boundary = "------------gen" + std::to_string(n);
      m += "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\n\n";
      m += "This is a multi-part message in MIME format.\n--" + boundary + "\n" + part_headers +
           "\n";
      append_escaped(&m, encoded_body);
      m += "\n--" + boundary + "\n";
      attachment(&m, charset);
      m += "--" + boundary + "--\n";
    } else {
      m += part_headers + "\n";
      append_escaped(&m, encoded_body);
    }
    m += "\n";
    return m;
  }

 private:
  Charset pick_charset() {
    unsigned r = rng_() % 100;
    if (r < 45) return Charset::kIso2022Jp;
    if (r < 75) return Charset::kUtf8;
    return Charset::kAscii;
  }

  // 1 (half of the messages) to 8 recipients, drawn with a long tail: a few correspondents get
  // most of the mail, most appear once or twice.
  std::vector<std::size_t> recipients() {
    unsigned r = rng_() % 100;
    std::size_t count = r < 50 ? 1 : r < 70 ? 2 : r < 88 ? 3 + rng_() % 2 : 5 + rng_() % 4;
    std::vector<std::size_t> out;
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    while (out.size() < count) {
      auto index = static_cast<std::size_t>(kPopulation * std::pow(uniform(rng_), 3.0));
      if (std::find(out.begin(), out.end(), index) == out.end()) out.push_back(index);
    }
    return out;
  }

  // A display name as the mail client wrote it: an encoded word, raw UTF-8 or plain ASCII.
  std::string header_text(const std::string& text, Charset charset) {
    if (is_ascii(text)) return text;
    if (charset == Charset::kIso2022Jp) {
      auto cached = iso_words_.find(text);
      if (cached != iso_words_.end()) return cached->second;
      // Long texts are split in two encoded words on a folded line, as many mailers do.
      std::string word;
      std::size_t half = text.size() / 2;
      while (half > 0 && (static_cast<unsigned char>(text[half]) & 0xC0) == 0x80) --half;
      if (text.size() > 24 && half > 0) {
        word = "=?ISO-2022-JP?B?" + base64(to_iso2022jp(text.substr(0, half))) +
               "?=\n =?ISO-2022-JP?B?" + base64(to_iso2022jp(text.substr(half))) + "?=";
      } else {
        word = "=?ISO-2022-JP?B?" + base64(to_iso2022jp(text)) + "?=";
      }
      iso_words_.emplace(text, word);
      return word;
    }
    if (rng_() % 2 == 0) return text;  // raw UTF-8 (RFC 6532)
    return "=?UTF-8?B?" + base64(text) + "?=";
  }

  std::string mailbox(const std::string& name, const std::string& address, Charset charset) {
    if (charset == Charset::kAscii && !is_ascii(name)) return address;
    std::string shown = header_text(name, charset);
    if (is_ascii(name) && name.find(',') != std::string::npos) shown = "\"" + name + "\"";
    return shown + " <" + address + ">";
  }

  void address_header(std::string* m, const char* field, const std::vector<std::size_t>& people,
                      std::size_t first, std::size_t count, Charset charset) {
    if (count == 0) return;
    *m += field;
    *m += ": ";
    for (std::size_t k = 0; k < count; ++k) {
      GeneratedContact c = people_.contact(people[first + k]);
      if (k > 0) *m += ",\n ";  // folded, one address a line
      *m += mailbox(c.display_name, c.address, charset);
    }
    *m += '\n';
  }

  std::string make_body(std::size_t first_recipient, Charset charset) {
    GeneratedContact c = people_.contact(first_recipient);
    std::string org = c.address.substr(c.address.rfind('@') + 1);
    org = org.substr(0, org.find('.'));
    std::string body;
    if (charset == Charset::kAscii) {
      body = "Dear " + c.display_name + ",\n\n";
      std::size_t count = 2 + rng_() % 3;
      for (std::size_t k = 0; k < count; ++k) {
        body += kEnglishParagraphs[rng_() % kEnglishParagraphs.size()];
        body += '\n';
      }
      body += kEnglishSignature;
      if (rng_() % 3 == 0) {
        body += "\nOn Mon, Jan 4, 2021 at 9:00 AM " + c.display_name + " wrote:\n";
        for (std::size_t k = 0; k < 6; ++k) body += "> " + std::string("Thank you, see below.\n");
      }
      return body;
    }
    bool iso = charset == Charset::kIso2022Jp;
    auto japanese = [&](const std::string& utf8) { return iso ? to_iso2022jp(utf8) : utf8; };
    body = org + " 株式会社\n" + c.display_name + " 様\n\n";
    body = japanese(body);
    std::size_t count = 2 + rng_() % 4;
    const std::vector<std::string>& paragraphs = iso ? ja_iso_ : ja_utf8_;
    for (std::size_t k = 0; k < count; ++k) {
      body += paragraphs[rng_() % paragraphs.size()];
      body += '\n';
    }
    body += iso ? signature_iso() : std::string(kJapaneseSignature);
    if (rng_() % 3 == 0) {
      body += "\n-----Original Message-----\n";
      for (std::size_t k = 0; k < 4; ++k) body += "> " + paragraphs[rng_() % paragraphs.size()];
    }
    return body;
  }

  const std::string& signature_iso() {
    if (signature_iso_.empty()) signature_iso_ = to_iso2022jp(kJapaneseSignature);
    return signature_iso_;
  }

  // A base64 attachment of a long-tailed size (2 KB to 110 KB), its name in the charset of the
  // message (RFC 2231 for UTF-8, an encoded word for ISO-2022-JP, as Japanese mailers do).
  void attachment(std::string* m, Charset charset) {
    std::uniform_real_distribution<double> uniform(0.01, 1.0);
    auto bytes =
        static_cast<std::size_t>(std::min(110000.0, 2000.0 / std::pow(uniform(rng_), 0.8)));
    std::size_t lines = std::min(attachment_lines_.size() / 77, bytes / 57 + 1);
    std::string name;
    switch (charset) {
      case Charset::kIso2022Jp:
        name = "name=\"" + header_text("見積書_2021年度.pdf", charset) + "\"";
        break;
      case Charset::kUtf8:
        name = "name*=UTF-8''%E8%AD%B0%E4%BA%8B%E9%8C%B2.pdf";
        break;
      case Charset::kAscii:
        name = "name=\"report.pdf\"";
        break;
    }
    *m += "Content-Type: application/pdf; " + name + "\nContent-Transfer-Encoding: base64\n";
    *m += "Content-Disposition: attachment\n\n";
    m->append(attachment_lines_, 0, lines * 77);
    *m += '\n';
  }

  static std::string rfc5322_date(std::int64_t unix_time) {
    std::time_t local = static_cast<std::time_t>(unix_time + 9 * 3600);
    std::tm t{};
    gmtime_r(&local, &t);
    char out[64];
    std::snprintf(out, sizeof out, "%s, %02d %s %04d %02d:%02d:%02d +0900", kWeekdays[t.tm_wday],
                  t.tm_mday, kMonths[t.tm_mon], t.tm_year + 1900, t.tm_hour, t.tm_min, t.tm_sec);
    return out;
  }

  static std::string ctime_date(std::int64_t unix_time) {
    std::time_t utc = static_cast<std::time_t>(unix_time);
    std::tm t{};
    gmtime_r(&utc, &t);
    char out[64];
    std::snprintf(out, sizeof out, "%s %s %2d %02d:%02d:%02d %04d", kWeekdays[t.tm_wday],
                  kMonths[t.tm_mon], t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec, t.tm_year + 1900);
    return out;
  }

  std::mt19937 rng_;
  HistoryGenerator people_;
  std::vector<std::string> ja_iso_;
  std::vector<std::string> ja_utf8_;
  std::string signature_iso_;
  std::string attachment_lines_;
  std::map<std::string, std::string> iso_words_;
};

}  // namespace

MboxStats write_mbox(std::FILE* out, std::uint64_t target_bytes, std::uint32_t seed) {
  Writer writer(seed);
  MboxStats stats;
  while (stats.bytes < target_bytes) {
    std::string message = writer.message(stats.messages);
    if (std::fwrite(message.data(), 1, message.size(), out) != message.size()) {
      throw std::runtime_error("cannot write the mbox");
    }
    stats.bytes += message.size();
    ++stats.messages;
  }
  return stats;
}

std::string cached_mbox(const std::string& dir, std::uint64_t target_bytes, MboxStats* stats) {
  std::filesystem::create_directories(dir);
  std::string stem = "sent-" + std::to_string(target_bytes / 1000000) + "MB";
  std::filesystem::path path = std::filesystem::path(dir) / (stem + ".mbox");
  std::filesystem::path done = std::filesystem::path(dir) / (stem + ".ready");
  if (std::filesystem::exists(done)) {
    std::ifstream in(done);
    in >> stats->messages >> stats->bytes;
    if (in) return path.string();
  }
  std::cerr << "generating a " << target_bytes / 1000000 << " MB mbox in " << path << " ...\n";
  auto start = std::chrono::steady_clock::now();
  std::FILE* out = std::fopen(path.c_str(), "wb");
  if (out == nullptr) throw std::runtime_error("cannot create " + path.string());
  static char buffer[1 << 20];
  std::setvbuf(out, buffer, _IOFBF, sizeof buffer);
  *stats = write_mbox(out, target_bytes);
  if (std::fclose(out) != 0) throw std::runtime_error("cannot write " + path.string());
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cerr << "  " << stats->messages << " messages, " << stats->bytes << " bytes in " << seconds
            << " s\n";
  std::ofstream(done) << stats->messages << " " << stats->bytes << "\n";
  return path.string();
}

}  // namespace sendcheck::bench
