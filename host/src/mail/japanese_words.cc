#include "mail/japanese_words.h"

#include <iconv.h>

#include <cerrno>
#include <cstdint>
#include <optional>

namespace sendcheck::mail {
namespace {

bool is_wsp(char c) { return c == ' ' || c == '\t'; }

char to_lower_ascii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool starts_with_ignore_case(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (to_lower_ascii(text[i]) != to_lower_ascii(prefix[i])) return false;
  }
  return true;
}

// One RFC 2047 encoded word found in the text: [begin, end) and its parts.
struct EncodedWord {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string_view charset;  // without the RFC 2231 "*language" suffix
  char encoding = 'B';       // 'B' or 'Q'
  std::string_view text;
};

// Parses an encoded word starting at `pos` (which must point at "=?").
std::optional<EncodedWord> parse_encoded_word(std::string_view s, std::size_t pos) {
  if (s.compare(pos, 2, "=?") != 0) return std::nullopt;
  std::size_t charset_begin = pos + 2;
  std::size_t q1 = s.find('?', charset_begin);
  if (q1 == std::string_view::npos || q1 == charset_begin) return std::nullopt;
  if (q1 + 3 > s.size() || s[q1 + 2] != '?') return std::nullopt;
  char encoding = static_cast<char>(s[q1 + 1] & ~0x20);  // ASCII upper case
  if (encoding != 'B' && encoding != 'Q') return std::nullopt;
  std::size_t text_begin = q1 + 3;
  std::size_t q3 = s.find('?', text_begin);
  if (q3 == std::string_view::npos || q3 + 1 >= s.size() || s[q3 + 1] != '=') return std::nullopt;
  for (std::size_t i = charset_begin; i < q3; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c <= ' ' || c >= 0x7f) return std::nullopt;
  }
  std::string_view charset = s.substr(charset_begin, q1 - charset_begin);
  if (std::size_t star = charset.find('*'); star != std::string_view::npos) {
    charset = charset.substr(0, star);
  }
  return EncodedWord{pos, q3 + 2, charset, encoding, s.substr(text_begin, q3 - text_begin)};
}

bool is_iso2022jp(std::string_view charset) {
  // CP5022x are Microsoft's names for the same encoding with its extensions.
  for (std::string_view name : {"iso-2022-jp", "cp50220", "cp50221", "cp50222"}) {
    if (charset.size() == name.size() && starts_with_ignore_case(charset, name)) return true;
  }
  return false;
}

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Lenient like mail readers: '=' padding and stray characters are skipped.
void decode_b(std::string_view text, std::string* out) {
  std::uint32_t bits = 0;
  int count = 0;
  for (char c : text) {
    int v = base64_value(c);
    if (v < 0) continue;
    bits = (bits << 6) | static_cast<std::uint32_t>(v);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out->push_back(static_cast<char>((bits >> count) & 0xff));
    }
  }
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = to_lower_ascii(c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

void decode_q(std::string_view text, std::string* out) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '_') {
      out->push_back(' ');
    } else if (c == '=' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
               hex_value(text[i + 2]) >= 0) {
      out->push_back(static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2])));
      i += 2;
    } else {
      out->push_back(c);
    }
  }
}

void encode_base64(std::string_view in, std::string* out) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    std::uint32_t v = (static_cast<unsigned char>(in[i]) << 16) |
                      (static_cast<unsigned char>(in[i + 1]) << 8) |
                      static_cast<unsigned char>(in[i + 2]);
    out->push_back(kAlphabet[(v >> 18) & 63]);
    out->push_back(kAlphabet[(v >> 12) & 63]);
    out->push_back(kAlphabet[(v >> 6) & 63]);
    out->push_back(kAlphabet[v & 63]);
  }
  if (std::size_t rest = in.size() - i; rest > 0) {
    std::uint32_t v = static_cast<unsigned char>(in[i]) << 16;
    if (rest == 2) v |= static_cast<unsigned char>(in[i + 1]) << 8;
    out->push_back(kAlphabet[(v >> 18) & 63]);
    out->push_back(kAlphabet[(v >> 12) & 63]);
    out->push_back(rest == 2 ? kAlphabet[(v >> 6) & 63] : '=');
    out->push_back('=');
  }
}

