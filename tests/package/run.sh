#!/usr/bin/env bash
# Package test (issue 6): build the release binaries and the .deb, install it with dpkg, check
# every installed path, say `hello` to sendcheck-host through the system manifest, run
# `sendcheck doctor` with a throwaway HOME, upgrade (same version, then a version bump), remove,
# purge, and check that nothing the package owned is left.
#
#   tests/package/run.sh                    # cmake --preset release && build && cpack
#   tests/package/run.sh --build-dir DIR    # reuse an already configured build tree
#
# Needs root (dpkg -i); without it, says so and exits 0. Refuses to run when sendcheck is already
# installed or /etc/sendcheck/ holds files (it would overwrite an administrator's setup).
# Last line: "N passed, M failed"; exit status non-zero when anything failed.
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
here="$root/tests/package"
build_dir=""
while [ $# -gt 0 ]; do
  case "$1" in
    --build-dir) build_dir="$(cd "$2" && pwd)"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

if [ "$(id -u)" -ne 0 ]; then
  echo "tests/package: skipped (needs root for dpkg -i; run as root or in a container)"
  exit 0
fi

# Tools the test and CPack's DEB generator need (file and dpkg-shlibdeps for SHLIBDEPS).
need=()
command -v file >/dev/null || need+=(file)
command -v dpkg-shlibdeps >/dev/null || need+=(dpkg-dev)
command -v python3 >/dev/null || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
  echo "tests/package: installing ${need[*]}"
  apt-get install -y --no-install-recommends "${need[@]}" >/dev/null
fi

