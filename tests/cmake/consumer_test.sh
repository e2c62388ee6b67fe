#!/usr/bin/env bash
# cmake.consumer: the installed CMake package, as a vendor's project uses it.
#
# Installs this build into a fresh prefix (exactly the expected files), then
# configures examples/cmake/CMakeLists.txt against it with Ninja, a copy of
# examples/both-targets.json as its descriptor, and checks at each step:
#   1. the first build runs `codeless generate` and writes what a direct run
#      of the installed codeless writes, byte for byte; the custom command's
#      outputs are exactly the files written;
#   2. a second build does nothing (ninja: no work to do, no file touched);
#   3. a touched descriptor reruns the command, which rewrites no file (same
#      bytes, same modification times), and the build after that does nothing;
#   4. a changed value reruns it: the Info.plists hold the new value and
#      changed, the entitlements (without the value) did not;
#   5. a renamed dext class re-runs CMake: the new class's files are the
#      outputs, the old ones are gone.
#
# usage: consumer_test.sh CMAKE NINJA BUILD_DIR CONFIG SOURCE_DIR WORK_DIR
set -euo pipefail

cmake=$1 ninja=$2 build=$3 config=$4 src=$5 work=$6

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

rm -rf "$work"
mkdir -p "$work"
prefix=$work/prefix

# --- The install tree: the command, its man page and completions, the
# package; no library, header or test.
"$cmake" --install "$build" --prefix "$prefix" ${config:+--config "$config"} \
  >"$work/install.log" || fail "cmake --install failed: $(cat "$work/install.log")"
config_lower=$(printf '%s' "${config:-noconfig}" | tr '[:upper:]' '[:lower:]')
expected="bin/codeless
share/cmake/codeless/codelessConfig.cmake
share/cmake/codeless/codelessConfigVersion.cmake
share/cmake/codeless/codelessGenerate.cmake
share/cmake/codeless/codelessTargets-$config_lower.cmake
share/cmake/codeless/codelessTargets.cmake"
# Written in the repository on their own; installed whenever they are there.
[[ -f $src/man/codeless.1 ]] && expected+=$'\nshare/man/man1/codeless.1'
[[ -f $src/completions/codeless.bash ]] &&
  expected+=$'\nshare/bash-completion/completions/codeless'
[[ -f $src/completions/_codeless ]] &&
  expected+=$'\nshare/zsh/site-functions/_codeless'
expected=$(printf '%s\n' "$expected" | LC_ALL=C sort)
installed=$(cd "$prefix" && find . \( -type f -o -type l \) | sed 's|^\./||' | LC_ALL=C sort)
[[ $installed == "$expected" ]] ||
  fail "installed files differ from the expected ones:
$(diff <(printf '%s\n' "$expected") <(printf '%s\n' "$installed"))"
[[ -x $prefix/bin/codeless ]] || fail "bin/codeless is not executable"
codeless=$prefix/bin/codeless

# --- The consumer project, in a folder of its own so that it can be edited.
project=$work/project
consumer=$work/consumer
generated=$consumer/generated
mkdir -p "$project"
cp "$src/examples/cmake/CMakeLists.txt" "$project/CMakeLists.txt"
cp "$src/examples/both-targets.json" "$project/driver.json"

"$cmake" -S "$project" -B "$consumer" -G Ninja "-DCMAKE_MAKE_PROGRAM=$ninja" \
  "-DCMAKE_PREFIX_PATH=$prefix" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF \
  >"$work/configure.log" 2>&1 || fail "configure failed: $(cat "$work/configure.log")"
grep -qx "codeless_DIR:PATH=$prefix/share/cmake/codeless" "$consumer/CMakeCache.txt" ||
  fail "codeless was not found in $prefix: $(grep codeless_DIR "$consumer/CMakeCache.txt")"

