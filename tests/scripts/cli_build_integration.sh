#!/usr/bin/env bash
# generate in a build: only changed files are rewritten, stale outputs are
# removed, --check gates drift with a diff that patch(1) applies, --xcode
# paths, $(VAR) from the environment, --depfile and --xcfilelist
# (PRODUCT.md §7). Real binary, real disk, real patch.
#   cli_build_integration.sh REPO WORK   (CODELESS=path/to/codeless)
set -euo pipefail
repo=$1
work=$2
codeless=${CODELESS:?}
rm -rf "$work"
mkdir -p "$work"
cd "$work"
cp "$repo/examples/both-targets.json" d.json
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
expect_eq() {  # what, expected, actual
  if [ "$2" != "$3" ]; then
    fail "$1"
    diff <(printf '%s\n' "$2") <(printf '%s\n' "$3") >&2 || true
  fi
}
mtimes() {  # every output's modification time, to the nanosecond
  python3 -c 'import os,sys; [print(p, os.stat(p).st_mtime_ns) for p in sorted(sys.argv[1:])]' $(find out -type f)
}
edit() {  # edit FILE SED-SCRIPT, as GNU and BSD sed both take it
  sed -i.orig "$2" "$1" && rm -f "$1.orig"
}

"$codeless" generate d.json -o out >/dev/null
touch -t 200101010000 $(find out -type f)
before=$(mtimes)

# A second run writes nothing and says so.
out=$("$codeless" generate d.json -o out)
expect_eq "second run output" "up to date: 6 files in out" "$out"
expect_eq "second run touched files" "$before" "$(mtimes)"

# --check: up to date, exit 0, nothing on standard output.
out=$("$codeless" generate d.json -o out --check) || fail "--check on fresh output exited $?"
expect_eq "--check output when up to date" "" "$out"

# A hand-edited output: exit 1, a diff, the file named; nothing written.
edit out/AcmeWidget.kext/Contents/Info.plist 's/com.acme.driver.AcmeWidget.kext</com.acme.driver.Edited</'
touch -t 200101010000 out/AcmeWidget.kext/Contents/Info.plist
edited=$(mtimes)
set +e
diff_out=$("$codeless" generate d.json -o out --check 2>check.err)
status=$?
set -e
expect_eq "--check exit on an edited file" 1 "$status"
expect_eq "--check diagnostics" \
  "out/AcmeWidget.kext/Contents/Info.plist: error: out of date: differs from what d.json generates (the diff shows how); run 'codeless generate d.json -o out' to update it [output-stale]" \
  "$(cat check.err)"
expect_eq "--check diff" "--- out/AcmeWidget.kext/Contents/Info.plist
+++ out/AcmeWidget.kext/Contents/Info.plist
@@ -5,7 +5,7 @@
 	<key>CFBundleDevelopmentRegion</key>
 	<string>en</string>
 	<key>CFBundleIdentifier</key>
-	<string>com.acme.driver.Edited</string>
+	<string>com.acme.driver.AcmeWidget.kext</string>
 	<key>CFBundleInfoDictionaryVersion</key>
 	<string>6.0</string>
 	<key>CFBundleName</key>" "$diff_out"
expect_eq "--check wrote" "$edited" "$(mtimes)"
# The diff is a patch: applied, the output is up to date again.
printf '%s\n' "$diff_out" | patch -s -p0
"$codeless" generate d.json -o out --check >/dev/null || fail "--check after patch"
cmp -s out/AcmeWidget.kext/Contents/Info.plist "$repo/tests/golden/examples/both-targets/out/AcmeWidget.kext/Contents/Info.plist" ||
  fail "patched Info.plist differs from the golden"

# A renamed dext class: --check names the missing and the stale files; a
# generate then replaces them and leaves a file of the user's alone.
echo "mine" >out/AcmeWidget/NOTES.txt
edit d.json 's/AcmeWidgetDriver/AcmeGadgetDriver/'
set +e
"$codeless" generate d.json -o out --check >/dev/null 2>check.err
status=$?
set -e
expect_eq "--check exit on a renamed class" 1 "$status"
expect_eq "--check names missing and stale files" \
  "out/AcmeWidget/AcmeGadgetDriver.cpp: error: missing: d.json generates this file; run 'codeless generate d.json -o out' to write it [output-stale]
out/AcmeWidget/AcmeGadgetDriver.iig: error: missing: d.json generates this file; run 'codeless generate d.json -o out' to write it [output-stale]
out/AcmeWidget/Info.plist: error: out of date: differs from what d.json generates (the diff shows how); run 'codeless generate d.json -o out' to update it [output-stale]
out/AcmeWidget/AcmeWidgetDriver.cpp: error: codeless wrote this file before, but d.json no longer generates it; run 'codeless generate d.json -o out' to remove it [output-stale]
out/AcmeWidget/AcmeWidgetDriver.iig: error: codeless wrote this file before, but d.json no longer generates it; run 'codeless generate d.json -o out' to remove it [output-stale]" \
  "$(cat check.err)"
