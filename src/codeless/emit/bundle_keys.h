// Info.plist keys that kext and dext share.
#pragma once

#include "codeless/model/descriptor.h"
#include "codeless/plist/value.h"

namespace codeless::emit {

// The CFBundle* keys of PRODUCT.md §4, NSHumanReadableCopyright when given,
// and bundle.properties. `package_type` is "KEXT" or "DEXT".
plist::Dict CommonBundleKeys(const model::Bundle& bundle,
                             std::string_view package_type);

// The matching keys, IOProbeScore, IOMatchCategory, IOProviderClass and
// free-form properties of a personality, as both targets write them.
plist::Dict CommonPersonalityKeys(const model::Personality& personality);

}  // namespace codeless::emit
