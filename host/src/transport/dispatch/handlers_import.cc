// import-history: a batch of sent-message headers from the add-on's walk of the Sent folders,
// learned like `sendcheck import` learns mail files (engine/import.h).
#include "engine/import.h"
#include "mail/address_list.h"
#include "sendcheck/address.h"
#include "sendcheck/error.h"
#include "store/history_store.h"
#include "transport/dispatch/handlers.h"
#include "transport/dispatch/request.h"

namespace sendcheck::transport {
namespace {

SentMessage read_message(const json& item, const std::string& path) {
  if (!item.is_object()) throw Error("request.bad-field", path + ": expected an object");
  SentMessage message;
  message.message_id = optional_string(item, "messageId", path).value_or("");
  message.date = optional_integer(item, "date", path).value_or(0);
  // Optional, for the wrong-recipient features: reduced to greeting keys and hashes by add_sent.
  message.subject = optional_string(item, "subject", path).value_or("");
  message.body = optional_string(item, "body", path).value_or("");
  message.in_reply_to = optional_string(item, "inReplyTo", path).value_or("");
  message.references = optional_string_list(item, "references", path);
  if (std::optional<std::string> from = optional_string(item, "from", path)) {
    message.from = parse_address_list(*from);
  }
  for (auto [key, field] :
       {std::pair{"to", Field::kTo}, std::pair{"cc", Field::kCc}, std::pair{"bcc", Field::kBcc}}) {
    for (const std::string& header : optional_string_list(item, key, path)) {
      for (Mailbox& mailbox : parse_address_list(header)) {
        message.recipients.push_back(DraftRecipient{field, std::move(mailbox)});
      }
    }
  }
  return message;
}

}  // namespace

json handle_import_history(Context& context, const json& request) {
  const json& messages = required_field(request, "messages");
  if (!messages.is_array()) throw Error("request.bad-field", "messages: expected an array");
  std::vector<std::string> self = optional_string_list(request, "self");

  // Every message is read before the database is touched: a malformed one refuses the batch.
  std::vector<SentMessage> parsed;
  parsed.reserve(messages.size());
  for (std::size_t i = 0; i < messages.size(); ++i) {
    parsed.push_back(read_message(messages[i], "messages[" + std::to_string(i) + "]"));
  }

  ImportSummary summary;
  if (!parsed.empty() || !self.empty()) {
    HistoryStore& store = context.history_for_writing();
    try {
      // The whole request is one transaction.
      summary = engine::import_messages(store, self, parsed);
    } catch (...) {
      context.close_history();  // rolls an open batch back
      throw;
    }
  }
  json skipped = json::object();
  for (const auto& [reason, count] : summary.skipped) skipped[reason] = count;
  return json{{"read", summary.messages_read},
              {"added", summary.messages_added},
              {"alreadyImported", summary.already_imported},
              {"skipped", std::move(skipped)},
              {"self", summary.self}};
}

}  // namespace sendcheck::transport
