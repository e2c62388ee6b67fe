// Fuzz target: the plist validator (validate's kernel-grammar reader and
// every rule) on one file taken as an Info.plist, and on the same bytes
// taken as a dext's entitlements beside a minimal Info.plist. The
// Validator, which compiles the bundled schemas, is built once.
#include <cstdint>
#include <memory>
#include <string>

#include "codeless/catalog/catalog.h"
#include "codeless/validate/validator.h"
#include "fuzz_support.h"

namespace codeless::fuzz {
namespace {

const catalog::Catalog& TheCatalog() {
  static const catalog::Catalog kCatalog = catalog::Catalog::Bundled();
  return kCatalog;
}

const validate::Validator& TheValidator() {
  static const validate::Validator kValidator(TheCatalog());
  return kValidator;
}

constexpr std::string_view kDextInfo = R"(<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>CFBundleIdentifier</key>
	<string>com.example.driver</string>
	<key>CFBundlePackageType</key>
	<string>DEXT</string>
	<key>IOKitPersonalities</key>
	<dict/>
</dict>
</plist>
)";

void Validate(const std::string& text) {
  {
    diag::SourceFile info("/in/Info.plist", text);
    validate::BundleFiles files;
    files.info_plist = &info;
    diag::Diagnostics diags;
    TheValidator().Validate(files, diags);
  }
  {
    diag::SourceFile info("/in/Info.plist", std::string(kDextInfo));
    diag::SourceFile entitlements("/in/driver.entitlements", text);
    validate::BundleFiles files;
    files.info_plist = &info;
    files.entitlements = &entitlements;
    diag::Diagnostics diags;
    TheValidator().Validate(files, diags);
  }
}

}  // namespace
}  // namespace codeless::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  codeless::fuzz::Validate(codeless::fuzz::Bytes(data, size));
  return 0;
}
