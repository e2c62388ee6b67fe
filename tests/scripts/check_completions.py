#!/usr/bin/env python3
"""Checks the shell completions of codeless with the real shells.

  check_completions.py rules --rules-def rules.def --bash codeless.bash --zsh _codeless
      The rule IDs listed in each script (between "# rules: begin" and
      "# rules: end") are rules.def's, in its order. On a difference it prints
      the list to paste.
  check_completions.py bash --script codeless.bash --codeless BIN --product PRODUCT.md --rules-def rules.def
      Sources the script in bash, sets COMP_WORDS/COMP_CWORD, calls _codeless
      and compares COMPREPLY exactly with what it should be.
  check_completions.py zsh --zsh ZSH --functions DIR --codeless BIN --product PRODUCT.md --rules-def rules.def
      Asks an interactive zsh (compinit, DIR first in $fpath) for the matches
      of each command line, through zsh_complete.zsh, and compares them.

In bash and zsh, the long flags offered for `codeless SUB --` must be exactly
the flags `codeless SUB --help` prints together with those PRODUCT.md §1
names: a flag added to the binary fails until the completions offer it.
"""

import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cli_surface  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
COMMANDS = ["generate", "validate", "import", "match", "init", "schema",
            "catalog", "explain"]


def rules_def_ids(path):
    ids = []
    for line in open(path, encoding="utf-8"):
        match = re.match(r'\s*RULE\(\s*\w+\s*,\s*"([^"]+)"', line)
        if match:
            ids.append(match.group(1))
    return ids


def script_ids(path):
    text = open(path, encoding="utf-8").read()
    block = re.search(r"# rules: begin\n(.*?)# rules: end", text, re.DOTALL)
    if not block:
        raise SystemExit(f"{path}: no '# rules: begin' ... '# rules: end' block")
    return re.findall(r"^\s*([a-z0-9]+(?:-[a-z0-9]+)*)\s*$", block.group(1),
                      re.MULTILINE)


def check_rules(args):
    expected = rules_def_ids(args.rules_def)
    problems = []
    for path, indent in [(args.bash, "  "), (args.zsh, "    ")]:
        listed = script_ids(path)
        if listed != expected:
            gone = [r for r in listed if r not in expected]
            new = [r for r in expected if r not in listed]
            problems.append(
                f"{path}: its rule IDs differ from {args.rules_def} "
                f"(not in rules.def: {gone or 'none'}; missing: {new or 'none'}"
                f"{'; order differs' if not gone and not new else ''}). "
                f"Replace the lines between its markers with:\n" +
                "\n".join(indent + r for r in expected))
    if problems:
        print("\n\n".join(problems))
        return 1
    print(f"{len(expected)} rule IDs in both scripts")
    return 0


