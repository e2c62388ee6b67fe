// The kernel-grammar reader: the tree it builds, where its nodes are, and
// what it does with input the kernel rejects.
#include "codeless/validate/kernel_xml.h"

#include <gtest/gtest.h>

#include <string>

#include "codeless/diag/render.h"

namespace codeless::validate {
namespace {

struct Parsed {
  std::optional<PlistDocument> document;
  std::string diagnostics;
};

// Parses `text` held by `file` (which must outlive the result).
Parsed Parse(const diag::SourceFile& file) {
  diag::Diagnostics diags;
  Parsed parsed{ParsePlist(file, diags), ""};
  parsed.diagnostics = diag::RenderText(diags.all());
  return parsed;
}

TEST(KernelXmlTest, BuildsATypedTreeWithPositions) {
  diag::SourceFile file("f.plist",
                        "<plist version=\"1.0\">\n"
                        "<dict>\n"
                        "\t<key>a &amp; b</key>\n"
                        "\t<array><integer>-5</integer><true/><data>AAE=</data>"
                        "</array>\n"
                        "\t<key>n</key><integer>0x1f</integer>\n"
                        "</dict>\n"
                        "</plist>\n");
  Parsed parsed = Parse(file);
  ASSERT_TRUE(parsed.document);
  EXPECT_EQ(parsed.diagnostics, "");
  const Node& root = parsed.document->root();
  ASSERT_TRUE(root.is_dict());
  ASSERT_EQ(root.keys().size(), 2u);
  EXPECT_EQ(root.keys()[0].name(), "a & b");
  EXPECT_EQ(file.Position(root.keys()[0].offset).line, 3u);
  EXPECT_EQ(file.Position(root.keys()[0].offset).column, 2u);
  const Node& array = root.children()[0];
  ASSERT_EQ(array.children().size(), 3u);
  EXPECT_EQ(array.children()[0].integer(), -5);
  EXPECT_TRUE(array.children()[1].is_true());
  EXPECT_TRUE(array.children()[2].is_data());
  EXPECT_EQ(file.Position(array.children()[2].offset).column, 37u);
  EXPECT_EQ(root.Find("n")->integer(), 31);
}

TEST(KernelXmlTest, ReadsIdReferences) {
  diag::SourceFile file("f.plist",
                        "<array><string ID=\"1\">x</string>"
                        "<string IDREF=\"1\"/></array>");
  Parsed parsed = Parse(file);
  ASSERT_TRUE(parsed.document);
  EXPECT_EQ(parsed.document->root().children()[1].text(), "x");
  EXPECT_NE(parsed.diagnostics.find("[xml-idref]"), std::string::npos);
}

TEST(KernelXmlTest, FindsDuplicatesInLargeDicts) {
  std::string text = "<dict>";
  for (int i = 0; i < 40; ++i) {
    text += "<key>k" + std::to_string(i % 30) + "</key><true/>";
  }
  text += "</dict>";
  diag::SourceFile file("f.plist", text);
  Parsed parsed = Parse(file);
  ASSERT_TRUE(parsed.document);
  EXPECT_EQ(parsed.document->root().keys().size(), 30u);
  size_t reports = 0;
  for (size_t at = parsed.diagnostics.find("[xml-duplicate-key]");
       at != std::string::npos;
       at = parsed.diagnostics.find("[xml-duplicate-key]", at + 1)) {
    ++reports;
  }
  EXPECT_EQ(reports, 10u);
}

TEST(KernelXmlTest, StopsOnBrokenStructure) {
  for (const char* text :
       {"", "<dict><key>a</key><string>x</dict>", "<dict><key>a</key>",
        "</dict>", "<dict><1/></dict>", "<!-- never closed", "<string>x"}) {
    diag::SourceFile file("f.plist", text);
    Parsed parsed = Parse(file);
    EXPECT_FALSE(parsed.document) << text;
    EXPECT_NE(parsed.diagnostics.find("error"), std::string::npos) << text;
  }
}

TEST(KernelXmlTest, BoundsNestingAndStopsAtNul) {
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "<array>";
  diag::SourceFile nested("f.plist", deep);
  EXPECT_FALSE(Parse(nested).document);
  diag::SourceFile nul("f.plist", std::string("<string>a</string>\0<x>", 23));
  Parsed parsed = Parse(nul);
  ASSERT_TRUE(parsed.document);
  EXPECT_EQ(parsed.diagnostics,
            "f.plist:1:19: error: the file holds a NUL byte, where the "
            "kernel's plist parser stops reading; remove it [xml-syntax]\n");
}

TEST(KernelXmlTest, RefusesBinaryPlists) {
  diag::SourceFile file("f.plist", std::string("bplist00\xd1\x01\x02", 11));
  Parsed parsed = Parse(file);
  EXPECT_FALSE(parsed.document);
  EXPECT_EQ(parsed.diagnostics,
            "f.plist:1:1: error: the file is a binary plist, but the loaders "
            "read kext Info.plists only as XML; convert it with plutil "
            "-convert xml1 [xml-syntax]\n");
}

TEST(KernelXmlTest, ReportsTextBetweenElementsAndReadsOn) {
  diag::SourceFile file("f.plist", "<dict>\n stray <key>a</key><true/></dict>");
  Parsed parsed = Parse(file);
  ASSERT_TRUE(parsed.document);
  EXPECT_EQ(parsed.document->root().keys().size(), 1u);
  EXPECT_EQ(parsed.diagnostics,
            "f.plist:2:2: error: text \"stray\" stands between elements, where "
            "the kernel's plist parser allows only white space; remove it or "
            "put it in a <string> [xml-structure]\n");
}

TEST(KernelXmlTest, ReadsIntegersAsTheKernelDoes) {
  diag::SourceFile file("f.plist",
                        "<array><integer>0001</integer><integer>0x</integer>"
                        "<integer>-0</integer><integer> 7</integer>"
                        "<integer>+7</integer><integer>0X1F</integer>"
                        "<integer size=\"65\">1</integer></array>");
  Parsed parsed = Parse(file);
  ASSERT_TRUE(parsed.document);
  const auto& items = parsed.document->root().children();
  EXPECT_EQ(items[0].integer(), 1);
  EXPECT_EQ(items[1].integer(), 0);
  EXPECT_EQ(items[3].integer(), 7);  // read as CoreFoundation would, reported
  EXPECT_EQ(items[5].integer(), 31);
  size_t reports = 0;
  for (size_t at = parsed.diagnostics.find("[xml-integer]");
       at != std::string::npos;
       at = parsed.diagnostics.find("[xml-integer]", at + 1)) {
    ++reports;
  }
  EXPECT_EQ(reports, 4u);  // " 7", "+7", "0X1F", size="65"
}

}  // namespace
}  // namespace codeless::validate
