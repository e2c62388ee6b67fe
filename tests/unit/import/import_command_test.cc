// `codeless import` through driver::Run on an in-memory file system: the
// exact descriptor written for small kexts, what happens to keys only a
// bundle.properties or properties member can carry, `#key`s, plug-ins, dext
// source folders, and every way a bundle fails to round-trip.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "codeless/diag/render.h"
#include "codeless/driver/run.h"
#include "support/in_memory_file_system.h"
#include "support/test_paths.h"

namespace codeless::driver {
namespace {

constexpr std::string_view kHeader =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
    "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
    "<plist version=\"1.0\">\n";

std::string Plist(std::string_view body) {
  return std::string(kHeader) + "<dict>\n" + std::string(body) +
         "</dict>\n</plist>\n";
}

RunResult Import(base::InMemoryFileSystem& fs, std::string path,
                 std::string output = "") {
  Options options;
  options.command = Command::kImport;
  options.paths = {std::move(path)};
  options.import_output = std::move(output);
  return Run(options, fs);
}

std::string Stderr(const RunResult& result) {
  return diag::RenderText(result.diagnostics);
}

// A USB serial adapter as hand-made kexts often are: "English", an extra
// top-level key, no CFBundleShortVersionString.
const std::string kSerialKext = Plist(
    "<key>CFBundleDevelopmentRegion</key><string>English</string>\n"
    "<key>CFBundleGetInfoString</key><string>Acme serial 1.0</string>\n"
    "<key>CFBundleIdentifier</key><string>com.acme.driver.Serial</string>\n"
    "<key>CFBundleInfoDictionaryVersion</key><string>6.0</string>\n"
    "<key>CFBundleName</key><string>Acme Serial</string>\n"
    "<key>CFBundlePackageType</key><string>KEXT</string>\n"
    "<key>CFBundleVersion</key><string>1.0.0</string>\n"
    "<key>IOKitPersonalities</key>\n"
    "<dict>\n"
    "<key>Acme CDC</key>\n"
    "<dict>\n"
    "<key>CFBundleIdentifier</key><string>com.apple.driver.usb.cdc.acm</"
    "string>\n"
    "<key>IOClass</key><string>AppleUSBACMData</string>\n"
    "<key>IOProviderClass</key><string>IOUSBHostInterface</string>\n"
    "<key>idVendor</key><integer>1155</integer>\n"
    "<key>idProduct</key><integer>22336</integer>\n"
    "<key>bInterfaceNumber</key><integer>1</integer>\n"
    "<key>bConfigurationValue</key><integer>1</integer>\n"
    "<key>IOProbeScore</key><integer>5000</integer>\n"
    "<key>#idProduct</key><integer>22337</integer>\n"
    "</dict>\n"
    "</dict>\n"
    "<key>OSBundleRequired</key><string>Root</string>\n");

TEST(ImportCommandTest, UsbKextBecomesADescriptorThatRegeneratesIt) {
  base::InMemoryFileSystem fs;
  fs.files["AcmeSerial.kext/Contents/Info.plist"] = kSerialKext;
  RunResult result = Import(fs, "AcmeSerial.kext");
  EXPECT_EQ(Stderr(result), "");
  EXPECT_EQ(result.exit_code, kExitOk);
  // "English" and the missing short version come back through
  // developmentRegion and null; the '#' key stays a property.
  EXPECT_EQ(result.standard_output, R"({
  "$schema": "https://codeless.invalid/schemas/descriptor-v1.json",
  "$comment": "Imported by 'codeless import' from AcmeSerial.kext.",
  "formatVersion": 1,
  "bundle": {
    "identifier": "com.acme.driver.Serial",
    "name": "AcmeSerial",
    "bundleName": "Acme Serial",
    "version": "1.0.0",
    "shortVersion": null,
    "developmentRegion": "English",
    "properties": { "CFBundleGetInfoString": "Acme serial 1.0" }
  },
  "kext": {
    "driver": "AppleUSBACMData",
    "bundleRequired": "Root"
  },
  "personalities": [
    {
      "name": "Acme CDC",
      "provider": "IOUSBHostInterface",
      "match": {
        "bConfigurationValue": 1,
        "bInterfaceNumber": 1,
        "idProduct": "0x5740",
        "idVendor": "0x0483"
      },
      "probeScore": 5000,
      "properties": { "#idProduct": 22337 }
    }
  ]
}
)");
}

TEST(ImportCommandTest, WritesTheDescriptorToTheOutputFile) {
  base::InMemoryFileSystem fs;
  fs.files["AcmeSerial.kext/Contents/Info.plist"] = kSerialKext;
  RunResult to_stdout = Import(fs, "AcmeSerial.kext/Contents/Info.plist");
  RunResult to_file = Import(fs, "AcmeSerial.kext/", "acme.json");
  EXPECT_EQ(to_file.exit_code, kExitOk);
  EXPECT_EQ(to_file.standard_output, "");
  // The bundle name comes from the folder either way; only the comment
  // says which path was given.
  std::string expected = to_stdout.standard_output;
  expected.replace(expected.find("AcmeSerial.kext/Contents/Info.plist"),
                   std::string("AcmeSerial.kext/Contents/Info.plist").size(),
                   "AcmeSerial.kext");
  EXPECT_EQ(fs.files["acme.json"], expected);
}

// A PCI injector with a third-party class, two drivers, a PCI match string
// (kept as written) and a disabled "#IOPCIMatch".
TEST(ImportCommandTest, PciInjectorWithTwoDriversAndExplicitClass) {
  base::InMemoryFileSystem fs;
  fs.files["Info.plist"] = Plist(
      "<key>CFBundleIdentifier</key><string>com.acme.inject</string>\n"
      "<key>CFBundleInfoDictionaryVersion</key><string>6.0</string>\n"
      "<key>CFBundleName</key><string>AcmeInject</string>\n"
      "<key>CFBundlePackageType</key><string>KEXT</string>\n"
      "<key>CFBundleShortVersionString</key><string>2.0</string>\n"
      "<key>CFBundleVersion</key><string>2.0.1</string>\n"
      "<key>CFBundleDevelopmentRegion</key><string>en</string>\n"
      "<key>IOKitPersonalities</key>\n"
      "<dict>\n"
      "<key>XHC</key>\n"
      "<dict>\n"
      "<key>CFBundleIdentifier</key><string>com.acme.USBToolBox</string>\n"
      "<key>IOClass</key><string>USBToolBox</string>\n"
      "<key>IOProviderClass</key><string>IOPCIDevice</string>\n"
      "<key>IONameMatch</key><array><string>XHC</string>"
      "<string>XHC1</string></array>\n"
      "<key>#IOPCIMatch</key><string>0x15b68086</string>\n"
      "</dict>\n"
      "<key>SATA</key>\n"
      "<dict>\n"
      "<key>CFBundleIdentifier</key><string>com.apple.driver.AppleAHCIPort"
      "</string>\n"
      "<key>IOClass</key><string>AppleIntelPchSeriesAHCI</string>\n"
      "<key>IOProviderClass</key><string>IOPCIDevice</string>\n"
      "<key>IOPCIPrimaryMatch</key><string>0x9dd38086 0xa3528086</string>\n"
      "<key>IOProbeScore</key><integer>2000</integer>\n"
      "</dict>\n"
      "</dict>\n");
  RunResult result = Import(fs, "Info.plist");
  // What generate would say of the imported descriptor is said here too,
  // at the personality of the original it is about.
  EXPECT_EQ(Stderr(result),
            "Info.plist:22:1: warning: generate warns on the imported "
            "descriptor at <imported descriptor>:24:17: driver class "
            "\"AppleIntelPchSeriesAHCI\" does not work in macOS 11 and later "
            "(`codeless catalog` says why); the personalities that use it do "
            "nothing there [desc-driver-availability]\n");
  EXPECT_EQ(result.exit_code, kExitOk);
  EXPECT_EQ(result.standard_output, R"({
  "$schema": "https://codeless.invalid/schemas/descriptor-v1.json",
  "$comment": "Imported by 'codeless import' from Info.plist.",
  "formatVersion": 1,
  "bundle": {
    "identifier": "com.acme.inject",
    "name": "AcmeInject",
    "version": "2.0.1",
    "shortVersion": "2.0"
  },
  "kext": {},
  "personalities": [
    {
      "name": "XHC",
      "provider": "IOPCIDevice",
      "match": { "IONameMatch": ["XHC", "XHC1"] },
      "driver": { "class": "USBToolBox", "bundle": "com.acme.USBToolBox" },
      "properties": { "#IOPCIMatch": "0x15b68086" }
    },
    {
      "name": "SATA",
      "provider": "IOPCIDevice",
      "match": { "IOPCIPrimaryMatch": "0x9dd38086 0xa3528086" },
      "driver": "AppleIntelPchSeriesAHCI",
      "probeScore": 2000
    }
  ]
}
)");
}

