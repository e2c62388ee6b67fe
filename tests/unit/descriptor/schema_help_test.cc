// The descriptor schema is also the help an editor shows while a vendor
// types a descriptor (VS Code's JSON language service shows a field's
// title and description on hover and offers its examples as completions).
// So every field schema carries all three, and every example is a value
// the field accepts. valijson applies the schema. A "field schema" is one
// under properties, patternProperties, definitions, items or
// additionalProperties, and each anyOf/oneOf/allOf branch that describes
// an object of its own (has properties) or has a title or description;
// branches that only constrain a type or point elsewhere ($ref) are not.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>
#include <vector>

#include "codeless/descriptor/key_tables.h"
#include "codeless/resources/resources.h"

namespace codeless::descriptor {
namespace {

using nlohmann::json;

json SchemaDocument() {
  return json::parse(resources::Find("schemas/descriptor.schema.json"));
}

std::string EscapePointerToken(const std::string& key) {
  std::string escaped;
  for (char c : key) {
    if (c == '~') {
      escaped += "~0";
    } else if (c == '/') {
      escaped += "~1";
    } else {
      escaped += c;
    }
  }
  return escaped;
}

// The JSON pointer of every field schema below `schema` (at `pointer`).
void CollectFields(const json& schema, const std::string& pointer,
                   std::vector<std::string>& fields) {
  if (!schema.is_object()) return;
  auto field = [&](const json& sub, const std::string& sub_pointer) {
    fields.push_back(sub_pointer);
    CollectFields(sub, sub_pointer, fields);
  };
  for (const char* keyword :
       {"properties", "patternProperties", "definitions"}) {
    if (!schema.contains(keyword)) continue;
    for (const auto& [key, sub] : schema[keyword].items())
      field(sub, pointer + "/" + keyword + "/" + EscapePointerToken(key));
  }
  for (const char* keyword : {"items", "additionalProperties"}) {
    if (schema.contains(keyword) && schema[keyword].is_object())
      field(schema[keyword], pointer + "/" + keyword);
  }
  for (const char* keyword : {"anyOf", "oneOf", "allOf"}) {
    if (!schema.contains(keyword)) continue;
    for (size_t i = 0; i < schema[keyword].size(); ++i) {
      const json& branch = schema[keyword][i];
      std::string branch_pointer =
          pointer + "/" + keyword + "/" + std::to_string(i);
      if (branch.contains("properties") || branch.contains("title") ||
          branch.contains("description")) {
        field(branch, branch_pointer);
      } else {
        CollectFields(branch, branch_pointer, fields);
      }
    }
  }
}

std::vector<std::string> Fields(const json& document) {
  std::vector<std::string> fields;
  CollectFields(document, "", fields);
  return fields;
}

bool NonEmptyString(const json& schema, const char* keyword) {
  return schema.contains(keyword) && schema[keyword].is_string() &&
         !schema[keyword].get<std::string>().empty();
}

// Validates values against the field schema at a JSON pointer: the whole
// document with a root "$ref" to the field (valijson, like draft-07,
// ignores the root's other keywords beside "$ref", and the field's own
// "$ref"s still resolve in the document).
class FieldValidator {
 public:
  FieldValidator(const json& document, const std::string& pointer)
      : document_(document) {
    document_["$ref"] = "#" + pointer;
    valijson::SchemaParser parser;
    valijson::adapters::NlohmannJsonAdapter adapter(document_);
    parser.populateSchema(adapter, schema_);
  }

  // "" when `value` is valid, else valijson's errors.
  std::string Errors(const json& value) const {
    valijson::Validator validator;
    valijson::ValidationResults results;
    valijson::adapters::NlohmannJsonAdapter target(value);
    if (validator.validate(schema_, target, &results)) return "";
    std::string errors;
    valijson::ValidationResults::Error error;
    while (results.popError(error)) {
      std::string where;
      for (const std::string& c : error.context) where += c;
      errors += "  " + where + ": " + error.description + "\n";
    }
    return errors.empty() ? "  refused\n" : errors;
  }