json=$("$codeless" generate d.json -o out --format json)
expect_eq "generate --format json lists" \
  '{"removed": ["out/AcmeWidget/AcmeWidgetDriver.cpp", "out/AcmeWidget/AcmeWidgetDriver.iig"], "unchanged": ["out/AcmeWidget.kext/Contents/Info.plist", "out/AcmeWidget/AcmeWidget.entitlements", "out/AcmeWidget/AcmeWidget.xcconfig"], "written": ["out/AcmeWidget/AcmeGadgetDriver.cpp", "out/AcmeWidget/AcmeGadgetDriver.iig", "out/AcmeWidget/Info.plist"]}' \
  "$(printf '%s' "$json" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(json.dumps({k: d[k] for k in ("removed","unchanged","written")}, sort_keys=True))')"
expect_eq "files after the rename" "out/.codeless-outputs
out/AcmeWidget.kext/Contents/Info.plist
out/AcmeWidget/AcmeGadgetDriver.cpp
out/AcmeWidget/AcmeGadgetDriver.iig
out/AcmeWidget/AcmeWidget.entitlements
out/AcmeWidget/AcmeWidget.xcconfig
out/AcmeWidget/Info.plist
out/AcmeWidget/NOTES.txt" "$(find out -type f | sort)"

# --depfile and --xcfilelist name every output; written once, then kept.
"$codeless" generate d.json -o out --depfile deps/d.d --xcfilelist lists >/dev/null
expect_eq "depfile" 'out/AcmeWidget.kext/Contents/Info.plist \
  out/AcmeWidget/AcmeGadgetDriver.cpp \
  out/AcmeWidget/AcmeGadgetDriver.iig \
  out/AcmeWidget/AcmeWidget.entitlements \
  out/AcmeWidget/AcmeWidget.xcconfig \
  out/AcmeWidget/Info.plist: d.json' "$(cat deps/d.d)"
expect_eq "inputs xcfilelist" "d.json" "$(cat lists/codeless-inputs.xcfilelist)"
expect_eq "outputs xcfilelist" "out/AcmeWidget.kext/Contents/Info.plist
out/AcmeWidget/AcmeGadgetDriver.cpp
out/AcmeWidget/AcmeGadgetDriver.iig
out/AcmeWidget/AcmeWidget.entitlements
out/AcmeWidget/AcmeWidget.xcconfig
out/AcmeWidget/Info.plist" "$(cat lists/codeless-outputs.xcfilelist)"

# $(VAR) from the environment; --xcode prints absolute paths; under
# SRCROOT the xcconfig names files relative to it, the project directory.
edit d.json 's/"version": "[^"]*"/"version": "$(CURRENT_PROJECT_VERSION)"/'
set +e
err=$(env -u CURRENT_PROJECT_VERSION "$codeless" generate d.json -o out --xcode 2>&1 >/dev/null)
status=$?
set -e
expect_eq "unset variable exit" 1 "$status"
case "$err" in
  "$work/d.json:9:17: error: in \"bundle.version\": "*"the variable CURRENT_PROJECT_VERSION is not set"*"[desc-variable]") ;;
  *) fail "unset variable diagnostic: $err" ;;
esac
SRCROOT=$work CURRENT_PROJECT_VERSION=7.1 "$codeless" generate d.json -o "$work/out" >/dev/null
grep -q '<string>7.1</string>' out/AcmeWidget/Info.plist || fail "CURRENT_PROJECT_VERSION not expanded"
expect_eq "xcconfig under SRCROOT" 'INFOPLIST_FILE = out/AcmeWidget/Info.plist' \
  "$(grep "^INFOPLIST_FILE" out/AcmeWidget/AcmeWidget.xcconfig)"
# ... the same bytes as a run from the project directory without SRCROOT
# (a CI job's --check), so the gate passes on what Xcode wrote.
CURRENT_PROJECT_VERSION=7.1 "$codeless" generate d.json -o out --check >/dev/null ||
  fail "--check without SRCROOT finds what a run under SRCROOT wrote stale"

# --disable: an unknown rule is a usage error with the closest rule.
set +e
err=$("$codeless" generate d.json -o out --disable match-al 2>&1)
status=$?
set -e
expect_eq "--disable unknown exit" 2 "$status"
expect_eq "--disable unknown message" \
  "codeless: error: unknown rule \"match-al\" (did you mean \"match-all\"?); run 'codeless explain' for the list of rules [usage]" "$err"

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)" >&2
  exit 1
fi
echo "build integration: all checks passed"