passed=0
failed=0
ok()   { passed=$((passed + 1)); echo "ok   $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
check() { local what="$1"; shift; if "$@"; then ok "$what"; else fail "$what"; fi; }
finish() { echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit $?; }

if dpkg-query -W -f='${Status}' sendcheck 2>/dev/null | grep -q 'installed\|config-files'; then
  echo "tests/package: sendcheck is already installed here; remove it first (dpkg -P sendcheck)"
  fail "precondition: sendcheck not installed"
  finish
fi
if [ -d /etc/sendcheck ] && [ -n "$(ls -A /etc/sendcheck)" ]; then
  echo "tests/package: /etc/sendcheck/ holds files; refusing to touch an administrator's setup"
  fail "precondition: /etc/sendcheck empty or absent"
  finish
fi
etc_existed=0
[ -d /etc/sendcheck ] && etc_existed=1

work="$(mktemp -d)"
cleanup() {
  # Leave the machine as it was, even when a step failed half-way.
  rm -f /etc/sendcheck/policy.json
  if dpkg-query -W sendcheck >/dev/null 2>&1; then dpkg -P sendcheck >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# --- build -----------------------------------------------------------------------------------
start=$(date +%s)
if [ -z "$build_dir" ]; then
  build_dir="$root/build/release"
  (cd "$root" && cmake --preset release >"$work/configure.log" 2>&1) \
    || { cat "$work/configure.log"; fail "cmake --preset release"; finish; }
  (cd "$root" && cmake --build --preset release >"$work/build.log" 2>&1) \
    || { tail -50 "$work/build.log"; fail "cmake --build --preset release"; finish; }
else
  cmake --build "$build_dir" >"$work/build.log" 2>&1 \
    || { tail -50 "$work/build.log"; fail "cmake --build $build_dir"; finish; }
fi
ok "build ($build_dir, $(( $(date +%s) - start ))s)"

# The per-user install from the same build tree (before the package: no system manifest yet).
"$here/install_user.sh" "$build_dir" >"$work/install_user.out" 2>&1
iu_rc=$?
grep -E '^(ok|FAIL) ' "$work/install_user.out" | sed 's/^\(ok  \|FAIL\) /\1 install-user: /'
iu_pass="$(tail -1 "$work/install_user.out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')"
iu_fail="$(tail -1 "$work/install_user.out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')"
passed=$((passed + ${iu_pass:-0}))
failed=$((failed + ${iu_fail:-0}))
if [ "$iu_rc" -ne 0 ] && [ "${iu_fail:-0}" -eq 0 ]; then cat "$work/install_user.out"; fail "install_user.sh"; fi

version="$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$build_dir/CPackConfig.cmake" | head -1)"
arch="$(dpkg --print-architecture)"
(cd "$build_dir" && cpack -G DEB -B "$work/deb1" >"$work/cpack.log" 2>&1) \
  || { cat "$work/cpack.log"; fail "cpack -G DEB"; finish; }
deb="$work/deb1/sendcheck_${version}_${arch}.deb"
check "cpack made sendcheck_${version}_${arch}.deb" test -f "$deb"
[ -f "$deb" ] || finish
bump="${version}+pkgtest1"
(cd "$build_dir" && cpack -G DEB -B "$work/deb2" -D CPACK_PACKAGE_VERSION="$bump" \
  >"$work/cpack2.log" 2>&1) || { cat "$work/cpack2.log"; fail "cpack with a version bump"; }
deb2="$work/deb2/sendcheck_${bump}_${arch}.deb"

# --- the package's metadata ------------------------------------------------------------------
field() { dpkg-deb -f "$deb" "$1"; }
check "Package: sendcheck" test "$(field Package)" = sendcheck
check "Section: mail" test "$(field Section)" = mail
check "Maintainer set" test -n "$(field Maintainer)"
check "Description set" test -n "$(field Description)"
depends="$(field Depends)"
echo "     Depends: $depends"
check "Depends on publicsuffix" grep -q 'publicsuffix' <<<"$depends"
check "Depends from shlibdeps (libc6, libsqlite3)" \
  bash -c 'grep -q "libc6" <<<"$1" && grep -q "libsqlite3" <<<"$1"' _ "$depends"
check "no conffiles shipped" bash -c '! dpkg-deb -I "$1" conffiles >/dev/null 2>&1' _ "$deb"

expected=(
  /usr/bin/sendcheck
  /usr/bin/sendcheck-host
  /usr/lib/mozilla/native-messaging-hosts/sendcheck.json
  /usr/share/sendcheck/sendcheck.xpi
  /usr/share/doc/sendcheck/examples/policy.json
  /usr/share/doc/sendcheck/examples/thunderbird-policies.json
)
if ! command -v zip >/dev/null; then
  echo "     zip is missing: the package has no .xpi, not checking for it"
  expected=("${expected[@]/\/usr\/share\/sendcheck\/sendcheck.xpi}")
fi

# Tolerate missing dependencies (a CI runner without thunderbird etc.): the test installs what
# dpkg needs with apt only when dpkg -i reports unmet dependencies.
install_deb() {
  if ! dpkg -i "$1" >"$work/dpkg.log" 2>&1; then
    if grep -q 'dependency problems' "$work/dpkg.log" && command -v apt-get >/dev/null; then
      apt-get install -f -y >>"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; return 1; }
    else
      cat "$work/dpkg.log"; return 1
    fi
  fi
}

check_installed() {
  local label="$1" p
  for p in "${expected[@]}"; do
    [ -n "$p" ] || continue
    check "$label: $p" test -e "$p"
  done
  check "$label: binaries executable" test -x /usr/bin/sendcheck -a -x /usr/bin/sendcheck-host
  check "$label: /etc/sendcheck/ exists" test -d /etc/sendcheck
}

# --- install ---------------------------------------------------------------------------------
check "dpkg -i sendcheck_${version}" install_deb "$deb"
check "dpkg says installed" bash -c 'dpkg-query -W -f="\${Status}" sendcheck | grep -q "install ok installed"'
check_installed "installed"
dpkg-query -L sendcheck >"$work/owned" 2>/dev/null
for p in "${expected[@]}"; do
  [ -n "$p" ] || continue
  check "dpkg owns $p" grep -qx "$p" "$work/owned"
done

manifest=/usr/lib/mozilla/native-messaging-hosts/sendcheck.json
check "manifest path is /usr/bin/sendcheck-host" \
  python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1]))["path"] != "/usr/bin/sendcheck-host")' "$manifest"
check "manifest matches manifests/sendcheck.json.in" \
  bash -c 'diff <(sed "s|@SENDCHECK_HOST_PATH@|/usr/bin/sendcheck-host|" "$1") "$2"' _ \
  "$root/manifests/sendcheck.json.in" "$manifest"
check "xpi is a zip with manifest.json" \
  bash -c '[ ! -e /usr/share/sendcheck/sendcheck.xpi ] || python3 -c "import zipfile,sys; sys.exit(\"manifest.json\" not in zipfile.ZipFile(sys.argv[1]).namelist())" /usr/share/sendcheck/sendcheck.xpi'
check "thunderbird-policies.json force-installs the xpi" python3 - <<'PY'
import json, sys
p = json.load(open("/usr/share/doc/sendcheck/examples/thunderbird-policies.json"))["policies"]
e = p["ExtensionSettings"]["sendcheck@sendcheck.invalid"]
sys.exit(not (e["installation_mode"] == "force_installed"
              and e["install_url"] == "file:///usr/share/sendcheck/sendcheck.xpi"
              and "sendcheck@sendcheck.invalid" in p["3rdparty"]["Extensions"]))
