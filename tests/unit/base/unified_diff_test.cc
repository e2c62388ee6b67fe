#include "codeless/base/unified_diff.h"

#include <gtest/gtest.h>

#include <string>

namespace codeless::base {
namespace {

TEST(UnifiedDiffTest, EqualTextsHaveNoDiff) {
  EXPECT_EQ(UnifiedDiff("a\nb\n", "a\nb\n", "x", "y"), "");
}

TEST(UnifiedDiffTest, OneChangedLineWithContext) {
  std::string before = "1\n2\n3\n4\n5\n6\n7\n8\n";
  std::string after = "1\n2\n3\n4\nfive\n6\n7\n8\n";
  EXPECT_EQ(UnifiedDiff(before, after, "out/a", "out/a"),
            "--- out/a\n+++ out/a\n"
            "@@ -2,7 +2,7 @@\n"
            " 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
}

TEST(UnifiedDiffTest, DistantChangesMakeTwoHunks) {
  std::string before;
  for (int i = 1; i <= 20; ++i) before += std::to_string(i) + "\n";
  std::string after = before;
  after.replace(after.find("2\n"), 2, "two\n");
  after.replace(after.find("\n19\n") + 1, 3, "nineteen\n");
  EXPECT_EQ(UnifiedDiff(before, after, "a", "b"),
            "--- a\n+++ b\n"
            "@@ -1,5 +1,5 @@\n"
            " 1\n-2\n+two\n 3\n 4\n 5\n"
            "@@ -16,5 +16,5 @@\n"
            " 16\n 17\n 18\n-19\n+nineteen\n 20\n");
}

TEST(UnifiedDiffTest, NearChangesShareAHunk) {
  EXPECT_EQ(UnifiedDiff("a\nb\nc\nd\ne\n", "A\nb\nc\nd\nE\n", "x", "y"),
            "--- x\n+++ y\n"
            "@@ -1,5 +1,5 @@\n"
            "-a\n+A\n b\n c\n d\n-e\n+E\n");
}

TEST(UnifiedDiffTest, MissingFileIsAllInsertions) {
  EXPECT_EQ(UnifiedDiff("", "a\nb\n", "/dev/null", "out/new"),
            "--- /dev/null\n+++ out/new\n"
            "@@ -0,0 +1,2 @@\n"
            "+a\n+b\n");
}

TEST(UnifiedDiffTest, RemovedFileIsAllDeletions) {
  EXPECT_EQ(UnifiedDiff("only\n", "", "out/old", "/dev/null"),
            "--- out/old\n+++ /dev/null\n"
            "@@ -1 +0,0 @@\n"
            "-only\n");
}

TEST(UnifiedDiffTest, MissingNewlineAtEndIsMarked) {
  EXPECT_EQ(UnifiedDiff("a\nb\n", "a\nb", "x", "y"),
            "--- x\n+++ y\n"
            "@@ -1,2 +1,2 @@\n"
            " a\n-b\n+b\n\\ No newline at end of file\n");
}

TEST(UnifiedDiffTest, InsertionInTheMiddle) {
  EXPECT_EQ(UnifiedDiff("a\nc\n", "a\nb\nc\n", "x", "y"),
            "--- x\n+++ y\n"
            "@@ -1,2 +1,3 @@\n"
            " a\n+b\n c\n");
}

TEST(UnifiedDiffTest, HugeDifferenceFallsBackToOneHunk) {
  std::string before, after;
  for (int i = 0; i < 5000; ++i) {
    before += "old" + std::to_string(i) + "\n";
    after += "new" + std::to_string(i) + "\n";
  }
  std::string diff = UnifiedDiff(before, after, "x", "y");
  EXPECT_EQ(diff.substr(0, 34), "--- x\n+++ y\n@@ -1,5000 +1,5000 @@\n");
  EXPECT_EQ(diff.size(), 12 + 22 + before.size() + after.size() + 10000);
}

}  // namespace
}  // namespace codeless::base
