#include "codeless/resolve/entitlements.h"

#include <gtest/gtest.h>

#include "codeless/plist/xml_writer.h"
#include "support/descriptor_fixture.h"

namespace codeless::resolve {
namespace {

using testing::BundledCatalog;
using testing::DextDescriptor;
using testing::ReadDescriptor;

constexpr std::string_view kHeader =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
    "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
    "<plist version=\"1.0\">\n";

struct Derived {
  std::string xml;
  std::string diagnostics;
  bool ok = false;
};

Derived Derive(const std::string& json, bool merge = true) {
  ReadDescriptor read(json);
  Derived result;
  if (!read.descriptor) return result;
  const catalog::DextClass* superclass =
      BundledCatalog().FindDextClass(read.descriptor->dext->superclass.value);
  diag::Diagnostics diags;
  plist::Dict entitlements;
  DeriveEntitlements(*read.descriptor, superclass, entitlements, diags);
  if (merge) MergeExtraEntitlements(*read.descriptor, entitlements, diags);
  result.ok = !diags.has_errors();
  result.xml = plist::WriteXml(plist::Value(std::move(entitlements)));
  result.diagnostics = diag::RenderText(diags.all());
  return result;
}

TEST(EntitlementsTest, UsbGetsOneIdVendorDictPerDistinctVendorInOrder) {
  Derived d = Derive(DextDescriptor("IOService", R"([
    {"name": "B", "provider": "IOUSBHostDevice", "match": {"idVendor": "0x1209", "idProduct": 2}},
    {"name": "A", "provider": "IOUSBHostDevice", "match": {"idVendor": "0x05ac", "idProduct": 1}},
    {"name": "C", "provider": "IOUSBHostInterface",
     "match": {"idVendor": 4617, "idProduct": 3, "bConfigurationValue": 1, "bInterfaceNumber": 0}},
    {"name": "K", "provider": "IOUSBHostDevice", "match": {"idVendor": 1, "idProduct": 1},
     "targets": ["kext"]}
  ])"));
  EXPECT_TRUE(d.ok);
  EXPECT_EQ(d.diagnostics, "");
  EXPECT_EQ(d.xml,
            std::string(kHeader) +
                "<dict>\n"
                "\t<key>com.apple.developer.driverkit</key>\n"
                "\t<true/>\n"
                "\t<key>com.apple.developer.driverkit.transport.usb</key>\n"
                "\t<array>\n"
                "\t\t<dict>\n"
                "\t\t\t<key>idVendor</key>\n"
                "\t\t\t<integer>1452</integer>\n"
                "\t\t</dict>\n"
                "\t\t<dict>\n"
                "\t\t\t<key>idVendor</key>\n"
                "\t\t\t<integer>4617</integer>\n"
                "\t\t</dict>\n"
                "\t</array>\n"
                "\t<key>com.apple.security.app-sandbox</key>\n"
                "\t<true/>\n"
                "</dict>\n"
                "</plist>\n");
}

TEST(EntitlementsTest, PciGetsOneVendorMaskedPrimaryMatchPerVendor) {
  // IOPCIPrimaryMatch wins over IOPCIMatch in the same personality (both
  // must match); without it, IOPCIMatch names the vendors.
  Derived d = Derive(DextDescriptor("IOService", R"([
    {"name": "A", "provider": "IOPCIDevice",
     "match": {"IOPCIMatch": "0x00789004&0x00ffffff 0x78009004&0xff00ffff"}},
    {"name": "B", "provider": "IOPCIDevice",
     "match": {"IOPCIPrimaryMatch": [{"vendor": "0x10b5", "device": "0x87d0"}],
               "IOPCIMatch": "0x12348086"}}
  ])"));
  EXPECT_TRUE(d.ok);
  EXPECT_EQ(d.diagnostics, "");
  EXPECT_EQ(d.xml,
            std::string(kHeader) +
                "<dict>\n"
                "\t<key>com.apple.developer.driverkit</key>\n"
                "\t<true/>\n"
                "\t<key>com.apple.developer.driverkit.transport.pci</key>\n"
                "\t<array>\n"
                "\t\t<dict>\n"
                "\t\t\t<key>IOPCIPrimaryMatch</key>\n"
                "\t\t\t<string>0x000010b5&amp;0x0000ffff</string>\n"
                "\t\t</dict>\n"
                "\t\t<dict>\n"
                "\t\t\t<key>IOPCIPrimaryMatch</key>\n"
                "\t\t\t<string>0x00009004&amp;0x0000ffff</string>\n"
                "\t\t</dict>\n"
                "\t</array>\n"
                "\t<key>com.apple.security.app-sandbox</key>\n"
                "\t<true/>\n"
                "</dict>\n"
                "</plist>\n");
}

TEST(EntitlementsTest, HidGetsTransportHidAndTheFamilyEntitlementOfIOClass) {
  Derived d = Derive(DextDescriptor("IOUserHIDEventDriver", R"([
    {"name": "A", "provider": "IOHIDInterface", "match": {"VendorID": 1133}}
  ])"));
  EXPECT_TRUE(d.ok);
  EXPECT_EQ(
      d.xml,
      std::string(kHeader) +
          "<dict>\n"
          "\t<key>com.apple.developer.driverkit</key>\n"
          "\t<true/>\n"
          "\t<key>com.apple.developer.driverkit.family.hid.eventservice</key>\n"
          "\t<true/>\n"
          "\t<key>com.apple.developer.driverkit.transport.hid</key>\n"
          "\t<true/>\n"
          "\t<key>com.apple.security.app-sandbox</key>\n"
          "\t<true/>\n"
          "</dict>\n"
          "</plist>\n");
}

TEST(EntitlementsTest, IOUserResourcesNeedsNoTransport) {
  Derived d = Derive(DextDescriptor("IOService", R"([
    {"name": "A", "provider": "IOUserResources", "match": {}}
  ])"));
  EXPECT_TRUE(d.ok);
  EXPECT_EQ(d.xml, std::string(kHeader) +
                       "<dict>\n"
                       "\t<key>com.apple.developer.driverkit</key>\n"
                       "\t<true/>\n"
                       "\t<key>com.apple.security.app-sandbox</key>\n"
                       "\t<true/>\n"
                       "</dict>\n"
                       "</plist>\n");
}

TEST(EntitlementsTest, RefusesUsbPersonalitiesWithoutAConcreteVendor) {
  Derived d = Derive(DextDescriptor("IOService", R"([
    {"name": "NoVendor", "provider": "IOUSBHostInterface",
     "match": {"bInterfaceClass": 3, "bInterfaceSubClass": 1}},
    {"name": "AnyVendor", "provider": "IOUSBHostDevice", "match": {"idVendor": "*", "idProduct": 1}},
    {"name": "Fine", "provider": "IOUSBHostDevice", "match": {"idVendor": 7, "idProduct": 1}}
  ])"));
  EXPECT_FALSE(d.ok);
  EXPECT_EQ(d.diagnostics,
            "d.json:8:15: error: personality \"NoVendor\" on "
            "IOUSBHostInterface has no "
            "\"idVendor\", so no transport.usb entitlement can cover it: Apple "
            "provisions "
            "com.apple.developer.driverkit.transport.usb by vendor ID; add "
            "\"idVendor\" with the "
            "vendor ID Apple granted you to its \"match\" [ent-transport]\n"
            "d.json:9:80: error: personality \"AnyVendor\" on IOUSBHostDevice "
            "matches any vendor "
            "(\"idVendor\": \"*\"), so no transport.usb entitlement can cover "
            "it: Apple provisions "
            "com.apple.developer.driverkit.transport.usb by vendor ID; replace "
            "\"*\" with the "
            "vendor ID Apple granted you [ent-transport]\n");
  // What could be derived is kept.
  EXPECT_NE(d.xml.find("<integer>7</integer>"), std::string::npos);
}

TEST(EntitlementsTest, RefusesPciMatchesThatDoNotPinTheVendor) {
  Derived d = Derive(DextDescriptor("IOService", R"([
    {"name": "Masked", "provider": "IOPCIDevice", "match": {"IOPCIPrimaryMatch": "0x12348086&0xffff00ff"}},
    {"name": "ClassOnly", "provider": "IOPCIDevice", "match": {"IOPCIClassMatch": "0x02000000&0xffff0000"}}
  ])"));
  EXPECT_FALSE(d.ok);
  EXPECT_EQ(d.diagnostics,
            "d.json:7:82: error: \"IOPCIPrimaryMatch\" entry "
            "\"0x12348086&0xffff00ff\" of "
            "personality \"Masked\" does not pin the vendor ID (the low 16 "
            "bits of its mask are "
            "not 0xffff), so no transport.pci entitlement, which Apple grants "
            "per vendor ID, can "
            "cover it; match an exact vendor ID [ent-transport]\n"
            "d.json:8:63: error: personality \"ClassOnly\" on IOPCIDevice has "
            "neither "
            "\"IOPCIPrimaryMatch\" nor \"IOPCIMatch\", so codeless cannot "
            "derive the transport.pci "
            "entitlement, which Apple grants per vendor ID; add "
            "\"IOPCIPrimaryMatch\" with your "
            "vendor ID to its \"match\" [ent-transport]\n");
}

TEST(EntitlementsTest, MergesExtraKeysAndEqualValuesInAnyOrder) {
  Derived d = Derive(DextDescriptor("IOService", R"([
    {"name": "A", "provider": "IOUSBHostDevice", "match": {"idVendor": 1, "idProduct": 1}},
    {"name": "B", "provider": "IOUSBHostDevice", "match": {"idVendor": 2, "idProduct": 1}}
  ])",
                                    R"(, "entitlements": {
    "com.apple.developer.driverkit": true,
    "com.apple.developer.driverkit.transport.usb": [{"idVendor": 2}, {"idVendor": 1}],
    "com.apple.developer.driverkit.builtin": true
  })"));
  EXPECT_TRUE(d.ok);
  EXPECT_EQ(d.diagnostics, "");
  EXPECT_EQ(d.xml,
            std::string(kHeader) +
                "<dict>\n"
                "\t<key>com.apple.developer.driverkit</key>\n"
                "\t<true/>\n"
                "\t<key>com.apple.developer.driverkit.builtin</key>\n"
                "\t<true/>\n"
                "\t<key>com.apple.developer.driverkit.transport.usb</key>\n"
                "\t<array>\n"
                "\t\t<dict>\n"
                "\t\t\t<key>idVendor</key>\n"
                "\t\t\t<integer>1</integer>\n"
                "\t\t</dict>\n"
                "\t\t<dict>\n"
                "\t\t\t<key>idVendor</key>\n"
                "\t\t\t<integer>2</integer>\n"
                "\t\t</dict>\n"
                "\t</array>\n"
                "\t<key>com.apple.security.app-sandbox</key>\n"
                "\t<true/>\n"
                "</dict>\n"
                "</plist>\n");
}

