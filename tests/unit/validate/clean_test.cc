// Correct files of every family pass without a single finding: codeless
// kexts for USB, PCI, HID and generic providers, kexts with an executable,
// Xcode source plists, and dexts with their entitlements as `generate`
// writes them (PRODUCT.md §4).
#include <gtest/gtest.h>

#include <string>

#include "unit/validate/validate_test_support.h"

namespace codeless::validate {
namespace {

using namespace fixtures;  // NOLINT: the builders

Files Generated(std::string info, std::string entitlements = "") {
  return Files{std::move(info), std::move(entitlements), true,
               BundleLayout::kFile, std::nullopt};
}

TEST(CleanTest, UsbCodelessKext) {
  EXPECT_EQ(
      ValidateInfo(Kext(
          Personality("Device", UsbBody()) +
              Personality(
                  "Interface",
                  String("CFBundleIdentifier", "com.apple.driver.usb.cdc.acm") +
                      String("IOClass", "AppleUSBACMData") +
                      String("IOProviderClass", "IOUSBHostInterface") +
                      Integer("IOProbeScore", 49999) +
                      Integer("bInterfaceClass", 10) +
                      Integer("bInterfaceSubClass", 0)),
          String("OSBundleRequired", "Root"))),
      "");
}

TEST(CleanTest, UsbWildcardsAndProductArrays) {
  EXPECT_EQ(ValidateInfo(Kext(Personality(
                "P", String("CFBundleIdentifier", "com.apple.kpi.iokit") +
                         String("IOClass", "IOService") +
                         String("IOProviderClass", "IOUSBHostInterface") +
                         String("bConfigurationValue", "*") +
                         Integer("bInterfaceNumber", 0) +
                         "<key>idProductArray</key><array><integer>635</"
                         "integer><integer>636</integer></array>\n" +
                         Integer("idVendor", 1452)))),
            "");
}

TEST(CleanTest, PciCodelessKext) {
  EXPECT_EQ(
      ValidateInfo(Kext(Personality(
          "AppleUSBXHCISPT",
          String("CFBundleIdentifier", "com.apple.driver.usb.AppleUSBXHCIPCI") +
              String("IOClass", "AppleUSBXHCISPT") +
              "<key>IOPCIPauseCompatible</key><true/>\n" +
              String("IOPCIPrimaryMatch",
                     "0xa2af8086 0x00789004&amp;0x00ffffff") +
              String("IOPCIClassMatch", "0x0c033000&amp;0xffffff00") +
              "<key>IOPCITunnelCompatible</key><true/>\n" +
              Integer("IOProbeScore", 900) +
              String("IOProviderClass", "IOPCIDevice")))),
      "");
}

TEST(CleanTest, HidCodelessKext) {
  EXPECT_EQ(
      ValidateInfo(Kext(Personality(
          "AcmeMouse",
          String("CFBundleIdentifier", "com.apple.iokit.IOHIDFamily") +
              "<key>DeviceUsagePairs</key><array><dict>" +
              Integer("DeviceUsage", 2) + Integer("DeviceUsagePage", 1) +
              "</dict></array>\n" + String("IOClass", "IOHIDEventDriver") +
              String("IOProviderClass", "IOHIDInterface") +
              Integer("ProductID", 22136) + String("Transport", "USB") +
              Integer("VendorID", 4660) + "<key>IOMatchDefer</key><true/>\n"))),
      "");
}

TEST(CleanTest, GenericBlockerAndMergeKext) {
  // IOService lives in the kernel, so a blocker may name any kext; an
  // IOPropertyMatch array means "any of".
  EXPECT_EQ(
      ValidateInfo(Kext(
          Personality("Blocker",
                      String("CFBundleIdentifier",
                             "com.apple.driver.AppleIntelMCEReporter") +
                          String("IOClass", "IOService") +
                          String("IOMatchCategory", "AppleIntelMCEReporter") +
                          Integer("IOProbeScore", 5000) +
                          String("IOProviderClass", "IOPlatformExpertDevice") +
                          "<key>IOPropertyMatch</key><array><dict>" +
                          String("board-id", "Mac-1") + "</dict><dict>" +
                          String("board-id", "Mac-2") + "</dict></array>\n") +
          Personality("Resources",
                      String("CFBundleIdentifier", "com.apple.kpi.iokit") +
                          String("IOClass", "IOService") +
                          String("IOMatchCategory", "IOService") +
                          String("IOProviderClass", "IOResources")) +
          Personality(
              "Ports",
              String("CFBundleIdentifier",
                     "com.apple.driver.AppleUSBHostMergeProperties") +
                  String("IOClass", "AppleUSBHostMergeProperties") +
                  "<key>IOParentMatch</key><dict>" +
                  String("IONameMatch", "XHC") + "</dict>\n" +
                  String("IOProviderClass", "AppleUSBHostController") +
                  "<key>IOProviderMergeProperties</key><dict><key>port-count"
                  "</key><data>CAAAAA==</data></dict>\n"))),
      "");
}

TEST(CleanTest, ArchSpecificPersonalitiesAreRead) {
  std::string plist = Plist(
      "<dict>\n" + String("CFBundleIdentifier", "com.acme.kext") +
      String("CFBundlePackageType", "KEXT") + String("CFBundleVersion", "1.0") +
      "<key>IOKitPersonalities_x86_64</key>\n<dict>\n" +
      Personality("P", UsbBody()) + "</dict>\n</dict>\n");
  EXPECT_EQ(ValidateInfo(plist), "");
  // ...and checked like the plain key.
  std::string bad = plist;
  bad.replace(bad.find("<integer>4660</integer>"), 23,
              "<integer>70000</integer>");
  EXPECT_NE(ValidateInfo(bad).find("[match-range]"), std::string::npos);
}

TEST(CleanTest, KextWithExecutableNamesItself) {
  EXPECT_EQ(ValidateInfo(Kext(
                Personality("P", String("CFBundleIdentifier", "com.acme.kext") +
                                     String("IOClass", "AcmeDriver") +
                                     String("IOProviderClass", "IOPCIDevice") +
                                     String("IOPCIPrimaryMatch",
                                            "0xa2af8086")),
                String("CFBundleExecutable", "AcmeDriver") +
                    "<key>OSBundleLibraries</key><dict>" +
                    String("com.apple.kpi.iokit", "19.0") + "</dict>\n")),
            "");
}

TEST(CleanTest, XcodeSourcePlistPlaceholdersAreNotJudged) {
  EXPECT_EQ(
      ValidateInfo(Plist(
          "<dict>\n" + String("CFBundleExecutable", "${EXECUTABLE_NAME}") +
          String("CFBundleIdentifier", "$(PRODUCT_BUNDLE_IDENTIFIER)") +
          String("CFBundlePackageType", "$(PRODUCT_BUNDLE_PACKAGE_TYPE)") +
          String("CFBundleVersion", "@DRIVER_VERSION@") +
          String("OSBundleCompatibleVersion", "$MODULE_VERSION") +
          "<key>IOKitPersonalities</key>\n<dict>\n" +
          Personality("P", String("CFBundleIdentifier",
                                  "${PRODUCT_BUNDLE_IDENTIFIER}") +
                               String("IOClass", "AcmeDriver") +
                               String("IOProviderClass", "IOUSBHostDevice") +
                               String("idProduct", "$(ACME_PRODUCT)") +
                               String("idVendor", "$(ACME_VENDOR)")) +
          "</dict>\n</dict>\n")),
      "");
}

TEST(CleanTest, KernelGrammarOdditiesAreAccepted) {
  // White space before <?xml (a note only), no DOCTYPE, a comment before the
  // value, leading zeros, lowercase hex, empty forms, a CR inside a string
  // and text after the top-level value, which the kernel never reads.
  std::string plist =
      "    <?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<!-- comment -->\n"
      "<plist version=\"1.0\">\n"
      "<dict>\n" +
      String("CFBundleIdentifier", "com.acme-kext") +
      String("CFBundlePackageType", "KEXT") +
      String("CFBundleVersion", "1.0.0d1") +
      String("CFBundleGetInfoString", "a\rb") +
      "<key>Empty</key><dict/>\n<key>Nothing</key><array/>\n"
      "<key>Zero</key><integer/>\n<key>Blank</key><string/>\n" +
      "<key>IOKitPersonalities</key>\n<dict>\n" +
      Personality("P",
                  String("CFBundleIdentifier",
                         "com.apple.driver.usb.AppleUSBHostCompositeDevice") +
                      String("IOClass", "AppleUSBHostCompositeDevice") +
                      String("IOProviderClass", "IOUSBHostDevice") +
                      "<key>idProduct</key><integer>0001</integer>\n"
                      "<key>idVendor</key><integer>0x1a2b</integer>\n") +
      "</dict>\n</dict>\n</plist>\ntrailing text is never read\n";
  EXPECT_EQ(ValidateInfo(plist),
            "f.plist:1:5: note: white space before <?xml ...?> is skipped by "
            "the kernel but rejected by strict XML readers such as xmllint; "
            "start the file with <?xml [xml-leading-space]\n");
}

TEST(CleanTest, GeneratedUsbDextWithEntitlements) {
  EXPECT_EQ(
      ValidateFiles(Generated(
          Dext(Personality("AcmeDriver", DextUsbBody()),
               String("OSMinimumDriverKitVersion", "19.0")),
          Entitlements("<key>com.apple.developer.driverkit.transport.usb</key>"
                       "<array><dict>" +
                       Integer("idVendor", 4660) + "</dict></array>\n" +
                       "<key>com.apple.security.app-sandbox</key><true/>\n"))),
      "");
}

TEST(CleanTest, GeneratedPciDextWithEntitlements) {
  std::string body =
      String("CFBundleIdentifier", "com.acme.driver") +
      String("CFBundleIdentifierKernel", "com.apple.kpi.iokit") +
      String("IOClass", "IOUserService") +
      String("IOPCIPrimaryMatch", "0x702410ee 0x900010ee&amp;0xff00ffff") +
      "<key>IOPCITunnelCompatible</key><true/>\n" +
      String("IOProviderClass", "IOPCIDevice") +
      String("IOUserClass", "AcmeFPGADriver") +
      String("IOUserServerName", "com.acme.driver.server");
  EXPECT_EQ(ValidateFiles(Generated(
                Dext(Personality("AcmeFPGA", body)),
                Entitlements(
                    "<key>com.apple.developer.driverkit.transport.pci</key>"
                    "<array><dict>" +
                    String("IOPCIPrimaryMatch", "0x000010ee&amp;0x0000ffff") +
                    "</dict></array>\n" +
                    "<key>com.apple.security.app-sandbox</key><true/>\n"))),
            "");
}

TEST(CleanTest, GeneratedHidEventDextWithEntitlements) {
  std::string body =
      String("CFBundleIdentifier", "com.acme.driver") +
      String("CFBundleIdentifierKernel", "com.apple.iokit.IOHIDFamily") +
      "<key>DeviceUsagePairs</key><array><dict>" + Integer("DeviceUsage", 2) +
      Integer("DeviceUsagePage", 1) + "</dict></array>\n" +
      String("IOClass", "AppleUserHIDEventService") +
      Integer("IOProbeScore", 1000) +
      String("IOProviderClass", "IOHIDInterface") +
      String("IOUserClass", "AcmeMouseDriver") +
      String("IOUserServerName", "com.acme.driver") +
      Integer("ProductID", 22136) + Integer("VendorID", 4660);
  EXPECT_EQ(
      ValidateFiles(Generated(
          Dext(Personality("AcmeMouse", body)),
          Entitlements(
              "<key>com.apple.developer.driverkit.family.hid.eventservice"
              "</key><true/>\n"
              "<key>com.apple.developer.driverkit.transport.hid</key><true/>\n"
              "<key>com.apple.security.app-sandbox</key><true/>\n"))),
      "");
}

TEST(CleanTest, GeneratedUsbHidDeviceDextWithEntitlements) {
  std::string body =
      String("CFBundleIdentifier", "com.acme.driver") +
      String("CFBundleIdentifierKernel", "com.apple.iokit.IOHIDFamily") +
      String("IOClass", "AppleUserHIDDevice") + Integer("IOProbeScore", 1000) +
      String("IOProviderClass", "IOUSBHostInterface") +
      String("IOUserClass", "AcmeKeypadHIDDevice") +
      String("IOUserServerName", "com.acme.driver") +
      Integer("bConfigurationValue", 1) + Integer("bInterfaceClass", 3) +
      Integer("bInterfaceNumber", 0) + Integer("idProduct", 6) +
      Integer("idVendor", 4617);
  EXPECT_EQ(
      ValidateFiles(Generated(
          Dext(Personality("AcmeKeypad", body)),
          Entitlements(
              "<key>com.apple.developer.driverkit.family.hid.device</key>"
              "<true/>\n"
              "<key>com.apple.developer.driverkit.transport.usb</key><array>"
              "<dict>" +
              Integer("idVendor", 4617) + "</dict></array>\n" +
              "<key>com.apple.security.app-sandbox</key><true/>\n"))),
      "");
}

TEST(CleanTest, GeneratedResourcesDext) {
  std::string body = String("CFBundleIdentifier", "com.acme.driver") +
                     String("CFBundleIdentifierKernel", "com.apple.kpi.iokit") +
                     String("IOClass", "IOUserService") +
                     String("IOMatchCategory", "com.acme.driver") +
                     String("IOProviderClass", "IOUserResources") +
                     String("IOResourceMatch", "IOKit") +
                     String("IOUserClass", "AcmeDriver") +
                     String("IOUserServerName", "com.acme.driver");
  EXPECT_EQ(ValidateFiles(
                Generated(Dext(Personality("Acme", body)), Entitlements(""))),
            "");
}

TEST(CleanTest, DextSourceFolderMissingBuildKeysOnlyWarns) {
  // A partial dext plist that Xcode completes at build time: warnings only.
  std::string info =
      Plist("<dict>\n<key>IOKitPersonalities</key>\n<dict>\n" +
            Personality("P", DextUsbBody()) + "</dict>\n</dict>\n");
  std::string out = ValidateFiles(
      Files{info, "", false, BundleLayout::kSourceFolder, std::nullopt});
  EXPECT_EQ(out.find("error"), std::string::npos) << out;
  EXPECT_NE(out.find("[dext-usage-description]"), std::string::npos) << out;
}

}  // namespace
}  // namespace codeless::validate
