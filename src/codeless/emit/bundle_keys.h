// Info.plist keys that the kext and the dext share, each tagged with the
// origin of the descriptor value it comes from.
#pragma once

#include <string_view>

#include "codeless/model/descriptor.h"
#include "codeless/plist/value.h"

namespace codeless::emit {

// The CFBundle* keys of PRODUCT.md §4, NSHumanReadableCopyright when given,
// and bundle.properties. `package_type` is "KEXT" or "DEXT".
plist::Dict CommonBundleKeys(const model::Bundle& bundle,
                             std::string_view identifier,
                             std::string_view package_type);

// The matching keys, IOProbeScore, IOMatchCategory, IOProviderClass and
// free-form properties of a personality, as both targets write them.
plist::Dict CommonPersonalityKeys(const model::Personality& personality);

}  // namespace codeless::emit
