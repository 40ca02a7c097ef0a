// Draft readers: the JSON of the protocol and an .eml file, both through parse_address_list.
#include "mail/draft_reader.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "mail/address_list.h"
#include "mail/gmime_support.h"
#include "mail/japanese_words.h"
#include "mail/message_text.h"
#include "sendcheck/error.h"

namespace sendcheck {
namespace {

using mail::GObjectPtr;

constexpr std::size_t kHeadLimit = 64 * 1024;

[[noreturn]] void bad_field(const std::string& field, const std::string& problem) {
  throw Error("draft.bad-field", field + ": " + problem);
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// "Application/PDF; name=x" -> "application/pdf".
std::string bare_content_type(std::string_view declared) {
  declared = declared.substr(0, declared.find(';'));
  while (!declared.empty() && (declared.front() == ' ' || declared.front() == '\t')) {
    declared.remove_prefix(1);
  }
  while (!declared.empty() && (declared.back() == ' ' || declared.back() == '\t')) {
    declared.remove_suffix(1);
  }
  return lower_ascii(declared);
}

bool is_base64_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/';
}

// Strict check first (GMime's decoder silently skips anything it does not know), then GMime.
bool decode_base64(std::string_view text, std::string* out) {
  std::string clean;
  clean.reserve(text.size());
  std::size_t padding = 0;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    if (c == '=') {
      ++padding;
    } else if (!is_base64_char(c) || padding > 0) {
      return false;  // an invalid character, or data after the padding
    }
    clean.push_back(c);
  }
  std::size_t data = clean.size() - padding;
  if (padding > 2 || data % 4 == 1 || (padding > 0 && clean.size() % 4 != 0)) return false;
  while (clean.size() % 4 != 0) clean.push_back('=');  // GMime only decodes whole quanta
  out->resize(clean.size() / 4 * 3 + 3);
  int state = 0;
  guint32 save = 0;
  std::size_t length = g_mime_encoding_base64_decode_step(
      reinterpret_cast<const unsigned char*>(clean.data()), clean.size(),
      reinterpret_cast<unsigned char*>(out->data()), &state, &save);
  out->resize(length);
  return true;
}

std::string json_string(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::string();
  if (!it->is_string()) bad_field(key, "expected a string");
  return it->get<std::string>();
}

// "to": "a, b" or ["a", "b"]; each string may hold several mailboxes.
std::vector<std::string> json_strings(const nlohmann::json& object, const char* key,
                                      const std::string& label) {
  std::vector<std::string> values;
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return values;
  if (it->is_string()) {
    values.push_back(it->get<std::string>());
    return values;
  }
  if (!it->is_array()) bad_field(label, "expected a string or an array of strings");
  for (std::size_t i = 0; i < it->size(); ++i) {
    const nlohmann::json& item = (*it)[i];
    if (!item.is_string()) bad_field(label + "[" + std::to_string(i) + "]", "expected a string");
    values.push_back(item.get<std::string>());
  }
  return values;
}

DraftAttachment json_attachment(const nlohmann::json& item, const std::string& where) {
  if (!item.is_object()) bad_field(where, "expected an object");
  DraftAttachment attachment;
  auto string_member = [&](const char* key) {
    auto it = item.find(key);
    if (it == item.end() || it->is_null()) return std::string();
    if (!it->is_string()) bad_field(where + "." + key, "expected a string");
    return it->get<std::string>();
  };
  attachment.name = string_member("name");
  attachment.content_type = bare_content_type(string_member("contentType"));
  if (auto it = item.find("size"); it != item.end() && !it->is_null()) {
    if (it->is_number_unsigned()) {
      attachment.size = it->get<std::uint64_t>();
    } else if (double value = it->is_number_float() ? it->get<double>() : -1;
               value >= 0 && value < 1.8e19 && std::floor(value) == value) {
      attachment.size = static_cast<std::uint64_t>(value);  // 120345.0 from a JS client
    } else {
      bad_field(where + ".size", "expected a non-negative integer");
    }
  }
  std::string sha256 = string_member("sha256");
  if (!sha256.empty()) {
    if (sha256.size() != 64 ||
        sha256.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) {
      bad_field(where + ".sha256", "expected 64 hex digits (the SHA-256 of the content)");
    }
    attachment.sha256 = lower_ascii(sha256);
  }
  std::string head = string_member("head");
  if (!head.empty()) {
    if (!decode_base64(head, &attachment.head)) bad_field(where + ".head", "invalid base64");
    if (attachment.head.size() > kHeadLimit) attachment.head.resize(kHeadLimit);
  }
  return attachment;
}

// --- .eml -------------------------------------------------------------------------------------

bool is_japanese_charset(std::string_view charset) {
  for (std::string_view name : {"iso-2022-jp", "cp50220", "cp50221", "cp50222", "shift_jis",
                                "shift-jis", "sjis", "x-sjis", "windows-31j", "cp932", "ms932"}) {
    if (mail::equals_ignore_case(charset, name)) return true;
  }
  return false;
}

// SHA-256 of some bytes as 64 lower-case hex digits (GLib).
std::string sha256_hex(std::string_view bytes) {
  return mail::take_string(g_compute_checksum_for_data(
      G_CHECKSUM_SHA256, reinterpret_cast<const guchar*>(bytes.data()), bytes.size()));
}

// Reads the decoded content of a leaf part: total size, at most `limit` leading bytes, and (when
// `sha256` is given) the SHA-256 of the whole content, streamed through GLib's GChecksum.
void read_content(GMimeDataWrapper* wrapper, std::size_t limit, std::uint64_t* size,
                  std::string* head, std::string* sha256 = nullptr) {
  *size = 0;
  head->clear();
  std::unique_ptr<GChecksum, decltype(&g_checksum_free)> checksum(
      sha256 != nullptr ? g_checksum_new(G_CHECKSUM_SHA256) : nullptr, &g_checksum_free);
  auto finish = [&] {
    if (checksum) *sha256 = g_checksum_get_string(checksum.get());
  };
  if (wrapper == nullptr) return finish();
  GMimeStream* source = g_mime_data_wrapper_get_stream(wrapper);
  if (source == nullptr) return finish();
  g_mime_stream_reset(source);
  GObjectPtr<GMimeStream> filtered(g_mime_stream_filter_new(source));
  switch (g_mime_data_wrapper_get_encoding(wrapper)) {
    case GMIME_CONTENT_ENCODING_BASE64:
    case GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE:
    case GMIME_CONTENT_ENCODING_UUENCODE: {
      GObjectPtr<GMimeFilter> decoder(
          g_mime_filter_basic_new(g_mime_data_wrapper_get_encoding(wrapper), FALSE));
      g_mime_stream_filter_add(GMIME_STREAM_FILTER(filtered.get()), decoder.get());
      break;
    }
    default:
      break;
  }
  char buffer[16 * 1024];
  for (;;) {
    ssize_t got = g_mime_stream_read(filtered.get(), buffer, sizeof buffer);
    if (got <= 0) break;
    *size += static_cast<std::uint64_t>(got);
    if (checksum) {
      g_checksum_update(checksum.get(), reinterpret_cast<const guchar*>(buffer),
                        static_cast<gssize>(got));
    }
    if (head->size() < limit) {
      head->append(buffer,
                   std::min<std::size_t>(static_cast<std::size_t>(got), limit - head->size()));
    }
  }
  finish();
}

std::string text_of(GMimeTextPart* part) {
  const char* charset = g_mime_text_part_get_charset(part);
  if (charset != nullptr && is_japanese_charset(charset)) {
    // GMime's iconv loses CP50220/CP932 extensions (㈱ ① 髙); convert the bytes ourselves.
    std::uint64_t size = 0;
    std::string bytes;
    read_content(g_mime_part_get_content(GMIME_PART(part)), SIZE_MAX, &size, &bytes);
    std::string utf8;
    if (mail::japanese_bytes_to_utf8(bytes, &utf8)) return utf8;
  }
  return mail::take_string(g_mime_text_part_get_text(part));
}

void append_utf8(std::uint32_t code, std::string* out) {
  if (code < 0x80) {
    out->push_back(static_cast<char>(code));
  } else if (code < 0x800) {
    out->push_back(static_cast<char>(0xc0 | (code >> 6)));
    out->push_back(static_cast<char>(0x80 | (code & 0x3f)));
  } else if (code < 0x10000) {
    out->push_back(static_cast<char>(0xe0 | (code >> 12)));
    out->push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | (code & 0x3f)));
  } else if (code < 0x110000) {
    out->push_back(static_cast<char>(0xf0 | (code >> 18)));
    out->push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | (code & 0x3f)));
  }
}

