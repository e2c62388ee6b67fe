// The descriptor format is defined once, by the reader; the JSON Schema
// that `codeless schema` prints for editors must judge every descriptor as
// the reader does. valijson applies the schema. Over every example, every
// error golden and variants built at each limit of the format:
//  - what the schema refuses, the reader refuses (an editor never marks a
//    descriptor codeless accepts), and
//  - what the reader refuses, the schema refuses too, unless every reader
//    diagnostic is of a rule JSON Schema cannot state (kBeyondSchema).
// The resolve stage's checks (catalog, cross-section) are not the format's
// and are not compared.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <tuple>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "codeless/apple/identifiers.h"
#include "codeless/apple/info_keys.h"
#include "codeless/descriptor/key_tables.h"
#include "codeless/descriptor/reader.h"
#include "codeless/diag/render.h"
#include "codeless/resources/resources.h"
#include "support/test_paths.h"

namespace codeless::descriptor {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Rules whose checks JSON Schema cannot express (or cannot express
// without a pattern no editor would show helpfully): the reader has them,
// the schema does not, and the disagreement is only in this direction.
const std::set<std::string> kBeyondSchema = {
    "json-syntax",         // not JSON at all: neither judges
    "json-depth",          // the nesting limit, which JSON Schema lacks
    "json-duplicate-key",  // JSON Schema sees one value per key
    // Which keys a provider reads and whether they narrow its match
    // (apple/match_scope.h: provider classes, USB levels, PCI mask bits).
    "desc-match-family",
    "desc-match-all",
    // $(VAR) references: their values come from the environment, which a
    // schema cannot see (VariableReferences below).
    "desc-variable",
};

struct Verdicts {
  bool reader_accepts;
  std::set<std::string> reader_rules;
  bool schema_accepts;
  std::string schema_errors;
  std::string reader_errors;
};

class SchemaJudge {
 public:
  SchemaJudge()
      : document_(
            json::parse(resources::Find("schemas/descriptor.schema.json"))) {
    valijson::SchemaParser parser;
    valijson::adapters::NlohmannJsonAdapter adapter(document_);
    parser.populateSchema(adapter, schema_);
  }

  Verdicts Judge(const std::string& text,
                 const Environment* environment = nullptr) const {
    Verdicts v;
    diag::SourceFile file("d.json", text);
    diag::Diagnostics diags;
    v.reader_accepts = Read(file, diags, environment).has_value();
    for (const diag::Diagnostic& d : diags.all())
      if (d.severity == diag::Severity::kError)
        v.reader_rules.insert(std::string(d.rule));
    v.reader_errors = diag::RenderText(diags.all());
    json value = json::parse(text, nullptr, false);
    if (value.is_discarded()) {
      v.schema_accepts = false;
      v.schema_errors = "not JSON";
      return v;
    }
    valijson::Validator validator;
    valijson::ValidationResults results;
    valijson::adapters::NlohmannJsonAdapter target(value);
    v.schema_accepts = validator.validate(schema_, target, &results);
    valijson::ValidationResults::Error error;
    while (results.popError(error)) {
      std::string where;
      for (const std::string& c : error.context) where += c;
      v.schema_errors += where + ": " + error.description + "\n";
    }
    return v;
  }

 private:
  json document_;
  valijson::Schema schema_;
};

std::string Disagreement(const std::string& name, const Verdicts& v) {
  if (!v.schema_accepts && v.reader_accepts)
    return name + ": the schema refuses what the reader accepts:\n" +
           v.schema_errors;
  if (v.schema_accepts && !v.reader_accepts) {
    for (const std::string& rule : v.reader_rules)
      if (!kBeyondSchema.count(rule))
        return name + ": the reader refuses (" + rule +
               ") what the schema accepts:\n" + v.reader_errors;
  }
  return "";
}

std::vector<fs::path> Files(const fs::path& directory) {
  std::vector<fs::path> paths;
  for (const auto& entry : fs::directory_iterator(directory))
    if (entry.path().extension() == ".json") paths.push_back(entry.path());
  std::sort(paths.begin(), paths.end());
  return paths;
}

TEST(SchemaAgreementTest, ExamplesAndErrorGoldens) {
  SchemaJudge judge;
  std::string problems;
  int count = 0;
  for (const char* dir :
       {"examples", "tests/golden/errors", "tests/golden/init"}) {
    for (const fs::path& path : Files(testing::SourceDir() / dir)) {
      ++count;
      // With an empty environment, as the CLI reads a descriptor in a
      // shell that sets none of its variables.
      const Environment none;
      problems += Disagreement(path.filename().string(),
                               judge.Judge(testing::ReadTextFile(path), &none));
    }
  }
  EXPECT_EQ(problems, "");
  EXPECT_GT(count, 40);
}

// A valid descriptor with both sections to vary.
json Base() {
  return json::parse(testing::ReadTextFile(testing::SourceDir() /
                                           "examples/both-targets.json"));
}

std::string Variant(const std::string& pointer, const json& value) {
  json document = Base();
  document[json::json_pointer(pointer)] = value;
  return document.dump(2);
}

// Each limit of the format, just inside and just outside, and each grammar
// at its edges; both must judge every one alike.
TEST(SchemaAgreementTest, VariantsAtEachLimit) {
  SchemaJudge judge;
  std::vector<std::pair<std::string, json>> variants = {
      {"/bundle/name", std::string(kMaxBundleNameLength, 'n')},
      {"/bundle/name", std::string(kMaxBundleNameLength + 1, 'n')},
      {"/bundle/name", "a/b"},
      {"/bundle/name", ".hidden"},
      {"/bundle/name", "Acme Widget"},
      {"/bundle/name", ""},
      {"/bundle/identifier", "com." + std::string(59, 'a')},
      {"/bundle/identifier", "com." + std::string(60, 'a')},
      {"/bundle/identifier", "com.acme_widget"},
      {"/bundle/identifier", "com..acme"},
      {"/bundle/identifier", ".com.acme"},
      {"/bundle/identifier", "com.acme."},
      {"/bundle/identifier", "com.acme widget"},
      {"/bundle/identifier", ""},
      {"/bundle/bundleName", ""},
      {"/bundle/bundleName", nullptr},
      {"/bundle/shortVersion", ""},
      {"/bundle/developmentRegion", ""},
      {"/bundle/usageDescription", ""},
      {"/bundle/usageDescription", " Leading space."},
      {"/bundle/copyright", ""},
      {"/dext/serverName", ""},
      {"/dext/class", std::string(kMaxClassNameLength, 'C')},
      {"/dext/class", std::string(kMaxClassNameLength + 1, 'C')},
      {"/dext/class", "_acme"},
      {"/dext/class", "_Acme"},
      {"/dext/class", "Ac__me"},
      {"/dext/class", "9Acme"},
      {"/dext/class", "Acme-Driver"},
      {"/dext/superclass", std::string(kMaxClassNameLength + 1, 'C')},
      {"/dext/minimumDriverKitVersion",
       "1" + std::string(kMaxDriverKitVersionLength - 1, '0')},
      {"/dext/minimumDriverKitVersion",
       "1" + std::string(kMaxDriverKitVersionLength, '0')},
      {"/dext/minimumDriverKitVersion", "19"},
      {"/dext/minimumDriverKitVersion", "19.0.1"},
      {"/dext/minimumDriverKitVersion", "19.0.1.2"},
      {"/dext/minimumDriverKitVersion", "19."},
      {"/dext/minimumDriverKitVersion", ""},
      {"/kext/bundleRequired", "Root"},
      {"/kext/bundleRequired", "Safe Boot"},
      {"/kext/bundleRequired", "DriverKit"},
      {"/kext/bundleRequired", "root"},
      {"/personalities/0/name", ""},
      {"/personalities/0/name", " Acme"},
      {"/personalities/0/name", "Acme\t"},
      {"/personalities/0/provider", "IO Service"},
      {"/personalities/0/provider", std::string(kMaxClassNameLength + 1, 'I')},
      {"/personalities/0/probeScore", 2147483647},
      {"/personalities/0/probeScore", 2147483648},
      {"/personalities/0/probeScore", -2147483648},
      {"/personalities/0/probeScore", -2147483649},
      {"/personalities/0/probeScore", "0x7fffffff"},
      {"/personalities/0/probeScore", "-5"},
      {"/personalities/0/probeScore", 1.5},
      {"/personalities/0/matchCategory", ""},
      {"/personalities/0/targets", json::array()},
      {"/personalities/0/targets", {"kext", "kext"}},
      {"/personalities/0/targets", {"dext"}},
      {"/personalities/0/targets", {"Kext"}},
      {"/personalities/0/match/idVendor", 65535},
      {"/personalities/0/match/idVendor", 65536},
      {"/personalities/0/match/idVendor", -1},
      {"/personalities/0/match/idVendor", "0xffff"},
      {"/personalities/0/match/idVendor", "0xffff"},
      {"/personalities/0/match/idVendor", "0x"},
      {"/personalities/0/match/idVendor", "0x" + std::string(30, '0') + "1"},
      {"/personalities/0/match/idVendor", "0x" + std::string(31, '0') + "1"},
      {"/personalities/0/match/idVendor", "*"},
      // Identifier keys take 0x hex strings only (PRODUCT.md §2, Values).
      {"/personalities/0/match/idVendor", "0483"},
      {"/personalities/0/match/idVendor", "05ac"},
      {"/personalities/0/match/idVendor", "0X05AC"},
      {"/personalities/0/match/idVendor", "65536"},
      {"/personalities/0/match/idProductArray", {"0x12", "12"}},
      {"/personalities/0/match/bcdDevice", "0200"},
      {"/personalities/0/match/bInterfaceNumber", "1"},
      {"/personalities/0/match/VendorID", "1234"},
      {"/personalities/0/match/VendorID", "0x1234"},
      {"/personalities/0/match/ProductID", "*"},
      {"/personalities/0/match/LocationID", "14200000"},
      {"/personalities/0/match/IOPCIPrimaryMatch",
       {{{"vendor", "8086"}, {"device", "0xa2af"}}}},
      {"/personalities/0/match/IOPCIPrimaryMatch",
       {{{"vendor", "0x8086"}, {"device", "0xa2af"}, {"deviceMask", "ff00"}}}},
      {"/personalities/0/match/IOPCIPrimaryMatch",
       {{{"vendor", 32902}, {"device", "0xa2af"}}}},
      {"/personalities/0/match/IOPCIClassMatch",
       {{"class", "030000"}, {"mask", "0xff0000"}}},
      {"/personalities/0/match/idVendor", "1e3"},
      {"/personalities/0/match/bInterfaceNumber", 255},
      {"/personalities/0/match/bInterfaceNumber", 256},
      {"/personalities/0/match/bConfigurationValue", 0},
      {"/personalities/0/match/bConfigurationValue", 255},
      {"/personalities/0/match/bConfigurationValue", 256},
      {"/personalities/0/match/idProductArray", {1, 2}},
      {"/personalities/0/match/idProductArray", json::array()},
      {"/personalities/0/match/IOPropertyMatch", {{"a", 1}}},
      {"/personalities/0/match/IOPropertyMatch", {{"a", {{"$data", "AA=="}}}}},
      {"/personalities/0/match/IOPropertyMatch", {{"a", {{"$data", "AA="}}}}},
      {"/personalities/0/match/IOPropertyMatch", {{"a", {{"$data", ""}}}}},
      {"/personalities/0/match/IOPropertyMatch", {{"a", nullptr}}},
      {"/personalities/0/match/IOPropertyMatch", {{"a", 1.5}}},
      {"/personalities/0/match/IOPropertyMatch", {{"a", -1}}},
      // (valijson reads unsigned numbers above INT64_MAX wrapped, so the
      // schema's maximum cannot be tried on them here.)
      {"/personalities/0/match/IOPropertyMatch", {{"a", INT64_MAX}}},
      {"/personalities/0/match/IOPropertyMatch", {{"a", INT64_MIN}}},
      {"/personalities/0/match/IONameMatch", {"a", "b"}},
      {"/personalities/0/match/IONameMatch", json::array()},
      {"/personalities/0/match/IONameMatch", ""},
  };
  for (std::string_view version :
       {"1",       "1.2",     "1.2.3",    "9999.9999.9999", "10000",
        "1.10000", "1.2.3.4", "1.",       "1.2.",           ".1",
        "01.2",    "1.0d0",   "1.0a0",    "1.0b0",          "1.0f0",
        "1.0fc0",  "1.0f1",   "1.0fc1",   "1.0fc01",        "1.0b255",
        "1.0b256", "1.0b099", "1.0b0255", "1.0b",           "1.0x1",
        "1.0b1x",  "1.0 ",    " 1.0",     "1.0b1 ",         ""}) {
    variants.emplace_back("/bundle/version", std::string(version));
  }
  for (std::string_view key : apple::CodelessBundleKeys()) {
    variants.emplace_back("/bundle/properties", json{{std::string(key), "x"}});
    variants.emplace_back("/bundle/properties",
                          json{{std::string(key) + "_x86_64", "x"}});
  }
  variants.emplace_back("/bundle/properties", json{{"OSBundleRequired_", "x"}});
  variants.emplace_back("/bundle/properties",
                        json{{"CFBundleVersion_x86_64", "x"}});
  variants.emplace_back("/bundle/properties",
                        json{{"OSBundleLibraries", {{"a", "1.0"}}}});
  for (std::string_view key : apple::CodelessPersonalityKeys()) {
    variants.emplace_back("/personalities/0/properties",
                          json{{std::string(key), "x"}});
  }
  variants.emplace_back("/personalities/0/properties",
                        json{{"IOClass_x86_64", "x"}});
  for (std::string_view name : apple::ReservedCppNames())
    variants.emplace_back("/dext/class", std::string(name));
  // The range of an integer written as a string ("0x10000" for a 16-bit
  // key) is the reader's alone: JSON Schema compares numbers, not the
  // numbers strings spell. JSON numbers are range-checked by both.
  for (auto [pointer, value] : std::vector<std::pair<std::string, std::string>>{
           {"/personalities/0/probeScore", "2147483648"},
           {"/personalities/0/match/bInterfaceNumber", "256"},
           {"/personalities/0/match/bInterfaceNumber", "0x100"}}) {
    Verdicts v = judge.Judge(Variant(pointer, value));
    EXPECT_FALSE(v.reader_accepts) << pointer << " = " << value;
    EXPECT_EQ(v.reader_rules, std::set<std::string>{"desc-range"});
    EXPECT_TRUE(v.schema_accepts) << pointer << " = " << value;
  }
  std::string problems;
  for (const auto& [pointer, value] : variants) {
    problems += Disagreement(pointer + " = " + value.dump(),
                             judge.Judge(Variant(pointer, value)));
  }
  EXPECT_EQ(problems, "");
}

// "lint" (PRODUCT.md §7): the schema has it; the variants run once the
// reader's top-level keys include it too.
TEST(SchemaAgreementTest, LintVariants) {
  if (!Contains(TopLevelKeys(), "lint"))
    GTEST_SKIP() << "the reader does not read \"lint\" yet";
  SchemaJudge judge;
  const std::vector<json> variants = {
      {{"disable", {"desc-id-swapped"}}},
      {{"disable", {"desc-id-swapped", "desc-driver-availability"}}},
      json::object(),
      {{"disable", json::array()}},
      {{"$comment", "x"}, {"disable", json::array()}},
      {{"disable", {"desc-id-swapped", "desc-id-swapped"}}},
      {{"disable", "desc-id-swapped"}},
      {{"disable", {1}}},
      {{"disabled", {"desc-id-swapped"}}},
      "desc-id-swapped",
      {"desc-id-swapped"},
  };
  std::string problems;
  for (const json& value : variants)
    problems += Disagreement("/lint = " + value.dump(),
                             judge.Judge(Variant("/lint", value)));
  EXPECT_EQ(problems, "");
}

// desc-identifier-chars and desc-personality-name are lint rules: with
// lint.disable listing them, both the reader and the schema accept what
// they would otherwise refuse (an existing bundle's identifier or
// personality name, as import keeps it); without, both refuse.
TEST(SchemaAgreementTest, LintDisableRelaxesItsRules) {
  SchemaJudge judge;
  const std::vector<std::tuple<std::string, json, std::string>> variants = {
      {"/bundle/identifier", "com.acme kext", "desc-identifier-chars"},
      {"/kext/identifier", "com.acme+kext", "desc-identifier-chars"},
      {"/dext/identifier", "com.acme..dext", "desc-identifier-chars"},
      {"/kext/driver",
       {{"class", "IOService"}, {"bundle", "com.apple kpi.iokit"}},
       "desc-identifier-chars"},
      {"/personalities/0/name", " AcmeMouse", "desc-personality-name"},
      {"/personalities/0/name", "AcmeMouse\t", "desc-personality-name"},
  };
  std::string problems;
  for (const auto& [pointer, value, rule] : variants) {
    json document = Base();
    document[json::json_pointer(pointer)] = value;
    std::string name = pointer + " = " + value.dump();
    Verdicts strict = judge.Judge(document.dump(2));
    EXPECT_FALSE(strict.reader_accepts) << name;
    EXPECT_EQ(strict.reader_rules, std::set<std::string>{rule}) << name;
    problems += Disagreement(name, strict);
    document["lint"] = {{"disable", {rule}}};
    Verdicts relaxed = judge.Judge(document.dump(2));
    EXPECT_TRUE(relaxed.reader_accepts) << name << relaxed.reader_errors;
    problems += Disagreement(name + " with lint.disable", relaxed);
    // Another rule disabled relaxes nothing.
    document["lint"] = {{"disable", {"desc-id-swapped"}}};
    problems += Disagreement(name + " with another rule disabled",
                             judge.Judge(document.dump(2)));
  }
  EXPECT_EQ(problems, "");
}

// $(VAR) references (PRODUCT.md §7): the schema cannot know the
// environment, so it accepts a reference wherever a string has a grammar,
// and the reader judges the expanded value. (Matching values are not
// expanded: they are numbers or hex, and stay as written.) With the variables
// set, both accept; an unset one is desc-variable, which only the reader can
// see.
TEST(SchemaAgreementTest, VariableReferences) {
  SchemaJudge judge;
  const Environment environment = {{"CURRENT_PROJECT_VERSION", "1.2.3"},
                                   {"PRODUCT_NAME", "Acme Widget"},
                                   {"PROVIDER", "IOUSBHostInterface"},
                                   {"DRIVER", "AppleUSBACMData"}};
  const std::vector<std::pair<std::string, json>> variants = {
      {"/bundle/version", "$(CURRENT_PROJECT_VERSION)"},
      {"/bundle/version", "${CURRENT_PROJECT_VERSION}"},
      {"/bundle/identifier",
       "com.acme.driver.$(PRODUCT_NAME:rfc1034identifier)"},
      {"/bundle/name", "$(PRODUCT_NAME:c99extidentifier)"},
      {"/dext/class", "$(PRODUCT_NAME:identifier)Driver"},
      {"/personalities/0/provider", "$(PROVIDER)"},
      {"/personalities/0/driver", "$(DRIVER)"},
  };
  std::string problems;
  for (const auto& [pointer, value] : variants) {
    std::string text = Variant(pointer, value);
    Verdicts set = judge.Judge(text, &environment);
    EXPECT_TRUE(set.schema_accepts) << pointer << ": " << set.schema_errors;
    EXPECT_TRUE(set.reader_accepts) << pointer << ": " << set.reader_errors;
    const Environment empty;
    Verdicts unset = judge.Judge(text, &empty);
    EXPECT_EQ(unset.reader_rules, std::set<std::string>{"desc-variable"})
        << pointer << ": " << unset.reader_errors;
  }
  // A reference does not excuse a value that is wrong around it.
  Verdicts bad = judge.Judge(
      Variant("/bundle/identifier", "com..acme.$(PRODUCT_NAME)"), &environment);
  EXPECT_FALSE(bad.reader_accepts);
}

}  // namespace
}  // namespace codeless::descriptor
