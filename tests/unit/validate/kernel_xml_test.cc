// The kernel-grammar reader: the tree it builds, where its nodes are, and
// what it does with input the kernel rejects.
#include "codeless/validate/kernel_xml.h"

#include <gtest/gtest.h>

#include <string>

#include "codeless/diag/render.h"
#include "unit/validate/validate_test_support.h"

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

// The kernel's verdict on each case of kernel-parser.md, as xnu's own parser
// (OSUnserializeXML, xnu-11417.101.15, built unchanged on Linux) gave it,
// and what the reader reports. A case the kernel accepts draws no error.
struct KernelCase {
  std::string_view text;
  std::string_view kernel;  // "accept <type>" or "reject: <errorString>"
  std::string_view diagnostics;
};

void ExpectKernelVerdict(const std::string& text, std::string_view kernel,
                         std::string_view diagnostics) {
  diag::SourceFile file("f.plist", text);
  Parsed parsed = Parse(file);
  bool accepted = parsed.document.has_value() &&
                  parsed.diagnostics.find(": error: ") == std::string::npos;
  EXPECT_EQ(accepted, kernel.starts_with("accept")) << text << "\n" << kernel;
  EXPECT_EQ(parsed.diagnostics, diagnostics) << text;
}

TEST(KernelXmlTest, AgreesWithTheKernelOnEveryCase) {
  const KernelCase cases[] = {
      // white space before >
      {"<dict ></dict>", "reject: OSUnserializeXML: syntax error near line 1",
       "f.plist:1:6: error: white space before '>' makes the kernel's plist "
       "parser fail; remove it [xml-syntax]\n"},
      // white space before />
      {"<true />", "reject: OSUnserializeXML: syntax error near line 1",
       "f.plist:1:6: error: white space before '/>' makes the kernel's plist "
       "parser fail; remove it [xml-syntax]\n"},
      // on <plist> too
      {"<plist version=\"1.0\" ><dict/></plist>",
       "reject: OSUnserializeXML: syntax error near line 1",
       "f.plist:1:21: error: white space before '>' makes the kernel's plist "
       "parser fail; remove it [xml-syntax]\n"},
      // and in an end tag
      {"<string>x</string >",
       "reject: OSUnserializeXML: syntax error near line 1",
       "f.plist:1:18: error: white space before '>' makes the kernel's plist "
       "parser fail; remove it [xml-syntax]\n"},
      // a tab is white space
      {"<dict\t/>", "reject: OSUnserializeXML: syntax error near line 1",
       "f.plist:1:6: error: white space before '/>' makes the kernel's plist "
       "parser fail; remove it [xml-syntax]\n"},
      // a comment between text and end tag
      {"<string>x<!-- c --></string>",
       "reject: OSUnserializeXML: syntax error near line 1",
       "f.plist:1:10: error: a comment or declaration between the text of "
       "<string> and </string> makes the kernel's plist parser fail; move it "
       "after </string> [xml-syntax]\n"},
      // a PI between text and end tag
      {"<dict><key>K<?pi?></key><true/></dict>",
       "reject: OSUnserializeXML: syntax error near line 1",
       "f.plist:1:13: error: a processing instruction between the text of "
       "<key> and </key> makes the kernel's plist parser fail; move it after "
       "</key> [xml-syntax]\n"},
      // <?> does not close
      {"<?><dict/>", "reject: OSUnserializeXML: syntax error near line 1",
       "f.plist:1:1: error: the file ends inside this processing instruction; "
       "close it [xml-syntax]\nf.plist:1:11: error: the file holds no plist "
       "value; an Info.plist holds one <dict> [xml-structure]\n"},
      // ??> does not close
      {"<?a?"
       "?><dict/>",
       "reject: OSUnserializeXML: syntax error near line 1",
       "f.plist:1:1: error: the file ends inside this processing instruction; "
       "close it [xml-syntax]\nf.plist:1:14: error: the file holds no plist "
       "value; an Info.plist holds one <dict> [xml-structure]\n"},
      // <??> closes
      {"<?"
       "?><dict/>",
       "accept dict", ""},
      // <!- and a letter: a declaration
      {"<!-x><dict/>", "accept dict", ""},
      // <!- and a digit: an error
      {"<!-1><dict/>", "reject: OSUnserializeXML: syntax error near line 1",
       "f.plist:1:1: error: '<!' must start a comment (<!-- -->) or a "
       "declaration such as <!DOCTYPE ...> [xml-syntax]\n"},
      // an empty attribute name
      {"<dict =\"1\"/>", "accept dict", ""},
      // no space needed between attributes
      {"<dict a=\"b\"c=\"d\"/>", "accept dict", ""},
      // an ID... attribute
      {"<dict IDX=\"1\"/>",
       "reject: OSUnserializeXML: syntax error near line 1",
       "f.plist:1:1: error: the attribute IDX makes the kernel's plist parser "
       "fail: it reads every attribute name that begins with ID as ID or "
       "IDREF; rename or remove it [xml-syntax]\n"},
      // on <plist> too
      {"<plist IDENTIFIER=\"1\"><dict/></plist>",
       "reject: OSUnserializeXML: syntax error near line 1",
       "f.plist:1:1: error: the attribute IDENTIFIER makes the kernel's plist "
       "parser fail: it reads every attribute name that begins with ID as ID "
       "or IDREF; rename or remove it [xml-syntax]\n"},
      // ID on <plist> is ignored
      {"<plist ID=\"1\"><dict/></plist>", "accept dict", ""},
      // IDREF on an end tag
      {"<array><string>a</string></array IDREF=\"1\">",
       "reject: OSUnserializeXML: syntax error near line 1",
       "f.plist:1:26: error: IDREF on an end tag makes the kernel's plist "
       "parser fail; remove it [xml-syntax]\n"},
      // <plist IDREF/> is a reference
      {"<array><string ID=\"1\">a</string><plist IDREF=\"1\"/></array>",
       "accept array",
       "f.plist:1:33: warning: IDREF=\"1\" is resolved by IOKit's parsers "
       "only; plutil and Xcode do not read it, so write the value out in full "
       "[xml-idref]\n"},
      // booleans are not remembered
      {"<array><true ID=\"1\"/><true IDREF=\"1\"/></array>",
       "reject: OSUnserializeXML: forward reference detected near line 1",
       "f.plist:1:22: warning: IDREF=\"1\" is resolved by IOKit's parsers "
       "only; plutil and Xcode do not read it, so write the value out in full "
       "[xml-idref]\nf.plist:1:22: error: IDREF=\"1\" refers to no earlier "
       "ID=\"1\" (IDs on <true/> and <false/> and negative IDs are not kept by "
       "the kernel) [xml-syntax]\n"},
      // nor negative IDs
      {"<array><string ID=\"-1\">a</string><string IDREF=\"-1\"/></array>",
       "reject: OSUnserializeXML: forward reference detected near line 1",
       "f.plist:1:34: warning: IDREF=\"-1\" is resolved by IOKit's parsers "
       "only; plutil and Xcode do not read it, so write the value out in full "
       "[xml-idref]\nf.plist:1:34: error: IDREF=\"-1\" refers to no earlier "
       "ID=\"-1\" (IDs on <true/> and <false/> and negative IDs are not kept "
       "by the kernel) [xml-syntax]\n"},
      // IDs compared as numbers
      {"<array><string ID=\"1\">a</string><string IDREF=\"01\"/></array>",
       "accept array",
       "f.plist:1:33: warning: IDREF=\"01\" is resolved by IOKit's parsers "
       "only; plutil and Xcode do not read it, so write the value out in full "
       "[xml-idref]\n"},
      // both read as 0
      {"<array><string ID=\"abc\">a</string><string IDREF=\"xyz\"/></array>",
       "accept array",
       "f.plist:1:35: warning: IDREF=\"xyz\" is resolved by IOKit's parsers "
       "only; plutil and Xcode do not read it, so write the value out in full "
       "[xml-idref]\n"},
      // an int keeps 32 bits
      {"<array><string ID=\"4294967297\">a</string><string "
       "IDREF=\"1\"/></array>",
       "accept array",
       "f.plist:1:42: warning: IDREF=\"1\" is resolved by IOKit's parsers "
       "only; plutil and Xcode do not read it, so write the value out in full "
       "[xml-idref]\n"},
      // a key is remembered
      {"<dict><key ID=\"1\">k</key><string IDREF=\"1\"/></dict>", "accept dict",
       "f.plist:1:26: warning: IDREF=\"1\" is resolved by IOKit's parsers "
       "only; plutil and Xcode do not read it, so write the value out in full "
       "[xml-idref]\n"},
      // size read by strtoul: hex
      {"<integer size=\"0x20\">1</integer>", "accept integer", ""},
      // octal
      {"<integer size=\"065\">1</integer>", "accept integer", ""},
      // empty is 0
      {"<integer size=\"\">1</integer>", "accept integer", ""},
      // leading space
      {"<integer size=\" 32\">1</integer>", "accept integer", ""},
      // no digits is 0
      {"<integer size=\"abc\">1</integer>", "accept integer", ""},
      // more than 64 bits
      {"<integer size=\"65\">1</integer>",
       "reject: OSUnserializeXML: buildNumber near line 1",
       "f.plist:1:1: error: size=\"65\" is not a size the kernel can build a "
       "number of (at most 64 bits); remove the attribute [xml-integer]\n"},
      // the last size counts
      {"<integer size=\"64\" size=\"65\">1</integer>",
       "reject: OSUnserializeXML: buildNumber near line 1",
       "f.plist:1:1: error: size=\"65\" is not a size the kernel can build a "
       "number of (at most 64 bits); remove the attribute [xml-integer]\n"},
      // the last size counts
      {"<integer size=\"65\" size=\"64\">1</integer>", "accept integer", ""},
      // an int keeps 32 bits
      {"<integer size=\"0x100000020\">1</integer>", "accept integer", ""},
      // strtoul negates
      {"<integer size=\"-1\">1</integer>",
       "reject: OSUnserializeXML: buildNumber near line 1",
       "f.plist:1:1: error: size=\"-1\" is not a size the kernel can build a "
       "number of (at most 64 bits); remove the attribute [xml-integer]\n"},
      // IDREF makes a tag a reference, which a key cannot be
      {"<dict><key IDREF=\"1\">k</key><true/></dict>",
       "reject: OSUnserializeXML: syntax error near line 1",
       "f.plist:1:7: error: a <key> cannot be an IDREF for the kernel's plist "
       "parser; write the key's name [xml-syntax]\n"},
  };
  for (const KernelCase& c : cases) {
    ExpectKernelVerdict(std::string(c.text), c.kernel, c.diagnostics);
  }
}

