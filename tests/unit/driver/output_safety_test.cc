// generate's output safety (issue 11): a failure or a killed process at any
// step leaves each bundle complete, old or new, and the next run finishes
// the job; symbolic links where output goes are refused, not followed;
// modes are 0644 and 0755 whatever the umask.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include "codeless/diag/render.h"
#include "codeless/driver/output_sync.h"
#include "codeless/driver/write_file.h"
#include "support/failing_file_system.h"
#include "support/in_memory_file_system.h"

namespace codeless::driver {
namespace {

using Files = std::map<std::string, std::string>;
using base::FailingFileSystem;

emit::OutputSet Outputs(const Files& files) {
  emit::OutputSet set;
  for (const auto& [path, bytes] : files) {
    set.Add(path, {emit::FileKind::kSource, bytes, {}});
  }
  return set;
}

// One run of generate's write side, as Commit does it.
bool Generate(const emit::OutputSet& outputs, base::FileSystem& fs,
              diag::Diagnostics& diags) {
  RecoverLeftovers("out", fs);
  OutputPlan plan = PlanOutputs(outputs, "out", fs, diags);
  return !diags.has_errors() && ApplyPlan(plan, "out", fs, diags);
}

// The old output: a kext with a stale file, a folder B the new descriptor
// no longer produces, and a file of the user's in the kext.
const Files kOld = {
    {"A.kext/Contents/Info.plist", "old plist\n"},
    {"A.kext/Contents/Same.txt", "same\n"},
    {"A.kext/Contents/Stale.txt", "stale\n"},
    {"B/B.iig", "b\n"},
    {"B/Sub/Only.txt", "only\n"},
};
const Files kNew = {
    {"A.kext/Contents/Info.plist", "new plist\n"},
    {"A.kext/Contents/Same.txt", "same\n"},
    {"A.kext/Contents/Resources/New.txt", "n\n"},
    {"C/C.cpp", "c\n"},
};
const std::string kMine = "out/A.kext/Contents/Mine.txt";

// The files under out/NAME, by path inside it.
Files BundleOnDisk(const base::InMemoryFileSystem& fs,
                   const std::string& name) {
  Files found;
  std::string prefix = "out/" + name + "/";
  for (const auto& [path, bytes] : fs.files) {
    if (path.starts_with(prefix)) found[path.substr(4)] = bytes;
  }
  return found;
}

Files Expected(const Files& outputs, const std::string& name) {
  Files expected;
  for (const auto& [path, bytes] : outputs) {
    if (path.starts_with(name + "/")) expected[path] = bytes;
  }
  if (name == "A.kext") expected[kMine.substr(4)] = "mine\n";
  return expected;
}

// Each bundle holds exactly its old files or exactly its new ones (a
// bundle that is in neither is absent), and the record is the old one,
// the one written while the run is under way, or the new one.
void ExpectOldOrNew(const base::InMemoryFileSystem& fs,
                    const std::set<std::string>& records,
                    const std::string& when) {
  for (const std::string name : {"A.kext", "B", "C"}) {
    Files on_disk = BundleOnDisk(fs, name);
    Files old_files = Expected(kOld, name), new_files = Expected(kNew, name);
    EXPECT_TRUE(on_disk == old_files || on_disk == new_files)
        << when << ": " << name << " is neither old nor new";
    if (on_disk.empty()) {
      EXPECT_FALSE(fs.IsDirectory("out/" + name))
          << when << ": an empty " << name << " is left";
    }
  }
  auto record = fs.files.find("out/.codeless-outputs");
  ASSERT_NE(record, fs.files.end()) << when;
  EXPECT_EQ(records.count(record->second), 1u) << when << ": record\n"
                                               << record->second;
}

// Only the outputs, the record and the user's file; no staging folder, no
// temporary.
void ExpectExactlyNew(const base::InMemoryFileSystem& fs,
                      const std::string& new_record, const std::string& when) {
  Files expected;
  for (const auto& [path, bytes] : kNew) expected["out/" + path] = bytes;
  expected[kMine] = "mine\n";
  expected["out/.codeless-outputs"] = new_record;
  EXPECT_EQ(fs.files, expected) << when;
  EXPECT_EQ(fs.ListDirectory("out"),
            (std::vector<std::string>{".codeless-outputs", "A.kext", "C"}))
      << when;
  EXPECT_EQ(fs.ListDirectory("out/A.kext/Contents"),
            (std::vector<std::string>{"Info.plist", "Mine.txt", "Resources",
                                      "Same.txt"}))
      << when;
}

struct Start {
  base::InMemoryFileSystem fs;
  std::set<std::string> records;  // old, pending, new
  std::string new_record;
};

Start OldOutput(bool exchange_supported) {
  Start start;
  start.fs.exchange_supported = exchange_supported;
  diag::Diagnostics diags;
  auto old_outputs = Outputs(kOld);
  EXPECT_TRUE(Generate(old_outputs, start.fs, diags));
  start.fs.files[kMine] = "mine\n";
  start.fs.stamps[kMine] = 1000;
  auto new_outputs = Outputs(kNew);
  OutputPlan plan = PlanOutputs(new_outputs, "out", start.fs, diags);
  start.records = {start.fs.files["out/.codeless-outputs"],
                   plan.pending_manifest, plan.manifest};
  start.new_record = plan.manifest;
  EXPECT_EQ(start.records.size(), 3u);
  return start;
}

// For every N: the Nth change fails (or the process dies there); what is
// left is old or new bundle by bundle; a later run that succeeds leaves
// exactly the new output, with the unchanged files' times kept.
void InjectEverywhere(FailingFileSystem::Mode mode, bool exchange_supported) {
  const Start start = OldOutput(exchange_supported);
  auto new_outputs = Outputs(kNew);
  size_t n = 1;
  for (;; ++n) {
    std::string when = "failing change " + std::to_string(n);
    base::InMemoryFileSystem fs = start.fs;
    FailingFileSystem failing(fs, n, mode);
    diag::Diagnostics diags;
    bool ok = Generate(new_outputs, failing, diags);
    if (!failing.failed()) {
      ASSERT_TRUE(ok) << when << "\n" << diag::RenderText(diags.all());
      ExpectExactlyNew(fs, start.new_record, when);
      break;
    }
    if (exchange_supported) {
      // One exchange puts a bundle in place: even before any recovery
      // each bundle is old or new.
      ExpectOldOrNew(fs, start.records, when);
    }
    // What the next run sees once it has put right what was left.
    base::InMemoryFileSystem recovered = fs;
    RecoverLeftovers("out", recovered);
    ExpectOldOrNew(recovered, start.records, when + ", recovered");

    diag::Diagnostics later;
    ASSERT_TRUE(Generate(new_outputs, fs, later))
        << when << "\n"
        << diag::RenderText(later.all());
    ExpectExactlyNew(fs, start.new_record, when + ", then a run");
    EXPECT_EQ(fs.stamps.at("out/A.kext/Contents/Same.txt"),
              start.fs.stamps.at("out/A.kext/Contents/Same.txt"))
        << when << ": an unchanged output was rewritten";
    EXPECT_EQ(fs.stamps.at(kMine), 1000u) << when;
  }
  // The run has many steps; each was a failure point.
  EXPECT_GT(n, 15u);
}

TEST(OutputSafetyTest, AFailureAtAnyStepLeavesOldOrNew) {
  InjectEverywhere(FailingFileSystem::Mode::kFailOne, true);
}
TEST(OutputSafetyTest, AKillAtAnyStepLeavesOldOrNew) {
  InjectEverywhere(FailingFileSystem::Mode::kKillAfter, true);
}
TEST(OutputSafetyTest, WithoutExchangeAFailureAtAnyStepLeavesOldOrNew) {
  InjectEverywhere(FailingFileSystem::Mode::kFailOne, false);
}
TEST(OutputSafetyTest, WithoutExchangeAKillAtAnyStepIsRecovered) {
  InjectEverywhere(FailingFileSystem::Mode::kKillAfter, false);
}

// Every bundle is built before any is swapped in: a full disk while the
// last one is built changes none of them, nor the record.
TEST(OutputSafetyTest, AFullDiskChangesNoBundle) {
  Start start = OldOutput(true);
  base::InMemoryFileSystem fs = start.fs;
  fs.fail_writes_to = "out/C/C.cpp";
  diag::Diagnostics diags;
  auto new_outputs = Outputs(kNew);
  EXPECT_FALSE(Generate(new_outputs, fs, diags));
  EXPECT_EQ(diag::RenderText(diags.all()),
            "out/C/C.cpp: error: cannot write: No space left on device "
            "[io-write]\n");
  EXPECT_EQ(fs.files, start.fs.files);
  EXPECT_EQ(fs.stamps, start.fs.stamps) << "the record was rewritten";
  EXPECT_EQ(fs.ListDirectory("out"),
            (std::vector<std::string>{".codeless-outputs", "A.kext", "B"}));
}

// A first run that fails leaves no folder, no record, nothing.
TEST(OutputSafetyTest, AFailedFirstRunLeavesNothing) {
  for (size_t n = 1;; ++n) {
    base::InMemoryFileSystem fs;
    fs.directories = {"build"};
    FailingFileSystem failing(fs, n, FailingFileSystem::Mode::kFailOne);
    diag::Diagnostics diags;
    auto outputs = Outputs({{"A.kext/Contents/Info.plist", "p\n"}});
    RecoverLeftovers("build/out", failing);
    OutputPlan plan = PlanOutputs(outputs, "build/out", failing, diags);
    bool ok = ApplyPlan(plan, "build/out", failing, diags);
    if (!failing.failed()) {
      EXPECT_TRUE(ok);
      break;
    }
    EXPECT_TRUE(fs.files.empty()) << n;
    EXPECT_EQ(fs.ListDirectory("build"), std::vector<std::string>{}) << n;
  }
}

// Leftovers of a killed run are never outputs: not planned, not listed.
TEST(OutputSafetyTest, LeftoversAreRemovedAndNeverReported) {
  base::InMemoryFileSystem fs;
  fs.files = {{"out/.codeless-new-A/x.txt", "half\n"},
              {"out/.codeless-gone-B/y.txt", "y\n"},
              {"out/.codeless-outputs.codeless-tmp-12-0", "partial"},
              {"out/.codeless-old-C/z.txt", "complete old\n"}};
  RecoverLeftovers("out", fs);
  EXPECT_EQ(fs.files, (Files{{"out/C/z.txt", "complete old\n"}}))
      << "a bundle set aside with nothing in its place is put back";
  EXPECT_EQ(fs.ListDirectory("out"), std::vector<std::string>{"C"});

  fs.files = {{"out/.codeless-old-C/z.txt", "old\n"}, {"out/C/z.txt", "new\n"}};
  RecoverLeftovers("out", fs);
  EXPECT_EQ(fs.files, (Files{{"out/C/z.txt", "new\n"}}));
}

// The real disk: a scratch folder, removed first.
class RealDiskTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = ::testing::TempDir() + "codeless_output_safety_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::remove_all(root_);
    std::filesystem::create_directories(root_ + "/elsewhere");
    out_ = root_ + "/out";
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  static std::string Slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
  }
  void Link(const std::string& target, const std::string& link) {
    std::filesystem::create_directories(
        std::filesystem::path(link).parent_path());
    std::filesystem::create_directory_symlink(target, link);
  }
  // generate with one kext file; the diagnostics' text.
  std::string Run(const Files& files = {
                      {"Foo.kext/Contents/Info.plist", "plist\n"}}) {
    base::RealFileSystem fs;
    diag::Diagnostics diags;
    auto outputs = Outputs(files);
    RecoverLeftovers(out_, fs);
    OutputPlan plan = PlanOutputs(outputs, out_, fs, diags);
    if (!diags.has_errors()) ApplyPlan(plan, out_, fs, diags);
    return diag::RenderText(diags.all());
  }
  std::string Refusal(const std::string& path) {
    return path +
           ": error: this is a symbolic link, and codeless does not write "
           "through links; remove the link and run again [io-symlink]\n";
  }
  bool Empty(const std::string& folder) {
    return std::filesystem::is_empty(folder);
  }

