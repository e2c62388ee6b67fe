#!/usr/bin/env python3
"""The catalog knows every Apple class of the corpus's prelinked dictionary.

Reads the prelinked-kernel info dictionary of <repo>/../shared/corpus/kext/
(a macOS 10.15.3 MacBookPro15,2's, `_PrelinkInfoDictionary`) with plistlib
and, for every personality whose CFBundleIdentifier (or, without one, its
kext's) is an Apple bundle (com.apple.*), checks that its IOClass is a kext
class of `codeless catalog --format json`, and that the bundle that
personality names is one of that class's bundles (`bundles`, or `bundle`)
-- except for IOService, xnu's own class, which Apple's personalities
instantiate under their family's identifier (IOHIDFamily,
AppleMobileDevice) to get it loaded, and DriverKit proxies (a personality
with IOUserClass), whose class the kernel bundle defines
(CFBundleIdentifierKernel).

Then checks the exact catalog JSON of one multi-bundle class,
AppleUSBHostCompositeDevice: `bundle` the first (primary) of `bundles`.

The corpus is not part of this repository; without it the check fails.

usage: check_catalog_prelinked.py --codeless PATH [--shared DIR]
"""
import argparse
import json
import os
import plistlib
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PRELINKED = ("kext/khronokernel__DarwinDumped__MacBookPro__MacBookPro15_2__Kexts__"
             "prelinked_kexts_dictionary.plist")

EXPECTED_MULTI = {
    "class": "AppleUSBHostCompositeDevice",
    "bundle": "com.apple.driver.usb.AppleUSBHostCompositeDevice",
    "bundles": ["com.apple.driver.usb.AppleUSBHostCompositeDevice",
                "com.apple.driver.AppleUSBComposite"],
    "providers": ["IOUSBHostDevice"],
    "macos": {"introduced": None, "removed": None},
    "notes": ("seen in macOS 10.15.3 prelinked kernel, macOS 13.7 ioreg; Apple plists "
              "also name com.apple.driver.AppleUSBComposite or omit CFBundleIdentifier "
              "for it; com.apple.driver.AppleUSBComposite is listed too: Apple's "
              "personality \"05AC-9227-composite\" (in AppleUSBDisplays) names it for "
              "this class in the macOS 10.15.3 prelinked dictionary; the class is in "
              "the first bundle"),
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--codeless", required=True)
    parser.add_argument("--shared", default=os.path.join(REPO, "..", "shared"))
    args = parser.parse_args()

    path = os.path.join(args.shared, "corpus", PRELINKED)
    if not os.path.exists(path):
        print(f"FAIL: {path} is missing (the shared corpus must be beside the repository)")
        return 1
    with open(path, "rb") as f:
        kexts = plistlib.load(f)["_PrelinkInfoDictionary"]

    run = subprocess.run([args.codeless, "catalog", "--format", "json"],
                         capture_output=True, text=True)
    if run.returncode != 0:
        print(f"FAIL: codeless catalog exited {run.returncode}: {run.stderr}")
        return 1
    catalog = {entry["class"]: entry for entry in json.loads(run.stdout)["kext"]}

    failures = []
    classes = set()
    personalities = 0
    for kext in kexts:
        holder = kext.get("CFBundleIdentifier", "")
        for name, personality in sorted((kext.get("IOKitPersonalities") or {}).items()):
            if not isinstance(personality, dict):
                continue
            io_class = personality.get("IOClass")
            bundle = personality.get("CFBundleIdentifier", holder)
            if not isinstance(io_class, str) or not bundle.startswith("com.apple."):
                continue
            personalities += 1
            classes.add(io_class)
            entry = catalog.get(io_class)
            if entry is None:
                failures.append(f"{io_class} (personality \"{name}\" of {holder}) "
                                "is not in the catalog")
                continue
            bundles = entry.get("bundles", [entry["bundle"]])
            if entry["bundle"] != bundles[0]:
                failures.append(f"{io_class}: bundle {entry['bundle']} is not the first "
                                f"of bundles {bundles}")
            if io_class == "IOService" or "IOUserClass" in personality:
                continue
            if "CFBundleIdentifier" not in personality and any(
                    "CFBundleIdentifier" in p and p.get("IOClass") == io_class
                    for k in kexts for p in (k.get("IOKitPersonalities") or {}).values()
                    if isinstance(p, dict)):
                # The kernel gives it its kext's identifier, which only
                # loads that kext; the class is where the explicit ones say.
                continue
            if bundle not in bundles:
                failures.append(f"{io_class}: personality \"{name}\" of {holder} names "
                                f"{bundle}, not one of the catalog's {bundles}")

    multi = catalog.get(EXPECTED_MULTI["class"])
    if multi != EXPECTED_MULTI:
        failures.append("AppleUSBHostCompositeDevice's catalog entry is\n"
                        f"{json.dumps(multi, indent=2)}\nnot\n"
                        f"{json.dumps(EXPECTED_MULTI, indent=2)}")

    for failure in failures:
        print(f"FAIL: {failure}")
    print(f"{personalities} Apple personalities, {len(classes)} classes, "
          f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
