// ent-transport with several entitlement dicts: the kernel checks each
// device against any dict of the transport array (domain.md §2.2), so every
// entry of a personality's match (each PCI match entry, each product of
// idProductArray) must be covered by some dict, not all by one.
#include <gtest/gtest.h>

#include <string>

#include "support/in_memory_file_system.h"
#include "codeless/diag/render.h"
#include "codeless/driver/run.h"
#include "unit/validate/validate_test_support.h"

namespace codeless::validate {
namespace {

using namespace fixtures;  // NOLINT: the builders

Files Pair(std::string info, std::string entitlements) {
  return Files{std::move(info), std::move(entitlements), false,
               BundleLayout::kSourceFolder, std::nullopt};
}

// A dext personality on IOPCIDevice (line 13 is its <dict>; IOPCIPrimaryMatch
// on line 17).
std::string PciDext(std::string_view primary_match) {
  return Dext(Personality(
      "P", String("CFBundleIdentifier", "com.acme.driver") +
               String("CFBundleIdentifierKernel", "com.apple.kpi.iokit") +
               String("IOClass", "IOUserService") +
               String("IOPCIPrimaryMatch", primary_match) +
               String("IOProviderClass", "IOPCIDevice") +
               String("IOUserClass", "AcmeDriver") +
               String("IOUserServerName", "com.acme.driver")));
}

// transport.pci on line 6, one vendor-only dict per vendor.
std::string PciEntitlements(std::initializer_list<std::string_view> vendors) {
  std::string dicts;
  for (std::string_view vendor : vendors) {
    dicts += "<dict>" +
             String("IOPCIPrimaryMatch",
                    "0x0000" + std::string(vendor) + "&amp;0x0000ffff") +
             "</dict>";
  }
  return Entitlements(
      "<key>com.apple.developer.driverkit.transport.pci</key>"
      "<array>" +
      dicts + "</array>\n");
}

TEST(EntitlementCoverageTest, PciEntriesMayBeCoveredByDifferentDicts) {
  EXPECT_EQ(ValidateFiles(Pair(PciDext("0x87d010b5 0x816810ec"),
                               PciEntitlements({"10b5", "10ec"}))),
            "");
}

TEST(EntitlementCoverageTest, PciEntryCoveredByNoDictIsAnError) {
  EXPECT_EQ(ValidateFiles(Pair(PciDext("0x87d010b5 0x816810ec"),
                               PciEntitlements({"10b5"}))),
            "f.entitlements:6:55: error: no "
            "com.apple.developer.driverkit.transport.pci entry covers "
            "personality \"P\" (f.plist:13), IOPCIPrimaryMatch entry "
            "0x816810ec, so the kernel refuses to start the dext on its "
            "devices; add an entry whose value and mask include the "
            "personality's match [ent-transport]\n");
  // Nothing covered: the match as written.
  EXPECT_EQ(ValidateFiles(Pair(PciDext("0x87d010b5 0x816810ec"),
                               PciEntitlements({"8086"}))),
            "f.entitlements:6:55: error: no "
            "com.apple.developer.driverkit.transport.pci entry covers "
            "personality \"P\" (f.plist:13), IOPCIPrimaryMatch 0x87d010b5 "
            "0x816810ec, so the kernel refuses to start the dext on its "
            "devices; add an entry whose value and mask include the "
            "personality's match [ent-transport]\n");
}

// A USB interface personality of vendor 5 with idProductArray [1, 2, 3].
std::string UsbArrayDext() {
  return Dext(Personality(
      "P", String("CFBundleIdentifier", "com.acme.driver") +
               String("CFBundleIdentifierKernel", "com.apple.kpi.iokit") +
               String("IOClass", "IOUserService") +
               String("IOProviderClass", "IOUSBHostInterface") +
               String("IOUserClass", "AcmeDriver") +
               String("IOUserServerName", "com.acme.driver") +
               Integer("bConfigurationValue", 1) +
               Integer("bInterfaceNumber", 0) +
               "<key>idProductArray</key><array><integer>1</integer>"
               "<integer>2</integer><integer>3</integer></array>\n" +
               Integer("idVendor", 5)));
}

// transport.usb on line 6, one { idVendor 5, idProduct N } per product.
std::string UsbEntitlements(std::initializer_list<int> products) {
  std::string dicts;
  for (int product : products) {
    dicts += "<dict>" + Integer("idProduct", product) + Integer("idVendor", 5) +
             "</dict>";
  }
  return Entitlements(
      "<key>com.apple.developer.driverkit.transport.usb</key>"
      "<array>" +
      dicts + "</array>\n");
}

TEST(EntitlementCoverageTest, UsbProductsMayBeCoveredByDifferentDicts) {
  EXPECT_EQ(ValidateFiles(Pair(UsbArrayDext(), UsbEntitlements({1, 2, 3}))),
            "");
  EXPECT_EQ(ValidateFiles(Pair(UsbArrayDext(), UsbEntitlements({3, 1, 2}))),
            "");
}

TEST(EntitlementCoverageTest, UsbProductCoveredByNoDictIsAnError) {
  EXPECT_EQ(ValidateFiles(Pair(UsbArrayDext(), UsbEntitlements({1}))),
            "f.entitlements:6:55: error: no "
            "com.apple.developer.driverkit.transport.usb entry covers "
            "personality \"P\" (f.plist:13), idVendor 5, idProductArray items "
            "2, 3, so the kernel refuses to start the dext on its devices; add "
            "an entry such as { idVendor = N } with the personality's vendor "
            "[ent-transport]\n");
  EXPECT_EQ(ValidateFiles(Pair(UsbArrayDext(), UsbEntitlements({1, 3}))),
            "f.entitlements:6:55: error: no "
            "com.apple.developer.driverkit.transport.usb entry covers "
            "personality \"P\" (f.plist:13), idVendor 5, idProductArray item "
            "2, so the kernel refuses to start the dext on its devices; add "
            "an entry such as { idVendor = N } with the personality's vendor "
            "[ent-transport]\n");
}

TEST(EntitlementCoverageTest, GeneratedDextWithTwoPciVendorsIsValid) {
  base::InMemoryFileSystem fs;
  fs.files["d.json"] = R"({
  "formatVersion": 1,
  "bundle": { "identifier": "com.acme.driver.Nic", "name": "Nic",
              "version": "1.0.0",
              "usageDescription": "Claims the Acme network cards." },
  "dext": { "class": "AcmeNicDriver", "superclass": "IOService" },
  "personalities": [
    { "name": "Nic", "provider": "IOPCIDevice",
      "match": { "IOPCIPrimaryMatch": [
        { "vendor": "0x8086", "device": "0x1234" },
        { "vendor": "0x10ec", "device": "0x8168" } ] } }
  ]
}
)";
  driver::Options options;
  options.descriptor_path = "d.json";
  options.output_dir = "out";
  driver::RunResult result = driver::Run(options, fs);
  EXPECT_EQ(diag::RenderText(result.diagnostics), "");
  EXPECT_EQ(result.exit_code, driver::kExitOk);
  ASSERT_EQ(fs.files.count("out/Nic/Nic.entitlements"), 1u);
  const std::string& entitlements = fs.files["out/Nic/Nic.entitlements"];
  EXPECT_NE(entitlements.find("0x00008086&amp;0x0000ffff"), std::string::npos)
      << entitlements;
  EXPECT_NE(entitlements.find("0x000010ec&amp;0x0000ffff"), std::string::npos)
      << entitlements;
}

}  // namespace
}  // namespace codeless::validate