 private:
  json document_;
  valijson::Schema schema_;
};

TEST(SchemaHelpTest, EveryFieldHasTitleDescriptionAndExamples) {
  json document = SchemaDocument();
  std::vector<std::string> fields = Fields(document);
  std::string missing;
  for (const std::string& pointer : fields) {
    const json& schema = document.at(json::json_pointer(pointer));
    std::string lacks;
    if (!NonEmptyString(schema, "title")) lacks += " title";
    if (!NonEmptyString(schema, "description")) lacks += " description";
    if (!schema.contains("examples") || !schema["examples"].is_array() ||
        schema["examples"].empty())
      lacks += " examples";
    if (!lacks.empty()) missing += pointer + " lacks" + lacks + "\n";
  }
  EXPECT_EQ(missing, "");
  // The walk reaches the deepest fields, not just the top.
  EXPECT_GT(fields.size(), 130u);
  for (const char* deep :
       {"/properties/lint/properties/disable/items",
        "/definitions/pciIdMatch/anyOf/1/items/properties/deviceMask",
        "/definitions/match/properties/DeviceUsagePairs/items/properties/"
        "DeviceUsage",
        "/definitions/driver/anyOf/1/properties/bundle",
        "/definitions/plistDict/additionalProperties"}) {
    EXPECT_NE(std::find(fields.begin(), fields.end(), deep), fields.end())
        << deep;
  }
}

TEST(SchemaHelpTest, EveryExampleIsValidForItsField) {
  json document = SchemaDocument();
  std::string problems;
  int examples = 0;
  for (const std::string& pointer : Fields(document)) {
    const json& schema = document.at(json::json_pointer(pointer));
    if (!schema.contains("examples")) continue;
    FieldValidator validator(document, pointer);
    for (const json& example : schema["examples"]) {
      ++examples;
      std::string errors = validator.Errors(example);
      if (!errors.empty())
        problems += pointer + " example " + example.dump() + ":\n" + errors;
    }
  }
  EXPECT_EQ(problems, "");
  EXPECT_GT(examples, 200);
}

// The check above can fail: a field's validator refuses what the field
// refuses, through "$ref"s, nested fields and anyOf branches.
TEST(SchemaHelpTest, FieldValidatorRefusesWhatTheFieldRefuses) {
  json document = SchemaDocument();
  struct Case {
    std::string pointer;
    json good;
    json bad;
  };
  const std::vector<Case> cases = {
      {"/definitions/bundle/properties/name", "AcmeMouse", "a/b"},
      {"/definitions/bundle/properties/version", "1.2.0", "1.2.3.4"},
      {"/definitions/match/properties/idVendor", "0x05ac", "05ac"},
      {"/definitions/match/properties/bConfigurationValue", 1, 0},
      {"/definitions/pciIdMatch/anyOf/1/items",
       {{"vendor", "0x8086"}, {"device", "0xa2af"}},
       {{"vendor", "0x8086"}}},
      {"/definitions/personality/properties/targets",
       {"kext"},
       {"kext", "kext"}},
      {"/properties/lint",
       {{"disable", {"desc-id-swapped"}}},
       {{"disabled", {"desc-id-swapped"}}}},
      {"/properties/lint/properties/disable",
       {"desc-id-swapped"},
       {"desc-id-swapped", "desc-id-swapped"}},
      {"/properties/lint/properties/disable/items", "desc-id-swapped", 1},
      {"/properties/formatVersion", 1, 2},
  };
  for (const Case& c : cases) {
    FieldValidator validator(document, c.pointer);
    EXPECT_EQ(validator.Errors(c.good), "") << c.pointer;
    EXPECT_NE(validator.Errors(c.bad), "") << c.pointer << " " << c.bad.dump();
  }
}

std::set<std::string> SchemaKeys(const json& document,
                                 const std::string& pointer) {
  std::set<std::string> keys;
  for (const auto& [key, value] :
       document.at(json::json_pointer(pointer)).items())
    if (key != kCommentKey) keys.insert(key);
  return keys;
}

std::set<std::string> TableKeys(KeyTable table) {
  return {table.begin(), table.end()};
}

// The schema offers an editor exactly the keys the reader knows, so help
// and completion cover the whole format and nothing the reader refuses.
TEST(SchemaHelpTest, SchemaKeysAreTheReadersKeys) {
  json document = SchemaDocument();
  std::set<std::string> top = SchemaKeys(document, "/properties");
  // "lint" (PRODUCT.md §7) is in the schema before the reader reads it;
  // once the reader's top-level keys include it, it is compared like the
  // others.
  if (!Contains(TopLevelKeys(), "lint")) top.erase("lint");
  EXPECT_EQ(top, TableKeys(TopLevelKeys()));
  const std::vector<std::pair<std::string, KeyTable>> objects = {
      {"/definitions/bundle/properties", BundleKeys()},
      {"/definitions/kext/properties", KextKeys()},
      {"/definitions/dext/properties", DextKeys()},
      {"/definitions/personality/properties", PersonalityKeys()},
      {"/definitions/driver/anyOf/1/properties", DriverKeys()},
      {"/definitions/pciIdMatch/anyOf/1/items/properties", PciEntryKeys()},
      {"/definitions/pciClassMatch/anyOf/1/properties", PciClassKeys()},
      {"/definitions/match/properties/DeviceUsagePairs/items/properties",
       UsagePairKeys()},
      {"/definitions/match/properties", MatchKeys()},
  };
  for (const auto& [pointer, table] : objects)
    EXPECT_EQ(SchemaKeys(document, pointer), TableKeys(table)) << pointer;
}

}  // namespace
}  // namespace codeless::descriptor
