// parse_address_list: GMime parses each entry, but the list is split here first. GMime alone
// drops entries it cannot understand (`mailing list <mailing list>`, an X.500 DN, `a@b; c@d`
// after the ';'), and DESIGN.md §4 says never drop a recipient, so every top-level entry is
// handed to GMime on its own and, when GMime loses an address, rebuilt from the raw text.
#include "mail/address_list.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "mail/gmime_support.h"
#include "mail/japanese_words.h"

namespace sendcheck {
namespace {

using mail::GObjectPtr;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// Returns the position after the quoted string that starts at `pos` (at '"'), or s.size().
std::size_t skip_quoted(std::string_view s, std::size_t pos) {
  for (std::size_t i = pos + 1; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
    } else if (s[i] == '"') {
      return i + 1;
    }
  }
  return s.size();
}

// Returns the position after the (nested) comment that starts at `pos` (at '('), or s.size().
std::size_t skip_comment(std::string_view s, std::size_t pos) {
  int depth = 0;
  for (std::size_t i = pos; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
    } else if (s[i] == '(') {
      ++depth;
    } else if (s[i] == ')' && --depth == 0) {
      return i + 1;
    }
  }
  return s.size();
}

// Returns the position after the angle-addr that starts at `pos` (at '<'), or s.size().
// Parentheses are not comments here: X.500 DNs carry "(FYDIBOHF23SPDLT)" inside <>.
std::size_t skip_angle(std::string_view s, std::size_t pos) {
  for (std::size_t i = pos + 1; i < s.size();) {
    if (s[i] == '"') {
      i = skip_quoted(s, i);
    } else if (s[i] == '>') {
      return i + 1;
    } else {
      ++i;
    }
  }
  return s.size();
}

// '@' signs that belong to addresses: outside quoted strings and comments, not in an obsolete
// route (<@relay:user@host>).
int count_address_ats(std::string_view s) {
  int count = 0;
  for (std::size_t i = 0; i < s.size();) {
    char c = s[i];
    if (c == '"') {
      i = skip_quoted(s, i);
    } else if (c == '(') {
      i = skip_comment(s, i);
    } else if (c == '<') {
      std::size_t end = skip_angle(s, i);
      std::string_view inner = trim(s.substr(i + 1, end - i - 1));
      if (!inner.empty() && inner.front() == '@') {
        std::size_t colon = inner.find(':');
        inner = colon == std::string_view::npos ? std::string_view() : inner.substr(colon + 1);
      }
      count += count_address_ats(inner);
      i = end;
    } else {
      if (c == '@') ++count;
      ++i;
    }
  }
  return count;
}

struct Segment {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string group;         // raw group phrase, empty outside groups
  bool comma_after = false;  // the separator after it is ',' (not ';' or the end)
  bool has_at = false;
  bool has_angle = false;
  bool blank = true;  // only whitespace and comments
};

// Splits at top-level ',' and ';', and recognises "group-name:" ... ";".
std::vector<Segment> split_entries(std::string_view s) {
  std::vector<Segment> segments;
  Segment current;
  bool in_group = false;
  auto finish = [&](std::size_t end, bool comma) {
    current.end = end;
    current.comma_after = comma;
    segments.push_back(current);
    current = Segment();
    current.begin = end + 1;
    if (in_group) current.group = segments.back().group;
  };
  for (std::size_t i = 0; i < s.size();) {
    char c = s[i];
    if (c == '"') {
      current.blank = false;
      i = skip_quoted(s, i);
    } else if (c == '(') {
      i = skip_comment(s, i);
    } else if (c == '<') {
      current.blank = false;
      current.has_angle = true;
      i = skip_angle(s, i);
    } else if (c == '=' && i + 1 < s.size() && s[i + 1] == '?') {
      current.blank = false;
      std::size_t end = mail::encoded_word_end(s, i);
      i = end == std::string_view::npos ? i + 1 : end;
    } else if (c == ',') {
      finish(i, true);
      ++i;
    } else if (c == ';') {
      finish(i, false);
      in_group = false;
      current.group.clear();
      ++i;
    } else if (c == ':' && !in_group && !current.has_at && !current.has_angle) {
      std::string_view name = trim(s.substr(current.begin, i - current.begin));
      in_group = true;
      current = Segment();
      current.begin = i + 1;
      // A nameless group is still a group; keep a marker so its members are not orphans.
      current.group = name.empty() ? std::string(" ") : std::string(name);
      ++i;
    } else {
      if (c == '@') current.has_at = true;
      if (!is_space(c)) current.blank = false;
      ++i;
    }
  }
  current.end = s.size();
  segments.push_back(current);
  return segments;
}

