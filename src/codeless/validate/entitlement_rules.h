// A dext's entitlements (domain.md §2, §8.3): the DriverKit entitlement, no
// unknown DriverKit names, transport entitlements as match dictionaries
// rather than development-only forms, and, when the dext's Info.plist is at
// hand, a transport entitlement that covers every personality's match and
// the family entitlement each IOClass needs.
#pragma once

#include "codeless/validate/rule_context.h"

namespace codeless::validate {

// `info` is the dext's Info.plist when it was given with the entitlements
// (nullptr for an .entitlements file on its own: single-file checks only).
void CheckEntitlements(const FileContext& context, const Node& root,
                       const InfoPlist* info);

}  // namespace codeless::validate
