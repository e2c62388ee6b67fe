// Whatever the descriptor, generate must end in a verdict: exit status 0 or
// 1, never a crash, an exception or status 70, and nothing written on 1.
// Mutates every example deterministically (byte flips, cuts, splices).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "support/in_memory_file_system.h"
#include "codeless/diag/render.h"
#include "codeless/driver/run.h"
#include "support/test_paths.h"

namespace codeless::driver {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> Examples() {
  std::vector<std::string> texts;
  for (const auto& entry :
       fs::directory_iterator(testing::SourceDir() / "examples")) {
    if (entry.path().extension() == ".json")
      texts.push_back(testing::ReadTextFile(entry.path()));
  }
  std::sort(texts.begin(), texts.end());
  return texts;
}

std::string Mutate(std::string text, std::mt19937& random) {
  static constexpr std::string_view kTokens[] = {"{",
                                                 "}",
                                                 "[",
                                                 "]",
                                                 ",",
                                                 ":",
                                                 "\"",
                                                 "null",
                                                 "-1",
                                                 "1e99",
                                                 "0x",
                                                 "\"*\"",
                                                 "\\u0000",
                                                 "\"$data\"",
                                                 "\"$comment\"",
                                                 "18446744073709551616",
                                                 "\xff",
                                                 "\xc3",
                                                 "\t",
                                                 "{}",
                                                 "[]"};
  int edits = 1 + static_cast<int>(random() % 4);
  for (int i = 0; i < edits && !text.empty(); ++i) {
    size_t at = random() % text.size();
    switch (random() % 4) {
      case 0:
        text[at] = static_cast<char>(random() % 256);
        break;
      case 1:
        text.erase(at, 1 + random() % 16);
        break;
      case 2:
        text.insert(at, kTokens[random() % std::size(kTokens)]);
        break;
      default:
        text.resize(at);
        break;
    }
  }
  return text;
}

TEST(RobustnessTest, MutatedDescriptorsGetAVerdictNeverACrash) {
  std::mt19937 random(20261121);
  std::vector<std::string> examples = Examples();
  ASSERT_FALSE(examples.empty());
  int failures_seen = 0;
  for (int round = 0; round < 600; ++round) {
    std::string input = Mutate(examples[round % examples.size()], random);
    base::InMemoryFileSystem file_system;
    file_system.files["in.json"] = input;
    Options options;
    options.descriptor_path = "in.json";
    options.output_dir = "out";
    RunResult result = driver::Run(options, file_system);
    ASSERT_TRUE(result.exit_code == kExitOk || result.exit_code == kExitInvalid)
        << "exit " << result.exit_code << " for:\n"
        << input << "\n"
        << diag::RenderText(result.diagnostics);
    if (result.exit_code == kExitInvalid) {
      ++failures_seen;
      EXPECT_EQ(file_system.files.size(), 1u)
          << "files written despite errors for:\n"
          << input;
      bool has_error =
          std::any_of(result.diagnostics.begin(), result.diagnostics.end(),
                      [](const diag::Diagnostic& d) {
                        return d.severity == diag::Severity::kError;
                      });
      EXPECT_TRUE(has_error) << "exit 1 without an error for:\n" << input;
    }
  }
  EXPECT_GT(failures_seen, 300);  // the mutations really do break descriptors
}

std::vector<std::string> GoldenPlists() {
  std::vector<std::string> texts;
  for (const auto& entry : fs::recursive_directory_iterator(
           testing::SourceDir() / "tests/golden/examples")) {
    std::string extension = entry.path().extension().string();
    if (extension == ".plist" || extension == ".entitlements") {
      texts.push_back(testing::ReadTextFile(entry.path()));
    }
  }
  std::sort(texts.begin(), texts.end());
  return texts;
}

TEST(RobustnessTest, MutatedPlistsGetAVerdictNeverACrash) {
  std::mt19937 random(11212026);
  std::vector<std::string> plists = GoldenPlists();
  ASSERT_FALSE(plists.empty());
  int failures_seen = 0;
  for (int round = 0; round < 600; ++round) {
    base::InMemoryFileSystem file_system;
    file_system.files["X.dext/Info.plist"] =
        Mutate(plists[round % plists.size()], random);
    file_system.files["X.dext/X.entitlements"] =
        Mutate(plists[(round * 7 + 3) % plists.size()], random);
    Options options;
    options.command = Command::kValidate;
    options.paths = {"X.dext", "X.dext/Info.plist", "X.dext/X.entitlements"};
    RunResult result = driver::Run(options, file_system);
    ASSERT_TRUE(result.exit_code == kExitOk || result.exit_code == kExitInvalid)
        << "exit " << result.exit_code << " for:\n"
        << file_system.files["X.dext/Info.plist"] << "\n"
        << diag::RenderText(result.diagnostics);
    failures_seen += result.exit_code == kExitInvalid ? 1 : 0;
  }
  EXPECT_GT(failures_seen, 300);
}

TEST(RobustnessTest, WriteFailureIsReportedNotFatal) {
  base::InMemoryFileSystem file_system;
  file_system.files["in.json"] =
      testing::ReadTextFile(testing::SourceDir() / "examples/hid-mouse.json");
  file_system.fail_writes_to = "out/AcmeMouse.kext/Contents/Info.plist";
  Options options;
  options.descriptor_path = "in.json";
  options.output_dir = "out";
  RunResult result = driver::Run(options, file_system);
  EXPECT_EQ(result.exit_code, kExitInvalid);
  EXPECT_EQ(diag::RenderText(result.diagnostics),
            "out/AcmeMouse.kext/Contents/Info.plist: error: cannot write: No "
            "space left on device [io-write]\n");
  EXPECT_EQ(file_system.files.size(), 1u) << "a temporary or a file was left behind";
}

}  // namespace
}  // namespace codeless::driver
