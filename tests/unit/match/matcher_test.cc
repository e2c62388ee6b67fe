// The matching rules of match/matcher.h, one test each, on small dumps and
// Info.plists written here.
#include "codeless/match/matcher.h"

#include <gtest/gtest.h>

#include "codeless/apple/usb_match.h"
#include "codeless/diag/render.h"
#include "codeless/match/dump.h"
#include "codeless/match/sources.h"

namespace codeless::match {
namespace {

std::string Plist(const std::string& personalities) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\">"
         "<dict><key>CFBundleIdentifier</key><string>com.test.kext</string>"
         "<key>IOKitPersonalities</key><dict>" +
         personalities + "</dict></dict></plist>\n";
}

std::string Personality(const std::string& name, const std::string& provider,
                        const std::string& keys) {
  return "<key>" + name + "</key><dict><key>IOClass</key><string>" + name +
         "Driver</string><key>IOProviderClass</key><string>" + provider +
         "</string>" + keys + "</dict>";
}

std::string Int(const std::string& key, int value) {
  return "<key>" + key + "</key><integer>" + std::to_string(value) +
         "</integer>";
}
std::string Str(const std::string& key, const std::string& value) {
  return "<key>" + key + "</key><string>" + value + "</string>";
}

constexpr char kUsbDump[] =
    "+-o Root  <class IORegistryEntry, id 0x100000100, retain 14>\n"
    "  +-o Uno@14200000  <class IOUSBHostDevice, id 0x100000500, registered>\n"
    "    | {\n"
    "    |   \"idVendor\" = 9025\n"
    "    |   \"idProduct\" = 67\n"
    "    |   \"bcdDevice\" = 1\n"
    "    |   \"bDeviceClass\" = 2\n"
    "    |   \"bDeviceSubClass\" = 0\n"
    "    |   \"bDeviceProtocol\" = 0\n"
    "    | }\n"
    "    | \n"
    "    +-o IOUSBHostInterface@0  <class IOUSBHostInterface, id 0x100000501>\n"
    "      {\n"
    "        \"idVendor\" = 9025\n"
    "        \"idProduct\" = 67\n"
    "        \"bcdDevice\" = 1\n"
    "        \"bInterfaceNumber\" = 0\n"
    "        \"bConfigurationValue\" = 1\n"
    "        \"bInterfaceClass\" = 255\n"
    "        \"bInterfaceSubClass\" = 2\n"
    "        \"bInterfaceProtocol\" = 1\n"
    "      }\n";

constexpr char kPciDump[] =
    "+-o Root  <class IORegistryEntry, id 0x100000100, retain 14>\n"
    "  +-o GFX0@2  <class IOPCIDevice, id 0x1000002bc, registered>\n"
    "    | {\n"
    "    |   \"vendor-id\" = <86800000>\n"
    "    |   \"device-id\" = <21a70000>\n"
    "    |   \"subsystem-vendor-id\" = <28100000>\n"
    "    |   \"subsystem-id\" = <1d0c0000>\n"
    "    |   \"class-code\" = <00000300>\n"
    "    |   \"revision-id\" = <04000000>\n"
    "    |   \"name\" = <\"display\">\n"
    "    |   \"compatible\" = "
    "<\"pci1028,c1d\",\"pci8086,a721\",\"pciclass,030000\">\n"
    "    |   \"built-in\" = <00>\n"
    "    | }\n"
    "    | \n"
    "    +-o AppleIntelFramebuffer  <class AppleIntelFramebuffer, id "
    "0x1000004c7>\n"
    "        {\n"
    "          \"IOClass\" = \"AppleIntelFramebuffer\"\n"
    "          \"IOProviderClass\" = \"IOPCIDevice\"\n"
    "          \"CFBundleIdentifier\" = "
    "\"com.apple.driver.AppleIntelKBLGraphicsFramebuffer\"\n"
    "        }\n";

struct Fixture {
  diag::Diagnostics diags;
  diag::SourceFile dump;
  Registry registry;
  Sources sources;
  MatchResult result;

