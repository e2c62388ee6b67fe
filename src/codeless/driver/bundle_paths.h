// Which files of a path `validate` looks at: an Info.plist, a .kext bundle,
// a dext source folder (Info.plist and *.entitlements) or an .entitlements
// file.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "codeless/base/file_system.h"
#include "codeless/diag/diagnostic.h"
#include "codeless/validate/validator.h"

namespace codeless::driver {

// Reads the files behind `path` into `sources` (which owns them) and says
// which is which, and what layout they came in: for a .kext directory also
// the names in Contents/MacOS/, so the validator can check
// CFBundleExecutable. Reports io-read and returns nullopt when nothing can
// be read.
std::optional<validate::BundleFiles> LocateBundleFiles(
    const std::string& path, const base::FileSystem& file_system,
    diag::Diagnostics& diags,
    std::vector<std::unique_ptr<diag::SourceFile>>& sources);

}  // namespace codeless::driver
