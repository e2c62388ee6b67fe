#!/usr/bin/env python3
"""Round trip of `codeless import` over the corpus's codeless kexts.

For every file of <repo>/../shared/corpus/codeless-kext/ (each an Info.plist
of a codeless kext), runs `codeless import FILE -o DESC.json`, then
`codeless generate DESC.json --target kext -o OUT`, and compares the
generated Info.plist with the original as parsed plists (plistlib): the
IOKitPersonalities and every other top-level key must be equal.

A kext that legitimately cannot round-trip is listed in
tests/corpus/expected-import-lossy.tsv (FILE<TAB>REASON): for it, import
must exit 1 and name what it cannot carry over ([import-lossy] or
[import-input] on standard error). Every other kext must import with exit 0,
generate with exit 0 and compare equal. A listed kext that round-trips is a
failure too (the list must be kept current).

The corpus is not part of this repository; without it the check fails.

usage: check_import_roundtrip.py --codeless PATH [--shared DIR]
                                 [--expected TSV] [--work DIR]
"""
import argparse
import os
import plistlib
import shutil
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def read_expected(path):
    expected = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            name, reason = line.split("\t", 1)
            expected[name] = reason
    return expected


def load(path):
    # Some corpus plists have white space before <?xml ...?>, which the
    # kernel's parser and CoreFoundation skip but plistlib's format
    # detection does not.
    with open(path, "rb") as f:
        return plistlib.loads(f.read().lstrip())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--codeless", required=True)
    parser.add_argument("--shared", default=os.path.join(REPO, "..", "shared"))
    parser.add_argument("--expected",
                        default=os.path.join(REPO, "tests", "corpus",
                                             "expected-import-lossy.tsv"))
    parser.add_argument("--work", default="import-roundtrip")
    args = parser.parse_args()

    corpus = os.path.join(args.shared, "corpus", "codeless-kext")
    if not os.path.isdir(corpus):
        print(f"no corpus at {corpus}", file=sys.stderr)
        return 1
    expected = read_expected(args.expected)
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    failures = []
    round_trips = 0
    names = sorted(os.listdir(corpus))
    for name in names:
        source = os.path.join(corpus, name)
        work = os.path.join(args.work, name)
        os.makedirs(work)
        descriptor = os.path.join(work, "descriptor.json")
        imported = subprocess.run(
            [args.codeless, "import", source, "-o", descriptor],
            capture_output=True, text=True)
        if name in expected:
            if imported.returncode != 1:
                failures.append(f"{name}: listed as lossy ({expected[name]}), "
                                f"but import exited {imported.returncode}")
            elif ("[import-lossy]" not in imported.stderr and
                  "[import-input]" not in imported.stderr):
                failures.append(f"{name}: import exited 1 without naming "
                                f"what it lost:\n{imported.stderr}")
            continue
        if imported.returncode != 0:
            failures.append(f"{name}: import exited {imported.returncode}:\n"
                            f"{imported.stderr}")
            continue
        out = os.path.join(work, "out")
        generated = subprocess.run(
            [args.codeless, "generate", descriptor, "--target", "kext",
             "-o", out], capture_output=True, text=True)
        if generated.returncode != 0:
            failures.append(f"{name}: generate exited {generated.returncode}:"
                            f"\n{generated.stderr}")
            continue
        bundles = [d for d in os.listdir(out) if d.endswith(".kext")]
        if len(bundles) != 1:
            failures.append(f"{name}: generate wrote {bundles}")
            continue
        original = load(source)
        regenerated = load(os.path.join(out, bundles[0], "Contents",
                                        "Info.plist"))
        if original.get("IOKitPersonalities") != \
                regenerated.get("IOKitPersonalities"):
            failures.append(f"{name}: IOKitPersonalities differ")
            continue
        top = {k: v for k, v in original.items() if k != "IOKitPersonalities"}
        top_again = {k: v for k, v in regenerated.items()
                     if k != "IOKitPersonalities"}
        if top != top_again:
            keys = sorted(set(top) ^ set(top_again) |
                          {k for k in top if top.get(k) != top_again.get(k)})
            failures.append(f"{name}: top-level keys differ: {keys}")
            continue
        round_trips += 1
    for name in expected:
        if name not in names:
            failures.append(f"{name}: listed in {args.expected} but not in "
                            f"the corpus")
    for failure in failures:
        print(failure, file=sys.stderr)
    print(f"{round_trips} of {len(names)} codeless kexts round-trip; "
          f"{len(expected)} listed as lossy")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
