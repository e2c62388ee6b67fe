// Diagnostics::Adopt: a finding located by another sink keeps its place
// and rule, and is counted, limited and disabled as Report would.
#include <gtest/gtest.h>

#include <string>

#include "codeless/diag/diagnostic.h"
#include "codeless/diag/render.h"
#include "codeless/diag/rules.h"

namespace codeless::diag {
namespace {

TEST(AdoptTest, KeepsPlaceRuleAndBundle) {
  SourceFile file("Info.plist", "<plist>\n  <dict>\n");
  Diagnostics scratch;
  scratch.BeginBundle("com.acme.a");
  scratch.Error(rules::kXmlStructure, Location::At(file, 10), "unclosed");
  Diagnostics diags;
  diags.Adopt(scratch.all().front());
  EXPECT_EQ(diags.error_count(), 1u);
  ASSERT_EQ(diags.all().size(), 1u);
  EXPECT_EQ(diags.all()[0], scratch.all()[0]);
  EXPECT_EQ(RenderText(diags.all()),
            "Info.plist:2:3: error: in com.acme.a: unclosed [xml-structure]\n");
}

TEST(AdoptTest, TakesTheReceiversBundleWhenItHasNone) {
  Diagnostics scratch;
  scratch.Warning(rules::kMatchFamily, Location::Path("a.plist"), "w");
  Diagnostics diags;
  diags.BeginBundle("com.acme.b");
  diags.Adopt(scratch.all().front());
  EXPECT_EQ(diags.warning_count(), 1u);
  EXPECT_EQ(diags.all().front().bundle, "com.acme.b");
}

TEST(AdoptTest, DisabledRulesAreDroppedAndStrictErrorsNoted) {
  Diagnostics scratch;
  scratch.Error(rules::kDescMatchAll, Location::Path("d.json"), "broad");
  scratch.Error(rules::kXmlSyntax, Location::Path("d.json"), "bad");
  Diagnostics diags;
  diags.Disable(rules::kDescMatchAll);
  diags.Disable(rules::kXmlSyntax);
  for (const Diagnostic& d : scratch.all()) diags.Adopt(d);
  EXPECT_EQ(diags.error_count(), 1u);
  EXPECT_EQ(RenderText(diags.all()),
            "d.json: error: bad [xml-syntax]\n"
            "d.json: note: this rule was disabled, but its errors cannot be: "
            "the output would not load or could not be written; fix the "
            "problem instead [xml-syntax]\n");
}

TEST(AdoptTest, CountsPastTheLimitWithOneNote) {
  Diagnostics scratch;
  for (int i = 0; i < 3; ++i) {
    scratch.Error(rules::kXmlSyntax, Location::Path("p.plist"),
                  "bad " + std::to_string(i));
  }
  Diagnostics diags(/*error_limit=*/2);
  for (const Diagnostic& d : scratch.all()) diags.Adopt(d);
  EXPECT_EQ(diags.error_count(), 3u);
  EXPECT_EQ(RenderText(diags.all()),
            "p.plist: error: bad 0 [xml-syntax]\n"
            "p.plist: error: bad 1 [xml-syntax]\n"
            "p.plist: note: too many errors; stopping here, fix these and run "
            "again [too-many-errors]\n");
}

// AdoptAll counts what the other sink counted past its limit, and notes
// this sink's own limit once, not the other's.
TEST(AdoptTest, AllCountsWhatTheOtherDroppedAndNotesItsOwnLimit) {
  Diagnostics scratch(/*error_limit=*/2);
  for (int i = 0; i < 4; ++i) {
    scratch.Error(rules::kXmlSyntax, Location::Path("p.plist"),
                  "bad " + std::to_string(i));
  }
  ASSERT_EQ(scratch.all().size(), 3u);  // two errors and its limit note
  Diagnostics diags(/*error_limit=*/3);
  diags.AdoptAll(scratch);
  EXPECT_EQ(diags.error_count(), 4u);
  EXPECT_EQ(RenderText(diags.all()),
            "p.plist: error: bad 0 [xml-syntax]\n"
            "p.plist: error: bad 1 [xml-syntax]\n"
            "p.plist: note: too many errors; stopping here, fix these and run "
            "again [too-many-errors]\n");
}

}  // namespace
}  // namespace codeless::diag
