#!/usr/bin/env bash
# Proves that installer/windows/sendcheck.nsi compiles, warnings as errors (makensis -WX), without
# Windows binaries: placeholder sendcheck.exe, sendcheck-host.exe and sendcheck.xpi are made in a
# temporary folder and the setup program is written there, then thrown away. Nothing is
# installed and nothing is run on Windows (see installer/windows/README.md).
#
#   scripts/check-nsis.sh        needs makensis (Debian package nsis)
#
# Exit status: 0 when the script compiles, 1 when it does not, 2 when makensis is missing.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
script="$here/installer/windows/sendcheck.nsi"
if ! command -v makensis >/dev/null 2>&1; then
  echo "check-nsis: makensis not found (apt-get install nsis)" >&2
  exit 2
fi
version="$(sed -n 's/^project(sendcheck VERSION \([0-9.]*\).*/\1/p' "$here/CMakeLists.txt")"
[ -n "$version" ] || version="0.0.0"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin"
# Placeholders: makensis only packs them. A real build puts the Windows binaries here.
printf 'MZ placeholder sendcheck.exe\n' >"$work/bin/sendcheck.exe"
printf 'MZ placeholder sendcheck-host.exe\n' >"$work/bin/sendcheck-host.exe"
printf 'PK placeholder sendcheck.xpi\n' >"$work/bin/sendcheck.xpi"

if makensis -V2 -WX -NOCD "-DBINDIR=$work/bin" "-DVERSION=$version" \
     "-DOUTFILE=$work/sendcheck-setup.exe" "$script" >"$work/makensis.log" 2>&1 &&
   [ -s "$work/sendcheck-setup.exe" ]; then
  echo "check-nsis: ok: $(basename "$script") compiles with makensis $(makensis -VERSION) (-WX)," \
       "setup of $(stat -c %s "$work/sendcheck-setup.exe") bytes (placeholder binaries)"
  exit 0
fi
cat "$work/makensis.log" >&2
echo "check-nsis: FAILED: makensis -WX $script" >&2
exit 1
