#!/usr/bin/env bash
# SendCheck end-to-end test: headless Thunderbird + the real add-on + the real native host,
# installed with `sendcheck install --user` into a temporary HOME, + a local SMTP sink.
# The cases are in e2e.mjs; see README.md.  Last line: "N passed, M failed"; exit 1 on failure.
#
#   tests/e2e/run.sh
#
# It builds nothing. It expects:
#   $BUILD_DIR/host/sendcheck and sendcheck-host   (BUILD_DIR default: build/dev)
#   $XPI (default build/sendcheck.xpi, from scripts/build-xpi.sh); when missing, the test packs
#        extension/thunderbird itself into its work folder (lib/pack-xpi.sh)
#   /usr/lib/thunderbird/thunderbird (Debian's thunderbird; E2E_INSTALL=1 apt-get installs it) and node
# Knobs: KEEP=1 keeps the work folder (kept anyway on failure), WORK=DIR uses DIR,
#        E2E_TIMEOUT=150 (s) for the cases, THUNDERBIRD=/path/to/thunderbird.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
HERE="$ROOT/tests/e2e"
BUILD_DIR="${BUILD_DIR:-$ROOT/build/dev}"
case "$BUILD_DIR" in /*) ;; *) BUILD_DIR="$ROOT/$BUILD_DIR" ;; esac
SENDCHECK="$BUILD_DIR/host/sendcheck"
HOST_BIN="$BUILD_DIR/host/sendcheck-host"
XPI="${XPI:-$ROOT/build/sendcheck.xpi}"
THUNDERBIRD="${THUNDERBIRD:-/usr/lib/thunderbird/thunderbird}"
E2E_TIMEOUT="${E2E_TIMEOUT:-150}"
EXT_ID="sendcheck@sendcheck.invalid"
DRIVER_ID="driver@sendcheck-e2e.invalid"
T_START=$(date +%s)

summary() { echo "$1 passed, $2 failed"; }
die() { echo "e2e: $*" >&2; summary 0 1; exit 1; }

if [ "${E2E_INSTALL:-0}" = 1 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends thunderbird \
    || die "apt-get install thunderbird failed"
fi
NODE="$(command -v node || true)"
[ -n "$NODE" ] || die "node not found (Node 20 is needed)"
[ -x "$THUNDERBIRD" ] || die "$THUNDERBIRD not found: apt-get install thunderbird (or E2E_INSTALL=1)"
[ -x "$SENDCHECK" ] || die "$SENDCHECK not built (cmake --preset dev && cmake --build --preset dev)"
[ -x "$HOST_BIN" ] || die "$HOST_BIN not built"

KEEP="${KEEP:-0}"
[ -n "${WORK:-}" ] && KEEP=1  # a folder named by the caller is never removed
WORK="${WORK:-$(mktemp -d -t sendcheck-e2e.XXXXXX)}"
mkdir -p "$WORK"
HOME_DIR="$WORK/home"; PROFILE="$WORK/profile"; STATE="$WORK/state"; SINK="$WORK/smtp"
mkdir -p "$HOME_DIR" "$PROFILE/extensions" "$STATE" "$SINK"
echo "e2e: work folder $WORK"

TB_PID=""; SINK_PID=""
cleanup() {
  if [ -n "$TB_PID" ] && kill -0 "$TB_PID" 2>/dev/null; then
    kill "$TB_PID" 2>/dev/null
    for _ in $(seq 1 20); do kill -0 "$TB_PID" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$TB_PID" 2>/dev/null
  fi
  [ -n "$SINK_PID" ] && kill "$SINK_PID" 2>/dev/null
  wait 2>/dev/null
}
trap cleanup EXIT

# The sendcheck CLI as the test user: only the temporary HOME, no XDG_*/SENDCHECK_* from outside.
sc() { env -i HOME="$HOME_DIR" LANG=C.UTF-8 PATH=/usr/bin:/bin "$SENDCHECK" "$@"; }

if [ -e /usr/lib/mozilla/native-messaging-hosts/sendcheck.json ]; then
  echo "e2e: warning: a system manifest /usr/lib/mozilla/native-messaging-hosts/sendcheck.json exists;" \
    "case (e) (host unregistered) will see it" >&2
fi

