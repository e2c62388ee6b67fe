// `codeless import` through driver::Run on an in-memory file system: the
// exact descriptor written for small kexts, what happens to keys only a
// bundle.properties or properties member can carry, `#key`s, plug-ins, dext
// source folders, and every way a bundle fails to round-trip.
#include <gtest/gtest.h>

#include <string>

#include "codeless/diag/render.h"
#include "codeless/driver/run.h"
#include "support/in_memory_file_system.h"

namespace codeless::driver {
namespace {

constexpr std::string_view kHeader =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
    "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
    "<plist version=\"1.0\">\n";

std::string Plist(std::string_view body) {
  return std::string(kHeader) + "<dict>\n" + std::string(body) +
         "</dict>\n</plist>\n";
}

RunResult Import(base::InMemoryFileSystem& fs, std::string path,
                 std::string output = "") {
  Options options;
  options.command = Command::kImport;
  options.paths = {std::move(path)};
  options.import_output = std::move(output);
  return Run(options, fs);
}

std::string Stderr(const RunResult& result) {
  return diag::RenderText(result.diagnostics);
}

// A USB serial adapter as hand-made kexts often are: "English", an extra
// top-level key, no CFBundleShortVersionString.
const std::string kSerialKext = Plist(
    "<key>CFBundleDevelopmentRegion</key><string>English</string>\n"
    "<key>CFBundleGetInfoString</key><string>Acme serial 1.0</string>\n"
    "<key>CFBundleIdentifier</key><string>com.acme.driver.Serial</string>\n"
    "<key>CFBundleInfoDictionaryVersion</key><string>6.0</string>\n"
    "<key>CFBundleName</key><string>Acme Serial</string>\n"
    "<key>CFBundlePackageType</key><string>KEXT</string>\n"
    "<key>CFBundleVersion</key><string>1.0.0</string>\n"
    "<key>IOKitPersonalities</key>\n"
    "<dict>\n"
    "<key>Acme CDC</key>\n"
    "<dict>\n"
    "<key>CFBundleIdentifier</key><string>com.apple.driver.usb.cdc.acm</string>\n"
    "<key>IOClass</key><string>AppleUSBACMData</string>\n"
    "<key>IOProviderClass</key><string>IOUSBHostInterface</string>\n"
    "<key>idVendor</key><integer>1155</integer>\n"
    "<key>idProduct</key><integer>22336</integer>\n"
    "<key>bInterfaceNumber</key><integer>1</integer>\n"
    "<key>bConfigurationValue</key><integer>1</integer>\n"
    "<key>IOProbeScore</key><integer>5000</integer>\n"
    "<key>#idProduct</key><integer>22337</integer>\n"
    "</dict>\n"
    "</dict>\n"
    "<key>OSBundleRequired</key><string>Root</string>\n");

TEST(ImportCommandTest, UsbKextBecomesADescriptorThatRegeneratesIt) {
  base::InMemoryFileSystem fs;
  fs.files["AcmeSerial.kext/Contents/Info.plist"] = kSerialKext;
  RunResult result = Import(fs, "AcmeSerial.kext");
  EXPECT_EQ(Stderr(result), "");
  EXPECT_EQ(result.exit_code, kExitOk);
  EXPECT_EQ(result.standard_output, R"(SERIAL)");
}

}  // namespace
}  // namespace codeless::driver
