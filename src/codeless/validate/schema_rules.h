// The bundled plist schemas (schemas/plist/*.json, JSON Schema draft-07),
// compiled once and applied with valijson to a typed JSON view of the plist
// in which <string>, <integer>, <true/>/<false/>, <data> ({"$data": ...}),
// <array> and <dict> stay apart. Dict keys beginning with '$' are written
// with one '$' more, so a key named $data is no <data>; failure paths are
// mapped back to the keys as written.
//
// The schemas say which type each key has; what a schema cannot say (value
// grammars, ranges, combinations, other files) is code in the *_rules.cc
// files. Because the schemas look only at types (and the wildcard "*" and
// empty strings), a personality's result depends only on its shape: each
// distinct shape is validated once and the result reused, which keeps a
// 20,000-personality plist fast.
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

class CompiledSchemas;

// Applies the schemas, remembering the result of each personality shape.
// Not thread-safe; one per validation run.
class SchemaRules {
 public:
  // Compiles the bundled schemas. Returns nullptr and sets `error` when
  // they do not compile, which is a bug in the build, not in the input.
  static std::unique_ptr<SchemaRules> Create(std::string* error);
  ~SchemaRules();

  // Top-level keys of an Info.plist (personalities stand in as empty
  // dicts; CheckPersonality looks inside them).
  void CheckInfoPlist(const InfoPlist& info) const;
  // One personality against its family's schema.
  void CheckPersonality(const FileContext& context, const Personality& p,
                        apple::Family family) const;
  void CheckEntitlements(const FileContext& context, const Node& root) const;

  // The failures of `value` against schema `id`, uncached (for tests).
  std::vector<SchemaFailure> Failures(SchemaId id, const Node& value) const;

 private:
  explicit SchemaRules(std::unique_ptr<CompiledSchemas> schemas);

  void Report(const FileContext& context, const Node& value,
              std::string_view where,
              const std::vector<SchemaFailure>& failures) const;

  std::unique_ptr<CompiledSchemas> schemas_;
  // Per personality schema: shape fingerprint -> its failures.
  mutable std::array<
      std::unordered_map<std::string, std::vector<SchemaFailure>>, kSchemaCount>
      cache_;
  mutable std::string fingerprint_;
};

}  // namespace codeless::validate
