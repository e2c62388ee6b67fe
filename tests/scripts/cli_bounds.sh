#!/usr/bin/env bash
# Bounded input, end to end (issue 11 item 4): devices and FIFOs that never
# end are read no further than --max-input-size, a regular file over it is
# refused by its size, each with an error naming the file and the limit,
# exit 1 and nothing written; a malformed SIZE is a usage error.
# usage: CODELESS=path cli_bounds.sh REPO WORK_DIR
set -u
repo=$1
work=$2
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
start_work "$work"
cd "$work" || exit 1

limit() {  # limit SIZE-TEXT
  echo "the file is larger than $1, the input size limit; pass --max-input-size SIZE (e.g. 256M) to read it [io-read]"
}

out=$("$CODELESS" generate /dev/urandom -o gen 2>&1)
expect_text "generate /dev/urandom" 1 $? "/dev/urandom: error: cannot read the descriptor: $(limit "64 MiB")" "$out"
[ -e gen ] && fail "generate /dev/urandom wrote gen"

out=$("$CODELESS" validate /dev/zero 2>&1)
expect_text "validate /dev/zero" 1 $? "/dev/zero: error: cannot read: $(limit "64 MiB")" "$out"

out=$("$CODELESS" validate --max-input-size 1K /dev/zero 2>&1)
expect_text "validate --max-input-size 1K /dev/zero" 1 $? "/dev/zero: error: cannot read: $(limit "1 KiB")" "$out"

out=$("$CODELESS" import /dev/zero --max-input-size 4k 2>&1)
expect_text "import /dev/zero" 1 $? "/dev/zero: error: cannot read: $(limit "4 KiB")" "$out"

cp "$repo/examples/hid-mouse.json" mouse.json
"$CODELESS" generate mouse.json -o ok >/dev/null 2>&1
out=$("$CODELESS" match ok/AcmeMouse.kext --device /dev/zero --max-input-size 2M 2>&1)
expect_text "match --device /dev/zero" 1 $? "/dev/zero: error: cannot read the device dump: $(limit "2 MiB")" "$out"

# A FIFO fed forever.
mkfifo fifo.json
(yes '{' >fifo.json 2>/dev/null &)
out=$("$CODELESS" generate fifo.json -o fifo-out --max-input-size 100000 2>&1)
expect_text "generate FIFO" 1 $? "fifo.json: error: cannot read the descriptor: $(limit "100000 bytes")" "$out"
[ -e fifo-out ] && fail "generate FIFO wrote fifo-out"

# A regular file: refused by its size; one byte under the limit is read.
size=$(wc -c <mouse.json | tr -d ' ')
out=$("$CODELESS" generate mouse.json -o small --max-input-size $((size - 1)) 2>&1)
expect_text "generate over the limit" 1 $? "mouse.json: error: cannot read the descriptor: $(limit "$((size - 1)) bytes")" "$out"
out=$("$CODELESS" generate mouse.json -o small --max-input-size "$size" 2>&1 >/dev/null)
expect_text "generate at the limit" 0 $? "" "$out"

out=$("$CODELESS" validate --max-input-size 12Q x.plist 2>&1)
status=$?
case $out in
  *"SIZE is a number of bytes with an optional K, M or G suffix, e.g. 256M, not \"12Q\""*) ok=yes ;;
  *) ok=no ;;
esac
expect_text "malformed SIZE" "2 yes" "$status $ok" "" ""
[ "$ok" = yes ] || echo "  output: $out"

finish
