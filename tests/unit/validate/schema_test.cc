// The bundled plist schemas: they load, they use only the keywords the
// validator's interpreter applies (plist_schema.h), and their failures come
// back with the rule, severity and expectation the schema annotates.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "codeless/diag/rules.h"
#include "codeless/resources/resources.h"
#include "codeless/validate/kernel_xml.h"
#include "codeless/validate/plist_schema.h"
#include "codeless/validate/schema_rules.h"
#include "unit/validate/validate_test_support.h"

namespace codeless::validate {
namespace {

using nlohmann::json;

// Keywords that look only at types, the empty string and the "*" wildcard;
// schema_rules.cc's shape fingerprint tells exactly these apart.
const std::set<std::string> kShapeKeywords = {"$schema",
                                              "$id",
                                              "$ref",
                                              "$comment",
                                              "title",
                                              "description",
                                              "definitions",
                                              "type",
                                              "properties",
                                              "patternProperties",
                                              "additionalProperties",
                                              "required",
                                              "items",
                                              "anyOf",
                                              "allOf",
                                              "not",
                                              "const",
                                              "minLength",
                                              "x-rule",
                                              "x-severity"};

void CheckKeywords(const json& schema, const std::string& where) {
  if (!schema.is_object()) return;
  for (const auto& [keyword, value] : schema.items()) {
    EXPECT_TRUE(kShapeKeywords.count(keyword)) << where << ": " << keyword;
    if (keyword == "const") {
      EXPECT_EQ(value, "*") << where;
    }
    if (keyword == "minLength") {
      EXPECT_EQ(value, 1) << where;
    }
    if (keyword == "patternProperties") {
      for (const auto& [pattern, sub] : value.items()) {
        EXPECT_EQ(pattern.find_first_of(".*+?[]()|\\$", 1), std::string::npos)
            << where << ": only literal '^prefix' patterns";
        CheckKeywords(sub, where + "/" + pattern);
      }
    } else if (keyword == "properties" || keyword == "definitions") {
      for (const auto& [name, sub] : value.items()) {
        CheckKeywords(sub, where + "/" + name);
      }
    } else if (value.is_object()) {
      CheckKeywords(value, where + "/" + keyword);
    } else if (value.is_array()) {
      for (const json& item : value) CheckKeywords(item, where + "/" + keyword);
    }
    if (keyword == "x-rule") {
      EXPECT_NE(diag::rules::Find(value.get<std::string>()), nullptr) << where;
    }
  }
}

TEST(SchemaTest, EverySchemaLoads) {
  auto schemas = PlistSchemas::Bundled();
  size_t count = 0;
  for (const resources::Resource& resource : resources::All()) {
    if (!resource.name.starts_with("schemas/plist/")) continue;
    std::string name(resource.name.substr(resource.name.rfind('/') + 1));
    std::string error;
    EXPECT_NE(schemas->Root(name, &error), nullptr) << name << ": " << error;
    ++count;
  }
  EXPECT_EQ(count, 9u);
}

TEST(SchemaTest, UnknownKeywordsDoNotLoad) {
  auto schemas = PlistSchemas::LoadFrom(
      {{"x.schema.json", R"({"type": "object", "maxProperties": 3})"}});
  std::string error;
  EXPECT_EQ(schemas->Root("x.schema.json", &error), nullptr);
  EXPECT_EQ(error,
            "x.schema.json#: the keyword \"maxProperties\" is not one "
            "codeless applies");
}

TEST(SchemaTest, SchemasUseOnlyShapeKeywords) {
  size_t count = 0;
  for (const resources::Resource& resource : resources::All()) {
    if (!resource.name.starts_with("schemas/plist/")) continue;
    ++count;
    json schema = json::parse(resource.bytes);
    EXPECT_EQ(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    CheckKeywords(schema, std::string(resource.name));
  }
  EXPECT_EQ(count, 9u);
}

TEST(SchemaTest, FailuresCarryTheAnnotatedRule) {
  auto schemas = SchemaRules::Create();
  diag::SourceFile file(
      "f.plist",
      "<dict><key>IOClass</key><string/><key>idVendor</key><string>1</string>"
      "<key>IOProbeScore</key><true/><key>DeviceUsagePairs</key><array><dict>"
      "<key>DeviceUsage</key><integer>1</integer></dict></array></dict>");
  diag::Diagnostics diags;
  auto document = ParsePlist(file, diags);
  ASSERT_TRUE(document);
  auto usb = schemas->Failures(SchemaId::kPersonalityUsb, document->root());
  std::set<std::string> seen;
  for (const SchemaFailure& f : usb) {
    std::string where = f.path.empty() ? "" : f.path.back();
    seen.insert(where + "|" + f.missing_key + "|" + std::string(f.rule->id) +
                (f.warning ? "|warning" : "|error") + "|" + f.expected);
  }
  EXPECT_TRUE(
      seen.count("|IOProviderClass|personality-key|error|a non-empty "
                 "<string>"));
  EXPECT_TRUE(
      seen.count("IOClass||personality-key|error|a non-empty <string>"));
  EXPECT_TRUE(
      seen.count("idVendor||match-type|error|an <integer> or the "
                 "wildcard <string>*</string>"));
  EXPECT_TRUE(
      seen.count("IOProbeScore||match-probe-score|warning|an "
                 "<integer>"));
  // DeviceUsagePairs is a HID key: the USB schema does not look at it.
  EXPECT_EQ(usb.size(), 4u);
  auto hid = schemas->Failures(SchemaId::kPersonalityHid, document->root());
  bool missing_page = false;
  for (const SchemaFailure& f : hid) {
    missing_page = missing_page || (f.missing_key == "DeviceUsagePage" &&
                                    f.rule->id == "match-type");
  }
  EXPECT_TRUE(missing_page);
}

TEST(SchemaTest, DataIsNeitherDictNorString) {
  auto schemas = SchemaRules::Create();
  ASSERT_NE(schemas, nullptr);
  diag::SourceFile file("f.plist",
                        "<dict><key>IOClass</key><data>AA==</data>"
                        "<key>IOProviderClass</key><string>X</string>"
                        "<key>IOParentMatch</key><data>AA==</data></dict>");
  diag::Diagnostics diags;
  auto document = ParsePlist(file, diags);
  auto failures =
      schemas->Failures(SchemaId::kPersonalityGeneric, document->root());
  ASSERT_EQ(failures.size(), 2u);
}

TEST(SchemaTest, LongKeysDoNotTroubleThePatterns) {
  auto schemas = SchemaRules::Create();
  ASSERT_NE(schemas, nullptr);
  std::string key(1 << 20, 'I');
  diag::SourceFile file("f.plist",
                        "<dict><key>" + key + "</key><true/></dict>");
  diag::Diagnostics diags;
  auto document = ParsePlist(file, diags);
  EXPECT_TRUE(schemas->Failures(SchemaId::kKextInfo, document->root()).empty());
}

// The typed view shows <data> as {"$data": ...}; a <dict> with a key
// literally named $data (or any $-key) is still a <dict>, and paths through
// such keys are reported with the key as written.
TEST(SchemaTest, DollarKeysAreJustKeys) {
  using fixtures::Kext;
  using fixtures::Personality;
  using fixtures::String;
  using fixtures::UsbBody;
  using fixtures::ValidateInfo;
  EXPECT_EQ(ValidateInfo(Kext(Personality(
                "P", String("$data", "hello") + String("$$x", "y") +
                         "<key>IOPropertyMatch</key><dict>" +
                         String("$data", "AA==") + "</dict>\n" + UsbBody()))),
            "");
  EXPECT_EQ(
      ValidateInfo(Kext(Personality("P", UsbBody()) + String("$data", "hello") +
                        String("$$data", "hello"))),
      "f.plist:18:17: error: personality \"$data\" must be a <dict>, not "
      "a <string> [personality-type]\n"
      "f.plist:19:18: error: personality \"$$data\" must be a <dict>, "
      "not a <string> [personality-type]\n");
  // At the top level too: the plist is a <dict>, not <data>.
  EXPECT_EQ(ValidateInfo(
                fixtures::Replace(Kext(Personality("P", UsbBody())), "<dict>\n",
                                  "<dict>\n" + String("$data", "hello"))),
            "");
}

// A schema node without x-rule reports under the generic rule, at the
// value, with the schema's description as what was expected.
TEST(SchemaTest, UnannotatedSchemasReportThePlistSchemaRule) {
  auto rules = SchemaRules::CreateFrom(PlistSchemas::LoadFrom(
      {{"entitlements.schema.json",
        R"({"type": "object", "properties": {"a": {"type": "boolean",
            "description": "a <true/> or <false/>"}}})"}}));
  diag::SourceFile file("e.entitlements",
                        "<dict>\n<key>a</key><string>x</string>\n</dict>");
  diag::Diagnostics diags;
  auto document = ParsePlist(file, diags);
  ASSERT_TRUE(document);
  rules->CheckEntitlements(FileContext{file, diags}, document->root());
  EXPECT_EQ(diag::RenderText(diags.all()),
            "e.entitlements:2:13: error: a must be a <true/> or "
            "<false/>, not a <string> [plist-schema]\n");
}

// A bundled schema that does not load is the build's bug: an internal
// error, not a finding against the input.
TEST(SchemaTest, ASchemaThatDoesNotLoadIsAnInternalError) {
  auto rules = SchemaRules::CreateFrom(PlistSchemas::LoadFrom(
      {{"entitlements.schema.json", R"({"type": "object", "minimum": 1})"}}));
  diag::SourceFile file("e.entitlements", "<dict/>");
  diag::Diagnostics diags;
  auto document = ParsePlist(file, diags);
  ASSERT_TRUE(document);
  rules->CheckEntitlements(FileContext{file, diags}, document->root());
  EXPECT_EQ(diag::RenderText(diags.all()),
            "codeless: error: internal error: the bundled plist schema "
            "schemas/plist/entitlements.schema.json does not load: "
            "entitlements.schema.json#: the keyword \"minimum\" is not one "
            "codeless applies [internal]\n");
}

}  // namespace
}  // namespace codeless::validate
