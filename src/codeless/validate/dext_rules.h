// Rules for DriverKit extensions (domain.md §1.2-§1.4, §8.1, §8.2): keys a
// dext may not use, the keys Xcode adds at build time, and the personality
// keys the kernel needs to launch the dext: IOUserServerName, IOUserClass,
// CFBundleIdentifierKernel, and an IOClass that is the kernel-side proxy
// (IOUserService, AppleUserHIDEventService, ...), not the dext's own class.
#pragma once

#include "codeless/validate/rule_context.h"

namespace codeless::validate {

void CheckDextKeys(const InfoPlist& info);

// A personality the kernel hands to the dext (Personality::driverkit).
void CheckDextPersonality(const InfoPlist& info, const Personality& p);

}  // namespace codeless::validate
