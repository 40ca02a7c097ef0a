// A generator of realistic Sent mailboxes for the import benchmark (issue 7): an mboxrd file
// streamed to disk, so files of any size (1 GB) are written in constant memory.
//
// What it writes, deterministically for a seed: messages from me@mycompany.co.jp to 1-8
// recipients (To, Cc, sometimes Bcc) drawn with a long tail from the HistoryGenerator population
// (Japanese and English names; organisations over .co.jp, .jp, .ne.jp, .or.jp, .com); headers in
// ISO-2022-JP encoded words (about half), UTF-8 encoded words or raw UTF-8, or plain ASCII;
// Japanese and English subjects and bodies (ISO-2022-JP or UTF-8, quoted replies, signatures,
// ">From " escaping), and a few base64 attachments with a long-tailed size. Messages average about
// 3.5 KB, as in real Sent folders without large attachments.
//
// Thread-safety: one MboxGenerator per thread.
#ifndef SENDCHECK_BENCH_MBOX_GENERATOR_H_
#define SENDCHECK_BENCH_MBOX_GENERATOR_H_

#include <cstdint>
#include <cstdio>
#include <string>

namespace sendcheck::bench {

struct MboxStats {
  std::uint64_t messages = 0;
  std::uint64_t bytes = 0;
};

// Writes messages to `out` until at least `target_bytes` bytes were written. Returns what was
// written. Throws std::runtime_error when a write fails.
MboxStats write_mbox(std::FILE* out, std::uint64_t target_bytes, std::uint32_t seed = 1);

// The cached mbox of about `target_bytes` in `dir` ("sent-<MB>MB.mbox", generated once; a
// ".ready" marker holds the message count). Returns its path and sets `*stats`.
std::string cached_mbox(const std::string& dir, std::uint64_t target_bytes, MboxStats* stats);

}  // namespace sendcheck::bench

#endif  // SENDCHECK_BENCH_MBOX_GENERATOR_H_
