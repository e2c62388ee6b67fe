// `codeless init`: each kind and target gives exactly the reviewed starter
// (tests/golden/init/KIND-TARGET.json), which `generate` turns into files
// without a single diagnostic; flags that do not fit are usage errors that
// say why; -o never overwrites.
#include "codeless/authoring/init.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "codeless/driver/run.h"
#include "support/in_memory_file_system.h"
#include "support/test_paths.h"

namespace codeless::authoring {
namespace {

struct Case {
  StarterKind kind;
  const char* kind_word;
  StarterTargets targets;
  const char* target_word;
};

std::vector<Case> AllCases() {
  std::vector<Case> cases;
  const std::pair<StarterKind, const char*> kinds[] = {
      {StarterKind::kUsb, "usb"},
      {StarterKind::kPci, "pci"},
      {StarterKind::kHid, "hid"},
      {StarterKind::kPortMap, "port-map"},
      {StarterKind::kNull, "null"}};
  const std::pair<StarterTargets, const char*> targets[] = {
      {StarterTargets::kAll, "all"},
      {StarterTargets::kKext, "kext"},
      {StarterTargets::kDext, "dext"}};
  for (const auto& [kind, kind_word] : kinds) {
    for (const auto& [target, target_word] : targets) {
      // A port map is a kext only (PortMapRefusesADext).
      if (kind == StarterKind::kPortMap && target == StarterTargets::kDext) {
        continue;
      }
      cases.push_back({kind, kind_word, target, target_word});
    }
  }
  return cases;
}

// Runs generate on `text` in memory; returns its diagnostics as text.
driver::RunResult Generate(const std::string& text) {
  base::InMemoryFileSystem file_system;
  file_system.files["starter.json"] = text;
  driver::Options options;
  options.command = driver::Command::kGenerate;
  options.descriptor_path = "starter.json";
  options.output_dir = "out";
  return driver::Run(options, file_system);
}

TEST(InitTest, EveryKindAndTargetMatchesItsGoldenAndGeneratesCleanly) {
  for (const Case& c : AllCases()) {
    SCOPED_TRACE(std::string(c.kind_word) + " " + c.target_word);
    StarterOptions options;
    options.kind = c.kind;
    options.targets = c.targets;
    std::string error;
    auto text = MakeStarter(options, error);
    ASSERT_TRUE(text.has_value()) << error;
    auto golden = testing::SourceDir() / "tests/golden/init" /
                  (std::string(c.kind_word) + "-" + c.target_word + ".json");
    if (testing::UpdateGoldens()) testing::WriteTextFile(golden, *text);
    EXPECT_EQ(*text, testing::ReadTextFile(golden));
    driver::RunResult result = Generate(*text);
    EXPECT_EQ(result.exit_code, driver::kExitOk);
    EXPECT_EQ(result.standard_error, "");
    EXPECT_TRUE(result.diagnostics.empty());
    EXPECT_FALSE(result.written.empty());
  }
}

TEST(InitTest, GivenIdsAndNameReplaceThePlaceholders) {
  StarterOptions options;
  options.kind = StarterKind::kNull;
  options.targets = StarterTargets::kKext;
  options.vendor = "0x05AC";
  options.product = "0x8286";
  options.name = "AcmeLogger";
  std::string error;
  auto text = MakeStarter(options, error);
  ASSERT_TRUE(text.has_value()) << error;
  EXPECT_NE(text->find(R"("idVendor": "0x05ac")"), std::string::npos);
  EXPECT_NE(text->find(R"("idProduct": "0x8286")"), std::string::npos);
  EXPECT_NE(text->find(R"("identifier": "com.example.driver.AcmeLogger")"),
            std::string::npos);
  EXPECT_NE(text->find("IDs from --vendor/--product"), std::string::npos);
  EXPECT_EQ(text->find("PLACEHOLDER"), std::string::npos);
  driver::RunResult result = Generate(*text);
  EXPECT_EQ(result.exit_code, driver::kExitOk);
  EXPECT_EQ(result.standard_error, "");
}

TEST(InitTest, OnlyTheMissingIdIsCalledAPlaceholder) {
  StarterOptions options;
  options.kind = StarterKind::kHid;
  options.vendor = "0x046d";
  std::string error;
  auto text = MakeStarter(options, error);
  ASSERT_TRUE(text.has_value()) << error;
  EXPECT_NE(text->find("PLACEHOLDER: the product ID 0x0001 is not your "
                       "device's"),
            std::string::npos);
  EXPECT_NE(text->find(R"("VendorID": "0x046d")"), std::string::npos);
}

TEST(InitTest, ADextClassNameEndsInDriverOnce) {
  StarterOptions options;
  options.kind = StarterKind::kNull;
  options.targets = StarterTargets::kDext;
  std::string error;
  auto text = MakeStarter(options, error);
  ASSERT_TRUE(text.has_value()) << error;
  EXPECT_NE(text->find(R"("class": "MyNullDriver")"), std::string::npos);
  options.name = "Acme";
  text = MakeStarter(options, error);
  ASSERT_TRUE(text.has_value()) << error;
  EXPECT_NE(text->find(R"("class": "AcmeDriver")"), std::string::npos);
}

std::string ErrorFor(const StarterOptions& options) {
  std::string error;
  auto text = MakeStarter(options, error);
  EXPECT_FALSE(text.has_value());
  return error;
}

TEST(InitTest, IdsMustBe16BitHexWithPrefix) {
  StarterOptions options;
  options.vendor = "0483";
  EXPECT_EQ(ErrorFor(options),
            "--vendor \"0483\" is not 0x hex: IDs are printed in hex, often "
            "without 0x, so write \"0x0483\", or \"0x01e3\" if you meant the "
            "decimal 0483");
  // Where only the decimal reading fits in 16 bits, only it is offered.
  options.vendor = "11914";
  EXPECT_EQ(ErrorFor(options),
            "--vendor \"11914\" is not 0x hex; write \"0x2e8a\" if you meant "
            "the decimal 11914");
  options.vendor = "0x10000";
  EXPECT_EQ(ErrorFor(options),
            "--vendor \"0x10000\" is outside the range of a 16-bit ID (0x0000 "
            "to 0xffff)");
  options.vendor = "";
  options.product = "acme";
  EXPECT_EQ(ErrorFor(options),
            "--product \"acme\" is not an ID; write it as 0x hex, e.g. 0x05ac");
  options.product = "0xg1";
  EXPECT_EQ(ErrorFor(options),
            "--product \"0xg1\" is not 0x hex; write it as e.g. 0x05ac");
}

TEST(InitTest, NameMustBeLettersAndDigits) {
  StarterOptions options;
  options.name = "My-Driver";
  EXPECT_EQ(ErrorFor(options),
            "--name \"My-Driver\" must be a letter followed by letters and "
            "digits, at most 40 characters: it becomes the bundle name, the "
            "last label of the bundle identifier and the start of the dext's "
            "C++ class name");
  options.name = "1Driver";
  EXPECT_FALSE(ErrorFor(options).empty());
  options.name = std::string(41, 'A');
  EXPECT_FALSE(ErrorFor(options).empty());
}

TEST(InitTest, PortMapRefusesADextAndIds) {
  StarterOptions options;
  options.kind = StarterKind::kPortMap;
  options.targets = StarterTargets::kDext;
  EXPECT_EQ(ErrorFor(options),
            "--kind port-map makes a kext only: DriverKit has no property "
            "merger a codeless dext could use; choose --target kext or all");
  options.targets = StarterTargets::kAll;
  options.vendor = "0x1234";
  EXPECT_EQ(ErrorFor(options),
            "--kind port-map matches the USB controller by its location, not "
            "by IDs; leave out --vendor and --product");
}

// Through driver::Run: stdout without -o; -o writes the file once and then
// refuses to overwrite it; a bad flag is exit status 2.
TEST(InitCommandTest, WritesToStandardOutputOrAFileButNeverOverwrites) {
  base::InMemoryFileSystem file_system;
  driver::Options options;
  options.command = driver::Command::kInit;
  options.init_kind = StarterKind::kHid;
  driver::RunResult printed = driver::Run(options, file_system);
  EXPECT_EQ(printed.exit_code, driver::kExitOk);
  EXPECT_EQ(printed.standard_output,
            testing::ReadTextFile(testing::SourceDir() /
                                  "tests/golden/init/hid-all.json"));
  EXPECT_TRUE(file_system.files.empty());

  options.init_output = "mouse.json";
  driver::RunResult wrote = driver::Run(options, file_system);
  EXPECT_EQ(wrote.exit_code, driver::kExitOk);
  EXPECT_EQ(wrote.standard_output, "wrote mouse.json\n");
  EXPECT_EQ(file_system.files["mouse.json"], printed.standard_output);
  EXPECT_EQ(file_system.files.size(), 1u);  // no temporary left behind

  file_system.files["mouse.json"] = "mine";
  driver::RunResult refused = driver::Run(options, file_system);
  EXPECT_EQ(refused.exit_code, driver::kExitInvalid);
  EXPECT_EQ(refused.standard_output, "");
  EXPECT_EQ(refused.standard_error,
            "mouse.json: error: cannot write: it already exists, and init "
            "never overwrites a file; remove it or choose another -o "
            "[io-write]\n");
  EXPECT_EQ(file_system.files["mouse.json"], "mine");

  options.init_output = "";
  options.init_vendor = "1234";
  driver::RunResult usage = driver::Run(options, file_system);
  EXPECT_EQ(usage.exit_code, driver::kExitUsage);
  EXPECT_EQ(usage.standard_error,
            "codeless: error: --vendor \"1234\" is not 0x hex: IDs are "
            "printed in hex, often without 0x, so write \"0x1234\", or "
            "\"0x04d2\" if you meant the decimal 1234 [usage]\n");
}

}  // namespace
}  // namespace codeless::authoring
