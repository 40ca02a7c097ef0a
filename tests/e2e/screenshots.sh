#!/usr/bin/env bash
# Renders SendCheck's confirm-before-send dialog for a real payload, in Japanese and English:
#   docs/screenshots/dialog-ja.png, docs/screenshots/dialog-en.png
#
# The payload is the engine's: `sendcheck import demo/sent.mbox`, then `sendcheck check --config
# demo/settings.json --locale ja|en demo/drafts/2-partner-and-new-colleague.json`. Headless
# Thunderbird runs the real add-on; a replay host (lib/replay-host.mjs, registered with
# `sendcheck install --user --host`) answers its `check` with that payload; the driver add-on
# composes the same draft; Marionette captures the dialog window.
#
# Needs: $BUILD_DIR/host/sendcheck (default build/dev), thunderbird, thunderbird-l10n-ja (the
# Japanese UI strings) and a Japanese font (fonts-noto-cjk); E2E_INSTALL=1 apt-get installs them.
# OUT=DIR writes elsewhere (default docs/screenshots).
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
HERE="$ROOT/tests/e2e"
BUILD_DIR="${BUILD_DIR:-$ROOT/build/dev}"
case "$BUILD_DIR" in /*) ;; *) BUILD_DIR="$ROOT/$BUILD_DIR" ;; esac
SENDCHECK="$BUILD_DIR/host/sendcheck"
XPI="${XPI:-$ROOT/build/sendcheck.xpi}"
THUNDERBIRD="${THUNDERBIRD:-/usr/lib/thunderbird/thunderbird}"
OUT="${OUT:-$ROOT/docs/screenshots}"
DRAFT="$ROOT/demo/drafts/2-partner-and-new-colleague.json"
EXT_ID="sendcheck@sendcheck.invalid"
DRIVER_ID="driver@sendcheck-e2e.invalid"
die() { echo "screenshots: $*" >&2; exit 1; }

if [ "${E2E_INSTALL:-0}" = 1 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    thunderbird thunderbird-l10n-ja fonts-noto-cjk || die "apt-get install failed"
fi
NODE="$(command -v node || true)"
[ -n "$NODE" ] || die "node not found"
[ -x "$THUNDERBIRD" ] || die "$THUNDERBIRD not found (E2E_INSTALL=1 installs it)"
[ -x "$SENDCHECK" ] || die "$SENDCHECK not built"
ls /usr/lib/thunderbird/extensions/langpack-ja@* >/dev/null 2>&1 || die "thunderbird-l10n-ja is not installed"
fc-list :lang=ja 2>/dev/null | grep -q . || echo "screenshots: warning: no Japanese font (fonts-noto-cjk)" >&2

WORK="$(mktemp -d -t sendcheck-shots.XXXXXX)"
TB_PID=""
cleanup() {
  if [ -n "$TB_PID" ] && kill -0 "$TB_PID" 2>/dev/null; then
    kill "$TB_PID" 2>/dev/null
    for _ in $(seq 1 20); do kill -0 "$TB_PID" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$TB_PID" 2>/dev/null
  fi
  TB_PID=""
}
trap 'cleanup; rm -rf "$WORK"' EXIT
sc() { env -i HOME="$WORK/home" LANG=C.UTF-8 PATH=/usr/bin:/bin "$SENDCHECK" "$@"; }

# The add-on: the built .xpi, else packed from extension/thunderbird.
if [ -f "$XPI" ]; then
  cp "$XPI" "$WORK/sendcheck.xpi"
else
  "$HERE/lib/pack-xpi.sh" "$ROOT" "$WORK/sendcheck.xpi" || die "packing the add-on failed"
fi

# The real payloads.
mkdir -p "$WORK/home"
sc import --db "$WORK/demo.sqlite3" "$ROOT/demo/sent.mbox" >/dev/null || die "sendcheck import failed"
RC=0
for LANG_CODE in ja en; do
  sc check --db "$WORK/demo.sqlite3" --config "$ROOT/demo/settings.json" --locale "$LANG_CODE" "$DRAFT" \
    >"$WORK/payload-$LANG_CODE.json" || die "sendcheck check failed"

  H="$WORK/home-$LANG_CODE"; P="$WORK/profile-$LANG_CODE"; S="$WORK/state-$LANG_CODE"
  mkdir -p "$H" "$P/extensions" "$S"
  printf '#!/bin/sh\nexec "%s" "%s" "%s" "$@"\n' "$NODE" "$HERE/lib/replay-host.mjs" "$WORK/payload-$LANG_CODE.json" >"$WORK/replay-$LANG_CODE.sh"
  printf '#!/bin/sh\nexec "%s" "%s" "%s" "$@"\n' "$NODE" "$HERE/lib/driver-host.mjs" "$S" >"$WORK/driver-$LANG_CODE.sh"
  chmod +x "$WORK/replay-$LANG_CODE.sh" "$WORK/driver-$LANG_CODE.sh"
  env -i HOME="$H" PATH=/usr/bin:/bin "$SENDCHECK" install --user --host "$WORK/replay-$LANG_CODE.sh" >/dev/null \
    || die "sendcheck install --user --host failed"
  cat >"$H/.mozilla/native-messaging-hosts/sendcheck_e2e_driver.json" <<EOF
{"name": "sendcheck_e2e_driver", "description": "SendCheck e2e driver", "path": "$WORK/driver-$LANG_CODE.sh",
 "type": "stdio", "allowed_extensions": ["$DRIVER_ID"]}
EOF
  # No mail is sent (the screenshot is taken, then Cancel): the SMTP port is unused.
  sed "s/@SMTP_PORT@/9/" "$HERE/user.js.in" >"$P/user.js"
  TB_LOCALE=$([ "$LANG_CODE" = ja ] && echo ja || echo en-US)
  cat >>"$P/user.js" <<EOF
user_pref("marionette.port", 0);
user_pref("intl.locale.requested", "$TB_LOCALE");
user_pref("mail.identity.id1.fullName", "山田 太郎");
user_pref("mail.identity.id1.useremail", "taro.yamada@example.co.jp");
EOF
  cp "$WORK/sendcheck.xpi" "$P/extensions/$EXT_ID.xpi"
  echo "$HERE/driver-ext" >"$P/extensions/$DRIVER_ID"

  env -u XDG_DATA_HOME -u XDG_CONFIG_HOME -u DISPLAY -u WAYLAND_DISPLAY HOME="$H" MOZ_HEADLESS=1 \
    "$THUNDERBIRD" --headless --marionette -remote-allow-system-access -profile "$P" -no-remote \
    >"$WORK/tb-$LANG_CODE.log" 2>&1 &
  TB_PID=$!
  SHOT_PROFILE="$P" SHOT_STATE="$S" SHOT_DRAFT="$DRAFT" SHOT_OUT="$OUT/dialog-$LANG_CODE.png" SHOT_LANG="$LANG_CODE" \
    timeout 150 "$NODE" "$HERE/screenshot.mjs" || { RC=1; echo "screenshots: $LANG_CODE failed; Thunderbird log:" >&2; tail -20 "$WORK/tb-$LANG_CODE.log" >&2; }
  cleanup
done
exit "$RC"
