#include "codeless/diag/render.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "codeless/diag/rules.h"

namespace codeless::diag {
namespace {

std::vector<Diagnostic> Sample() {
  SourceFile file("dir/a.json", "{\n  \"x\": 1\n}\n");
  Diagnostics diags;
  diags.Error(rules::kDescRange, Location::At(file, 9), "too big");
  diags.Warning(rules::kDescMatchFamily, Location::Whole(file), "odd");
  diags.Note(rules::kIoRead, Location::Nowhere(), "no file");
  return diags.Take();
}

TEST(RenderTest, TextIsOneGnuLinePerDiagnostic) {
  EXPECT_EQ(RenderText(Sample()),
            "dir/a.json:2:8: error: too big [desc-range]\n"
            "dir/a.json: warning: odd [desc-match-family]\n"
            "codeless: note: no file [io-read]\n");
}

TEST(RenderTest, JsonHasCountsAndNullsForMissingPositions) {
  auto document = nlohmann::json::parse(RenderJson(Sample()));
  EXPECT_EQ(document["errors"], 1);
  EXPECT_EQ(document["warnings"], 1);
  EXPECT_EQ(document["diagnostics"][0]["line"], 2);
  EXPECT_EQ(document["diagnostics"][0]["column"], 8);
  EXPECT_EQ(document["diagnostics"][0]["rule"], "desc-range");
  EXPECT_TRUE(document["diagnostics"][1]["line"].is_null());
  EXPECT_TRUE(document["diagnostics"][2]["path"].is_null());
}

TEST(RenderTest, SarifCarriesRuleMetadataAndRegions) {
  auto log = nlohmann::json::parse(RenderSarif(Sample(), "9.9"));
  EXPECT_EQ(log["version"], "2.1.0");
  const auto& run = log["runs"][0];
  EXPECT_EQ(run["tool"]["driver"]["version"], "9.9");
  EXPECT_EQ(run["tool"]["driver"]["rules"].size(), rules::All().size());
  const auto& result = run["results"][0];
  EXPECT_EQ(result["ruleId"], "desc-range");
  EXPECT_EQ(
      run["tool"]["driver"]["rules"][result["ruleIndex"].get<size_t>()]["id"],
      "desc-range");
  EXPECT_EQ(result["level"], "error");
  EXPECT_EQ(result["locations"][0]["physicalLocation"]["region"]["startLine"],
            2);
  EXPECT_FALSE(run["results"][2].contains("locations"));
}

// A file of several bundles (a prelinked-info dictionary): each finding
// says which bundle it is in.
TEST(RenderTest, FindingsInABundleOfSeveralNameIt) {
  SourceFile file("p.plist", "<dict/>\n");
  Diagnostics diags;
  diags.BeginBundle("com.acme.kext");
  diags.Error(rules::kXmlSyntax, Location::At(file, 0), "broken");
  diags.EndBundle();
  diags.Warning(rules::kXmlSyntax, Location::At(file, 0), "odd");
  EXPECT_EQ(RenderText(diags.all()),
            "p.plist:1:1: error: in com.acme.kext: broken [xml-syntax]\n"
            "p.plist:1:1: warning: odd [xml-syntax]\n");
  auto document = nlohmann::json::parse(RenderJson(diags.all()));
  EXPECT_EQ(document["diagnostics"][0]["bundle"], "com.acme.kext");
  EXPECT_EQ(document["diagnostics"][0]["message"], "broken");
  EXPECT_FALSE(document["diagnostics"][1].contains("bundle"));
  auto log = nlohmann::json::parse(RenderSarif(diags.all(), "1"));
  const auto& result = log["runs"][0]["results"][0];
  EXPECT_EQ(result["message"]["text"], "in com.acme.kext: broken");
  EXPECT_EQ(result["properties"]["bundle"], "com.acme.kext");
}

TEST(RenderTest, ControlCharactersCannotForgeALine) {
  SourceFile file("sp ace/a.plist", "x");
  Diagnostics diags;
  diags.Error(rules::kXmlSyntax, Location::At(file, 0),
              "key \"XH\nCI: error: fake [x]\" \x01");
  EXPECT_EQ(RenderText(diags.all()),
            "sp ace/a.plist:1:1: error: key \"XH\\nCI: error: fake [x]\" \\x01 "
            "[xml-syntax]\n");
  auto log = nlohmann::json::parse(RenderSarif(diags.all(), "1"));
  EXPECT_EQ(log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
               ["artifactLocation"]["uri"],
            "sp%20ace/a.plist");
}

TEST(DiagnosticsTest, PathOnlyLocationsPrintThePath) {
  Diagnostics diags;
  diags.Error(rules::kIoRead, Location::Path("x.json"),
              "cannot read the descriptor: gone");
  EXPECT_EQ(RenderText(diags.all()),
            "x.json: error: cannot read the descriptor: gone [io-read]\n");
}

TEST(DiagnosticsTest, StopsKeepingErrorsAtTheLimit) {
  SourceFile file("f", "");
  Diagnostics diags(2);
  for (int i = 0; i < 5; ++i) {
    diags.Error(rules::kDescValue, Location::Whole(file), "e");
    diags.Note(rules::kDescValue, Location::Whole(file), "n");
  }
  EXPECT_EQ(diags.error_count(), 5u);
  // Two errors with their notes, then the limit note and no dangling notes.
  ASSERT_EQ(diags.all().size(), 5u);
  EXPECT_EQ(diags.all()[4].rule, "too-many-errors");
}

TEST(RulesTest, IdsAreUniqueAndFindable) {
  for (const Rule& rule : rules::All()) {
    EXPECT_EQ(rules::Find(rule.id), &rule) << rule.id;
  }
}

}  // namespace
}  // namespace codeless::diag
