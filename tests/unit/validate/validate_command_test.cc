// `codeless validate PATH...` through driver::Run on an in-memory file
// system: what each kind of path is read as, exit statuses and --werror,
// and the JSON and SARIF documents its findings render to.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "support/in_memory_file_system.h"
#include "codeless/diag/render.h"
#include "codeless/diag/rules.h"
#include "codeless/driver/run.h"
#include "unit/validate/validate_test_support.h"

namespace codeless::validate {
namespace {

using namespace fixtures;  // NOLINT: the builders
using nlohmann::json;

driver::RunResult Validate(base::InMemoryFileSystem& fs,
                           std::vector<std::string> paths,
                           bool werror = false) {
  driver::Options options;
  options.command = driver::Command::kValidate;
  options.paths = std::move(paths);
  options.warnings_as_errors = werror;
  return driver::Run(options, fs);
}

std::string KextWithExecutable() {
  return Kext(Personality("P", UsbBody()),
              String("CFBundleExecutable", "Acme"));
}

TEST(ValidateCommandTest, KextBundleExecutableMustExist) {
  base::InMemoryFileSystem fs;
  fs.files["A.kext/Contents/Info.plist"] = KextWithExecutable();
  driver::RunResult missing = Validate(fs, {"A.kext"});
  EXPECT_EQ(missing.exit_code, driver::kExitInvalid);
  EXPECT_EQ(diag::RenderText(missing.diagnostics),
            "A.kext/Contents/Info.plist:8:30: error: CFBundleExecutable is "
            "\"Acme\", but the bundle has no Contents/MacOS/Acme; add the "
            "executable, or for a codeless kext remove the key "
            "[kext-executable-missing]\n");
  fs.files["A.kext/Contents/MacOS/Acme"] = "\xCF\xFA\xED\xFE";
  driver::RunResult present = Validate(fs, {"A.kext/"});
  EXPECT_EQ(present.exit_code, driver::kExitOk);
  EXPECT_TRUE(present.diagnostics.empty());
}

TEST(ValidateCommandTest,
     DextSourceFolderChecksEntitlementsAgainstPersonalities) {
  base::InMemoryFileSystem fs;
  fs.files["Acme/Info.plist"] = Dext(Personality("P", DextUsbBody()));
  fs.files["Acme/Acme.entitlements"] = Entitlements(
      "<key>com.apple.developer.driverkit.transport.usb</key><array><dict>" +
      Integer("idVendor", 1) + "</dict></array>\n");
  driver::RunResult result = Validate(fs, {"Acme"});
  EXPECT_EQ(result.exit_code, driver::kExitInvalid);
  EXPECT_EQ(diag::RenderText(result.diagnostics),
            "Acme/Acme.entitlements:6:55: error: no "
            "com.apple.developer.driverkit.transport.usb entry covers "
            "personality \"P\" (Info.plist:13), idVendor 4660, idProduct "
            "22136, so the kernel refuses to start the dext on its devices; "
            "add an entry such as { idVendor = N } with the personality's "
            "vendor [ent-transport]\n");
}

TEST(ValidateCommandTest, EntitlementsAloneGetSingleFileChecksOnly) {
  base::InMemoryFileSystem fs;
  fs.files["A.entitlements"] = Entitlements("");
  driver::RunResult result = Validate(fs, {"A.entitlements"});
  EXPECT_EQ(result.exit_code, driver::kExitOk);
  EXPECT_TRUE(result.diagnostics.empty());
  // The same content named like a plist is recognised as entitlements.
  fs.files["entitlements.plist"] = Entitlements("");
  EXPECT_TRUE(Validate(fs, {"entitlements.plist"}).diagnostics.empty());
}

TEST(ValidateCommandTest, WerrorMakesWarningsFail) {
  base::InMemoryFileSystem fs;
  fs.files["Info.plist"] =
      Kext(Personality("P", UsbBody()),
           "<key>OSBundleLibraries</key><dict><key>com.apple.kpi.iokit</key>"
           "<string>9.0</string></dict>\n");
  EXPECT_EQ(Validate(fs, {"Info.plist"}).exit_code, driver::kExitOk);
  driver::RunResult strict = Validate(fs, {"Info.plist"}, true);
  EXPECT_EQ(strict.exit_code, driver::kExitInvalid);
  // The warning, then one note that says why exit 1 came of it.
  std::string text = diag::RenderText(strict.diagnostics);
  EXPECT_TRUE(text.ends_with(
      "[kext-libraries]\n"
      "codeless: note: --werror counts the 1 warning above as errors "
      "[usage]\n"))
      << text;
}

TEST(ValidateCommandTest, UnreadablePathsAreReported) {
  base::InMemoryFileSystem fs;
  driver::RunResult result = Validate(fs, {"missing.plist"});
  EXPECT_EQ(result.exit_code, driver::kExitInvalid);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].rule, "io-read");
}

