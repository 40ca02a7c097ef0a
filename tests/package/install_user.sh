#!/usr/bin/env bash
# installer/install-user.sh in a throwaway HOME: install from a build tree, doctor, uninstall.
#   tests/package/install_user.sh BUILD_DIR
# No root needed. Last line "N passed, M failed"; non-zero exit on failure.
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build_dir="${1:?usage: install_user.sh BUILD_DIR}"
passed=0
failed=0
check() { local what="$1"; shift; if "$@"; then passed=$((passed + 1)); echo "ok   $what";
          else failed=$((failed + 1)); echo "FAIL $what"; fi; }
home="$(mktemp -d)"
trap 'rm -rf "$home"' EXIT
run() { env -u XDG_DATA_HOME -u XDG_CONFIG_HOME -u SENDCHECK_DB -u SENDCHECK_CONFIG HOME="$home" "$@"; }

check "install-user.sh --from $build_dir" \
  bash -c 'run() { env -u XDG_DATA_HOME -u XDG_CONFIG_HOME HOME="$1" "${@:2}"; }
           run "$1" "$2/installer/install-user.sh" --from "$3" >"$1/out" 2>&1 || { cat "$1/out"; exit 1; }' \
  _ "$home" "$root" "$build_dir"
check "binaries in ~/.local/bin" test -x "$home/.local/bin/sendcheck" -a -x "$home/.local/bin/sendcheck-host"
check "user manifest written" grep -q "\"$home/.local/bin/sendcheck-host\"" "$home/.mozilla/native-messaging-hosts/sendcheck.json"
if command -v zip >/dev/null; then
  check "xpi copied" test -f "$home/.local/share/sendcheck/sendcheck.xpi"
  check "says where the xpi is" grep -q "$home/.local/share/sendcheck/sendcheck.xpi" "$home/out"
fi
run "$home/.local/bin/sendcheck" doctor >"$home/doctor" 2>&1
check "sendcheck doctor is happy" test $? -eq 0
grep -q "user manifest: *ok" "$home/doctor"; check "doctor sees the user manifest" test $? -eq 0
mkdir -p "$home/.config/sendcheck" && echo '{}' >"$home/.config/sendcheck/settings.json"
check "install-user.sh --uninstall" run "$root/installer/install-user.sh" --uninstall
check "binaries gone" test ! -e "$home/.local/bin/sendcheck" -a ! -e "$home/.local/bin/sendcheck-host"
check "manifest gone" test ! -e "$home/.mozilla/native-messaging-hosts/sendcheck.json"
check "xpi gone" test ! -e "$home/.local/share/sendcheck/sendcheck.xpi"
check "user settings kept" test -f "$home/.config/sendcheck/settings.json"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