// A plain rendering of an HTML body, enough for the body checks (salutation, keywords): tags
// dropped, block ends as line breaks, script/style removed, the common entities decoded.
std::string html_to_text(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  for (std::size_t i = 0; i < html.size();) {
    char c = html[i];
    if (c == '<') {
      std::size_t end = html.find('>', i);
      if (end == std::string_view::npos) break;
      std::string tag = lower_ascii(html.substr(i + 1, end - i - 1));
      std::string_view name(tag);
      bool closing = !name.empty() && name.front() == '/';
      if (closing) name.remove_prefix(1);
      name = name.substr(0, name.find_first_of(" \t\r\n/"));
      if (!closing && (name == "script" || name == "style")) {
        std::string close = "</" + std::string(name);
        std::size_t stop = html.size();
        for (std::size_t j = end; j + close.size() <= html.size(); ++j) {
          if (lower_ascii(html.substr(j, close.size())) == close) {
            stop = j;
            break;
          }
        }
        end = html.find('>', stop);
        if (end == std::string_view::npos) break;
      } else if (name == "br" || name == "p" || name == "div" || name == "li" || name == "tr" ||
                 name == "h1" || name == "h2" || name == "h3" || name == "blockquote") {
        if (name == "br" || closing) out.push_back('\n');
      }
      i = end + 1;
    } else if (c == '&') {
      std::size_t semi = html.find(';', i);
      std::string_view entity =
          semi == std::string_view::npos || semi - i > 10 ? "" : html.substr(i + 1, semi - i - 1);
      std::uint32_t code = 0;
      if (entity == "amp") {
        code = '&';
      } else if (entity == "lt") {
        code = '<';
      } else if (entity == "gt") {
        code = '>';
      } else if (entity == "quot") {
        code = '"';
      } else if (entity == "apos") {
        code = '\'';
      } else if (entity == "nbsp") {
        code = ' ';
      } else if (entity.size() > 1 && entity.front() == '#') {
        bool hex = entity[1] == 'x' || entity[1] == 'X';
        std::string digits(entity.substr(hex ? 2 : 1));
        char* parsed_end = nullptr;
        unsigned long value = std::strtoul(digits.c_str(), &parsed_end, hex ? 16 : 10);
        if (!digits.empty() && *parsed_end == '\0' && value < 0x110000) code = value;
      }
      if (code != 0) {
        append_utf8(code, &out);
        i = semi + 1;
      } else {
        out.push_back(c);
        ++i;
      }
    } else {
      out.push_back(c);
      ++i;
    }
  }
  return out;
}