// ISO-2022-JP escape states. JIS X 0208 pairs map onto Shift_JIS by arithmetic, which also
// places NEC row 13 (0x2D) and the NEC-selected IBM rows 89-92 (0x79-0x7C) of CP50220 where
// CP932 has them.
bool iso2022jp_to_sjis(std::string_view in, std::string* out) {
  enum class Mode { kAscii, kKanji, kKatakana };
  Mode mode = Mode::kAscii;
  bool shifted_out = false;  // SO/SI half-width katakana (CP50222)
  for (std::size_t i = 0; i < in.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(in[i]);
    if (c == 0x1b) {
      std::string_view esc = in.substr(i + 1, 2);
      if (esc == "(B" || esc == "(J") {
        mode = Mode::kAscii;
      } else if (esc == "$@" || esc == "$B") {
        mode = Mode::kKanji;
      } else if (esc == "(I") {
        mode = Mode::kKatakana;
      } else {
        return false;  // JIS X 0212/0213 and other sets have no CP932 form
      }
      i += 2;
      continue;
    }
    if (c == 0x0e) {
      shifted_out = true;
      continue;
    }
    if (c == 0x0f) {
      shifted_out = false;
      continue;
    }
    if (c < 0x21 || c == 0x7f) {  // controls and spaces pass through in every mode
      out->push_back(static_cast<char>(c));
      continue;
    }
    if (mode == Mode::kKatakana || shifted_out) {
      if (c > 0x5f) return false;
      out->push_back(static_cast<char>(c + 0x80));
      continue;
    }
    if (mode == Mode::kAscii) {
      out->push_back(static_cast<char>(c));
      continue;
    }
    if (i + 1 >= in.size()) return false;
    unsigned char c2 = static_cast<unsigned char>(in[i + 1]);
    if (c2 < 0x21 || c2 > 0x7e) return false;
    ++i;
    unsigned s1 = ((c + 1) >> 1) + (c <= 0x5e ? 0x70 : 0xb0);
    unsigned s2 = (c & 1) ? c2 + (c2 >= 0x60 ? 0x20 : 0x1f) : c2 + 0x7e;
    out->push_back(static_cast<char>(s1));
    out->push_back(static_cast<char>(s2));
  }
  return true;
}

// One CP932 -> UTF-8 converter per thread: iconv_open is far slower than a conversion and a
// Japanese Sent folder has an ISO-2022-JP word in nearly every message.
class Cp932Converter {
 public:
  Cp932Converter() : cd_(iconv_open("UTF-8", "CP932")) {}
  ~Cp932Converter() {
    if (valid()) iconv_close(cd_);
  }
  Cp932Converter(const Cp932Converter&) = delete;
  Cp932Converter& operator=(const Cp932Converter&) = delete;

  bool convert(std::string_view in, std::string* out) {
    if (!valid()) return false;
    iconv(cd_, nullptr, nullptr, nullptr, nullptr);
    out->clear();
    char* inbuf = const_cast<char*>(in.data());
    std::size_t inleft = in.size();
    char buffer[1024];
    while (inleft > 0) {
      char* outbuf = buffer;
      std::size_t outleft = sizeof buffer;
      std::size_t rc = iconv(cd_, &inbuf, &inleft, &outbuf, &outleft);
      out->append(buffer, outbuf - buffer);
      if (rc == static_cast<std::size_t>(-1) && errno != E2BIG) return false;
    }
    char* outbuf = buffer;
    std::size_t outleft = sizeof buffer;
    if (iconv(cd_, nullptr, nullptr, &outbuf, &outleft) == static_cast<std::size_t>(-1)) {
      return false;
    }
    out->append(buffer, outbuf - buffer);
    return true;
  }

 private:
  // iconv_open reports failure as (iconv_t)-1.
  bool valid() const { return reinterpret_cast<std::intptr_t>(cd_) != -1; }

  iconv_t cd_;
};

}  // namespace

std::size_t encoded_word_end(std::string_view text, std::size_t pos) {
  std::optional<EncodedWord> word = parse_encoded_word(text, pos);
  return word ? word->end : std::string_view::npos;
}

bool japanese_bytes_to_utf8(std::string_view bytes, std::string* utf8) {
  thread_local Cp932Converter converter;
  bool high = false;
  for (char c : bytes) high = high || (static_cast<unsigned char>(c) >= 0x80);
  if (high) return converter.convert(bytes, utf8);
  std::string sjis;
  sjis.reserve(bytes.size());
  if (!iso2022jp_to_sjis(bytes, &sjis)) return false;
  return converter.convert(sjis, utf8);
}

std::string repair_japanese_words(std::string_view raw) {
  std::string text;
  text.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    // Unfolding: the WSP after a line break (if any) stays. NULs would cut GMime's C strings.
    if (c == '\r' || c == '\n' || c == '\0') continue;
    text.push_back(c);
  }

  std::string out;
  std::size_t copied = 0;  // text[copied, pos) is still to be copied to `out`
  std::size_t pos = 0;
  std::string bytes;
  std::string utf8;
  while ((pos = text.find("=?", pos)) != std::string::npos) {
    std::optional<EncodedWord> word = parse_encoded_word(text, pos);
    if (!word) {
      pos += 2;
      continue;
    }
    if (!is_iso2022jp(word->charset)) {
      pos = word->end;
      continue;
    }
    // Gather the run of adjacent ISO-2022-JP words.
    bytes.clear();
    std::size_t run_end = word->end;
    for (;;) {
      if (word->encoding == 'B') {
        decode_b(word->text, &bytes);
      } else {
        decode_q(word->text, &bytes);
      }
      run_end = word->end;
      std::size_t next = run_end;
      while (next < text.size() && is_wsp(text[next])) ++next;
      std::optional<EncodedWord> following;
      if (next < text.size() && text.compare(next, 2, "=?") == 0) {
        following = parse_encoded_word(text, next);
      }
      if (!following || !is_iso2022jp(following->charset)) break;
      word = following;
    }
    if (japanese_bytes_to_utf8(bytes, &utf8)) {
      out.append(text, copied, pos - copied);
      out.append("=?UTF-8?B?");
      encode_base64(utf8, &out);
      out.append("?=");
      copied = run_end;
    }
    pos = run_end;
  }
  if (copied == 0) return text;
  out.append(text, copied, std::string::npos);
  return out;
}

}  // namespace sendcheck::mail
