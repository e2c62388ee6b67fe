#!/usr/bin/env bash
# generate's output safety on the real disk (issue 11, PRODUCT.md §1 and
# §7): `kill -9` at random moments while a bundle is replaced leaves each
# bundle complete, old or new, and the next run leaves exactly the new
# output; symbolic links where output goes are refused; modes are 0644 and
# 0755 whatever the umask. Portable: bash 3.2, BSD userland (perl for
# sub-second sleeps, python3 for stat).
# Usage: output_safety.sh REPO WORKDIR [ITERATIONS]   (CODELESS=binary)
set -u
repo=$1
work=$2
iterations=${3:-200}
: "${CODELESS:?set CODELESS to the codeless binary}"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

rm -rf "$work"
mkdir -p "$work"
cd "$work" || exit 1

# Two versions of one descriptor (one file name, so that each run owns the
# other's outputs) whose outputs differ in every bundle: a new version, and
# a renamed dext class (its .iig and .cpp get new names, the old ones are
# stale outputs to remove).
mkdir va vb
cp "$repo/examples/both-targets.json" va/widget.json
sed -e 's/"version": "2.0.0"/"version": "2.1.0"/' \
    -e 's/AcmeWidgetDriver/AcmeGadgetDriver/' va/widget.json > vb/widget.json
# The references: what a fresh run writes, under the same -o name (the
# dext's .xcconfig names its folder).
mkdir ref-a ref-b
if ! (cd ref-a && "$CODELESS" generate ../va/widget.json -o out > /dev/null) ||
   ! (cd ref-b && "$CODELESS" generate ../vb/widget.json -o out > /dev/null); then
  echo "FAIL: cannot generate the two reference outputs" >&2
  exit 1
fi
if diff -r ref-a/out ref-b/out > /dev/null; then fail "the two versions generate the same"; fi

# Each entry of OUT (but the record) is exactly as in ref-a or ref-b, or
# absent where one of them has none: leftovers of the killed run aside.
bundles_old_or_new() {
  local out=$1 name ok
  for name in $(ls -A ref-a/out ref-b/out "$out" | grep -v ':$' | sort -u); do
    case $name in
      .codeless-outputs|.codeless-new-*|.codeless-old-*|.codeless-gone-*|*.codeless-tmp-*) continue ;;
    esac
    ok=no
    for ref in ref-a/out ref-b/out; do
      if [ -e "$ref/$name" ]; then
        if [ -e "$out/$name" ] && diff -r "$ref/$name" "$out/$name" > /dev/null; then ok=yes; fi
      elif [ ! -e "$out/$name" ]; then
        ok=yes
      fi
    done
    [ "$ok" = yes ] || { fail "$2: $out/$name is neither the old bundle nor the new"; return 1; }
  done
  return 0
}

msleep() { perl -e 'select(undef, undef, undef, $ARGV[0] / 1000)' "$1"; }
now_ms() { perl -MTime::HiRes=time -e 'printf "%d\n", time * 1000'; }

# How long one replacing run takes, to aim the kills at it.
"$CODELESS" generate va/widget.json -o out > /dev/null || fail "first run"
start=$(now_ms)
"$CODELESS" generate vb/widget.json -o out > /dev/null || fail "timed run"
span=$(( $(now_ms) - start + 2 ))
"$CODELESS" generate va/widget.json -o out > /dev/null || fail "back to a"

# Each kill comes at a random moment in [lo, hi) ms. The window narrows on
# the moments that matter: a kill that found the run finished lowers hi, one
# that came before anything changed raises lo.
lo=0
hi=$span
killed=0
midway=0
current=a
i=0
while [ $i -lt "$iterations" ]; do
  i=$((i + 1))
  if [ $current = a ]; then next=b; else next=a; fi
  # A run killed on purpose: under AddressSanitizer (scripts/test
  # --sanitize) a kill during its exit-time leak check leaves a half-written
  # report file that is no finding, so this run reports to its (discarded)
  # standard error and skips the leak check. The reruns below keep the
  # caller's settings.
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0:log_path=stderr" \
    "$CODELESS" generate v$next/widget.json -o out > /dev/null 2>&1 &
  pid=$!
  msleep $((lo + RANDOM % (hi - lo + 1)))
  if kill -9 $pid 2> /dev/null; then
    killed=$((killed + 1))
    wait $pid 2> /dev/null
    if diff -r "ref-$current/out" out > /dev/null; then
      lo=$((lo + (hi - lo) / 8))
    else
      midway=$((midway + 1))
    fi
  else
    wait $pid 2> /dev/null
    hi=$((hi - (hi - lo) / 8))
  fi
  bundles_old_or_new out "iteration $i (killed on the way to $next)" || break
  # The next run finishes the job: exactly what a fresh run writes.
  "$CODELESS" generate v$next/widget.json -o out > /dev/null || { fail "iteration $i: rerun"; break; }
  diff -r "ref-$next/out" out > /dev/null || { fail "iteration $i: out is not exactly ref-$next"; diff -r "ref-$next/out" out >&2; break; }
  current=$next
