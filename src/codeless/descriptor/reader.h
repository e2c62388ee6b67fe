// Reads a descriptor (PRODUCT.md §2-§3) into the model, in one pass over
// the file with no DOM: the JSON cursor's tokens go straight into the
// section readers (sections.h, personalities.h).
#pragma once

#include <optional>

#include "codeless/diag/diagnostic.h"
#include "codeless/model/descriptor.h"

namespace codeless::descriptor {

// Parses and checks `file`. Every problem is reported, located at the
// offending key or value, up to the diagnostics' error limit, in the
// file's order; the result is nullopt if there was any error. Checks that
// need the catalog or several sections at once belong to the resolve
// stage. `file` must outlive the model.
std::optional<model::Descriptor> Read(const diag::SourceFile& file,
                                      diag::Diagnostics& diags);

}  // namespace codeless::descriptor
