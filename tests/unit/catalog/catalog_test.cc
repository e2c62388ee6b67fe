// The bundled catalog: the classes of Apple's personalities in the corpus's
// prelinked dictionary are in it, several bundles for a class that several
// kexts name (the first is the one generate writes), and the exact
// `catalog --format json` entry of a multi-bundle class.
#include "codeless/catalog/catalog.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace codeless::catalog {
namespace {

TEST(CatalogTest, ClassesOfThePrelinkedDictionaryAreKnown) {
  Catalog catalog = Catalog::Bundled();
  EXPECT_EQ(catalog.kext_classes().size(), 331u);
  const KextClass* smbios = catalog.FindKextClass("AppleSMBIOS");
  ASSERT_NE(smbios, nullptr);
  EXPECT_EQ(smbios->bundle(), "com.apple.driver.AppleSMBIOS");
  ASSERT_EQ(smbios->providers.size(), 1u);
  EXPECT_EQ(smbios->providers[0], "IOPlatformDevice");
  // A DriverKit proxy: the kernel bundle defines it.
  const KextClass* ethernet = catalog.FindKextClass("IOUserNetworkEthernet");
  ASSERT_NE(ethernet, nullptr);
  EXPECT_EQ(ethernet->bundle(), "com.apple.iokit.IOSkywalkFamily");
  EXPECT_TRUE(catalog.KnowsClass("AppleIntelLpssI2C"));  // a provider
}

TEST(CatalogTest, MultiBundleClassWritesItsFirstBundle) {
  Catalog catalog = Catalog::Bundled();
  const KextClass* composite =
      catalog.FindKextClass("AppleUSBHostCompositeDevice");
  ASSERT_NE(composite, nullptr);
  ASSERT_EQ(composite->bundles.size(), 2u);
  EXPECT_EQ(composite->bundle(),
            "com.apple.driver.usb.AppleUSBHostCompositeDevice");
  EXPECT_TRUE(composite->DefinedBy("com.apple.driver.AppleUSBComposite"));
  EXPECT_FALSE(composite->DefinedBy("com.apple.driver.usb.ethernet.asix"));
}

TEST(CatalogTest, JsonOfAMultiBundleClass) {
  auto document = nlohmann::ordered_json::parse(Catalog::Bundled().ToJson());
  const nlohmann::ordered_json* found = nullptr;
  for (const auto& entry : document["kext"]) {
    if (entry["class"] == "AppleIRController") found = &entry;
  }
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->dump(2), R"({
  "class": "AppleIRController",
  "bundle": "com.apple.driver.AppleIRController",
  "bundles": [
    "com.apple.driver.AppleIRController",
    "com.apple.driver.AppleUSBComposite"
  ],
  "providers": [
    "IOUSBHostInterface",
    "IOUSBInterface"
  ],
  "macos": {
    "introduced": null,
    "removed": null
  },
  "notes": "seen in macOS 10.15.3 prelinked kernel, iMac12,1 ioreg; Apple IR personalities on AppleUSBHostCompositeDevice name com.apple.driver.AppleUSBComposite instead; so both bundles are listed, the defining one first"
})");
}

}  // namespace
}  // namespace codeless::catalog
