// Reads a descriptor (PRODUCT.md §2-§3) into the model.
#pragma once

#include <optional>

#include "codeless/diag/diagnostic.h"
#include "codeless/model/descriptor.h"

namespace codeless::descriptor {

// Parses and checks `file`. Every problem is reported, located at the
// offending key or value, up to the diagnostics' error limit; the result is
// nullopt if there was any error. Checks that need the catalog (driver and
// superclass names) are left to the emitters. `file` must outlive the model.
std::optional<model::Descriptor> Read(diag::SourceFile& file,
                                      diag::Diagnostics& diags);

}  // namespace codeless::descriptor
