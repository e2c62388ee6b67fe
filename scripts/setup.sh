#!/usr/bin/env bash
# Installs what codeless needs (only what is missing), then configures and
# builds it. Each mode installs only what it builds:
#   scripts/setup.sh           the codeless binary, in build/ (scripts/codeless)
#   scripts/setup.sh --tests   the binary and the test suite, in build/ (scripts/test)
#   scripts/setup.sh --libcxx  the same with clang and libc++, in build-libcxx/
#                              (scripts/test --libcxx, run by .ci/run)
#   scripts/setup.sh --sanitize  the same with ASan and UBSan (-O1), in
#                              build-sanitize/ (scripts/test --sanitize, .ci/run)
# On Debian it installs the missing packages with apt-get, through sudo when
# not root. Elsewhere (macOS) it installs nothing: README, "Building on a Mac".
# CODELESS_CMAKE_ARGS holds more CMake arguments; when set, the build folder
# is configured again with them. Everything it prints goes to standard error.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

mode=binary
case "${1:-}" in
  "") ;;
  --tests) mode=tests ;;
  --libcxx) mode=libcxx ;;
  --sanitize) mode=sanitize ;;
  *)
    echo "usage: scripts/setup.sh [--tests | --libcxx | --sanitize]" >&2
    exit 2
    ;;
esac

# Debian's packages, by what needs them.
binary_packages=(cmake ninja-build g++ nlohmann-json3-dev libfmt-dev libcli11-dev
                 usb.ids pci.ids)
# valijson is not here: its headers are extracted from Debian's package
# without its dependencies (fetch_valijson below).
# patch: --check's diff applied (cli.build_integration); zsh, groff-base,
# man-db: the completions and the man page, tested in the real tools;
# dpkg-dev, file: the CPack .deb's computed dependencies (cpack.deb).
test_packages=(libgtest-dev libpugixml-dev libxml2-utils python3 python3-yaml
               patch zsh groff-base man-db dpkg-dev file)
# ruby: `ruby -c` of the Homebrew formula (test homebrew.formula), in CI only.
libcxx_packages=(clang libc++-dev libc++abi-dev googletest ruby)
packages=("${binary_packages[@]}")
[ "$mode" = binary ] || packages+=("${test_packages[@]}")
[ "$mode" = libcxx ] && packages+=("${libcxx_packages[@]}")

debian=false
command -v dpkg-query >/dev/null && command -v apt-get >/dev/null && debian=true
sudo=""
[ "$(id -u)" = 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive

install_missing() {
  local missing=() package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$package")
  done
  [ ${#missing[@]} -gt 0 ] || return 0
  echo "codeless: installing ${missing[*]}" >&2
  $sudo apt-get update -qq >&2
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# The tests' schema oracle, valijson, is header-only, but Debian's
# libvalijson-dev depends on the library of every JSON parser it has an
# adapter for (Qt 5, Poco, MariaDB, yaml-cpp, ...), which doubles what the
# set-up installs. Its package is downloaded (no root needed) and unpacked
# with dpkg -x into build/deps/valijson, where CMake finds its package
# configuration (-DCODELESS_VALIJSON_ROOT). Once there, no network is needed.
valijson_root="$repo/build/deps/valijson"
fetch_valijson() {
  [ -f "$valijson_root/usr/include/valijson/validator.hpp" ] && return 0
  local download
  download=$(mktemp -d)
  echo "codeless: extracting valijson's headers into $valijson_root" >&2
  if ! (cd "$download" && apt-get download -qq libvalijson-dev >&2 2>/dev/null); then
    $sudo apt-get update -qq >&2
    (cd "$download" && apt-get download -qq libvalijson-dev >&2)
  fi
  rm -rf "$valijson_root.partial"
  mkdir -p "$(dirname "$valijson_root")"
  dpkg -x "$download"/libvalijson-dev_*.deb "$valijson_root.partial"
  rm -rf "$download" "$valijson_root"
  mv "$valijson_root.partial" "$valijson_root"
}

if $debian; then
  install_missing "${packages[@]}"
  [ "$mode" = binary ] || fetch_valijson
fi

build="$repo/build"
[ "$mode" = libcxx ] && build="$repo/build-libcxx"
[ "$mode" = sanitize ] && build="$repo/build-sanitize"
args=(-S "$repo" -B "$build" -G Ninja)
if [ "$mode" = binary ]; then
  [ -f "$build/CMakeCache.txt" ] || args+=(-DCODELESS_BUILD_TESTS=OFF)
else
  args+=(-DCODELESS_BUILD_TESTS=ON)
  if $debian; then args+=("-DCODELESS_VALIJSON_ROOT=$valijson_root"); fi
fi
if [ "$mode" = libcxx ] && [ ! -f "$build/CMakeCache.txt" ]; then
  args+=(-DCMAKE_CXX_COMPILER=clang++ -DCODELESS_LIBCXX=ON)
fi
# ASan + UBSan (cmake/Sanitize.cmake) at -O1, with assertions: the build
# type Debug with -O1 in place of -O0, which would make the suite slow.
if [ "$mode" = sanitize ] && [ ! -f "$build/CMakeCache.txt" ]; then
  args+=(-DCODELESS_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g")
fi
# Configure when there is no build yet, when the tests are wanted from a
# build configured without them, or when CODELESS_CMAKE_ARGS asks for more.
if [ ! -f "$build/build.ninja" ] || [ -n "${CODELESS_CMAKE_ARGS:-}" ] ||
   { [ "$mode" != binary ] && ! grep -q '^CODELESS_BUILD_TESTS:BOOL=ON$' "$build/CMakeCache.txt"; }; then
  # shellcheck disable=SC2086  # CODELESS_CMAKE_ARGS is a list of words
  cmake "${args[@]}" ${CODELESS_CMAKE_ARGS:-} >&2
fi
if [ "$mode" = binary ]; then
  cmake --build "$build" --target codeless >&2
else
  cmake --build "$build" >&2
fi
