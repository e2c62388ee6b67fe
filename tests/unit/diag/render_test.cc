#include "codeless/diag/render.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

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

// The rules array every SARIF log carries: each rule's id and summary, in
// rules.def order (ruleIndex counts in it).
nlohmann::ordered_json SarifRules() {
  nlohmann::ordered_json rules = nlohmann::ordered_json::array();
  for (const Rule& rule : rules::All()) {
    rules.push_back(
        {{"id", rule.id}, {"shortDescription", {{"text", rule.summary}}}});
  }
  return rules;
}

size_t RuleIndex(std::string_view id) {
  return static_cast<size_t>(rules::Find(id) - rules::All().data());
}

// Parses a rendered SARIF log, checks that it is pretty-printed and that its
// rules are rules.def's, and gives it back with the rules array replaced by
// "RULES", so tests can state the rest exactly.
nlohmann::ordered_json SarifWithoutRules(const std::string& text) {
  EXPECT_TRUE(text.starts_with("{\n  \"$schema\": "));
  EXPECT_TRUE(text.ends_with("}\n"));
  auto log = nlohmann::ordered_json::parse(text);
  auto& rules = log["runs"][0]["tool"]["driver"]["rules"];
  EXPECT_EQ(rules, SarifRules());
  rules = "RULES";
  return log;
}

TEST(RenderTest, SarifIsTheExactLog) {
  auto log = SarifWithoutRules(RenderSarif(Sample(), {"9.9", 1, true}));
  auto expected = nlohmann::ordered_json::parse(R"({
  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
  "version": "2.1.0",
  "runs": [{
    "tool": {"driver": {"name": "codeless", "version": "9.9",
                        "informationUri": "https://codeless.invalid/",
                        "rules": "RULES"}},
    "invocations": [{"executionSuccessful": true, "exitCode": 1}],
    "columnKind": "unicodeCodePoints",
    "results": [
      {"ruleId": "desc-range", "ruleIndex": 0, "level": "error",
       "message": {"text": "too big"},
       "locations": [{"physicalLocation": {
         "artifactLocation": {"uri": "dir/a.json"},
         "region": {"startLine": 2, "startColumn": 8}}}]},
      {"ruleId": "desc-match-family", "ruleIndex": 0,
       "level": "warning", "message": {"text": "odd"},
       "locations": [{"physicalLocation": {
         "artifactLocation": {"uri": "dir/a.json"}}}]},
      {"ruleId": "io-read", "ruleIndex": 0, "level": "note",
       "message": {"text": "no file"}}
    ]
  }]
})");
  expected["runs"][0]["results"][0]["ruleIndex"] = RuleIndex("desc-range");
  expected["runs"][0]["results"][1]["ruleIndex"] =
      RuleIndex("desc-match-family");
  expected["runs"][0]["results"][2]["ruleIndex"] = RuleIndex("io-read");
  EXPECT_EQ(log, expected);
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
  auto log = nlohmann::json::parse(RenderSarif(diags.all(), {"1", 1, true}));
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
  auto log = nlohmann::json::parse(RenderSarif(diags.all(), {"1", 1, true}));
  EXPECT_EQ(log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
               ["artifactLocation"]["uri"],
            "sp%20ace/a.plist");
}

// Bytes that are no UTF-8 (a binary file's, cut or overlong sequences,
// surrogates) are shown as \xNN; UTF-8 text stays as it is.
TEST(RenderTest, BytesThatAreNotUtf8AreShownEscaped) {
  SourceFile file("a.plist", "x");
  Diagnostics diags;
  diags.Error(rules::kXmlStructure, Location::At(file, 0),
              "text \"\x89PNG \xC3\xA4 \xE2\x82\xAC \xF0\x9F\x98\x80 \xC3 "
              "\xC0\xAF \xED\xA0\x80 \xF4\x90\x80\x80 \xE2\x82\"");
  EXPECT_EQ(RenderText(diags.all()),
            "a.plist:1:1: error: text \"\\x89PNG \xC3\xA4 \xE2\x82\xAC "
            "\xF0\x9F\x98\x80 \\xc3 \\xc0\\xaf \\xed\\xa0\\x80 "
            "\\xf4\\x90\\x80\\x80 \\xe2\\x82\" [xml-structure]\n");
}

