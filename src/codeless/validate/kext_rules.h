// Rules for kexts, codeless or not (domain.md §3, §8.4, §8.5): the
// CFBundleExecutable question, OSBundleRequired, OSBundleLibraries, and the
// personality CFBundleIdentifier convention, which a codeless kext inverts:
// its personalities name the Apple kext that defines IOClass, while a kext
// with an executable names itself.
#pragma once

#include "codeless/validate/rule_context.h"
#include "codeless/validate/validator.h"

namespace codeless::validate {

void CheckKextKeys(const InfoPlist& info, const BundleFiles& files);

// The CFBundleIdentifier and IOClass of one personality. A class the
// catalog does not know is reported once per file: `reported_classes`
// remembers which were.
void CheckKextPersonality(const InfoPlist& info, const Personality& p,
                          std::vector<std::string_view>& reported_classes);

}  // namespace codeless::validate
