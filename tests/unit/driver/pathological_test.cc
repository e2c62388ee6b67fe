// Inputs built to be slow or huge, in small sizes, with the exact
// diagnostics each must give (issue 11 item 4). No timing here: the
// growth with size is bench/growth.py's business; these pin the verdicts
// of the inputs that once took quadratic or exponential time.
#include <gtest/gtest.h>

#include <string>

#include "codeless/driver/run.h"
#include "support/in_memory_file_system.h"

namespace codeless::driver {
namespace {

std::string Descriptor(const std::string& personalities) {
  return R"({"formatVersion": 1,
 "bundle": {"identifier": "com.example.driver.P", "name": "P",
            "version": "1.0.0", "usageDescription": "x"},
 "kext": {"driver": "IOService", "bundleRequired": "Root"},
 "personalities": [)" +
         personalities + "]}";
}

RunResult Generate(base::InMemoryFileSystem& fs, const std::string& text) {
  fs.files["d.json"] = text;
  Options options;
  options.command = Command::kGenerate;
  options.descriptor_path = "d.json";
  options.output_dir = "out";
  return driver::Run(options, fs);
}

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos;
       at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

// 3 missing keys in each of 1,000 empty personalities: 50 errors kept.
TEST(PathologicalTest, ManyEmptyPersonalitiesStopAtTheErrorLimit) {
  std::string personalities = "{}";
  for (int i = 1; i < 1000; ++i) personalities += ",{}";
  base::InMemoryFileSystem fs;
  RunResult result = Generate(fs, Descriptor(personalities));
  EXPECT_EQ(result.exit_code, kExitInvalid);
  EXPECT_EQ(Count(result.standard_error, ": error: "), 50u);
  EXPECT_EQ(result.standard_error.substr(0, result.standard_error.find('\n')),
            "d.json:5:20: error: \"personalities[0]\" is missing the required "
            "key \"name\" [desc-missing-key]");
  EXPECT_TRUE(result.standard_error.ends_with(
      "d.json: note: too many errors; stopping here, fix these and run again "
      "[too-many-errors]\n"))
      << result.standard_error;
  EXPECT_EQ(fs.files.size(), 1u);
}

// A misspelt key in each personality: each did-you-mean silences that
// personality's "missing name" (a set lookup, once a list scan).
TEST(PathologicalTest, AMisspellingInEveryPersonalityIsReportedOnce) {
  std::string personalities;
  for (int i = 0; i < 1000; ++i) {
    if (i != 0) personalities += ",";
    personalities +=
        "{\"nme\": \"D\", \"provider\": \"IOUSBHostInterface\", \"match\": "
        "{\"idVendor\": 1}}";
  }
  base::InMemoryFileSystem fs;
  RunResult result = Generate(fs, Descriptor(personalities));
  EXPECT_EQ(result.exit_code, kExitInvalid);
  EXPECT_EQ(Count(result.standard_error, "[desc-unknown-key]"), 50u);
  EXPECT_EQ(Count(result.standard_error, "[desc-missing-key]"), 0u);
  EXPECT_EQ(result.standard_error.substr(0, result.standard_error.find('\n')),
            "d.json:5:21: error: unknown key \"nme\" in \"personalities[0]\"; "
            "did you mean \"name\"? [desc-unknown-key]");
}

// Nesting: 256 levels are read, one more is json-depth at its '['.
TEST(PathologicalTest, NestingPastTheLimitIsJsonDepthAtTheBracket) {
  base::InMemoryFileSystem fs;
  std::string deep = "{\"formatVersion\": 1, \"x\": " + std::string(300, '[') +
                     std::string(300, ']') + "}";
  RunResult result = Generate(fs, deep);
  EXPECT_EQ(result.exit_code, kExitInvalid);
  EXPECT_EQ(result.standard_error,
            "d.json:1:22: error: unknown key \"x\" at the top level; the "
            "known keys are formatVersion, bundle, kext, dext, personalities, "
            "lint [desc-unknown-key]\n"
            "d.json:1:282: error: values are nested more than 256 deep; no "
            "plist needs that, and the kernel's parser would not read it "
            "[json-depth]\n");
}

// A chain of IDREFs doubles at each level: 2^40 values if copied.
std::string IdrefChain(int levels) {
  std::string body =
      "<dict><key>L0</key><array ID=\"0\"><string>x</string>"
      "<string>y</string></array>";
  for (int l = 1; l < levels; ++l) {
    body += "<key>L" + std::to_string(l) + "</key><array ID=\"" +
            std::to_string(l) + "\"><array IDREF=\"" + std::to_string(l - 1) +
            "\"/><array IDREF=\"" + std::to_string(l - 1) + "\"/></array>";
  }
  return body + "</dict>";
}

std::string Kext(const std::string& bomb) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\">\n"
         "<dict>\n"
         "<key>CFBundleIdentifier</key><string>com.example.x</string>\n"
         "<key>CFBundleName</key><string>x</string>\n"
         "<key>CFBundlePackageType</key><string>KEXT</string>\n"
         "<key>CFBundleVersion</key><string>1.0.0</string>\n"
         "<key>CFBundleInfoDictionaryVersion</key><string>6.0</string>\n"
         "<key>IOKitPersonalities</key><dict><key>P</key><dict>"
         "<key>CFBundleIdentifier</key>"
         "<string>com.apple.driver.usb.AppleUSBHostCompositeDevice</string>"
         "<key>IOClass</key><string>AppleUSBHostCompositeDevice</string>"
         "<key>IOProviderClass</key><string>IOUSBHostDevice</string>"
         "<key>idVendor</key><integer>1</integer>"
         "<key>idProduct</key><integer>2</integer>"
         "<key>Bomb</key>" +
         bomb + "</dict></dict>\n</dict>\n</plist>\n";
}

TEST(PathologicalTest, IdrefChainsInAPersonalityOrEntitlementsAreShared) {
  base::InMemoryFileSystem fs;
  fs.files["Info.plist"] = Kext(IdrefChain(40));
  fs.files["x.entitlements"] =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\">\n"
      "<dict><key>com.apple.developer.driverkit</key><true/><key>Bomb</key>" +
      IdrefChain(40) + "</dict>\n</plist>\n";
  for (const char* path : {"Info.plist", "x.entitlements"}) {
    Options options;
    options.command = Command::kValidate;
    options.paths = {path};
    RunResult result = driver::Run(options, fs);
    // 78 uses, each one warning (50 kept): the values are never copied.
    EXPECT_EQ(result.exit_code, kExitOk) << result.standard_error;
    EXPECT_EQ(Count(result.standard_error, "[xml-idref]"), 50u) << path;
    EXPECT_EQ(Count(result.standard_error, ": error: "), 0u) << path;
  }
  // import would have to write every use out: refused at the first.
  Options options;
  options.command = Command::kImport;
  options.paths = {"Info.plist"};
  RunResult result = driver::Run(options, fs);
  EXPECT_EQ(result.exit_code, kExitInvalid);
  EXPECT_EQ(result.standard_output, "");
  EXPECT_EQ(result.standard_error,
            "Info.plist: error: Info.plist:9:466: the plist uses IDREF, "
            "which a descriptor cannot share; write the values out in full "
            "and import again [import-input]\n");
}

}  // namespace
}  // namespace codeless::driver