# Command lines (the word being completed last) and the matches they must
# give; the matches of a line whose key is in SORTED are compared as a sorted
# list (file names come in directory order).
def cases(rules, surface):
    def flags(command):
        return sorted(surface.get(command, set()))
    table = [
        (["codeless", ""], COMMANDS),
        (["codeless", "v"], ["validate"]),
        (["codeless", "--"], ["--help", "--version"]),
        (["codeless", "generate", "--target", ""], ["kext", "dext", "all"]),
        (["codeless", "init", "--target", "d"], ["dext"]),
        (["codeless", "generate", "--format", ""], ["text", "json", "sarif"]),
        (["codeless", "validate", "--format", "s"], ["sarif"]),
        (["codeless", "catalog", "--format", ""], ["text", "json"]),
        (["codeless", "match", "--format", ""], ["text", "json"]),
        (["codeless", "init", "--kind", ""], ["usb", "pci", "hid", "port-map", "null"]),
        (["codeless", "init", "--kind", "p"], ["pci", "port-map"]),
        (["codeless", "explain", ""], rules),
        (["codeless", "explain", "desc-match"], [r for r in rules if r.startswith("desc-match")]),
        (["codeless", "explain", "desc-range", ""], []),
        (["codeless", "generate", "--disable", "desc-id"], [r for r in rules if r.startswith("desc-id")]),
        (["codeless", "validate", "--disable", "xml-b"], ["xml-bom"]),
        (["codeless", "init", "--vendor", ""], []),
        (["codeless", "generate", "a.json", ""], []),
        (["codeless", "schema", ""], []),
    ]
    files = [
        (["codeless", "generate", ""], ["a.json", "sub"]),
        (["codeless", "generate", "-o", ""], ["sub"]),
        (["codeless", "generate", "--xcfilelist", "s"], ["sub"]),
        (["codeless", "generate", "--depfile", ""], ["a.json", "b.txt", "sub"]),
        (["codeless", "validate", ""], ["a.json", "b.txt", "sub"]),
        (["codeless", "validate", "a.json", "b"], ["b.txt"]),
        (["codeless", "match", "--device", "b"], ["b.txt"]),
        (["codeless", "import", "-o", "a"], ["a.json"]),
    ]
    table += [
        (["codeless", "generate", "--x"], ["--xcode", "--xcfilelist"]),
    ]
    files.append((["codeless", "validate", "--"], ["--format", "--werror", "--disable",
                                                   "--max-input-size", "--help"]))
    # Every long flag of the binary and of PRODUCT.md is offered (and
    # --help, which CLI11 gives every command).
    long_flags = [(["codeless", command, "--"], sorted(surface[command] | {"--help"}))
                  for command in sorted(surface) if command]
    return table, files, long_flags


def compare(results, table, unordered, supersets=()):
    problems = []
    for words, expected in supersets:
        missing = sorted(set(expected) - set(results[tuple(words)]))
        if missing:
            problems.append(f"{shlex.join(words)!s}<TAB> does not offer {missing}")
    for words, expected in table:
        got = results[tuple(words)]
        if got == expected:
            continue
        if len(expected) > 10:
            problems.append(
                f"{shlex.join(words)!s}<TAB>: not offered "
                f"{[w for w in expected if w not in got]}, offered but not wanted "
                f"{[w for w in got if w not in expected]}"
                f"{', out of order' if sorted(got) == sorted(expected) else ''}")
        else:
            problems.append(f"{shlex.join(words)!s}<TAB>: got {got}, want {expected}")
    for words, expected in unordered:
        got = sorted(results[tuple(words)])
        if got != sorted(expected):
            problems.append(f"{shlex.join(words)!s}<TAB>: got {got}, want {sorted(expected)}")
    return problems


def work_directory():
    work = tempfile.mkdtemp(prefix="codeless-completion-")
    for name in ["a.json", "b.txt"]:
        open(os.path.join(work, name), "w").close()
    os.mkdir(os.path.join(work, "sub"))
    return work


def surface_of(args):
    return cli_surface.merge(cli_surface.binary_surface(args.codeless),
                             cli_surface.product_surface(args.product))


