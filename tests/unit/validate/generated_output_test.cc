// What `generate` reports about its own output: a problem the descriptor
// reader already reported at the descriptor is not reported again at the
// output, which is never written when it matters and never read by users.
#include <gtest/gtest.h>

#include <string>

#include "support/in_memory_file_system.h"
#include "codeless/diag/render.h"
#include "codeless/driver/run.h"
#include "unit/validate/validate_test_support.h"

namespace codeless::validate {
namespace {

using namespace fixtures;  // NOLINT: the builders

// A codeless kext personality on a PCI provider with a USB key (line 16).
std::string PciWithUsbKey() {
  return Kext(Personality("P", String("CFBundleIdentifier",
                                      "com.apple.driver.usb.AppleUSBXHCIPCI") +
                                   String("IOClass", "AppleUSBXHCISPT") +
                                   String("IOPCIPrimaryMatch", "0xa2af8086") +
                                   String("IOProviderClass", "IOPCIDevice") +
                                   Integer("idVendor", 4660)));
}

TEST(GeneratedOutputTest, MatchFamilyOnlyForUsersFiles) {
  EXPECT_EQ(ValidateInfo(PciWithUsbKey()),
            "f.plist:16:1: warning: personality \"P\": idVendor is a USB "
            "matching key, but IOProviderClass is a PCI class, which never "
            "looks at it; remove it or match a USB provider [match-family]\n");
  EXPECT_EQ(ValidateFiles(Files{PciWithUsbKey(), "", true, BundleLayout::kFile,
                                std::nullopt}),
            "");
}

// A broad match the descriptor means ("matchAll") is a warning of the
// reader, at the personality's "match"; the validator's match-all is not
// repeated at the Info.plist built from it.
TEST(GeneratedOutputTest, MatchAllIsReportedOnceAtTheDescriptor) {
  base::InMemoryFileSystem fs;
  fs.files["d.json"] = R"({
  "formatVersion": 1,
  "bundle": { "identifier": "com.acme.driver.AcmeProbe", "name": "AcmeProbe",
              "version": "1.2.0" },
  "kext": { "driver": "AppleUSBXHCISPT" },
  "personalities": [
    { "name": "Every PCI device", "provider": "IOPCIDevice",
      "match": {}, "matchAll": true }
  ]
}
)";
  driver::Options options;
  options.descriptor_path = "d.json";
  options.output_dir = "out";
  driver::RunResult result = driver::Run(options, fs);
  EXPECT_EQ(result.exit_code, driver::kExitOk);
  EXPECT_EQ(diag::RenderText(result.diagnostics),
            "d.json:8:7: warning: personality \"Every PCI device\" matches "
            "every IOPCIDevice (\"matchAll\": true): its driver attaches to "
            "every such device [desc-match-all]\n");
  EXPECT_TRUE(fs.files.count("out/AcmeProbe.kext/Contents/Info.plist"));
}

}  // namespace
}  // namespace codeless::validate
