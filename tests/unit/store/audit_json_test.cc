// The one JSON shape of an audit entry (store/audit_json.h, docs/protocol.md "audit.query").
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include "store/audit_json.h"
#include "store/history_store.h"

namespace sendcheck {
namespace {

using nlohmann::json;

BOOST_AUTO_TEST_SUITE(audit_json_test)

BOOST_AUTO_TEST_CASE(a_full_entry_has_the_documented_shape) {
  AuditEntry entry;
  entry.time = 1717000042;
  entry.action = "sent";
  entry.verdict = "confirm";
  entry.recipient_count = 2;
  entry.recipients = {{"suzuki@partner.example", "external"}};
  entry.attachments = {{"見積書.pdf", 120345, std::string(64, 'a')}, {"memo.txt", 5, ""}};
  entry.warnings = {"forgotten-attachment", "personal-data"};
  entry.personal_data = {{"my-number", 2}};
  entry.message_id = "m1@example.co.jp";
  entry.fingerprint = std::string(64, 'b');  // not part of the shape
  entry.id = 7;                              // not part of the shape
  json expected = json::parse(R"({
    "time": 1717000042, "action": "sent", "verdict": "confirm", "recipientCount": 2,
    "recipients": [{"address": "suzuki@partner.example", "class": "external"}],
    "attachments": [{"name": "見積書.pdf", "size": 120345,
                     "sha256": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
                    {"name": "memo.txt", "size": 5}],
    "warnings": ["forgotten-attachment", "personal-data"],
    "personalData": [{"kind": "my-number", "count": 2}],
    "messageId": "m1@example.co.jp"})");
  BOOST_TEST(store::audit_entry_json(entry) == expected, store::audit_entry_json(entry).dump(2));
}

BOOST_AUTO_TEST_CASE(what_is_not_known_is_absent) {
  AuditEntry entry;
  entry.time = 1;
  entry.action = "checked";
  entry.verdict = "send";
  json expected = json::parse(R"({"time": 1, "action": "checked", "verdict": "send",
    "recipientCount": 0, "recipients": [], "attachments": [], "warnings": []})");
  BOOST_TEST(store::audit_entry_json(entry) == expected, store::audit_entry_json(entry).dump(2));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace sendcheck