TEST(EntitlementsTest, RefusesExtraValuesThatContradictDerivedOnes) {
  Derived d = Derive(DextDescriptor("IOUserHIDEventDriver", R"([
    {"name": "A", "provider": "IOHIDInterface", "match": {"VendorID": 1}}
  ])",
                                    R"(, "entitlements": {
    "com.apple.security.app-sandbox": false,
    "com.apple.developer.driverkit.family.hid.eventservice": true,
    "com.apple.developer.driverkit.transport.hid": "yes"
  })"));
  EXPECT_FALSE(d.ok);
  EXPECT_EQ(d.diagnostics,
            "d.json:8:52: error: \"dext.entitlements\" sets "
            "\"com.apple.developer.driverkit.transport.hid\" to \"yes\", but "
            "codeless derives true "
            "because personalities match a HID provider; remove this key, "
            "codeless sets it "
            "[desc-entitlement-conflict]\n"
            "d.json:6:39: error: \"dext.entitlements\" sets "
            "\"com.apple.security.app-sandbox\" to "
            "false, but codeless derives true because a dext runs in the app "
            "sandbox; remove this "
            "key, codeless sets it [desc-entitlement-conflict]\n");
}

TEST(EntitlementsTest, ExplainsAConflictingTransportArray) {
  Derived d = Derive(DextDescriptor("IOService", R"([
    {"name": "A", "provider": "IOUSBHostDevice", "match": {"idVendor": 1, "idProduct": 1}}
  ])",
                                    R"(, "entitlements": {
    "com.apple.developer.driverkit.transport.usb": [{"idVendor": 1, "idProduct": 1}]
  })"));
  EXPECT_FALSE(d.ok);
  EXPECT_EQ(
      d.diagnostics,
      "d.json:6:52: error: \"dext.entitlements\" sets "
      "\"com.apple.developer.driverkit.transport.usb\" to [{idProduct: 1, "
      "idVendor: 1}], but "
      "codeless derives [{idVendor: 1}] because it covers the USB vendors the "
      "personalities "
      "match; the kernel checks every match against this entitlement and Apple "
      "provisions "
      "it per vendor, so codeless keeps the one derived from the "
      "personalities: change "
      "their \"match\" and remove this key [desc-entitlement-conflict]\n");
}

}  // namespace
}  // namespace codeless::resolve
