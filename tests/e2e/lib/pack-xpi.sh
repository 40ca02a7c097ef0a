#!/usr/bin/env bash
# Packs the Thunderbird add-on (extension/thunderbird with extension/shared copied in) into OUT.xpi
# for a test run (nothing is written into the tree): scripts/build-xpi.sh when it and `zip` are
# there, else python3's zipfile with the same layout and exclusions (package.json, README.md, dot
# files; shared/_locales at the root; "../shared/" references lose one "../").
#   lib/pack-xpi.sh ROOT OUT.xpi
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
"$py" - "$root/extension" "$out" <<'PY'
import os, sys, zipfile
ext, out = sys.argv[1], sys.argv[2]
entries = {}
for top, prefix in (("thunderbird", ""), ("shared", "shared/")):
    base = os.path.join(ext, top)
    for root, dirs, files in os.walk(base):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "node_modules")
        for f in sorted(files):
            if f in ("package.json", "README.md") or f.startswith("."):
                continue
            rel = os.path.relpath(os.path.join(root, f), base).replace(os.sep, "/")
            name = rel if top == "thunderbird" or rel.startswith("_locales/") else prefix + rel
            data = open(os.path.join(root, f), "rb").read()
            if top == "thunderbird" and f.endswith((".js", ".html")):
                data = data.replace(b"../shared/", b"shared/")
            entries[name] = data
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("manifest.json", entries.pop("manifest.json"))
    for name in sorted(entries):
        z.writestr(name, entries[name])
PY
