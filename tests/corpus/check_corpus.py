#!/usr/bin/env python3
"""Validates every file of the shared corpus and compares the verdicts.

Runs `codeless validate --format json` on each file of
<repo>/../shared/corpus/{codeless-kext,kext,dext,dext-entitlements} (a dext
Info.plist together with the .entitlements of the same project, as a dext
source folder would hold them) and compares each file's verdict (clean,
warnings or errors) and the sorted set of rule IDs it drew with
tests/corpus/expected-verdicts.tsv. Notes do not count.

A prelinked-info dictionary (a top-level _PrelinkInfoDictionary array of
kexts' Info dicts) is validated whole, as codeless reads it (kext by kext,
each finding naming its bundle), and each of its kexts is also cut out of
the file, byte for byte, into a prelinked-info dictionary of its own in the
work directory and validated alone. A kext's line in the expected verdicts is
"FILE#CFBundleIdentifier"; a kext not listed must be clean, and none may
draw an error (Apple's shipped files draw no errors, PRODUCT.md §5). The
whole file's findings, grouped by the bundle they name, must be each kext's
own.

The corpus is not part of this repository; without it the check fails.

usage: check_corpus.py --codeless PATH [--shared DIR] [--expected TSV]
                       [--work DIR] [--print-actual]
"""
import argparse
import csv
import json
import os
import plistlib
import re
import shutil
import subprocess
import sys
import tempfile
import xml.parsers.expat

