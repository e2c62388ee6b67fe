#!/usr/bin/env python3
"""How each command's time and memory grow with its input (issue 11 item 4).

For generate, validate, import and match, and for descriptors full of
errors (one per personality, or empty personalities), runs codeless on inputs
of 1x, 10x and 100x a base size and prints wall time, CPU time (user+sys)
and peak RSS, with the ratio to the previous size: linear growth shows a
ratio near 10 per 10x step (less while start-up cost dominates), anything
well above 10 is super-linear. CPU time is the figure to compare on a
loaded machine; wall time is printed for completeness.

Inputs come from ../shared/bench/mkdescriptor.py and mkplist.py, and from
this script for the error-laden descriptors. Never a timed test.
usage: bench/growth.py [--codeless build/src/codeless] [--base 1000] [--runs 3]"""
import argparse
import json
import os
import pathlib
import resource
import shutil
import subprocess
import sys
import tempfile
import time

REPO = pathlib.Path(__file__).resolve().parent.parent
SHARED_BENCH = REPO.parent / "shared" / "bench"
DEVICE_DUMP = (REPO.parent / "shared" / "corpus" / "device-dumps" /
               "Megatokio__zxsp__Source__OS__Mac__usb_misc_info__ioreg_-Src_IOUSBDevice.txt")


def measure(command, ok_codes=(0,)):
    """(wall s, cpu s, max RSS KiB) of one run. Peak memory as GNU time
    reports it for the process alone (not from wait4 here: Linux keeps a
    process's high-water RSS across exec, so a child forked from this Python
    would report at least Python's own); CPU time from this process's
    children's rusage, which counts the waited-for grandchild to the
    microsecond (GNU time prints hundredths)."""
    gnu_time = shutil.which("time") or "/usr/bin/time"
    if not os.path.exists(gnu_time):
        sys.exit("GNU time is missing: apt-get install time")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.run([gnu_time, "-f", "@@ %M %x", *map(str, command)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    last = [line for line in process.stderr.decode(errors="replace").splitlines()
            if line.startswith("@@ ")][-1].split()
    rss, code = int(last[1]), int(last[2])
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if code not in ok_codes:
        sys.exit(f"unexpected exit {code}: {' '.join(map(str, command))}\n"
                 f"{process.stderr.decode(errors='replace')[:2000]}")
    return wall, cpu, rss


def best_of(command, runs, ok_codes=(0,)):
    results = [measure(command, ok_codes) for _ in range(runs)]
    return (min(r[0] for r in results), min(r[1] for r in results),
            min(r[2] for r in results))


def error_descriptor(n, path, kind):
    """n personalities, each with one error: an unknown key ("unknown") or
    nothing at all ("empty": three missing keys each)."""
    personalities = []
    for i in range(n):
        if kind == "empty":
            personalities.append({})
        else:
            personalities.append({
                "name": f"Device{i:06d}", "provider": "IOUSBHostInterface",
                "match": {"idVendor": "0x1234", "idProduct": i % 65536,
                          "bConfigurationValue": 1, "bInterfaceNumber": 0},
                "bogusKey": 1})
    document = {"formatVersion": 1,
                "bundle": {"identifier": "com.example.driver.Errors", "name": "Errors",
                           "version": "1.0.0", "usageDescription": "Errors."},
                "kext": {"driver": "IOService", "bundleRequired": "Root"},
                "personalities": personalities}
    path.write_text(json.dumps(document, indent=2))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codeless", default=str(REPO / "build" / "src" / "codeless"))
    parser.add_argument("--base", type=int, default=1000, help="personalities at 1x")
    parser.add_argument("--runs", type=int, default=3, help="best of this many runs")
    args = parser.parse_args()
    codeless = pathlib.Path(args.codeless).resolve()
    if not codeless.exists():
        sys.exit(f"{codeless} is missing; build first or pass --codeless")
    work = pathlib.Path(tempfile.mkdtemp(prefix="codeless-growth-"))
    rows = []
    try:
        for scale in (1, 10, 100):
            n = args.base * scale
            d = work / f"{n}"
            d.mkdir()
            descriptor = d / "d.json"
            subprocess.run([sys.executable, SHARED_BENCH / "mkdescriptor.py", str(n), descriptor],
                           check=True)
            plist = d / "Info.plist"
            subprocess.run([sys.executable, SHARED_BENCH / "mkplist.py", str(n), plist], check=True)
            unknown = d / "unknown.json"
            error_descriptor(n, unknown, "unknown")
            empty = d / "empty.json"
            error_descriptor(n, empty, "empty")
            # import reads a codeless kext: the one generate writes.
            subprocess.run([codeless, "generate", descriptor, "-o", d / "out"], check=True,
                           stdout=subprocess.DEVNULL)
            kext = d / "out" / "Synthetic.kext"
            cases = [
                ("generate", descriptor, [codeless, "generate", descriptor, "-o", d / "gen"], (0,)),
                ("generate, an error per personality", unknown,
                 [codeless, "generate", unknown, "-o", d / "gen-unknown"], (1,)),
                ("generate, empty personalities", empty,
                 [codeless, "generate", empty, "-o", d / "gen-empty"], (1,)),
                ("validate", plist, [codeless, "validate", plist], (0, 1)),
                ("import", kext / "Contents" / "Info.plist",
                 [codeless, "import", kext, "-o", d / "imported.json"], (0,)),
                ("match", plist, [codeless, "match", plist, "--device", DEVICE_DUMP], (0, 1)),
            ]
            for label, sized, command, ok_codes in cases:
                wall, cpu, rss = best_of(command, args.runs, ok_codes)
                rows.append((label, scale, n, sized.stat().st_size, wall, cpu, rss))
                shutil.rmtree(d / "gen", ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"{'command':38} {'scale':>5} {'input':>10} {'wall s':>8} {'cpu s':>8} "
          f"{'x prev':>7} {'RSS MiB':>8} {'x prev':>7}")
    previous = {}
    for label, scale, n, size, wall, cpu, rss in rows:
        before = previous.get(label)
        cpu_ratio = f"{cpu / before[0]:.1f}" if before and before[0] > 0 else "-"
        rss_ratio = f"{rss / before[1]:.1f}" if before else "-"
        print(f"{label:38} {scale:>4}x {size / 1024:>8.0f}KB {wall:>8.3f} {cpu:>8.4f} "
              f"{cpu_ratio:>7} {rss / 1024:>8.1f} {rss_ratio:>7}")
        previous[label] = (cpu, rss)


if __name__ == "__main__":
    main()
