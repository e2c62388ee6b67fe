// Reading a registry dump: format detection and the readers, one file each
// (ioreg_text.cc, ioreg_xml.cc, system_profiler.cc). PRODUCT.md §6.
#pragma once

#include <optional>

#include "codeless/diag/diagnostic.h"
#include "codeless/diag/source_file.h"
#include "codeless/match/registry.h"

namespace codeless::match {

// Detects the format of `file` and reads it. An unknown format is a
// dump-format error at the file's first byte; a file that breaks its
// format is dump-syntax at the place. nullopt after an error.
std::optional<Registry> ReadDump(const diag::SourceFile& file,
                                 diag::Diagnostics& diags);

// The readers, for tests and for ReadDump.
std::optional<Registry> ReadIoregText(const diag::SourceFile& file,
                                      diag::Diagnostics& diags);
std::optional<Registry> ReadIoregXml(const diag::SourceFile& file,
                                     diag::Diagnostics& diags);
std::optional<Registry> ReadSystemProfilerJson(const diag::SourceFile& file,
                                               diag::Diagnostics& diags);
// `system_profiler -xml SPUSBDataType` (or SPUSBHostDataType), or a whole
// system profile (.spx): its USB sections. A profile without one is a
// dump-syntax error that says so.
std::optional<Registry> ReadSystemProfilerXml(const diag::SourceFile& file,
                                              diag::Diagnostics& diags);

}  // namespace codeless::match
