// The per-connection state of the dispatcher: lazy history, settings, clock.
#include "transport/dispatch/context.h"

#include <chrono>
#include <filesystem>
#include <new>
#include <system_error>
#include <utility>

#include "sendcheck/error.h"
#include "store/history_path.h"
#include "store/history_store.h"

namespace sendcheck::transport {

Context::Context(DispatchOptions options) : options_(std::move(options)) {}
Context::~Context() {
  // Work left for after a reply is not lost when its transport stops early.
  try {
    run_after_reply();
  } catch (...) {  // NOLINT(bugprone-empty-catch): nothing to report to in a destructor
  }
}

std::int64_t Context::now() const {
  if (options_.now) return options_.now();
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

const std::string& Context::history_path() {
  if (resolved_history_path_.empty()) {
    resolved_history_path_ =
        options_.history_path.empty() ? default_history_path() : options_.history_path;
  }
  return resolved_history_path_;
}

HistoryStore* Context::history_for_reading() {
  if (store_) return store_.get();
  const std::string& path = history_path();
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return nullptr;
  try {
    store_ = HistoryStore::open_read_only(path);
    writable_ = false;
  } catch (const Error& e) {
    // An empty file (one another process is creating right now, or a left-over) cannot be read
    // as it is: open it for writing once, which initialises it under the write lock.
    if (e.code() != "history.open-failed") throw;
    store_ = HistoryStore::open(path);
    writable_ = true;
  }
  return store_.get();
}

HistoryStore& Context::history_for_writing() {
  if (store_ && writable_) return *store_;
  store_.reset();
  store_ = HistoryStore::open(history_path());
  writable_ = true;
  return *store_;
}

void Context::close_history() {
  store_.reset();
  writable_ = false;
}

SettingsLayers Context::settings_layers() const {
  return load_settings_layers(options_.policy_path, options_.config_path);
}

SettingsLayers Context::policy_layer() const { return load_policy_layer(options_.policy_path); }

std::string Context::config_path() const {
  return options_.config_path.empty() ? default_config_path() : options_.config_path;
}

void Context::note(const std::string& text) {
  if (!note_.empty()) note_ += "; ";
  note_ += text;
}

void Context::after_reply(std::function<void()> work) { after_reply_.push_back(std::move(work)); }

void Context::run_after_reply() {
  std::vector<std::function<void()>> pending;
  pending.swap(after_reply_);
  for (std::function<void()>& work : pending) {
    try {
      work();
    } catch (const std::bad_alloc&) {
      throw;
    } catch (const std::exception& e) {
      note(std::string("after reply: ") + e.what());
    }
  }
}

std::string Context::take_note() {
  std::string out = std::move(note_);
  note_.clear();
  return out;
}

}  // namespace sendcheck::transport
