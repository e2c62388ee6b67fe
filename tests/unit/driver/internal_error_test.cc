// A bug in codeless (here, a file system that throws) ends in exit status
// 70 and one [internal] diagnostic asking for a report, never a crash and
// never a verdict on the input.
#include <gtest/gtest.h>

#include <stdexcept>

#include "codeless/base/file_system.h"
#include "codeless/driver/run.h"

namespace codeless::driver {
namespace {

class ThrowingFileSystem final : public base::FileSystem {
 public:
  std::optional<std::string> ReadFile(const std::string&,
                                      std::string&) const override {
    throw std::runtime_error("the disk caught fire");
  }
  bool Exists(const std::string&) const override { return false; }
  bool IsDirectory(const std::string&) const override { return false; }
  std::vector<std::string> ListDirectory(const std::string&) const override {
    return {};
  }
  bool MakeDirectories(const std::string&, std::string&) override {
    return false;
  }
  bool WriteTemporary(const std::string&, std::string_view, std::string&,
                      std::string&) override {
    return false;
  }
  bool Rename(const std::string&, const std::string&, std::string&) override {
    return false;
  }
  void Remove(const std::string&) override {}
  bool RemoveEmptyDirectory(const std::string&) override { return false; }
};

TEST(InternalErrorTest, AnExceptionBecomesStatus70AndAReportRequest) {
  ThrowingFileSystem file_system;
  Options options;
  options.command = Command::kGenerate;
  options.descriptor_path = "d.json";
  options.output_dir = "out";
  RunResult result = driver::Run(options, file_system);
  EXPECT_EQ(result.exit_code, kExitInternal);
  EXPECT_EQ(result.standard_output, "");
  EXPECT_EQ(result.standard_error,
            "codeless: error: internal error: the disk caught fire; please "
            "report this with the input that caused it [internal]\n");
}

}  // namespace
}  // namespace codeless::driver
