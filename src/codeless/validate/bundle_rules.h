// What kind of plist a file is, and the top-level bundle keys that kexts
// and dexts share: CFBundlePackageType, CFBundleIdentifier, CFBundleVersion
// and the other version strings (domain.md §1.2, §3.2, §3.3, §8.4).
#pragma once

#include <cstddef>
#include <string>

#include "codeless/catalog/catalog.h"
#include "codeless/validate/plist_document.h"
#include "codeless/validate/rule_context.h"
#include "codeless/validate/validator.h"

namespace codeless::validate {

// A top-level dict with none of the keys a bundle's Info.plist has (e.g.
// the prelinked-kext dictionary DarwinDumper exports).
bool LooksLikeInfoPlist(const Node& root);

// A prelinked-info dictionary: a top-level dict whose _PrelinkInfoDictionary
// is an <array> of Info.plist dicts, one per kext or dext in a prelinked
// kernel (what DarwinDumper and kextcache's tools export). Each is
// validated as an Info.plist of its own (BundleLayout::kPrelinked).
bool LooksLikePrelinkedInfo(const Node& root);

// The name a finding in one Info dict of a prelinked-info dictionary gives
// its bundle: CFBundleIdentifier, else _PrelinkBundlePath, else its place
// in the array ("_PrelinkInfoDictionary[3]").
std::string PrelinkedBundleName(const Node& info, size_t index);

// A top-level dict whose keys are all entitlement names (reverse DNS, at
// least one com.apple.*) and no bundle keys: entitlements given under
// another name, such as entitlements.plist.
bool LooksLikeEntitlements(const Node& root);

// Reports that the file is a plist but no Info.plist.
void ReportNotInfoPlist(const FileContext& context, const Node& root);

// Decides kext or dext, source or built, and gathers the personalities.
InfoPlist ClassifyInfoPlist(const FileContext& context,
                            const catalog::Catalog& catalog, const Node& root,
                            const BundleFiles& files);

void CheckBundleKeys(const InfoPlist& info);

}  // namespace codeless::validate
