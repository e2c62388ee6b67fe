#!/usr/bin/env python3
"""Benchmarks codeless against xmllint in one run (never a timed test).

1. generate, large: a 20,000-personality descriptor from
   ../shared/bench/mkdescriptor.py; `codeless generate` (parse, check,
   resolve, emit, validate, write) against `xmllint --noout` merely parsing
   the Info.plist that generate wrote. Also peak memory (max RSS) as a
   multiple of that Info.plist's size.
2. generate, small: examples/hid-mouse.json against xmllint on its output;
   start-up cost dominates.
3. validate: a 20,000-personality Info.plist from ../shared/bench/mkplist.py
   against xmllint on the same file.
4. match: the corpus's prelinked dictionary (a MacBookPro15,2's, macOS
   10.15.3: 304 kexts, 1,101 personalities) against a whole machine's
   `ioreg -l` dump (corpnewt CheckAudio's, 1.6 MiB) with
   `codeless match PRELINKED --device DUMP`, against `xmllint --noout` on
   the prelinked plist (reading it is the least any matcher must do). Also
   peak memory. Needs ../shared/corpus/.

Each pair runs --runs times, interleaved, after a warm-up; medians of wall
time are compared (the machine is noisy: compare ratios, not times).
usage: bench/run.py [--codeless build/src/codeless] [--personalities 20000]
                    [--runs 11] [--small-runs 101]"""
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
SHARED_CORPUS = REPO.parent / "shared" / "corpus"
PRELINKED = (SHARED_CORPUS / "kext" /
             "khronokernel__DarwinDumped__MacBookPro__MacBookPro15_2__Kexts__"
             "prelinked_kexts_dictionary.plist")
WHOLE_DUMP = SHARED_CORPUS / "device-dumps" / "corpnewt__CheckAudio__ioreg.txt"


def run_once(command):
    """Wall seconds of one run; fails loudly on a non-zero exit."""
    start = time.perf_counter()
    process = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if process.returncode != 0:
        sys.exit(f"benchmark command failed: {' '.join(map(str, command))}\n"
                 f"{process.stderr.decode(errors='replace')}")
    return elapsed


def max_rss_kib(command):
    """Peak memory of one run, as GNU time measures it. Not from wait4 here:
    Linux keeps a process's high-water RSS across exec, so a child forked
    from this Python would report at least Python's own."""
    gnu_time = shutil.which("time") or "/usr/bin/time"
    if not os.path.exists(gnu_time):
        sys.exit("GNU time is missing: apt-get install time")
    process = subprocess.run([gnu_time, "-f", "%M", *map(str, command)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True)
    return int(process.stderr.decode().strip().splitlines()[-1])


def compare(label, ours, reference, runs):
    run_once(ours)
    run_once(reference)
    our_times, reference_times = [], []
    for _ in range(runs):
        our_times.append(run_once(ours))
        reference_times.append(run_once(reference))
    ours_median = statistics.median(our_times)
    reference_median = statistics.median(reference_times)
    rss = max_rss_kib(ours)
    print(f"{label}:")
    print(f"  codeless  {ours_median * 1000:8.2f} ms  (max RSS {rss / 1024:6.1f} MiB)")
    print(f"  xmllint   {reference_median * 1000:8.2f} ms")
    print(f"  ratio codeless/xmllint = {ours_median / reference_median:.2f}")
    return ours_median / reference_median, rss


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--codeless", default=str(REPO / "build" / "src" / "codeless"))
    parser.add_argument("--personalities", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--small-runs", type=int, default=101)
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
        size = info.stat().st_size
        print(f"{args.personalities} personalities: descriptor {descriptor.stat().st_size / 2**20:.1f} MiB, "
              f"Info.plist {size / 2**20:.1f} MiB")
        _, rss = compare("generate, large (descriptor -> validated kext)",
                         [args.codeless, "generate", descriptor, "-o", out],
                         [xmllint, "--noout", info], args.runs)
        print(f"  memory: max RSS / Info.plist size = {rss * 1024 / size:.2f}")

        small_out = work / "small"
        example = REPO / "examples" / "hid-mouse.json"
        run_once([args.codeless, "generate", example, "-o", small_out])
        compare("generate, small (examples/hid-mouse.json)",
                [args.codeless, "generate", example, "-o", small_out],
                [xmllint, "--noout", small_out / "AcmeMouse.kext" / "Contents" / "Info.plist"],
                args.small_runs)

        plist = work / "mkplist.plist"
        subprocess.run([sys.executable, SHARED_BENCH / "mkplist.py", str(args.personalities), plist],
                       check=True)
        print(f"mkplist Info.plist {plist.stat().st_size / 2**20:.1f} MiB")
        compare("validate (mkplist Info.plist)", [args.codeless, "validate", plist],
                [xmllint, "--noout", plist], args.runs)

    if not PRELINKED.exists() or not WHOLE_DUMP.exists():
        sys.exit(f"the match case needs {PRELINKED} and {WHOLE_DUMP}")
    print(f"prelinked dictionary {PRELINKED.stat().st_size / 2**20:.1f} MiB, "
          f"ioreg dump {WHOLE_DUMP.stat().st_size / 2**20:.1f} MiB")
    compare("match (prelinked dictionary against a whole ioreg -l dump)",
            [args.codeless, "match", PRELINKED, "--device", WHOLE_DUMP],
            [xmllint, "--noout", PRELINKED], args.runs)


if __name__ == "__main__":
    main()