std::string Repeat(std::string_view text, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += text;
  return out;
}

// The deepest nesting the kernel's 200-entry parser stack holds depends on
// what precedes each level; each pair is the kernel's largest accepted
// depth for one shape, then one more.
TEST(KernelXmlTest, JudgesNestingByTheParserStack) {
  struct Shape {
    std::string_view name;
    std::string (*build)(int);
    int deepest;  // the kernel's
  };
  const Shape shapes[] = {
      {"arrays at the top",
       [](int n) { return Repeat("<array>", n) + Repeat("</array>", n); }, 197},
      {"arrays each after a sibling",
       [](int n) {
         return Repeat("<array><string/>", n) + Repeat("</array>", n);
       },
       98},
      {"single-key dicts",
       [](int n) {
         return Repeat("<dict><key>k</key>", n) + "<dict/>" +
                Repeat("</dict>", n);
       },
       98},
      {"dicts whose nested key follows a pair",
       [](int n) {
         return Repeat("<dict><key>a</key><true/><key>k</key>", n) + "<true/>" +
                Repeat("</dict>", n);
       },
       65},
      {"arrays as a late value of the top dict",
       [](int n) {
         return "<dict><key>a</key><true/><key>b</key>" + Repeat("<array>", n) +
                Repeat("</array>", n) + "</dict>";
       },
       194},
      {"arrays in single-key dicts after a sibling",
       [](int n) {
         return Repeat("<dict><key>k</key><array><string/>", n) +
                "<array></array>" + Repeat("</array></dict>", n);
       },
       49},
  };
  for (const Shape& shape : shapes) {
    for (int n : {shape.deepest, shape.deepest + 1}) {
      diag::SourceFile file("f.plist", shape.build(n));
      Parsed parsed = Parse(file);
      bool too_deep =
          parsed.diagnostics.find("[xml-nesting]") != std::string::npos;
      EXPECT_EQ(too_deep, n > shape.deepest) << shape.name << " " << n;
      EXPECT_EQ(parsed.document.has_value(), n <= shape.deepest)
          << shape.name << " " << n;
    }
  }
}

