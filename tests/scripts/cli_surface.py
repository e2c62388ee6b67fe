"""The command-line surface of codeless: its subcommands and their long flags.

Two sources, both read by the man page and completion checks, so that
neither can fall behind:
  * the binary: `codeless --help` and `codeless SUB --help` (CLI11's format);
  * PRODUCT.md §1, the contract, which may name flags before the binary has
    them.
Each gives {subcommand: set of long flags}; the key "" holds the flags of
`codeless` itself.
"""

import re
import subprocess

LONG_FLAG = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*(?![\w-])")


def _sections(text):
    """{lowercased header: [lines]} of CLI11 help ("Options:", "SUBCOMMANDS:")."""
    sections = {}
    current = None
    for line in text.splitlines():
        header = re.fullmatch(r"([A-Za-z][A-Za-z ]*):\s*", line)
        if header:
            current = header.group(1).strip().lower()
            sections[current] = []
        elif current is not None:
            sections[current].append(line)
    return sections


def _help(codeless, args):
    result = subprocess.run([codeless, *args, "--help"], capture_output=True,
                            text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{codeless} {' '.join(args)} --help exited "
                         f"{result.returncode}: {result.stderr}")
    return result.stdout


def _option_flags(lines):
    flags = set()
    for line in lines:
        if not line.lstrip().startswith("-"):
            continue
        # The option's names come before the first run of two spaces.
        names = re.split(r"\s{2,}", line.strip(), maxsplit=1)[0]
        flags.update(LONG_FLAG.findall(names))
    return flags


def binary_surface(codeless):
    top = _sections(_help(codeless, []))
    commands = []
    for line in top.get("subcommands", []):
        words = line.split()
        if words:
            commands.append(words[0])
    if not commands:
        raise SystemExit(f"{codeless} --help lists no subcommands")
    surface = {"": _option_flags(top.get("options", []))}
    for command in commands:
        sections = _sections(_help(codeless, [command]))
        surface[command] = _option_flags(sections.get("options", []))
    return surface


def product_surface(product_md):
    """The synopsis block of PRODUCT.md's "## 1. Command line"."""
    text = open(product_md, encoding="utf-8").read()
    section = text.split("## 1. Command line", 1)[1]
    block = section.split("```", 2)[1]
    surface = {"": set()}
    command = None
    for line in block.splitlines():
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        if words[0] == "codeless":
            if words[1].startswith("-"):
                surface[""].update(LONG_FLAG.findall(line))
                continue
            command = words[1]
            surface.setdefault(command, set())
            words = words[2:]
        if command is not None:
            surface[command].update(LONG_FLAG.findall(" ".join(words)))
    return surface


def merge(*surfaces):
    merged = {}
    for surface in surfaces:
        for command, flags in surface.items():
            merged.setdefault(command, set()).update(flags)
    return merged
