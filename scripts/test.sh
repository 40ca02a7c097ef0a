#!/usr/bin/env bash
# Runs every test: installs what is needed, builds the dev preset, runs ctest.
# Tests that read ../shared/corpus (real mail) skip themselves when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh dev
ctest --preset dev