// Findings of several kinds, files and severities.
std::vector<diag::Diagnostic> Findings() {
  base::InMemoryFileSystem fs;
  fs.files["k/Info.plist"] =
      Kext(Personality("P", Replace(UsbBody(), "4660", "70000")),
           "<key>OSBundleLibraries</key><dict><key>com.apple.kpi.iokit</key>"
           "<string>9.0</string></dict>\n");
  fs.files["d/Info.plist"] = Dext(Personality("P", DextUsbBody()));
  fs.files["d/D.entitlements"] = Entitlements("");
  return Validate(fs, {"k/Info.plist", "d"}).diagnostics;
}

TEST(ValidateCommandTest, JsonOutputIsOneValidDocument) {
  std::vector<diag::Diagnostic> findings = Findings();
  ASSERT_GE(findings.size(), 3u);
  json document = json::parse(diag::RenderJson(findings));
  EXPECT_EQ(document["errors"], 2);
  EXPECT_EQ(document["warnings"], 1);
  for (const json& d : document["diagnostics"]) {
    EXPECT_TRUE(d["severity"] == "error" || d["severity"] == "warning");
    EXPECT_NE(diag::rules::Find(d["rule"].get<std::string>()), nullptr);
    EXPECT_GE(d["line"].get<int>(), 1);
    EXPECT_GE(d["column"].get<int>(), 1);
    EXPECT_FALSE(d["message"].get<std::string>().empty());
  }
}

TEST(ValidateCommandTest, SarifOutputIsAValidSarifLog) {
  std::vector<diag::Diagnostic> findings = Findings();
  json log = json::parse(
      diag::RenderSarif(findings, {driver::Version(), driver::kExitInvalid}));
  EXPECT_EQ(log["version"], "2.1.0");
  EXPECT_EQ(log["$schema"], "https://json.schemastore.org/sarif-2.1.0.json");
  ASSERT_EQ(log["runs"].size(), 1u);
  const json& run = log["runs"][0];
  const json& rules = run["tool"]["driver"]["rules"];
  EXPECT_EQ(run["tool"]["driver"]["name"], "codeless");
  EXPECT_EQ(rules.size(), diag::rules::All().size());
  for (const json& rule : rules) {
    EXPECT_TRUE(rule["id"].is_string());
    EXPECT_FALSE(rule["shortDescription"]["text"].get<std::string>().empty());
  }
  ASSERT_EQ(run["results"].size(), findings.size());
  for (const json& result : run["results"]) {
    size_t index = result["ruleIndex"].get<size_t>();
    ASSERT_LT(index, rules.size());
    EXPECT_EQ(rules[index]["id"], result["ruleId"]);
    EXPECT_TRUE(result["level"] == "error" || result["level"] == "warning" ||
                result["level"] == "note");
    EXPECT_FALSE(result["message"]["text"].get<std::string>().empty());
    const json& location = result["locations"][0]["physicalLocation"];
    EXPECT_TRUE(location["artifactLocation"]["uri"].is_string());
    EXPECT_GE(location["region"]["startLine"].get<int>(), 1);
    EXPECT_GE(location["region"]["startColumn"].get<int>(), 1);
  }
}

}  // namespace
}  // namespace codeless::validate
