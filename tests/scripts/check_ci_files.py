#!/usr/bin/env python3
"""Checks the CI integration files a vendor copies: .pre-commit-hooks.yaml
(against the manifest schema of pre-commit, pre_commit/clientlib.py
MANIFEST_HOOK_DICT) and examples/ci/codeless.yml (the keys GitHub Actions
requires, and that the workflow does what the README says: builds on Linux and
macOS, runs generate --check, uploads validate's SARIF even when validate
fails). Its Linux packages must be scripts/setup.sh's for the binary.

Usage: check_ci_files.py REPO   (exit 1 with one line per problem)
"""
import pathlib
import re
import sys

try:
    import yaml
except ImportError:  # CTest marks the test skipped (SKIP_REGULAR_EXPRESSION)
    print("PyYAML is not installed (Debian: python3-yaml; macOS: "
          "python3 -m pip install --user pyyaml): skipped")
    sys.exit(0)

problems = []


def problem(where, message):
    problems.append(f"{where}: {message}")


# pre-commit's manifest keys (pre_commit/clientlib.py) and languages
# (pre_commit/languages/all.py; "system" runs entry as found on PATH).
HOOK_REQUIRED = {"id": str, "name": str, "entry": str, "language": str}
HOOK_OPTIONAL = {
    "alias": str, "files": str, "exclude": str, "types": list, "types_or": list,
    "exclude_types": list, "additional_dependencies": list, "args": list,
    "always_run": bool, "fail_fast": bool, "pass_filenames": bool,
    "description": str, "language_version": str, "log_file": str,
    "minimum_pre_commit_version": str, "require_serial": bool, "stages": list,
    "verbose": bool,
}
LANGUAGES = {"conda", "coursier", "dart", "docker", "docker_image", "dotnet", "fail",
             "golang", "haskell", "julia", "lua", "node", "perl", "pygrep", "python",
             "r", "ruby", "rust", "script", "swift", "system", "unsupported",
             "unsupported_script"}

# For each hook: its entry, whether pre-commit passes it the staged file
# names, and staged paths its `files` must and must not select.
HOOKS = {
    "codeless-validate": {
        "entry": "codeless validate",
        "pass_filenames": True,
        "selects": ["Info.plist", "drivers/AcmeMouse.kext/Contents/Info.plist",
                    "drivers/AcmeDriver/Info.plist", "drivers/AcmeDriver/Info.plist.in",
                    "drivers/AcmeDriver/AcmeDriver.entitlements"],
        "ignores": ["README.md", "drivers/acme.json", "src/main.cpp",
                    "drivers/NotInfo.plist.bak", "Info.plist.orig"],
    },
    "codeless-generate-check": {
        "entry": "codeless generate --check",
        # generate takes one descriptor, given in the hook's args.
        "pass_filenames": False,
        "selects": ["drivers/acme-mouse.json", "out/AcmeMouse.kext/Contents/Info.plist",
                    "out/AcmeDriver/AcmeDriver.iig", "out/AcmeDriver/AcmeDriver.cpp",
                    "out/AcmeDriver/AcmeDriver.entitlements",
                    "out/AcmeDriver/AcmeDriver.xcconfig"],
        "ignores": ["README.md", "src/driver.swift", "notes.txt"],
    },
}


def check_hooks(path):
    where = path.name
    try:
        hooks = yaml.safe_load(path.read_text())
    except (OSError, yaml.YAMLError) as error:
        problem(where, f"cannot be read as YAML: {error}")
        return
    if not isinstance(hooks, list) or not hooks:
        problem(where, "must be a non-empty list of hooks")
        return
    seen = set()
    for index, hook in enumerate(hooks):
        here = f"{where}[{index}]"
        if not isinstance(hook, dict):
            problem(here, "a hook must be a mapping")
            continue
        for key, kind in HOOK_REQUIRED.items():
            if not isinstance(hook.get(key), kind):
                problem(here, f"needs '{key}' ({kind.__name__})")
        for key, value in hook.items():
            kind = HOOK_REQUIRED.get(key) or HOOK_OPTIONAL.get(key)
            if kind is None:
                problem(here, f"'{key}' is not a pre-commit hook key")
            elif not isinstance(value, kind):
                problem(here, f"'{key}' must be a {kind.__name__}")
        hook_id = hook.get("id")
        here = f"{where} {hook_id}"
        if hook_id in seen:
            problem(here, "id given twice")
        seen.add(hook_id)
        if hook.get("language") not in LANGUAGES:
            problem(here, f"language {hook.get('language')!r} is not one of pre-commit's")
        patterns = {}
        for key in ("files", "exclude"):
            try:
                patterns[key] = re.compile(hook.get(key, "" if key == "files" else "^$"))
            except re.error as error:
                problem(here, f"'{key}' is not a Python regex: {error}")
        expected = HOOKS.get(hook_id)
        if expected is None:
            problem(here, f"unexpected hook (expected {sorted(HOOKS)})")
            continue
        if hook.get("entry") != expected["entry"]:
            problem(here, f"entry is {hook.get('entry')!r}, expected {expected['entry']!r}")
        if hook.get("pass_filenames", True) != expected["pass_filenames"]:
            problem(here, f"pass_filenames must be {expected['pass_filenames']}")
        if len(patterns) == 2:  # pre-commit uses re.search on the staged path
            def selected(name):
                return bool(patterns["files"].search(name)) and not patterns["exclude"].search(name)
            for name in expected["selects"]:
                if not selected(name):
                    problem(here, f"'files' does not select {name}")
            for name in expected["ignores"]:
                if selected(name):
                    problem(here, f"'files' selects {name}, which is not codeless's")
    for hook_id in HOOKS:
        if hook_id not in seen:
            problem(where, f"has no hook '{hook_id}'")