struct EmlWalk {
  Draft* draft = nullptr;
  GMimeTextPart* plain = nullptr;
  GMimeTextPart* html = nullptr;
};

bool is_attachment(GMimeObject* object, const char* filename) {
  const char* disposition = g_mime_object_get_disposition(object);
  return filename != nullptr ||
         (disposition != nullptr && mail::equals_ignore_case(disposition, "attachment"));
}

std::string mime_type_of(GMimeObject* object) {
  GMimeContentType* type = g_mime_object_get_content_type(object);
  if (type == nullptr) return std::string();
  return lower_ascii(mail::take_string(g_mime_content_type_get_mime_type(type)));
}

void walk(GMimeObject* object, EmlWalk* state) {
  if (GMIME_IS_MULTIPART(object)) {
    GMimeMultipart* multipart = GMIME_MULTIPART(object);
    int count = g_mime_multipart_get_count(multipart);
    for (int i = 0; i < count; ++i) walk(g_mime_multipart_get_part(multipart, i), state);
    return;
  }
  if (GMIME_IS_MESSAGE_PART(object)) {
    if (state->draft == nullptr) return;  // the body only (message_body_text)
    // A forwarded message is one attachment; its own parts are not the user's attachments.
    const char* filename = g_mime_object_get_content_disposition_parameter(object, "filename");
    if (filename == nullptr) filename = g_mime_object_get_content_type_parameter(object, "name");
    DraftAttachment attachment;
    attachment.name = filename != nullptr ? filename : "";
    attachment.content_type = mime_type_of(object);
    GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(object));
    if (inner != nullptr) {
      GObjectPtr<GMimeStream> memory(g_mime_stream_mem_new());
      g_mime_object_write_to_stream(GMIME_OBJECT(inner), nullptr, memory.get());
      GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(memory.get()));
      attachment.size = bytes->len;
      attachment.head.assign(reinterpret_cast<const char*>(bytes->data),
                             std::min<std::size_t>(bytes->len, kHeadLimit));
      attachment.sha256 =
          sha256_hex(std::string_view(reinterpret_cast<const char*>(bytes->data), bytes->len));
    }
    state->draft->attachments.push_back(std::move(attachment));
    return;
  }
  if (!GMIME_IS_PART(object)) return;
  GMimePart* part = GMIME_PART(object);
  const char* filename = g_mime_part_get_filename(part);
  if (is_attachment(object, filename)) {
    if (state->draft == nullptr) return;
    DraftAttachment attachment;
    attachment.name = filename != nullptr ? filename : "";
    attachment.content_type = mime_type_of(object);
    read_content(g_mime_part_get_content(part), kHeadLimit, &attachment.size, &attachment.head,
                 &attachment.sha256);
    state->draft->attachments.push_back(std::move(attachment));
    return;
  }
  if (!GMIME_IS_TEXT_PART(object)) return;
  std::string type = mime_type_of(object);
  if (type == "text/plain" && state->plain == nullptr) state->plain = GMIME_TEXT_PART(object);
  if (type == "text/html" && state->html == nullptr) state->html = GMIME_TEXT_PART(object);
}

