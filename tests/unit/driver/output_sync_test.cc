// What generate does to an output directory that already holds files
// (PRODUCT.md §7): unchanged files untouched, stale ones removed, nothing
// else; and --check's verdicts.
#include "codeless/driver/output_sync.h"

#include <gtest/gtest.h>

#include "codeless/diag/render.h"
#include "support/in_memory_file_system.h"

namespace codeless::driver {
namespace {

emit::OutputSet Outputs(
    std::initializer_list<std::pair<std::string, std::string>> files) {
  emit::OutputSet set;
  for (const auto& [path, bytes] : files) {
    set.Add(path, {emit::FileKind::kSource, bytes, {}});
  }
  return set;
}

std::string DigestText(std::string_view bytes) {
  char digest[17];
  std::snprintf(digest, sizeof(digest), "%016llx",
                static_cast<unsigned long long>(Digest(bytes)));
  return digest;
}

constexpr std::string_view kRecordHeader =
    "# codeless: the files it generated in this directory, so that a later\n"
    "# run removes only its own outputs. Each \"descriptor\" line names the\n"
    "# descriptor whose files follow, each file line: FNV-1a digest, target,\n"
    "# path. Do not edit.\n"
    "codeless-outputs 2\n";

// The record of `files` (all dext sources, as Outputs makes them) written
// by `descriptor` ("" in the default scope).
std::string Record(
    std::initializer_list<std::pair<std::string, std::string>> files,
    std::string_view descriptor = "") {
  std::string text(kRecordHeader);
  text += "descriptor " + std::string(descriptor) + "\n";
  for (const auto& [path, bytes] : files) {
    text += DigestText(bytes) + " dext " + path + "\n";
  }
  return text;
}

TEST(OutputSyncTest, DigestIsFnv1a64) {
  // Published FNV-1a 64 test vectors.
  EXPECT_EQ(Digest(""), 0xcbf29ce484222325ull);
  EXPECT_EQ(Digest("a"), 0xaf63dc4c8601ec8cull);
  EXPECT_EQ(Digest("foobar"), 0x85944171f73967e8ull);
}

TEST(OutputSyncTest, FirstRunWritesEverythingAndTheRecord) {
  base::InMemoryFileSystem fs;
  diag::Diagnostics diags;
  auto outputs = Outputs({{"A/x.cpp", "x\n"}, {"A/y.iig", "y\n"}});
  OutputPlan plan = PlanOutputs(outputs, "out", fs, diags);
  ASSERT_TRUE(ApplyPlan(plan, "out", fs, diags));
  EXPECT_EQ(fs.files, (std::map<std::string, std::string>{
                          {"out/.codeless-outputs",
                           Record({{"A/x.cpp", "x\n"}, {"A/y.iig", "y\n"}})},
                          {"out/A/x.cpp", "x\n"},
                          {"out/A/y.iig", "y\n"}}));
  EXPECT_TRUE(diags.all().empty());
}

TEST(OutputSyncTest, SecondRunTouchesNothing) {
  base::InMemoryFileSystem fs;
  fs.files = {{"out/.codeless-outputs", Record({{"A/x.cpp", "x\n"}})},
              {"out/A/x.cpp", "x\n"}};
  fs.fail_writes_to = "out/A/x.cpp";  // any write would fail the test
  diag::Diagnostics diags;
  auto outputs = Outputs({{"A/x.cpp", "x\n"}});
  OutputPlan plan = PlanOutputs(outputs, "out", fs, diags);
  EXPECT_FALSE(plan.manifest_changed);
  ASSERT_EQ(plan.files.size(), 1u);
  EXPECT_EQ(plan.files[0].change, Change::kUnchanged);
  EXPECT_TRUE(ApplyPlan(plan, "out", fs, diags));
  EXPECT_EQ(DiffPlan(plan), "");
}

TEST(OutputSyncTest, StaleOutputsGoEditedOnesAndOthersStay) {
  base::InMemoryFileSystem fs;
  fs.files = {
      {"out/.codeless-outputs", Record({{"A/Old.cpp", "old\n"},
                                        {"A/Edited.cpp", "as written\n"},
                                        {"B/Gone.iig", "g\n"}})},
      {"out/A/Old.cpp", "old\n"},
      {"out/A/Edited.cpp", "edited by hand\n"},
      {"out/A/Mine.txt", "not codeless's\n"},
      {"out/B/Gone.iig", "g\n"},
  };
  fs.directories = {"out/B"};
  diag::Diagnostics diags;
  auto outputs = Outputs({{"A/New.cpp", "new\n"}});
  OutputPlan plan = PlanOutputs(outputs, "out", fs, diags);
  EXPECT_EQ(diag::RenderText(diags.all()),
            "out/A/Edited.cpp: warning: codeless wrote this file before and "
            "no longer generates it, but it was edited since, so it is left "
            "in place; delete it if nothing needs it [output-record]\n");
  ASSERT_TRUE(ApplyPlan(plan, "out", fs, diags));
  EXPECT_EQ(fs.files,
            (std::map<std::string, std::string>{
                {"out/.codeless-outputs", Record({{"A/New.cpp", "new\n"}})},
                {"out/A/Edited.cpp", "edited by hand\n"},
                {"out/A/Mine.txt", "not codeless's\n"},
                {"out/A/New.cpp", "new\n"}}));
  EXPECT_FALSE(fs.IsDirectory("out/B")) << "the emptied directory stays";
}

TEST(OutputSyncTest, ARecordNotCodelesssRemovesNothing) {
  base::InMemoryFileSystem fs;
  fs.files = {{"out/.codeless-outputs",
               "codeless-outputs 1\n0123456789abcdef ../../etc/passwd\n"},
              {"out/A/x.cpp", "x\n"}};
  diag::Diagnostics diags;
  auto outputs = Outputs({{"A/x.cpp", "x\n"}});
  OutputPlan plan = PlanOutputs(outputs, "out", fs, diags);
  EXPECT_EQ(diag::RenderText(diags.all()),
            "out/.codeless-outputs: warning: this is not a record codeless "
            "wrote (line 2 is not a digest and a relative path), so no file "
            "it lists is removed; delete it and remove stale outputs by hand "
            "[output-record]\n");
  ASSERT_EQ(plan.files.size(), 1u);
  EXPECT_TRUE(plan.manifest_changed);
}

TEST(OutputSyncTest, DiffShowsChangedMissingAndStaleFiles) {
  base::InMemoryFileSystem fs;
  fs.files = {{"out/.codeless-outputs",
               Record({{"a.txt", "1\n"}, {"old.txt", "bye\n"}})},
              {"out/a.txt", "1\n"},
              {"out/old.txt", "bye\n"}};
  diag::Diagnostics diags;
  auto outputs = Outputs({{"a.txt", "2\n"}, {"b.txt", "new\n"}});
  OutputPlan plan = PlanOutputs(outputs, "out", fs, diags, /*for_diff=*/true);
  EXPECT_EQ(DiffPlan(plan),
            "--- out/a.txt\n+++ out/a.txt\n@@ -1 +1 @@\n-1\n+2\n"
            "--- /dev/null\n+++ out/b.txt\n@@ -0,0 +1 @@\n+new\n"
            "--- out/old.txt\n+++ /dev/null\n@@ -1 +0,0 @@\n-bye\n");
}

// Without --check a changed file is compared, not held: its old bytes are
// only read for a diff.
TEST(OutputSyncTest, OldBytesAreKeptOnlyForADiff) {
  base::InMemoryFileSystem fs;
  fs.files = {{"out/a.txt", "1\n"}};
  diag::Diagnostics diags;
  auto outputs = Outputs({{"a.txt", "2\n"}});
  OutputPlan plain = PlanOutputs(outputs, "out", fs, diags);
  ASSERT_EQ(plain.files.size(), 1u);
  EXPECT_EQ(plain.files[0].change, Change::kWrite);
  EXPECT_TRUE(plain.files[0].exists);
  EXPECT_EQ(plain.files[0].on_disk, "");
  OutputPlan check = PlanOutputs(outputs, "out", fs, diags, true);
  EXPECT_EQ(check.files[0].on_disk, "1\n");
}

// The real disk compares in chunks: equal, shorter, longer, different in
// a later chunk.
TEST(OutputSyncTest, RealFileEqualsComparesWholeFiles) {
  std::string path = ::testing::TempDir() + "codeless_file_equals.txt";
  std::string big(200000, 'x');
  base::RealFileSystem fs;
  std::string temporary, error;
  ASSERT_TRUE(fs.WriteTemporary(path, big, temporary, error)) << error;
  ASSERT_TRUE(fs.Rename(temporary, path, error)) << error;
  EXPECT_EQ(fs.FileEquals(path, big), true);
  EXPECT_EQ(fs.FileEquals(path, big.substr(1)), false);
  EXPECT_EQ(fs.FileEquals(path, big + "x"), false);
  std::string later = big;
  later[150000] = 'y';
  EXPECT_EQ(fs.FileEquals(path, later), false);
  fs.Remove(path);
  EXPECT_EQ(fs.FileEquals(path, big), std::nullopt);
}

TEST(OutputSyncTest, AFailedWriteChangesNothing) {
  base::InMemoryFileSystem fs;
  fs.files = {{"out/A/a.txt", "old a\n"}};
  fs.fail_writes_to = "out/A/b.txt";
  diag::Diagnostics diags;
  auto outputs = Outputs({{"A/a.txt", "new a\n"}, {"A/b.txt", "b\n"}});
  OutputPlan plan = PlanOutputs(outputs, "out", fs, diags);
  EXPECT_FALSE(ApplyPlan(plan, "out", fs, diags));
  EXPECT_EQ(fs.files,
            (std::map<std::string, std::string>{{"out/A/a.txt", "old a\n"}}));
  EXPECT_EQ(fs.ListDirectory("out"), std::vector<std::string>{"A"})
      << "no record, no staging folder left";
  EXPECT_EQ(diag::RenderText(diags.all()),
            "out/A/b.txt: error: cannot write: No space left on device "
            "[io-write]\n");
}

// A file directly in the output folder (no generator makes one, but the
// record is one) is replaced on its own, through the one atomic write.
TEST(OutputSyncTest, ALooseFileIsReplacedOnItsOwn) {
  base::InMemoryFileSystem fs;
  fs.files = {{"out/a.txt", "old a\n"}};
  diag::Diagnostics diags;
  auto outputs = Outputs({{"a.txt", "new a\n"}});
  OutputPlan plan = PlanOutputs(outputs, "out", fs, diags);
  ASSERT_TRUE(ApplyPlan(plan, "out", fs, diags));
  EXPECT_EQ(fs.files,
            (std::map<std::string, std::string>{
                {"out/.codeless-outputs", Record({{"a.txt", "new a\n"}})},
                {"out/a.txt", "new a\n"}}));
}

// Descriptors sharing an output folder (PRODUCT.md §7: a run removes what
// "the current descriptor no longer produces"): each run brings in line
// only its own files and keeps the others' in the record.
TEST(OutputSyncTest, ARunRemovesOnlyItsOwnDescriptorsFiles) {
  base::InMemoryFileSystem fs;
  fs.files = {{"out/.codeless-outputs", Record({{"A/a.cpp", "a\n"}}, "a.json")},
              {"out/A/a.cpp", "a\n"}};
  diag::Diagnostics diags;
  auto outputs = Outputs({{"B/b.cpp", "b\n"}});
  OutputPlan plan = PlanOutputs(outputs, "out", fs, diags, false,
                                OutputScope{"b.json", {"kext", "dext"}});
  ASSERT_EQ(plan.files.size(), 1u);  // B/b.cpp; A/a.cpp is not b.json's
  ASSERT_TRUE(ApplyPlan(plan, "out", fs, diags));
  EXPECT_EQ(fs.files.at("out/.codeless-outputs"),
            std::string(kRecordHeader) + "descriptor a.json\n" +
                DigestText("a\n") + " dext A/a.cpp\n" + "descriptor b.json\n" +
                DigestText("b\n") + " dext B/b.cpp\n");
  EXPECT_EQ(fs.files.at("out/A/a.cpp"), "a\n");
  // a.json's next run without A/a.cpp removes it, and keeps b.json's.
  auto renamed = Outputs({{"A/a2.cpp", "a2\n"}});
  OutputPlan next = PlanOutputs(renamed, "out", fs, diags, false,
                                OutputScope{"a.json", {"kext", "dext"}});
  ASSERT_TRUE(ApplyPlan(next, "out", fs, diags));
  EXPECT_EQ(fs.files.count("out/A/a.cpp"), 0u);
  EXPECT_EQ(fs.files.at("out/B/b.cpp"), "b\n");
  EXPECT_TRUE(diags.all().empty()) << diag::RenderText(diags.all());
}

// One descriptor's targets generated in runs of their own (--target kext,
// then --target dext, as two codeless_generate calls may): a run keeps the
// files of the target it was not asked for.
TEST(OutputSyncTest, ARunKeepsTheTargetsItWasNotAskedFor) {
  base::InMemoryFileSystem fs;
  emit::OutputSet both;
  both.Add("K.kext/Contents/Info.plist",
           {emit::FileKind::kKextInfoPlist, "k\n", {}});
  both.Add("D/D.cpp", {emit::FileKind::kSource, "d\n", {}});
  diag::Diagnostics diags;
  ASSERT_TRUE(ApplyPlan(PlanOutputs(both, "out", fs, diags, false,
                                    OutputScope{"d.json", {"kext", "dext"}}),
                        "out", fs, diags));
  emit::OutputSet kext_only;
  kext_only.Add("K.kext/Contents/Info.plist",
                {emit::FileKind::kKextInfoPlist, "k2\n", {}});
  OutputPlan plan = PlanOutputs(kext_only, "out", fs, diags, false,
                                OutputScope{"d.json", {"kext"}});
  ASSERT_EQ(plan.files.size(), 1u);
  ASSERT_TRUE(ApplyPlan(plan, "out", fs, diags));
  EXPECT_EQ(fs.files.at("out/D/D.cpp"), "d\n");
  EXPECT_EQ(fs.files.at("out/.codeless-outputs"),
            std::string(kRecordHeader) + "descriptor d.json\n" +
                DigestText("d\n") + " dext D/D.cpp\n" + DigestText("k2\n") +
                " kext K.kext/Contents/Info.plist\n");
  // --target all brings both in line: the dext, no longer produced, goes.
  OutputPlan all = PlanOutputs(kext_only, "out", fs, diags, false,
                               OutputScope{"d.json", {"kext", "dext"}});
  ASSERT_TRUE(ApplyPlan(all, "out", fs, diags));
  EXPECT_EQ(fs.files.count("out/D/D.cpp"), 0u);
  EXPECT_TRUE(diags.all().empty()) << diag::RenderText(diags.all());
}

// A record of version 1 named no descriptor: its files are every run's, so
// the first run of this version removes those it no longer produces, as
// before, and writes version 2.
TEST(OutputSyncTest, AVersionOneRecordIsEveryRunsRecord) {
  base::InMemoryFileSystem fs;
  fs.files = {
      {"out/.codeless-outputs", "codeless-outputs 1\n" + DigestText("old\n") +
                                    " A.kext/Contents/Old.plist\n"},
      {"out/A.kext/Contents/Old.plist", "old\n"}};
  diag::Diagnostics diags;
  auto outputs = Outputs({{"B/b.cpp", "b\n"}});
  OutputPlan plan = PlanOutputs(outputs, "out", fs, diags, false,
                                OutputScope{"b.json", {"kext", "dext"}});
  ASSERT_TRUE(ApplyPlan(plan, "out", fs, diags));
  EXPECT_EQ(fs.files.count("out/A.kext/Contents/Old.plist"), 0u);
  EXPECT_EQ(fs.files.at("out/.codeless-outputs"),
            Record({{"B/b.cpp", "b\n"}}, "b.json"));
}

}  // namespace
}  // namespace codeless::driver
