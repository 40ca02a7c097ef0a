#!/usr/bin/env bash
# Packs extension/thunderbird into OUT.xpi for a test run (nothing is written into the tree):
# scripts/build-xpi.sh when it and `zip` are there, else python3's zipfile with the same
# exclusions (package.json, README.md, dot files).   lib/pack-xpi.sh ROOT OUT.xpi
set -euo pipefail
root="$1"; out="$2"
src="$root/extension/thunderbird"
[ -f "$src/manifest.json" ] || { echo "pack-xpi: no $src/manifest.json" >&2; exit 1; }
if [ -x "$root/scripts/build-xpi.sh" ] && command -v zip >/dev/null && [ "${PACK_XPI_PYTHON:-0}" != 1 ]; then
  "$root/scripts/build-xpi.sh" "$out" >/dev/null
  exit 0
fi
py="$(command -v /usr/bin/python3 || command -v python3 || true)"
[ -n "$py" ] || { echo "pack-xpi: neither zip (for scripts/build-xpi.sh) nor python3" >&2; exit 1; }
cd "$src"
"$py" - "$out" <<'PY'
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    z.write("manifest.json")
    for root, dirs, files in os.walk("."):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "node_modules")
        for f in sorted(files):
            rel = os.path.relpath(os.path.join(root, f))
            if rel == "manifest.json" or f in ("package.json", "README.md") or f.startswith("."):
                continue
            z.write(rel)
PY