TEST(KernelXmlTest, LimitsIdrefUses) {
  // Kernel: 65,535 uses accepted; 65,536 "maximum object reference count".
  std::string text = "<array><string ID=\"1\">a</string>";
  for (int i = 0; i < 65535; ++i) text += "<string IDREF=\"1\"/>";
  diag::SourceFile most("f.plist", text + "</array>");
  Parsed parsed = Parse(most);
  ASSERT_TRUE(parsed.document);
  EXPECT_EQ(parsed.diagnostics.find(": error: "), std::string::npos);
  text += "<string IDREF=\"1\"/>";
  diag::SourceFile over("f.plist", text + "</array>");
  parsed = Parse(over);
  size_t at = parsed.diagnostics.find(": error: ");
  ASSERT_NE(at, std::string::npos);
  EXPECT_EQ(parsed.diagnostics.substr(at),
            ": error: more than 65535 IDREF uses; the kernel's plist parser "
            "fails beyond that, so write the values out [xml-idref]\n");
  EXPECT_EQ(parsed.diagnostics.substr(0, at).substr(
                parsed.diagnostics.substr(0, at).rfind('\n') + 1),
            "f.plist:1:1245198");
}

TEST(KernelXmlTest, LimitsStringsAndKeys) {
  // Kernel: 262,141 bytes accepted; 262,142 fail (buildString; a key that
  // long faults in the kernel's own code). Decoded bytes count.
  std::string most(262141, 'a');
  ExpectKernelVerdict("<string>" + most + "</string>", "accept string", "");
  ExpectKernelVerdict("<string>" + Repeat("&amp;", 262141) + "</string>",
                      "accept string", "");
  ExpectKernelVerdict("<dict><key>" + most + "</key><true/></dict>",
                      "accept dict", "");
  ExpectKernelVerdict(
      "<string>" + most + "a</string>",
      "reject: OSUnserializeXML: buildString near line 1",
      "f.plist:1:1: error: this <string> is 262142 bytes long; the kernel "
      "cannot build one of 262142 bytes or more, so shorten it "
      "[xml-string-length]\n");
  ExpectKernelVerdict(
      "<dict><key>" + most + "a</key><true/></dict>", "reject (crash)",
      "f.plist:1:7: error: this <key> is 262142 bytes long; the kernel "
      "cannot build one of 262142 bytes or more, so shorten it "
      "[xml-string-length]\n");
}

