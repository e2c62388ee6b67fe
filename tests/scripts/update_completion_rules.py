#!/usr/bin/env python3
"""Rewrites the rule IDs between the '# rules: begin' and '# rules: end'
markers of completions/codeless.bash and completions/_codeless from
src/codeless/diag/rules.def, keeping each file's indentation. Run it after
adding a rule; test completions.rules fails until then."""
import pathlib, re, sys

repo = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
ids = re.findall(r'^RULE\(\w+, "([^"]+)"',
                 (repo / "src/codeless/diag/rules.def").read_text(), re.M)
for name in ("completions/codeless.bash", "completions/_codeless"):
    path = repo / name
    lines = path.read_text().splitlines(keepends=True)
    begin = next(i for i, l in enumerate(lines) if l.strip() == "# rules: begin")
    end = next(i for i, l in enumerate(lines) if l.strip() == "# rules: end")
    # Only the lines that are a bare rule ID are the list; the array's
    # opening and closing lines stay.
    rows = [i for i in range(begin + 1, end)
            if re.fullmatch(r"\s*[a-z0-9-]+\s*", lines[i])]
    indent = re.match(r"\s*", lines[rows[0]]).group(0)
    lines[rows[0]:rows[-1] + 1] = [f"{indent}{rule}\n" for rule in ids]
    path.write_text("".join(lines))
