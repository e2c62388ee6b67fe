#include "codeless/emit/dext_emitter.h"

#include <gtest/gtest.h>

#include "support/descriptor_fixture.h"

namespace codeless::emit {
namespace {

using codeless::testing::BundledCatalog;
using codeless::testing::DextDescriptor;
using codeless::testing::ResolveDescriptor;

struct Emitted {
  bool ok = false;
  OutputSet out;
  std::vector<diag::Diagnostic> diagnostics;
  std::string text;  // diagnostics, rendered

  const std::string& File(const std::string& path) const {
    static const std::string kNone = "<missing>";
    auto it = out.files().find(path);
    return it == out.files().end() ? kNone : it->second.bytes;
  }
};

// Reads, resolves and emits: the resolve stage's findings land in
// `diagnostics`, an emitter error (a bug) in `text`.
Emitted Emit(const std::string& json, std::string descriptor_name = "d.json") {
  ResolveDescriptor resolve(json);
  Emitted result;
  result.diagnostics = resolve.diagnostics;
  result.text = resolve.text;
  if (!resolve.resolved) return result;
  EmitContext context{std::move(descriptor_name)};
  std::string error;
  result.ok = DextEmitter().Emit(*resolve.resolved, context, result.out, error);
  result.text += error;
  return result;
}

constexpr std::string_view kUsbPersonality = R"([
  {"name": "P", "provider": "IOUSBHostDevice", "match": {"idVendor": 1, "idProduct": 2}}
])";

TEST(DextEmitterTest, WritesTheFourFilesOfTheDextFolder) {
  Emitted e = Emit(DextDescriptor("IOService", kUsbPersonality));
  ASSERT_TRUE(e.ok) << e.text;
  std::vector<std::string> paths;
  for (const auto& [path, file] : e.out.files()) paths.push_back(path);
  EXPECT_EQ(paths, (std::vector<std::string>{
                       "Test/Info.plist", "Test/Test.entitlements",
                       "Test/TestDriver.cpp", "Test/TestDriver.iig"}));
  EXPECT_EQ(e.out.files().at("Test/Info.plist").kind, FileKind::kDextInfoPlist);
  EXPECT_EQ(e.out.files().at("Test/Test.entitlements").kind,
            FileKind::kEntitlements);
  EXPECT_EQ(e.out.files().at("Test/TestDriver.iig").kind, FileKind::kSource);
}

// The superclasses the issue names as needing code: each must stay refused,
// with the catalog's explanation, on the superclass value.
TEST(DextEmitterTest, RefusesEverySuperclassThatNeedsCode) {
  const std::vector<std::string> needs_code = {
      "IOUserSerial",
      "IOUserUSBSerial",
      "IOUserNetworkEthernet",
      "IOUserAudioDriver",
      "IOUserHIDDevice",
      "IOUserHIDEventService",
      "IOUserSCSIParallelInterfaceController"};
  std::vector<std::string> refused_in_catalog;
  for (const catalog::DextClass& entry : BundledCatalog().dext_classes()) {
    if (!entry.empty_subclass) {
      refused_in_catalog.push_back(std::string(entry.superclass));
    }
  }
  for (const std::string& name : needs_code) {
    EXPECT_NE(
        std::find(refused_in_catalog.begin(), refused_in_catalog.end(), name),
        refused_in_catalog.end())
        << name << " must be in the catalog as needing code";
  }
  for (const std::string& name : refused_in_catalog) {
    SCOPED_TRACE(name);
    Emitted e = Emit(DextDescriptor(name, kUsbPersonality));
    EXPECT_FALSE(e.ok);
    EXPECT_TRUE(e.out.empty());
    ASSERT_EQ(e.diagnostics.size(), 1u) << e.text;
    const diag::Diagnostic& d = e.diagnostics[0];
    EXPECT_EQ(d.rule, "desc-superclass");
    EXPECT_EQ(d.line, 5u);  // the "superclass" value
    std::string refusal(BundledCatalog().FindDextClass(name)->refusal);
    EXPECT_TRUE(refusal.starts_with(name + " needs code: ")) << refusal;
    EXPECT_EQ(
        d.message,
        refusal +
            "; a codeless dext is an empty subclass, so it can only subclass "
            "IOService, IOUserHIDEventDriver, IOUserUSBHostHIDDevice");
  }
}

TEST(DextEmitterTest, RefusesAnUnknownSuperclassWithASuggestion) {
  Emitted e = Emit(DextDescriptor("IOUserHIDEventDrivr", kUsbPersonality));
  EXPECT_FALSE(e.ok);
  EXPECT_EQ(e.text,
            "d.json:5:49: error: \"dext.superclass\" \"IOUserHIDEventDrivr\" "
            "is not a DriverKit "
            "class in the catalog (did you mean \"IOUserHIDEventDriver\"?); a "
            "codeless dext can subclass "
            "IOService, IOUserHIDEventDriver, IOUserUSBHostHIDDevice (see "
            "`codeless catalog`) "
            "[desc-superclass]\n");
}

