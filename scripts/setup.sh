#!/usr/bin/env bash
# Installs what codeless needs from Debian's packages (only what is missing),
# then configures and builds it in build/. Sourced by the other scripts.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
packages=(cmake ninja-build g++ nlohmann-json3-dev libfmt-dev libpugixml-dev libcli11-dev
          libvalijson-dev libgtest-dev libxml2-utils python3 usb.ids pci.ids)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "codeless: installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >&2
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
if [ ! -f "$repo/build/build.ninja" ]; then
  cmake -S "$repo" -B "$repo/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCODELESS_BUILD_TESTS=ON ${CODELESS_CMAKE_ARGS:-} >&2
fi
cmake --build "$repo/build" >&2