// Columns: text and JSON count bytes; SARIF declares unicodeCodePoints and
// counts code points, here after "ä" and "€" (2 and 3 bytes) on the line.
TEST(RenderTest, SarifColumnsCountCodePointsTextAndJsonBytes) {
  const std::string text = "{\n  \"n\u00e4me\": \"\u20ac\", \"x\": 1\n}\n";
  SourceFile file("a.json", text);
  Diagnostics diags;
  diags.Error(rules::kDescRange, Location::At(file, text.find("\"x\"")),
              "too big");
  EXPECT_EQ(RenderText(diags.all()),
            "a.json:2:19: error: too big [desc-range]\n");
  auto document = nlohmann::json::parse(RenderJson(diags.all()));
  EXPECT_EQ(document["diagnostics"][0]["column"], 19);
  auto log = SarifWithoutRules(RenderSarif(diags.all(), {"1", 1, true}));
  EXPECT_EQ(log["runs"][0]["columnKind"], "unicodeCodePoints");
  EXPECT_EQ(
      log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
         ["region"],
      nlohmann::ordered_json::parse(R"({"startLine": 2, "startColumn": 16})"));
}

// Relative paths stay relative references, absolute ones become file://
// URIs; both %-encode all but RFC 3986's unreserved characters and '/'.
TEST(RenderTest, SarifUrisAreRelativeOrFileUris) {
  SourceFile relative("My Driver/50%#1:\u00e4.plist", "x");
  SourceFile absolute("/Users/me/My Driver/Info.plist", "x");
  SourceFile dotted("../a b/Info.plist", "x");
  Diagnostics diags;
  diags.Error(rules::kXmlSyntax, Location::At(relative, 0), "a");
  diags.Error(rules::kXmlSyntax, Location::Whole(absolute), "b");
  diags.Error(rules::kIoRead, Location::Path("/tmp/x y.plist"), "c");
  diags.Error(rules::kXmlSyntax, Location::Whole(dotted), "d");
  auto log = SarifWithoutRules(RenderSarif(diags.all(), {"1", 1, true}));
  std::vector<std::string> uris;
  for (const auto& result : log["runs"][0]["results"]) {
    uris.push_back(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]);
  }
  EXPECT_EQ(uris, (std::vector<std::string>{
                      "My%20Driver/50%25%231%3A%C3%A4.plist",
                      "file:///Users/me/My%20Driver/Info.plist",
                      "file:///tmp/x%20y.plist", "../a%20b/Info.plist"}));
}

// The one invocation records the exit code; an internal error is no
// successful execution, findings (exit 1) are.
TEST(RenderTest, SarifInvocationRecordsTheExitCode) {
  auto ok = SarifWithoutRules(RenderSarif({}, {"1", 0, true}));
  EXPECT_EQ(ok["runs"][0]["invocations"],
            nlohmann::ordered_json::parse(
                R"([{"executionSuccessful": true, "exitCode": 0}])"));
  EXPECT_EQ(ok["runs"][0]["results"], nlohmann::ordered_json::array());
  auto internal = SarifWithoutRules(RenderSarif({}, {"1", 70, false}));
  EXPECT_EQ(internal["runs"][0]["invocations"],
            nlohmann::ordered_json::parse(
                R"([{"executionSuccessful": false, "exitCode": 70}])"));
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
    diags.Error(rules::kDescValue, Location::Whole(file),
                "e" + std::to_string(i));
    diags.Note(rules::kDescValue, Location::Whole(file), "n");
  }
  EXPECT_EQ(diags.error_count(), 5u);
  // Two errors with their notes, then the limit note and no dangling notes.
  ASSERT_EQ(diags.all().size(), 5u);
  EXPECT_EQ(diags.all()[4].rule, "too-many-errors");
}

// The same finding at the same place is kept once (generate validates each
// target's files, and both may carry one problem of the descriptor), with
// its notes, and counted once; a note after it that the first instance
// does not have is kept.
TEST(DiagnosticsTest, KeepsARepeatedFindingOnce) {
  SourceFile file("f.json", "{}\n");
  Diagnostics diags;
  for (int i = 0; i < 2; ++i) {
    diags.Error(rules::kMatchPciClass, Location::At(file, 1), "bad class");
    diags.Note(rules::kMatchPciClass, Location::At(file, 0), "its note");
  }
  diags.Note(rules::kDescTarget, Location::Whole(file), "a closing note");
  diags.Warning(rules::kMatchPciClass, Location::At(file, 1), "bad class");
  EXPECT_EQ(diags.error_count(), 1u);
  EXPECT_EQ(diags.warning_count(), 1u);  // another severity: another finding
  EXPECT_EQ(RenderText(diags.all()),
            "f.json:1:2: error: bad class [match-pci-class]\n"
            "f.json:1:1: note: its note [match-pci-class]\n"
            "f.json: note: a closing note [desc-target]\n"
            "f.json:1:2: warning: bad class [match-pci-class]\n");
}

TEST(RulesTest, IdsAreUniqueAndFindable) {
  for (const Rule& rule : rules::All()) {
    EXPECT_EQ(rules::Find(rule.id), &rule) << rule.id;
  }
}

}  // namespace
}  // namespace codeless::diag