# build NAME: one `cmake --build`; its output in $work/NAME.log.
build() {
  "$cmake" --build "$consumer" >"$work/$1.log" 2>&1 ||
    fail "$1: the build failed: $(cat "$work/$1.log")"
}
reran() {
  grep -q "codeless: generating acme_widget_driver_sources from driver.json" "$work/$1.log"
}
# Nothing to do: ninja says so and explains no edge as dirty.
nothing_to_do() {
  local out
  out=$("$ninja" -C "$consumer" -d explain 2>&1) || fail "$1: ninja failed: $out"
  [[ $out == "ninja: Entering directory \`$consumer'"$'\n'"ninja: no work to do." ]] ||
    fail "$1: the build was not up to date:
$out"
}
# The files under generated/ with their modification times (nanoseconds).
stamps() {
  (cd "$generated" && find . -type f -printf '%P %T@\n' | LC_ALL=C sort)
}
# The generated files are what the installed codeless writes when run by
# hand, byte for byte (generate --check says so without writing; the build
# settings file names the output folder, so a run into another folder would
# differ), and exactly the outputs of the custom command.
matches_direct_run() {
  "$codeless" generate "$project/driver.json" -o "$generated" --target all \
    --check >"$work/$1.diff" 2>"$work/direct.log" ||
    fail "$1: the build's outputs differ from codeless's own: $(cat "$work/direct.log" "$work/$1.diff")"
  local outputs files
  outputs=$("$ninja" -C "$consumer" -t targets rule CUSTOM_COMMAND |
    sed -n 's|^generated/||p' | LC_ALL=C sort)
  files=$(cd "$generated" && find . -type f | sed 's|^\./||' | LC_ALL=C sort)
  # The record of what codeless wrote is an output only if codeless reports it.
  grep -qx .codeless-outputs <<<"$outputs" || files=$(grep -vx .codeless-outputs <<<"$files")
  [[ $outputs == "$files" ]] || fail "$1: the custom command's outputs are not the files written:
$(diff <(printf '%s\n' "$outputs") <(printf '%s\n' "$files"))"
}

kext_plist=AcmeWidget.kext/Contents/Info.plist
dext_plist=AcmeWidget/Info.plist
entitlements=AcmeWidget/AcmeWidget.entitlements

# 1. The first build generates.
build first
reran first || fail "first: codeless did not run: $(cat "$work/first.log")"
for f in "$kext_plist" "$dext_plist" AcmeWidget/AcmeWidgetDriver.iig \
  AcmeWidget/AcmeWidgetDriver.cpp "$entitlements"; do
  [[ -f $generated/$f ]] || fail "first: no generated/$f"
done
matches_direct_run first

# 2. Built again: nothing.
before=$(stamps)
nothing_to_do second
[[ $(stamps) == "$before" ]] || fail "second: a generated file changed"

# 3. A touched descriptor: the command reruns and rewrites nothing.
sleep 1
touch "$project/driver.json"
build touched
reran touched || fail "touched: codeless did not rerun: $(cat "$work/touched.log")"
[[ $(stamps) == "$before" ]] || fail "touched: codeless rewrote files whose bytes did not change:
$(diff <(printf '%s\n' "$before") <(stamps))"
matches_direct_run touched
nothing_to_do after-touch

# 4. A changed value: the files holding it change, the others do not.
sleep 1
sed -i 's/"version": "2.0.0"/"version": "2.1.0"/' "$project/driver.json"
grep -q '"version": "2.1.0"' "$project/driver.json" || fail "edit: the version was not edited"
build edited
reran edited || fail "edited: codeless did not rerun: $(cat "$work/edited.log")"
matches_direct_run edited
for f in "$kext_plist" "$dext_plist"; do
  grep -q '<string>2.1.0</string>' "$generated/$f" || fail "edited: $f does not hold 2.1.0"
  [[ $(grep "^$f " <<<"$before") != $(stamps | grep "^$f ") ]] ||
    fail "edited: $f was not rewritten"
done
[[ $(grep "^$entitlements " <<<"$before") == $(stamps | grep "^$entitlements ") ]] ||
  fail "edited: $entitlements was rewritten though its bytes did not change"
nothing_to_do after-edit

# 5. A renamed dext class: new outputs, found by re-running CMake.
sleep 1
sed -i 's/"class": "AcmeWidgetDriver"/"class": "AcmeGadgetDriver"/' "$project/driver.json"
build renamed
grep -q "Re-running CMake" "$work/renamed.log" ||
  fail "renamed: CMake did not re-run: $(cat "$work/renamed.log")"
reran renamed || fail "renamed: codeless did not rerun: $(cat "$work/renamed.log")"
for f in AcmeWidget/AcmeGadgetDriver.iig AcmeWidget/AcmeGadgetDriver.cpp; do
  [[ -f $generated/$f ]] || fail "renamed: no generated/$f"
done
for f in AcmeWidget/AcmeWidgetDriver.iig AcmeWidget/AcmeWidgetDriver.cpp; do
  [[ ! -e $generated/$f ]] || fail "renamed: the old class's $f is still there"
done
matches_direct_run renamed
nothing_to_do after-rename

echo "cmake.consumer: all checks passed"