// What a descriptor cannot say is named where it is, and import exits 1;
// the descriptor is still written, as the start of a fix by hand.
TEST(ImportCommandTest, WhatCannotBeCarriedOverIsNamed) {
  base::InMemoryFileSystem fs;
  fs.files["Info.plist"] = Plist(
      "<key>CFBundleExecutable</key><string>Acme</string>\n"
      "<key>CFBundleIdentifier</key><string>com.acme.x</string>\n"
      "<key>CFBundlePackageType</key><string>KEXT</string>\n"
      "<key>CFBundleVersion</key><string>1.0</string>\n"
      "<key>IOKitPersonalities</key>\n"
      "<dict>\n"
      "<key>P </key>\n"
      "<dict>\n"
      "<key>CFBundleIdentifier</key><string>com.apple.kpi.iokit</string>\n"
      "<key>IOClass</key><string>IOService</string>\n"
      "<key>IOProviderClass</key><string>IOResources</string>\n"
      "<key>IOUserClass</key><string>X</string>\n"
      "<key>Ports</key><dict><key>$data</key><string>x</string></dict>\n"
      "</dict>\n"
      "</dict>\n");
  RunResult result = Import(fs, "Info.plist");
  EXPECT_EQ(result.exit_code, kExitInvalid);
  EXPECT_EQ(
      Stderr(result),
      "Info.plist:5:30: error: this kext has code (CFBundleExecutable); "
      "codeless generates codeless kexts only, so the executable and this key "
      "are not carried over [import-lossy]\n"
      "Info.plist:4:1: error: the Info.plist has no "
      "CFBundleInfoDictionaryVersion, which generate always writes (\"6.0\") "
      "[import-lossy]\n"
      "Info.plist:11:1: note: personality name \"P \" has leading or "
      "trailing white space; import keeps it as it is and adds "
      "\"desc-personality-name\" to the descriptor's \"lint.disable\" "
      "[desc-personality-name]\n"
      "Info.plist:16:1: error: IOUserClass is a dext personality key; "
      "generate does not write it into a kext [import-lossy]\n"
      "Info.plist:17:23: error: key \"$data\" begins with '$', which a "
      "descriptor reserves (\"$data\", \"$comment\") [import-lossy]\n");
  EXPECT_NE(result.standard_output, "");
}

