// The descriptor against the bundled JSON Schema
// (schemas/descriptor.schema.json), applied with valijson.
#pragma once

#include <nlohmann/json.hpp>

#include "codeless/diag/diagnostic.h"

namespace codeless::descriptor {

// Validates `document` (the parsed text of `file`). Reports each deepest
// violation as desc-schema at the value it concerns. Returns true when the
// document conforms.
bool CheckAgainstSchema(const nlohmann::json& document,
                        const diag::SourceFile& file, diag::Diagnostics& diags);

}  // namespace codeless::descriptor
