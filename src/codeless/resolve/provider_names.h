// Provider classes that exist: every personality's "provider" against the
// classes codeless knows (catalog/, apple/provider_classes.h). A misspelt
// provider never matches, so a near miss of a known class is an error with
// the class meant; a class codeless does not know at all is a warning.
#pragma once

#include "codeless/catalog/catalog.h"
#include "codeless/diag/diagnostic.h"
#include "codeless/model/descriptor.h"

namespace codeless::resolve {

void CheckProviderNames(const model::Descriptor& descriptor,
                        const catalog::Catalog& catalog,
                        diag::Diagnostics& diags);

}  // namespace codeless::resolve