  std::string root_, out_;
};

TEST_F(RealDiskTest, ALinkedBundleFolderIsRefused) {
  Link(root_ + "/elsewhere", out_ + "/Foo.kext");
  EXPECT_EQ(Run(), Refusal(out_ + "/Foo.kext"));
  EXPECT_TRUE(Empty(root_ + "/elsewhere"));
  EXPECT_EQ(std::filesystem::directory_iterator(out_)->path().filename(),
            "Foo.kext")
      << "nothing but the link in the output folder";
}

TEST_F(RealDiskTest, ALinkedContentsFolderIsRefused) {
  Link(root_ + "/elsewhere", out_ + "/Foo.kext/Contents");
  EXPECT_EQ(Run(), Refusal(out_ + "/Foo.kext/Contents"));
  EXPECT_TRUE(Empty(root_ + "/elsewhere"));
}

TEST_F(RealDiskTest, ALinkedOutputFileIsRefused) {
  std::filesystem::create_directories(out_ + "/Foo.kext/Contents");
  std::filesystem::create_symlink(root_ + "/elsewhere/target",
                                  out_ + "/Foo.kext/Contents/Info.plist");
  EXPECT_EQ(Run(), Refusal(out_ + "/Foo.kext/Contents/Info.plist"));
  EXPECT_TRUE(Empty(root_ + "/elsewhere")) << "not even a dangling link";
}