done
echo "kill loop: $i iterations, $killed runs killed, $midway of them after the output began to change (window $lo-$hi ms of a $span ms run)"
[ "$killed" -gt 0 ] || fail "no run was killed; the loop tested nothing"

# Symbolic links where output goes are refused, and nothing is written.
refusal() {
  echo "$1: error: this is a symbolic link, and codeless does not write through links; remove the link and run again [io-symlink]"
}
check_refused() {  # LINK-PATH: generate into links/ must refuse it
  local expected actual status
  expected=$(refusal "$1")
  actual=$("$CODELESS" generate va/widget.json -o links 2>&1 > /dev/null)
  status=$?
  [ $status -eq 1 ] || fail "link $1: exit $status, not 1"
  [ "$actual" = "$expected" ] || fail "link $1: got '$actual', expected '$expected'"
  [ -z "$(ls -A elsewhere)" ] || fail "link $1: written through: $(ls -A elsewhere)"
}
rm -rf links elsewhere; mkdir -p links elsewhere
ln -s ../elsewhere links/AcmeWidget.kext
check_refused links/AcmeWidget.kext
rm -rf links; mkdir -p links/AcmeWidget.kext
ln -s ../../elsewhere links/AcmeWidget.kext/Contents
check_refused links/AcmeWidget.kext/Contents
rm -rf links; mkdir -p links/AcmeWidget.kext/Contents
ln -s ../../../elsewhere/Info.plist links/AcmeWidget.kext/Contents/Info.plist
check_refused links/AcmeWidget.kext/Contents/Info.plist
rm -rf links; mkdir -p links
ln -s ../elsewhere/record links/.codeless-outputs
check_refused links/.codeless-outputs
[ ! -e links/AcmeWidget.kext ] || fail "record link: output written"
# The output folder itself may be a link the user chose.
rm -rf links real; mkdir -p real; ln -s real links
"$CODELESS" generate va/widget.json -o links > /dev/null || fail "a linked -o folder is refused"
[ -L links ] || fail "a linked -o folder was replaced"
cmp -s ref-a/out/AcmeWidget.kext/Contents/Info.plist real/AcmeWidget.kext/Contents/Info.plist ||
  fail "a linked -o folder: real/ does not hold the output"

# ... and so may a folder above it: -o build/out with build/ a link.
rm -rf build real; mkdir -p real; ln -s real build
"$CODELESS" generate va/widget.json -o build/out > /dev/null || fail "-o build/out with build/ a link is refused"
[ -f real/out/AcmeWidget.kext/Contents/Info.plist ] || fail "-o build/out: nothing in real/out"

# Modes whatever the umask: folders 0755, files 0644.
for mask in 077 000; do
  rm -rf "umask-$mask"
  (umask $mask && "$CODELESS" generate va/widget.json -o "umask-$mask/out" --depfile "umask-$mask/deps/out.d" > /dev/null) ||
    fail "umask $mask: generate"
  bad=$(python3 - "umask-$mask" <<'PY'
import os, stat, sys
for root, dirs, files in os.walk(sys.argv[1]):
    for name, want in [(d, 0o755) for d in dirs] + [(f, 0o644) for f in files]:
        path = os.path.join(root, name)
        mode = stat.S_IMODE(os.lstat(path).st_mode)
        if mode != want:
            print("%s is %o, not %o" % (path, mode, want))
PY
)
  [ -z "$bad" ] || fail "umask $mask: $bad"
  [ -f "umask-$mask/out/AcmeWidget.kext/Contents/Info.plist" ] || fail "umask $mask: no output"
done

if [ $failures -ne 0 ]; then
  echo "$failures failure(s)" >&2
  exit 1
fi
echo "output safety: all checks passed"