// GMime passes raw 8-bit bytes through as they are when none of its fallback charsets converts
// the whole text; names and decoded text go into JSON replies and the history as UTF-8, so such
// bytes become U+FFFD (found by fuzz/address_list).
std::string valid_utf8(std::string text) {
  if (g_utf8_validate(text.data(), static_cast<gssize>(text.size()), nullptr)) return text;
  return mail::take_string(g_utf8_make_valid(text.data(), static_cast<gssize>(text.size())));
}

// Removes quotes and backslash escapes from a phrase and decodes its encoded words.
std::string decode_phrase(std::string_view raw) {
  std::string unquoted;
  unquoted.reserve(raw.size());
  raw = trim(raw);
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '"') continue;
    if (raw[i] == '\\' && i + 1 < raw.size()) ++i;
    unquoted.push_back(raw[i]);
  }
  std::string decoded =
      mail::take_string(g_mime_utils_header_decode_text(mail::parser_options(), unquoted.c_str()));
  return valid_utf8(std::string(trim(decoded)));
}

bool has_unquoted(std::string_view s, std::string_view chars) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '"') {
      i = skip_quoted(s, i) - 1;
    } else if (chars.find(s[i]) != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

bool starts_with_ignore_case(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && mail::equals_ignore_case(s.substr(0, prefix.size()), prefix);
}

// Fills kind, local_part and domain from mailbox->address.
void classify(Mailbox* mailbox) {
  const std::string& address = mailbox->address;
  bool split = split_addr_spec(address, &mailbox->local_part, &mailbox->domain);
  if (starts_with_ignore_case(address, "/o=") || starts_with_ignore_case(address, "IMCEAEX-")) {
    mailbox->kind = MailboxKind::kX500;
  } else if (!split) {
    mailbox->kind = MailboxKind::kNoDomain;
  } else if (mailbox->local_part.empty() || mailbox->domain.empty() ||
             has_unquoted(mailbox->local_part, "@ \t<>()[],;:\\") ||
             (mailbox->domain.front() != '[' &&
              mailbox->domain.find_first_of("@ \t<>()[],;:\\\"") != std::string::npos)) {
    mailbox->kind = MailboxKind::kMalformed;
  } else {
    mailbox->kind = MailboxKind::kOk;
  }
}

// An address that is only an encoded word (a bare name typed into To) is shown decoded.
std::string readable_address(std::string_view address) {
  if (address.find("=?") != std::string_view::npos && address.find('@') == std::string_view::npos) {
    return decode_phrase(address);
  }
  return std::string(trim(address));
}

// Builds the entry from the raw text when GMime could not (or lost an address on the way).
void fallback_entry(std::string_view raw, const std::string& group, std::vector<Mailbox>* out) {
  Mailbox mailbox;
  mailbox.group = group;
  std::size_t lt = std::string_view::npos;
  for (std::size_t i = 0; i < raw.size();) {
    if (raw[i] == '"') {
      i = skip_quoted(raw, i);
    } else if (raw[i] == '(') {
      i = skip_comment(raw, i);
    } else if (raw[i] == '<') {
      lt = i;
      break;
    } else {
      ++i;
    }
  }
  if (lt != std::string_view::npos) {
    std::size_t end = skip_angle(raw, lt);
    std::string_view inner = raw.substr(lt + 1, end - lt - 1);
    if (!inner.empty() && inner.back() == '>') inner.remove_suffix(1);
    mailbox.display_name = decode_phrase(raw.substr(0, lt));
    mailbox.address = readable_address(inner);
    if (mailbox.address.empty()) mailbox.address = mailbox.display_name;
  } else {
    mailbox.address = readable_address(raw);
  }
  if (mailbox.address.empty()) return;  // "<>" alone: nothing was there to keep
  classify(&mailbox);
  out->push_back(std::move(mailbox));
}

void collect(InternetAddressList* list, const std::string& group, std::vector<Mailbox>* out) {
  int length = internet_address_list_length(list);
  for (int i = 0; i < length; ++i) {
    InternetAddress* address = internet_address_list_get_address(list, i);
    const char* name = internet_address_get_name(address);
    if (INTERNET_ADDRESS_IS_GROUP(address)) {
      std::string inner = group.empty() && name != nullptr ? std::string(name) : group;
      collect(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(address)), inner, out);
      continue;
    }
    const char* addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(address));
    Mailbox mailbox;
    mailbox.display_name = valid_utf8(std::string(trim(name != nullptr ? name : "")));
    mailbox.address = readable_address(addr != nullptr ? addr : "");
    if (mailbox.address.empty()) mailbox.address = mailbox.display_name;
    if (mailbox.address.empty()) continue;
    mailbox.group = group;
    classify(&mailbox);
    out->push_back(std::move(mailbox));
  }
}

