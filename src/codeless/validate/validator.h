// Validation of Info.plists and entitlements against Apple's loader rules
// (PRODUCT.md §5, domain.md §8): what `codeless validate` runs on users'
// files and `generate` runs on its own output before writing it.
//
// Each file is read once, by the kernel-grammar reader (kernel_xml.h); the
// schemas (schema_rules.h) and the rule sets (bundle_, kext_, dext_,
// matching_ and entitlement_rules.h) then walk that one tree.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "codeless/catalog/catalog.h"
#include "codeless/diag/diagnostic.h"

namespace codeless::validate {

class SchemaRules;

// Where the files came from, which decides what may be missing.
enum class BundleLayout {
  kFile,          // a plist or .entitlements given on its own
  kKextBundle,    // a .kext directory (Contents/Info.plist)
  kBuiltDext,     // a built .dext directory (Info.plist and the executable)
  kSourceFolder,  // a dext source folder (Info.plist, *.entitlements)
  // One kext's or dext's Info dict inside a prelinked-info dictionary
  // (_PrelinkInfoDictionary): a built bundle as the kernel received it, with
  // the keys the prelinker adds (_Prelink*, and IOUserServerCDHash in dext
  // personalities).
  kPrelinked,
};

// One bundle's files. Either file may be absent (an entitlements file on
// its own, an Info.plist without entitlements).
struct BundleFiles {
  const diag::SourceFile* info_plist = nullptr;
  const diag::SourceFile* entitlements = nullptr;
  // The Info.plist was produced by `generate`: it must be a codeless kext
  // or a dext source plist exactly as PRODUCT.md §4 describes.
  bool generated = false;
  BundleLayout layout = BundleLayout::kFile;
  // When validating a bundle directory: the names of the files where the
  // loader looks for CFBundleExecutable (Contents/MacOS/ of a .kext).
  // nullopt when unknown.
  std::optional<std::vector<std::string>> executables;
};

class Validator {
 public:
  // Reads each bundled schema once, when a Validate call first needs it.
  explicit Validator(const catalog::Catalog& catalog);
  ~Validator();
  Validator(const Validator&) = delete;
  Validator& operator=(const Validator&) = delete;

  // Checks the files and reports every finding, located at the offending
  // node. Never throws; a file that is not a plist is reported, not fatal.
  // The SourceFiles must outlive the call only.
  void Validate(const BundleFiles& files, diag::Diagnostics& diags) const;

 private:
  const catalog::Catalog& catalog_;
  std::unique_ptr<SchemaRules> schemas_;
};

}  // namespace codeless::validate
