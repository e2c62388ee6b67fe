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

TEST(GeneratedOutputTest, MatchFamilyIsReportedOnceAtTheDescriptor) {
  base::InMemoryFileSystem fs;
  fs.files["d.json"] = R"({
  "formatVersion": 1,
  "bundle": { "identifier": "com.acme.driver.AcmeMouse", "name": "AcmeMouse",
              "version": "1.2.0" },
  "kext": { "driver": "IOHIDEventDriver" },
  "personalities": [
    { "name": "AcmeMouse", "provider": "IOHIDInterface",
      "match": { "VendorID": "0x1234", "ProductID": 22136, "idVendor": 1 } }
  ]
}
)";
  driver::Options options;
  options.descriptor_path = "d.json";
  options.output_dir = "out";
  driver::RunResult result = driver::Run(options, fs);
  EXPECT_EQ(result.exit_code, driver::kExitOk);
  EXPECT_EQ(diag::RenderText(result.diagnostics),
            "d.json:8:60: warning: \"idVendor\" is a USB matching key, but "
            "provider IOHIDInterface is a HID class and never looks at it; "
            "remove the key or change the provider [desc-match-family]\n");
}

}  // namespace
}  // namespace codeless::validate
