// The native host's loop: frames in, one reply frame out per request, in order.
#include "transport/native/host_loop.h"

#include <cerrno>
#include <chrono>
#include <system_error>

namespace sendcheck::transport::native {
namespace {

using Clock = std::chrono::steady_clock;

double milliseconds_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::string too_large_message(const Frame& frame, const FrameLimits& limits, bool closing) {
  std::string text = "the message of " + std::to_string(frame.declared) +
                     " bytes is over the limit of " + std::to_string(limits.max_frame) + " bytes";
  if (closing) text += "; closing the connection";
  return text;
}

}  // namespace

int run_host_loop(ByteSource& in, ByteSink& out, Dispatcher& dispatcher, HostLog& log,
                  const FrameLimits& limits) {
  // The loop sends each reply before the work left for after it (finish_request below); the
  // dispatcher goes back to doing that work itself when the loop returns.
  struct DeferWhileServing {
    Dispatcher& dispatcher;
    explicit DeferWhileServing(Dispatcher& d) : dispatcher(d) {
      dispatcher.defer_work_after_reply(true);
    }
    ~DeferWhileServing() { dispatcher.defer_work_after_reply(false); }
    DeferWhileServing(const DeferWhileServing&) = delete;
    DeferWhileServing& operator=(const DeferWhileServing&) = delete;
  } defer(dispatcher);
  FrameReader reader(in, limits);
  for (;;) {
    Frame frame;
    try {
      frame = reader.next();
    } catch (const std::system_error& e) {
      log.line(std::string("stop: cannot read requests: ") + e.what());
      return 1;
    }
    const auto start = Clock::now();
    std::string reply;
    RequestInfo info;
    bool stop_after_reply = false;
    switch (frame.status) {
      case FrameStatus::kEnd:
        log.line("stop: end of input");
        return 0;
      case FrameStatus::kTruncated:
        log.line("stop: input ended inside a frame (" + std::to_string(frame.received) + " of " +
                 std::to_string(frame.declared) + " bytes); no reply possible");
        return 0;
      case FrameStatus::kTooLarge:
      case FrameStatus::kAbsurd:
        stop_after_reply = frame.status == FrameStatus::kAbsurd;
        info.code = "frame.too-large";
        reply = Dispatcher::error_reply(nullptr, info.code,
                                        too_large_message(frame, limits, stop_after_reply))
                    .dump();
        break;
      case FrameStatus::kFrame:
        reply = dispatcher.handle_message(frame.body, &info);
        break;
    }
    try {
      write_frame(out, reply);
    } catch (const std::system_error& e) {
      const double reply_ms = milliseconds_since(start);
      dispatcher.finish_request(&info);  // the audit entry of a check is kept all the same
      log.request(info, reply_ms);
      if (e.code().value() == EPIPE) {
        log.line("stop: the reader of the replies went away");
        return 0;
      }
      log.line(std::string("stop: cannot write the reply: ") + e.what());
      return 1;
    }
    const double reply_ms = milliseconds_since(start);
    dispatcher.finish_request(&info);
    log.request(info, reply_ms);
    if (stop_after_reply) {
      log.line("stop: frame length " + std::to_string(frame.declared) +
               " is beyond any message; the stream is out of step");
      return 0;
    }
  }
}

}  // namespace sendcheck::transport::native