// What the loader accepts and a descriptor refuses by default is kept as
// it is: a missing CFBundleName becomes "bundleName": null; an identifier
// that is not reverse DNS and a personality name with outer white space
// turn their rules off in "lint.disable", each with a note; the result
// regenerates the bundle exactly (exit 0).
TEST(ImportCommandTest, WhatTheLoaderAcceptsIsKeptAsItIs) {
  base::InMemoryFileSystem fs;
  fs.files["Acme.kext/Contents/Info.plist"] = Plist(
      "<key>CFBundleIdentifier</key><string>com.acme_and acme.com</string>\n"
      "<key>CFBundleInfoDictionaryVersion</key><string>6.0</string>\n"
      "<key>CFBundlePackageType</key><string>KEXT</string>\n"
      "<key>CFBundleVersion</key><string>1.0.0</string>\n"
      "<key>IOKitPersonalities</key>\n"
      "<dict>\n"
      "<key>Acme CDC </key>\n"
      "<dict>\n"
      "<key>CFBundleIdentifier</key><string>com.apple.driver.usb.cdc.acm</"
      "string>\n"
      "<key>IOClass</key><string>AppleUSBACMData</string>\n"
      "<key>IOProviderClass</key><string>IOUSBHostInterface</string>\n"
      "<key>idVendor</key><integer>1155</integer>\n"
      "<key>idProduct</key><integer>22336</integer>\n"
      "<key>bInterfaceNumber</key><integer>1</integer>\n"
      "<key>bConfigurationValue</key><integer>1</integer>\n"
      "</dict>\n"
      "</dict>\n");
  RunResult result = Import(fs, "Acme.kext");
  EXPECT_EQ(Stderr(result),
            "Acme.kext/Contents/Info.plist:5:30: note: CFBundleIdentifier "
            "\"com.acme_and acme.com\" is not reverse DNS, which the loader "
            "accepts; import keeps it as it is and adds "
            "\"desc-identifier-chars\" to the descriptor's \"lint.disable\" "
            "[desc-identifier-chars]\n"
            "Acme.kext/Contents/Info.plist:11:1: note: personality name "
            "\"Acme CDC \" has leading or trailing white space; import keeps "
            "it as it is and adds \"desc-personality-name\" to the "
            "descriptor's \"lint.disable\" [desc-personality-name]\n");
  EXPECT_EQ(result.exit_code, kExitOk);
  EXPECT_EQ(result.standard_output, R"({
  "$schema": "https://codeless.invalid/schemas/descriptor-v1.json",
  "$comment": "Imported by 'codeless import' from Acme.kext.",
  "formatVersion": 1,
  "lint": {
    "disable": ["desc-identifier-chars", "desc-personality-name"]
  },
  "bundle": {
    "identifier": "com.acme_and acme.com",
    "name": "Acme",
    "bundleName": null,
    "version": "1.0.0",
    "shortVersion": null,
    "developmentRegion": null
  },
  "kext": {
    "driver": "AppleUSBACMData"
  },
  "personalities": [
    {
      "name": "Acme CDC ",
      "provider": "IOUSBHostInterface",
      "match": {
        "bConfigurationValue": 1,
        "bInterfaceNumber": 1,
        "idProduct": "0x5740",
        "idVendor": "0x0483"
      }
    }
  ]
}
)");
  // The descriptor generates the bundle again: no CFBundleName.
  fs.files["acme.json"] = result.standard_output;
  Options generate;
  generate.command = Command::kGenerate;
  generate.descriptor_path = "acme.json";
  generate.output_dir = "out";
  RunResult generated = driver::Run(generate, fs);
  EXPECT_EQ(Stderr(generated), "");
  EXPECT_EQ(generated.exit_code, kExitOk);
  const std::string& info = fs.files["out/Acme.kext/Contents/Info.plist"];
  EXPECT_EQ(info.find("CFBundleName"), std::string::npos) << info;
  EXPECT_NE(info.find("<string>com.acme_and acme.com</string>"),
            std::string::npos)
      << info;
}

