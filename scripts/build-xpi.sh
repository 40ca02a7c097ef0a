#!/usr/bin/env bash
# Builds the Thunderbird add-on: build/sendcheck.xpi from extension/thunderbird.
#   scripts/build-xpi.sh [OUTPUT.xpi]
# Deterministic: files in sorted order (manifest.json first), fixed timestamps and permissions, no
# extra attributes, so the same sources give the same bytes. Leaves out what is not the add-on
# (package.json, which only tells node --test that the .js files are ES modules; README.md; dot files).
# Needs `zip` (Debian package zip, listed in scripts/install-deps.sh).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
src="$root/extension/thunderbird"
out="${1:-$root/build/sendcheck.xpi}"
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac

command -v zip >/dev/null || { echo "build-xpi: zip is missing (apt-get install zip)" >&2; exit 1; }
[ -f "$src/manifest.json" ] || { echo "build-xpi: no $src/manifest.json" >&2; exit 1; }

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
(
  cd "$src"
  find . -type f ! -name package.json ! -name README.md ! -name '.*' ! -path '*/.*' -print | sed 's|^\./||' | LC_ALL=C sort
) > "$stage/list"
# manifest.json first (tools that peek at the archive expect it early), the rest sorted.
{ echo manifest.json; grep -vx 'manifest.json' "$stage/list"; } > "$stage/order"

mkdir "$stage/tree"
while IFS= read -r f; do
  mkdir -p "$stage/tree/$(dirname "$f")"
  cp "$src/$f" "$stage/tree/$f"
  chmod 0644 "$stage/tree/$f"
done < "$stage/order"
find "$stage/tree" -exec touch -h -d '2000-01-01 00:00:00 UTC' {} +

mkdir -p "$(dirname "$out")"
rm -f "$out"
(cd "$stage/tree" && TZ=UTC zip -q -X -D -9 "$out" -@ < "$stage/order")
echo "$out ($(wc -l < "$stage/order") files, $(wc -c < "$out") bytes)"
