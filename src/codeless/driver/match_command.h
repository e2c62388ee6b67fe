// `codeless match SOURCE... --device DUMP` (PRODUCT.md §6): reads the
// sources and the dump, matches, and renders the product.
#pragma once

#include <string>

#include "codeless/base/file_system.h"
#include "codeless/diag/diagnostic.h"
#include "codeless/driver/run.h"

namespace codeless::driver {

// Returns the exit status; the product goes to `standard_output`.
int RunMatch(const Options& options, base::FileSystem& file_system,
             diag::Diagnostics& diags, std::string& standard_output);

}  // namespace codeless::driver