// The body of a walked message: text/plain, else text/html as text.
std::string body_of(const EmlWalk& state) {
  if (state.plain != nullptr) return text_of(state.plain);
  if (state.html != nullptr) return html_to_text(text_of(state.html));
  return {};
}

}  // namespace

namespace mail {

std::string message_body_text(GMimeMessage* message) {
  EmlWalk state;
  if (GMimeObject* body = g_mime_message_get_mime_part(message)) walk(body, &state);
  return body_of(state);
}

std::vector<std::string> message_id_list(const char* raw) {
  std::vector<std::string> ids;
  if (raw == nullptr) return ids;
  GMimeReferences* references = g_mime_references_parse(parser_options(), raw);
  if (references == nullptr) return ids;
  int count = g_mime_references_length(references);
  for (int i = 0; i < count && ids.size() < 64; ++i) {
    const char* id = g_mime_references_get_message_id(references, i);
    if (id != nullptr && *id != '\0') ids.emplace_back(id);
  }
  g_mime_references_free(references);
  return ids;
}

}  // namespace mail

Draft draft_from_json(const nlohmann::json& json) {
  if (!json.is_object()) throw Error("draft.not-object", "the draft must be a JSON object");
  Draft draft;
  draft.from = parse_address_list(json_string(json, "from"));
  const std::pair<const char*, Field> fields[] = {
      {"to", Field::kTo}, {"cc", Field::kCc}, {"bcc", Field::kBcc}};
  for (const auto& [key, field] : fields) {
    for (const std::string& value : json_strings(json, key, key)) {
      for (Mailbox& mailbox : parse_address_list(value)) {
        draft.recipients.push_back({field, std::move(mailbox)});
      }
    }
  }
  draft.subject = json_string(json, "subject");
  draft.body = json_string(json, "body");
  draft.locale = json_string(json, "locale");
  if (auto it = json.find("attachments"); it != json.end() && !it->is_null()) {
    if (!it->is_array()) bad_field("attachments", "expected an array");
    for (std::size_t i = 0; i < it->size(); ++i) {
      draft.attachments.push_back(
          json_attachment((*it)[i], "attachments[" + std::to_string(i) + "]"));
    }
  }
  if (auto it = json.find("thread"); it != json.end() && !it->is_null()) {
    if (!it->is_object()) bad_field("thread", "expected an object");
    for (const std::string& value : json_strings(*it, "participants", "thread.participants")) {
      for (const Mailbox& mailbox : parse_address_list(value)) {
        draft.thread_participants.push_back(mailbox.address);
      }
    }
    draft.in_reply_to = json_string(*it, "inReplyTo");
    draft.references = json_strings(*it, "references", "thread.references");
  }
  return draft;
}

