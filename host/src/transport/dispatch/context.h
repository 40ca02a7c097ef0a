// transport/dispatch/context.h — what the request handlers share within one connection: where
// the files are, the clock, and the history database, opened lazily.
//
// The history is opened on the first request that needs it, never at start-up (Thunderbird
// starts one host process per message): read-only while only reads were needed and the file
// exists, read-write (creating the file, mode 0600) from the first write on. A file of an older
// schema is read as it is and migrated by the first write. Settings and the team policy are read
// again for every request that needs them, so a change made elsewhere (CLI, options page) is seen
// at once.
//
// Work a reply does not depend on (the audit entry of a check) can be left for after the reply
// (after_reply): the user is not waiting for it any more.
//
// Thread-safety: one Context per connection, used by one thread.
#ifndef SENDCHECK_TRANSPORT_DISPATCH_CONTEXT_H_
#define SENDCHECK_TRANSPORT_DISPATCH_CONTEXT_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "policy/policy.h"
#include "store/history_store.h"

namespace sendcheck::transport {

// Native messaging: Thunderbird refuses messages from a host over 1 MiB.
inline constexpr std::size_t kMaxReplyBytes = 1024 * 1024 - 1;

struct DispatchOptions {
  // The history database; "" = default_history_path() ($SENDCHECK_DB, else the per-user data
  // folder), resolved on first use.
  std::string history_path;
  // The team policy and the user settings; "" = the defaults of policy.h ($SENDCHECK_POLICY,
  // $SENDCHECK_CONFIG, ...; a missing default user file means "no settings yet").
  std::string policy_path;
  std::string config_path;
  // A serialised reply never exceeds this many bytes (larger results are summarised or refused
  // with "reply.too-large").
  std::size_t max_reply_bytes = kMaxReplyBytes;
  // Unix seconds; the system clock when empty (tests pass a fixed clock).
  std::function<std::int64_t()> now;
};

class Context {
 public:
  explicit Context(DispatchOptions options);
  ~Context();
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  const DispatchOptions& options() const { return options_; }
  std::int64_t now() const;

  // The history path (throws Error "history.no-home" when none can be found).
  const std::string& history_path();
  // The open history for reading, or nullptr when no history file exists yet (the caller then
  // reads an EmptyHistory). Opens the file read-only when nothing is open (an empty file is
  // initialised by opening it read-write). Throws Error "history.*".
  HistoryStore* history_for_reading();
  // The history for writing, created when missing. Throws Error "history.*".
  HistoryStore& history_for_writing();
  // Closes the history (an open batch is rolled back). The next use opens it again.
  void close_history();
  // True when a history connection is open (for tests: hello must not open it).
  bool history_is_open() const { return store_ != nullptr; }

  // Both settings layers / the policy layer alone, as policy.h reads them. Throws its Errors.
  SettingsLayers settings_layers() const;
  SettingsLayers policy_layer() const;
  // The user settings file settings.set writes ("" when no place is known).
  std::string config_path() const;

  // Bytes the `result` of the current reply may take (set by the dispatcher from the request's
  // id before a handler runs).
  std::size_t result_budget() const { return result_budget_; }
  void set_result_budget(std::size_t bytes) { result_budget_ = bytes; }

  // A remark for the host log about the current request ("audit: history.busy"): a code, never
  // request content. The dispatcher takes it after each request.
  void note(const std::string& text);
  std::string take_note();

  // Leaves `work` for after the current reply has been sent. The Dispatcher runs it at the end
  // of the request, or, when its transport sends the reply first
  // (Dispatcher::defer_work_after_reply), in Dispatcher::finish_request; in any case before the
  // next request is handled and, at the latest, when the Context is destroyed. `work` reports
  // its own failures with note(); an exception it lets through is noted as
  // "after reply: <what>", never thrown.
  void after_reply(std::function<void()> work);
  // Runs the work left by after_reply, in order, and forgets it (throws only std::bad_alloc).
  void run_after_reply();

 private:
  DispatchOptions options_;
  std::string resolved_history_path_;
  std::unique_ptr<HistoryStore> store_;
  bool writable_ = false;
  std::size_t result_budget_ = kMaxReplyBytes;
  std::string note_;
  std::vector<std::function<void()>> after_reply_;
};

}  // namespace sendcheck::transport

#endif  // SENDCHECK_TRANSPORT_DISPATCH_CONTEXT_H_
