#!/usr/bin/env bash
# Fuzzes each target of fuzz/ for a bounded time (issue 7 "Fuzzing"):
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET]      # default 120
#
# Configures and builds the `fuzz` preset (clang, libFuzzer, ASan + UBSan; clang's libFuzzer
# runtime is Debian's libclang-rt-14-dev), then runs every target on a fresh copy of its seed
# corpus fuzz/corpus/<target>/ with -max_total_time, -timeout=10 and -rss_limit_mb=2048.
# FUZZ_TARGETS="framing check" runs only those; FUZZ_BUILD_DIR moves the build (build/fuzz).
#
# Exit status: 0 when no target found anything, 1 when one did. A finding is saved as
# build/fuzz/runs/<target>/crash-* (or leak-*, timeout-*, oom-*), and the run's log beside it;
# keep it as a regression input in fuzz/corpus/<target>/ (the ctest test fuzz/<target> replays
# it) and add a named unit test where the fix is.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-120}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
  echo "usage: scripts/fuzz.sh [SECONDS_PER_TARGET]" >&2
  exit 2
fi
build="${FUZZ_BUILD_DIR:-build/fuzz}"
read -r -a targets <<< "${FUZZ_TARGETS:-framing address_list check mail_import}"

launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
cmake --preset fuzz -B "$build" "${launcher[@]}" >/dev/null
build_targets=()
for target in "${targets[@]}"; do build_targets+=("fuzz_$target"); done
cmake --build "$build" -j"$(nproc)" --target "${build_targets[@]}"

runs="$build/runs"
# LeakSanitizer is on: a leak is a finding (GLib's and GMime's one-time initialisation is not
# reported; no suppression was needed).
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

failed=()
for target in "${targets[@]}"; do
  dir="$runs/$target"
  rm -rf "$dir"
  mkdir -p "$dir/corpus" "$dir/tmp"
  cp -R "fuzz/corpus/$target/." "$dir/corpus/"
  echo "== fuzz/$target: ${seconds}s on $(find "$dir/corpus" -type f | wc -l) seed inputs"
  status=0
  TMPDIR="$PWD/$dir/tmp" "$build/fuzz/fuzz_$target" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$dir/" "$dir/corpus" > "$dir/fuzz.log" 2>&1 || status=$?
  grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ +DONE)' "$dir/fuzz.log" |
    sed 's/^/   /' || true
  if [ "$status" -ne 0 ]; then
    failed+=("$target")
    echo "!! fuzz/$target found something (exit $status); log: $dir/fuzz.log" >&2
    grep -E 'ERROR: |property failed|runtime error' "$dir/fuzz.log" | head -5 | sed 's/^/   /' >&2
    find "$dir" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
      -o -name 'oom-*' -o -name 'slow-unit-*' \) -printf '   input: %p\n' >&2
  fi
done

if [ "${#failed[@]}" -ne 0 ]; then
  echo "fuzzing found problems in: ${failed[*]}" >&2
  exit 1
fi
echo "fuzzing: no finding in ${#targets[@]} targets, ${seconds}s each"
