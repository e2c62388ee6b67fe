// importer::CompareBundles, the proof behind `codeless import`: parsed
// plists compared by value (key order, integer and data spelling aside),
// each difference an import-lossy error at the original's node.
#include <gtest/gtest.h>

#include <string>

#include "codeless/diag/render.h"
#include "codeless/import/importer.h"
#include "codeless/validate/kernel_xml.h"

namespace codeless::importer {
namespace {

std::string Plist(std::string_view body) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\">\n"
         "<dict>\n" +
         std::string(body) + "</dict>\n</plist>\n";
}

std::string Compare(std::string_view original, std::string_view regenerated,
                    size_t* count = nullptr) {
  diag::SourceFile a("Info.plist", Plist(original));
  diag::SourceFile b("generated.plist", Plist(regenerated));
  diag::Diagnostics parse;
  auto x = validate::ParsePlist(a, parse);
  auto y = validate::ParsePlist(b, parse);
  EXPECT_TRUE(x && y);
  diag::Diagnostics diags;
  size_t n = CompareBundles(a, x->root(), y->root(), "Info.plist", diags);
  if (count != nullptr) *count = n;
  return diag::RenderText(diags.all());
}

TEST(CompareBundlesTest, EqualValuesInAnotherSpellingAreTheSame) {
  size_t count = 1;
  EXPECT_EQ(Compare("<key>b</key><integer>0x10</integer>\n"
                    "<key>a</key><data>AQID\nBA==</data>\n"
                    "<key>c</key><array><true/><string>x</string></array>\n",
                    "<key>a</key><data>AQIDBA==</data>\n"
                    "<key>b</key><integer>16</integer>\n"
                    "<key>c</key><array><true/><string>x</string></array>\n",
                    &count),
            "");
  EXPECT_EQ(count, 0u);
}

TEST(CompareBundlesTest, EachDifferenceIsNamedAtTheOriginal) {
  size_t count = 0;
  EXPECT_EQ(
      Compare("<key>P</key><dict>\n"
              "<key>n</key><string>1</string>\n"
              "<key>m</key><integer>2</integer>\n"
              "<key>gone</key><true/>\n"
              "<key>list</key><array><integer>1</integer></array>\n"
              "</dict>\n",
              "<key>P</key><dict>\n"
              "<key>n</key><integer>1</integer>\n"
              "<key>m</key><integer>3</integer>\n"
              "<key>list</key><array/>\n"
              "<key>added</key><false/>\n"
              "</dict>\n",
              &count),
      "Info.plist:5:13: error: P.n is <string> \"1\" in the Info.plist, but "
      "generate writes <integer> 1 [import-lossy]\n"
      "Info.plist:6:13: error: P.m is <integer> 2 in the Info.plist, but "
      "generate writes <integer> 3 [import-lossy]\n"
      "Info.plist:7:1: error: P.gone is in the Info.plist, but generate "
      "leaves it out [import-lossy]\n"
      "Info.plist:8:16: error: P.list is an <array> of 1 value in the "
      "Info.plist, but generate writes an <array> of 0 values "
      "[import-lossy]\n"
      "Info.plist:4:13: error: generate adds P.added (<false/>), which the "
      "Info.plist does not have [import-lossy]\n");
  EXPECT_EQ(count, 5u);
}

}  // namespace
}  // namespace codeless::importer