// What generate would refuse is found by generating: a <string>
// bInterfaceNumber goes through "properties" as it is, and generate's
// validator refuses the kext it builds.
TEST(ImportCommandTest, WhatGenerateRefusesIsNamed) {
  base::InMemoryFileSystem fs;
  fs.files["A.kext/Contents/Info.plist"] = Plist(
      "<key>CFBundleIdentifier</key><string>com.acme.a</string>\n"
      "<key>CFBundleInfoDictionaryVersion</key><string>6.0</string>\n"
      "<key>CFBundleName</key><string>A</string>\n"
      "<key>CFBundlePackageType</key><string>KEXT</string>\n"
      "<key>CFBundleVersion</key><string>1.0</string>\n"
      "<key>IOKitPersonalities</key>\n"
      "<dict>\n"
      "<key>P</key>\n"
      "<dict>\n"
      "<key>CFBundleIdentifier</key><string>com.apple.driver.usb.cdc.acm"
      "</string>\n"
      "<key>IOClass</key><string>AppleUSBACMData</string>\n"
      "<key>IOProviderClass</key><string>IOUSBHostInterface</string>\n"
      "<key>idVendor</key><integer>1155</integer>\n"
      "<key>idProduct</key><integer>22336</integer>\n"
      "<key>bInterfaceNumber</key><string>1</string>\n"
      "<key>bConfigurationValue</key><integer>1</integer>\n"
      "</dict>\n"
      "</dict>\n");
  RunResult result = Import(fs, "A.kext");
  EXPECT_EQ(result.exit_code, kExitInvalid);
  EXPECT_EQ(Stderr(result),
            "A.kext/Contents/Info.plist:4:1: error: generate refuses the "
            "imported descriptor: in the bundle it generates: personality "
            "\"P\": bInterfaceNumber must be an <integer> or the wildcard "
            "<string>*</string>, not a <string> (rule match-type) "
            "[import-lossy]\n");
}

