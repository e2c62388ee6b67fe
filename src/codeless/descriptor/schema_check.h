// The descriptor against the bundled JSON Schema
// (schemas/descriptor.schema.json), applied with valijson.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "codeless/diag/diagnostic.h"

namespace codeless::descriptor {

struct SchemaViolation {
  std::string pointer;  // JSON pointer of the offending value
  std::string message;
};

// Validates `document` and returns the deepest violations (valijson also
// reports every enclosing schema that failed; those add nothing). Touches
// no shared state, so it may run on another thread while the reader works.
// A schema that cannot be applied is a violation at "" saying so.
std::vector<SchemaViolation> ApplySchema(const nlohmann::json& document);

// Reports each violation as desc-schema at the value it concerns.
void ReportSchemaViolations(const std::vector<SchemaViolation>& violations,
                            const diag::SourceFile& file,
                            diag::Diagnostics& diags);

}  // namespace codeless::descriptor