TEST(DextEmitterTest, RefusesAClassNamedLikeADriverKitClass) {
  std::string json = DextDescriptor("IOService", kUsbPersonality);
  json.replace(json.find("TestDriver"), 10, "IOService");
  Emitted e = Emit(json);
  EXPECT_FALSE(e.ok);
  EXPECT_EQ(e.text,
            "d.json:5:21: error: \"dext.class\" \"IOService\" is the name of a "
            "DriverKit class, "
            "its own superclass; give the generated class a name of its own, "
            "such as your "
            "product's name followed by \"Driver\" [desc-cpp-name]\n");
}

TEST(DextEmitterTest, InvertsThePersonalityConventionAndIgnoresTheKextDriver) {
  Emitted e =
      Emit(DextDescriptor("IOUserUSBHostHIDDevice", R"([
    {"name": "P", "provider": "IOUSBHostInterface", "driver": "IOService",
     "match": {"idVendor": 1, "idProduct": 2, "bConfigurationValue": 1, "bInterfaceNumber": 0}}
  ])",
                          R"(, "serverName": "com.acme.driver.Test.server")"));
  ASSERT_TRUE(e.ok) << e.text;
  const std::string& info = e.File("Test/Info.plist");
  for (std::string_view expected :
       {"\t\t\t<key>CFBundleIdentifier</"
        "key>\n\t\t\t<string>com.acme.driver.Test</string>\n",
        "\t\t\t<key>CFBundleIdentifierKernel</key>\n"
        "\t\t\t<string>com.apple.iokit.IOHIDFamily</string>\n",
        "\t\t\t<key>IOClass</key>\n\t\t\t<string>AppleUserHIDDevice</string>\n",
        "\t\t\t<key>IOUserClass</key>\n\t\t\t<string>TestDriver</string>\n",
        "\t\t\t<key>IOUserServerName</key>\n"
        "\t\t\t<string>com.acme.driver.Test.server</string>\n",
        "\t<key>CFBundleExecutable</key>\n\t<string>$(EXECUTABLE_NAME)</"
        "string>\n",
        "\t<key>OSBundleUsageDescription</key>\n\t<string>Test.</string>\n"}) {
    EXPECT_NE(info.find(expected), std::string::npos) << expected << "\nin\n"
                                                      << info;
  }
  EXPECT_EQ(info.find("OSBundleRequired"), std::string::npos);
  EXPECT_EQ(info.find("OSMinimumDriverKitVersion"), std::string::npos);
}

TEST(DextEmitterTest, DefaultsMatchCategoryAndResourceMatchOnIOUserResources) {
  Emitted e = Emit(DextDescriptor("IOService", R"([
    {"name": "Default", "provider": "IOUserResources", "match": {}},
    {"name": "Own", "provider": "IOUserResources", "matchCategory": "mine",
     "match": {"IOResourceMatch": "IOBSD"}}
  ])"));
  ASSERT_TRUE(e.ok) << e.text;
  const std::string& info = e.File("Test/Info.plist");
  EXPECT_NE(info.find("\t\t<key>Default</key>\n"
                      "\t\t<dict>\n"
                      "\t\t\t<key>CFBundleIdentifier</key>\n"
                      "\t\t\t<string>com.acme.driver.Test</string>\n"
                      "\t\t\t<key>CFBundleIdentifierKernel</key>\n"
                      "\t\t\t<string>com.apple.kpi.iokit</string>\n"
                      "\t\t\t<key>IOClass</key>\n"
                      "\t\t\t<string>IOUserService</string>\n"
                      "\t\t\t<key>IOMatchCategory</key>\n"
                      "\t\t\t<string>com.acme.driver.Test</string>\n"
                      "\t\t\t<key>IOProviderClass</key>\n"
                      "\t\t\t<string>IOUserResources</string>\n"
                      "\t\t\t<key>IOResourceMatch</key>\n"
                      "\t\t\t<string>IOKit</string>\n"),
            std::string::npos)
      << info;
  EXPECT_NE(
      info.find(
          "\t\t\t<key>IOMatchCategory</key>\n\t\t\t<string>mine</string>\n"),
      std::string::npos);
  EXPECT_NE(
      info.find(
          "\t\t\t<key>IOResourceMatch</key>\n\t\t\t<string>IOBSD</string>\n"),
      std::string::npos);
}

