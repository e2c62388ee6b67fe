// The bundled plist schemas (schemas/plist/*.json) and the small JSON
// Schema interpreter that applies them straight to plist nodes.
//
// The schemas are draft-07 documents, readable by any JSON Schema tool,
// that use only the keywords below; they see a plist through a typed view
// in which <string> is a string, <integer> an integer, <true/>/<false/> a
// boolean, <array>/<set> an array, <dict> an object and <data> the object
// {"$data": BASE64}, and in which a dict key that begins with '$' has one
// '$' more (so no <dict> passes for <data>). Keywords: type, const (a
// string), minLength, properties, patternProperties (a literal "^prefix"),
// additionalProperties, items, required, allOf, anyOf, not, $ref (within
// and across the bundled documents), definitions, and the annotations
// title, description, x-rule and x-severity. A schema that uses anything
// else does not load. Tests check that valijson, a full implementation,
// judges plists exactly as this does.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "codeless/diag/rule.h"
#include "codeless/validate/plist_document.h"

namespace codeless::validate {

struct Schema {
  enum TypeBit : unsigned {
    kString = 1,
    kInteger = 2,
    kBoolean = 4,
    kArray = 8,
    kObject = 16,
  };
  const Schema* ref = nullptr;  // $ref: this schema is its target
  unsigned types = 0;           // "type"; 0 for any
  bool has_const = false;
  std::string constant;  // "const"
  size_t min_length = 0;
  // "properties", by name; "patternProperties" as literal prefixes.
  std::vector<std::pair<std::string, const Schema*>> properties;
  std::vector<std::pair<std::string, const Schema*>> prefixes;
  const Schema* additional = nullptr;  // "additionalProperties"
  const Schema* items = nullptr;
  std::vector<std::string> required;
  std::vector<const Schema*> all_of;
  std::vector<const Schema*> any_of;
  const Schema* not_schema = nullptr;
  std::string description;
  const diag::Rule* rule = nullptr;  // "x-rule"
  bool warning = false;              // "x-severity": "warning"

  // The schema a $ref chain ends at.
  const Schema& Target() const;
  // The subschema that applies to member (or, for a number, element) `key`
  // of a value under this schema, through allOf and anyOf; nullptr if none.
  const Schema* Step(std::string_view key, bool index) const;
  // What the schema expects, for messages ("an <integer> or ...").
  std::string Describe() const;
};

// A value that fails a schema: where (dict keys and array indexes below
// the checked value) and, for a missing required key, which.
struct SchemaMiss {
  std::vector<std::string> path;
  std::string missing_key;
};

// The schema documents, each read the first time a run needs it (a run on
// one kext reads a third of them). Not thread-safe.
class PlistSchemas {
 public:
  // The bundled schemas.
  static std::unique_ptr<PlistSchemas> Bundled();
  // The given documents (name, text), and the bundled ones where no given
  // one has their name; for tests.
  static std::unique_ptr<PlistSchemas> LoadFrom(
      std::vector<std::pair<std::string, std::string>> documents);
  ~PlistSchemas();

  // The root schema of document `document` ("kext-info.schema.json"), read
  // with what it refers to; nullptr, and `error` set, when it does not
  // load, which is a bug in the build, not in the input.
  const Schema* Root(std::string_view document,
                     std::string* error = nullptr) const;

  // Every place where `node` fails `schema`, deepest first and in document
  // order, each once.
  std::vector<SchemaMiss> Check(const Schema& schema, const Node& node) const;

 private:
  PlistSchemas();
  struct Store;
  std::unique_ptr<Store> store_;
};

}  // namespace codeless::validate