// True for an entry without an angle-addr whose text, comments left out, has white space after
// the word holding the '@': "taro@exa mple..jp". GMime keeps only the first word of it, which
// would turn a malformed entry into a plausible-looking address. A phrase before a final
// addr-spec ("Taro Yamada taro@x.jp", pasted without brackets) is left to GMime.
bool bare_entry_with_inner_space(std::string_view raw) {
  std::string kept;
  for (std::size_t i = 0; i < raw.size();) {
    if (raw[i] == '"') {
      std::size_t end = skip_quoted(raw, i);
      kept.append(raw.substr(i, end - i));
      i = end;
    } else if (raw[i] == '(') {
      i = skip_comment(raw, i);
      kept.push_back(' ');
    } else if (raw[i] == '<') {
      return false;
    } else {
      kept.push_back(raw[i++]);
    }
  }
  std::string_view text = trim(kept);
  std::size_t last_space = text.find_last_of(" \t");
  if (last_space == std::string_view::npos) return false;
  // The '@' word is not the last word, or several words hold one.
  return text.substr(last_space + 1).find('@') == std::string_view::npos ||
         text.substr(0, last_space).find('@') != std::string_view::npos;
}

void parse_entry(std::string_view raw, const std::string& group, std::vector<Mailbox>* out) {
  if (bare_entry_with_inner_space(raw) && count_address_ats(raw) > 0) {
    fallback_entry(trim(raw), group, out);
    return;
  }
  std::string text(raw);
  GObjectPtr<InternetAddressList> list(
      internet_address_list_parse(mail::parser_options(), text.c_str()));
  std::vector<Mailbox> parsed;
  if (list) collect(list.get(), group, &parsed);
  int gmime_ats = 0;
  for (const Mailbox& mailbox : parsed) gmime_ats += count_address_ats(mailbox.address);
  if (parsed.empty() || gmime_ats < count_address_ats(raw)) {
    fallback_entry(raw, group, out);
    return;
  }
  for (Mailbox& mailbox : parsed) out->push_back(std::move(mailbox));
}

}  // namespace

std::string decode_header_text(std::string_view raw) {
  std::string repaired = mail::repair_japanese_words(raw);
  std::string decoded =
      mail::take_string(g_mime_utils_header_decode_text(mail::parser_options(), repaired.c_str()));
  return valid_utf8(std::string(trim(decoded)));
}

std::vector<Mailbox> parse_address_list(std::string_view header_value) {
  std::vector<Mailbox> result;
  if (trim(header_value).empty()) return result;
  std::string text = mail::repair_japanese_words(header_value);
  std::vector<Segment> segments = split_entries(text);
  std::string group_name;
  std::string group_raw;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (segments[i].blank) continue;
    // "Doe, Jane T - Springfield <jane.doe@example.com>": a bare phrase followed, across commas,
    // by an angle-addr is one display name with unquoted commas, not a recipient of its own.
    std::size_t last = i;
    while (!segments[last].has_at && !segments[last].has_angle && segments[last].comma_after &&
           last + 1 < segments.size() && segments[last + 1].group == segments[i].group &&
           !segments[last + 1].has_at) {
      ++last;
    }
    if (last == i || !segments[last].has_angle) last = i;
    const Segment& first = segments[i];
    if (first.group != group_raw) {
      group_raw = first.group;
      group_name = group_raw == " " ? std::string() : decode_phrase(group_raw);
    }
    std::string_view raw(text.data() + first.begin, segments[last].end - first.begin);
    parse_entry(raw, group_name, &result);
    i = last;
  }
  return result;
}

}  // namespace sendcheck
