// sendcheck/error.h — the one exception type the engine throws.
//
// Every failure that reaches a user carries a stable, kebab-case `code` (documented in
// docs/protocol.md, e.g. "draft.invalid-json", "history.open-failed") and an English `what()`
// that names the problem without quoting message bodies. Callers map codes to exit statuses or
// protocol errors; they never parse `what()`.
#ifndef SENDCHECK_ERROR_H_
#define SENDCHECK_ERROR_H_

#include <stdexcept>
#include <string>

namespace sendcheck {

class Error : public std::runtime_error {
 public:
  Error(std::string code, const std::string& message)
      : std::runtime_error(message), code_(std::move(code)) {}
  // Stable machine-readable code, e.g. "draft.missing-field".
  const std::string& code() const noexcept { return code_; }

 private:
  std::string code_;
};

}  // namespace sendcheck

#endif  // SENDCHECK_ERROR_H_
