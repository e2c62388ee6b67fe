#!/usr/bin/env python3
"""Compiles every generated dext source with the system C++ compiler, in
syntax-only mode, against the stand-in DriverKit declarations in
tests/driverkit_stubs/.

Real DriverKit headers exist only on macOS (in the DriverKit SDK that ships with
Xcode), so this test cannot prove that a dext builds; it proves that the
templates produce well-formed C++ that names the right headers and classes, so
that a broken template fails CI on any platform.

Generated: every example that has a "dext" section, and one synthetic dext per
catalog superclass that works as an empty subclass (so each superclass header
codeless can emit has a stand-in and compiles). Each CLASS.iig is compiled as
C++; each CLASS.cpp is compiled beside a copy of CLASS.iig named CLASS.h, the
stand-in for the header iig would generate."""
import argparse
import json
import pathlib
import re
import shutil
import subprocess
import sys

CLASS_RE = re.compile(r"^class (\w+) : public (\w+)\n\{\n\};$", re.MULTILINE)

# A match that transport entitlements can cover, per provider.
MATCH_FOR_PROVIDER = {
    "IOUSBHostInterface": {"idVendor": 4617, "idProduct": 1, "bConfigurationValue": 1,
                           "bInterfaceNumber": 0},
    "IOUSBHostDevice": {"idVendor": 4617, "idProduct": 1},
    "IOPCIDevice": {"IOPCIPrimaryMatch": "0x000110ee"},
    "IOHIDInterface": {"VendorID": 4617, "ProductID": 1},
}


def synthetic_descriptor(entry):
    name = "Stub" + entry["superclass"]
    provider = entry["providers"][0] if entry["providers"] else "IOUserResources"
    return {
        "formatVersion": 1,
        "bundle": {"identifier": "com.example.codeless." + name, "name": name,
                   "version": "1.0", "usageDescription": "Compile test."},
        "dext": {"class": name + "Driver", "superclass": entry["superclass"]},
        "personalities": [{"name": name, "provider": provider,
                           "match": MATCH_FOR_PROVIDER.get(provider, {})}],
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--codeless", required=True)
    parser.add_argument("--cxx", required=True)
    parser.add_argument("--stubs", required=True)
    parser.add_argument("--catalog", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("examples")
    args = parser.parse_args()
    work = pathlib.Path(args.work)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)

    descriptors = [p for p in sorted(pathlib.Path(args.examples).glob("*.json"))
                   if "dext" in json.loads(p.read_text())]
    catalog = json.loads(pathlib.Path(args.catalog).read_text())
    for entry in catalog["dext"]:
        if entry["emptySubclass"]:
            path = work / "descriptors" / (entry["superclass"] + ".json")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(synthetic_descriptor(entry), indent=2))
            descriptors.append(path)

    passed = failed = 0

    def report(ok, what, detail=""):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print(f"FAIL {what}\n{detail}".rstrip())

    flags = ["-std=c++17", "-fsyntax-only", "-Wall", "-Wextra", "-Werror", "-x", "c++",
             "-I", args.stubs]
    for descriptor in descriptors:
        out = work / "out" / descriptor.stem
        run = subprocess.run([args.codeless, "generate", str(descriptor), "--target", "dext",
                              "-o", str(out)], capture_output=True, text=True)
        if run.returncode != 0:
            report(False, f"generate {descriptor}", run.stderr)
            continue
        iigs = sorted(out.rglob("*.iig"))
        if not iigs:
            report(False, f"generate {descriptor}", "no .iig was generated")
        for iig in iigs:
            text = iig.read_text()
            classes = CLASS_RE.findall(text)
            report(len(classes) == 1 and classes[0][0] == iig.stem,
                   f"{iig}: declares exactly 'class {iig.stem} : public SUPERCLASS' with an empty "
                   f"body", f"found {classes}")
            cc = subprocess.run([args.cxx, *flags, str(iig)], capture_output=True, text=True)
            report(cc.returncode == 0, f"{args.cxx} {iig}", cc.stderr)
            cpp = iig.with_suffix(".cpp")
            if not cpp.exists():
                report(False, f"{cpp}", "missing beside its .iig")
                continue
            shutil.copyfile(iig, iig.with_suffix(".h"))
            cc = subprocess.run([args.cxx, *flags, str(cpp)], capture_output=True, text=True)
            report(cc.returncode == 0, f"{args.cxx} {cpp}", cc.stderr)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
