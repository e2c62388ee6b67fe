// IOProviderClass against the classes codeless knows (catalog/,
// apple/provider_classes.h): a near miss of a known class is an error with
// the class meant, since a misspelt provider matches nothing; a class
// codeless does not know is a warning for a codeless kext or a dext (a kext
// with code may publish nubs of its own classes). Not for Apple's bundles,
// whose providers include many private classes codeless has no reason to know,
// nor for generated files, whose descriptor was checked
// (desc-provider-class).
#pragma once

#include "codeless/validate/rule_context.h"

namespace codeless::validate {

void CheckProviderClass(const InfoPlist& info, const Personality& p);

}  // namespace codeless::validate
