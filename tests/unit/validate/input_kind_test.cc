// Files that are no Info.plist or entitlements (validate/input_kind.h):
// each kind of registry dump, system profile and JSON draws exactly one
// input-kind finding that names it and the command that reads it. Small
// dumps written here in each format, then the real ones of the shared
// corpus.
#include "codeless/validate/input_kind.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "codeless/base/file_system.h"
#include "codeless/driver/run.h"
#include "support/test_paths.h"
#include "unit/validate/validate_test_support.h"

namespace codeless::validate {
namespace {

using fixtures::Files;
using fixtures::Plist;
using fixtures::ValidateFiles;

std::string Validated(const std::string& text) {
  Files files;
  files.info = text;
  return ValidateFiles(files);
}

// A kext's executable given in place of its Info.plist, and any file with
// a NUL near its start: one finding, not the parser's errors on its bytes.
TEST(InputKindTest, BinaryFilesAndExecutables) {
  EXPECT_EQ(Validated(std::string("\xCF\xFA\xED\xFE\x07\x00\x00\x01", 8)),
            "f.plist:1:1: error: this is a Mach-O executable (a driver's "
            "code), not an Info.plist or entitlements; give validate an "
            "Info.plist (XML), a .kext, a dext source folder or an "
            ".entitlements file [input-kind]\n");
  EXPECT_EQ(Validated(std::string("\x89PNG\r\n\x1a\n\x00\x00", 10)),
            "f.plist:1:1: error: this is a binary file, not text, not an "
            "Info.plist or entitlements; give validate an Info.plist (XML), a "
            ".kext, a dext source folder or an .entitlements file "
            "[input-kind]\n");
}

TEST(InputKindTest, IoregTextBelowAShellPrompt) {
  EXPECT_EQ(
      Validated("mac:~ me$ ioreg -l -w0\n"
                "+-o Root  <class IORegistryEntry, id 0x100000100, retain "
                "14>\n"
                "  | {\n"
                "  |   \"IOKitBuildVersion\" = \"Darwin\"\n"
                "  | }\n"),
      "f.plist:2:1: error: this is an I/O Registry dump (`ioreg -l` text), "
      "not an Info.plist or entitlements; `codeless match SOURCE... --device "
      "f.plist` reads it and tells which personalities match its devices "
      "[input-kind]\n");
}

// `ioreg -r -c CLASS -l` starts in a subtree, indented.
TEST(InputKindTest, IoregTextOfASubtree) {
  EXPECT_EQ(Validated("  | +-o Mouse@14100000  <class IOUSBHostDevice, id "
                      "0x100000a00, registered, matched, active, retain 20>\n"),
            "f.plist:1:5: error: this is an I/O Registry dump (`ioreg -l` "
            "text), not an Info.plist or entitlements; `codeless match "
            "SOURCE... --device f.plist` reads it and tells which "
            "personalities match its devices [input-kind]\n");
}

TEST(InputKindTest, IoregXmlWithADictOrAnArrayAtTheRoot) {
  const std::string kFinding =
      "error: this is an I/O Registry dump (`ioreg -a` XML), not an "
      "Info.plist or entitlements; `codeless match SOURCE... --device "
      "f.plist` reads it and tells which personalities match its devices "
      "[input-kind]\n";
  EXPECT_EQ(Validated(Plist(
                "<dict>\n"
                "<key>IOKitBuildVersion</key><string>Darwin</string>\n"
                "<key>IOObjectClass</key><string>IORegistryEntry</string>\n"
                "<key>IORegistryEntryName</key><string>Root</string>\n"
                "</dict>\n")),
            "f.plist:4:1: " + kFinding);
  EXPECT_EQ(Validated(Plist(
                "<array>\n<dict>\n"
                "<key>IOObjectClass</key><string>IOUSBHostDevice</string>\n"
                "<key>idVendor</key><integer>1452</integer>\n"
                "</dict>\n</array>\n")),
            "f.plist:4:1: " + kFinding);
}

// system_profiler XML holds <real> and <date>, which the kernel's grammar
// refuses: still one finding, not one per value.
TEST(InputKindTest, SystemProfilerXml) {
  EXPECT_EQ(
      Validated(Plist("<array>\n<dict>\n"
                      "<key>_SPCompletionInterval</key><real>0.18</real>\n"
                      "<key>_dataType</key>\n<string>SPUSBDataType</string>\n"
                      "<key>_timeStamp</key><date>2020-01-01T00:00:00Z</date>\n"
                      "</dict>\n</array>\n")),
      "f.plist:4:1: error: this is a system profile (`system_profiler -xml` "
      "output of SPUSBDataType), not an Info.plist or entitlements; `codeless "
      "match SOURCE... --device f.plist` reads the USB devices in it and "
      "tells which personalities match them [input-kind]\n");
  // A profile without USB data types says which profile match reads.
  EXPECT_EQ(
      Validated(Plist(
          "<array>\n"
          "<dict><key>_dataType</key><string>SPAudioDataType</string></dict>\n"
          "<dict><key>_dataType</key><string>SPPCIDataType</string></dict>\n"
          "<dict><key>_dataType</key><string>SPAudioDataType</string></dict>\n"
          "</array>\n")),
      "f.plist:4:1: error: this is a system profile (`system_profiler -xml` "
      "output of SPAudioDataType, SPPCIDataType), not an Info.plist or "
      "entitlements; `codeless match` reads only the SPUSBDataType and "
      "SPUSBHostDataType profiles: save `system_profiler -xml SPUSBDataType` "
      "on the Mac and give that to `codeless match SOURCE... --device FILE` "
      "[input-kind]\n");
}

TEST(InputKindTest, SystemProfilerJson) {
  EXPECT_EQ(Validated("{\n  \"SPUSBHostDataType\" : [\n    {\n      "
                      "\"_name\" : \"USB 3.1 Bus\"\n    }\n  ]\n}\n"),
            "f.plist:1:1: error: this is a system profile (`system_profiler "
            "-json` output of SPUSBHostDataType), not an Info.plist or "
            "entitlements; `codeless match SOURCE... --device f.plist` reads "
            "the USB devices in it and tells which personalities match them "
            "[input-kind]\n");
}

TEST(InputKindTest, DescriptorAndOtherJson) {
  EXPECT_EQ(Validated("\n  {\"formatVersion\": 1, \"bundle\": {}}\n"),
            "f.plist:2:3: error: this is a codeless descriptor (JSON with "
            "formatVersion), not an Info.plist or entitlements; `codeless "
            "generate f.plist` reads it and validates what it builds "
            "[input-kind]\n");
  EXPECT_EQ(Validated("[1, 2]\n"),
            "f.plist:1:1: error: this is a JSON document, not an Info.plist "
            "or entitlements, which are XML plists; give validate an "
            "Info.plist (XML), a .kext, a dext source folder or an "
            ".entitlements file [input-kind]\n");
}

TEST(InputKindTest, IoRegistryExplorerDocument) {
  std::string archive = "bplist00\xD4\x01\x02X$versionX$archiver";
  archive += "_\x10\x13IORegistryEntryName";
  EXPECT_EQ(Validated(archive),
            "f.plist:1:1: error: this is an IORegistryExplorer document (a "
            "binary keyed archive, .ioreg), not an Info.plist or "
            "entitlements, and no codeless command reads it; save the "
            "registry on the Mac with `ioreg -l -w0` (text) or `ioreg -a -l` "
            "(XML) and give that to `codeless match SOURCE... --device FILE` "
            "[input-kind]\n");
}

// What is no dump stays the plist reader's: an old-style (OpenStep) plist,
// a plain binary plist, an Info.plist that mentions IOObjectClass.
TEST(InputKindTest, OtherFilesAreLeftToThePlistReader) {
  EXPECT_EQ(Validated("{ CFBundleIdentifier = \"com.acme\"; }\n")
                .find("[input-kind]"),
            std::string::npos);
  EXPECT_EQ(Validated("bplist00\x01"),
            "f.plist:1:1: error: the file is a binary plist, but the loaders "
            "read kext Info.plists only as XML; convert it with plutil "
            "-convert xml1 [xml-syntax]\n");
  EXPECT_EQ(
      Validated(fixtures::Kext(fixtures::Personality("P", fixtures::UsbBody()),
                               fixtures::String("IOObjectClass", "x")))
          .find("[input-kind]"),
      std::string::npos);
}

// Every registry dump and system profile of the shared corpus draws one
// finding, input-kind, and exit status 1.
TEST(InputKindTest, CorpusDeviceDumpsDrawOneFindingEach) {
  std::filesystem::path dumps =
      codeless::testing::SourceDir() / "../shared/corpus/device-dumps";
  ASSERT_TRUE(std::filesystem::is_directory(dumps))
      << dumps
      << " is missing: the shared corpus must stand beside the "
         "repository";
  base::RealFileSystem fs;
  size_t count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dumps)) {
    driver::Options options;
    options.command = driver::Command::kValidate;
    options.paths = {entry.path().string()};
    driver::RunResult result = driver::Run(options, fs);
    EXPECT_EQ(result.exit_code, driver::kExitInvalid) << entry.path();
    ASSERT_EQ(result.diagnostics.size(), 1u) << result.standard_error;
    EXPECT_EQ(result.diagnostics[0].rule, "input-kind") << entry.path();
    ++count;
  }
  EXPECT_GE(count, 11u);
}

}  // namespace
}  // namespace codeless::validate