STEP_KEYS = {"id", "if", "name", "uses", "run", "with", "env", "continue-on-error",
             "timeout-minutes", "working-directory", "shell"}
JOB_KEYS = {"name", "needs", "permissions", "if", "runs-on", "environment", "concurrency",
            "outputs", "env", "defaults", "steps", "timeout-minutes", "strategy",
            "continue-on-error", "container", "services", "uses", "with", "secrets"}


def setup_binary_packages(repo):
    text = (repo / "scripts/setup.sh").read_text()
    match = re.search(r"^binary_packages=\(([^)]*)\)", text, re.M)
    return set(match.group(1).split()) if match else set()


def check_workflow(path, repo):
    where = str(path.relative_to(repo))
    try:
        workflow = yaml.safe_load(path.read_text())
    except (OSError, yaml.YAMLError) as error:
        problem(where, f"cannot be read as YAML: {error}")
        return
    if not isinstance(workflow, dict):
        problem(where, "must be a mapping")
        return
    # YAML 1.1 (PyYAML, as GitHub's own parser does not) reads the key `on` as true.
    triggers = workflow.get("on", workflow.get(True))
    if not triggers:
        problem(where, "needs 'on' (its triggers)")
    elif "pull_request" not in triggers or "push" not in triggers:
        problem(where, "should run on push and pull_request")
    jobs = workflow.get("jobs")
    if not isinstance(jobs, dict) or not jobs:
        problem(where, "needs 'jobs'")
        return
    steps_seen = []
    for job_name, job in jobs.items():
        here = f"{where} job {job_name}"
        if not isinstance(job, dict):
            problem(here, "must be a mapping")
            continue
        for key in job:
            if key not in JOB_KEYS:
                problem(here, f"'{key}' is not a job key")
        if "runs-on" not in job or not isinstance(job.get("steps"), list):
            problem(here, "needs 'runs-on' and a list of 'steps'")
            continue
        matrix = (job.get("strategy") or {}).get("matrix") or {}
        systems = set(matrix.get("os", []))
        if job["runs-on"] != "${{ matrix.os }}" or not {"ubuntu-latest", "macos-latest"} <= systems:
            problem(here, "must run on ubuntu-latest and macos-latest (matrix.os)")
        permissions = job.get("permissions", workflow.get("permissions")) or {}
        if permissions.get("security-events") != "write":
            problem(here, "upload-sarif needs 'permissions: security-events: write'")
        for index, step in enumerate(job["steps"]):
            step_here = f"{here} step {index + 1}"
            if not isinstance(step, dict):
                problem(step_here, "must be a mapping")
                continue
            for key in step:
                if key not in STEP_KEYS:
                    problem(step_here, f"'{key}' is not a step key")
            if ("uses" in step) == ("run" in step):
                problem(step_here, "needs exactly one of 'uses' and 'run'")
            steps_seen.append((step_here, step))
    runs = [(h, s) for h, s in steps_seen if isinstance(s.get("run"), str)]
    def find(pattern):
        return [(h, s) for h, s in runs if re.search(pattern, s["run"])]
    if not find(r"\bgenerate\b.*--check"):
        problem(where, "no step runs 'codeless generate ... --check'")
    validate = find(r"\bvalidate\b.*--format sarif\s*>\s*(\S+)")
    if not validate:
        problem(where, "no step writes 'codeless validate ... --format sarif > FILE'")
        return
    step_here, step = validate[0]
    sarif = re.search(r"--format sarif\s*>\s*(\S+)", step["run"]).group(1)
    if step.get("continue-on-error") is not True or not step.get("id"):
        problem(step_here, "validate exits 1 on findings: it needs an 'id' and "
                "'continue-on-error: true' so that the SARIF is still uploaded")
    uploads = [(h, s) for h, s in steps_seen
               if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@")]
    if not uploads:
        problem(where, "no step uses github/codeql-action/upload-sarif")
    for upload_here, upload in uploads:
        if (upload.get("with") or {}).get("sarif_file") != sarif:
            problem(upload_here, f"sarif_file must be {sarif}, the file validate writes")
        if "always()" not in str(upload.get("if", "")):
            problem(upload_here, "must run 'if: always()', also when validate failed")
    gate = f"steps.{step.get('id') or 'ID'}.outcome == 'failure'"
    if not any(gate in str(s.get("if", "")) for _, s in steps_seen):
        problem(where, f"no step fails the job when validate failed ({gate})")
    # The Linux dependencies are those scripts/setup.sh installs for the binary.
    apt = find(r"apt-get install")
    wanted = setup_binary_packages(repo)
    if not wanted:
        problem("scripts/setup.sh", "has no binary_packages=(...) list")
    for apt_here, apt_step in apt:
        words = set(re.sub(r"\\\n", " ", apt_step["run"]).split())
        missing = wanted - words
        if missing:
            problem(apt_here, f"does not install {sorted(missing)} (scripts/setup.sh does)")
    if not apt:
        problem(where, "no step installs the Linux dependencies with apt-get")
    if not find(r"brew install"):
        problem(where, "no step installs the macOS dependencies with brew")


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    repo = pathlib.Path(sys.argv[1]).resolve()
    check_hooks(repo / ".pre-commit-hooks.yaml")
    check_workflow(repo / "examples/ci/codeless.yml", repo)
    for line in problems:
        print(line)
    print(f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
