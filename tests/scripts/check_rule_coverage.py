#!/usr/bin/env python3
"""Every rule of src/codeless/diag/rules.def is asserted, as exact
diagnostic text ("... [rule-id]"), by at least one test; and every golden
of tests/golden/errors/ is named for a rule it reports
(RULE-ID[--variant].json). Prints what is missing and exits 1 if anything
is. usage: check_rule_coverage.py REPO"""
import pathlib
import re
import sys

repo = pathlib.Path(sys.argv[1])
rules = re.findall(r'^RULE\(\w+, "([^"]+)"', (repo / "src/codeless/diag/rules.def").read_text(), re.M)
tests = repo / "tests"
# Where tests state the exact text they expect: test sources, golden
# .stderr files, and the scripts that compare output.
texts = {}
for path in sorted(tests.rglob("*")):
    if path.is_file() and path.suffix in {".cc", ".h", ".stderr", ".sh", ".py", ".expected"}:
        texts[path] = path.read_text(errors="replace")
failures = []
for rule in rules:
    if not any(f"[{rule}]" in text for text in texts.values()):
        failures.append(f"no test asserts a diagnostic of rule {rule} (\"... [{rule}]\")")
for golden in sorted((tests / "golden/errors").glob("*.json")):
    stem = golden.stem
    rule = stem.split("--")[0]
    stderr = golden.with_suffix(".stderr")
    if rule not in rules:
        failures.append(f"golden {golden.name} is not named for a rule (RULE-ID[--variant].json)")
    elif not stderr.exists() or f"[{rule}]" not in stderr.read_text():
        failures.append(f"golden {golden.name} is named for {rule}, which its .stderr never reports")
for failure in failures:
    print(failure)
print(f"{len(rules)} rules, {len(list((tests / 'golden/errors').glob('*.json')))} error goldens: "
      f"{'ok' if not failures else f'{len(failures)} problems'}")
sys.exit(1 if failures else 0)
