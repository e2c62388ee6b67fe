// Small plists for validator tests, built so that line numbers are easy to
// follow: the three header lines, then the body from line 4.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "codeless/catalog/catalog.h"
#include "codeless/diag/diagnostic.h"
#include "codeless/diag/render.h"
#include "codeless/diag/source_file.h"
#include "codeless/resources/resources.h"
#include "codeless/validate/validator.h"

namespace codeless::validate::fixtures {

// Lines 1-3.
inline constexpr std::string_view kHeader =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
    "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
    "<plist version=\"1.0\">\n";

// The header, `body` from line 4, and </plist>.
inline std::string Plist(std::string_view body) {
  return std::string(kHeader) + std::string(body) + "</plist>\n";
}

// A codeless kext: line 4 <dict>, lines 5-7 its bundle keys, then `extra`
// top-level lines, then IOKitPersonalities holding `personalities`.
inline std::string Kext(std::string_view personalities,
                        std::string_view extra = "") {
  return Plist(std::string("<dict>\n") +
               "<key>CFBundleIdentifier</key><string>com.acme.kext</string>\n"
               "<key>CFBundlePackageType</key><string>KEXT</string>\n"
               "<key>CFBundleVersion</key><string>1.0.0</string>\n" +
               std::string(extra) + "<key>IOKitPersonalities</key>\n<dict>\n" +
               std::string(personalities) + "</dict>\n</dict>\n");
}

// A dext Info.plist as `generate` writes it (domain.md §1): line 4 <dict>,
// lines 5-9 bundle keys, then `extra`, then IOKitPersonalities.
inline std::string Dext(std::string_view personalities,
                        std::string_view extra = "") {
  return Plist(
      std::string("<dict>\n") +
      "<key>CFBundleExecutable</key><string>$(EXECUTABLE_NAME)</string>\n"
      "<key>CFBundleIdentifier</key><string>com.acme.driver</string>\n"
      "<key>CFBundlePackageType</key><string>DEXT</string>\n"
      "<key>CFBundleVersion</key><string>1.0.0</string>\n"
      "<key>OSBundleUsageDescription</key><string>Drives the Acme "
      "device.</string>\n" +
      std::string(extra) + "<key>IOKitPersonalities</key>\n<dict>\n" +
      std::string(personalities) + "</dict>\n</dict>\n");
}

// <key>name</key> and a dict of `body`: two lines more than `body`.
inline std::string Personality(std::string_view name, std::string_view body) {
  return "<key>" + std::string(name) + "</key>\n<dict>\n" + std::string(body) +
         "</dict>\n";
}

// One line: <key>key</key><string>value</string>.
inline std::string String(std::string_view key, std::string_view value) {
  return "<key>" + std::string(key) + "</key><string>" + std::string(value) +
         "</string>\n";
}

// One line: <key>key</key><integer>value</integer>.
inline std::string Integer(std::string_view key, long long value) {
  return "<key>" + std::string(key) + "</key><integer>" +
         std::to_string(value) + "</integer>\n";
}

// A correct codeless USB personality body (5 lines).
inline std::string UsbBody() {
  return String("CFBundleIdentifier",
                "com.apple.driver.usb.AppleUSBHostCompositeDevice") +
         String("IOClass", "AppleUSBHostCompositeDevice") +
         String("IOProviderClass", "IOUSBHostDevice") +
         Integer("idProduct", 22136) + Integer("idVendor", 4660);
}

// A correct generic DriverKit personality body on a USB interface (9 lines).
inline std::string DextUsbBody() {
  return String("CFBundleIdentifier", "com.acme.driver") +
         String("CFBundleIdentifierKernel", "com.apple.kpi.iokit") +
         String("IOClass", "IOUserService") +
         String("IOProviderClass", "IOUSBHostInterface") +
         String("IOUserClass", "AcmeDriver") +
         String("IOUserServerName", "com.acme.driver") +
         Integer("bConfigurationValue", 1) + Integer("bInterfaceNumber", 0) +
         Integer("idProduct", 22136) + Integer("idVendor", 4660);
}

// Entitlements (line 4 <dict>) with the DriverKit entitlement (line 5) and
// `body`.
inline std::string Entitlements(std::string_view body) {
  return Plist(std::string("<dict>\n") +
               "<key>com.apple.developer.driverkit</key><true/>\n" +
               std::string(body) + "</dict>\n");
}

// `text` with the first `from` replaced by `to`.
inline std::string Replace(std::string text, std::string_view from,
                           std::string_view to) {
  size_t at = text.find(from);
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

inline const catalog::Catalog& BundledCatalog() {
  static const catalog::Catalog kCatalog = catalog::Catalog::Bundled();
  return kCatalog;
}

struct Files {
  std::string info;          // "f.plist", if not empty
  std::string entitlements;  // "f.entitlements", if not empty
  bool generated = false;
  BundleLayout layout = BundleLayout::kFile;
  std::optional<std::vector<std::string>> executables;
};

// Validates the files and renders the findings as `validate` prints them.
inline std::string ValidateFiles(const Files& files) {
  diag::SourceFile info("f.plist", files.info);
  diag::SourceFile entitlements("f.entitlements", files.entitlements);
  BundleFiles bundle;
  if (!files.info.empty()) bundle.info_plist = &info;
  if (!files.entitlements.empty()) bundle.entitlements = &entitlements;
  bundle.generated = files.generated;
  bundle.layout = files.layout;
  bundle.executables = files.executables;
  diag::Diagnostics diags;
  Validator validator(BundledCatalog());
  validator.Validate(bundle, diags);
  return diag::RenderText(diags.all());
}

inline std::string ValidateInfo(const std::string& info) {
  return ValidateFiles(
      Files{info, "", false, BundleLayout::kFile, std::nullopt});
}

}  // namespace codeless::validate::fixtures
