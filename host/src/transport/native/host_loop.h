// transport/native/host_loop.h — the native messaging host's main loop: read a frame, hand its
// bytes to the dispatcher, write the reply frame; requests are answered one at a time, in order.
//
//  - a frame over the cap: reply frame.too-large (id null) once its bytes are skipped, go on;
//  - a frame over the cap and the discard limit (e.g. a length of 4 GiB: the stream is out of
//    step): reply frame.too-large and stop;
//  - end of input between frames, or inside a frame (no reply is possible): stop;
//  - the reader of the replies went away (EPIPE): stop.
//
// Work a request leaves for after its reply (the audit entry of a check, Context::after_reply) is
// done once the reply frame is written (or could not be), before the next frame is read: the
// user waits for the reply only. The log line of a request gives the time to its reply.
//
// Thread-safety: one loop per connection, on one thread.
#ifndef SENDCHECK_TRANSPORT_NATIVE_HOST_LOOP_H_
#define SENDCHECK_TRANSPORT_NATIVE_HOST_LOOP_H_

#include "transport/dispatch/dispatcher.h"
#include "transport/native/framing.h"
#include "transport/native/host_log.h"

namespace sendcheck::transport::native {

// Serves until the input ends. Returns the process exit status: 0 when the input ended (between
// or inside frames), after an absurd frame, or when the reply pipe closed; 1 when reading or
// writing failed otherwise.
int run_host_loop(ByteSource& in, ByteSink& out, Dispatcher& dispatcher, HostLog& log,
                  const FrameLimits& limits);

}  // namespace sendcheck::transport::native

#endif  // SENDCHECK_TRANSPORT_NATIVE_HOST_LOOP_H_
