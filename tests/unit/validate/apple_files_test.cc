// Apple's own files: a prelinked-info dictionary is validated kext by kext,
// each finding at its place in the one file and naming its bundle; and the
// rules where Apple's shipped bundles part from what codeless asks of
// third-party ones (PRODUCT.md §5: they draw no errors).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "codeless/diag/render.h"
#include "codeless/driver/run.h"
#include "support/in_memory_file_system.h"
#include "unit/validate/validate_test_support.h"

namespace codeless::validate {
namespace {

using namespace fixtures;  // NOLINT: the builders

std::string Without(std::string text, std::string_view line) {
  size_t at = text.find(line);
  if (at != std::string::npos) text.erase(at, line.size());
  return text;
}

// Lines 1-3 the header, 4 <dict>, 5 the key, 6 <array>; then the entries,
// then </array>, _PrelinkKCID, </dict>.
std::string Prelinked(std::string_view entries) {
  return Plist("<dict>\n<key>_PrelinkInfoDictionary</key>\n<array>\n" +
               std::string(entries) +
               "</array>\n<key>_PrelinkKCID</key><data>AAAA</data>\n"
               "</dict>\n");
}

// An Info dict: <dict>, CFBundleIdentifier, CFBundlePackageType,
// CFBundleVersion, `extra`, then IOKitPersonalities holding `personalities`.
std::string Entry(std::string_view identifier, std::string_view type,
                  std::string_view extra, std::string_view personalities) {
  return "<dict>\n" + String("CFBundleIdentifier", identifier) +
         String("CFBundlePackageType", type) +
         String("CFBundleVersion", "1.0") + std::string(extra) +
         "<key>IOKitPersonalities</key>\n<dict>\n" +
         std::string(personalities) + "</dict>\n</dict>\n";
}

// A macOS 10.15 dext as Apple shipped it in the prelinked kernel: built
// with the DriverKit 19 SDK, no OSBundleUsageDescription, the prelinker's
// IOUserServerCDHash, and no CFBundleIdentifierKernel.
std::string AppleCatalinaDext() {
  return Entry("com.apple.DriverKit.AppleUserECMData", "DEXT",
               String("CFBundleExecutable", "AppleUserECMData") +
                   String("LSMinimumSystemVersion", "19.0") +
                   String("OSBundleRequired", "DriverKit"),
               Personality("Apple CDC-ECMData",
                           String("CFBundleIdentifier",
                                  "com.apple.DriverKit.AppleUserECMData") +
                               String("IOClass", "IOUserService") +
                               String("IOProviderClass", "IOUSBHostInterface") +
                               String("IOUserClass", "AppleUserECMData") +
                               String("IOUserServerCDHash", "170ccc56") +
                               String("IOUserServerName",
                                      "com.apple.DriverKit.AppleUserECMData") +
                               Integer("bInterfaceClass", 10) +
                               Integer("bInterfaceSubClass", 0)));
}

// A third-party codeless kext whose personality is no QA1076 combination.
std::string BrokenThirdPartyKext() {
  return Entry("com.acme.kext", "KEXT", "",
               Personality("P", Replace(UsbBody(),
                                        "<key>idProduct</key><integer>22136"
                                        "</integer>",
                                        "<key>bDeviceProtocol</key><integer>1"
                                        "</integer>")));
}

TEST(PrelinkedInfoTest, EachKextIsValidatedWhereItStandsAndNamed) {
  std::string file = Prelinked(AppleCatalinaDext() + BrokenThirdPartyKext() +
                               "<string>stray</string>\n");
  EXPECT_EQ(
      ValidateInfo(file),
      "f.plist:17:1: warning: in com.apple.DriverKit.AppleUserECMData: "
      "personality \"Apple CDC-ECMData\" has no CFBundleIdentifierKernel, "
      "which the loader needs to launch the dext on macOS 11 and later (10.15 "
      "dexts, Apple's too, did without); this file declares "
      "LSMinimumSystemVersion 19.0, before macOS 11, so a warning; set it to "
      "com.apple.kpi.iokit [dext-personality-key]\n"
      "f.plist:36:1: error: in com.acme.kext: personality \"P\": the USB keys "
      "bDeviceProtocol+idVendor on IOUSBHostDevice are none of Apple's QA1076 "
      "combinations, so the personality never matches; use "
      "idVendor+idProduct[+bcdDevice], "
      "idVendor+bDeviceSubClass[+bDeviceProtocol] (class 0xFF), or "
      "bDeviceClass+bDeviceSubClass[+bDeviceProtocol] "
      "[match-usb-combination]\n"
      "f.plist:45:1: error: in _PrelinkInfoDictionary[2]: each entry of "
      "_PrelinkInfoDictionary is a bundle's Info.plist <dict>, not a <string> "
      "[bundle-type]\n");
}

TEST(PrelinkedInfoTest, AnythingButAnArrayIsNoPrelinkedDictionary) {
  EXPECT_EQ(ValidateInfo(Plist("<dict>\n<key>_PrelinkInfoDictionary</key>"
                               "<dict/>\n</dict>\n")),
            "f.plist:4:1: error: this plist is not a kext's or dext's "
            "Info.plist: it looks like a prelinked-info dictionary, but its "
            "_PrelinkInfoDictionary is no <array> of Info.plist <dict>s, and "
            "none of CFBundleIdentifier, CFBundlePackageType, CFBundleVersion "
            "or IOKitPersonalities; validate each bundle's own Info.plist "
            "[bundle-not-info-plist]\n");
}

TEST(PrelinkedInfoTest, JsonNamesTheBundleOfEachFinding) {
  base::InMemoryFileSystem fs;
  fs.files["prelinked.plist"] = Prelinked(BrokenThirdPartyKext());
  driver::Options options;
  options.command = driver::Command::kValidate;
  options.paths = {"prelinked.plist"};
  options.format = diag::Format::kJson;
  driver::RunResult result = driver::Run(options, fs);
  EXPECT_EQ(result.exit_code, driver::kExitInvalid);
  auto document = nlohmann::json::parse(result.standard_output);
  ASSERT_EQ(document["diagnostics"].size(), 1u);
  const auto& finding = document["diagnostics"][0];
  EXPECT_EQ(finding["bundle"], "com.acme.kext");
  EXPECT_EQ(finding["rule"], "match-usb-combination");
  EXPECT_EQ(finding["line"], 14);
  EXPECT_EQ(finding["message"].get<std::string>().rfind("personality \"P\"", 0),
            0u);
}

TEST(PrelinkedInfoTest, NoBundleFieldOutsidePrelinkedDictionaries) {
  base::InMemoryFileSystem fs;
  fs.files["Info.plist"] = Kext(Personality(
      "P", Replace(UsbBody(), "<key>idProduct</key><integer>22136</integer>",
                   "<key>bDeviceProtocol</key><integer>1</integer>")));
  driver::Options options;
  options.command = driver::Command::kValidate;
  options.paths = {"Info.plist"};
  options.format = diag::Format::kJson;
  auto document =
      nlohmann::json::parse(driver::Run(options, fs).standard_output);
  ASSERT_EQ(document["diagnostics"].size(), 1u);
  EXPECT_FALSE(document["diagnostics"][0].contains("bundle"));
}

// A codeless kext of Apple's own, with one personality of `body`.
std::string AppleKext(std::string_view body) {
  return Replace(Kext(Personality("P", body)), "com.acme.kext",
                 "com.apple.driver.AppleUSBHostMergeProperties");
}

TEST(AppleBundleTest, UnmatchablePersonalitiesAreWarningsInApplesBundles) {
  // Apple's AppleUSBHostMergeProperties, "Apple Acrylic Keyboard".
  std::string acrylic =
      String("CFBundleIdentifier",
             "com.apple.driver.AppleUSBHostMergeProperties") +
      String("IOClass", "AppleUSBHostMergeProperties") +
      String("IOProviderClass", "IOUSBInterface") +
      "<key>idProductArray</key><array><integer>523</integer></array>\n" +
      Integer("idVendor", 1452);
  EXPECT_EQ(ValidateInfo(AppleKext(acrylic)),
            "f.plist:11:1: warning: personality \"P\": the USB keys "
            "idProductArray+idVendor on IOUSBInterface are none of Apple's "
            "QA1076 combinations, so the personality never matches; use "
            "idVendor+idProduct+bInterfaceNumber+bConfigurationValue"
            "[+bcdDevice], idVendor+bInterfaceSubClass[+bInterfaceProtocol] "
            "(class 0xFF), or bInterfaceClass+bInterfaceSubClass"
            "[+bInterfaceProtocol]; the loader still accepts the bundle, so "
            "in a bundle Apple ships this is a warning "
            "[match-usb-combination]\n");
  // Apple's com.apple.driver.usb.cdc.ncm, "AppleUSBNCMData13".
  std::string ncm = String("CFBundleIdentifier",
                           "com.apple.driver.AppleUSBHostMergeProperties") +
                    String("IOClass", "AppleUSBHostMergeProperties") +
                    String("IOProviderClass", "IOUSBHostInterface") +
                    Integer("bInterfaceClass", 2) +
                    String("bInterfaceProtocol", "1") +
                    Integer("bInterfaceSubClass", 13);
  EXPECT_EQ(ValidateInfo(AppleKext(ncm)),
            "f.plist:16:30: warning: personality \"P\": bInterfaceProtocol "
            "must be an <integer> or the wildcard <string>*</string>, not a "
            "<string>; the loader still accepts the bundle, so in a bundle "
            "Apple ships this is a warning [match-type]\n");
}

TEST(AppleBundleTest, IdProductArrayStandsForIdProduct) {
  std::string body =
      String("CFBundleIdentifier",
             "com.apple.driver.usb.AppleUSBHostCompositeDevice") +
      String("IOClass", "AppleUSBHostCompositeDevice") +
      String("IOProviderClass", "IOUSBHostDevice") +
      "<key>idProductArray</key><array><integer>523</integer>"
      "<integer>524</integer></array>\n" +
      Integer("idVendor", 1452);
  EXPECT_EQ(ValidateInfo(Kext(Personality("P", body))), "");
  std::string interface =
      String("CFBundleIdentifier",
             "com.apple.driver.AppleUSBHostMergeProperties") +
      String("IOClass", "AppleUSBHostMergeProperties") +
      String("IOProviderClass", "IOUSBHostInterface") +
      Integer("bConfigurationValue", 1) + Integer("bInterfaceNumber", 0) +
      "<key>idProductArray</key><array><integer>523</integer></array>\n" +
      Integer("idVendor", 1452);
  EXPECT_EQ(ValidateInfo(Kext(Personality("P", interface))), "");
}

// A class that several Apple kexts define may be named by any of them
// (apple-findings.md §6).
TEST(AppleBundleTest, AnyKextThatDefinesAClassMayBeNamed) {
  std::string framebuffer =
      String("CFBundleIdentifier",
             "com.apple.driver.AppleIntelCFLGraphicsFramebuffer") +
      String("IOClass", "AppleIntelFramebufferController") +
      String("IOProviderClass", "IOPCIDevice") +
      String("IOPCIPrimaryMatch", "0x3e9b8086");
  EXPECT_EQ(ValidateInfo(Kext(Personality("P", framebuffer))), "");
  std::string keyboard = String("CFBundleIdentifier",
                                "com.apple.driver.AppleUSBTCKeyEventDriver") +
                         String("IOClass", "AppleEmbeddedKeyboard") +
                         String("IOProviderClass", "IOHIDInterface") +
                         Integer("ProductID", 594) + Integer("VendorID", 1452);
  EXPECT_EQ(ValidateInfo(Kext(Personality("P", keyboard))), "");
  EXPECT_EQ(
      ValidateInfo(Kext(Personality(
          "P", Replace(framebuffer, "AppleIntelCFLGraphicsFramebuffer",
                       "AppleIntelBDWGraphicsFramebuffer")))),
      "f.plist:12:30: error: personality \"P\": CFBundleIdentifier is "
      "\"com.apple.driver.AppleIntelBDWGraphicsFramebuffer\", but "
      "AppleIntelFramebufferController is defined by "
      "com.apple.driver.AppleIntelKBLGraphicsFramebuffer or "
      "com.apple.driver.AppleIntelSKLGraphicsFramebuffer or "
      "com.apple.driver.AppleIntelCFLGraphicsFramebuffer or "
      "com.apple.driver.AppleIntelICLLPGraphicsFramebuffer; set it to "
      "com.apple.driver.AppleIntelKBLGraphicsFramebuffer, or the kernel loads "
      "com.apple.driver.AppleIntelBDWGraphicsFramebuffer and cannot create "
      "AppleIntelFramebufferController [kext-personality-bundle]\n");
}

// A dext whose only personality lacks CFBundleIdentifierKernel, declaring
// `minimum` (lines of top-level keys).
std::string DextWithoutKernelBundle(std::string_view minimum) {
  return Dext(
      Personality("P", Without(DextUsbBody(), String("CFBundleIdentifierKernel",
                                                     "com.apple.kpi.iokit"))),
      minimum);
}

TEST(KernelBundleTest, RequiredFromADeclaredMinimumOfMacos11) {
  std::string error =
      "error: personality \"P\" has no CFBundleIdentifierKernel, which the "
      "loader needs to launch the dext; set it to com.apple.kpi.iokit "
      "[dext-personality-key]\n";
  EXPECT_EQ(ValidateInfo(DextWithoutKernelBundle(
                String("OSMinimumDriverKitVersion", "20.0"))),
            "f.plist:14:1: " + error);
  EXPECT_EQ(ValidateInfo(DextWithoutKernelBundle(
                String("LSMinimumSystemVersion", "11.0"))),
            "f.plist:14:1: " + error);
  EXPECT_EQ(ValidateInfo(DextWithoutKernelBundle(
                String("LSMinimumSystemVersion", "21.4"))),
            "f.plist:14:1: " + error);
}

TEST(KernelBundleTest, AWarningWithoutSuchAMinimum) {
  std::string warning =
      "warning: personality \"P\" has no CFBundleIdentifierKernel, which the "
      "loader needs to launch the dext on macOS 11 and later (10.15 dexts, "
      "Apple's too, did without); this file declares ";
  EXPECT_EQ(ValidateInfo(DextWithoutKernelBundle("")),
            "f.plist:13:1: " + warning +
                "no minimum OS (OSMinimumDriverKitVersion or "
                "LSMinimumSystemVersion), so a warning; set it to "
                "com.apple.kpi.iokit [dext-personality-key]\n");
  EXPECT_EQ(ValidateInfo(DextWithoutKernelBundle(
                String("OSMinimumDriverKitVersion", "19.0"))),
            "f.plist:14:1: " + warning +
                "OSMinimumDriverKitVersion 19.0, before macOS 11, so a "
                "warning; set it to com.apple.kpi.iokit "
                "[dext-personality-key]\n");
  EXPECT_EQ(ValidateInfo(DextWithoutKernelBundle(
                String("LSMinimumSystemVersion", "10.15"))),
            "f.plist:14:1: " + warning +
                "LSMinimumSystemVersion 10.15, before macOS 11, so a warning; "
                "set it to com.apple.kpi.iokit [dext-personality-key]\n");
  // A placeholder declares nothing that can be read.
  EXPECT_EQ(
      ValidateInfo(DextWithoutKernelBundle(String(
          "OSMinimumDriverKitVersion", "$(DRIVERKIT_DEPLOYMENT_TARGET)"))),
      "f.plist:14:1: " + warning +
          "no minimum OS (OSMinimumDriverKitVersion or "
          "LSMinimumSystemVersion), so a warning; set it to "
          "com.apple.kpi.iokit [dext-personality-key]\n");
}

// A kext with neither an executable nor personalities, with `extra`.
std::string EmptyKext(std::string_view identifier, std::string_view extra) {
  return Plist("<dict>\n" + String("CFBundleIdentifier", identifier) +
               String("CFBundlePackageType", "KEXT") +
               String("CFBundleVersion", "1.0") + std::string(extra) +
               "</dict>\n");
}

TEST(LibraryKextTest, LibrariesNeedNeitherCodeNorPersonalities) {
  std::string libraries =
      "<key>OSBundleLibraries</key><dict><key>com.apple.kpi.iokit</key>"
      "<string>9.0</string></dict>\n";
  EXPECT_EQ(ValidateInfo(EmptyKext(
                "com.apple.iokit.IONVRAMFamily",
                String("OSBundleCompatibleVersion", "1.0") + libraries)),
            "");
  EXPECT_EQ(ValidateInfo(EmptyKext("com.apple.driver.KextExcludeList", "")),
            "");
  // A kernel component: its code is the kernel's.
  EXPECT_EQ(ValidateInfo(EmptyKext("com.apple.driver.AppleNMI",
                                   "<key>OSKernelResource</key><true/>\n")),
            "");
  // OSKext says nothing of an empty OSBundleLibraries.
  EXPECT_EQ(ValidateInfo(Kext(Personality("P", UsbBody()),
                              "<key>OSBundleLibraries</key><dict/>\n")),
            "");
  EXPECT_EQ(ValidateInfo(EmptyKext("com.acme.kext", libraries)),
            "f.plist:8:1: warning: a kext without CFBundleExecutable should "
            "not declare OSBundleLibraries: the loader warns that it has no "
            "executable to link; remove it unless it only orders loading "
            "after another kext [kext-libraries]\n"
            "f.plist:4:1: warning: this kext has neither CFBundleExecutable "
            "nor IOKitPersonalities, so it does nothing; add personalities "
            "[kext-no-personalities]\n");
}

}  // namespace
}  // namespace codeless::validate
