// Matching keys of a personality beyond their types (which the family
// schemas check): integer ranges, keys of another provider family, Apple's
// QA1076 USB combinations, the IOPCI*Match grammar and PCI class codes, and
// IOResources categories (domain.md §4, §8.6).
#pragma once

#include <string_view>

#include "codeless/apple/matching_keys.h"
#include "codeless/validate/rule_context.h"

namespace codeless::validate {

// The provider family a personality's IOProviderClass belongs to.
apple::Family PersonalityFamily(const Node& personality);

// `generated`: the personality comes from a descriptor, whose reader has
// already reported keys the provider never reads (desc-match-family) and
// matches that narrow nothing (desc-match-all), so these are not repeated
// at the output, which is never read. `codeless`: the personality's driver
// is an Apple class with no code of the bundle's own to probe and decline
// (a kext without CFBundleExecutable), so a match of every device is an
// error rather than a warning.
void CheckMatching(const FileContext& context, const Personality& p,
                   apple::Family family, bool generated, bool codeless);

}  // namespace codeless::validate