TEST_F(RealDiskTest, ALinkedRecordIsRefused) {
  std::filesystem::create_directories(out_);
  std::ofstream(root_ + "/elsewhere/record") << "codeless-outputs 1\n";
  std::filesystem::create_symlink(root_ + "/elsewhere/record",
                                  out_ + "/.codeless-outputs");
  EXPECT_EQ(Run(), Refusal(out_ + "/.codeless-outputs"));
  EXPECT_EQ(Slurp(root_ + "/elsewhere/record"), "codeless-outputs 1\n");
  EXPECT_FALSE(std::filesystem::exists(out_ + "/Foo.kext"));
}

// A link elsewhere in a bundle that changes would be copied into the new
// one or dropped: refused too.
TEST_F(RealDiskTest, ALinkAnywhereInAChangingBundleIsRefused) {
  ASSERT_EQ(Run(), "");
  Link(root_ + "/elsewhere", out_ + "/Foo.kext/Contents/Resources");
  EXPECT_EQ(Run({{"Foo.kext/Contents/Info.plist", "changed\n"}}),
            Refusal(out_ + "/Foo.kext/Contents/Resources"));
  EXPECT_EQ(Slurp(out_ + "/Foo.kext/Contents/Info.plist"), "plist\n");
}

// The output folder itself may be a link: the user chose it.
TEST_F(RealDiskTest, TheOutputFolderMayBeALink) {
  std::filesystem::create_directories(root_ + "/real");
  std::filesystem::create_directory_symlink(root_ + "/real", out_);
  EXPECT_EQ(Run(), "");
  EXPECT_EQ(Slurp(root_ + "/real/Foo.kext/Contents/Info.plist"), "plist\n");
}

