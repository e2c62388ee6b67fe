#!/usr/bin/env python3
"""The bad-input suite (tests/bad/README.md): every case of cases.txt run
through the real binary, which must exit 1, print exactly the expected
diagnostics on standard error and nothing on standard output, and write
nothing: not in its -o folder, not in the import -o file, not beside the
input.

Usage: run_bad_inputs.py --codeless BIN [--work DIR] [--update] [NAME...]

--update rewrites the .expected file of each case from what the binary
prints (only where the exit code and the "nothing written" checks hold);
read every changed file before committing it. NAMEs limit the run to those
cases.
"""

import argparse
import difflib
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

# Each kind: the folder of its inputs, the fixtures copied beside every
# input, and the command line (run in the case's scratch folder, with the
# input's path as the manifest gives it, so diagnostics name it as given).
# A new kind needs an entry here and a folder.
KINDS = {
    "generate": ("generate", [], lambda i: ["generate", i, "-o", "out"]),
    "validate": ("validate", [], lambda i: ["validate", i]),
    "match": ("match", ["source.json"],
              lambda i: ["match", "source.json", "--device", i]),
    "match-source": ("match", ["device.txt"],
                     lambda i: ["match", i, "--device", "device.txt"]),
    "import": ("import", [], lambda i: ["import", i, "-o", "imported.json"]),
}


def read_manifest(path):
    """The cases of cases.txt: (kind, input, why, line number)."""
    cases = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            head, sep, why = line.partition(" -- ")
            fields = head.split()
            if not sep or len(fields) != 2 or not why.strip():
                sys.exit(f"{path}:{number}: expected 'KIND INPUT -- WHY'")
            if fields[0] not in KINDS:
                sys.exit(f"{path}:{number}: unknown kind {fields[0]!r}; "
                         f"known: {', '.join(KINDS)}")
            cases.append((fields[0], fields[1], why.strip(), number))
    return cases


def case_name(input_path):
    """The input's file name without its last extension (a.json, a.kext
    and a folder a all name case a)."""
    base = os.path.basename(input_path.rstrip("/"))
    stem, ext = os.path.splitext(base)
    return stem if ext else base


def snapshot(root):
    """Every path under root with its mode and, for files, its bytes."""
    seen = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(folder, name)
            st = os.lstat(path)
            content = None
            if os.path.isfile(path) and not os.path.islink(path):
                with open(path, "rb") as f:
                    content = f.read()
            seen[os.path.relpath(path, root)] = (st.st_mode, content)
    return seen


def run_case(codeless, kind, input_path, scratch):
    """Runs one case in scratch; returns (problems, stderr)."""
    folder, fixtures, command = KINDS[kind]
    source = os.path.join(HERE, folder, input_path)
    if not os.path.lexists(source):
        return [f"input {folder}/{input_path} does not exist"], b""
    target = os.path.join(scratch, input_path)
    if os.path.isdir(source):
        shutil.copytree(source, target, symlinks=True)
    else:
        shutil.copy2(source, target)
    for fixture in fixtures:
        shutil.copy2(os.path.join(HERE, folder, fixture), scratch)
    if kind == "generate":
        os.mkdir(os.path.join(scratch, "out"))
    before = snapshot(scratch)
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C",
           "TZ": "UTC", "HOME": scratch}
    result = subprocess.run([codeless] + command(input_path), cwd=scratch,
                            env=env, capture_output=True, timeout=120)
    problems = []
    if result.returncode != 1:
        problems.append(f"exit code {result.returncode}, expected 1")
    if result.stdout:
        problems.append("standard output is not empty:\n" +
                        result.stdout.decode("utf-8", "replace"))
    after = snapshot(scratch)
    if after != before:
        changed = sorted(p for p in set(before) | set(after)
                         if before.get(p) != after.get(p))
        problems.append("the run changed files: " + ", ".join(changed))
    return problems, result.stderr


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codeless", required=True)
    parser.add_argument("--work", help="scratch folder (default: a temporary one)")
    parser.add_argument("--update", action="store_true")
    parser.add_argument("names", nargs="*")
    args = parser.parse_args()
    codeless = os.path.abspath(args.codeless)

    cases = read_manifest(os.path.join(HERE, "cases.txt"))
    names = {}
    for kind, input_path, _, number in cases:
        key = (KINDS[kind][0], case_name(input_path))
        if key in names:
            sys.exit(f"cases.txt:{number}: case {key[1]} of {key[0]}/ is "
                     f"already on line {names[key]}")
        names[key] = number
    # An expected file without a case would never be checked.
    for folder in sorted({k[0] for k in KINDS.values()}):
        for entry in sorted(os.listdir(os.path.join(HERE, folder))):
            if entry.endswith(".expected") and \
                    (folder, entry[:-len(".expected")]) not in names:
                sys.exit(f"{folder}/{entry} belongs to no case of cases.txt")

    work = args.work or tempfile.mkdtemp(prefix="codeless-bad-")
    if os.path.exists(work):
        shutil.rmtree(work)
    os.makedirs(work)
    failures = 0
    counts = {}
    for index, (kind, input_path, why, number) in enumerate(cases):
        name = case_name(input_path)
        if args.names and name not in args.names:
            continue
        counts[kind] = counts.get(kind, 0) + 1
        scratch = os.path.join(work, f"{index:03d}-{name}")
        os.makedirs(scratch)
        problems, stderr = run_case(codeless, kind, input_path, scratch)
        expected_path = os.path.join(HERE, KINDS[kind][0], name + ".expected")
        expected = None
        if os.path.exists(expected_path):
            with open(expected_path, "rb") as f:
                expected = f.read()
        if args.update and not problems and stderr != expected:
            with open(expected_path, "wb") as f:
                f.write(stderr)
            print(f"updated {os.path.relpath(expected_path, HERE)}")
            expected = stderr
        if expected is None:
            problems.append(f"no {KINDS[kind][0]}/{name}.expected")
        elif stderr != expected:
            diff = difflib.unified_diff(
                expected.decode("utf-8", "replace").splitlines(True),
                stderr.decode("utf-8", "replace").splitlines(True),
                f"{name}.expected", "standard error")
            problems.append("standard error differs:\n" + "".join(diff))
        if problems:
            failures += 1
            print(f"FAIL {kind} {input_path} (cases.txt:{number}: {why})")
            for problem in problems:
                print("  " + problem.rstrip("\n").replace("\n", "\n  "))
    if not args.work:
        shutil.rmtree(work)
    total = sum(counts.values())
    summary = ", ".join(f"{kind} {n}" for kind, n in sorted(counts.items()))
    print(f"{total} cases ({summary}), {failures} failed")
    return 1 if failures or total == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