CATEGORIES = ("codeless-kext", "kext", "dext", "dext-entitlements")
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def read_manifest(corpus):
    """file (category/name) -> (repo, path in repo)."""
    entries = {}
    with open(os.path.join(corpus, "MANIFEST.tsv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            entries[row["file"]] = (row["repo"], row["path"])
    return entries


def pair_dexts(files, manifest):
    """Pairs each dext-entitlements file with the dext Info.plist of the same
    project: the one in the same directory of the same repository, or the
    repository's only dext when the repository has one entitlements file."""
    dexts = [f for f in files if f.startswith("dext/")]
    ents = [f for f in files if f.startswith("dext-entitlements/")]
    pairs = {}
    for ent in ents:
        repo, path = manifest.get(ent, (None, ""))
        same_repo = [d for d in dexts if manifest.get(d, (None,))[0] == repo]
        same_dir = [d for d in same_repo
                    if os.path.dirname(manifest[d][1]) == os.path.dirname(path)]
        repo_ents = [e for e in ents if manifest.get(e, (None,))[0] == repo]
        if len(same_dir) == 1:
            pairs[ent] = same_dir[0]
        elif len(same_repo) == 1 and len(repo_ents) == 1:
            pairs[ent] = same_repo[0]
    return pairs


def run(codeless, target):
    """Runs codeless validate on one path; returns (exit status, diagnostics)."""
    proc = subprocess.run([codeless, "validate", "--format", "json", target],
                          capture_output=True, text=True, timeout=120)
    try:
        document = json.loads(proc.stdout)
    except json.JSONDecodeError:
        return proc.returncode, None, proc.stderr
    return proc.returncode, document.get("diagnostics", []), proc.stderr


PLIST_HEADER = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
                b'<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" '
                b'"http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n'
                b'<plist version="1.0">\n')
PLIST_FOOTER = b"\n</plist>\n"
PRELINKED_HEADER = (PLIST_HEADER +
                    b"<dict>\n<key>_PrelinkInfoDictionary</key>\n<array>\n")
PRELINKED_FOOTER = b"\n</array>\n</dict>" + PLIST_FOOTER


def prelinked_entries(data):
    """The byte spans of the entries of a prelinked-info dictionary's
    _PrelinkInfoDictionary array, or None when `data` is none. Each span is
    the entry's element exactly as it stands in the file."""
    if b"<key>_PrelinkInfoDictionary</key>" not in data[:4096]:
        return None
    parser = xml.parsers.expat.ParserCreate()
    state = {"depth": 0, "last_key": None, "in_key": False, "key_text": "",
             "array_depth": None, "start": None}
    spans = []

    def start(name, _attrs):
        state["depth"] += 1
        depth = state["depth"]
        if state["array_depth"] is None:
            if name == "key":
                state["in_key"], state["key_text"] = True, ""
            elif (name == "array" and depth == 3 and
                  state["last_key"] == "_PrelinkInfoDictionary"):
                state["array_depth"] = depth
        elif depth == state["array_depth"] + 1:
            state["start"] = parser.CurrentByteIndex

    def end(name):
        depth = state["depth"]
        state["depth"] -= 1
        if state["array_depth"] is None:
            if name == "key":
                state["in_key"] = False
                state["last_key"] = state["key_text"]
            return
        if depth == state["array_depth"]:
            state["array_depth"] = -1  # done: no more entries
        elif depth == state["array_depth"] + 1:
            close = data.index(b">", parser.CurrentByteIndex) + 1
            spans.append((state["start"], close))

    def text(chars):
        if state["in_key"]:
            state["key_text"] += chars

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.Parse(data, True)
    return spans


def bundle_name(entry, index):
    """The name codeless gives an entry's findings: CFBundleIdentifier, else
    _PrelinkBundlePath, else its place in the array."""
    try:
        value = plistlib.loads(PLIST_HEADER + entry + PLIST_FOOTER)
    except Exception:  # noqa: BLE001 - fall back to a plain search
        value = None
    if isinstance(value, dict):
        for key in ("CFBundleIdentifier", "_PrelinkBundlePath"):
            if isinstance(value.get(key), str) and value[key]:
                return value[key]
    else:
        match = re.search(rb"<key>CFBundleIdentifier</key>\s*<string>([^<]+)</string>",
                          entry)
        if match:
            return match.group(1).decode("utf-8", "replace")
    return f"_PrelinkInfoDictionary[{index}]"


def verdict(diagnostics):
    rules = sorted({d["rule"] for d in diagnostics if d["severity"] in ("error", "warning")})
    if any(d["severity"] == "error" for d in diagnostics):
        return "errors", rules
    if any(d["severity"] == "warning" for d in diagnostics):
        return "warnings", rules
    return "clean", rules


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codeless", required=True)
    parser.add_argument("--shared", default=os.path.join(REPO, "..", "shared"))
    parser.add_argument("--expected", default=os.path.join(REPO, "tests", "corpus",
                                                           "expected-verdicts.tsv"))
    parser.add_argument("--work")
    parser.add_argument("--print-actual", action="store_true",
                        help="print the actual verdicts as TSV lines")
    args = parser.parse_args()

    corpus = os.path.normpath(os.path.join(args.shared, "corpus"))
    if not os.path.isdir(corpus):
        print(f"FAIL: the shared corpus is missing: {corpus} does not exist. "
              "This check needs the shared/ checkout beside the repository "
              "(<repo>/../shared/corpus); it is not skipped without it.")
        print("0 passed, 1 failed")
        return 1

    files = []
    for category in CATEGORIES:
        directory = os.path.join(corpus, category)
        if not os.path.isdir(directory):
            print(f"FAIL: {directory} is missing")
            print("0 passed, 1 failed")
            return 1
        files += [f"{category}/{name}" for name in sorted(os.listdir(directory))]
    manifest = read_manifest(corpus)
    pairs = pair_dexts(files, manifest)
    paired_dexts = set(pairs.values())

    work = args.work or tempfile.mkdtemp(prefix="codeless-corpus-")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)

    actual = {}   # file -> (verdict, rules)
    problems = {}  # file -> why the run itself failed
    # Each dext with its entitlements, as a dext source folder of symlinks.
    for index, (ent, dext) in enumerate(sorted(pairs.items())):
        folder = os.path.join(work, f"pair{index}")
        os.makedirs(folder)
        info_link = os.path.join(folder, "Info.plist")
        ent_link = os.path.join(folder, "Project.entitlements")
        os.symlink(os.path.join(corpus, dext), info_link)
        os.symlink(os.path.join(corpus, ent), ent_link)
        status, diagnostics, stderr = run(args.codeless, folder)
        for name, link in ((dext, info_link), (ent, ent_link)):
            if diagnostics is None or status not in (0, 1):
                problems[name] = f"exit {status}: {stderr.strip()[:300]}"
                continue
            actual[name] = verdict([d for d in diagnostics if d.get("path") == link])
    for name in files:
        if name in actual or name in problems or name in paired_dexts:
            continue
        target = os.path.join(corpus, name)
        status, diagnostics, stderr = run(args.codeless, target)
        if diagnostics is None or status not in (0, 1):
            problems[name] = f"exit {status}: {stderr.strip()[:300]}"
            continue
        actual[name] = verdict([d for d in diagnostics if d.get("path") == target])

    # Each kext of a prelinked-info dictionary, cut out into a prelinked-info
    # dictionary of its own; and the whole file's findings grouped by the
    # bundle they name.
    kexts = {}         # "file#bundle" -> (verdict, rules)
    kext_files = {}    # file -> its kexts' names, in order
    kext_problems = []
    for name in files:
        path = os.path.join(corpus, name)
        with open(path, "rb") as f:
            data = f.read()
        spans = prelinked_entries(data)
        if spans is None:
            continue
        folder = os.path.join(work, "prelinked", os.path.basename(name))
        os.makedirs(folder)
        kext_files[name] = []
        for index, (begin, end) in enumerate(spans):
            entry = data[begin:end]
            bundle = bundle_name(entry, index)
            piece = os.path.join(folder, f"{index:04d}.plist")
            with open(piece, "wb") as f:
                f.write(PRELINKED_HEADER + entry + PRELINKED_FOOTER)
            status, diagnostics, stderr = run(args.codeless, piece)
            key = f"{name}#{bundle}"
            if key in kexts:  # two entries of one name: tell them apart
                key = f"{key}[{index}]"
            if diagnostics is None or status not in (0, 1):
                kext_problems.append(f"FAIL {key}: codeless did not run cleanly: "
                                     f"exit {status}: {stderr.strip()[:300]}")
                continue
            kexts[key] = verdict([d for d in diagnostics if d.get("path") == piece])
            kext_files[name].append(key)
        # The whole file, as codeless reads it: every finding names its kext.
        status, diagnostics, _ = run(args.codeless, path)
        if diagnostics is None:
            continue
        if any(d["rule"] == "too-many-errors" for d in diagnostics):
            print(f"note: {name}: codeless stopped listing findings at its "
                  "limit; the kexts' findings in the whole file are not compared")
            continue
        grouped = {}
        for d in diagnostics:
            if d.get("path") != path:
                continue
            grouped.setdefault(f"{name}#{d.get('bundle')}", []).append(d)
        for key in sorted(set(grouped) | set(kext_files[name])):
            whole = verdict(grouped.get(key, []))
            alone = kexts.get(key, ("clean", []))
            if whole != alone:
                kext_problems.append(
                    f"FAIL {key}: in the whole file {whole[0]} [{','.join(whole[1])}], "
                    f"alone {alone[0]} [{','.join(alone[1])}]")

    if args.print_actual:
        for name in files:
            if name in actual:
                v, rules = actual[name]
                print(f"{name}\t{v}\t{','.join(rules) or '-'}\t")
            for key in kext_files.get(name, []):
                v, rules = kexts[key]
                if v != "clean":
                    print(f"{key}\t{v}\t{','.join(rules) or '-'}\t")

    expected = {}
    with open(args.expected, newline="", encoding="utf-8") as f:
        for row in csv.DictReader((line for line in f if not line.startswith("#")),
                                  delimiter="\t"):
            rules = [] if row["rules"] in ("", "-") else sorted(row["rules"].split(","))
            expected[row["file"]] = (row["verdict"], rules, row.get("why") or "")

    passed = failed = 0
    for name in files:
        if name in problems:
            failed += 1
            print(f"FAIL {name}: codeless did not run cleanly: {problems[name]}")
            continue
        if name not in expected:
            failed += 1
            v, rules = actual[name]
            print(f"FAIL {name}: not in {os.path.basename(args.expected)}; "
                  f"actual {v} [{','.join(rules)}]")
            continue
        want_verdict, want_rules, why = expected[name]
        got_verdict, got_rules = actual[name]
        if (want_verdict, want_rules) != (got_verdict, got_rules):
            failed += 1
            print(f"FAIL {name}: expected {want_verdict} [{','.join(want_rules)}], "
                  f"got {got_verdict} [{','.join(got_rules)}]")
        elif want_verdict != "clean" and not why.strip():
            failed += 1
            print(f"FAIL {name}: {want_verdict}, but the expected-verdicts file "
                  "does not say why")
        else:
            passed += 1
    for line in kext_problems:
        failed += 1
        print(line)
    for name, keys in kext_files.items():
        clean = 0
        for key in keys:
            got_verdict, got_rules = kexts[key]
            clean += got_verdict == "clean"
            want_verdict, want_rules, why = expected.get(key, ("clean", [], ""))
            if got_verdict == "errors":
                failed += 1
                print(f"FAIL {key}: a kext Apple shipped draws errors "
                      f"[{','.join(got_rules)}]")
            elif want_verdict == "errors":
                failed += 1
                print(f"FAIL {key}: the expected verdicts list errors for a kext "
                      "Apple shipped; it must draw none")
            elif (want_verdict, want_rules) != (got_verdict, got_rules):
                failed += 1
                print(f"FAIL {key}: expected {want_verdict} [{','.join(want_rules)}], "
                      f"got {got_verdict} [{','.join(got_rules)}]")
            elif want_verdict != "clean" and not why.strip():
                failed += 1
                print(f"FAIL {key}: {want_verdict}, but the expected-verdicts file "
                      "does not say why")
            else:
                passed += 1
        errors = sum(kexts[key][0] == "errors" for key in keys)
        print(f"{name}: {len(keys)} kexts, {clean} clean, "
              f"{len(keys) - clean - errors} with warnings, {errors} with errors")
    listed = set(files) | set(kexts)
    for name in sorted(set(expected) - listed):
        failed += 1
        print(f"FAIL {name}: listed in {os.path.basename(args.expected)} "
              "but not in the corpus")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
