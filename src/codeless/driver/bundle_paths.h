// Which files of a path `validate` looks at (PRODUCT.md §5): an Info.plist
// or .entitlements file, a .kext bundle with the kexts in its
// Contents/PlugIns/, a built .dext, a dext source folder (Info.plist and
// *.entitlements), or a folder of any of these.
#pragma once

#include <functional>
#include <string>

#include "codeless/base/file_system.h"
#include "codeless/diag/diagnostic.h"
#include "codeless/validate/validator.h"

namespace codeless::driver {

// Deepest nesting of folders and plug-ins read below a path; deeper is
// reported (a symbolic link that loops, most likely), not followed.
inline constexpr int kMaxFolderDepth = 16;

// Reads the bundles behind `path` one at a time and calls `visit` with
// each; its files live only during that call. The order is fixed: a
// kext, then each kext of its Contents/PlugIns/ by name (recursively); a
// folder that is neither a bundle nor a dext source folder, its entries by
// name, each as `validate` would read it on its own: *.kext and *.dext
// directories, folders holding an Info.plist or *.entitlements (dext source
// folders), *.plist, *.plist.in and *.entitlements files, and the other
// folders the same way, except hidden ones and packages that hold no
// drivers (.xcodeproj, .app, ...). For a .kext directory, also the names
// in Contents/MacOS/, so the validator can check CFBundleExecutable.
// Reports io-read for what cannot be read and for a folder with nothing to
// validate.
void VisitBundles(
    const std::string& path, const base::FileSystem& file_system,
    diag::Diagnostics& diags,
    const std::function<void(const validate::BundleFiles&)>& visit);

}  // namespace codeless::driver
