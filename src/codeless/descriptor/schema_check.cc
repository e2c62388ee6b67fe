#include "codeless/descriptor/schema_check.h"

#include <fmt/format.h>

#include <algorithm>
#include <exception>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "codeless/base/json_pointer.h"
#include "codeless/diag/rules.h"
#include "codeless/resources/resources.h"

namespace codeless::descriptor {
namespace {

// valijson's context ["<root>", "[bundle]", "[0]"] -> "/bundle/0"
std::string ContextPointer(const std::vector<std::string>& context) {
  std::string pointer;
  for (const std::string& token : base::SchemaContextTokens(context)) {
    pointer = base::AppendPointer(pointer, token);
  }
  return pointer;
}

}  // namespace

std::vector<SchemaViolation> ApplySchema(const nlohmann::json& document) {
  valijson::ValidationResults results;
  try {
    nlohmann::json schema_document = nlohmann::json::parse(
        resources::Find("schemas/descriptor.schema.json"));
    valijson::Schema schema;
    valijson::SchemaParser parser;
    valijson::adapters::NlohmannJsonAdapter schema_adapter(schema_document);
    parser.populateSchema(schema_adapter, schema);
    valijson::Validator validator;
    valijson::adapters::NlohmannJsonAdapter target(document);
    if (validator.validate(schema, target, &results)) return {};
  } catch (const std::exception& e) {
    return {
        {"", fmt::format(
                 "internal error: the bundled schema could not be applied: {}",
                 e.what())}};
  }
  std::vector<valijson::ValidationResults::Error> errors;
  valijson::ValidationResults::Error error;
  while (results.popError(error)) errors.push_back(error);
  std::vector<SchemaViolation> violations;
  for (const auto& candidate : errors) {
    bool has_deeper =
        std::any_of(errors.begin(), errors.end(), [&](const auto& other) {
          return other.context.size() > candidate.context.size() &&
                 std::equal(candidate.context.begin(), candidate.context.end(),
                            other.context.begin());
        });
    if (!has_deeper)
      violations.push_back(
          {ContextPointer(candidate.context), candidate.description});
  }
  if (violations.empty())
    violations.push_back({"", "the descriptor violates the descriptor schema"});
  return violations;
}

void ReportSchemaViolations(const std::vector<SchemaViolation>& violations,
                            const diag::SourceFile& file,
                            diag::Diagnostics& diags) {
  for (const SchemaViolation& violation : violations) {
    diags.Error(
        diag::rules::kDescSchema,
        diag::Location::Pointer(file, violation.pointer),
        fmt::format("the value at \"{}\" violates the descriptor schema: {}",
                    violation.pointer.empty() ? "/" : violation.pointer,
                    violation.message));
  }
}

}  // namespace codeless::descriptor
