// Diagnostics::Disable: which findings --disable and lint.disable drop.
#include <gtest/gtest.h>

#include "codeless/diag/diagnostic.h"
#include "codeless/diag/render.h"
#include "codeless/diag/rules.h"

namespace codeless::diag {
namespace {

TEST(DisableTest, LintErrorsAndAllWarningsAreDropped) {
  Diagnostics diags;
  diags.Disable(rules::kDescMatchAll);         // a lint rule
  diags.Disable(rules::kBundleVersionDigits);  // its warnings
  diags.Error(rules::kDescMatchAll, Location::Path("d.json"), "broad");
  diags.Note(rules::kDescMatchAll, Location::Path("d.json"), "its note");
  diags.Warning(rules::kBundleVersionDigits, Location::Path("d.json"), "w");
  diags.Warning(rules::kMatchFamily, Location::Path("d.json"), "kept");
  EXPECT_EQ(diags.error_count(), 0u);
  EXPECT_EQ(diags.warning_count(), 1u);
  EXPECT_EQ(RenderText(diags.all()), "d.json: warning: kept [match-family]\n");
}

TEST(DisableTest, StrictErrorsStayWithANoteOncePerRule) {
  Diagnostics diags;
  diags.Disable(rules::kXmlSyntax);
  diags.Error(rules::kXmlSyntax, Location::Path("a.plist"), "bad");
  diags.Error(rules::kXmlSyntax, Location::Path("b.plist"), "bad too");
  EXPECT_EQ(diags.error_count(), 2u);
  EXPECT_EQ(RenderText(diags.all()),
            "a.plist: error: bad [xml-syntax]\n"
            "a.plist: note: this rule was disabled, but its errors cannot be: "
            "the output would not load or could not be written; fix the "
            "problem instead [xml-syntax]\n"
            "b.plist: error: bad too [xml-syntax]\n");
}

// lint.disable is read wherever it stands in the descriptor: findings
// reported before it are dropped too, with their notes.
TEST(DisableTest, DisablingLaterDropsWhatWasReported) {
  Diagnostics diags;
  diags.Error(rules::kDescIdSwapped, Location::Path("d.json"), "swapped");
  diags.Note(rules::kDescIdSwapped, Location::Path("d.json"), "note");
  diags.Error(rules::kDescType, Location::Path("d.json"), "type");
  diags.Disable(rules::kDescIdSwapped);
  diags.Disable(rules::kDescType);  // strict: its error stays
  EXPECT_EQ(diags.error_count(), 1u);
  EXPECT_EQ(RenderText(diags.all()), "d.json: error: type [desc-type]\n");
}

TEST(DisableTest, RuleKindsFollowRulesDef) {
  EXPECT_TRUE(rules::kDescMatchAll.CanDisable(/*is_error=*/true));
  EXPECT_FALSE(rules::kXmlSyntax.CanDisable(/*is_error=*/true));
  EXPECT_TRUE(rules::kXmlSyntax.CanDisable(/*is_error=*/false));
}

}  // namespace
}  // namespace codeless::diag