// Replacing a bundle keeps an unchanged file: the same inode, the same
// time; the changed one is new; nothing is left beside the bundle.
TEST_F(RealDiskTest, AnUnchangedFileKeepsItsInodeAndTime) {
  Files first = {{"Foo.kext/Contents/Info.plist", "1\n"},
                 {"Foo.kext/Contents/Same.txt", "same\n"}};
  ASSERT_EQ(Run(first), "");
  struct stat before;
  ASSERT_EQ(stat((out_ + "/Foo.kext/Contents/Same.txt").c_str(), &before), 0);
  ASSERT_EQ(Run({{"Foo.kext/Contents/Info.plist", "2\n"},
                 {"Foo.kext/Contents/Same.txt", "same\n"}}),
            "");
  struct stat after;
  ASSERT_EQ(stat((out_ + "/Foo.kext/Contents/Same.txt").c_str(), &after), 0);
  EXPECT_EQ(before.st_ino, after.st_ino);
  EXPECT_EQ(before.st_mtime, after.st_mtime);
  EXPECT_EQ(Slurp(out_ + "/Foo.kext/Contents/Info.plist"), "2\n");
  std::set<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(out_))
    names.insert(entry.path().filename().string());
  EXPECT_EQ(names, (std::set<std::string>{".codeless-outputs", "Foo.kext"}));
}

