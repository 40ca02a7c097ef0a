#!/usr/bin/env bash
# Runs the whole C++ test suite under AddressSanitizer + UndefinedBehaviorSanitizer (issue 7
# "Sanitizers"): builds the asan-ubsan preset (gcc, -fsanitize=address,undefined, Debug) and runs
# ctest without the node tests of the add-ons (label "extension"). The fuzz corpora are replayed
# too (tests fuzz/<target>). LeakSanitizer is on (GLib's and GMime's one-time initialisation is
# not reported by it; a leak fails the test). Only the fuzz targets that parse addresses carry a
# suppression, for GMime's own leak on one kept finding (fuzz/lsan_suppressions_gmime.cc).
#
#   scripts/test-sanitizers.sh [extra ctest arguments, e.g. -R unit/]
#
# SANITIZE_BUILD_DIR moves the build (default build/asan-ubsan). Exit status: ctest's.
set -euo pipefail
cd "$(dirname "$0")/.."

build="${SANITIZE_BUILD_DIR:-build/asan-ubsan}"
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
start=$(date +%s)
cmake --preset asan-ubsan -B "$build" "${launcher[@]}" >/dev/null
cmake --build "$build" -j"$(nproc)"
built=$(date +%s)

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:detect_stack_use_after_return=1:strict_string_checks=1:check_initialization_order=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
status=0
ctest --test-dir "$build" -LE extension --output-on-failure -j"$(nproc)" "$@" || status=$?
end=$(date +%s)
echo "sanitizers: build $((built - start))s, tests $((end - built))s, exit $status"
exit "$status"
