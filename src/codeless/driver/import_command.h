// `codeless import PATH [-o DESCRIPTOR.json]` (PRODUCT.md §6): finds the
// bundle's files, imports them (import/importer.h), and proves the result:
// the descriptor is generated in memory, as `generate --target kext` (or
// dext) would, and the generated Info.plist (and entitlements) compared with
// the originals. Every difference is an import-lossy error and exit 1.
#pragma once

#include <map>
#include <string>

#include "codeless/base/file_system.h"
#include "codeless/diag/diagnostic.h"

namespace codeless::driver {

struct ImportRequest {
  std::string path;         // the Info.plist, .kext or dext source folder
  std::string output_path;  // empty: the descriptor goes to standard output
  // For $(VAR) in the descriptor, as generate would expand it.
  const std::map<std::string, std::string, std::less<>>* environment = nullptr;
};

// Returns the exit status; the descriptor is written to `output_path` or
// appended to `standard_output`. A descriptor that does not round-trip is
// still written (it is the best start for fixing it by hand), with exit
// status 1; an input import cannot read writes nothing.
int RunImport(const ImportRequest& request, base::FileSystem& file_system,
              diag::Diagnostics& diags, std::string& standard_output);

}  // namespace codeless::driver
