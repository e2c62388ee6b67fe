// One test per validation rule: a minimal plist that breaks it, and the exact
// diagnostics `validate` prints for it (PATH:LINE:COLUMN: SEVERITY: MESSAGE
// [RULE]). The plists are built by validate_test_support.h, whose layout
// fixes the line numbers: a Kext's personality body starts on line 12, a
// Dext's on line 14 (see each builder).
#include "codeless/diag/rules.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "unit/validate/validate_test_support.h"

namespace codeless::validate {
namespace {

using namespace fixtures;  // NOLINT: the builders

struct RuleCase {
  std::string rule;
  Files files;
};

Files Info(std::string info) {
  return Files{std::move(info), "", false, BundleLayout::kFile, std::nullopt};
}
Files Pair(std::string info, std::string entitlements) {
  return Files{std::move(info), std::move(entitlements), false,
               BundleLayout::kSourceFolder, std::nullopt};
}
Files Ents(std::string entitlements) {
  return Files{"", std::move(entitlements), false, BundleLayout::kFile,
               std::nullopt};
}

std::string Usb() { return Personality("P", UsbBody()); }

std::string Repeat(std::string_view text, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += text;
  return out;
}

// A codeless kext personality on `provider` for an Apple XHCI class.
std::string Pci(std::string_view match_lines) {
  return Personality(
      "P",
      String("CFBundleIdentifier", "com.apple.driver.usb.AppleUSBXHCIPCI") +
          String("IOClass", "AppleUSBXHCISPT") +
          String("IOProviderClass", "IOPCIDevice") + std::string(match_lines));
}

std::string DextPersonality(std::string_view body) {
  return Personality("P", body);
}

std::string Without(std::string text, std::string_view line) {
  size_t at = text.find(line);
  if (at != std::string::npos) text.erase(at, line.size());
  return text;
}

std::string HidEventBody(std::string_view kernel) {
  return String("CFBundleIdentifier", "com.acme.driver") +
         String("CFBundleIdentifierKernel", kernel) +
         String("IOClass", "AppleUserHIDEventService") +
         String("IOProviderClass", "IOHIDInterface") +
         String("IOUserClass", "AcmeDriver") +
         String("IOUserServerName", "com.acme.driver") +
         Integer("ProductID", 22136) + Integer("VendorID", 4660);
}

std::vector<RuleCase> Cases() {
  std::string many_objects = "<key>Big</key><array>";
  for (int i = 0; i < 131072; ++i) many_objects += "<true/>";
  many_objects += "</array>\n";
  std::string crlf = Kext(Usb());
  for (size_t at = crlf.find('\n'); at != std::string::npos;
       at = crlf.find('\n', at + 2)) {
    crlf.replace(at, 1, "\r\n");
  }
  return {
      // The kernel's XML subset (domain.md §5).
      {"xml-syntax", Info(Plist("<dict>\n<key>A</key><string>x</string>\n"))},
      {"xml-bom", Info("\xEF\xBB\xBF" + Kext(Usb()))},
      {"xml-carriage-return", Info(crlf)},
      {"xml-entity",
       Info(Kext(Usb(), String("CFBundleName", "Acme &copy; 2026")))},
      {"xml-element",
       Info(
           Kext(Usb(), "<key>Since</key><date>2026-01-01T00:00:00Z</date>\n"))},
      {"xml-empty-form",
       Info(Kext(Usb(), "<key>OSBundleAllowUserLoad</key><true></true>\n"))},
      {"xml-integer",
       Info(Kext(Personality("P", Replace(UsbBody(), "<integer>4660</integer>",
                                          "<integer>0x1A2B</integer>"))))},
      {"xml-data",
       Info(Kext(Usb(), "<key>Blob</key><data>not*base64</data>\n"))},
      {"xml-duplicate-key", Info(Kext(Usb(), String("CFBundleName", "A") +
                                                 String("CFBundleName", "B")))},
      {"xml-token-length",
       Info(Kext(Usb(),
                 "<key>CFBundleName</key><string "
                 "averyveryveryverylongattributename=\"1\">A</string>\n"))},
      {"xml-object-limit", Info(Kext(Usb(), many_objects))},
      {"xml-structure", Info(Kext(Usb(), "<key>Lonely</key>\n"))},
      {"xml-cdata", Info(Kext(Usb(),
                              "<key>CFBundleName</key><string><![CDATA[Acme]]>"
                              "</string>\n"))},
      {"xml-comment", Info(Kext(Usb(), "<!-- a -- b -->\n"))},
      // 197 arrays fit at the top; as a value of the top dict, after other
      // pairs, only 194 do (measured with xnu's parser: its stack).
      {"xml-nesting",
       Info(Kext(Usb(), "<key>Deep</key>" + Repeat("<array>", 195) +
                            Repeat("</array>", 195) + "\n"))},
      {"xml-string-length",
       Info(Kext(Usb(), "<key>Long</key><string>" + std::string(262142, 'a') +
                            "</string>\n"))},
      {"xml-leading-space", Info("  " + Kext(Usb()))},
      {"xml-idref",
       Info(Kext(Usb(),
                 "<key>CFBundleName</key><string ID=\"1\">A</string>\n"
                 "<key>CFBundleGetInfoString</key><string "
                 "IDREF=\"1\"/>\n"))},
      // Bundle keys (domain.md §3.2, §3.3).
      {"bundle-missing-key",
       Info(Plist("<dict>\n" + String("CFBundleIdentifier", "com.acme.kext") +
                  String("CFBundleVersion", "1.0") +
                  "<key>IOKitPersonalities</key>\n<dict>\n" + Usb() +
                  "</dict>\n</dict>\n"))},
      {"bundle-type",
       Info(Kext(Usb(), Integer("CFBundleShortVersionString", 1)))},
      {"bundle-package-type", Info(Replace(Kext(Usb()), "<string>KEXT</string>",
                                           "<string>APPL</string>"))},
      {"bundle-identifier",
       Info(Replace(
           Kext(Usb()), "com.acme.kext",
           "com.acme.a-very-long-identifier-that-goes-on.and-on-and-on-and-"
           "on.kext"))},
      {"bundle-version", Info(Replace(Kext(Usb()), "1.0.0", "1.2.3.4"))},
      {"bundle-version-digits", Info(Replace(Kext(Usb()), "1.0.0", "1.123"))},
      {"bundle-required",
       Info(Kext(Usb(), String("OSBundleRequired", "DriverKit")))},
      {"bundle-not-info-plist",
       Info(Plist("<dict>\n" + String("_PrelinkKCID", "x") + "</dict>\n"))},
      {"bundle-identifier-chars",
       Info(Replace(Kext(Usb()), "com.acme.kext", "com.acme kext"))},
      {"bundle-compatible-version",
       Info(Kext(Usb(), String("OSBundleCompatibleVersion", "2.0")))},
      {"bundle-library-version",
       Info(Kext(Usb(), String("CFBundleExecutable", "Acme") +
                            "<key>OSBundleLibraries</key><dict><key>"
                            "com.apple.kpi.iokit</key><string>8.0x</string>"
                            "</dict>\n"))},
      // Codeless kexts (domain.md §3, §8.4-5).
      {"kext-executable",
       Files{Kext(Usb(), String("CFBundleExecutable", "Acme")), "", true,
             BundleLayout::kFile, std::nullopt}},
      {"kext-libraries",
       Info(Kext(Usb(),
                 "<key>OSBundleLibraries</key><dict><key>"
                 "com.apple.kpi.iokit</key><string>8.0</string>"
                 "</dict>\n"))},
      {"kext-personality-bundle",
       Info(Kext(Personality(
           "P", Replace(UsbBody(),
                        "com.apple.driver.usb.AppleUSBHostCompositeDevice",
                        "com.apple.iokit.IOUSBHostFamily"))))},
      {"kext-unknown-class",
       Info(Kext(Personality(
           "P", Replace(UsbBody(), "<string>AppleUSBHostCompositeDevice<",
                        "<string>AppleUSBFrobnicator<"))))},
      {"kext-executable-missing",
       Files{Kext(Usb(), String("CFBundleExecutable", "Acme")), "", false,
             BundleLayout::kKextBundle, std::vector<std::string>{}}},
      {"kext-no-personalities",
       Info(Plist("<dict>\n" + String("CFBundleIdentifier", "com.acme.kext") +
                  String("CFBundlePackageType", "KEXT") +
                  String("CFBundleVersion", "1.0") + "</dict>\n"))},
      {"kext-third-party-class",
       Info(Kext(
           Personality("P", String("CFBundleIdentifier", "com.other.kext") +
                                String("IOClass", "OtherDriver") +
                                String("IOProviderClass", "IOPCIDevice") +
                                String("IOPCIPrimaryMatch", "0x12341234"))))},
      // Dexts (domain.md §1, §8.1-2).
      {"dext-forbidden-key",
       Info(Dext(DextPersonality(DextUsbBody()),
                 "<key>OSKernelResource</key><true/>\n"))},
      {"dext-bundle-required", Info(Dext(DextPersonality(DextUsbBody()),
                                         String("OSBundleRequired", "Root")))},
      {"dext-usage-description",
       Files{Without(Replace(Dext(DextPersonality(DextUsbBody())),
                             "$(EXECUTABLE_NAME)", "com.acme.driver"),
                     "<key>OSBundleUsageDescription</key><string>Drives the "
                     "Acme device.</string>\n"),
             "", false, BundleLayout::kBuiltDext, std::nullopt}},
      {"dext-executable",
       Files{Without(Dext(DextPersonality(DextUsbBody())),
                     "<key>CFBundleExecutable</key><string>$(EXECUTABLE_NAME)"
                     "</string>\n"),
             "", false, BundleLayout::kBuiltDext, std::nullopt}},
      {"dext-personality-key",
       Info(Dext(DextPersonality(
                     Without(DextUsbBody(), String("CFBundleIdentifierKernel",
                                                   "com.apple.kpi.iokit"))),
                 String("OSMinimumDriverKitVersion", "20.0")))},
      {"dext-personality-bundle",
       Info(Dext(DextPersonality(
           Replace(DextUsbBody(),
                   "<key>CFBundleIdentifier</key><string>com.acme.driver",
                   "<key>CFBundleIdentifier</key><string>com.other.driver"))))},
      {"dext-ioclass", Info(Dext(DextPersonality(Replace(
                           Replace(DextUsbBody(), "<string>IOUserService<",
                                   "<string>AppleUserUSBHostHIDDevice<"),
                           "<string>com.apple.kpi.iokit<",
                           "<string>com.apple.iokit.IOHIDFamily<"))))},
      {"dext-kernel-bundle",
       Info(Dext(DextPersonality(HidEventBody("com.apple.kpi.iokit"))))},
      {"dext-usage-description-empty",
       Info(Replace(Dext(DextPersonality(DextUsbBody())),
                    "<string>Drives the Acme device.</string>", "<string/>"))},
      {"dext-server-name",
       Info(Dext(DextPersonality(
           Replace(DextUsbBody(),
                   "<key>IOUserServerName</key><string>com.acme.driver",
                   "<key>IOUserServerName</key><string>org.other.server") +
           "<key>IOUserServerOneProcess</key><true/>\n")))},
      {"dext-libraries", Info(Dext(DextPersonality(DextUsbBody()),
                                   "<key>OSBundleLibraries</key><dict/>\n"))},
      {"dext-match-category",
       Info(Dext(DextPersonality(
           String("CFBundleIdentifier", "com.acme.driver") +
           String("CFBundleIdentifierKernel", "com.apple.kpi.iokit") +
           String("IOClass", "IOUserService") +
           String("IOProviderClass", "IOUserResources") +
           String("IOResourceMatch", "IOKit") +
           String("IOUserClass", "AcmeDriver") +
           String("IOUserServerName", "com.acme.driver"))))},
      {"dext-runtime-key",
       Info(Dext(DextPersonality(DextUsbBody() +
                                 String("IOUserServerCDHash", "abc"))))},
      {"dext-unknown-class",
       Info(Dext(DextPersonality(Replace(
           DextUsbBody(), "<string>IOUserService<", "<string>AcmeProxy<"))))},
      // Personalities.
      {"personality-type", Info(Kext(String("P", "x")))},
      {"personality-key",
       Info(Kext(Personality(
           "P",
           Without(UsbBody(), String("IOProviderClass", "IOUSBHostDevice")))))},
      {"personality-no-bundle",
       Info(Kext(Personality(
           "P",
           Without(
               UsbBody(),
               String("CFBundleIdentifier",
                      "com.apple.driver.usb.AppleUSBHostCompositeDevice")))))},
      // Matching keys (domain.md §4, §8.6).
      {"match-type",
       Info(Kext(Personality("P", Replace(UsbBody(), "<integer>4660</integer>",
                                          "<string>4660</string>"))))},
      {"match-range",
       Info(Kext(Personality("P", Replace(UsbBody(), "<integer>4660</integer>",
                                          "<integer>70000</integer>"))))},
      {"match-usb-combination",
       Info(Kext(Personality(
           "P",
           Replace(UsbBody(), "<key>idProduct</key><integer>22136</integer>",
                   "<key>bDeviceProtocol</key><integer>1</integer>"))))},
      {"match-pci-string",
       Info(Kext(Pci(String("IOPCIPrimaryMatch", "0x0xff00ffff"))))},
      {"match-defer",
       Info(Kext(Personality("P", UsbBody() + String("IOMatchDefer", "YES"))))},
      {"match-resources",
       Info(Kext(Personality(
           "P", String("CFBundleIdentifier", "com.apple.kpi.iokit") +
                    String("IOClass", "IOService") +
                    String("IOProviderClass", "IOResources"))))},
      {"match-probe-score",
       Info(
           Kext(Personality("P", UsbBody() + String("IOProbeScore", "1000"))))},
      {"match-kit-debug",
       Info(Kext(Personality("P", UsbBody() + String("IOKitDebug", "65535"))))},
      {"match-family", Info(Kext(Pci(String("IOPCIPrimaryMatch", "0xa2af8086") +
                                     Integer("idVendor", 32902))))},
      {"match-all", Info(Kext(Pci("")))},
      {"match-id-swapped",
       Info(Kext(Personality(
           "P", String("CFBundleIdentifier",
                       "com.apple.driver.usb.AppleUSBHostCompositeDevice") +
                    String("IOClass", "AppleUSBHostCompositeDevice") +
                    String("IOProviderClass", "IOUSBHostDevice") +
                    Integer("idProduct", 0x2341) +
                    Integer("idVendor", 0x43))))},
      {"personality-provider-class",
       Info(Replace(Kext(Usb()), "IOUSBHostDevice", "IOUSBHostDevise"))},
      {"kext-driver-provider",
       Info(Kext(Personality(
           "P", String("CFBundleIdentifier", "com.apple.iokit.IOHIDFamily") +
                    String("IOClass", "IOHIDEventDriver") +
                    String("IOProviderClass", "IOUSBHostDevice") +
                    Integer("idProduct", 22136) + Integer("idVendor", 4660))))},
      {"match-pci-width",
       Info(
           Kext(Pci(String("IOPCIClassMatch", "0x0c033000&amp;0xfffffff00"))))},
      {"match-pci-class",
       Info(Kext(Pci(String("IOPCIClassMatch", "0x8d628086"))))},
      // Entitlements (domain.md §2, §8.3).
      {"ent-driverkit",
       Ents(Plist("<dict>\n<key>com.apple.security.app-sandbox</key><true/>\n"
                  "</dict>\n"))},
      {"ent-transport",
       Pair(Dext(DextPersonality(DextUsbBody())), Entitlements(""))},
      {"ent-transport-bool",
       Ents(Entitlements(
           "<key>com.apple.developer.driverkit.transport.usb</key><true/>\n"))},
      {"ent-family",
       Pair(Dext(DextPersonality(HidEventBody("com.apple.iokit.IOHIDFamily"))),
            Entitlements("<key>com.apple.developer.driverkit.transport.hid</"
                         "key><true/>\n"))},
      {"ent-type",
       Ents(Plist("<dict>\n" + String("com.apple.developer.driverkit", "yes") +
                  "</dict>\n"))},
      {"ent-unknown", Ents(Entitlements("<key>com.apple.developer.driverkit."
                                        "family.storage</key><true/>\n"))},
      {"ent-not-dext",
       Ents(Plist("<dict>\n<key>com.apple.developer.system-extension.install"
                  "</key><true/>\n</dict>\n"))},
      {"ent-transport-wildcard",
       Ents(Entitlements(
           "<key>com.apple.developer.driverkit.transport.usb</key>\n"
           "<array><dict>" +
           String("idVendor", "*") + "</dict></array>\n"))},
      {"ent-service-dext-entitlements",
       Pair(
           Dext(DextPersonality(
               DextUsbBody() +
               "<key>IOServiceDEXTEntitlements</key><array><string>"
               "com.apple.developer.driverkit.userclient-access</string>"
               "</array>\n")),
           Entitlements("<key>com.apple.developer.driverkit.transport.usb</key>"
                        "<array><dict>" +
                        Integer("idVendor", 4660) + "</dict></array>\n"))},
  };
}

// The exact text `validate` prints for each case, by rule.
const std::map<std::string, std::string>& Expected();

class RuleTest : public ::testing::TestWithParam<RuleCase> {};

TEST_P(RuleTest, ReportsExactDiagnostics) {
  const RuleCase& c = GetParam();
  std::string actual = ValidateFiles(c.files);
  auto expected = Expected().find(c.rule);
  std::string want = expected == Expected().end()
                         ? "(no expected text for " + c.rule + ")"
                         : expected->second;
  EXPECT_EQ(actual, want) << "ACTUAL[" << c.rule
                          << "]=" << nlohmann::json(actual).dump();
  EXPECT_NE(actual.find("[" + c.rule + "]"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Rules, RuleTest, ::testing::ValuesIn(Cases()),
                         [](const auto& test_info) {
                           std::string name = test_info.param.rule;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

// '_' in an identifier is judged as the descriptor reader judges it: a
// warning, since the loader accepts it and Apple ships some.
TEST(RuleTest, UnderscoreInIdentifierIsAWarning) {
  EXPECT_EQ(ValidateFiles(Info(
                Replace(Kext(Usb()), "com.acme.kext", "com.acme.my_kext"))),
            "f.plist:5:30: warning: CFBundleIdentifier \"com.acme.my_kext\": "
            "it has '_', which Apple documents nowhere in bundle identifiers "
            "(letters, digits, '-' and '.'); the loader accepts it, but prefer "
            "'-' [bundle-identifier-chars]\n");
}

// In generated output the descriptor reader has judged the identifier's
// characters (desc-identifier-chars); a generated file has such an
// identifier only where the descriptor turned that rule off to keep an
// existing bundle's, which the loader accepts: it passes.
TEST(RuleTest, GeneratedIdentifierCharsAreTheDescriptorsToJudge) {
  std::string info = Replace(Kext(Usb()), "com.acme.kext", "com.acme kext");
  EXPECT_EQ(
      ValidateFiles(Files{info, "", true, BundleLayout::kFile, std::nullopt}),
      "");
  EXPECT_EQ(ValidateInfo(info),
            "f.plist:5:30: warning: CFBundleIdentifier \"com.acme kext\": ' ' "
            "is not allowed; use letters, digits, '-' and '.' (reverse DNS, "
            "e.g. com.acme.driver.Mouse) [bundle-identifier-chars]\n");
}

// A match of every device is an error only where nothing can decline the
// devices: a codeless kext's Apple driver. A driver with code of its own
// may probe, and one that only merges properties may mean it (Apple's
// IOHIDProviderPropertyMerger on every IOHIDDevice): warnings.
TEST(RuleTest, MatchAllSeverityFollowsWhatCanDecline) {
  EXPECT_EQ(
      ValidateFiles(Info(
          Kext(Pci(String("IOPCIPrimaryMatch", "0xa2af8086&amp;0x0000ffff")),
               String("CFBundleExecutable", "AcmeDriver")))),
      "f.plist:16:29: warning: personality \"P\": IOPCIPrimaryMatch entry "
      "0xa2af8086&0x0000ffff keeps no bit of the device ID, so it matches "
      "every device of its vendor [match-all]\n");
  EXPECT_EQ(
      ValidateFiles(Info(
          Kext(Pci(String("IOPCIPrimaryMatch", "0xa2af8086&amp;0xffff0000"))))),
      "f.plist:15:29: error: personality \"P\": IOPCIPrimaryMatch entry "
      "0xa2af8086&0xffff0000 keeps no bit of the vendor ID, so it matches "
      "that device ID of every vendor [match-all]\n");
  EXPECT_EQ(
      ValidateFiles(Info(Kext(Personality(
          "IOHIDLibUserClient",
          String("CFBundleIdentifier", "com.apple.iokit.IOHIDFamily") +
              String("IOClass", "IOHIDProviderPropertyMerger") +
              String("IOProviderClass", "IOHIDDevice") +
              "<key>IOProviderMergeProperties</key><dict/>\n")))),
      "f.plist:11:1: warning: personality \"IOHIDLibUserClient\" matches "
      "every IOHIDDevice: none of its keys that IOHIDDevice reads narrows the "
      "match, so IOHIDProviderPropertyMerger attaches to every such device (a "
      "driver that only merges properties may mean to) [match-all]\n");
  // The wildcard and keys the provider never reads narrow nothing either.
  EXPECT_EQ(
      ValidateFiles(Info(Kext(Pci(String("idVendor", "*")),
                              String("CFBundleExecutable", "AcmeDriver")))),
      "f.plist:16:1: warning: personality \"P\": idVendor is a USB "
      "matching key, but IOProviderClass is a PCI class, which never "
      "looks at it; remove it or match a USB provider [match-family]\n"
      "f.plist:12:1: warning: personality \"P\" matches every "
      "IOPCIDevice: none of its keys that IOPCIDevice reads narrows the "
      "match, so AppleUSBXHCISPT attaches to every such device unless "
      "its probe declines them [match-all]\n");
}

// IOPCIClassMatch holds class-code << 8 | revision [apple-findings.md
// §13]: a bare class code asks for base class 0x00. In a user's file, a
// warning (base class 0x00 exists); generate makes it an error.
TEST(RuleTest, UnshiftedPciClassCodeIsAWarningInUsersFiles) {
  EXPECT_EQ(
      ValidateFiles(Info(Kext(Pci(String("IOPCIClassMatch", "0x0c0330"))))),
      "f.plist:15:27: warning: personality \"P\": IOPCIClassMatch "
      "\"0x0c0330\" compares class-code << 8 | revision, so it asks for base "
      "class 0x00 (subclass 0x0c); for class code 0x0c0330 write "
      "\"0x0c033000&0xffffff00\" [match-pci-class]\n");
  // Base class 0x00 has subclasses 0x00 and 0x01 only; a shifted value and
  // a real base-0x00 match are left alone.
  EXPECT_EQ(ValidateFiles(Info(Kext(
                Pci(String("IOPCIClassMatch", "0x00010000&amp;0xffff0000"))))),
            "");
  EXPECT_EQ(ValidateFiles(Info(Kext(
                Pci(String("IOPCIClassMatch", "0x0c033000&amp;0xffffff00"))))),
            "");
}

// The validator judges IDs as the resolve stage judges a descriptor's
// (resolve/device_ids.cc): the first ID of idProductArray too, and HID
// VendorIDs only where they are USB vendor IDs (no Transport, or "USB").
TEST(RuleTest, SwappedIdsAreJudgedAsTheResolveStageJudgesThem) {
  auto usb = [](std::string_view product_lines) {
    return Personality(
        "P", String("CFBundleIdentifier",
                    "com.apple.driver.usb.AppleUSBHostCompositeDevice") +
                 String("IOClass", "AppleUSBHostCompositeDevice") +
                 String("IOProviderClass", "IOUSBHostDevice") +
                 std::string(product_lines) + Integer("idVendor", 0x43));
  };
  EXPECT_EQ(ValidateFiles(Info(Kext(usb("<key>idProductArray</key><array>"
                                        "<integer>9025</integer></array>\n")))),
            "f.plist:16:20: warning: personality \"P\": idVendor 0x0043 is no "
            "vendor in usb.ids, but idProductArray 0x2341 is the vendor ID of "
            "Arduino SA, whose product 0x0043 is Uno R3 (CDC ACM); did you "
            "swap idVendor and idProductArray? [match-id-swapped]\n");
  auto hid = [](std::string_view transport) {
    return Kext(Personality(
        "P", String("CFBundleIdentifier", "com.apple.iokit.IOHIDFamily") +
                 String("IOClass", "IOHIDEventDriver") +
                 String("IOProviderClass", "IOHIDInterface") +
                 Integer("ProductID", 0x2341) + String("Transport", transport) +
                 Integer("VendorID", 0x43)));
  };
  EXPECT_EQ(ValidateFiles(Info(hid("Bluetooth"))), "");
  // A Transport that is no string says no USB either: judged by the HID
  // key rules, not here.
  std::string typed = ValidateFiles(Info(
      Replace(hid("USB"), "<string>USB</string>", "<integer>1</integer>")));
  EXPECT_EQ(typed.find("[match-id-swapped]"), std::string::npos) << typed;
  EXPECT_EQ(ValidateFiles(Info(hid("USB"))),
            "f.plist:17:20: warning: personality \"P\": VendorID 0x0043 is no "
            "vendor in usb.ids, but ProductID 0x2341 is the vendor ID of "
            "Arduino SA, whose product 0x0043 is Uno R3 (CDC ACM); did you "
            "swap VendorID and ProductID? [match-id-swapped]\n");
}

// Every rule of the validator's groups has a case above.
TEST(RuleCoverageTest, EveryValidationRuleHasACase) {
  std::vector<std::string> covered;
  for (const RuleCase& c : Cases()) covered.push_back(c.rule);
  for (const diag::Rule& rule : diag::rules::All()) {
    std::string id(rule.id);
    bool validation = false;
    for (const char* prefix : {"xml-", "bundle-", "kext-", "dext-",
                               "personality-", "match-", "ent-"}) {
      validation = validation || id.starts_with(prefix);
    }
    if (!validation) continue;
    EXPECT_NE(std::find(covered.begin(), covered.end(), id), covered.end())
        << "no test case for rule " << id;
  }
}

const std::map<std::string, std::string>& Expected() {
  static const auto* expected = new std::map<std::string, std::string>{
      {"xml-syntax",
       "f.plist:4:1: error: <dict> is never closed; add </dict> "
       "[xml-syntax]\n"},
      {"xml-bom",
       "f.plist:1:1: error: the file starts with a UTF-8 byte-order mark, "
       "which the kernel's plist parser rejects; save it without BOM "
       "[xml-bom]\n"},
      {"xml-carriage-return",
       "f.plist:1:39: error: the file has CR (\\r) line ends, which the "
       "kernel's plist parser rejects; save it with LF line ends "
       "[xml-carriage-return]\n"},
      {"xml-entity",
       "f.plist:8:37: error: the entity &copy; is not understood by the "
       "kernel's plist parser, which knows only &lt; &gt; &amp;; write the "
       "character itself [xml-entity]\n"},
      {"xml-element",
       "f.plist:8:17: error: <date> is not understood by the kernel's plist "
       "parser; use <integer> or <string> [xml-element]\n"},
      {"xml-empty-form",
       "f.plist:8:33: error: write <true/>; the kernel's plist parser rejects "
       "<true></true> [xml-empty-form]\n"},
      {"xml-integer",
       "f.plist:16:20: error: <integer>0x1A2B</integer> cannot be read by the "
       "kernel's plist parser, which takes only decimal digits (with an "
       "optional '-') or 0x and lowercase hex digits, with no spaces; write "
       "<integer>6699</integer> [xml-integer]\n"},
      {"xml-data",
       "f.plist:8:16: error: <data> is not valid Base64; the kernel skips the "
       "characters it does not know, so the bytes it loads would differ from "
       "what was meant [xml-data]\n"},
      {"xml-duplicate-key",
       "f.plist:9:1: error: duplicate key \"CFBundleName\" (first at line 8); "
       "the kernel's parser fails on duplicate keys, so remove one "
       "[xml-duplicate-key]\n"},
      {"xml-token-length",
       "f.plist:8:32: error: the attribute name "
       "\"averyveryveryverylongattributename\" is 34 characters long; the "
       "kernel's plist parser allows at most 30 [xml-token-length]\n"},
      {"xml-object-limit",
       "f.plist:4:1: warning: the plist has 131084 objects; the kernel's own "
       "plist parser stops at 131071, so a kext this large may fail to load; "
       "split the personalities over several kexts [xml-object-limit]\n"},
      {"xml-structure",
       "f.plist:8:1: error: <key>Lonely</key> has no value; add one or remove "
       "the key [xml-structure]\n"},
      {"xml-cdata",
       "f.plist:8:32: error: CDATA sections are not understood by the kernel's "
       "plist parser; write the text with &lt; &gt; &amp; instead "
       "[xml-cdata]\n"},
      {"xml-nesting",
       "f.plist:8:1381: error: values are nested too deep for the kernel's "
       "plist parser, whose stack holds 200 entries (each open <array> or "
       "<dict>, key and earlier sibling takes one); flatten the plist "
       "[xml-nesting]\n"},
      {"xml-string-length",
       "f.plist:8:16: error: this <string> is 262142 bytes long; the kernel "
       "cannot build one of 262142 bytes or more, so shorten it "
       "[xml-string-length]\n"},
      {"xml-comment",
       "f.plist:8:8: error: '--' inside a comment makes the kernel's plist "
       "parser fail; remove it or end the comment with --> [xml-comment]\n"},
      {"xml-leading-space",
       "f.plist:1:3: note: white space before <?xml ...?> is skipped by the "
       "kernel but rejected by strict XML readers such as xmllint; start the "
       "file with <?xml [xml-leading-space]\n"},
      {"xml-idref",
       "f.plist:9:33: warning: IDREF=\"1\" is resolved by IOKit's parsers "
       "only; plutil and Xcode do not read it, so write the value out in full "
       "[xml-idref]\n"},
      {"bundle-missing-key",
       "f.plist:4:1: error: CFBundlePackageType is missing; add it with the "
       "value KEXT [bundle-missing-key]\n"},
      {"bundle-type",
       "f.plist:8:38: error: CFBundleShortVersionString must be a <string>, "
       "not an <integer> [bundle-type]\n"},
      {"bundle-package-type",
       "f.plist:6:31: error: CFBundlePackageType is \"APPL\"; a kext needs "
       "KEXT and a dext DEXT [bundle-package-type]\n"},
      {"bundle-identifier",
       "f.plist:5:30: error: CFBundleIdentifier "
       "\"com.acme.a-very-long-identifier-that-goes-on.and-on-and-on-and-on."
       "kext\" is 70 characters long; the loader allows at most 63 "
       "[bundle-identifier]\n"},
      {"bundle-version",
       "f.plist:7:27: error: CFBundleVersion \"1.2.3.4\" is not a kext "
       "version: it has more than three numeric components; write "
       "MAJOR[.MINOR[.REVISION]] with an optional d, a, b or fc stage, e.g. "
       "1.2.3 or 1.0b2 [bundle-version]\n"},
      {"bundle-version-digits",
       "f.plist:7:27: warning: CFBundleVersion \"1.123\" has a minor or "
       "revision number of more than two digits, which Apple documents as the "
       "limit and older loaders reject; use at most two "
       "[bundle-version-digits]\n"},
      {"bundle-required",
       "f.plist:8:28: error: OSBundleRequired is \"DriverKit\", which only "
       "dexts may use; a kext may use Root, Local-Root, Network-Root, Safe "
       "Boot or Console [bundle-required]\n"},
      {"bundle-not-info-plist",
       "f.plist:4:1: error: this plist is not a kext's or dext's Info.plist: "
       "its top-level <dict> holds _PrelinkKCID, and none of "
       "CFBundleIdentifier, CFBundlePackageType, CFBundleVersion or "
       "IOKitPersonalities; validate each bundle's own Info.plist "
       "[bundle-not-info-plist]\n"},
      {"bundle-identifier-chars",
       "f.plist:5:30: warning: CFBundleIdentifier \"com.acme kext\": ' ' is "
       "not allowed; use letters, digits, '-' and '.' (reverse DNS, e.g. "
       "com.acme.driver.Mouse) [bundle-identifier-chars]\n"},
      {"bundle-compatible-version",
       "f.plist:8:37: error: OSBundleCompatibleVersion \"2.0\" is above "
       "CFBundleVersion \"1.0.0\"; the loader requires it to be at most the "
       "current version [bundle-compatible-version]\n"},
      {"bundle-library-version",
       "f.plist:9:65: error: OSBundleLibraries: the version \"8.0x\" of "
       "com.apple.kpi.iokit is not a kext version: 'x' is not a stage; use d, "
       "a, b, f or fc followed by a number; write e.g. 1.0 "
       "[bundle-library-version]\n"},
      {"kext-executable",
       "f.plist:8:1: error: a codeless kext must not declare "
       "CFBundleExecutable; remove it, or the loader and OpenCore look for an "
       "executable that is not there [kext-executable]\n"},
      {"kext-libraries",
       "f.plist:8:1: warning: a kext without CFBundleExecutable should not "
       "declare OSBundleLibraries: the loader warns that it has no executable "
       "to link; remove it unless it only orders loading after another kext "
       "[kext-libraries]\n"},
      {"kext-personality-bundle",
       "f.plist:12:30: error: personality \"P\": CFBundleIdentifier is "
       "\"com.apple.iokit.IOUSBHostFamily\", but AppleUSBHostCompositeDevice "
       "is defined by com.apple.driver.usb.AppleUSBHostCompositeDevice or "
       "com.apple.driver.AppleUSBComposite; set it "
       "to com.apple.driver.usb.AppleUSBHostCompositeDevice, or the kernel "
       "loads com.apple.iokit.IOUSBHostFamily and cannot create "
       "AppleUSBHostCompositeDevice [kext-personality-bundle]\n"},
      {"kext-unknown-class",
       "f.plist:13:19: warning: IOClass AppleUSBFrobnicator is not in "
       "codeless's catalog of Apple classes, so whether "
       "com.apple.driver.usb.AppleUSBHostCompositeDevice defines it cannot be "
       "checked; check the name (codeless catalog lists the known ones) "
       "[kext-unknown-class]\n"},
      {"kext-executable-missing",
       "f.plist:8:30: error: CFBundleExecutable is \"Acme\", but the bundle "
       "has no Contents/MacOS/Acme; add the executable, or for a codeless kext "
       "remove the key [kext-executable-missing]\n"},
      {"kext-no-personalities",
       "f.plist:4:1: warning: this kext has neither CFBundleExecutable nor "
       "IOKitPersonalities, so it does nothing; add personalities "
       "[kext-no-personalities]\n"},
      {"kext-third-party-class",
       "f.plist:13:19: note: IOClass OtherDriver comes from com.other.kext, a "
       "kext outside codeless's catalog of Apple classes; make sure that kext "
       "defines it and is installed [kext-third-party-class]\n"},
      {"dext-forbidden-key",
       "f.plist:10:1: error: a dext may not use OSKernelResource (the loader "
       "refuses \"Driver Extensions may not use the OSKernelResource key\"); "
       "remove it [dext-forbidden-key]\n"},
      {"dext-bundle-required",
       "f.plist:10:1: error: third-party dexts may not declare "
       "OSBundleRequired: they cannot run in Safe Boot or match during early "
       "boot, and the loader refuses them; remove it [dext-bundle-required]\n"},
      {"dext-usage-description",
       "f.plist:4:1: error: OSBundleUsageDescription is missing, and "
       "activating the dext fails without it; add a sentence that tells users "
       "what the driver does [dext-usage-description]\n"},
      {"dext-executable",
       "f.plist:4:1: error: CFBundleExecutable is missing; a dext declares its "
       "executable, usually as $(EXECUTABLE_NAME) [dext-executable]\n"},
      {"dext-personality-key",
       "f.plist:14:1: error: personality \"P\" has no "
       "CFBundleIdentifierKernel, which the loader needs to launch the dext; "
       "set it to com.apple.kpi.iokit [dext-personality-key]\n"},
      {"dext-personality-bundle",
       "f.plist:14:30: error: personality \"P\": CFBundleIdentifier is "
       "\"com.other.driver\", but a dext's personalities name the dext itself, "
       "\"com.acme.driver\", so the kernel would look for another dext; set it "
       "to \"com.acme.driver\" [dext-personality-bundle]\n"},
      {"dext-ioclass",
       "f.plist:16:19: error: personality \"P\": IOClass is "
       "AppleUserUSBHostHIDDevice, the IOUserClass of Apple's own dext; a dext "
       "personality's IOClass is the kernel proxy, AppleUserHIDDevice (the "
       "dext's own class goes in IOUserClass) [dext-ioclass]\n"},
      {"dext-kernel-bundle",
       "f.plist:15:36: warning: personality \"P\": CFBundleIdentifierKernel is "
       "\"com.apple.kpi.iokit\", but IOClass AppleUserHIDEventService lives in "
       "com.apple.iokit.IOHIDFamily; set it to that, or the kernel may create "
       "the proxy before its kext is loaded [dext-kernel-bundle]\n"},
      {"dext-usage-description-empty",
       "f.plist:9:36: warning: OSBundleUsageDescription is empty; write a "
       "sentence that tells users what the driver does, which the system shows "
       "when it asks them to allow the extension "
       "[dext-usage-description-empty]\n"},
      {"dext-server-name",
       "f.plist:19:28: error: personality \"P\": with IOUserServerOneProcess, "
       "IOUserServerName \"org.other.server\" must start like the bundle "
       "identifier (\"com.acme.driver\"), or the kernel refuses to launch it; "
       "use a name under com.acme [dext-server-name]\n"},
      {"dext-libraries",
       "f.plist:10:1: warning: a dext links against DriverKit, not kexts, so "
       "OSBundleLibraries has no use here; remove it [dext-libraries]\n"},
      {"dext-match-category",
       "f.plist:13:1: warning: personality \"P\" matches IOUserResources "
       "without IOMatchCategory, so it keeps every other driver off that "
       "shared provider; set IOMatchCategory to the bundle identifier "
       "[dext-match-category]\n"},
      {"dext-runtime-key",
       "f.plist:24:1: warning: personality \"P\": the loader adds "
       "IOUserServerCDHash (the executable's code hash, which the kernel "
       "checks before it launches the dext) but keeps one already there, so "
       "an authored hash goes stale when the dext is rebuilt; remove it "
       "[dext-runtime-key]\n"},
      {"dext-unknown-class",
       "f.plist:16:19: warning: personality \"P\": IOClass AcmeProxy is not a "
       "DriverKit proxy class codeless knows (IOUserService, "
       "IOUserBlockStorageDevice, AppleUserHIDDevice, "
       "AppleUserHIDEventService, IOUserNetworkEthernet, "
       "IOUserSCSIParallelInterfaceController, IOUserSerial); check it against "
       "the DriverKit family's documentation [dext-unknown-class]\n"},
      {"personality-type",
       "f.plist:10:13: error: personality \"P\" must be a <dict>, not a "
       "<string> [personality-type]\n"},
      {"personality-key",
       "f.plist:11:1: error: personality \"P\" has no IOProviderClass; add it "
       "as a non-empty <string> [personality-key]\n"},
      {"personality-no-bundle",
       "f.plist:11:1: warning: personality \"P\" has no CFBundleIdentifier, so "
       "the loader inserts this codeless kext's own, which has no executable "
       "to define AppleUSBHostCompositeDevice; set it to "
       "com.apple.driver.usb.AppleUSBHostCompositeDevice "
       "[personality-no-bundle]\n"},
      {"match-type",
       "f.plist:16:20: error: personality \"P\": idVendor must be an <integer> "
       "or the wildcard <string>*</string>, not a <string> [match-type]\n"},
      {"match-range",
       "f.plist:16:20: error: personality \"P\": idVendor is 70000, outside "
       "idVendor's range 0-65535, so it never equals a device's value "
       "[match-range]\n"},
      {"match-usb-combination",
       "f.plist:11:1: error: personality \"P\": the USB keys "
       "bDeviceProtocol+idVendor on IOUSBHostDevice are none of Apple's QA1076 "
       "combinations, so the personality never matches; use "
       "idVendor+idProduct[+bcdDevice], "
       "idVendor+bDeviceSubClass[+bDeviceProtocol] (class 0xFF), or "
       "bDeviceClass+bDeviceSubClass[+bDeviceProtocol] "
       "[match-usb-combination]\n"},
      {"match-pci-string",
       "f.plist:15:29: error: personality \"P\": IOPCIPrimaryMatch "
       "\"0x0xff00ffff\" does not follow the kernel's grammar: the kernel "
       "reads \"0x0\" and ignores \"xff00ffff\" and all that follows; write "
       "entries of 0xVALUE or 0xVALUE&0xMASK separated by spaces "
       "[match-pci-string]\n"},
      {"match-defer",
       "f.plist:17:24: warning: personality \"P\": IOMatchDefer must be "
       "<true/> or <false/>, not a <string> [match-defer]\n"},
      {"match-resources",
       "f.plist:11:1: warning: personality \"P\" matches IOResources, so its "
       "IOMatchCategory should equal its IOClass (IOService), or it may block "
       "other drivers or be blocked [match-resources]\n"},
      {"match-probe-score",
       "f.plist:17:24: warning: personality \"P\": IOProbeScore must be an "
       "<integer>, not a <string> [match-probe-score]\n"},
      {"match-kit-debug",
       "f.plist:17:22: error: personality \"P\": IOKitDebug must be an "
       "<integer>, not a <string> [match-kit-debug]\n"},
      {"match-family",
       "f.plist:16:1: warning: personality \"P\": idVendor is a USB matching "
       "key, but IOProviderClass is a PCI class, which never looks at it; "
       "remove it or match a USB provider [match-family]\n"},
      {"match-id-swapped",
       "f.plist:16:20: warning: personality \"P\": idVendor 0x0043 is no "
       "vendor in usb.ids, but idProduct 0x2341 is the vendor ID of Arduino "
       "SA, whose product 0x0043 is Uno R3 (CDC ACM); did you swap idVendor "
       "and idProduct? [match-id-swapped]\n"},
      {"personality-provider-class",
       "f.plist:14:27: error: personality \"P\": IOProviderClass "
       "\"IOUSBHostDevise\" is no class codeless knows; did you mean "
       "\"IOUSBHostDevice\"? A misspelt provider matches nothing "
       "[personality-provider-class]\n"},
      {"kext-driver-provider",
       "f.plist:14:27: warning: personality \"P\": IOClass IOHIDEventDriver "
       "attaches to IOHIDInterface, but IOProviderClass is IOUSBHostDevice; "
       "match IOHIDInterface instead, or choose a driver for IOUSBHostDevice "
       "[kext-driver-provider]\n"},
      {"match-all",
       "f.plist:11:1: error: personality \"P\" matches every IOPCIDevice: "
       "none of its keys that IOPCIDevice reads narrows the match, so "
       "AppleUSBXHCISPT attaches to every such device; add a key that names "
       "the device [match-all]\n"},
      {"match-pci-width",
       "f.plist:15:27: warning: personality \"P\": IOPCIClassMatch has "
       "\"0xfffffff00\", wider than 32 bits; the kernel keeps only the low 32 "
       "bits, so write at most 8 hex digits [match-pci-width]\n"},
      {"match-pci-class",
       "f.plist:15:27: error: personality \"P\": IOPCIClassMatch "
       "\"0x8d628086\" asks for base class 0x8d, which PCI reserves, so it "
       "never matches; it looks like a device and vendor ID, which belong in "
       "IOPCIPrimaryMatch [match-pci-class]\n"},
      {"ent-driverkit",
       "f.entitlements:4:1: error: com.apple.developer.driverkit is missing, "
       "and every dext needs it; add <key>com.apple.developer.driverkit</key> "
       "<true/> [ent-driverkit]\n"},
      {"ent-transport",
       "f.entitlements:4:1: error: personality \"P\" (f.plist:13) matches "
       "IOUSBHostInterface, which requires "
       "com.apple.developer.driverkit.transport.usb; add it as an <array> of "
       "<dict>s such as { idVendor = N } [ent-transport]\n"},
      {"ent-transport-bool",
       "f.entitlements:6:55: warning: "
       "com.apple.developer.driverkit.transport.usb is a bare <true/>, which "
       "only development with SIP disabled accepts; a provisioning profile "
       "needs an <array> of match <dict>s such as { idVendor = 1234 } "
       "[ent-transport-bool]\n"},
      {"ent-family",
       "f.entitlements:4:1: error: personality \"P\" (f.plist:13) has IOClass "
       "AppleUserHIDEventService, which requires "
       "com.apple.developer.driverkit.family.hid.eventservice; add it as "
       "<true/> [ent-family]\n"},
      {"ent-type",
       "f.entitlements:5:41: error: com.apple.developer.driverkit must be "
       "<true/> or <false/>, not a <string> [ent-type]\n"},
      {"ent-unknown",
       "f.entitlements:6:1: warning: "
       "com.apple.developer.driverkit.family.storage is not a DriverKit "
       "entitlement codeless knows, so no provisioning profile grants it; "
       "check the name in Apple's entitlements documentation [ent-unknown]\n"},
      {"ent-not-dext",
       "f.entitlements:4:1: warning: these entitlements have "
       "com.apple.developer.system-extension.install and no "
       "com.apple.developer.driverkit: they are a host app's, so the dext "
       "checks are skipped; validate the dext's own .entitlements "
       "[ent-not-dext]\n"},
      {"ent-transport-wildcard",
       "f.entitlements:7:33: warning: "
       "com.apple.developer.driverkit.transport.usb: idVendor \"*\" matches "
       "any device, which Apple grants only for development; name the device's "
       "idVendor [ent-transport-wildcard]\n"},
      {"ent-service-dext-entitlements",
       "f.plist:24:37: warning: personality \"P\": IOServiceDEXTEntitlements "
       "asks the dext to hold com.apple.developer.driverkit.userclient-access, "
       "which f.entitlements:4 lacks; the kernel checks it as a family "
       "entitlement, so the dext would fail to start (to gate client apps, use "
       "com.apple.developer.driverkit.userclient-access in the app instead); "
       "remove the key or add the entitlement "
       "[ent-service-dext-entitlements]\n"},
  };
  return *expected;
}

}  // namespace
}  // namespace codeless::validate
