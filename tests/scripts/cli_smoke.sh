#!/usr/bin/env bash
# The real binary, end to end: exit statuses, nothing written on error,
# and the documents the informational commands print.
# usage: CODELESS=path CODELESS_VERSION=x.y.z cli_smoke.sh SOURCE_DIR WORK_DIR
set -u
source_dir=$1
work=$2
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
start_work "$work"

"$CODELESS" --help >/dev/null; check "--help" 0 $?
catalog_version=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['catalogVersion'])" "$source_dir/schemas/catalog.json")
[ "$("$CODELESS" --version)" = "codeless $CODELESS_VERSION (catalog $catalog_version)" ]
check "--version prints the version and the catalog's" 0 $?
"$CODELESS" >/dev/null 2>&1; check "no command" 2 $?
"$CODELESS" frobnicate >/dev/null 2>&1; check "unknown command" 2 $?
# A mistyped command or option is named, with the closest known name.
[ "$("$CODELESS" gen 2>&1)" = "codeless: error: unknown command \"gen\" (did you mean \"generate\"?); run 'codeless --help' for the commands and their options [usage]" ]
check "a command's prefix is suggested" 0 $?
[ "$("$CODELESS" generate d.json --frmat json 2>&1)" = "codeless: error: unknown option \"--frmat\" for generate (did you mean \"--format\"?); run 'codeless --help' for the commands and their options [usage]" ]
check "a misspelt option is suggested" 0 $?
"$CODELESS" generate >/dev/null 2>"$work/usage.err"; check "generate without descriptor" 2 $?
[ "$(cat "$work/usage.err")" = "codeless: error: descriptor is required; run 'codeless --help' for the commands and their options [usage]" ]
check "a usage error is one diagnostic" 0 $?
"$CODELESS" generate "$source_dir/examples/hid-mouse.json" --target nope >/dev/null 2>&1
check "bad --target" 2 $?
"$CODELESS" generate "$source_dir/examples/hid-mouse.json" --target 1 -o "$work/t1" >/dev/null 2>&1
check "--target takes words only" 2 $?

"$CODELESS" generate "$source_dir/examples/hid-mouse.json" -o "$work/ok" >"$work/ok.out" 2>&1
check "generate an example" 0 $?
[ -f "$work/ok/AcmeMouse.kext/Contents/Info.plist" ]; check "kext written" 0 $?
grep -qx "wrote $work/ok/AcmeMouse.kext/Contents/Info.plist" "$work/ok.out"
check "generate says where it wrote" 0 $?
[ -z "$(find "$work/ok" -name '*codeless-tmp*')" ]; check "no temporary files left" 0 $?

printf '{"formatVersion": 1,\n  "bundle": {"identifier": "com.acme.x", "name": "X", "version": "1.0"},\n  "kext": {"driver": "IOService"},\n  "personalities": [{"name": "P", "provider": "IOUSBHostDevice", "match": {"idVendor": 70000}}]}\n' >"$work/bad.json"
"$CODELESS" generate "$work/bad.json" -o "$work/bad-out" 2>"$work/bad.err"
check "generate a bad descriptor" 1 $?
[ ! -e "$work/bad-out" ]; check "nothing written for a bad descriptor" 0 $?
grep -q "^$work/bad.json:4:88: error: .*\[desc-range\]$" "$work/bad.err"; check "located range error" 0 $?
"$CODELESS" generate "$work/bad.json" -o "$work/bad-out" --format json >"$work/bad.json.out" 2>/dev/null
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d['errors']==1 and d['diagnostics'][0]['line']==4 else 1)" "$work/bad.json.out"
check "--format json diagnostics" 0 $?
"$CODELESS" generate "$work/bad.json" --format sarif >"$work/bad.sarif" 2>/dev/null
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); r=d['runs'][0]; sys.exit(0 if d['version']=='2.1.0' and r['results'][0]['ruleId']=='desc-range' else 1)" "$work/bad.sarif"
check "--format sarif diagnostics" 0 $?
"$CODELESS" generate "$work/missing.json" 2>/dev/null; check "missing descriptor" 1 $?

# A file where generate needs a directory: refused before anything is written.
mkdir -p "$work/blocked" && touch "$work/blocked/AcmeWidget"
"$CODELESS" generate "$source_dir/examples/both-targets.json" -o "$work/blocked" 2>"$work/blocked.err"
check "a file in the way" 1 $?
[ "$(ls "$work/blocked")" = "AcmeWidget" ]; check "nothing written when a file is in the way" 0 $?
grep -q "^$work/blocked/AcmeWidget: error: cannot write: a file is in the way" "$work/blocked.err"
check "says what is in the way" 0 $?

"$CODELESS" schema | python3 -c "import json,sys; d=json.load(sys.stdin); sys.exit(0 if d['\$schema'].endswith('draft-07/schema#') else 1)"
check "schema prints the draft-07 schema" 0 $?
"$CODELESS" catalog --format json | python3 -c "import json,sys; d=json.load(sys.stdin); sys.exit(0 if any(k['class']=='IOHIDEventDriver' for k in d['kext']) and d['dext'] else 1)"
check "catalog --format json" 0 $?

finish
