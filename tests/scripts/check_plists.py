#!/usr/bin/env python3
"""Differential check of generated plists with readers codeless does not share
code with: Python's plistlib and xmllint against the plist DTD. Generates every
example (all targets) with the real binary, then checks each plist's bytes,
its parse, and the Apple conventions of domain.md §1-§3 on the parsed values."""
import argparse
import os
import pathlib
import plistlib
import shutil
import subprocess
import sys

HEADER = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
          b'<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" '
          b'"http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0">\n')

failures = []


def fail(path, message):
    failures.append(f"{path}: {message}")


def check_bytes(path, data):
    if not data.startswith(HEADER):
        fail(path, "does not start with Apple's two header lines and <plist version=\"1.0\">")
    if b"\r" in data or data.startswith(b"\xef\xbb\xbf"):
        fail(path, "has CR bytes or a BOM")
    for bad in (b"<real>", b"<date>", b"&quot;", b"&apos;", b"&#"):
        if bad in data:
            fail(path, f"contains {bad.decode()}")
    data.decode("utf-8")


def check_kext(path, info):
    if info.get("CFBundlePackageType") != "KEXT":
        fail(path, "CFBundlePackageType is not KEXT")
    for key in ("CFBundleExecutable", "OSBundleLibraries"):
        if key in info:
            fail(path, f"a codeless kext has {key}")
    for key in ("CFBundleIdentifier", "CFBundleVersion", "CFBundleName", "CFBundleInfoDictionaryVersion"):
        if not isinstance(info.get(key), str):
            fail(path, f"{key} missing")
    personalities = info.get("IOKitPersonalities", {})
    if not personalities:
        fail(path, "no IOKitPersonalities")
    for name, p in personalities.items():
        for key in ("CFBundleIdentifier", "IOClass", "IOProviderClass"):
            if not isinstance(p.get(key), str) or not p[key]:
                fail(path, f"personality {name}: {key} missing")
        if p.get("CFBundleIdentifier") == info.get("CFBundleIdentifier"):
            fail(path, f"personality {name}: names the codeless kext itself, not the kext of its IOClass")
        if "IOUserClass" in p or "IOUserServerName" in p:
            fail(path, f"personality {name}: dext keys in a kext")


def check_dext(path, info, entitlements):
    if info.get("CFBundlePackageType") != "DEXT":
        fail(path, "CFBundlePackageType is not DEXT")
    if info.get("CFBundleExecutable") != "$(EXECUTABLE_NAME)":
        fail(path, "CFBundleExecutable is not $(EXECUTABLE_NAME)")
    if "OSBundleUsageDescription" not in info:
        fail(path, "no OSBundleUsageDescription")
    if "OSBundleRequired" in info:
        fail(path, "a third-party dext has OSBundleRequired")
    own = info.get("CFBundleIdentifier")
    providers = set()
    for name, p in info.get("IOKitPersonalities", {}).items():
        for key in ("CFBundleIdentifier", "CFBundleIdentifierKernel", "IOClass", "IOUserClass",
                    "IOUserServerName", "IOProviderClass"):
            if not isinstance(p.get(key), str) or not p[key]:
                fail(path, f"personality {name}: {key} missing")
        if p.get("CFBundleIdentifier") != own:
            fail(path, f"personality {name}: CFBundleIdentifier is not the dext's own")
        providers.add(p.get("IOProviderClass"))
    if entitlements is None:
        fail(path, "no .entitlements beside the dext Info.plist")
        return
    for key in ("com.apple.developer.driverkit", "com.apple.security.app-sandbox"):
        if entitlements.get(key) is not True:
            fail(path, f"entitlement {key} is not true")
    if providers & {"IOUSBHostDevice", "IOUSBHostInterface"}:
        usb = entitlements.get("com.apple.developer.driverkit.transport.usb")
        if not isinstance(usb, list) or not all(isinstance(d, dict) and "idVendor" in d for d in usb):
            fail(path, "transport.usb is not an array of {idVendor} dictionaries")
    if "IOPCIDevice" in providers and not isinstance(
            entitlements.get("com.apple.developer.driverkit.transport.pci"), list):
        fail(path, "transport.pci is not an array")
    if "IOHIDInterface" in providers and entitlements.get(
            "com.apple.developer.driverkit.transport.hid") is not True:
        fail(path, "transport.hid is not true")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--codeless", required=True)
    parser.add_argument("--xmllint", required=True)
    parser.add_argument("--dtd", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("examples")
    args = parser.parse_args()
    work = pathlib.Path(args.work)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    # Resolve the DOCTYPE's public and system IDs to the DTD in schemas/, offline.
    dtd_uri = pathlib.Path(args.dtd).resolve().as_uri()
    catalog = work / "catalog.xml"
    catalog.write_text(
        '<?xml version="1.0"?>\n'
        '<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">\n'
        f'  <public publicId="-//Apple//DTD PLIST 1.0//EN" uri="{dtd_uri}"/>\n'
        f'  <system systemId="http://www.apple.com/DTDs/PropertyList-1.0.dtd" uri="{dtd_uri}"/>\n'
        '</catalog>\n')
    env = dict(os.environ, XML_CATALOG_FILES=str(catalog))
    examples = sorted(pathlib.Path(args.examples).glob("*.json"))
    checked = 0
    checked_paths = []
    for example in examples:
        out = work / example.stem
        run = subprocess.run([args.codeless, "generate", str(example), "-o", str(out)],
                             capture_output=True, text=True)
        if run.returncode != 0:
            fail(example, f"generate failed ({run.returncode}): {run.stderr}")
            continue
        for plist_path in sorted(list(out.rglob("*.plist")) + list(out.rglob("*.entitlements"))):
            checked_paths.append(plist_path)
            data = plist_path.read_bytes()
            check_bytes(plist_path, data)
            lint = subprocess.run([args.xmllint, "--noout", "--nonet", "--dtdvalid", args.dtd,
                                   str(plist_path)], capture_output=True, text=True, env=env)
            if lint.returncode != 0 or lint.stderr:
                fail(plist_path, f"xmllint --dtdvalid: {lint.stderr.strip()}")
            value = plistlib.loads(data)
            checked += 1
            if plist_path.name != "Info.plist":
                continue
            if plist_path.parent.name == "Contents":
                check_kext(plist_path, value)
            else:
                ents = sorted(plist_path.parent.glob("*.entitlements"))
                check_dext(plist_path, value, plistlib.loads(ents[0].read_bytes()) if ents else None)
    for line in failures:
        print(line)
    failed_files = {line.split(": ", 1)[0] for line in failures}
    print(f"{checked - len(failed_files & set(map(str, checked_paths)))} passed, {len(failed_files)} failed")
    if checked == 0:
        print("no plist was checked")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