TEST(ImportCommandTest, PlugInsAreBundlesOfTheirOwn) {
  base::InMemoryFileSystem fs;
  fs.files["Outer.kext/Contents/Info.plist"] = kSerialKext;
  fs.files["Outer.kext/Contents/PlugIns/Inner.kext/Contents/Info.plist"] =
      kSerialKext;
  RunResult outer = Import(fs, "Outer.kext");
  EXPECT_EQ(outer.exit_code, kExitOk);
  EXPECT_EQ(Stderr(outer),
            "Outer.kext: note: import reads this bundle only; its plug-in "
            "Inner.kext is a bundle of its own: run 'codeless import "
            "Outer.kext/Contents/PlugIns/Inner.kext' for it [import-input]\n");
  RunResult inner = Import(fs, "Outer.kext/Contents/PlugIns/Inner.kext");
  EXPECT_EQ(inner.exit_code, kExitOk);
  EXPECT_EQ(Stderr(inner), "");
  EXPECT_NE(inner.standard_output.find("\"name\": \"Inner\""),
            std::string::npos);
}

TEST(ImportCommandTest, InputThatIsNoDriverWritesNothing) {
  base::InMemoryFileSystem fs;
  fs.files["App/Info.plist"] = Plist(
      "<key>CFBundleIdentifier</key><string>com.acme.app</string>\n"
      "<key>CFBundlePackageType</key><string>APPL</string>\n");
  RunResult app = Import(fs, "App", "out.json");
  EXPECT_EQ(app.exit_code, kExitInvalid);
  EXPECT_EQ(Stderr(app),
            "App/Info.plist:6:31: error: CFBundlePackageType is \"APPL\"; "
            "import reads codeless kexts (KEXT) and dext sources (DEXT) "
            "[import-input]\n");
  EXPECT_EQ(fs.files.count("out.json"), 0u);
  RunResult none = Import(fs, "Nothing");
  EXPECT_EQ(none.exit_code, kExitInvalid);
  EXPECT_EQ(Stderr(none),
            "Nothing: error: no such file or directory [io-read]\n");
  fs.files["Empty/readme.txt"] = "";
  RunResult empty = Import(fs, "Empty");
  EXPECT_EQ(empty.exit_code, kExitInvalid);
  EXPECT_EQ(Stderr(empty),
            "Empty: error: this folder holds neither Contents/Info.plist (a "
            ".kext) nor Info.plist (a dext source folder); give import a "
            "codeless kext, its Info.plist, or a dext source folder "
            "[import-input]\n");
}

// A dext source folder: its personalities' IOUserClass and proxy IOClass
// give dext.class and the superclass (of the two DriverKit classes whose
// proxy is AppleUserHIDDevice, the one that can be codeless), and every
// entitlement goes through dext.entitlements.
TEST(ImportCommandTest, DextSourceFolderWithEntitlements) {
  base::InMemoryFileSystem fs;
  std::filesystem::path out =
      testing::SourceDir() / "tests/golden/examples/dext-usb-hid-device/out";
  for (std::string name : {"Info.plist", "AcmeKeypad.entitlements"}) {
    fs.files["AcmeKeypad/" + name] =
        testing::ReadTextFile(out / "AcmeKeypad" / name);
  }
  RunResult result = Import(fs, "AcmeKeypad");
  EXPECT_EQ(Stderr(result), "");
  EXPECT_EQ(result.exit_code, kExitOk);
  EXPECT_EQ(result.standard_output, R"({
  "$schema": "https://codeless.invalid/schemas/descriptor-v1.json",
  "$comment": "Imported by 'codeless import' from AcmeKeypad.",
  "formatVersion": 1,
  "bundle": {
    "identifier": "com.acme.driver.AcmeKeypad",
    "name": "AcmeKeypad",
    "version": "1.1.0",
    "usageDescription": "Drives the Acme keypad's USB HID interface.",
    "copyright": "Copyright 2026 Acme Inc."
  },
  "dext": {
    "class": "AcmeKeypadHIDDevice",
    "superclass": "IOUserUSBHostHIDDevice",
    "minimumDriverKitVersion": "19.0",
    "entitlements": {
      "com.apple.developer.driverkit": true,
      "com.apple.developer.driverkit.family.hid.device": true,
      "com.apple.developer.driverkit.transport.usb": [{ "idVendor": 4617 }],
      "com.apple.security.app-sandbox": true
    }
  },
  "personalities": [
    {
      "name": "AcmeKeypad",
      "provider": "IOUSBHostInterface",
      "match": {
        "bConfigurationValue": 1,
        "bInterfaceClass": 3,
        "bInterfaceNumber": 0,
        "idProduct": "0x0006",
        "idVendor": "0x1209"
      },
      "probeScore": 1000
    }
  ]
}
)");
}