def check_bash(args):
    rules = rules_def_ids(args.rules_def)
    table, unordered, supersets = cases(rules, surface_of(args))
    lines = [f"source {shlex.quote(os.path.abspath(args.script))}",
             "t() { COMP_WORDS=(\"$@\"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1));"
             " COMPREPLY=(); _codeless; printf '%s\\n' \"${COMPREPLY[@]}\";"
             " printf '<<end>>\\n'; }",
             # The completion is registered for the command.
             "complete -p codeless"]
    all_cases = table + unordered + supersets
    for words, _ in all_cases:
        lines.append("t " + " ".join(shlex.quote(w) for w in words))
    # "--format=j": bash splits the word at '=' into "--format" "=" "j".
    lines.append("t codeless generate --format = j")
    lines.append("t codeless generate --format =")
    work = work_directory()
    result = subprocess.run([args.bash, "--norc", "--noprofile", "-c", "\n".join(lines)],
                            capture_output=True, text=True, cwd=work, check=False)
    if result.returncode != 0 or result.stderr:
        print(f"bash exited {result.returncode}: {result.stderr}")
        return 1
    out = result.stdout.split("\n")
    registration = out.pop(0)
    problems = []
    if registration != "complete -F _codeless codeless":
        problems.append(f"complete -p codeless: {registration!r}")
    blocks = "\n".join(out).split("<<end>>\n")
    replies = [[w for w in block.split("\n") if w] for block in blocks]
    results = {}
    for (words, _), reply in zip(all_cases, replies):
        results[tuple(words)] = reply
    problems += compare(results, table, unordered, supersets)
    equals = replies[len(all_cases):len(all_cases) + 2]
    if equals != [["json"], ["text", "json", "sarif"]]:
        problems.append(f"--format=j / --format=: got {equals}")
    if problems:
        print("\n".join(problems))
        return 1
    print(f"bash: {len(all_cases) + 2} command lines complete as they should")
    return 0


def check_zsh(args):
    rules = rules_def_ids(args.rules_def)
    table, unordered, supersets = cases(rules, surface_of(args))
    # zsh also takes "--target=": the same words after the '='.
    table = table + [(["codeless", "generate", "--target="], ["kext", "dext", "all"]),
                     (["codeless", "generate", "--format=j"], ["json"])]
    # Where no argument is left to give, zsh offers the options not given
    # yet even without a "-" (bash offers nothing there).
    no_argument_left = {
        ("codeless", "explain", "desc-range", ""): ["--help", "-h"],
        ("codeless", "schema", ""): ["--help", "-h"],
        ("codeless", "generate", "a.json", ""):
            ["-o", "--output", "-h", "--help", "--target", "--format", "--werror",
             "--check", "--xcode", "--depfile", "--xcfilelist", "--disable",
             "--max-input-size"],
    }
    table = [case for case in table if tuple(case[0]) not in no_argument_left]
    unordered = unordered + [(list(words), expected)
                             for words, expected in no_argument_left.items()]
    work = work_directory()
    results = {}
    for words, _ in table + unordered + supersets:
        line = " ".join(shlex.quote(w) if w else "" for w in words)
        if not words[-1]:
            line = " ".join(shlex.quote(w) for w in words[:-1]) + " "
        result = subprocess.run(
            [args.zsh, "-f", os.path.join(HERE, "zsh_complete.zsh"),
             os.path.abspath(args.functions), line],
            capture_output=True, text=True, cwd=work, timeout=60, check=False)
        if result.returncode != 0:
            print(f"zsh_complete.zsh {line!r} exited {result.returncode}: {result.stderr}")
            return 1
        # zsh's file completion may add one name in two passes; it shows
        # it once.
        results[tuple(words)] = list(dict.fromkeys(w for w in result.stdout.split("\n") if w))
    problems = compare(results, table, unordered, supersets)
    if problems:
        print("\n".join(problems))
        return 1
    print(f"zsh: {len(table) + len(unordered) + len(supersets)} command lines complete as they should")
    return 0


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="mode", required=True)
    rules = sub.add_parser("rules")
    rules.add_argument("--rules-def", required=True)
    rules.add_argument("--bash", required=True)
    rules.add_argument("--zsh", required=True)
    for name in ["bash", "zsh"]:
        shell = sub.add_parser(name)
        shell.add_argument("--codeless", required=True)
        shell.add_argument("--product", required=True)
        shell.add_argument("--rules-def", required=True)
        if name == "bash":
            shell.add_argument("--bash", default="bash")
            shell.add_argument("--script", required=True)
        else:
            shell.add_argument("--zsh", required=True)
            shell.add_argument("--functions", required=True)
    args = parser.parse_args()
    return {"rules": check_rules, "bash": check_bash, "zsh": check_zsh}[args.mode](args)


if __name__ == "__main__":
    sys.exit(main())
