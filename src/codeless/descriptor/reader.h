// Reads a descriptor (PRODUCT.md §2-§3) into the model, in one pass over
// the file with no DOM: the JSON cursor's tokens go straight into the
// section readers (sections.h, personalities.h).
#pragma once

#include <optional>

#include "codeless/descriptor/variables.h"
#include "codeless/diag/diagnostic.h"
#include "codeless/model/descriptor.h"

namespace codeless::descriptor {

// Parses and checks `file`. Every problem is reported, located at the
// offending key or value, up to the diagnostics' error limit, in the
// file's order; the result is nullopt if there was any error. Checks that
// need the catalog or several sections at once belong to the resolve
// stage. `file` must outlive the model. With an `environment`, strings'
// $(VAR) references are expanded from it (variables.h); without one they
// are kept as written. A top-level "lint": {"disable": [...]} turns those
// rules off in `diags` (Diagnostics::Disable).
std::optional<model::Descriptor> Read(const diag::SourceFile& file,
                                      diag::Diagnostics& diags,
                                      const Environment* environment = nullptr);

}  // namespace codeless::descriptor
