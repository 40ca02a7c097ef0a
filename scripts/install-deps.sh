#!/usr/bin/env bash
# Installs what SendCheck needs to build and test, from Debian 12's packages.
# Runs apt-get only when something is missing, so it is cheap to call again.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libgmime-3.0-dev libicu-dev libpsl-dev publicsuffix libsqlite3-dev sqlite3
  nlohmann-json3-dev libboost-test-dev
  libcpprest-dev libssl-dev
  zip file python3
  nsis
  clang-format clang-tidy
  clang libclang-rt-14-dev
  thunderbird
)
# node (20 or newer) runs the add-on's tests and drives the end-to-end test; machines of this
# project's kind ship it, Debian's nodejs package is the fallback.
command -v node >/dev/null || packages+=(nodejs)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
echo "installing: ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
