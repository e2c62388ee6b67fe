// The depfile and the xcfilelists (driver/build_files.h): paths escaped as
// Make and Ninja read them, and a path neither format can hold refused
// before anything is written.
#include "codeless/driver/build_files.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "codeless/driver/run.h"
#include "support/in_memory_file_system.h"
#include "support/test_paths.h"

namespace codeless::driver {
namespace {

TEST(BuildFilesTest, DepfileEscapesSpacesHashesColonsAndDollars) {
  EXPECT_EQ(DepfileText({"out/A B.kext/Contents/Info.plist", "out/#1:$x"},
                        "my dir/d$.json"),
            "out/A\\ B.kext/Contents/Info.plist \\\n"
            "  out/\\#1\\:$$x: my\\ dir/d$$.json\n");
}

TEST(BuildFilesTest, FileListIsOnePathPerLine) {
  EXPECT_EQ(FileListText({"a b/c", "$d#:"}), "a b/c\n$d#:\n");
}

TEST(BuildFilesTest, PathsThatCannotBeWrittenAreNamed) {
  EXPECT_EQ(DepfilePathProblem("plain/d $#:.json"), std::nullopt);
  EXPECT_EQ(DepfilePathProblem("a\nb"),
            "it holds a line break, which would end the depfile's rule");
  EXPECT_EQ(DepfilePathProblem("a\rb"),
            "it holds a line break, which would end the depfile's rule");
  EXPECT_EQ(DepfilePathProblem("a\\b"),
            "it holds a backslash, which Make and Ninja read differently "
            "in a depfile");
  EXPECT_EQ(FileListPathProblem("a\\b $#:"), std::nullopt);
  EXPECT_EQ(FileListPathProblem("a\nb"),
            "it holds a line break, and an xcfilelist holds one path per "
            "line");
  EXPECT_EQ(QuotablePath("a\nb\rc\td"), "a\\nb\\rc?d");
}

TEST(BuildFilesTest, GenerateRefusesSuchPathsAndWritesNothing) {
  const std::string descriptor =
      testing::ReadTextFile(testing::SourceDir() / "examples/hid-mouse.json");
  struct Case {
    std::string descriptor_path, output_dir, depfile, xcfilelist_dir;
    std::string expected;
  } cases[] = {
      {"d\n.json", "out", "out.d", "",
       "codeless: error: --depfile cannot name \"d\\n.json\": it holds a "
       "line break, which would end the depfile's rule; rename it or drop "
       "--depfile [usage]\n"},
      {"d.json", "o\\ut", "out.d", "",
       "codeless: error: --depfile cannot name \"o\\ut\": it holds a "
       "backslash, which Make and Ninja read differently in a depfile; "
       "rename it or drop --depfile [usage]\n"},
      {"d.json", "o\rut", "", "lists",
       "codeless: error: --xcfilelist cannot name \"o\\rut\": it holds a "
       "line break, and an xcfilelist holds one path per line; rename it "
       "or drop --xcfilelist [usage]\n"},
  };
  for (const Case& c : cases) {
    base::InMemoryFileSystem fs;
    fs.files[c.descriptor_path] = descriptor;
    Options options;
    options.command = Command::kGenerate;
    options.descriptor_path = c.descriptor_path;
    options.output_dir = c.output_dir;
    options.depfile = c.depfile;
    options.xcfilelist_dir = c.xcfilelist_dir;
    RunResult result = driver::Run(options, fs);
    EXPECT_EQ(result.exit_code, kExitUsage);
    EXPECT_EQ(result.standard_error, c.expected);
    EXPECT_EQ(fs.files.size(), 1u);
  }
}

}  // namespace
}  // namespace codeless::driver
