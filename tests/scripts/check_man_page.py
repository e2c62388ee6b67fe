#!/usr/bin/env python3
"""Checks man/codeless.1 with the real man tools and against the CLI.

1. groff renders it with every warning on (-ww); any warning fails.
2. man-db's `man -l` formats it with its warnings on; any output on
   standard error fails.
3. The page has the sections of man(7): NAME, SYNOPSIS, DESCRIPTION,
   COMMANDS, OPTIONS, EXIT STATUS (0, 1, 2 and 70), ENVIRONMENT, FILES,
   EXAMPLES, SEE ALSO.
4. Every subcommand of `codeless --help` and of PRODUCT.md §1 has an entry
   under COMMANDS, and each long flag that `codeless SUB --help` prints or
   PRODUCT.md §1 names is documented under OPTIONS, in SUB's own
   subsection or in "Options of every command". A flag added to the binary
   fails this test until the page documents it.
5. The check itself can fail: a made-up flag is reported missing.
"""

import argparse
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cli_surface  # noqa: E402

REQUIRED_SECTIONS = ["NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "OPTIONS",
                     "EXIT STATUS", "ENVIRONMENT", "FILES", "EXAMPLES",
                     "SEE ALSO"]
EVERY_COMMAND = "Options of every command"


def run(command, env=None):
    return subprocess.run(command, capture_output=True, text=True, env=env,
                          check=False)


def plain_text(groff, page):
    # ASCII, no bold/underline escapes, no hyphenation and lines too long to
    # wrap: each flag is one unbroken word.
    result = run([groff, "-man", "-Tascii", "-P-cbou", "-rHY=0", "-rLL=2000n",
                  page])
    if result.returncode != 0:
        raise SystemExit(f"groff failed: {result.stderr}")
    return result.stdout


def split_sections(text):
    """{section: text}, and {subsection: text} of OPTIONS."""
    sections, subsections = {}, {}
    section = subsection = None
    for line in text.splitlines():
        if re.fullmatch(r"[A-Z][A-Z ]*[A-Z]", line):
            section, subsection = line, None
            sections[section] = ""
            continue
        match = re.fullmatch(r"   (\S.*)", line)
        if section == "OPTIONS" and match:
            subsection = match.group(1)
            subsections[subsection] = ""
        if section is not None:
            sections[section] += line + "\n"
        if subsection is not None:
            subsections[subsection] += line + "\n"
    return sections, subsections


def missing_entries(sections, subsections, surface):
    problems = []
    commands_text = sections.get("COMMANDS", "")
    every = set(cli_surface.LONG_FLAG.findall(subsections.get(EVERY_COMMAND, "")))
    for command, flags in sorted(surface.items()):
        documented = set(every)
        if command:
            # A command's entry starts its line under COMMANDS.
            if not re.search(rf"^       {re.escape(command)}\b", commands_text,
                             re.MULTILINE):
                problems.append(f"command {command!r} has no entry under COMMANDS")
            documented |= set(cli_surface.LONG_FLAG.findall(
                subsections.get(command, "")))
        for flag in sorted(flags - documented):
            where = f"{command}'s subsection" if command else "the page"
            problems.append(f"{(command + ' ') if command else ''}{flag} is not "
                            f"documented under OPTIONS ({where} or "
                            f"\"{EVERY_COMMAND}\")")
    return problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--codeless", required=True)
    parser.add_argument("--groff", required=True)
    parser.add_argument("--man", required=True)
    parser.add_argument("--product", required=True, help="PRODUCT.md")
    parser.add_argument("page")
    args = parser.parse_args()
    problems = []

    result = run([args.groff, "-man", "-Tutf8", "-ww", "-z", args.page])
    if result.returncode != 0 or result.stderr:
        problems.append(f"groff -ww: exit {result.returncode}\n{result.stderr}")

    env = dict(os.environ, MANWIDTH="80", MAN_KEEP_FORMATTING="")
    env.pop("MANPAGER", None)
    env.pop("PAGER", None)
    result = run([args.man, "--warnings", "-l", args.page], env=env)
    if result.returncode != 0 or result.stderr:
        problems.append(f"man --warnings -l: exit {result.returncode}\n"
                        f"{result.stderr}")
    elif "CODELESS(1)" not in result.stdout:
        problems.append("man -l output has no CODELESS(1) header")

    text = plain_text(args.groff, args.page)
    sections, subsections = split_sections(text)
    for name in REQUIRED_SECTIONS:
        if name not in sections:
            problems.append(f"no {name} section")
    for status in ["0", "1", "2", "70"]:
        if not re.search(rf"^       {status}\s", sections.get("EXIT STATUS", ""),
                         re.MULTILINE):
            problems.append(f"EXIT STATUS does not list {status}")

    surface = cli_surface.merge(cli_surface.binary_surface(args.codeless),
                                cli_surface.product_surface(args.product))
    problems += missing_entries(sections, subsections, surface)

    # The check can fail.
    probe = missing_entries(sections, subsections,
                            {"generate": {"--no-such-flag"}, "no-such-command": set()})
    if len(probe) != 2:
        problems.append(f"the check does not catch a made-up flag and command: {probe}")

    if problems:
        print("\n".join(problems))
        return 1
    print(f"man page: {sum(len(f) for f in surface.values())} flags of "
          f"{len(surface) - 1} commands documented")
    return 0


if __name__ == "__main__":
    sys.exit(main())
