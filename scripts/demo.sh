#!/usr/bin/env bash
# The main job on shipped input, with the built-in defaults: install what is needed, build,
# import a small Japanese Sent mbox into a fresh history, then check four drafts and print the
# confirmation payloads. The history goes to build/demo/, never to your own data folder.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
mkdir -p build
echo "building (log: build/demo-build.log) ..."
if ! scripts/build.sh dev >build/demo-build.log 2>&1; then
  cat build/demo-build.log
  exit 1
fi

sendcheck=build/dev/host/sendcheck
export SENDCHECK_DB="$PWD/build/demo/history.sqlite3"
export SENDCHECK_CONFIG="$PWD/build/demo/no-settings.json"  # none: built-in defaults
rm -f "$SENDCHECK_DB" "$SENDCHECK_DB-wal" "$SENDCHECK_DB-shm"
mkdir -p build/demo

echo "== sendcheck import demo/sent.mbox"
"$sendcheck" import demo/sent.mbox
for draft in demo/drafts/*; do
  echo
  echo "== sendcheck check $draft"
  "$sendcheck" check "$draft"
done
