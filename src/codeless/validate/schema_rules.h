// The bundled plist schemas (plist_schema.h) applied to Info.plists and
// entitlements: each failure becomes a finding at its node, with the rule
// and severity the schema names (x-rule, x-severity) and what it expects.
//
// The schemas say which type each key has; what a schema cannot say (value
// grammars, ranges, combinations, other files) is code in the *_rules.cc
// files. Because the schemas look only at keys and types (and at the
// wildcard "*" and empty strings), a personality's result depends only on
// its shape: each distinct shape is checked once and the result reused,
// which keeps a plist of 20,000 alike personalities fast.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "codeless/apple/matching_keys.h"
#include "codeless/diag/rule.h"
#include "codeless/validate/plist_document.h"
#include "codeless/validate/plist_schema.h"
#include "codeless/validate/rule_context.h"

namespace codeless::validate {

enum class SchemaId {
  kKextInfo,
  kDextInfo,
  kPersonalityGeneric,
  kPersonalityUsb,
  kPersonalityPci,
  kPersonalityHid,
  kEntitlements,
};
inline constexpr size_t kSchemaCount = 7;

// The resource name of a schema ("schemas/plist/kext-info.schema.json").
std::string_view SchemaResource(SchemaId id);

// The personality schema for a provider family.
SchemaId PersonalitySchema(apple::Family family);

// A failure of a value against a schema, resolved to what a diagnostic
// needs: where (a path of dict keys and array indexes below the checked
// value), which rule, and what was expected.
struct SchemaFailure {
  std::vector<std::string> path;
  std::string missing_key;  // non-empty: the dict at `path` lacks this key
  const diag::Rule* rule = nullptr;
  bool warning = false;
  std::string expected;  // "an <integer> or the wildcard <string>*</string>"
};

class PlistSchemas;

// Applies the schemas. One per validation run.
class SchemaRules {
 public:
  // Over the bundled schemas, each read when first needed; one that does
  // not load (a bug in the build, not in the input) is reported as an
  // internal error where it is needed.
  static std::unique_ptr<SchemaRules> Create();
  // Over the given schemas; for tests.
  static std::unique_ptr<SchemaRules> CreateFrom(
      std::unique_ptr<PlistSchemas> schemas);
  ~SchemaRules();

  // Top-level keys of an Info.plist (each personality is only checked to
  // be a <dict> here; CheckPersonality looks inside).
  void CheckInfoPlist(const InfoPlist& info) const;
  // One personality against its family's schema.
  void CheckPersonality(const FileContext& context, const Personality& p,
                        apple::Family family) const;
  void CheckEntitlements(const FileContext& context, const Node& root) const;

  // The failures of `value` against schema `id`; a schema that does not
  // load is reported to `diags` when given.
  std::vector<SchemaFailure> Failures(SchemaId id, const Node& value,
                                      diag::Diagnostics* diags = nullptr) const;

 private:
  explicit SchemaRules(std::unique_ptr<PlistSchemas> schemas);

  const Schema* Root(SchemaId id, diag::Diagnostics* diags) const;
  // Fills in rule, severity and expectation for a failure's path.
  SchemaFailure Explain(SchemaId id, SchemaMiss miss) const;
  // `personality`: the personality `value` is, if it is one.
  void Report(const FileContext& context, const Node& value,
              std::string_view where,
              const std::vector<SchemaFailure>& failures,
              const Personality* personality = nullptr) const;

  std::unique_ptr<PlistSchemas> schemas_;
  // Per personality schema: shape fingerprint -> its failures.
  mutable std::array<
      std::unordered_map<std::string, std::vector<SchemaFailure>>, kSchemaCount>
      cache_;
  mutable std::string fingerprint_;  // reused: no allocation per personality
};

}  // namespace codeless::validate
