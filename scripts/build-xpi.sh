#!/usr/bin/env bash
# Builds the Thunderbird add-on: build/sendcheck.xpi from extension/thunderbird and extension/shared.
#   scripts/build-xpi.sh [OUTPUT.xpi]
# The archive holds extension/thunderbird as its root, extension/shared as shared/ (its _locales
# as the root's _locales/, where Thunderbird looks for them). In the source tree the add-on's files
# reach the shared package as ../../shared/…; in the archive that is ../shared/…, so references to
# it in the add-on's .js and .html files lose one "../".
# Deterministic: files in sorted order (manifest.json first), fixed timestamps and permissions, no
# extra attributes, so the same sources give the same bytes. Leaves out what is not the add-on
# (package.json, which only tells node --test that the .js files are ES modules; README.md; dot files).
# Needs `zip` (Debian package zip, listed in scripts/install-deps.sh).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
src="$root/extension/thunderbird"
shared="$root/extension/shared"
out="${1:-$root/build/sendcheck.xpi}"
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac

command -v zip >/dev/null || { echo "build-xpi: zip is missing (apt-get install zip)" >&2; exit 1; }
[ -f "$src/manifest.json" ] || { echo "build-xpi: no $src/manifest.json" >&2; exit 1; }
[ -d "$shared/_locales" ] || { echo "build-xpi: no $shared/_locales" >&2; exit 1; }

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
files() { (cd "$1" && find . -type f ! -name package.json ! -name README.md ! -name '.*' ! -path '*/.*' -print | sed 's|^\./||'); }
mkdir "$stage/tree"
copy() { # FROM REL TO_REL
  mkdir -p "$stage/tree/$(dirname "$3")"
  cp "$1/$2" "$stage/tree/$3"
}
files "$src" | while IFS= read -r f; do
  copy "$src" "$f" "$f"
  case "$f" in *.js|*.html) sed -i 's#\.\./shared/#shared/#g' "$stage/tree/$f" ;; esac
done
files "$shared" | while IFS= read -r f; do
  case "$f" in _locales/*) copy "$shared" "$f" "$f" ;; *) copy "$shared" "$f" "shared/$f" ;; esac
done
(cd "$stage/tree" && find . -type f -print | sed 's|^\./||' | LC_ALL=C sort) > "$stage/list"
# manifest.json first (tools that peek at the archive expect it early), the rest sorted.
{ echo manifest.json; grep -vx 'manifest.json' "$stage/list"; } > "$stage/order"
chmod 0644 $(sed "s|^|$stage/tree/|" "$stage/order")
find "$stage/tree" -exec touch -h -d '2000-01-01 00:00:00 UTC' {} +

mkdir -p "$(dirname "$out")"
rm -f "$out"
(cd "$stage/tree" && TZ=UTC zip -q -X -D -9 "$out" -@ < "$stage/order")
echo "$out ($(wc -l < "$stage/order") files, $(wc -c < "$out") bytes)"
