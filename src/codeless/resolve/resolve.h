// The resolve stage, between reading and emitting (PRODUCT.md §2, §4): links
// the descriptor to the catalog and decides what each target's files hold.
// Every target section the descriptor has is resolved, whatever target
// generate writes, so a descriptor is valid or not independently of
// --target.
#pragma once

#include <optional>

#include "codeless/catalog/catalog.h"
#include "codeless/diag/diagnostic.h"
#include "codeless/model/descriptor.h"
#include "codeless/model/resolved.h"

namespace codeless::resolve {

// Resolves `descriptor`: driver classes and their bundles (kext), the
// superclass, the generated class's name and the entitlements (dext).
// Reports every problem at the descriptor key behind it; nullopt if there
// was any error. The result points into `descriptor` and `catalog`.
std::optional<model::Resolved> Resolve(const model::Descriptor& descriptor,
                                       const catalog::Catalog& catalog,
                                       diag::Diagnostics& diags);

}  // namespace codeless::resolve
