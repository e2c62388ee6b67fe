#!/usr/bin/env bash
# `codeless validate` on the real disk, end to end, with exact diagnostics:
# a kext's Contents/PlugIns/ kexts, a folder of bundles, a folder with
# nothing to validate, a symbolic link that loops, a registry dump, and the
# SARIF log of a run (columnKind, URIs, the invocation's exit code).
# usage: CODELESS=path cli_validate_inputs.sh WORK_DIR
set -u
work=$1
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
start_work "$work"
cd "$work" || exit 1

kext() {  # kext PATH IDENTIFIER [EXTRA-LINE]: a codeless USB kext
  mkdir -p "$1/Contents"
  cat >"$1/Contents/Info.plist" <<PLIST
<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0">
<dict>
<key>CFBundleIdentifier</key><string>$2</string>
<key>CFBundlePackageType</key><string>KEXT</string>
<key>CFBundleVersion</key><string>1.0.0</string>
${3:-}
<key>IOKitPersonalities</key>
<dict>
<key>P</key>
<dict>
<key>CFBundleIdentifier</key><string>com.apple.driver.usb.AppleUSBHostCompositeDevice</string>
<key>IOClass</key><string>AppleUSBHostCompositeDevice</string>
<key>IOProviderClass</key><string>IOUSBHostDevice</string>
<key>idProduct</key><integer>22136</integer>
<key>idVendor</key><integer>4660</integer>
</dict>
</dict>
</dict>
</plist>
PLIST
}

# A host kext, clean; its plug-in B has an executable that is missing, and
# B's own plug-in C is clean.
kext Host.kext com.acme.host
kext Host.kext/Contents/PlugIns/B.kext com.acme.b \
  '<key>CFBundleExecutable</key><string>B</string>'
kext Host.kext/Contents/PlugIns/B.kext/Contents/PlugIns/C.kext com.acme.c
"$CODELESS" validate Host.kext 2>plugins.err
status=$?
cat >plugins.expected <<'OUT'
Host.kext/Contents/PlugIns/B.kext/Contents/Info.plist:7:30: error: CFBundleExecutable is "B", but the bundle has no Contents/MacOS/B; add the executable, or for a codeless kext remove the key [kext-executable-missing]
OUT
expect_file "a kext's plug-ins" 1 $status plugins.expected plugins.err

# A folder: the kexts in it (with their plug-ins) and its plists, by name.
mkdir -p drivers/nested
cp -R Host.kext drivers/nested/
printf '<plist><array/></plist>\n' >drivers/a.plist
printf 'notes\n' >drivers/notes.txt
"$CODELESS" validate drivers 2>folder.err
status=$?
cat >folder.expected <<'OUT'
drivers/a.plist:1:8: error: an Info.plist holds a <dict> at its top level, not a <array> [bundle-type]
drivers/nested/Host.kext/Contents/PlugIns/B.kext/Contents/Info.plist:7:30: error: CFBundleExecutable is "B", but the bundle has no Contents/MacOS/B; add the executable, or for a codeless kext remove the key [kext-executable-missing]
OUT
expect_file "a folder of bundles" 1 $status folder.expected folder.err

mkdir -p empty/sub
printf 'notes\n' >empty/sub/notes.txt
"$CODELESS" validate empty 2>empty.err
status=$?
cat >empty.expected <<'OUT'
empty: error: this folder holds nothing to validate: no .kext, .dext or dext source folder (Info.plist, *.entitlements) and no .plist or .entitlements file, in it or its subfolders; give a plist, a .kext, a dext source folder or a folder that holds them [io-read]
OUT
expect_file "a folder with nothing to validate" 1 $status empty.expected empty.err

# A symbolic link that loops: reported where the walk stops, not followed.
mkdir -p loop/x
ln -s . loop/x/again
"$CODELESS" validate loop 2>loop.err
status=$?
{
  printf 'loop/x%s: error: folders and plug-ins nest more than 16 deep here (a symbolic link that loops?); codeless reads no deeper [io-read]\n' \
    "$(printf '/again%.0s' $(seq 16))"
  echo 'loop: error: this folder holds nothing to validate: no .kext, .dext or dext source folder (Info.plist, *.entitlements) and no .plist or .entitlements file, in it or its subfolders; give a plist, a .kext, a dext source folder or a folder that holds them [io-read]'
} >loop.expected
expect_file "a symbolic link that loops" 1 $status loop.expected loop.err

# A registry dump: one finding that names it and the command that reads it.
printf 'mac:~ me$ ioreg -l\n+-o Root  <class IORegistryEntry, id 0x100000100, retain 14>\n  | {\n  | }\n' >ioreg.txt
"$CODELESS" validate ioreg.txt 2>ioreg.err
status=$?
cat >ioreg.expected <<'OUT'
ioreg.txt:2:1: error: this is an I/O Registry dump (`ioreg -l` text), not an Info.plist or entitlements; `codeless match SOURCE... --device ioreg.txt` reads it and tells which personalities match its devices [input-kind]
OUT
expect_file "a registry dump" 1 $status ioreg.expected ioreg.err

# SARIF: code-point columns (132 after the two-byte "\303\251" on the line,
# where text says byte 133), a
# relative and a file:// URI, and the invocation with exit status 1.
mkdir -p "sp ace"
printf '<plist><dict><key>CFBundleName</key><string>\303\251</string><key>CFBundlePackageType</key><string>KEXT</string><key>CFBundleVersion</key><integer>1</integer></dict></plist>\n' >"sp ace/Info.plist"
"$CODELESS" validate --format sarif "sp ace/Info.plist" "$PWD/sp ace/Info.plist" >log.sarif 2>/dev/null
status=$?
python3 - "$PWD" log.sarif >sarif.out <<'PY'
import json, sys
cwd, path = sys.argv[1], sys.argv[2]
run = json.load(open(path))["runs"][0]
print(run["columnKind"], json.dumps(run["invocations"]))
for result in run["results"]:
    where = result["locations"][0]["physicalLocation"]
    uri = where["artifactLocation"]["uri"].replace(cwd.replace(" ", "%20"), "CWD")
    region = where.get("region", {})
    print(result["ruleId"], uri, region.get("startLine"), region.get("startColumn"))
PY
"$CODELESS" validate "sp ace/Info.plist" 2>&1 | sed -n 1p >>sarif.out
cat >sarif.expected <<'OUT'
unicodeCodePoints [{"executionSuccessful": true, "exitCode": 1}]
bundle-type sp%20ace/Info.plist 1 132
bundle-identifier sp%20ace/Info.plist 1 8
kext-no-personalities sp%20ace/Info.plist 1 8
bundle-type file://CWD/sp%20ace/Info.plist 1 132
bundle-identifier file://CWD/sp%20ace/Info.plist 1 8
kext-no-personalities file://CWD/sp%20ace/Info.plist 1 8
sp ace/Info.plist:1:133: error: CFBundleVersion must be a version <string>, not an <integer> [bundle-type]
OUT
expect_file "SARIF of validate" 1 $status sarif.expected sarif.out

finish
