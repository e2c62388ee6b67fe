#!/usr/bin/env python3
"""Benchmarks codeless against xmllint in one run (never a timed test).

1. generate: a 20,000-personality descriptor from ../shared/bench/mkdescriptor.py;
   `codeless generate` (parse, check, emit, validate, write) against
   `xmllint --noout` merely parsing the Info.plist that generate wrote.
2. validate: a 20,000-personality Info.plist from ../shared/bench/mkplist.py;
   `codeless validate` against `xmllint --noout` on the same file.

Each command runs --runs times, interleaved, after one warm-up; the median
wall time is reported, with peak memory (max RSS) of one run.
usage: bench/run.py [--codeless build/src/codeless] [--personalities 20000] [--runs 9]"""
import argparse
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

REPO = pathlib.Path(__file__).resolve().parent.parent
SHARED_BENCH = REPO.parent / "shared" / "bench"


def run_once(command):
    """Wall seconds and max RSS (KiB) of one run; fails loudly on a non-zero exit."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    stderr = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"benchmark command failed: {' '.join(map(str, command))}\n{stderr}")
    return elapsed, usage.ru_maxrss


def compare(label, ours, reference, runs):
    run_once(ours)
    run_once(reference)
    our_times, reference_times = [], []
    our_rss = reference_rss = 0
    for _ in range(runs):
        t, rss = run_once(ours)
        our_times.append(t)
        our_rss = max(our_rss, rss)
        t, rss = run_once(reference)
        reference_times.append(t)
        reference_rss = max(reference_rss, rss)
    ours_median = statistics.median(our_times)
    reference_median = statistics.median(reference_times)
    print(f"{label}:")
    print(f"  codeless  {ours_median * 1000:8.1f} ms  (max RSS {our_rss / 1024:6.1f} MiB)")
    print(f"  xmllint   {reference_median * 1000:8.1f} ms  (max RSS {reference_rss / 1024:6.1f} MiB)")
    print(f"  ratio codeless/xmllint = {ours_median / reference_median:.2f}")
    return ours_median / reference_median, our_rss


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--codeless", default=str(REPO / "build" / "src" / "codeless"))
    parser.add_argument("--personalities", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    xmllint = shutil.which("xmllint")
    if xmllint is None:
        sys.exit("xmllint is missing: apt-get install libxml2-utils")
    with tempfile.TemporaryDirectory(prefix="codeless-bench-") as work:
        work = pathlib.Path(work)
        descriptor = work / "descriptor.json"
        subprocess.run([sys.executable, SHARED_BENCH / "mkdescriptor.py", str(args.personalities),
                        descriptor, "kext"], check=True)
        out = work / "out"
        run_once([args.codeless, "generate", descriptor, "-o", out])
        info = out / "Synthetic.kext" / "Contents" / "Info.plist"
        print(f"{args.personalities} personalities: descriptor {descriptor.stat().st_size / 2**20:.1f} MiB, "
              f"Info.plist {info.stat().st_size / 2**20:.1f} MiB")
        ratio, rss = compare("generate (descriptor -> validated kext)",
                             [args.codeless, "generate", descriptor, "-o", out],
                             [xmllint, "--noout", info], args.runs)
        print(f"  memory: max RSS / Info.plist size = {rss * 1024 / info.stat().st_size:.2f}")

        plist = work / "mkplist.plist"
        subprocess.run([sys.executable, SHARED_BENCH / "mkplist.py", str(args.personalities), plist],
                       check=True)
        print(f"mkplist Info.plist {plist.stat().st_size / 2**20:.1f} MiB")
        compare("validate (mkplist Info.plist)", [args.codeless, "validate", plist],
                [xmllint, "--noout", plist], args.runs)


if __name__ == "__main__":
    main()
