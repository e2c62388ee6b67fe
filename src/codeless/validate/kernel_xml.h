// The plist reader of `validate`: the grammar of the kernel's parser
// (xnu libkern/c++/OSUnserializeXML.y), which IOKitUser's IOCFUnserialize
// shares for kextutil/kmutil, rather than strict XML.
//
// The kernel stops at the first problem; this reader reports every departure
// from what the kernel accepts (xml-* rules) and reads on wherever it can
// tell what was meant, so that one run shows all the problems of a file.
// Anything the kernel accepts is accepted here, including what strict XML
// readers refuse (white space before <?xml ...?>, no <plist> wrapper).
// Limits are the kernel's: nesting as its 200-entry parser stack holds it,
// 65,535 IDREF uses, strings under 262,142 bytes; an IDREF shares the node
// it refers to (plist_document.h).
#pragma once

#include <optional>

#include "codeless/diag/diagnostic.h"
#include "codeless/diag/source_file.h"
#include "codeless/validate/plist_document.h"

namespace codeless::validate {

// Parses `file` in one pass. Returns the tree when one could be built, even
// if subset rules were broken, so later rules still run; nullopt when the
// structure is too broken to say what the values are (reported as
// xml-syntax). `file` must outlive the returned document.
std::optional<PlistDocument> ParsePlist(const diag::SourceFile& file,
                                        diag::Diagnostics& diags);

}  // namespace codeless::validate
