// The input size limit (driver/input_limit.h, --max-input-size): sizes as
// the option reads and prints them, and every command that reads input
// refusing a larger file with a located error, on the real disk (a regular
// file by its size, /dev/zero after the limit) and in memory.
#include "codeless/driver/input_limit.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <string>

#include "codeless/driver/run.h"
#include "support/in_memory_file_system.h"

namespace codeless::driver {
namespace {

TEST(InputLimitTest, ParsesSizes) {
  EXPECT_EQ(ParseSize("1"), 1u);
  EXPECT_EQ(ParseSize("4096"), 4096u);
  EXPECT_EQ(ParseSize("16K"), 16u << 10);
  EXPECT_EQ(ParseSize("16k"), 16u << 10);
  EXPECT_EQ(ParseSize("16KiB"), 16u << 10);
  EXPECT_EQ(ParseSize("64M"), uint64_t{64} << 20);
  EXPECT_EQ(ParseSize("64MB"), uint64_t{64} << 20);
  EXPECT_EQ(ParseSize("2G"), uint64_t{2} << 30);
  EXPECT_EQ(ParseSize("100b"), 100u);
  EXPECT_EQ(ParseSize(""), std::nullopt);
  EXPECT_EQ(ParseSize("0"), std::nullopt);
  EXPECT_EQ(ParseSize("M"), std::nullopt);
  EXPECT_EQ(ParseSize("-1"), std::nullopt);
  EXPECT_EQ(ParseSize("1.5M"), std::nullopt);
  EXPECT_EQ(ParseSize("1T"), std::nullopt);
  EXPECT_EQ(ParseSize("9999999999G"), std::nullopt);
  EXPECT_EQ(ParseSize("99999999999999999999999"), std::nullopt);
}

TEST(InputLimitTest, FormatsSizes) {
  EXPECT_EQ(FormatSize(kDefaultMaxInputSize), "64 MiB");
  EXPECT_EQ(FormatSize(uint64_t{3} << 30), "3 GiB");
  EXPECT_EQ(FormatSize(2048), "2 KiB");
  EXPECT_EQ(FormatSize(1000), "1000 bytes");
  EXPECT_EQ(FormatSize(1), "1 byte");
}

TEST(InputLimitTest, RealDiskStopsOneBytePastTheLimit) {
  base::RealFileSystem disk;
  std::string error;
  bool too_large = true;
  // /dev/zero never ends: only a bounded read returns.
  EXPECT_EQ(disk.ReadFileAtMost("/dev/zero", 1000, error, too_large),
            std::nullopt);
  EXPECT_TRUE(too_large);
  EXPECT_EQ(error, "");

  auto path = std::filesystem::temp_directory_path() /
              ("codeless-input-limit-" + std::to_string(getpid()));
  {
    std::FILE* file = std::fopen(path.c_str(), "wb");
    ASSERT_NE(file, nullptr);
    std::fputs("0123456789", file);
    std::fclose(file);
  }
  auto exact = disk.ReadFileAtMost(path.string(), 10, error, too_large);
  EXPECT_EQ(exact, "0123456789");
  EXPECT_FALSE(too_large);
  EXPECT_EQ(disk.ReadFileAtMost(path.string(), 9, error, too_large),
            std::nullopt);
  EXPECT_TRUE(too_large);
  // A FIFO has no size to look at: the read itself stops.
  auto fifo = path.string() + ".fifo";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  pid_t writer = fork();
  if (writer == 0) {
    int fd = open(fifo.c_str(), O_WRONLY);
    std::string chunk(4096, 'x');
    while (write(fd, chunk.data(), chunk.size()) > 0) {
    }
    _exit(0);
  }
  EXPECT_EQ(disk.ReadFileAtMost(fifo, 100000, error, too_large), std::nullopt);
  EXPECT_TRUE(too_large);
  kill(writer, SIGKILL);
  waitpid(writer, nullptr, 0);
  std::filesystem::remove(fifo);
  std::filesystem::remove(path);
  // Other failures are not "too large".
  EXPECT_EQ(disk.ReadFileAtMost("/nonexistent/x", 10, error, too_large),
            std::nullopt);
  EXPECT_FALSE(too_large);
  EXPECT_EQ(error, "No such file or directory");
}

// Each command that reads input names the file and the limit.
TEST(InputLimitTest, EveryInputReadingCommandRefusesALargerFile) {
  base::InMemoryFileSystem fs;
  fs.files["big.json"] = std::string(2000, ' ') + "{}";
  fs.files["big.plist"] = std::string(2000, ' ');
  fs.files["dump.txt"] = std::string(2000, ' ');
  const std::string limit_text =
      "the file is larger than 1 KiB, the input size limit; pass "
      "--max-input-size SIZE (e.g. 256M) to read it [io-read]\n";
  struct Case {
    Command command;
    std::vector<std::string> paths;
    std::string expected;
  } cases[] = {
      {Command::kGenerate,
       {},
       "big.json: error: cannot read the descriptor: " + limit_text},
      {Command::kValidate,
       {"big.plist"},
       "big.plist: error: cannot read: " + limit_text},
      {Command::kImport,
       {"big.plist"},
       "big.plist: error: cannot read: " + limit_text},
      {Command::kMatch,
       {"big.json"},
       "big.json: error: cannot read the descriptor: " + limit_text +
           "dump.txt: error: cannot read the device dump: " + limit_text},
  };
  for (const Case& c : cases) {
    Options options;
    options.command = c.command;
    options.descriptor_path = "big.json";
    options.output_dir = "out";
    options.paths = c.paths;
    options.device_dump = "dump.txt";
    options.max_input_size = 1024;
    RunResult result = driver::Run(options, fs);
    EXPECT_EQ(result.exit_code, kExitInvalid);
    EXPECT_EQ(result.standard_error, c.expected);
  }
  EXPECT_EQ(fs.files.size(), 3u);  // nothing written
  // At the limit exactly, the file is read.
  fs.files["ok.json"] = std::string(1022, ' ') + "{}";
  Options options;
  options.command = Command::kGenerate;
  options.descriptor_path = "ok.json";
  options.max_input_size = 1024;
  EXPECT_EQ(driver::Run(options, fs).standard_error.find("[io-read]"),
            std::string::npos);
}

}  // namespace
}  // namespace codeless::driver
