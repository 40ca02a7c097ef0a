#!/usr/bin/env bash
# Runs every test: installs what is needed, builds the dev preset and the add-on, runs ctest
# (C++ unit and integration tests, the add-on's node tests), then the end-to-end test in a real
# headless Thunderbird. Tests that read ../shared/corpus (real mail) skip themselves when it is
# absent.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh dev
scripts/build-xpi.sh build/sendcheck.xpi >/dev/null
ctest --preset dev
tests/e2e/run.sh
