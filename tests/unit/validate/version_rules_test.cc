// CFBundleVersion and OSBundleCompatibleVersion in a plist: the kernel's
// version grammar, and the length limit only where the loader has it.
#include <gtest/gtest.h>

#include <string>

#include "unit/validate/validate_test_support.h"

namespace codeless::validate {
namespace {

using namespace fixtures;  // NOLINT: the builders

std::string WithVersion(std::string_view version,
                        std::string_view compatible = "") {
  std::string info =
      Replace(Kext(Personality("P", UsbBody())), "<string>1.0.0</string>",
              "<string>" + std::string(version) + "</string>");
  if (!compatible.empty()) {
    info = Replace(info, "<key>IOKitPersonalities</key>",
                   "<key>OSBundleCompatibleVersion</key><string>" +
                       std::string(compatible) +
                       "</string>\n<key>IOKitPersonalities</key>");
  }
  return info;
}

TEST(VersionRulesTest, AcceptsWhatTheKernelParses) {
  // OSKextParseVersionString reads each as a version (1.0, 1.0.2, 1.0b1,
  // 1.2.3456); none is an error in a plist.
  for (std::string_view version : {"1.", "1..2", "1.b1", "1.2.3456."}) {
    std::string report = ValidateInfo(WithVersion(version));
    EXPECT_EQ(report.find("[bundle-version]"), std::string::npos)
        << version << "\n"
        << report;
  }
}

TEST(VersionRulesTest, AttributesTheLengthLimitToUserspace) {
  // 64 characters, the parsed part "1.0" and the rest after a space.
  std::string version = "1.0 " + std::string(60, 'x');
  EXPECT_EQ(ValidateInfo(WithVersion(version)),
            "f.plist:7:27: error: CFBundleVersion is 64 characters long; "
            "kextutil and kmutil (IOKitUser's OSKext.c) refuse more than 63, "
            "though the kernel itself has no limit; shorten it "
            "[bundle-version]\n");
  // UTF-16 units count, as CFStringGetLength counts them: "1.0 " and 59
  // "é" are 122 bytes but 63 units.
  std::string accents = "1.0 ";
  for (int i = 0; i < 59; ++i) accents += "\xC3\xA9";
  EXPECT_EQ(ValidateInfo(WithVersion(accents)), "");
  // IOKitUser checks no length of OSBundleCompatibleVersion.
  EXPECT_EQ(ValidateInfo(WithVersion("1.0.0", version)), "");
}

}  // namespace
}  // namespace codeless::validate
