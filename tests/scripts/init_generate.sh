#!/usr/bin/env bash
# `codeless init` through the real binary: for every kind and target, the
# starter is byte for byte the reviewed golden (tests/golden/init/), and
# `generate` on it exits 0 and prints no diagnostic; -o writes once and
# never overwrites; `explain` answers as documented.
# usage: CODELESS=path init_generate.sh SOURCE_DIR WORK_DIR
set -u
source_dir=$1
work=$2
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
start_work "$work"

for kind in usb pci hid port-map null; do
  for target in all kext dext; do
    [ "$kind" = port-map ] && [ "$target" = dext ] && continue
    name="$kind-$target"
    "$CODELESS" init --kind "$kind" --target "$target" -o "$work/$name.json" >"$work/$name.init.out" 2>&1
    check "init $name" 0 $?
    [ "$(cat "$work/$name.init.out")" = "wrote $work/$name.json" ]
    check "init $name says where it wrote" 0 $?
    cmp -s "$work/$name.json" "$source_dir/tests/golden/init/$name.json"
    check "init $name matches its golden" 0 $?
    "$CODELESS" generate "$work/$name.json" --target "$target" -o "$work/$name.out" >/dev/null 2>"$work/$name.err"
    check "generate $name" 0 $?
    [ ! -s "$work/$name.err" ]; check "generate $name has no diagnostics" 0 $?
    if [ -s "$work/$name.err" ]; then cat "$work/$name.err"; fi
  done
done

# Without -o: standard output, the same bytes.
"$CODELESS" init --kind hid >"$work/stdout.json"; check "init to stdout" 0 $?
cmp -s "$work/stdout.json" "$source_dir/tests/golden/init/hid-all.json"
check "init to stdout is the golden" 0 $?

# -o refuses an existing file and leaves it alone.
printf 'mine\n' >"$work/taken.json"
"$CODELESS" init -o "$work/taken.json" >/dev/null 2>"$work/taken.err"
check "init -o over an existing file" 1 $?
[ "$(cat "$work/taken.json")" = "mine" ]; check "the existing file is untouched" 0 $?
[ "$(cat "$work/taken.err")" = "$work/taken.json: error: cannot write: it already exists, and init never overwrites a file; remove it or choose another -o [io-write]" ]
check "the refusal says why" 0 $?
[ -z "$(find "$work" -name '*codeless-tmp*')" ]; check "no temporary files left" 0 $?

"$CODELESS" init --kind port-map --target dext >/dev/null 2>&1; check "port-map has no dext" 2 $?
"$CODELESS" init --kind scanner >/dev/null 2>&1; check "unknown kind" 2 $?
"$CODELESS" init --vendor 0483 >/dev/null 2>&1; check "ambiguous vendor ID" 2 $?

# Given IDs go in, and the result still generates cleanly.
"$CODELESS" init --kind usb --vendor 0x0403 --product 0x6001 --name AcmeSerial -o "$work/ids.json" >/dev/null
check "init with IDs" 0 $?
grep -q '"idVendor": "0x0403"' "$work/ids.json"; check "the vendor ID is used" 0 $?
"$CODELESS" generate "$work/ids.json" -o "$work/ids.out" >/dev/null 2>"$work/ids.err"
check "generate with IDs" 0 $?
[ ! -s "$work/ids.err" ]; check "no diagnostics with IDs" 0 $?

# explain: a rule, the list, and a near miss.
"$CODELESS" explain desc-match-all >"$work/explain.out"; check "explain a rule" 0 $?
head -n 1 "$work/explain.out" | grep -qx "desc-match-all: a personality on a generic device nub narrows nothing and would match every device"
check "explain starts with the rule and its summary" 0 $?
"$CODELESS" explain >"$work/list.out"; check "explain lists rules" 0 $?
grep -q "^desc-match-all  *a personality" "$work/list.out"; check "the list has the rule" 0 $?
"$CODELESS" explain desc-match-al >/dev/null 2>"$work/unknown.err"; check "explain an unknown rule" 2 $?
grep -q '(did you mean "desc-match-all"?)' "$work/unknown.err"; check "explain suggests the rule" 0 $?

finish