TEST(DextEmitterTest, RefusesADextWithoutPersonalities) {
  Emitted e =
      Emit(DextDescriptor("IOService", R"([
    {"name": "P", "provider": "IOUSBHostDevice", "match": {"idVendor": 1, "idProduct": 2},
     "targets": ["kext"], "driver": "IOService"}
  ])")
               .replace(0, 1, R"({"kext": {"identifier": "com.acme.kext"},)"));
  EXPECT_FALSE(e.ok);
  EXPECT_EQ(e.text,
            "d.json:6:20: error: no personality is for the dext (each has "
            "\"targets\" without "
            "\"dext\"); a dext without personalities matches nothing "
            "[desc-target]\n");
}

TEST(DextEmitterTest, SourcesHaveABannerWithTheDescriptorNameOnly) {
  Emitted e =
      Emit(DextDescriptor("IOService", kUsbPersonality), "evil\nname.json");
  ASSERT_TRUE(e.ok) << e.text;
  EXPECT_TRUE(e.File("Test/TestDriver.iig")
                  .starts_with("// Generated by codeless from evil?name.json; "
                               "do not edit.\n//\n"));
  EXPECT_TRUE(e.File("Test/TestDriver.cpp")
                  .starts_with("// Generated by codeless from evil?name.json; "
                               "do not edit.\n//\n"));
}

// IOService's proxy needs nothing of the driver: the class stays empty.
TEST(DextEmitterTest, IOServiceSubclassIsEmpty) {
  Emitted e = Emit(DextDescriptor("IOService", kUsbPersonality));
  ASSERT_TRUE(e.ok) << e.text;
  EXPECT_EQ(
      e.File("Test/TestDriver.iig"),
      "// Generated by codeless from d.json; do not edit.\n"
      "//\n"
      "// An empty subclass: the personalities in Info.plist choose the "
      "hardware\n"
      "// and the superclass does all the work. iig turns this file into the\n"
      "// header that the .cpp beside it includes.\n"
      "\n"
      "#ifndef TestDriver_h\n"
      "#define TestDriver_h\n"
      "\n"
      "#include <Availability.h>\n"
      "#include <DriverKit/IOService.iig>\n"
      "\n"
      "class TestDriver : public IOService\n"
      "{\n"
      "};\n"
      "\n"
      "#endif  // TestDriver_h\n");
  EXPECT_EQ(e.File("Test/TestDriver.cpp"),
            "// Generated by codeless from d.json; do not edit.\n"
            "//\n"
            "// The class has no code of its own: this file only includes the "
            "header\n"
            "// that iig generates from the .iig beside it.\n"
            "\n"
            "#include <DriverKit/DriverKit.h>\n"
            "\n"
            "#include \"TestDriver.h\"\n");
}

// The HID proxies wait for RegisterService() (apple-findings.md §1): the
// class overrides Start to call it.
TEST(DextEmitterTest, RegistersTheServiceWhereTheProxyWaitsForIt) {
  Emitted e = Emit(DextDescriptor("IOUserHIDEventDriver", R"([
    {"name": "P", "provider": "IOHIDInterface", "match": {"VendorID": 1}}
  ])"));
  ASSERT_TRUE(e.ok) << e.text;
  EXPECT_EQ(
      e.File("Test/TestDriver.iig"),
      "// Generated by codeless from d.json; do not edit.\n"
      "//\n"
      "// The personalities in Info.plist choose the hardware and the "
      "superclass\n"
      "// does all the work. The one method, Start, registers the service, "
      "which\n"
      "// the superclass's kernel proxy waits for. iig turns this file into "
      "the\n"
      "// header that the .cpp beside it includes.\n"
      "\n"
      "#ifndef TestDriver_h\n"
      "#define TestDriver_h\n"
      "\n"
      "#include <Availability.h>\n"
      "#include <DriverKit/IOService.iig>\n"
      "#include <HIDDriverKit/IOUserHIDEventDriver.iig>\n"
      "\n"
      "class TestDriver : public IOUserHIDEventDriver\n"
      "{\n"
      "public:\n"
      "    virtual kern_return_t Start(IOService * provider) override;\n"
      "};\n"
      "\n"
      "#endif  // TestDriver_h\n");
  EXPECT_EQ(
      e.File("Test/TestDriver.cpp"),
      "// Generated by codeless from d.json; do not edit.\n"
      "//\n"
      "// The class's one method, Start; the header included below is the "
      "one\n"
      "// that iig generates from the .iig beside this file.\n"
      "\n"
      "#include <DriverKit/DriverKit.h>\n"
      "\n"
      "#include \"TestDriver.h\"\n"
      "\n"
      "// The superclass's kernel proxy does not register the service: it "
      "waits\n"
      "// for the driver to call RegisterService(), and the superclass never "
      "does.\n"
      "// Without this Start the device is claimed and left dead.\n"
      "kern_return_t\n"
      "IMPL(TestDriver, Start)\n"
      "{\n"
      "    kern_return_t ret = Start(provider, SUPERDISPATCH);\n"
      "    if (ret == kIOReturnSuccess) {\n"
      "        ret = RegisterService();\n"
      "    }\n"
      "    if (ret != kIOReturnSuccess) {\n"
      "        // DriverKit calls Stop only after a successful Start, but the\n"
      "        // superclass's Start may have opened the provider: Stop closes "
      "it,\n"
      "        // as Apple's own HID drivers do.\n"
      "        Stop(provider);\n"
      "    }\n"
      "    return ret;\n"
      "}\n");
}

