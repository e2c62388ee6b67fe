#!/bin/bash
# codeless match through the real binary (PRODUCT.md §6): exact text and
# JSON output on a small dump and kext written in tests/match/, a
# descriptor source, located errors with exit 1, and the corpus's prelinked
# dictionary against a real ioreg dump (read in ../shared, never copied).
set -euo pipefail
src="$1"
out="$2"
rm -rf "$out" && mkdir -p "$out"
cd "$src"
fail() { echo "FAIL: $*" >&2; exit 1; }

"$CODELESS" match tests/match/Acme.kext --device tests/match/usb-ioreg.txt >"$out/text.txt"
diff -u tests/match/expected-text.txt "$out/text.txt" || fail "text output"
"$CODELESS" match tests/match/Acme.kext --device tests/match/usb-ioreg.txt --format json >"$out/json.json"
diff -u tests/match/expected.json "$out/json.json" || fail "json output"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$out/json.json" || fail "json parses"

# A descriptor competes with the Info.plist generate would write for it.
"$CODELESS" match examples/usb-cdc-acm-serial.json --device tests/match/usb-ioreg.txt >"$out/descriptor.txt"
grep -qx '  Acme Serial Adapter (data) (com.apple.driver.usb.cdc.acm): nearest miss IOUSBHostInterface@0: bInterfaceNumber 1 ≠ device 0' "$out/descriptor.txt" \
  || fail "descriptor personalities compete: $(cat "$out/descriptor.txt")"

# An unknown dump format: a located error, exit 1, nothing on stdout.
printf 'hello\n' >"$out/bad.txt"
set +e
"$CODELESS" match tests/match/Acme.kext --device "$out/bad.txt" >"$out/bad.out" 2>"$out/bad.err"
rc=$?
set -e
[ "$rc" = 1 ] || fail "unknown format exits 1, got $rc"
[ ! -s "$out/bad.out" ] || fail "nothing on stdout"
grep -q "^$out/bad.txt:1:1: error: not a registry dump match reads: .* \[dump-format\]$" "$out/bad.err" || fail "dump-format: $(cat "$out/bad.err")"

# The corpus: Apple's prelinked dictionary (MacBookPro15,2, 10.15) against
# a Ventura Hackintosh's ioreg -l dump.
corpus="$src/../shared/corpus"
if [ -d "$corpus" ]; then
  "$CODELESS" match "$corpus/kext/khronokernel__DarwinDumped__MacBookPro__MacBookPro15_2__Kexts__prelinked_kexts_dictionary.plist" \
    --device "$corpus/device-dumps/corpnewt__CheckAudio__ioreg.txt" >"$out/corpus.txt"
  grep -qx '218 device(s), 83 with a winner; the dump shows the driver of 28 of them, and match agrees on 26' "$out/corpus.txt" \
    || fail "corpus summary: $(grep 'device(s)' "$out/corpus.txt")"
fi
echo ok
