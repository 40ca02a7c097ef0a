#!/usr/bin/env bash
# A private copy of a Thunderbird installation that reads an enterprise policies.json of our own,
# without touching any system path:
#
#   lib/policy-install.sh THUNDERBIRD DEST POLICIES_JSON      -> DEST/thunderbird
#
# Why this works (checked on Debian's Thunderbird 153.8.0esr, see README.md "Managed setting"):
# Thunderbird's JSON policy provider (EnterprisePoliciesParent.sys.mjs) reads
#   1. /etc/thunderbird/policies/policies.json (SysConfD, fixed at build time), if it exists, else
#   2. XREAppDist/policies.json = <GRE dir>/distribution/policies.json,
# and the pref browser.policies.alternatePath only in automation or Nightly builds (a release
# ignores it). The GRE dir is the folder of the running executable (/proc/self/exe), so a copy of
# the small launcher thunderbird-bin next to symlinks to everything else (libxul.so, omni.ja, ...)
# is the same Thunderbird with DEST/distribution/ as its distribution folder.
# Exit 0 and DEST/thunderbird on success; exit 2 with a message when it cannot be done.
set -euo pipefail
TB="$1"; DEST="$2"; POLICIES="$3"
BIN="$(readlink -f "$TB")"
SRC="$(dirname "$BIN")"
if [ ! -f "$SRC/libxul.so" ] || [ ! -f "$SRC/omni.ja" ] || ! head -c 4 "$BIN" | grep -q ELF; then
  echo "policy-install: $TB ($BIN) is not the launcher of an installation with libxul.so and omni.ja" >&2
  exit 2
fi
rm -rf "$DEST"
mkdir -p "$DEST/distribution"
for f in "$SRC"/* "$SRC"/.[!.]*; do
  [ -e "$f" ] || [ -L "$f" ] || continue
  name="$(basename "$f")"
  [ "$name" = distribution ] && continue      # ours replaces any distribution/ of the original
  [ "$(readlink -f "$f")" = "$BIN" ] && continue  # the launcher (and links to it): copied below
  ln -s "$(readlink -f "$f")" "$DEST/$name"   # absolute: Debian's links are relative
done
cp "$BIN" "$DEST/$(basename "$BIN")"
ln -sf "$(basename "$BIN")" "$DEST/thunderbird"
cp "$POLICIES" "$DEST/distribution/policies.json"
echo "$DEST/thunderbird"
