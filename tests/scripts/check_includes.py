#!/usr/bin/env python3
"""The include rule: each folder of src/codeless/ includes only the folders
its row of the README's layers table names (between the "layers" markers).
Prints every #include that breaks the rule and exits 1; exits 0 when none
does. usage: check_includes.py REPO"""
import pathlib
import re
import sys

repo = pathlib.Path(sys.argv[1])
readme = (repo / "README.md").read_text()
table = readme.split("<!-- layers: begin -->")[1].split("<!-- layers: end -->")[0]
allowed = {}
for row in table.splitlines():
    cells = [cell.strip() for cell in row.strip().strip("|").split("|")]
    if len(cells) != 3 or not cells[0].startswith("`"):
        continue
    folder = cells[0].strip("`").rstrip("/")
    names = set(re.findall(r"`([a-z_.]+)`", cells[2]))
    if "every folder" in cells[2]:
        names |= {"*"}
    allowed[folder] = names
if not allowed:
    sys.exit("no layers table in README.md")

src = repo / "src"
folders = {path.name for path in (src / "codeless").iterdir() if path.is_dir()}
missing = folders - set(allowed)
failures = [f"src/codeless/{name}/ has no row in the README's layers table" for name in sorted(missing)]
include = re.compile(r'^\s*#\s*include\s+"codeless/([^"]+)"', re.M)
files = sorted((src / "codeless").rglob("*.h")) + sorted((src / "codeless").rglob("*.cc")) + [src / "main.cc"]
for path in files:
    relative = path.relative_to(src)
    owner = relative.parts[1] if relative.parts[0] == "codeless" else relative.name
    rules = allowed.get(owner)
    if rules is None:
        continue
    for target in include.findall(path.read_text()):
        layer = target.split("/")[0] if "/" in target else target
        if layer == owner or "*" in rules:
            continue
        if layer not in rules:
            may = f"only {', '.join(sorted(rules))}" if rules else "nothing"
            failures.append(f"src/{relative} includes codeless/{target}, but {owner} may include {may}")
for failure in failures:
    print(failure)
print(f"checked {len(files)} files against {len(allowed)} layers: "
      f"{'ok' if not failures else f'{len(failures)} violations'}")
sys.exit(1 if failures else 0)
