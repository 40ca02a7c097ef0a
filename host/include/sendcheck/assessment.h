// sendcheck/assessment.h — the check itself: a draft, the settings and the history in, the
// confirmation payload (payload.h) out.
//
// assess() is pure: it reads the history only through HistoryReader point lookups (cost per
// recipient does not grow with the history) and does no other I/O. Thread-safe for distinct
// arguments; the reader must not be shared between threads.
#ifndef SENDCHECK_ASSESSMENT_H_
#define SENDCHECK_ASSESSMENT_H_

#include "sendcheck/draft.h"
#include "sendcheck/history.h"
#include "sendcheck/messages.h"
#include "sendcheck/payload.h"
#include "sendcheck/settings.h"

namespace sendcheck {

struct AssessOptions {
  Locale locale = Locale::kEn;
};

Payload assess(const Draft& draft, const Settings& settings, const HistoryReader& history,
               const AssessOptions& options);

}  // namespace sendcheck

#endif  // SENDCHECK_ASSESSMENT_H_