// A personality that matches every device of a generic nub (a null driver
// for all USB interfaces, an IOPCIMatch mask that keeps only the vendor)
// does so in the kext too: the descriptor says "matchAll": true, which
// generate requires for it.
TEST(ImportCommandTest, BroadMatchesSayMatchAll) {
  base::InMemoryFileSystem fs;
  fs.files["Wide.kext/Contents/Info.plist"] = Plist(
      "<key>CFBundleIdentifier</key><string>com.acme.wide</string>\n"
      "<key>CFBundleInfoDictionaryVersion</key><string>6.0</string>\n"
      "<key>CFBundleName</key><string>Wide</string>\n"
      "<key>CFBundlePackageType</key><string>KEXT</string>\n"
      "<key>CFBundleVersion</key><string>1.0</string>\n"
      "<key>CFBundleShortVersionString</key><string>1.0</string>\n"
      "<key>CFBundleDevelopmentRegion</key><string>en</string>\n"
      "<key>IOKitPersonalities</key>\n"
      "<dict>\n"
      "<key>AllIntel</key>\n"
      "<dict>\n"
      "<key>CFBundleIdentifier</key><string>com.apple.kpi.iokit</string>\n"
      "<key>IOClass</key><string>IOService</string>\n"
      "<key>IOProviderClass</key><string>IOPCIDevice</string>\n"
      "<key>IOPCIMatch</key><string>0x00008086&amp;0x0000ffff</string>\n"
      "</dict>\n"
      "<key>EveryInterface</key>\n"
      "<dict>\n"
      "<key>CFBundleIdentifier</key><string>com.apple.kpi.iokit</string>\n"
      "<key>IOClass</key><string>IOService</string>\n"
      "<key>IOProviderClass</key><string>IOUSBHostInterface</string>\n"
      "<key>IOProbeScore</key><integer>-1</integer>\n"
      "</dict>\n"
      "</dict>\n");
  RunResult result = Import(fs, "Wide.kext");
  // generate's warnings on the imported descriptor, each at the original's
  // personality; they do not change the exit status.
  EXPECT_EQ(Stderr(result),
            "Wide.kext/Contents/Info.plist:14:1: warning: generate warns on "
            "the imported descriptor at <imported descriptor>:17:18: "
            "IOPCIMatch entry 0x00008086&0x0000ffff matches every device of "
            "vendor 0x8086 (\"matchAll\": true) [desc-match-all]\n"
            "Wide.kext/Contents/Info.plist:21:1: warning: generate warns on "
            "the imported descriptor at <imported descriptor>:23:7: "
            "personality \"EveryInterface\" matches every IOUSBHostInterface "
            "(\"matchAll\": true): its driver attaches to every such device "
            "[desc-match-all]\n");
  EXPECT_EQ(result.exit_code, kExitOk);
  EXPECT_EQ(result.standard_output, R"({
  "$schema": "https://codeless.invalid/schemas/descriptor-v1.json",
  "$comment": "Imported by 'codeless import' from Wide.kext.",
  "formatVersion": 1,
  "bundle": {
    "identifier": "com.acme.wide",
    "name": "Wide",
    "version": "1.0"
  },
  "kext": {
    "driver": "IOService"
  },
  "personalities": [
    {
      "name": "AllIntel",
      "provider": "IOPCIDevice",
      "match": { "IOPCIMatch": "0x00008086&0x0000ffff" },
      "matchAll": true
    },
    {
      "name": "EveryInterface",
      "provider": "IOUSBHostInterface",
      "match": {},
      "probeScore": -1,
      "matchAll": true
    }
  ]
}
)");
}

