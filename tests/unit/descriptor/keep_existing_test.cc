// What a descriptor may keep of an existing bundle (PRODUCT.md §2,
// Keeping an existing bundle's exact keys): an identifier that is not
// reverse DNS and a personality name with outer white space are lint
// errors (desc-identifier-chars, desc-personality-name) that lint.disable
// turns off, wherever "lint" stands; the identifier's length stays an
// error no one can disable (desc-identifier).
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "codeless/descriptor/reader.h"
#include "codeless/diag/render.h"

namespace codeless::descriptor {
namespace {

struct ReadResult {
  std::optional<model::Descriptor> descriptor;
  std::string diagnostics;
};

ReadResult ReadText(const std::string& text) {
  diag::SourceFile file("d.json", text);
  diag::Diagnostics diags;
  ReadResult result;
  result.descriptor = Read(file, diags);
  result.diagnostics = diag::RenderText(diags.all());
  return result;
}

// A kext descriptor with this identifier, personality name and "lint"
// member (JSON text, or empty), "lint" last.
std::string Descriptor(const std::string& identifier, const std::string& name,
                       const std::string& lint) {
  return "{\n"
         "\"formatVersion\": 1,\n"
         "\"bundle\": {\"identifier\": \"" +
         identifier +
         "\", \"name\": \"T\", \"version\": \"1.0\"},\n"
         "\"kext\": {\"driver\": \"IOService\"},\n"
         "\"personalities\": [{\"name\": \"" +
         name +
         "\", \"provider\": \"IOResources\", \"match\": {}, "
         "\"matchCategory\": \"IOService\"}]" +
         (lint.empty() ? "" : ",\n\"lint\": " + lint) + "\n}\n";
}

TEST(KeepExistingTest, IdentifierCharsAreALintError) {
  ReadResult refused =
      ReadText(Descriptor("com.Fabio1971_and insanelymac.com", "P", ""));
  EXPECT_FALSE(refused.descriptor.has_value());
  EXPECT_EQ(refused.diagnostics,
            "d.json:3:26: error: \"bundle.identifier\" \"com.Fabio1971_and "
            "insanelymac.com\" is not a valid bundle identifier: ' ' is not "
            "allowed; use letters, digits, '-' and '.' (reverse DNS, e.g. "
            "com.acme.driver.Mouse); to keep an existing bundle's "
            "identifier, add \"desc-identifier-chars\" to \"lint.disable\" "
            "[desc-identifier-chars]\n");
  ReadResult kept =
      ReadText(Descriptor("com.Fabio1971_and insanelymac.com", "P",
                          R"({"disable": ["desc-identifier-chars"]})"));
  ASSERT_TRUE(kept.descriptor.has_value()) << kept.diagnostics;
  EXPECT_EQ(kept.diagnostics, "");
  EXPECT_EQ(kept.descriptor->bundle.identifier.value,
            "com.Fabio1971_and insanelymac.com");
}

TEST(KeepExistingTest, IdentifierLengthCannotBeDisabled) {
  ReadResult result = ReadText(Descriptor(
      "com." + std::string(60, 'a'), "P",
      R"({"disable": ["desc-identifier", "desc-identifier-chars"]})"));
  EXPECT_FALSE(result.descriptor.has_value());
  EXPECT_EQ(result.diagnostics,
            "d.json:3:26: error: \"bundle.identifier\" \"com." +
                std::string(60, 'a') +
                "\" is not a valid bundle identifier: it is 64 characters "
                "long; the loader allows at most 63 [desc-identifier]\n");
}

TEST(KeepExistingTest, PersonalityNameSpaceIsALintError) {
  ReadResult refused =
      ReadText(Descriptor("com.acme.t", "UHD620 KabyLake-R ", ""));
  EXPECT_FALSE(refused.descriptor.has_value());
  EXPECT_EQ(refused.diagnostics,
            "d.json:5:28: error: personality name \"UHD620 KabyLake-R \" has "
            "leading or trailing white space; remove it (or, to keep an "
            "existing bundle's name, add \"desc-personality-name\" to "
            "\"lint.disable\") [desc-personality-name]\n");
  // "lint" after "personalities": the personality is kept all the same.
  ReadResult kept =
      ReadText(Descriptor("com.acme.t", "UHD620 KabyLake-R ",
                          R"({"disable": ["desc-personality-name"]})"));
  ASSERT_TRUE(kept.descriptor.has_value()) << kept.diagnostics;
  EXPECT_EQ(kept.diagnostics, "");
  ASSERT_EQ(kept.descriptor->personalities.size(), 1u);
  EXPECT_EQ(kept.descriptor->personalities[0].name.value, "UHD620 KabyLake-R ");
}

}  // namespace
}  // namespace codeless::descriptor