PY

export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_DATA_HOME="$work/home/.local/share"
mkdir -p "$HOME"
unset SENDCHECK_DB SENDCHECK_CONFIG SENDCHECK_POLICY SENDCHECK_DESTDIR
hello() { python3 "$here/native_hello.py" "$manifest" >"$work/hello.out" 2>&1 || { cat "$work/hello.out"; return 1; }; }
check "sendcheck-host answers hello through the system manifest" hello
sed 's/^/     /' "$work/hello.out"

check "example policy.json is valid (settings show --policy)" \
  bash -c '/usr/bin/sendcheck settings show --policy /usr/share/doc/sendcheck/examples/policy.json >"$1" 2>&1 || { cat "$1"; exit 1; }' _ "$work/settings.out"

/usr/bin/sendcheck doctor >"$work/doctor.out" 2>&1
doctor_rc=$?
sed 's/^/     /' "$work/doctor.out"
check "sendcheck doctor finds nothing wrong (exit $doctor_rc)" test "$doctor_rc" -eq 0
check "sendcheck doctor finds the system manifest" grep -q "$manifest" "$work/doctor.out"

# A team policy the administrator wrote must survive upgrade, remove and purge.
cp /usr/share/doc/sendcheck/examples/policy.json /etc/sendcheck/policy.json
/usr/bin/sendcheck doctor >"$work/doctor2.out" 2>&1
check "sendcheck doctor with /etc/sendcheck/policy.json finds nothing wrong" test $? -eq 0
check "sendcheck doctor reads the team policy" grep -Eq 'team policy: +ok +/etc/sendcheck/policy.json' "$work/doctor2.out"

# --- upgrade ---------------------------------------------------------------------------------
check "reinstall the same version" install_deb "$deb"
check_installed "reinstalled"
if [ -f "$deb2" ]; then
  check "upgrade to $bump" install_deb "$deb2"
  check "dpkg reports $bump" test "$(dpkg-query -W -f='${Version}' sendcheck)" = "$bump"
  check_installed "upgraded"
  check "hello after upgrade" hello
fi
check "upgrade kept /etc/sendcheck/policy.json" test -f /etc/sendcheck/policy.json

# --- remove and purge ------------------------------------------------------------------------
dpkg-query -L sendcheck >"$work/owned" 2>/dev/null
touch "$HOME/.local-marker"
check "dpkg -r sendcheck" bash -c 'dpkg -r sendcheck >"$1" 2>&1 || { cat "$1"; exit 1; }' _ "$work/rm.log"
left_files() {
  local p n=0
  while IFS= read -r p; do
    [ -n "$p" ] || continue
    if [ -e "$p" ] && [ ! -d "$p" ]; then echo "     left: $p"; n=$((n + 1)); fi
  done <"$work/owned"
  for p in /usr/share/sendcheck /usr/share/doc/sendcheck; do
    if [ -e "$p" ]; then echo "     left: $p"; n=$((n + 1)); fi
  done
  [ "$n" -eq 0 ]
}
check "dpkg -r left no file the package owned" left_files
check "dpkg -r kept /etc/sendcheck/policy.json" test -f /etc/sendcheck/policy.json
check "dpkg -r kept the user's files" test -f "$HOME/.local-marker"
check "dpkg -P sendcheck (with a policy)" bash -c 'dpkg -P sendcheck >"$1" 2>&1 || { cat "$1"; exit 1; }' _ "$work/purge.log"
check "purge kept a non-empty /etc/sendcheck" test -f /etc/sendcheck/policy.json
rm -f /etc/sendcheck/policy.json

# Install and purge straight away: /etc/sendcheck/ (empty) goes.
check "dpkg -i again" install_deb "$deb"
check "dpkg -P sendcheck" bash -c 'dpkg -P sendcheck >"$1" 2>&1 || { cat "$1"; exit 1; }' _ "$work/purge2.log"
check "dpkg knows nothing of sendcheck" bash -c '! dpkg-query -W sendcheck >/dev/null 2>&1'
check "purge left no file the package owned" left_files
if [ "$etc_existed" -eq 0 ]; then
  check "purge removed the empty /etc/sendcheck" test ! -e /etc/sendcheck
fi
check "purge kept the user's files" test -f "$HOME/.local-marker"

finish