# 1. the real host, registered the way a user does it; history and settings of the test user
sc install --user >"$WORK/install.log" 2>&1 || { cat "$WORK/install.log"; die "sendcheck install --user failed"; }
cat "$WORK/install.log"
mkdir -p "$HOME_DIR/.config/sendcheck"
cp "$HERE/data/settings.json" "$HOME_DIR/.config/sendcheck/settings.json"
sc import "$HERE/data/sent.mbox" >"$WORK/import.log" 2>&1 || { cat "$WORK/import.log"; die "sendcheck import failed"; }

# 2. the driver add-on's own native host (a command folder in $STATE)
printf '#!/bin/sh\nexec "%s" "%s" "%s" "$@"\n' "$NODE" "$HERE/lib/driver-host.mjs" "$STATE" >"$WORK/driver-host.sh"
chmod +x "$WORK/driver-host.sh"
cat >"$HOME_DIR/.mozilla/native-messaging-hosts/sendcheck_e2e_driver.json" <<EOF
{"name": "sendcheck_e2e_driver", "description": "SendCheck e2e driver", "path": "$WORK/driver-host.sh",
 "type": "stdio", "allowed_extensions": ["$DRIVER_ID"]}
EOF

# 3. SMTP sink on a free port
"$NODE" "$HERE/lib/smtp-sink.mjs" "$SINK" >"$WORK/smtp.log" 2>&1 &
SINK_PID=$!
for _ in $(seq 1 50); do [ -s "$SINK/port" ] && break; sleep 0.1; done
[ -s "$SINK/port" ] || die "the SMTP sink did not start ($(cat "$WORK/smtp.log"))"
SMTP_PORT="$(cat "$SINK/port")"

# 4. profile: prefs (SMTP on the sink, Marionette on a free port) and the sideloaded add-ons
sed "s/@SMTP_PORT@/$SMTP_PORT/" "$HERE/user.js.in" >"$PROFILE/user.js"
# port 0: Marionette picks a free port and writes it to PROFILE/MarionetteActivePort
echo 'user_pref("marionette.port", 0);' >>"$PROFILE/user.js"
# English UI whatever language packs are installed (thunderbird-l10n-*)
echo 'user_pref("intl.locale.requested", "en-US");' >>"$PROFILE/user.js"
if [ -f "$XPI" ]; then
  cp "$XPI" "$PROFILE/extensions/$EXT_ID.xpi"
else
  echo "e2e: $XPI not found: packing extension/thunderbird into the profile"
  "$HERE/lib/pack-xpi.sh" "$ROOT" "$PROFILE/extensions/$EXT_ID.xpi" || die "packing the add-on failed"
fi
echo "$HERE/driver-ext" >"$PROFILE/extensions/$DRIVER_ID"

# 5. headless Thunderbird with Marionette (chrome context allowed); only the test HOME
env -u XDG_DATA_HOME -u XDG_CONFIG_HOME -u XDG_CACHE_HOME -u SENDCHECK_DB -u SENDCHECK_CONFIG \
  -u SENDCHECK_POLICY -u DISPLAY -u WAYLAND_DISPLAY HOME="$HOME_DIR" MOZ_HEADLESS=1 \
  "$THUNDERBIRD" --headless --marionette -remote-allow-system-access -profile "$PROFILE" -no-remote \
  >"$WORK/tb.log" 2>&1 &
TB_PID=$!

# 6. the cases
E2E_WORK="$WORK" E2E_HOME="$HOME_DIR" E2E_PROFILE="$PROFILE" E2E_STATE="$STATE" E2E_SINK="$SINK" \
  SENDCHECK="$SENDCHECK" E2E_RESULTS="$WORK/results" E2E_TIMEOUT="$E2E_TIMEOUT" \
  timeout $((E2E_TIMEOUT + 15)) "$NODE" "$HERE/e2e.mjs"
RC=$?
cleanup
TB_PID=""; SINK_PID=""

read -r PASSED FAILED <"$WORK/results" 2>/dev/null || { PASSED=0; FAILED=1; }
[ "$RC" = 0 ] || [ "$FAILED" != 0 ] || FAILED=1
echo "e2e: $(( $(date +%s) - T_START )) s; messages at the sink: $(cat "$SINK/smtp.jsonl" 2>/dev/null | wc -l)"
if [ "$FAILED" != 0 ] || [ "$KEEP" = 1 ]; then
  echo "e2e: kept $WORK (tb.log, state/driver.jsonl, smtp/, home/)"
else
  rm -rf "$WORK"
fi
summary "$PASSED" "$FAILED"
[ "$FAILED" = 0 ]
