// Drafts, contexts and warning codes shared by the tests of core/body/.
#ifndef SENDCHECK_TESTS_UNIT_CORE_BODY_BODY_TEST_SUPPORT_H_
#define SENDCHECK_TESTS_UNIT_CORE_BODY_BODY_TEST_SUPPORT_H_

#include <string>
#include <utility>
#include <vector>

#include "core/body/body_checks.h"
#include "sendcheck/settings.h"
#include "test_support.h"

namespace sendcheck::body_test {

inline BodyCheckContext base_context() {
  BodyCheckContext context;
  context.locale = Locale::kEn;
  context.attachment_words = Settings{}.attachment_words;
  return context;
}

inline Draft draft_with(const std::string& body, const std::string& subject = "") {
  Draft draft;
  draft.body = body;
  draft.subject = subject;
  return draft;
}

inline AddresseeNames addressee(const std::string& address, std::vector<std::string> names,
                                std::vector<std::string> organisations) {
  AddresseeNames a;
  a.address = address;
  a.names = std::move(names);
  a.organisations = std::move(organisations);
  return a;
}

inline std::vector<std::string> codes(const std::vector<Warning>& warnings) {
  std::vector<std::string> out;
  out.reserve(warnings.size());
  for (const Warning& w : warnings) out.push_back(w.code);
  return out;
}

inline std::string body_fixture(const std::string& name) {
  return testing::read_file(testing::data_path("body/" + name));
}

// To suzuki@partner-b.example.jp, 鈴木 一郎 of partner-b.
inline BodyCheckContext partner_b_context() {
  BodyCheckContext context = base_context();
  context.to = {addressee("suzuki@partner-b.example.jp", {"鈴木 一郎"}, {"partner-b"})};
  return context;
}

}  // namespace sendcheck::body_test

#endif  // SENDCHECK_TESTS_UNIT_CORE_BODY_BODY_TEST_SUPPORT_H_