// A chain in which each level refers twice to the level below is 2^30
// values expanded; the document shares the one node, as the kernel shares
// the one object, and validation visits it once.
TEST(KernelXmlTest, SharesReferencedNodesInsteadOfCopying) {
  std::string chain = "<string ID=\"1\">x</string>";
  for (int i = 2; i <= 31; ++i) {
    chain += "<array ID=\"" + std::to_string(i) + "\"><array IDREF=\"" +
             std::to_string(i - 1) + "\"/><array IDREF=\"" +
             std::to_string(i - 1) + "\"/></array>";
  }
  diag::SourceFile file("f.plist", "<array>" + chain + "</array>");
  Parsed parsed = Parse(file);
  ASSERT_TRUE(parsed.document);
  const Node& top = parsed.document->root().children()[30];
  ASSERT_EQ(top.children().size(), 2u);
  EXPECT_EQ(top.children()[0].children().data(),
            top.children()[1].children().data());

  std::string body =
      fixtures::UsbBody() + "<key>Chain</key><array>" + chain + "</array>\n";
  std::string report =
      fixtures::ValidateInfo(fixtures::Kext(fixtures::Personality("P", body)));
  EXPECT_EQ(report.find(": error: "), std::string::npos) << report;
  EXPECT_NE(report.find("[xml-idref]"), std::string::npos);
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
