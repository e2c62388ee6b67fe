// The dext section resolved: the DriverKit superclass, the generated
// class's name and the personalities it serves (PRODUCT.md §2, §4).
#pragma once

#include <optional>

#include "codeless/catalog/catalog.h"
#include "codeless/diag/diagnostic.h"
#include "codeless/model/descriptor.h"
#include "codeless/model/resolved.h"

namespace codeless::resolve {

// Checks the superclass (known to the catalog and usable as an empty
// subclass, desc-superclass), the class name (not a DriverKit class, not
// the provider it matches, desc-cpp-name), the providers the superclass's
// kernel proxy attaches to (desc-provider, a warning) and that some
// personality is for the dext (desc-target); then derives the
// entitlements (entitlements.h). nullopt after any error.
std::optional<model::ResolvedDext> ResolveDext(
    const model::Descriptor& descriptor, const catalog::Catalog& catalog,
    diag::Diagnostics& diags);

}  // namespace codeless::resolve
