#!/usr/bin/env bash
# cpack.deb: `cpack -G DEB` of this build makes codeless_VERSION_ARCH.deb
# with the expected control fields (Depends computed by dpkg-shlibdeps, so
# naming libfmt and libc6) and exactly the expected files under /usr; its
# binary runs and is stripped of debug information.
#
# usage: deb_test.sh CPACK DPKG_DEB BUILD_DIR CONFIG SOURCE_DIR VERSION WORK_DIR
set -euo pipefail

cpack=$1 dpkg_deb=$2 build=$3 config=$4 src=$5 version=$6 work=$7

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

rm -rf "$work"
mkdir -p "$work"
"$cpack" -G DEB -B "$work" --config "$build/CPackConfig.cmake" ${config:+-C "$config"} \
  >"$work/cpack.log" 2>&1 || fail "cpack failed: $(cat "$work/cpack.log")"
arch=$(dpkg --print-architecture)
deb=$work/codeless_${version}_${arch}.deb
[[ -f $deb ]] || fail "no $deb: $(ls "$work")"

field() {
  "$dpkg_deb" -f "$deb" "$1"
}
[[ $(field Package) == codeless ]] || fail "Package: $(field Package)"
[[ $(field Version) == "$version" ]] || fail "Version: $(field Version)"
[[ $(field Architecture) == "$arch" ]] || fail "Architecture: $(field Architecture)"
[[ $(field Maintainer) == "codeless maintainers <maintainers@codeless.invalid>" ]] ||
  fail "Maintainer: $(field Maintainer)"
[[ $(field Section) == devel ]] || fail "Section: $(field Section)"
depends=$(field Depends)
# Depends follows what the binary links: Debian's shared fmt and libstdc++
# in the g++ build; libc++ (and fmt header-only, so no libfmt) in the
# clang + libc++ build.
if grep -q 'libc++' <<<"$depends"; then
  expected_libraries="libc6 libc\+\+1-[0-9]+"
  grep -q libfmt <<<"$depends" && fail "a libc++ build depends on libfmt: $depends"
else
  expected_libraries="libc6 libfmt[0-9] libstdc\+\+6"
fi
for library in $expected_libraries; do
  grep -Eq "(^|, )$library( |,|$)" <<<"$depends" || fail "Depends lacks $library: $depends"
done

# Regular files only (dpkg-deb -c lists folders too), as paths.
files=$("$dpkg_deb" -c "$deb" | awk '$1 ~ /^-/ { print $NF }' | LC_ALL=C sort)
expected="./usr/bin/codeless
./usr/share/cmake/codeless/codelessConfig.cmake
./usr/share/cmake/codeless/codelessConfigVersion.cmake
./usr/share/cmake/codeless/codelessGenerate.cmake
./usr/share/cmake/codeless/codelessTargets-$(printf '%s' "${config:-noconfig}" | tr '[:upper:]' '[:lower:]').cmake
./usr/share/cmake/codeless/codelessTargets.cmake"
# Written in the repository on their own; packaged whenever they are there.
[[ -f $src/man/codeless.1 ]] && expected+=$'\n./usr/share/man/man1/codeless.1'
[[ -f $src/completions/codeless.bash ]] &&
  expected+=$'\n./usr/share/bash-completion/completions/codeless'
[[ -f $src/completions/_codeless ]] &&
  expected+=$'\n./usr/share/zsh/site-functions/_codeless'
expected=$(printf '%s\n' "$expected" | LC_ALL=C sort)
[[ $files == "$expected" ]] || fail "the package's files differ from the expected ones:
$(diff <(printf '%s\n' "$expected") <(printf '%s\n' "$files"))"

# The packaged binary runs, and CPACK_STRIP_FILES left no debug sections.
"$dpkg_deb" -x "$deb" "$work/root"
out=$("$work/root/usr/bin/codeless" --version) || fail "codeless --version failed: $out"
grep -q "$version" <<<"$out" || fail "codeless --version does not name $version: $out"
if readelf -S "$work/root/usr/bin/codeless" | grep -q '\.debug_info'; then
  fail "usr/bin/codeless has debug information"
fi
echo "cpack.deb: all checks passed"