// An Xcode source plist leaves the package type and identifiers to the
// build: import says what cannot come back and still writes the dext
// descriptor as a start.
TEST(ImportCommandTest, XcodeSourcePlistIsNamedAsLossy) {
  base::InMemoryFileSystem fs;
  fs.files["Drv/Info.plist"] = Plist(
      "<key>CFBundlePackageType</key>"
      "<string>$(PRODUCT_BUNDLE_PACKAGE_TYPE)</string>\n"
      "<key>CFBundleIdentifier</key><string>com.acme.drv</string>\n"
      "<key>CFBundleExecutable</key><string>$(EXECUTABLE_NAME)</string>\n"
      "<key>IOKitPersonalities</key>\n"
      "<dict>\n"
      "<key>Drv</key>\n"
      "<dict>\n"
      "<key>CFBundleIdentifier</key><string>com.acme.drv</string>\n"
      "<key>IOClass</key><string>IOUserService</string>\n"
      "<key>IOUserClass</key><string>Drv</string>\n"
      "<key>IOProviderClass</key><string>IOUSBHostInterface</string>\n"
      "</dict>\n"
      "</dict>\n");
  RunResult result = Import(fs, "Drv");
  EXPECT_EQ(result.exit_code, kExitInvalid);
  EXPECT_EQ(Stderr(result),
            "Drv/Info.plist:5:31: error: CFBundlePackageType is the "
            "build-time placeholder \"$(PRODUCT_BUNDLE_PACKAGE_TYPE)\"; "
            "generate writes \"DEXT\" [import-lossy]\n"
            "Drv/Info.plist:4:1: error: the Info.plist has no CFBundleVersion, "
            "which generate always writes [import-lossy]\n"
            "Drv/Info.plist:4:1: error: the Info.plist has no "
            "CFBundleInfoDictionaryVersion, which generate always writes "
            "(\"6.0\") [import-lossy]\n");
  EXPECT_NE(result.standard_output.find("\"superclass\": \"IOService\""),
            std::string::npos);
}

// Every bundle generate makes from the examples (the golden outputs, kexts
// and dext source folders with their entitlements) imports and
// regenerates exactly.
// A class the catalog learnt from the prelinked dictionary comes back by
// its catalog name; a multi-bundle class under its second bundle in the
// explicit form (generate writes the first for the catalog name).
TEST(ImportCommandTest, PrelinkedCatalogClassesAndSecondBundles) {
  base::InMemoryFileSystem fs;
  fs.files["K.kext/Contents/Info.plist"] = Plist(
      "<key>CFBundleIdentifier</key><string>com.acme.K</string>\n"
      "<key>CFBundleInfoDictionaryVersion</key><string>6.0</string>\n"
      "<key>CFBundleName</key><string>K</string>\n"
      "<key>CFBundlePackageType</key><string>KEXT</string>\n"
      "<key>CFBundleVersion</key><string>1.0</string>\n"
      "<key>CFBundleShortVersionString</key><string>1.0</string>\n"
      "<key>CFBundleDevelopmentRegion</key><string>en</string>\n"
      "<key>IOKitPersonalities</key>\n"
      "<dict>\n"
      "<key>Hub</key>\n"
      "<dict>\n"
      "<key>CFBundleIdentifier</key>"
      "<string>com.apple.driver.AppleUSBComposite</string>\n"
      "<key>IOClass</key><string>AppleUSBHostCompositeDevice</string>\n"
      "<key>IOProviderClass</key><string>IOUSBHostDevice</string>\n"
      "<key>idVendor</key><integer>1452</integer>\n"
      "<key>idProduct</key><integer>4</integer>\n"
      "</dict>\n"
      "<key>Lpss</key>\n"
      "<dict>\n"
      "<key>CFBundleIdentifier</key>"
      "<string>com.apple.driver.AppleIntelLpssI2CController</string>\n"
      "<key>IOClass</key><string>AppleIntelLpssI2CController</string>\n"
      "<key>IOProviderClass</key><string>AppleIntelLpssI2C</string>\n"
      "<key>IOPropertyMatch</key><dict><key>x</key><string>y</string></dict>\n"
      "</dict>\n"
      "</dict>\n");
  RunResult result = Import(fs, "K.kext");
  EXPECT_EQ(Stderr(result), "");
  EXPECT_EQ(result.exit_code, kExitOk);
  EXPECT_EQ(result.standard_output, R"({
  "$schema": "https://codeless.invalid/schemas/descriptor-v1.json",
  "$comment": "Imported by 'codeless import' from K.kext.",
  "formatVersion": 1,
  "bundle": {
    "identifier": "com.acme.K",
    "name": "K",
    "version": "1.0"
  },
  "kext": {},
  "personalities": [
    {
      "name": "Hub",
      "provider": "IOUSBHostDevice",
      "match": { "idProduct": "0x0004", "idVendor": "0x05ac" },
      "driver": {
        "class": "AppleUSBHostCompositeDevice",
        "bundle": "com.apple.driver.AppleUSBComposite"
      }
    },
    {
      "name": "Lpss",
      "provider": "AppleIntelLpssI2C",
      "match": { "IOPropertyMatch": { "x": "y" } },
      "driver": "AppleIntelLpssI2CController"
    }
  ]
}
)");
}

