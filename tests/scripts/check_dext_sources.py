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
C++ with __IIG set, as iig reads it; each CLASS.cpp is compiled beside CLASS.h,
a stand-in for the header iig would generate from CLASS.iig (iig_header()
below). The class body must be empty, or hold just the Start override where
the catalog says the superclass's proxy waits for RegisterService()."""
import argparse
import json
import pathlib
import re
import shutil
import subprocess
import sys

CLASS_RE = re.compile(r"^class (\w+) : public (\w+)\n\{\n(.*?)\};$",
                      re.MULTILINE | re.DOTALL)
# The whole class body where the superclass registersService.
START_BODY = "public:\n    virtual kern_return_t Start(IOService * provider) override;\n"
METHOD_RE = re.compile(r"^    virtual (\w+) (\w+)\((.*)\) override;$")


def iig_header(iig_text):
    """What iig generates from a generated CLASS.iig, as far as the .cpp uses
    it: the class declares `super`; each method the .iig overrides becomes a
    CLASS_NAME_Args macro and a NAME_Impl declaration (the inherited NAME,
    which takes a dispatch method, stays visible)."""
    def rewrite(match):
        name, superclass, body = match.groups()
        args, impls = [], []
        for line in body.splitlines():
            method = METHOD_RE.match(line)
            if method:
                result, method_name, params = method.groups()
                args.append(f"#define {name}_{method_name}_Args {params}\n")
                impls.append(f"    {result} {method_name}_Impl({name}_{method_name}_Args);\n")
        text = "".join(args) + f"class {name} : public {superclass}\n{{\n"
        text += f"public:\n    using super = {superclass};\n"
        if impls:
            text += "protected:\n" + "".join(impls)
        return text + "};"
    return CLASS_RE.sub(rewrite, iig_text)

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
    registers = {entry["superclass"] for entry in catalog["dext"]
                 if entry.get("registersService", False)}
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
    iig_flags = [*flags, "-D__IIG=1"]
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
            superclass = classes[0][1] if len(classes) == 1 else None
            body = START_BODY if superclass in registers else ""
            report(len(classes) == 1 and classes[0][0] == iig.stem and classes[0][2] == body,
                   f"{iig}: declares exactly 'class {iig.stem} : public SUPERCLASS' with "
                   f"{'just the Start override' if body else 'an empty body'}",
                   f"found {classes}")
            cc = subprocess.run([args.cxx, *iig_flags, str(iig)], capture_output=True,
                                text=True)
            report(cc.returncode == 0, f"{args.cxx} -D__IIG=1 {iig}", cc.stderr)
            cpp = iig.with_suffix(".cpp")
            if not cpp.exists():
                report(False, f"{cpp}", "missing beside its .iig")
                continue
            implements = f"IMPL({iig.stem}, Start)" in cpp.read_text()
            report(implements == bool(body),
                   f"{cpp}: {'defines' if body else 'does not define'} "
                   f"IMPL({iig.stem}, Start)")
            iig.with_suffix(".h").write_text(iig_header(text))
            cc = subprocess.run([args.cxx, *flags, str(cpp)], capture_output=True, text=True)
            report(cc.returncode == 0, f"{args.cxx} {cpp}", cc.stderr)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
