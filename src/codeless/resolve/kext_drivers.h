// The kext section resolved: each personality's IOClass and the Apple kext
// that defines it (PRODUCT.md §4, domain.md §3.4).
#pragma once

#include <optional>

#include "codeless/catalog/catalog.h"
#include "codeless/diag/diagnostic.h"
#include "codeless/model/descriptor.h"
#include "codeless/model/resolved.h"

namespace codeless::resolve {

// Each personality for the kext names a driver (its own or kext.driver): a
// catalog class, whose bundle the catalog knows, or {class, bundle}.
// Reports personalities without a driver (desc-no-driver), classes the
// catalog does not know (desc-unknown-driver, with the closest known one),
// classes gone from later macOS versions (desc-driver-availability, a
// warning once per driver value) and a kext with no personality
// (desc-target). nullopt after any error.
std::optional<model::ResolvedKext> ResolveKext(
    const model::Descriptor& descriptor, const catalog::Catalog& catalog,
    diag::Diagnostics& diags);

}  // namespace codeless::resolve