// A warning the validator gives on the Info.plist generate builds is shown
// at the same key of the original.
TEST(ImportCommandTest, WarningsOnTheBuiltInfoPlistAreAtTheOriginalKey) {
  base::InMemoryFileSystem fs;
  fs.files["L.kext/Contents/Info.plist"] = Plist(
      "<key>CFBundleIdentifier</key><string>com.acme.L</string>\n"
      "<key>CFBundleInfoDictionaryVersion</key><string>6.0</string>\n"
      "<key>CFBundleName</key><string>L</string>\n"
      "<key>CFBundlePackageType</key><string>KEXT</string>\n"
      "<key>CFBundleVersion</key><string>1.0</string>\n"
      "<key>CFBundleShortVersionString</key><string>1.0</string>\n"
      "<key>CFBundleDevelopmentRegion</key><string>en</string>\n"
      "<key>OSBundleLibraries</key>\n"
      "  <dict><key>com.apple.iokit.IOUSBHostFamily</key>"
      "<string>1.0</string></dict>\n"
      "<key>IOKitPersonalities</key>\n"
      "<dict>\n"
      "<key>Hub</key>\n"
      "<dict>\n"
      "<key>CFBundleIdentifier</key>"
      "<string>com.apple.driver.usb.AppleUSBHostCompositeDevice</string>\n"
      "<key>IOClass</key><string>AppleUSBHostCompositeDevice</string>\n"
      "<key>IOProviderClass</key><string>IOUSBHostDevice</string>\n"
      "<key>idVendor</key><integer>1452</integer>\n"
      "<key>idProduct</key><integer>4</integer>\n"
      "</dict>\n"
      "</dict>\n");
  RunResult result = Import(fs, "L.kext");
  EXPECT_EQ(result.exit_code, kExitOk);
  EXPECT_EQ(Stderr(result),
            "L.kext/Contents/Info.plist:12:1: warning: generate warns on this "
            "key: a kext without CFBundleExecutable should not declare "
            "OSBundleLibraries: the loader warns that it has no executable to "
            "link; remove it unless it only orders loading after another kext "
            "[kext-libraries]\n");
}

TEST(ImportCommandTest, EveryExampleOutputRoundTrips) {
  namespace fs_ns = std::filesystem;
  fs_ns::path goldens = testing::SourceDir() / "tests/golden/examples";
  size_t bundles = 0;
  for (const auto& example : fs_ns::directory_iterator(goldens)) {
    fs_ns::path out = example.path() / "out";
    if (!fs_ns::is_directory(out)) continue;
    for (const auto& bundle : fs_ns::directory_iterator(out)) {
      if (!bundle.is_directory()) continue;
      base::InMemoryFileSystem fs;
      for (const auto& file : fs_ns::recursive_directory_iterator(bundle)) {
        if (!file.is_regular_file()) continue;
        fs.files[fs_ns::relative(file.path(), out).string()] =
            testing::ReadTextFile(file.path());
      }
      std::string name = bundle.path().filename().string();
      RunResult result = Import(fs, name);
      EXPECT_EQ(result.exit_code, kExitOk) << example.path() << "/" << name;
      // Only what generate says of the example too (a class that macOS
      // removed): warnings, no errors.
      for (const diag::Diagnostic& d : result.diagnostics) {
        EXPECT_EQ(d.severity, diag::Severity::kWarning) << name;
        EXPECT_TRUE(d.message.starts_with("generate warns on ")) << d.message;
      }
      ++bundles;
    }
  }
  EXPECT_GE(bundles, 12u);
}

}  // namespace
}  // namespace codeless::driver