Draft draft_from_eml(std::string_view bytes) {
  GMimeParserOptions* options = mail::parser_options();
  // A message saved from an mbox may keep its "From " separator line.
  if (bytes.substr(0, 5) == "From ") {
    std::size_t newline = bytes.find('\n');
    bytes.remove_prefix(newline == std::string_view::npos ? bytes.size() : newline + 1);
  }
  GObjectPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size()));
  GObjectPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  g_mime_parser_set_format(parser.get(), GMIME_FORMAT_MESSAGE);
  GObjectPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), options));
  if (!message) throw Error("draft.bad-eml", "the message could not be parsed");
  GMimeHeaderList* headers = g_mime_object_get_header_list(GMIME_OBJECT(message.get()));
  int count = g_mime_header_list_get_count(headers);
  if (count == 0) throw Error("draft.bad-eml", "the message has no headers");

  Draft draft;
  std::vector<Mailbox> lists[3];
  bool have_subject = false;
  for (int i = 0; i < count; ++i) {
    GMimeHeader* header = g_mime_header_list_get_header_at(headers, i);
    const char* name = g_mime_header_get_name(header);
    const char* raw = g_mime_header_get_raw_value(header);
    if (name == nullptr || raw == nullptr) continue;
    std::string_view key(name);
    std::vector<Mailbox>* target = nullptr;
    if (mail::equals_ignore_case(key, "From")) {
      target = &draft.from;
    } else if (mail::equals_ignore_case(key, "To")) {
      target = &lists[0];
    } else if (mail::equals_ignore_case(key, "Cc")) {
      target = &lists[1];
    } else if (mail::equals_ignore_case(key, "Bcc")) {
      target = &lists[2];
    } else if (mail::equals_ignore_case(key, "Subject") && !have_subject) {
      draft.subject = decode_header_text(raw);
      have_subject = true;
    } else if (mail::equals_ignore_case(key, "In-Reply-To") && draft.in_reply_to.empty()) {
      std::vector<std::string> ids = mail::message_id_list(raw);
      if (!ids.empty()) draft.in_reply_to = ids.front();
    } else if (mail::equals_ignore_case(key, "References") && draft.references.empty()) {
      draft.references = mail::message_id_list(raw);
    }
    if (target == nullptr) continue;
    for (Mailbox& mailbox : parse_address_list(raw)) target->push_back(std::move(mailbox));
  }
  const Field fields[] = {Field::kTo, Field::kCc, Field::kBcc};
  for (int f = 0; f < 3; ++f) {
    for (Mailbox& mailbox : lists[f]) draft.recipients.push_back({fields[f], std::move(mailbox)});
  }

  EmlWalk state;
  state.draft = &draft;
  if (GMimeObject* body = g_mime_message_get_mime_part(message.get())) walk(body, &state);
  draft.body = body_of(state);
  return draft;
}

std::string draft_fingerprint(const Draft& draft) {
  std::set<std::string> recipients;
  for (const DraftRecipient& recipient : draft.recipients) {
    CanonicalAddress canonical;
    std::string address = canonicalize(recipient.mailbox, &canonical) && !canonical.address.empty()
                              ? canonical.address
                              : recipient.mailbox.address;
    std::string line(field_name(recipient.field));
    line.append(":").append(address).append("\n");
    recipients.insert(std::move(line));
  }
  std::multiset<std::string> attachments;
  for (const DraftAttachment& a : draft.attachments) {
    attachments.insert("attachment:" + a.name + "\t" + std::to_string(a.size) + "\t" +
                       lower_ascii(a.sha256) + "\n");
  }
  std::string text = "sendcheck-draft-v1\n";
  for (const std::string& line : recipients) text += line;
  for (const std::string& line : attachments) text += line;
  return sha256_hex(text);
}

}  // namespace sendcheck
