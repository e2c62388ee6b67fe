// valijson, a complete JSON Schema implementation, as the oracle of the
// validator's own schema interpreter (plist_schema.h): over the Info.plists
// and entitlements of the corpus and of the golden outputs, and over
// personalities whose values are swapped for other types, both find exactly
// the same failing places. valijson is a test dependency only.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <string>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "codeless/apple/info_keys.h"
#include "codeless/base/json_pointer.h"
#include "codeless/diag/diagnostic.h"
#include "codeless/resources/resources.h"
#include "codeless/validate/kernel_xml.h"
#include "codeless/validate/plist_schema.h"
#include "support/test_paths.h"

namespace codeless::validate {
namespace {

using nlohmann::json;
using Places = std::set<std::pair<std::vector<std::string>, std::string>>;

std::string ViewKey(std::string_view key) {
  return key.starts_with('$') ? "$" + std::string(key) : std::string(key);
}

// The typed JSON view of a plist value that the schemas are written for.
json View(const Node& node) {
  switch (node.type) {
    case NodeType::kDict: {
      json object = json::object();
      for (size_t i = 0; i < node.keys().size(); ++i) {
        object[ViewKey(node.keys()[i].name())] = View(node.children()[i]);
      }
      return object;
    }
    case NodeType::kArray:
    case NodeType::kSet: {
      json array = json::array();
      for (const Node& child : node.children()) array.push_back(View(child));
      return array;
    }
    case NodeType::kString:
      return std::string(node.text());
    case NodeType::kInteger:
      return node.integer();
    case NodeType::kData:
      return json{{"$data", std::string(node.text())}};
    case NodeType::kTrue:
      return true;
    case NodeType::kFalse:
      return false;
  }
  return nullptr;
}

class Oracle {
 public:
  Oracle() {
    for (const resources::Resource& resource : resources::All()) {
      if (!resource.name.starts_with("schemas/plist/")) continue;
      std::string name(resource.name.substr(resource.name.rfind('/') + 1));
      documents_[name] = json::parse(resource.bytes);
    }
  }

  // The failing places valijson finds, without its summaries.
  Places Check(const std::string& document, const json& view) {
    auto& schema = compiled_[document];
    if (!schema) {
      schema = std::make_unique<valijson::Schema>();
      valijson::SchemaParser parser;
      valijson::adapters::NlohmannJsonAdapter adapter(documents_.at(document));
      parser.populateSchema(
          adapter, *schema,
          [this](const std::string& uri) -> const json* {
            std::string name = uri.substr(0, uri.find('#'));
            name = name.substr(name.rfind('/') + 1);
            return &documents_.at(name);
          },
          [](const json*) {});
    }
    valijson::Validator validator;
    valijson::ValidationResults results;
    valijson::adapters::NlohmannJsonAdapter target(view);
    Places places;
    if (validator.validate(*schema, target, &results)) return places;
    valijson::ValidationResults::Error error;
    while (results.popError(error)) {
      if (error.description.starts_with("Failed to validate")) continue;
      std::vector<std::string> path;
      for (std::string& token : base::SchemaContextTokens(error.context)) {
        if (token.starts_with("$$")) token.erase(0, 1);
        path.push_back(std::move(token));
      }
      std::string missing;
      constexpr std::string_view kMissing = "Missing required property '";
      if (error.description.starts_with(kMissing)) {
        missing = error.description.substr(kMissing.size());
        missing = missing.substr(0, missing.find('\''));
        if (missing.starts_with("$$")) missing.erase(0, 1);
      }
      places.emplace(std::move(path), std::move(missing));
    }
    return places;
  }

 private:
  std::map<std::string, json> documents_;
  std::map<std::string, std::unique_ptr<valijson::Schema>> compiled_;
};

class SchemaOracleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    schemas_ = PlistSchemas::Bundled();
  }

  Places Ours(const std::string& document, const Node& node) {
    Places places;
    const Schema* root = schemas_->Root(document);
    if (root == nullptr) return places;
    for (SchemaMiss& miss : schemas_->Check(*root, node)) {
      places.emplace(std::move(miss.path), std::move(miss.missing_key));
    }
    return places;
  }

  // Both judge `node` against `document` alike; true when it fails.
  bool Agree(const std::string& document, const Node& node,
             const std::string& what) {
    Places ours = Ours(document, node);
    Places theirs = oracle_.Check(document, View(node));
    EXPECT_EQ(ours, theirs) << what << " against " << document;
    ++checks_;
    return !ours.empty();
  }

