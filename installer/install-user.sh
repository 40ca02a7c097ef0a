#!/usr/bin/env bash
# Per-user install of SendCheck, no root needed.
#
#   installer/install-user.sh [--from DIR] [--prefix DIR]
#   installer/install-user.sh --uninstall [--prefix DIR]
#
# Copies sendcheck and sendcheck-host to PREFIX/bin (default ~/.local/bin), writes the per-user
# native messaging manifest (~/.mozilla/native-messaging-hosts/sendcheck.json) with
# `sendcheck install --user`, copies the Thunderbird add-on to
# ${XDG_DATA_HOME:-~/.local/share}/sendcheck/sendcheck.xpi and says how to add it to Thunderbird.
#
# --from DIR  where the binaries are: a build tree (DIR/host/sendcheck), an installed or unpacked
#             release (DIR/bin/sendcheck, DIR/usr/bin/sendcheck, or DIR/sendcheck). Default: the
#             first of build/release, build/dev, build/* of this source tree that has them.
# --uninstall removes the manifest (`sendcheck uninstall --user`), the two binaries and the .xpi
#             copy. History, audit log and settings (~/.local/share/sendcheck,
#             ~/.config/sendcheck) are kept; delete them yourself if you want them gone.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
from=""
prefix="${HOME:?HOME is not set}/.local"
uninstall=0
while [ $# -gt 0 ]; do
  case "$1" in
    --from) from="${2:?--from needs a folder}"; shift 2 ;;
    --from=*) from="${1#--from=}"; shift ;;
    --prefix) prefix="${2:?--prefix needs a folder}"; shift 2 ;;
    --prefix=*) prefix="${1#--prefix=}"; shift ;;
    --uninstall) uninstall=1; shift ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install-user: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$prefix" in /*) ;; *) prefix="$PWD/$prefix" ;; esac
bindir="$prefix/bin"
datadir="${XDG_DATA_HOME:-$HOME/.local/share}"
case "$datadir" in /*) ;; *) datadir="$HOME/.local/share" ;; esac
xpi_dest="$datadir/sendcheck/sendcheck.xpi"

if [ "$uninstall" -eq 1 ]; then
  if [ -x "$bindir/sendcheck" ]; then
    "$bindir/sendcheck" uninstall --user || echo "install-user: sendcheck uninstall --user failed; continuing" >&2
  elif command -v sendcheck >/dev/null; then
    sendcheck uninstall --user || true
  fi
  rm -f "$bindir/sendcheck" "$bindir/sendcheck-host" "$xpi_dest"
  echo "Removed $bindir/sendcheck, $bindir/sendcheck-host and $xpi_dest."
  echo "Kept your history and settings ($datadir/sendcheck, ${XDG_CONFIG_HOME:-$HOME/.config}/sendcheck)."
  echo "In Thunderbird, remove the add-on in Tools > Add-ons and Themes."
  exit 0
fi

# Where are the binaries?
find_bins() {  # prints the folder holding sendcheck and sendcheck-host
  local d
  for d in "$1/host" "$1/bin" "$1/usr/bin" "$1"; do
    if [ -x "$d/sendcheck" ] && [ -x "$d/sendcheck-host" ]; then echo "$d"; return 0; fi
  done
  return 1
}
src=""
if [ -n "$from" ]; then
  src="$(find_bins "$from")" || { echo "install-user: no sendcheck and sendcheck-host under $from" >&2; exit 1; }
else
  for cand in "$here/.." "$here/../build/release" "$here/../build/dev" "$here"/../build/*; do
    [ -d "$cand" ] || continue
    if src="$(find_bins "$cand")"; then break; fi
    src=""
  done
  [ -n "$src" ] || { echo "install-user: no built binaries found; build first (cmake --preset release && cmake --build --preset release) or name them with --from DIR" >&2; exit 1; }
fi
src="$(cd "$src" && pwd)"

# And the add-on?
xpi=""
for cand in "$src/../packaging/sendcheck.xpi" "$src/../share/sendcheck/sendcheck.xpi" \
            "$src/../sendcheck.xpi" "$src/sendcheck.xpi" "$here/../build/sendcheck.xpi"; do
  if [ -f "$cand" ]; then xpi="$(cd "$(dirname "$cand")" && pwd)/sendcheck.xpi"; break; fi
done

mkdir -p "$bindir"
for b in sendcheck sendcheck-host; do
  # Copy to a temporary name and rename: a running host keeps its old file.
  install -m 0755 "$src/$b" "$bindir/.$b.new"
  mv -f "$bindir/.$b.new" "$bindir/$b"
done
echo "Copied sendcheck and sendcheck-host from $src to $bindir"

"$bindir/sendcheck" install --user --host "$bindir/sendcheck-host"

if [ -n "$xpi" ]; then
  mkdir -p "$(dirname "$xpi_dest")"
  install -m 0644 "$xpi" "$xpi_dest"
  echo "The Thunderbird add-on is $xpi_dest"
else
  echo "No sendcheck.xpi found next to the binaries (build it with scripts/build-xpi.sh)."
fi
shown="sendcheck.xpi"
[ -n "$xpi" ] && shown="$xpi_dest"
cat <<MSG

To add it to Thunderbird: Tools > Add-ons and Themes, the gear menu > Install Add-on From File...,
choose $shown, and accept. Then check the setup with:
  $bindir/sendcheck doctor
MSG
case ":$PATH:" in *":$bindir:"*) ;; *) echo "Note: $bindir is not on your PATH." ;; esac
