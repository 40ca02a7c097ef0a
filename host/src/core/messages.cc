// The catalogue of user-facing texts, formatted with ICU MessageFormat.
//
// Patterns use named arguments; plural forms follow CLDR rules for the locale (Japanese has one
// form, English two). Apostrophes are avoided in patterns because ICU treats them as quotes.
#include "sendcheck/messages.h"

#include <unicode/locid.h>
#include <unicode/msgfmt.h>
#include <unicode/unistr.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <vector>

namespace sendcheck {
namespace {

struct Entry {
  std::string_view code;
  std::string_view en;
  std::string_view ja;
};

// Keys are the stable codes of docs/protocol.md. Keep both languages for every key (a test
// checks it).
constexpr std::array kCatalogue = {
    // Recipient classes.
    Entry{"internal", "Inside your organisation ({domain}).", "社内のアドレスです（{domain}）。"},
    Entry{"external", "Outside your organisation ({domain}).", "社外のアドレスです（{domain}）。"},
    Entry{"trusted", "A trusted partner domain ({domain}).",
          "信頼済みの取引先ドメインです（{domain}）。"},
    Entry{"freemail", "A free-mail or mobile-carrier address: a private person, not a company.",
          "フリーメールまたは携帯キャリアのアドレスです。会社ではなく個人宛ての可能性があります。"},
    Entry{"allowlisted", "In your allowlist.", "許可リストに登録されている宛先です。"},
    // Recipient flags.
    Entry{"first-time", "You have never sent mail to this address.",
          "このアドレスへの送信は初めてです。"},
    Entry{"first-time-domain", "You have never sent mail to anyone at {domain}.",
          "{domain} のアドレスへの送信は初めてです。"},
    Entry{"sub-address", "The same mailbox as {similarTo}, which you have written to.",
          "送信したことのある {similarTo} と同じメールボックス（サブアドレス付き）です。"},
    Entry{
        "lookalike",
        "{scopeKey, select, domain {The domain looks like {similarDomain}, where you have written "
        "to {similarTo}. Is this a typo?} other {Looks like {similarTo}, which you have written "
        "to. Is this a typo?}}",
        "{scopeKey, select, domain {ドメインが、送信したことのある {similarDomain}（{similarTo}）に"
        "よく似ています。打ち間違いではありませんか。} other {送信したことのある {similarTo} "
        "によく似ています。打ち間違いではありませんか。}}"},
    Entry{"unusual-combination",
          "You have never sent mail to this address together with the other recipients.",
          "この宛先を他の宛先と一緒に送信したことはありません。"},
    Entry{"wrong-recipient",
          "{reasonKey, select, greeting {This message greets {name}, whom you write to at "
          "{similarTo}; it is addressed to {address}.} co_recipients {You write to {similarTo} "
          "with these recipients, never to {address}. Did autocomplete pick the wrong "
          "contact?} thread {This thread is with {similarTo}; {address} has never been in it.} "
          "other {This message is about what you write to {similarTo}, not what you write to "
          "{address}. Did autocomplete pick the wrong contact?}}",
          "{reasonKey, select, greeting {本文の宛名「{name}」は、いつも {similarTo} "
          "宛てのメールで使っている呼び方です。宛先は {address} になっています。} co_recipients "
          "{この宛先の組み合わせでは、いつも {address} ではなく {similarTo} に送っています。"
          "自動補完で別の人を選んでいませんか。} thread {このスレッドのやり取りは {similarTo} "
          "とのものです。{address} はこのスレッドに一度も含まれていません。} other "
          "{この内容のメールは、いつも {address} ではなく {similarTo} に送っています。"
          "自動補完で別の人を選んでいませんか。}}"},
    Entry{"new-in-thread", "Not among the participants of the message you are replying to.",
          "返信元のメールの参加者に含まれていない宛先です。"},
    Entry{"blocked", "Sending to this address is not allowed ({rule}).",
          "この宛先への送信は禁止されています（{rule}）。"},
    Entry{"unverifiable",
          "{kindKey, select, x500 {An Exchange internal address ({address}): where it goes cannot "
          "be checked.} single_label {Not a complete address ({address}): the domain has no "
          "dot.} other {Not a complete address ({address}): it may be a list that was not "
          "expanded.}}",
          "{kindKey, select, x500 {Exchange "
          "の内部アドレスです（{address}）。送信先を確認できません。}"
          " single_label {完全なメールアドレスではありません（{address}）。ドメインに「.」が"
          "ありません。} other {完全なメールアドレスではありません（{address}）。展開されていない"
          "アドレス帳のリストの可能性があります。}}"},
    Entry{"malformed", "This address is not valid: {address}.",
          "正しい形式のアドレスではありません：{address}"},
    // Attachment flags.
    Entry{
        "dangerous-type",
        "{sourceKey, select, zip_entry {{count, plural, one {The archive contains a file that "
        "can run code: {entry}.} other {The archive contains # files that can run code: "
        "{entry}.}}} other {A file type that can run code ({extension}).}}",
        "{sourceKey, select, zip_entry {{count, plural, =1 {ZIPの中に実行可能なファイル「{entry}」"
        "が含まれています。} other {ZIPの中に実行可能なファイルが {count} 件含まれています（"
        "{entry}）。}}} other {実行可能なファイル形式です（{extension}）。}}"},
    Entry{"double-extension", "The name has two extensions and may hide its real type.",
          "拡張子が二重になっており、本当の形式が隠れている可能性があります。"},
    Entry{"bidi-control", "The name contains invisible characters that reverse text direction.",
          "ファイル名に文字の向きを反転させる不可視の文字が含まれています。"},
    Entry{"type-mismatch", "The content does not match the extension ({extension}).",
          "ファイルの中身が拡張子（{extension}）と一致しません。"},
    Entry{"encrypted-archive", "An encrypted archive: the recipient needs the password.",
          "暗号化された圧縮ファイルです。"},
    Entry{"sensitive-name", "The name contains a sensitive word ({word}).",
          "ファイル名に注意が必要な語（{word}）が含まれています。"},
    Entry{"names-other-party", "The name mentions {party}, which is not among the recipients.",
          "ファイル名に宛先以外の相手（{party}）が含まれています。"},
    Entry{"large", "A large file ({size} bytes).", "大きなファイルです（{size} バイト）。"},
    Entry{"personal-data",
          "Contains what looks like personal data: {kindKey, select, card_number {card numbers} "
          "my_number {My Number (individual numbers)} email_addresses {e-mail addresses} "
          "phone_numbers {phone numbers} other {{kind}}} ({count}).",
          "個人情報と思われる内容が含まれています：{kindKey, select, card_number "
          "{クレジットカード番号}"
          " my_number {マイナンバー（個人番号）} email_addresses {メールアドレス} phone_numbers "
          "{電話番号} other {{kind}}}（{count} 件）。"},
    // Warnings.
    Entry{"many-recipients",
          "{count, plural, one {# recipient} other {# recipients}} in To, Cc and Bcc "
          "(more than {threshold}).",
          "宛先が To・Cc・Bcc 合わせて {count} 件あります（{threshold} 件を超えています）。"},
    Entry{"bcc-suggested",
          "External recipients from {count} organisations can see each other. Use Bcc?",
          "{count} 社の社外の宛先が互いに見えます。Bcc に移しますか。"},
    Entry{"forgotten-attachment", "The message mentions an attachment, but nothing is attached.",
          "本文で添付に触れていますが、ファイルが添付されていません。"},
    Entry{"salutation-mismatch", "The message is addressed to {name}, who is not a recipient.",
          "本文の宛名（{name}）が宛先に含まれていません。"},
    Entry{"keyword",
          "{targetKey, select, subject {The subject contains {keyword}.} body {The message text "
          "contains {keyword}.} domain {A recipient matches {keyword}.} address {A recipient "
          "matches {keyword}.} attachment_name {An attachment name matches {keyword}.} other "
          "{The message contains {keyword}.}}",
          "{targetKey, select, subject {件名に「{keyword}」が含まれています。} body {本文に"
          "「{keyword}」が含まれています。} domain {宛先が「{keyword}」に該当します。} address "
          "{宛先が「{keyword}」に該当します。} attachment_name {添付ファイル名が「{keyword}」に"
          "該当します。} other {メールに「{keyword}」が含まれています。}}"},
    Entry{"policy-block", "Your organisation does not allow this message: {reason}.",
          "組織のポリシーによりこのメールは送信できません：{reason}"},
    Entry{"no-recipients", "The message has no recipients.", "宛先がありません。"},
    Entry{"recipients-summarised",
          "{omitted, plural, one {# recipient is} other {# recipients are}} counted per domain "
          "instead of listed.",
          "宛先のうち {omitted} 件は一覧に表示せず、ドメインごとの件数で示しています。"},
};

const Entry* find_entry(std::string_view code) {
  for (const Entry& entry : kCatalogue) {
    if (entry.code == code) return &entry;
  }
  return nullptr;
}

icu::UnicodeString to_unicode(std::string_view s) {
  return icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
}

icu::Formattable to_formattable(const nlohmann::json& value) {
  if (value.is_number_integer()) return icu::Formattable(value.get<int64_t>());
  if (value.is_number()) return icu::Formattable(value.get<double>());
  if (value.is_string()) return icu::Formattable(to_unicode(value.get<std::string>()));
  if (value.is_array()) {
    std::string joined;
    for (const auto& item : value) {
      if (!joined.empty()) joined += ", ";
      joined += item.is_string() ? item.get<std::string>() : item.dump();
    }
    return icu::Formattable(to_unicode(joined));
  }
  return icu::Formattable(to_unicode(value.dump()));
}

}  // namespace

Locale parse_locale(std::string_view tag) {
  if (tag.size() >= 2 && (tag[0] == 'j' || tag[0] == 'J') && (tag[1] == 'a' || tag[1] == 'A') &&
      (tag.size() == 2 || tag[2] == '-' || tag[2] == '_' || tag[2] == '.')) {
    return Locale::kJa;
  }
  return Locale::kEn;
}

std::string_view locale_tag(Locale locale) { return locale == Locale::kJa ? "ja" : "en"; }

bool has_message(std::string_view code, Locale locale) {
  const Entry* entry = find_entry(code);
  return entry != nullptr && !(locale == Locale::kJa ? entry->ja : entry->en).empty();
}

std::string format_message(std::string_view code, const nlohmann::json& params, Locale locale) {
  const Entry* entry = find_entry(code);
  if (entry == nullptr) return std::string(code);
  std::string_view pattern = locale == Locale::kJa ? entry->ja : entry->en;
  UErrorCode status = U_ZERO_ERROR;
  icu::MessageFormat format(to_unicode(pattern),
                            icu::Locale(std::string(locale_tag(locale)).c_str()), status);
  if (U_FAILURE(status)) return std::string(code);
  std::vector<icu::UnicodeString> names;
  std::vector<icu::Formattable> values;
  if (params.is_object()) {
    for (const auto& [key, value] : params.items()) {
      names.push_back(to_unicode(key));
      values.push_back(to_formattable(value));
      // ICU select keywords cannot contain '-' (Pattern_Syntax), and codes do: every string
      // argument is also given as <name>Key with '_' for '-', which the patterns select on.
      if (value.is_string()) {
        std::string keyword = value.get<std::string>();
        std::replace(keyword.begin(), keyword.end(), '-', '_');
        names.push_back(to_unicode(key + "Key"));
        values.push_back(icu::Formattable(to_unicode(keyword)));
      }
    }
  }
  icu::UnicodeString result;
  format.format(names.data(), values.data(), static_cast<int32_t>(names.size()), result, status);
  if (U_FAILURE(status)) return std::string(code);
  std::string out;
  result.toUTF8String(out);
  return out;
}

}  // namespace sendcheck
