#!/usr/bin/env bash
# Runs one libFuzzer target of a fuzzer build (README.md here):
#   tests/fuzz/run.sh BUILD TARGET SECONDS [LIBFUZZER-ARGS...]
# BUILD is a folder configured with -DCODELESS_BUILD_FUZZERS=ON. The seeds
# are the target's list (BUILD/tests/fuzz/TARGET.seeds, from CMake), its
# committed reproducers (tests/fuzz/corpus/TARGET/) and, when ../shared/corpus
# is beside the repository, the real files there that suit the target; they
# are copied into BUILD/fuzz-work/TARGET/seeds at run time, never into the
# repository. What libFuzzer finds goes to BUILD/fuzz-work/TARGET/corpus,
# crashes to BUILD/fuzz-work/TARGET/crash-*; the log to .../fuzz.log.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
if [ $# -lt 3 ]; then
  echo "usage: tests/fuzz/run.sh BUILD TARGET SECONDS [LIBFUZZER-ARGS...]" >&2
  exit 2
fi
build=$(cd "$1" && pwd)
target=$2
seconds=$3
shift 3
program="$build/tests/fuzz/codeless_fuzz_$target"
[ -x "$program" ] || { echo "run.sh: no $program (build with -DCODELESS_BUILD_FUZZERS=ON)" >&2; exit 2; }
work="$build/fuzz-work/$target"
rm -rf "$work/seeds"
mkdir -p "$work/seeds" "$work/corpus"
n=0
copy() {
  n=$((n + 1))
  cp "$1" "$work/seeds/$(printf '%04d' "$n")-$(basename "$1")"
}
while IFS= read -r seed; do
  [ -n "$seed" ] && copy "$seed"
done < "$build/tests/fuzz/$target.seeds"
for seed in "$repo/tests/fuzz/corpus/$target"/*; do copy "$seed"; done
shared="$repo/../shared/corpus"
if [ -d "$shared" ]; then
  case "$target" in
    validate | import) patterns=("$shared"/kext/* "$shared"/codeless-kext/* "$shared"/dext/* "$shared"/dext-entitlements/*) ;;
    ioreg_text) patterns=("$shared"/device-dumps/*.txt "$shared"/device-dumps/*.ioreg) ;;
    ioreg_xml) patterns=("$shared"/device-dumps/*.plist) ;;
    system_profiler_json) patterns=("$shared"/device-dumps/*.json) ;;
    system_profiler_xml) patterns=("$shared"/device-dumps/*.spx "$shared"/device-dumps/*xml*.plist) ;;
    *) patterns=() ;;
  esac
  for seed in "${patterns[@]}"; do [ -f "$seed" ] && copy "$seed"; done
fi
echo "run.sh: $target: $n seeds, $seconds s" >&2
dict=$(cat "$build/tests/fuzz/$target.dict.path")
# Leaks are findings too (LeakSanitizer, on by default with ASan).
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
cd "$work"
nice -n 19 "$program" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -max_len=131072 -dict="$dict" -artifact_prefix="$work/" -print_final_stats=1 \
  "$@" "$work/corpus" "$work/seeds" 2>&1 | tee "$work/fuzz.log" >&2
