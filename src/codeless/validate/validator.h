// Validation of Info.plists and entitlements against Apple's loader rules
// (PRODUCT.md §5, domain.md §8): what `codeless validate` runs on users'
// files and `generate` runs on its own output before writing it.
#pragma once

#include "codeless/catalog/catalog.h"
#include "codeless/diag/diagnostic.h"

namespace codeless::validate {

// One bundle's files. Either file may be absent (an entitlements file on
// its own, an Info.plist without entitlements).
struct BundleFiles {
  const diag::SourceFile* info_plist = nullptr;
  const diag::SourceFile* entitlements = nullptr;
  // The Info.plist was produced by `generate`: it must be a codeless kext
  // or a dext source plist exactly as PRODUCT.md §4 describes.
  bool generated = false;
  // The bundle directory holds an executable named by CFBundleExecutable
  // (known only when validating a bundle directory); nullopt if unknown.
  std::optional<bool> executable_present;
};

class Validator {
 public:
  explicit Validator(const catalog::Catalog& catalog) : catalog_(catalog) {}

  // Checks the files and reports every finding, located at the offending
  // node. Never throws; a file that is not a plist is reported, not fatal.
  void Validate(const BundleFiles& files, diag::Diagnostics& diags) const;

 private:
  const catalog::Catalog& catalog_;
};

}  // namespace codeless::validate