TEST_F(RealDiskTest, ModesIgnoreTheUmask) {
  for (mode_t mask : {mode_t{077}, mode_t{0}}) {
    std::filesystem::remove_all(out_);
    mode_t saved = umask(mask);
    std::string diagnostics = Run();
    diag::Diagnostics diags;
    base::RealFileSystem fs;
    WriteFileOptions parents;
    parents.make_parents = true;
    bool wrote =
        WriteFileAtomically(fs, root_ + "/deps/x.d", "x: y\n", diags, parents);
    umask(saved);
    ASSERT_EQ(diagnostics, "");
    ASSERT_TRUE(wrote);
    auto mode = [](const std::string& path) {
      struct stat st;
      EXPECT_EQ(lstat(path.c_str(), &st), 0) << path;
      return st.st_mode & 07777;
    };
    EXPECT_EQ(mode(out_), 0755u) << mask;
    EXPECT_EQ(mode(out_ + "/Foo.kext"), 0755u) << mask;
    EXPECT_EQ(mode(out_ + "/Foo.kext/Contents"), 0755u) << mask;
    EXPECT_EQ(mode(out_ + "/Foo.kext/Contents/Info.plist"), 0644u) << mask;
    EXPECT_EQ(mode(out_ + "/.codeless-outputs"), 0644u) << mask;
    EXPECT_EQ(mode(root_ + "/deps"), 0755u) << mask;
    EXPECT_EQ(mode(root_ + "/deps/x.d"), 0644u) << mask;
    std::filesystem::remove_all(root_ + "/deps");
  }
}

// The one atomic write: a link at the path is refused, a folder is in the
// way, and init's "never overwrite".
TEST_F(RealDiskTest, WriteFileAtomicallyRefusesWhatIsInTheWay) {
  base::RealFileSystem fs;
  std::filesystem::create_symlink(root_ + "/elsewhere/x", root_ + "/link.d");
  std::ofstream(root_ + "/there.json") << "{}";
  diag::Diagnostics diags;
  WriteFileOptions no_overwrite;
  no_overwrite.overwrite = false;
  no_overwrite.exists_message = "it already exists";
  EXPECT_FALSE(WriteFileAtomically(fs, root_ + "/link.d", "x", diags));
  EXPECT_FALSE(WriteFileAtomically(fs, root_ + "/elsewhere", "x", diags));
  EXPECT_FALSE(
      WriteFileAtomically(fs, root_ + "/there.json", "x", diags, no_overwrite));
  EXPECT_EQ(diag::RenderText(diags.all()),
            Refusal(root_ + "/link.d") + root_ +
                "/elsewhere: error: cannot write: a directory is in the way; "
                "move it or choose another path [io-write]\n" +
                root_ +
                "/there.json: error: cannot write: it already exists "
                "[io-write]\n");
  EXPECT_TRUE(Empty(root_ + "/elsewhere"));
  EXPECT_EQ(Slurp(root_ + "/there.json"), "{}");
}

}  // namespace
}  // namespace codeless::driver
