// Arch variants of top-level OS*/IO* keys (domain.md §3.2): the loader
// prefers OSBundleRequired_x86_64 to OSBundleRequired on x86_64, so each
// variant is checked like its plain key and reported at the variant.
#include <gtest/gtest.h>

#include <string>

#include "unit/validate/validate_test_support.h"

namespace codeless::validate {
namespace {

using namespace fixtures;  // NOLINT: the builders

TEST(ArchVariantsTest, KextBundleRequiredVariantsAreChecked) {
  EXPECT_EQ(
      ValidateInfo(Kext(Personality("P", UsbBody()),
                        String("OSBundleRequired", "Root") +
                            String("OSBundleRequired_arm64", "Root") +
                            String("OSBundleRequired_x86_64", "DriverKit"))),
      "f.plist:10:35: error: OSBundleRequired_x86_64 is \"DriverKit\", "
      "which only dexts may use; a kext may use Root, Local-Root, "
      "Network-Root, Safe Boot or Console [bundle-required]\n");
}

TEST(ArchVariantsTest, VariantsHaveThePlainKeysType) {
  EXPECT_EQ(ValidateInfo(Kext(Personality("P", UsbBody()),
                              Integer("OSBundleRequired_x86_64", 1) +
                                  "<key>OSBundleAllowUserLoad_arm64</key>"
                                  "<string>YES</string>\n" +
                                  Integer("OSBundleUnknownKey_arm64", 1))),
            "f.plist:8:35: error: OSBundleRequired_x86_64 must be a <string>, "
            "not an <integer> [bundle-type]\n"
            "f.plist:9:39: error: OSBundleAllowUserLoad_arm64 must be <true/> "
            "or <false/>, not a <string> [bundle-type]\n");
}

TEST(ArchVariantsTest, CompatibleVersionVariantsAreChecked) {
  EXPECT_EQ(
      ValidateInfo(Kext(Personality("P", UsbBody()),
                        String("OSBundleCompatibleVersion_x86_64", "2.0"))),
      "f.plist:8:44: error: OSBundleCompatibleVersion_x86_64 \"2.0\" is "
      "above CFBundleVersion \"1.0.0\"; the loader requires it to be at "
      "most the current version [bundle-compatible-version]\n");
}

TEST(ArchVariantsTest, ThirdPartyDextMayNotDeclareAVariant) {
  EXPECT_EQ(ValidateInfo(Dext(Personality("P", DextUsbBody()),
                              String("OSBundleRequired_x86_64", "Root"))),
            "f.plist:10:1: error: third-party dexts may not declare "
            "OSBundleRequired_x86_64: they cannot run in Safe Boot or match "
            "during early boot, and the loader refuses them; remove it "
            "[dext-bundle-required]\n");
}

TEST(ArchVariantsTest, AppleDextVariantValuesAreChecked) {
  std::string apple = Replace(
      Replace(Dext(Personality("P", DextUsbBody()),
                   String("OSBundleRequired_arm64", "DriverKit") +
                       String("OSBundleRequired_x86_64", "Root")),
              "<string>com.acme.driver</string>",
              "<string>com.apple.driver</string>"),
      "<string>com.acme.driver</string>", "<string>com.apple.driver</string>");
  EXPECT_EQ(ValidateInfo(apple),
            "f.plist:11:35: error: OSBundleRequired_x86_64 is \"Root\"; an "
            "Apple dext may use only DriverKit or Safe Boot "
            "[bundle-required]\n");
}

}  // namespace
}  // namespace codeless::validate
