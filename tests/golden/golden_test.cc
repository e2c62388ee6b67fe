// Golden tests. Every example must generate exactly the files under
// tests/golden/examples/<example>/out/, with no diagnostic at all unless
// tests/golden/examples/<example>/generate.stderr holds the exact warnings
// it draws (an example of a driver class that later macOS versions lack).
// Every
// descriptor in tests/golden/errors/ must fail with exactly the diagnostics
// in the .stderr file beside it, exit status 1, and write nothing.
// CODELESS_UPDATE_GOLDENS=1 rewrites the expected files.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "support/in_memory_file_system.h"
#include "codeless/diag/render.h"
#include "codeless/driver/run.h"
#include "support/test_paths.h"

namespace codeless {
namespace {

namespace fs = std::filesystem;
using testing::ReadTextFile;
using testing::SourceDir;
using testing::UpdateGoldens;
using testing::WriteTextFile;

std::vector<std::string> Stems(const fs::path& directory) {
  std::vector<std::string> stems;
  for (const auto& entry : fs::directory_iterator(directory)) {
    if (entry.path().extension() == ".json")
      stems.push_back(entry.path().stem().string());
  }
  std::sort(stems.begin(), stems.end());
  return stems;
}

std::map<std::string, std::string> ReadTree(const fs::path& root) {
  std::map<std::string, std::string> files;
  if (!fs::exists(root)) return files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file()) {
      files[fs::relative(entry.path(), root).generic_string()] =
          ReadTextFile(entry.path());
    }
  }
  return files;
}

driver::RunResult Generate(base::InMemoryFileSystem& file_system,
                           const std::string& descriptor) {
  driver::Options options;
  options.command = driver::Command::kGenerate;
  options.descriptor_path = descriptor;
  options.output_dir = "out";
  return driver::Run(options, file_system);
}

// "out/X.kext/Contents/Info.plist" -> "X.kext/Contents/Info.plist"
std::map<std::string, std::string> Outputs(
    const base::InMemoryFileSystem& file_system) {
  std::map<std::string, std::string> outputs;
  for (const auto& [path, bytes] : file_system.files) {
    if (path.starts_with("out/")) outputs[path.substr(4)] = bytes;
  }
  return outputs;
}

class ExampleTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ExampleTest, GeneratesExpectedFiles) {
  const std::string& stem = GetParam();
  std::string descriptor = "examples/" + stem + ".json";
  base::InMemoryFileSystem file_system;
  file_system.files[descriptor] = ReadTextFile(SourceDir() / descriptor);
  driver::RunResult result = Generate(file_system, descriptor);
  fs::path expected_stderr =
      SourceDir() / "tests/golden/examples" / stem / "generate.stderr";
  std::string diagnostics = diag::RenderText(result.diagnostics);
  if (UpdateGoldens()) {
    if (diagnostics.empty()) {
      fs::remove(expected_stderr);
    } else {
      WriteTextFile(expected_stderr, diagnostics);
    }
  }
  EXPECT_EQ(diagnostics, fs::exists(expected_stderr)
                             ? ReadTextFile(expected_stderr)
                             : std::string());
  ASSERT_EQ(result.exit_code, 0);
  std::map<std::string, std::string> actual = Outputs(file_system);
  fs::path expected_root = SourceDir() / "tests/golden/examples" / stem / "out";
  if (UpdateGoldens()) {
    fs::remove_all(expected_root);
    for (const auto& [path, bytes] : actual)
      WriteTextFile(expected_root / path, bytes);
  }
  std::map<std::string, std::string> expected = ReadTree(expected_root);
  ASSERT_FALSE(expected.empty())
      << "no golden files in " << expected_root
      << "; run with CODELESS_UPDATE_GOLDENS=1 and review them";
  for (const auto& [path, bytes] : expected) {
    auto it = actual.find(path);
    ASSERT_NE(it, actual.end()) << "missing output " << path;
    EXPECT_EQ(it->second, bytes)
        << "output " << path << " differs from its golden file";
  }
  for (const auto& [path, bytes] : actual) {
    EXPECT_TRUE(expected.count(path)) << "unexpected output " << path;
  }
}

INSTANTIATE_TEST_SUITE_P(Examples, ExampleTest,
                         ::testing::ValuesIn(Stems(SourceDir() / "examples")),
                         [](const auto& param_info) {
                           std::string name = param_info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

class ErrorTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ErrorTest, ReportsExactDiagnosticsAndWritesNothing) {
  const std::string& stem = GetParam();
  fs::path directory = SourceDir() / "tests/golden/errors";
  std::string descriptor = stem + ".json";
  base::InMemoryFileSystem file_system;
  file_system.files[descriptor] = ReadTextFile(directory / descriptor);
  driver::RunResult result = Generate(file_system, descriptor);
  std::string actual = diag::RenderText(result.diagnostics);
  fs::path expected_path = directory / (stem + ".stderr");
  if (UpdateGoldens()) WriteTextFile(expected_path, actual);
  EXPECT_EQ(actual, ReadTextFile(expected_path));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(Outputs(file_system).empty()) << "a failed generate wrote files";
  EXPECT_TRUE(result.written.empty());
}

INSTANTIATE_TEST_SUITE_P(Errors, ErrorTest,
                         ::testing::ValuesIn(Stems(SourceDir() /
                                                   "tests/golden/errors")),
                         [](const auto& param_info) {
                           std::string name = param_info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
}  // namespace codeless
