#!/usr/bin/env python3
"""Checks packaging/homebrew/codeless.rb without a Mac.

* Ruby syntax with `ruby -c`, when ruby is installed (.ci/run installs it;
  elsewhere the line "ruby not found" says this part was skipped);
* the formula builds the project's version (url tag v<VERSION>), its sha256
  values are the marked placeholders or real digests, it depends on the
  Homebrew formulae the README's "Building on a Mac" installs for the binary,
  configures with CMake and has a test block that checks `--version`;
* what its test block runs, run here with the real binary: `codeless
  --version` prints the version assert_match looks for, and the descriptor
  it writes generates a kext whose Info.plist validates.

Usage: check_homebrew_formula.py --repo REPO --codeless BIN --version X.Y.Z --work DIR
"""
import argparse
import pathlib
import re
import shutil
import subprocess
import sys

problems = []


def problem(message):
    problems.append(message)


def readme_brew_formulae(readme):
    """The formulae of the first `brew install` in "Building on a Mac"."""
    section = re.search(r"^### Building on a Mac\n(.*?)(?=^#{1,3} |\Z)", readme, re.M | re.S)
    if not section:
        return None
    line = re.search(r"brew install ([^\n&;`]+)", section.group(1))
    return set(line.group(1).split()) if line else None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repo", required=True)
    parser.add_argument("--codeless", required=True)
    parser.add_argument("--version", required=True)
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    repo = pathlib.Path(args.repo)
    path = repo / "packaging/homebrew/codeless.rb"
    formula = path.read_text()

    ruby = shutil.which("ruby")
    if ruby:
        run = subprocess.run([ruby, "-c", str(path)], capture_output=True, text=True)
        if run.returncode != 0 or "Syntax OK" not in run.stdout:
            problem(f"ruby -c: {run.stdout}{run.stderr}".strip())
        else:
            print("ruby -c: Syntax OK")
    else:
        print("ruby not found: the formula's Ruby syntax was not checked")

    if not re.search(r"^class Codeless < Formula$", formula, re.M):
        problem("no 'class Codeless < Formula'")
    url = re.search(r'^  url "([^"]+)"', formula, re.M)
    if not url or f"/v{args.version}.tar.gz" not in url.group(1):
        problem(f"url must be the release tarball of v{args.version} (project(VERSION))")
    for digest in re.findall(r'sha256 "([^"]*)"(.*)', formula):
        value, rest = digest
        if not re.fullmatch(r"[0-9a-f]{64}", value):
            problem(f"sha256 {value!r} is not 64 hex digits")
        elif value == "0" * 64 and "TO FILL AT RELEASE" not in rest:
            problem("a placeholder sha256 must say '# TO FILL AT RELEASE'")
    depends = set(re.findall(r'^  depends_on "([^"]+)"', formula, re.M))
    brew = readme_brew_formulae((repo / "README.md").read_text())
    if brew is None:
        problem("README.md has no 'brew install' in '### Building on a Mac'")
    else:
        for name in sorted(depends - brew):
            problem(f"depends_on {name!r}, which README's brew install does not list")
        for name in ("cmake", "ninja", "nlohmann-json", "fmt", "cli11", "usb.ids"):
            if name not in depends:
                problem(f"no depends_on {name!r}: the binary needs it")
    if not re.search(r'system "cmake", "-S"', formula):
        problem("install does not configure with system \"cmake\", \"-S\", ...")
    if 'assert_match version.to_s, shell_output("#{bin}/codeless --version")' not in formula:
        problem("the test block must assert_match the version in `codeless --version`")

    # What the test block runs, with this build's binary.
    version = subprocess.run([args.codeless, "--version"], capture_output=True, text=True)
    if version.returncode != 0 or args.version not in version.stdout:
        problem(f"codeless --version printed {version.stdout!r}, without {args.version}")
    descriptor = re.search(r"<<~JSON\n(.*?)^\s*JSON$", formula, re.M | re.S)
    if not descriptor:
        problem("the test block writes no descriptor (<<~JSON ... JSON)")
    else:
        work = pathlib.Path(args.work)
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        text = re.sub(r"^ {6}", "", descriptor.group(1), flags=re.M)  # <<~ strips it
        (work / "mouse.json").write_text(text)
        run = subprocess.run([args.codeless, "generate", str(work / "mouse.json"),
                              "-o", str(work / "out")], capture_output=True, text=True)
        if run.returncode != 0:
            problem(f"the test block's generate fails: {run.stderr.strip()}")
        plist = re.search(r'assert_path_exists testpath/"([^"]+)"', formula)
        if not plist or not (work / plist.group(1)).is_file():
            problem("the test block's assert_path_exists names no file generate wrote")
        run = subprocess.run([args.codeless, "validate", str(work / "out/Mouse.kext")],
                             capture_output=True, text=True)
        if run.returncode != 0:
            problem(f"the test block's validate fails: {run.stderr.strip()}")

    for line in problems:
        print(f"{path.relative_to(repo)}: {line}")
    print(f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