  // Every schema an Info.plist or entitlements file meets in validation.
  void CheckFile(const std::string& path, const std::string& text) {
    diag::SourceFile file(path, text);
    diag::Diagnostics diags;
    auto document = ParsePlist(file, diags);
    if (!document || !document->root().is_dict()) return;
    const Node& root = document->root();
    bool entitlements = path.ends_with(".entitlements");
    if (entitlements) {
      Agree("entitlements.schema.json", root, path);
      return;
    }
    Agree("kext-info.schema.json", root, path);
    Agree("dext-info.schema.json", root, path);
    for (size_t i = 0; i < root.keys().size(); ++i) {
      if (!apple::IsArchVariantOf(root.keys()[i].name(), "IOKitPersonalities") ||
          !root.children()[i].is_dict()) {
        continue;
      }
      const Node& personalities = root.children()[i];
      for (size_t j = 0; j < personalities.children().size(); ++j) {
        for (const char* schema :
             {"personality-generic.schema.json", "personality-usb.schema.json",
              "personality-pci.schema.json", "personality-hid.schema.json"}) {
          Agree(schema, personalities.children()[j],
                path + " " + std::string(personalities.keys()[j].name()));
        }
      }
    }
  }

  std::unique_ptr<PlistSchemas> schemas_;
  Oracle oracle_;
  int checks_ = 0;
};

TEST_F(SchemaOracleTest, AgreesOnEveryCorpusAndGoldenFile) {
  namespace fs = std::filesystem;
  std::vector<fs::path> roots = {
      codeless::testing::SourceDir() / "tests/golden/examples",
      codeless::testing::SourceDir() / "../shared/corpus"};
  int files = 0;
  for (const fs::path& root : roots) {
    if (!fs::exists(root)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
      std::string name = entry.path().filename().string();
      if (!entry.is_regular_file() ||
          !(name.ends_with(".plist") || name.ends_with(".entitlements") ||
            name.ends_with(".plist.in"))) {
        continue;
      }
      CheckFile(entry.path().string(),
                codeless::testing::ReadTextFile(entry.path()));
      ++files;
    }
  }
  EXPECT_GT(files, 20);
  EXPECT_GT(checks_, 400);
}

// Values of every type in every place a schema looks at.
TEST_F(SchemaOracleTest, AgreesOnValuesOfEveryType) {
  const std::vector<std::string> values = {
      "<string>x</string>", "<string></string>", "<string>*</string>",
      "<integer>1</integer>", "<true/>", "<false/>", "<data>AA==</data>",
      "<array/>", "<array><integer>1</integer><string>x</string></array>",
      "<array><dict><key>DeviceUsagePage</key><integer>1</integer></dict>"
      "<dict/></array>",
      "<dict/>", "<dict><key>$data</key><string>x</string></dict>",
      "<dict><key>IOClass</key><string>x</string></dict>"};
  std::vector<std::string> keys = {"IOClass", "IOProviderClass",
                                   "CFBundleIdentifier", "IOProbeScore",
                                   "IONameMatch", "IOPropertyMatch",
                                   "idVendor", "idProductArray", "IOPCIMatch",
                                   "VendorID", "DeviceUsagePairs",
                                   "IOKitPersonalities", "OSBundleLibraries",
                                   "OSBundleLibraries_x86_64",
                                   "com.apple.developer.driverkit.transport.usb",
                                   "com.apple.developer.driverkit",
                                   "$data", "Other"};
  std::mt19937 random(11);
  int failing = 0;
  for (int round = 0; round < 1500; ++round) {
    std::string body;
    int members = 1 + static_cast<int>(random() % 5);
    for (int m = 0; m < members; ++m) {
      body += "<key>" + keys[random() % keys.size()] + "</key>" +
              values[random() % values.size()] + "\n";
    }
    std::string text =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\">"
        "<dict>\n" +
        body + "</dict></plist>\n";
    diag::SourceFile file("f.plist", text);
    diag::Diagnostics diags;
    auto document = ParsePlist(file, diags);
    if (!document) continue;  // a key twice
    for (const char* schema :
         {"kext-info.schema.json", "dext-info.schema.json",
          "personality-generic.schema.json", "personality-usb.schema.json",
          "personality-pci.schema.json", "personality-hid.schema.json",
          "entitlements.schema.json"}) {
      failing += Agree(schema, document->root(), text) ? 1 : 0;
    }
  }
  EXPECT_GT(failing, 1000);  // the values do break the schemas
}

}  // namespace
}  // namespace codeless::validate
