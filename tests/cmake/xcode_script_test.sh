#!/usr/bin/env bash
# xcode.run_script: examples/xcode/codeless-run-script.sh as Xcode runs it
# (SRCROOT, DERIVED_FILE_DIR and CODELESS in the environment), with the real
# binary and a copy of examples/dext-usb-claim.json:
#   1. --update-lists writes the sources and both file lists, whose paths
#      under SRCROOT read $(SRCROOT)/...;
#   2. a phase run with the lists up to date succeeds and says nothing;
#   3. a renamed dext class fails the phase with the error naming the stale
#      list and the command that updates it;
#   4. a missing codeless fails it with an error that says so.
#
# usage: xcode_script_test.sh CODELESS SOURCE_DIR WORK_DIR
set -euo pipefail

codeless=$1 src=$2 work=$3
script=$src/examples/xcode/codeless-run-script.sh

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

rm -rf "$work"
mkdir -p "$work/project" "$work/derived"
cp "$src/examples/dext-usb-claim.json" "$work/project/driver.json"
generated=$work/project/Generated

phase() {
  SRCROOT=$work/project DERIVED_FILE_DIR=$work/derived CODELESS=$codeless \
    sh "$script" "$@"
}

# 1. The lists, once, as from Terminal.
phase --update-lists >"$work/update.out" 2>"$work/update.err" ||
  fail "--update-lists failed: $(cat "$work/update.err")"
for f in AcmeClaimDriver/Info.plist AcmeClaimDriver/AcmeClaimDriver.entitlements \
  AcmeClaimDriver/AcmeClaimDriver.iig AcmeClaimDriver/AcmeClaimDriver.cpp \
  codeless-inputs.xcfilelist codeless-outputs.xcfilelist; do
  [[ -f $generated/$f ]] || fail "no Generated/$f"
done
grep -qxF '$(SRCROOT)/driver.json' "$generated/codeless-inputs.xcfilelist" ||
  fail "the inputs list does not name \$(SRCROOT)/driver.json: $(cat "$generated/codeless-inputs.xcfilelist")"
grep -qxF '$(SRCROOT)/Generated/AcmeClaimDriver/AcmeClaimDriver.cpp' \
  "$generated/codeless-outputs.xcfilelist" ||
  fail "the outputs list does not name the .cpp: $(cat "$generated/codeless-outputs.xcfilelist")"
if grep -qF "$work/project/" "$generated"/*.xcfilelist; then
  fail "a list names a path under SRCROOT without \$(SRCROOT): $(cat "$generated"/*.xcfilelist)"
fi

# 2. The phase with the lists up to date.
phase >"$work/build.out" 2>"$work/build.err" || fail "the phase failed: $(cat "$work/build.err")"
[[ ! -s $work/build.err ]] || fail "the phase printed: $(cat "$work/build.err")"

# 3. A renamed class: the outputs list is stale.
sed -i 's/"class": "AcmeClaimDriver"/"class": "AcmeClaimService"/' "$work/project/driver.json"
if phase >"$work/renamed.out" 2>"$work/renamed.err"; then
  fail "the phase succeeded with stale lists"
fi
grep -qF "error: $generated/codeless-outputs.xcfilelist is out of date: codeless now reads or writes other files. In the project folder run: sh codeless-run-script.sh --update-lists" \
  "$work/renamed.err" || fail "no stale-list error: $(cat "$work/renamed.err")"

# 4. No codeless.
if SRCROOT=$work/project DERIVED_FILE_DIR=$work/derived CODELESS=$work/no-such-codeless \
  sh "$script" >"$work/missing.out" 2>"$work/missing.err"; then
  fail "the phase succeeded without codeless"
fi
grep -qF "error: codeless not found (looked for '$work/no-such-codeless'" "$work/missing.err" ||
  fail "no missing-codeless error: $(cat "$work/missing.err")"
echo "xcode.run_script: all checks passed"
