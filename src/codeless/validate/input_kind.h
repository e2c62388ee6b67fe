// Files `validate` or `import` is given that are no Info.plist or
// entitlements at all: registry dumps, system profiles, descriptors
// (PRODUCT.md §5). Each draws
// one input-kind finding that says what the file looks like and which
// command reads it, instead of the plist errors its bytes would draw.
#pragma once

#include <string_view>

#include "codeless/diag/diagnostic.h"
#include "codeless/diag/source_file.h"
#include "codeless/validate/plist_document.h"
#include "codeless/validate/rule_context.h"

namespace codeless::validate {

// What validate reads, which ends its input-kind finding of a file that no
// codeless command reads.
inline constexpr std::string_view kValidateReads =
    "give validate an Info.plist (XML), a .kext, a dext source folder or an "
    ".entitlements file";

// From the bytes alone, before the plist reader sees them: `ioreg -l` text
// (with or without a shell prompt above it), system_profiler XML (a root
// <array> with _dataType or _SPCommandLineArguments) or JSON (SP...DataType
// members), other JSON (a codeless descriptor among it), an
// IORegistryExplorer document (a binary keyed archive of registry
// entries). Reports the one finding and returns true when the file is one
// of them; returns false, reporting nothing, for anything else. Cheap for
// a plist: it looks past the first element only when that is an <array>.
// `wanted` ends the finding of a file that no codeless command reads (a
// binary file, JSON that is no descriptor or profile): what the command
// that was given it reads instead.
bool ReportOtherInputByText(const diag::SourceFile& file,
                            diag::Diagnostics& diags,
                            std::string_view wanted = kValidateReads);

// From a parsed plist's root: an `ioreg -a` dump, a dict (or an array of
// dicts) of registry entries, with IOObjectClass or IORegistryEntryName and
// none of an Info.plist's bundle keys. Reports and returns true when the
// root is one.
bool ReportOtherInputByRoot(const FileContext& context, const Node& root);

}  // namespace codeless::validate
