#!/usr/bin/env bash
# SendCheck end-to-end test: headless Thunderbird + the real add-on + the real native host,
# installed with `sendcheck install --user` into a temporary HOME, + a local SMTP sink.
# The cases are in e2e.mjs; see README.md.  Last line: "N passed, M failed"; exit 1 on failure.
# Cases (f), (g) start Thunderbird again with an enterprise policies.json (section 7 below).
#
#   tests/e2e/run.sh
#
# It builds nothing. It expects:
#   $BUILD_DIR/host/sendcheck and sendcheck-host   (BUILD_DIR default: build/dev)
#   $XPI (default build/sendcheck.xpi, from scripts/build-xpi.sh); when missing, the test packs
#        extension/thunderbird (with extension/shared) itself into its work folder (lib/pack-xpi.sh)
#   /usr/lib/thunderbird/thunderbird (Debian's thunderbird; E2E_INSTALL=1 apt-get installs it) and node
# Knobs: KEEP=1 keeps the work folder (kept anyway on failure), WORK=DIR uses DIR,
#        E2E_TIMEOUT=150 (s) for the cases, THUNDERBIRD=/path/to/thunderbird,
#        E2E_POLICY=0 skips the policy cases (f), (g).
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
stop_tb() {
  if [ -n "$TB_PID" ] && kill -0 "$TB_PID" 2>/dev/null; then
    kill "$TB_PID" 2>/dev/null
    for _ in $(seq 1 20); do kill -0 "$TB_PID" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$TB_PID" 2>/dev/null
  fi
  [ -n "$TB_PID" ] && wait "$TB_PID" 2>/dev/null
  TB_PID=""
}
cleanup() {
  stop_tb
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
  echo "e2e: $XPI not found: packing extension/thunderbird (with extension/shared) into the profile"
  "$HERE/lib/pack-xpi.sh" "$ROOT" "$PROFILE/extensions/$EXT_ID.xpi" || die "packing the add-on failed"
fi
echo "$HERE/driver-ext" >"$PROFILE/extensions/$DRIVER_ID"

# 5. headless Thunderbird with Marionette (chrome context allowed); only the test HOME
start_tb() { # $1 = the thunderbird executable, $2 = its log file, $3 = profile (default PROFILE)
  local profile="${3:-$PROFILE}"
  rm -f "$profile/MarionetteActivePort"
  env -u XDG_DATA_HOME -u XDG_CONFIG_HOME -u XDG_CACHE_HOME -u SENDCHECK_DB -u SENDCHECK_CONFIG \
    -u SENDCHECK_POLICY -u DISPLAY -u WAYLAND_DISPLAY HOME="$HOME_DIR" MOZ_HEADLESS=1 \
    "$1" --headless --marionette -remote-allow-system-access -profile "$profile" -no-remote \
    >"$2" 2>&1 &
  TB_PID=$!
}
start_tb "$THUNDERBIRD" "$WORK/tb.log"

# 6. the cases (a)-(e)
run_cases() { # $1 = phase (main | policy), $2 = results file, $3 = timeout (s), $4 = profile
  E2E_PHASE="$1" E2E_WORK="$WORK" E2E_HOME="$HOME_DIR" E2E_PROFILE="${4:-$PROFILE}" E2E_STATE="$STATE" \
    E2E_SINK="$SINK" SENDCHECK="$SENDCHECK" E2E_RESULTS="$2" E2E_TIMEOUT="$3" \
    timeout $(($3 + 15)) "$NODE" "$HERE/e2e.mjs"
}
run_cases main "$WORK/results" "$E2E_TIMEOUT"
RC=$?
stop_tb
read -r PASSED FAILED <"$WORK/results" 2>/dev/null || { PASSED=0; FAILED=1; }
[ "$RC" = 0 ] || [ "$FAILED" != 0 ] || FAILED=1

# 7. cases (f) and (g): the add-on installed and configured by a Thunderbird enterprise policy, as
# docs/admin-guide.md step 3 says. Thunderbird started from a private copy of the installation
# (lib/policy-install.sh) whose distribution/policies.json is the shipped example
# (installer/examples/thunderbird-policies.json: ExtensionSettings force_installed + 3rdparty
# failClosed), install_url pointing to this run's .xpi; a new profile in which only the driver is
# sideloaded (SendCheck comes from the policy); the host manifest points to a missing executable.
# (f) failClosed true: blocked, the dialog says why. (g) the same with failClosed false: the
# fallback dialog. E2E_POLICY=0 skips them.
POLICY_DIR="$WORK/policy"
MANIFEST="$HOME_DIR/.mozilla/native-messaging-hosts/sendcheck.json"
policy_case() { # $1 = case letter, $2 = failClosed (true | false)
  local dir="$POLICY_DIR/$1" tb rc p f
  local profile="$dir/profile"
  mkdir -p "$profile/extensions"
  cp "$PROFILE/user.js" "$profile/user.js"
  cp "$PROFILE/extensions/$DRIVER_ID" "$profile/extensions/$DRIVER_ID"
  cp "$PROFILE/extensions/$EXT_ID.xpi" "$dir/sendcheck.xpi"
  "$NODE" -e '
    const fs = require("fs");
    const [example, xpi, out, id, failClosed] = process.argv.slice(1);
    const p = JSON.parse(fs.readFileSync(example, "utf8"));
    if (p.policies["3rdparty"].Extensions[id].failClosed !== true) throw new Error(example + ": failClosed is not true");
    p.policies.ExtensionSettings[id].install_url = "file://" + xpi;
    p.policies["3rdparty"].Extensions[id].failClosed = failClosed === "true";
    fs.writeFileSync(out, JSON.stringify(p, null, 2));' \
    "$ROOT/installer/examples/thunderbird-policies.json" "$dir/sendcheck.xpi" "$dir/policies.json" \
    "$EXT_ID" "$2" || die "cannot write the test policies.json"
  # the driver's command folder starts again (its host resends every command file it finds)
  mv "$STATE/cmd" "$STATE/cmd-before-$1" 2>/dev/null; mv "$STATE/driver.jsonl" "$STATE/driver-before-$1.jsonl" 2>/dev/null
  if ! tb="$("$HERE/lib/policy-install.sh" "$THUNDERBIRD" "$dir/thunderbird" "$dir/policies.json")"; then
    policy_skip "cannot make a private copy of $THUNDERBIRD (see above)"
    return
  fi
  start_tb "$tb" "$WORK/tb-policy-$1.log" "$profile"
  E2E_POLICY_CASE="$1" E2E_POLICY_FAILCLOSED="$2" E2E_POLICY_XPI="$dir/sendcheck.xpi" \
    run_cases policy "$WORK/results-policy-$1" 60 "$profile"
  rc=$?
  stop_tb
  read -r p f <"$WORK/results-policy-$1" 2>/dev/null || { p=0; f=1; }
  [ "$rc" = 0 ] || [ "$f" != 0 ] || f=1
  # Thunderbird's stdout: "console.error: Enterprise Policies: " then the message on the next lines
  # (some errors are only in the console storage, which e2e.mjs checks as about:policies does)
  if grep -A3 "^console\.\(error\|warn\): \(Enterprise Policies\|Policies\|JsonSchemaValidator\)" \
      "$WORK/tb-policy-$1.log" | grep -i "3rdparty\|ExtensionSettings\|$EXT_ID"; then
    echo "[  log ] FAIL ($1) tb-policy-$1.log has policy errors about our entries"; f=$((f + 1))
  else
    echo "[  log ] PASS ($1) tb-policy-$1.log: no policy error about 3rdparty, ExtensionSettings, $EXT_ID"
    p=$((p + 1))
  fi
  PASSED=$((PASSED + p)); FAILED=$((FAILED + f))
}
policy_skip() { echo "e2e: managed policy cases (f), (g) SKIPPED: $*"; }
if [ "${E2E_POLICY:-1}" = 0 ]; then
  policy_skip "E2E_POLICY=0"
elif [ -e /etc/thunderbird/policies/policies.json ]; then
  # Thunderbird reads that file instead of distribution/policies.json; the test never changes it.
  policy_skip "/etc/thunderbird/policies/policies.json exists and takes precedence over the test's policy"
else
  # the host: registered again (case (e) removed it), then its manifest points to a missing file
  sc install --user >"$WORK/install-policy.log" 2>&1 || { cat "$WORK/install-policy.log"; die "sendcheck install --user failed"; }
  "$NODE" -e '
    const fs = require("fs"); const [file, missing] = process.argv.slice(1);
    const m = JSON.parse(fs.readFileSync(file, "utf8")); m.path = missing;
    fs.writeFileSync(file, JSON.stringify(m, null, 2));' "$MANIFEST" "$POLICY_DIR/no-such-sendcheck-host" \
    || die "cannot edit $MANIFEST"
  policy_case f true
  policy_case g false
fi
echo "e2e: $(( $(date +%s) - T_START )) s; messages at the sink: $(cat "$SINK/smtp.jsonl" 2>/dev/null | wc -l)"
if [ "$FAILED" != 0 ] || [ "$KEEP" = 1 ]; then
  echo "e2e: kept $WORK (tb.log, state/driver.jsonl, smtp/, home/)"
else
  rm -rf "$WORK"
fi
summary "$PASSED" "$FAILED"
[ "$FAILED" = 0 ]