  Fixture(const char* dump_text, const std::string& personalities)
      : dump("ioreg.txt", dump_text) {
    registry = *ReadDump(dump, diags);
    EXPECT_TRUE(sources.AddPlist("Info.plist", Plist(personalities), diags));
    result = MatchAll(registry, sources.personalities());
  }
  const DeviceResult& Device(const std::string& name) const {
    for (const DeviceResult& d : result.devices) {
      if (registry.entries[d.entry].name == name) return d;
    }
    ADD_FAILURE() << "no device " << name;
    return result.devices.front();
  }
  const Candidate& Of(const std::string& device, const std::string& p) const {
    for (const Candidate& c : Device(device).candidates) {
      if (c.personality->name == p) return c;
    }
    ADD_FAILURE() << "no candidate " << p;
    return Device(device).candidates.front();
  }
};

TEST(MatchUsb, EveryDeviceTier) {
  Fixture f(
      kUsbDump,
      Personality(
          "T100", "IOUSBHostDevice",
          Int("idVendor", 9025) + Int("idProduct", 67) + Int("bcdDevice", 1)) +
          Personality("T90", "IOUSBHostDevice",
                      Int("idVendor", 9025) + Int("idProduct", 67)) +
          Personality("T60", "IOUSBHostDevice",
                      Int("bDeviceClass", 2) + Int("bDeviceSubClass", 0) +
                          Int("bDeviceProtocol", 0)) +
          Personality("T50", "IOUSBHostDevice",
                      Int("bDeviceClass", 2) + Int("bDeviceSubClass", 0)) +
          Personality("T80", "IOUSBHostDevice",
                      Int("idVendor", 9025) + Int("bDeviceSubClass", 0) +
                          Int("bDeviceProtocol", 0)) +
          Personality("Bad", "IOUSBHostDevice", Int("idVendor", 9025)));
  EXPECT_EQ(*f.Of("Uno@14200000", "T100").score, 100000);
  EXPECT_EQ(*f.Of("Uno@14200000", "T90").score, 90000);
  EXPECT_EQ(*f.Of("Uno@14200000", "T60").score, 60000);
  EXPECT_EQ(*f.Of("Uno@14200000", "T50").score, 50000);
  EXPECT_EQ(f.Of("Uno@14200000", "T100").reason,
            "QA1076 tier 100000 (idVendor+idProduct+bcdDevice)");
  // idVendor + subclass needs a vendor-specific (0xFF) device class.
  EXPECT_FALSE(f.Of("Uno@14200000", "T80").matches);
  EXPECT_EQ(f.Of("Uno@14200000", "T80").reason,
            "tier 80000 (idVendor + subclass) needs a vendor-specific device, "
            "but bDeviceClass is 2");
  EXPECT_FALSE(f.Of("Uno@14200000", "Bad").matches);
  EXPECT_EQ(f.Of("Uno@14200000", "Bad").reason,
            "idVendor is not a QA1076 combination, so the family never "
            "matches it (use " +
                apple::UsbCombinations(apple::UsbLevel::kDevice) + ")");
  EXPECT_EQ(f.Device("Uno@14200000").Winner()->personality->name, "T100");
}

TEST(MatchUsb, InterfaceTiersWildcardMaskArrayAndProbeScore) {
  Fixture f(
      kUsbDump,
      Personality("I90", "IOUSBHostInterface",
                  Int("idVendor", 9025) + Int("idProduct", 67) +
                      Int("bInterfaceNumber", 0) +
                      Str("bConfigurationValue", "*") +
                      Int("IOProbeScore", 2000)) +
          Personality("I80", "IOUSBHostInterface",
                      Int("idVendor", 9025) + Int("bInterfaceSubClass", 2) +
                          Int("bInterfaceProtocol", 1)) +
          Personality("Array", "IOUSBHostInterface",
                      Int("idVendor", 9025) +
                          "<key>idProductArray</key><array><integer>66</"
                          "integer><integer>67</integer></array>" +
                          Int("bInterfaceNumber", 0) +
                          Int("bConfigurationValue", 1)) +
          Personality("Mask", "IOUSBHostInterface",
                      Int("idVendor", 9025) + Int("idProduct", 0x40) +
                          Int("idProductMask", 0xF0) +
                          Int("bInterfaceNumber", 0) +
                          Int("bConfigurationValue", 1)) +
          Personality("Other", "IOUSBHostInterface",
                      Int("idVendor", 9025) + Int("idProduct", 66) +
                          Int("bInterfaceNumber", 0) +
                          Int("bConfigurationValue", 1)));
  const std::string i = "IOUSBHostInterface@0";
  EXPECT_EQ(*f.Of(i, "I90").score, 90000 + 2000 - 1000);
  EXPECT_EQ(f.Of(i, "I90").reason,
            "QA1076 tier 90000 (idVendor+idProduct+bInterfaceNumber+"
            "bConfigurationValue) + IOProbeScore 2000 - 1000 for \"*\"");
  EXPECT_EQ(*f.Of(i, "I80").score, 80000);
  EXPECT_EQ(*f.Of(i, "Array").score, 90000);
  EXPECT_EQ(*f.Of(i, "Mask").score, 90000 - 500);
  EXPECT_FALSE(f.Of(i, "Other").matches);
  EXPECT_EQ(f.Of(i, "Other").reason, "idProduct 66 ≠ device 67");
  EXPECT_EQ(f.Device(i).Winner()->personality->name, "I90");
}

TEST(MatchPci, MasksAndRegisters) {
  Fixture f(kPciDump,
            Personality("Primary", "IOPCIDevice",
                        Str("IOPCIPrimaryMatch", "0xa7218086")) +
                Personality("Masked", "IOPCIDevice",
                            Str("IOPCIMatch", "0x00008086&0x0000ffff") +
                                Int("IOProbeScore", 10)) +
                Personality("Sub", "IOPCIDevice",
                            Str("IOPCISecondaryMatch", "0x0c1d1028")) +
                Personality("Class", "IOPCIDevice",
                            Str("IOPCIClassMatch", "0x03000000&0xff000000")) +
                Personality("Miss", "IOPCIDevice",
                            Str("IOPCIPrimaryMatch", "0x12348086 0x56788086")));
  const std::string g = "GFX0@2";
  EXPECT_TRUE(f.Of(g, "Primary").matches);
  EXPECT_EQ(f.Of(g, "Primary").reason,
            "IOPCIPrimaryMatch 0xa7218086 matches device/vendor 0xa7218086");
  EXPECT_TRUE(f.Of(g, "Masked").matches);
  EXPECT_TRUE(f.Of(g, "Sub").matches);
  EXPECT_EQ(f.Of(g, "Class").reason,
            "IOPCIClassMatch 0x03000000&0xff000000 matches class 0x03000004");
  EXPECT_FALSE(f.Of(g, "Miss").matches);
  EXPECT_EQ(f.Of(g, "Miss").reason,
            "IOPCIPrimaryMatch \"0x12348086 0x56788086\" ≠ device "
            "device/vendor 0xa7218086");
  EXPECT_EQ(f.Device(g).Winner()->personality->name, "Masked");
  // The driver node under the device is not a device, and tells what won.
  EXPECT_EQ(f.result.devices.size(), 1u);
  ASSERT_EQ(f.Device(g).attached.size(), 1u);
  EXPECT_EQ(f.Device(g).attached[0].io_class, "AppleIntelFramebuffer");
}

TEST(MatchName, IONameMatchAgainstCompatibleAndName) {
  Fixture f(
      kPciDump,
      Personality("Compat", "IOPCIDevice", Str("IONameMatch", "pci8086,a721")) +
          Personality("Name", "IOPCIDevice",
                      "<key>IONameMatch</key><array><string>x</string>"
                      "<string>display</string></array>") +
          Personality("None", "IOPCIDevice",
                      Str("IONameMatch", "pci8086,9bc4")));
  EXPECT_EQ(f.Of("GFX0@2", "Compat").reason, "IONameMatch \"pci8086,a721\"");
  EXPECT_EQ(f.Of("GFX0@2", "Name").reason, "IONameMatch \"display\"");
  EXPECT_EQ(f.Of("GFX0@2", "None").reason,
            "IONameMatch pci8086,9bc4 ≠ device names pci1028,c1d, "
            "pci8086,a721, pciclass,030000, display, GFX0");
}

TEST(MatchProperty, PropertyMatchDictArrayAndExists) {
  Fixture f(
      kPciDump,
      Personality("Data", "IOPCIDevice",
                  "<key>IOPropertyMatch</key><dict><key>built-in</key>"
                  "<data>AA==</data></dict>") +
          Personality("AnyOf", "IOPCIDevice",
                      "<key>IOPropertyMatch</key><array><dict><key>name</"
                      "key><string>nope</string></dict><dict><key>name</"
                      "key><string>display</string></dict></array>") +
          Personality("Exists", "IOPCIDevice",
                      Str("IOPropertyExistsMatch", "AAPL,ig-platform-id")));
  EXPECT_TRUE(f.Of("GFX0@2", "Data").matches);
  // OSData <"display"> equals the OSString "display".
  EXPECT_TRUE(f.Of("GFX0@2", "AnyOf").matches);
  EXPECT_EQ(f.Of("GFX0@2", "Exists").reason,
            "IOPropertyExistsMatch AAPL,ig-platform-id: the device has no such "
            "property");
}

TEST(MatchCategory, OneWinnerPerCategory) {
  Fixture f(
      kPciDump,
      Personality("Low", "IOPCIDevice", Int("IOProbeScore", 100)) +
          Personality("High", "IOPCIDevice", Int("IOProbeScore", 900)) +
          Personality("Side", "IOPCIDevice", Str("IOMatchCategory", "Other")) +
          Personality("Service", "IOService", ""));
  const DeviceResult& d = f.Device("GFX0@2");
  EXPECT_EQ(d.Winner()->personality->name, "High");
  EXPECT_TRUE(f.Of("GFX0@2", "Side").winner);
  EXPECT_FALSE(f.Of("GFX0@2", "Low").winner);
  EXPECT_EQ(*f.Of("GFX0@2", "Service").score, 0);
}

constexpr char kHidDump[] =
    "+-o Root  <class IORegistryEntry, id 0x100000100, retain 14>\n"
    "  +-o IOHIDInterface  <class IOHIDInterface, id 0x100000414>\n"
    "      {\n"
    "        \"VendorID\" = 1452\n"
    "        \"ProductID\" = 832\n"
    "        \"Transport\" = \"USB\"\n"
    "        \"PrimaryUsagePage\" = 1\n"
    "        \"PrimaryUsage\" = 6\n"
    "        \"DeviceUsagePairs\" = "
    "({\"DeviceUsagePage\"=1,\"DeviceUsage\"=6},{\"DeviceUsagePage\"=12,"
    "\"DeviceUsage\"=1})\n"
    "      }\n";

TEST(MatchHid, KeysAndTheirScores) {
  const std::string pairs =
      "<key>DeviceUsagePairs</key><array><dict><key>DeviceUsagePage</key>"
      "<integer>12</integer><key>DeviceUsage</key><integer>1</integer></dict>"
      "</array>";
  Fixture f(
      kHidDump,
      Personality("Vendor", "IOHIDInterface",
                  Int("VendorID", 1452) + Int("ProductID", 832) +
                      Str("Transport", "USB")) +
          Personality("Usage", "IOHIDInterface", pairs) +
          Personality("Primary", "IOHIDInterface",
                      Int("PrimaryUsagePage", 1) + Int("PrimaryUsage", 6)) +
          Personality("Other", "IOHIDInterface",
                      Int("VendorID", 1452) + Int("ProductID", 1)));
  const std::string d = "IOHIDInterface";
  EXPECT_EQ(*f.Of(d, "Vendor").score, 7000);
  EXPECT_EQ(f.Of(d, "Vendor").reason,
            "HID VendorID +5000, ProductID +1000, Transport +1000");
  EXPECT_EQ(*f.Of(d, "Usage").score, 1200);
  EXPECT_EQ(*f.Of(d, "Primary").score, 1200);
  EXPECT_EQ(f.Of(d, "Other").reason, "ProductID 1 ≠ device 832");
  EXPECT_EQ(f.Device(d).Winner()->personality->name, "Vendor");
}

TEST(ClassChain, FromTheProviderTable) {
  EXPECT_EQ(
      ClassChain("IOUSBInterface"),
      (std::vector<std::string>{"IOUSBInterface", "IOUSBNub", "IOService"}));
  EXPECT_EQ(ClassChain("IOPCIDevice"),
            (std::vector<std::string>{"IOPCIDevice", "IOService"}));
  EXPECT_EQ(ClassChain("IOACPIPlatformDevice"),
            (std::vector<std::string>{"IOACPIPlatformDevice",
                                      "IOPlatformDevice", "IOService"}));
  EXPECT_EQ(ClassChain("IONDRVFramebuffer"),
            (std::vector<std::string>{"IONDRVFramebuffer", "IOFramebuffer",
                                      "IOGraphicsDevice", "IOService"}));
  EXPECT_EQ(ClassChain("IOMedia"),
            (std::vector<std::string>{"IOMedia", "IOStorage", "IOService"}));
  EXPECT_EQ(ClassChain("AppleVendorThing"),
            (std::vector<std::string>{"AppleVendorThing", "IOService"}));
  std::vector<std::string> host = ClassChain("IOUSBHostDevice");
  EXPECT_TRUE(ProviderApplies("IOUSBDevice", host));
  EXPECT_FALSE(ProviderApplies("IOPCIDevice", host));
}

TEST(MatchUnmatched, NearestMiss) {
  Fixture f(
      kPciDump,
      Personality("Usb", "IOUSBHostDevice", Int("idVendor", 1)) +
          Personality("Pci", "IOPCIDevice", Str("IONameMatch", "nothing")));
  ASSERT_EQ(f.result.unmatched.size(), 2u);
  EXPECT_EQ(f.result.unmatched[0].nearest_miss,
            "no device of class IOUSBHostDevice or a subclass in the dump");
  EXPECT_EQ(f.result.unmatched[1].nearest_miss,
            "GFX0@2: IONameMatch nothing ≠ device names pci1028,c1d, "
            "pci8086,a721, pciclass,030000, display, GFX0");
}

TEST(MatchSources, APlistWithoutPersonalitiesIsALocatedError) {
  Sources sources;
  diag::Diagnostics diags;
  EXPECT_FALSE(sources.AddPlist(
      "x.plist", "<plist><dict><key>a</key><true/></dict></plist>", diags));
  EXPECT_EQ(diag::RenderText(diags.all()),
            "x.plist:1:8: error: this plist has neither IOKitPersonalities "
            "nor _PrelinkInfoDictionary, so it holds no personalities; give a "
            "kext's or dext's Info.plist or a prelinked dictionary "
            "[source-format]\n");
}

}  // namespace
}  // namespace codeless::match