// The catalog decides; exactly the two HID superclasses whose proxies turn
// off self-registration get the Start, and it is the same for both.
TEST(DextEmitterTest, OnlyRegistersServiceSuperclassesGetAStart) {
  std::vector<std::string> registering;
  for (const catalog::DextClass& entry : BundledCatalog().dext_classes()) {
    if (entry.registers_service) {
      registering.push_back(std::string(entry.superclass));
    }
  }
  EXPECT_EQ(registering, (std::vector<std::string>{"IOUserHIDEventDriver",
                                                   "IOUserUSBHostHIDDevice"}));
  Emitted event_driver = Emit(DextDescriptor("IOUserHIDEventDriver", R"([
    {"name": "P", "provider": "IOHIDInterface", "match": {"VendorID": 1}}
  ])"));
  Emitted hid_device = Emit(DextDescriptor("IOUserUSBHostHIDDevice", R"([
    {"name": "P", "provider": "IOUSBHostInterface",
     "match": {"idVendor": 1, "idProduct": 2, "bConfigurationValue": 1, "bInterfaceNumber": 0}}
  ])"));
  ASSERT_TRUE(event_driver.ok) << event_driver.text;
  ASSERT_TRUE(hid_device.ok) << hid_device.text;
  EXPECT_EQ(hid_device.File("Test/TestDriver.cpp"),
            event_driver.File("Test/TestDriver.cpp"));
  // The superclass is named twice in the .iig: its header and the base.
  std::string iig = event_driver.File("Test/TestDriver.iig");
  const std::string_view event_driver_name = "IOUserHIDEventDriver";
  for (size_t at = iig.find(event_driver_name); at != std::string::npos;
       at = iig.find(event_driver_name)) {
    iig.replace(at, event_driver_name.size(), "IOUserUSBHostHIDDevice");
  }
  EXPECT_EQ(hid_device.File("Test/TestDriver.iig"), iig);
}

TEST(DextEmitterTest,
     IOServiceSubclassIncludesItsHeaderOnceAndGuardAvoidsDoubleUnderscore) {
  std::string json = DextDescriptor("IOService", kUsbPersonality);
  json.replace(json.find("TestDriver"), 10, "Test_");
  Emitted e = Emit(json);
  ASSERT_TRUE(e.ok) << e.text;
  const std::string& iig = e.File("Test/Test_.iig");
  EXPECT_NE(iig.find("#ifndef Test_h\n#define Test_h\n"), std::string::npos)
      << iig;
  EXPECT_NE(iig.find("#include <DriverKit/IOService.iig>\n\nclass Test_ : "
                     "public IOService\n{\n};\n"),
            std::string::npos)
      << iig;
}

// dext.identifier gives the dext its own CFBundleIdentifier (PRODUCT.md
// §2): the bundle's, its personalities' and, unless serverName says
// otherwise, IOUserServerName.
TEST(DextEmitterTest, DextIdentifierOverridesTheBundleIdentifier) {
  Emitted e =
      Emit(DextDescriptor("IOService", R"([
    {"name": "P", "provider": "IOUSBHostDevice", "match": {"idVendor": 1, "idProduct": 2}}
  ])",
                          R"(, "identifier": "com.acme.driver.Test.dext")"));
  ASSERT_TRUE(e.ok) << e.text;
  const std::string& info = e.File("Test/Info.plist");
  EXPECT_NE(info.find("\t<key>CFBundleIdentifier</key>\n"
                      "\t<string>com.acme.driver.Test.dext</string>\n"),
            std::string::npos);
  EXPECT_NE(info.find("\t\t\t<key>CFBundleIdentifier</key>\n"
                      "\t\t\t<string>com.acme.driver.Test.dext</string>\n"),
            std::string::npos);
  EXPECT_NE(info.find("\t\t\t<key>IOUserServerName</key>\n"
                      "\t\t\t<string>com.acme.driver.Test.dext</string>\n"),
            std::string::npos);
  EXPECT_EQ(info.find("com.acme.driver.Test<"), std::string::npos);
}

}  // namespace
}  // namespace codeless::emit
