// `codeless explain`: every rule of rules.def has an explanation with what
// it checks, why and how to fix it; the text is exact; an unknown rule is a
// usage error with a did-you-mean.
#include "codeless/diag/explanations.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "codeless/diag/rules.h"
#include "codeless/driver/run.h"
#include "support/in_memory_file_system.h"

namespace codeless::diag {
namespace {

// A new rule in rules.def needs an entry in
// src/codeless/diag/explanations.def:
//   EXPLAIN("rule-id", "what it checks", "why (the Apple source)",
//           "how to fix it", "an example finding, or \"\"")
TEST(ExplanationsTest, EveryRuleHasAnExplanation) {
  for (const Rule& rule : rules::All()) {
    const Explanation* explanation = FindExplanation(rule.id);
    if (explanation == nullptr) {
      ADD_FAILURE() << "rule \"" << rule.id
                    << "\" has no explanation: add EXPLAIN(\"" << rule.id
                    << "\", checks, why, fix, example) to "
                       "src/codeless/diag/explanations.def";
      continue;
    }
    EXPECT_FALSE(explanation->checks.empty()) << rule.id << ": checks";
    EXPECT_FALSE(explanation->why.empty()) << rule.id << ": why";
    EXPECT_FALSE(explanation->fix.empty()) << rule.id << ": fix";
  }
}

TEST(ExplanationsTest, EveryExampleIsAFindingOfItsRule) {
  for (const Explanation& explanation : AllExplanations()) {
    std::string_view example = explanation.example;
    std::string tail = "[" + std::string(explanation.id) + "]";
    while (!example.empty()) {
      std::string_view line = example.substr(0, example.find('\n'));
      EXPECT_TRUE(line.size() >= tail.size() &&
                  line.substr(line.size() - tail.size()) == tail)
          << explanation.id << ": " << line;
      example.remove_prefix(std::min(example.size(), line.size() + 1));
    }
  }
}

TEST(ExplanationsTest, EveryExplanationNamesARuleOnce) {
  std::set<std::string_view> seen;
  for (const Explanation& explanation : AllExplanations()) {
    EXPECT_NE(rules::Find(explanation.id), nullptr)
        << "explanations.def explains \"" << explanation.id
        << "\", which is no rule in rules.def";
    EXPECT_TRUE(seen.insert(explanation.id).second)
        << "\"" << explanation.id << "\" is explained twice";
  }
}

TEST(ExplanationsTest, TextOfARuleWithAnExample) {
  EXPECT_EQ(
      ExplainText(rules::kDescUnknownKey),
      R"(desc-unknown-key: a descriptor object has a key the format does not define

What it checks
  A descriptor object has a key that format version 1 does not define
  (PRODUCT.md section 2), usually a misspelling.

Why
  An unknown key would otherwise be silently ignored and the setting it was
  meant to make lost; the message names the closest known key.

How to fix it
  Use the key the message suggests; `codeless schema` lists every key. Notes go
  in `$comment` keys, which are ignored everywhere.

Example
  acme.json:3:14: error: unknown key "identifer" in "bundle"; did you mean "identifier"? [desc-unknown-key]
)");
}

TEST(ExplanationsTest, TextOfARuleWithoutAnExample) {
  EXPECT_EQ(
      ExplainText(rules::kMatchPciClass),
      R"(match-pci-class: IOPCIClassMatch names a reserved base class, or a class code without the revision byte

What it checks
  IOPCIClassMatch names a reserved base class, or is a 24-bit class code without
  the revision byte.

Why
  IOPCIClassMatch compares class-code << 8 | revision (IOPCIFamily
  IOPCIBridge.cpp, config offset 0x08), so "0x0c0330" asks for base class 0x00,
  not xHCI.

How to fix it
  Write "0x0c033000&0xffffff00", or {"class": "0x0c0330"} in the descriptor.
)");
}

TEST(ExplanationsTest, NoWrappedLineIsWiderThan80Columns) {
  // The first line (id and summary) and the example findings are printed as
  // they are; the paragraphs between are wrapped to 80 columns.
  for (const Rule& rule : rules::All()) {
    std::string text = ExplainText(rule);
    size_t start = text.find('\n') + 1;
    while (start < text.size()) {
      size_t end = text.find('\n', start);
      std::string_view line(text.data() + start, end - start);
      if (line == "Example") break;
      // Only a line of one long word may be wider.
      if (line.find(' ', 2) != std::string_view::npos) {
        EXPECT_LE(line.size(), 80u) << rule.id << ": " << line;
      }
      start = end + 1;
    }
  }
}

TEST(ExplanationsTest, TheListHasEveryRuleWithItsSummary) {
  std::string list = RuleListText();
  size_t lines = 0;
  for (char c : list) lines += c == '\n';
  EXPECT_EQ(lines, rules::All().size());
  EXPECT_EQ(list.substr(0, list.find('\n')),
            "io-read                        an input file could not be read");
}

TEST(ExplainCommandTest, AnUnknownRuleIsAUsageErrorWithDidYouMean) {
  base::InMemoryFileSystem file_system;
  driver::Options options;
  options.command = driver::Command::kExplain;
  options.explain_rule = "desc-id-swaped";
  driver::RunResult result = driver::Run(options, file_system);
  EXPECT_EQ(result.exit_code, driver::kExitUsage);
  EXPECT_EQ(result.standard_output, "");
  EXPECT_EQ(result.standard_error,
            "codeless: error: unknown rule \"desc-id-swaped\" (did you mean "
            "\"desc-id-swapped\"?); run 'codeless explain' for the list of "
            "rules [usage]\n");

  options.explain_rule = "frobnicate";
  result = driver::Run(options, file_system);
  EXPECT_EQ(result.exit_code, driver::kExitUsage);
  EXPECT_EQ(result.standard_error,
            "codeless: error: unknown rule \"frobnicate\"; run 'codeless "
            "explain' for the list of rules [usage]\n");
}

TEST(ExplainCommandTest, PrintsTheExplanationOrTheList) {
  base::InMemoryFileSystem file_system;
  driver::Options options;
  options.command = driver::Command::kExplain;
  options.explain_rule = "match-pci-class";
  driver::RunResult result = driver::Run(options, file_system);
  EXPECT_EQ(result.exit_code, driver::kExitOk);
  EXPECT_EQ(result.standard_output, ExplainText(rules::kMatchPciClass));
  EXPECT_EQ(result.standard_error, "");
  options.explain_rule = "";
  result = driver::Run(options, file_system);
  EXPECT_EQ(result.exit_code, driver::kExitOk);
  EXPECT_EQ(result.standard_output, RuleListText());
}

}  // namespace
}  // namespace codeless::diag
