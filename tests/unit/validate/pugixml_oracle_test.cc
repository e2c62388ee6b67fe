// The validator reads plists with its own reader of the kernel's grammar
// (validate/kernel_xml.cc), not with an XML library: the two grammars differ
// both ways. On well-formed output the two must agree, so this test reads
// every golden plist with pugixml as an independent oracle and checks that
// the kernel reader finds the same elements, texts and byte offsets.
#include <gtest/gtest.h>

#include <filesystem>
#include <pugixml.hpp>
#include <string>

#include "codeless/validate/kernel_xml.h"
#include "support/test_paths.h"

namespace codeless::validate {
namespace {

namespace fs = std::filesystem;

// pugixml's offset_debug() points at an element's name; ours at its '<'.
size_t OracleOffset(const pugi::xml_node& element) {
  return static_cast<size_t>(element.offset_debug()) - 1;
}

void Compare(const pugi::xml_node& element, const Node& node,
             const std::string& where, int& compared) {
  ++compared;
  std::string name = element.name();
  ASSERT_EQ(name, NodeTypeName(node.type)) << where;
  EXPECT_EQ(OracleOffset(element), node.offset) << where << " <" << name << ">";
  if (node.type == NodeType::kString || node.type == NodeType::kInteger ||
      node.type == NodeType::kData) {
    EXPECT_EQ(std::string(element.child_value()), std::string(node.text()))
        << where;
  }
  std::vector<pugi::xml_node> children;
  for (pugi::xml_node child : element.children()) {
    if (child.type() == pugi::node_element) children.push_back(child);
  }
  if (node.type == NodeType::kDict) {
    ASSERT_EQ(children.size(), 2 * node.children().size()) << where;
    for (size_t i = 0; i < node.children().size(); ++i) {
      const pugi::xml_node& key = children[2 * i];
      EXPECT_EQ(std::string(key.child_value()), std::string(node.keys()[i].name()))
          << where;
      EXPECT_EQ(OracleOffset(key), node.keys()[i].offset) << where;
      Compare(children[2 * i + 1], node.children()[i],
              where + "/" + key.child_value(), compared);
    }
  } else if (node.type == NodeType::kArray) {
    ASSERT_EQ(children.size(), node.children().size()) << where;
    for (size_t i = 0; i < children.size(); ++i) {
      Compare(children[i], node.children()[i], where + "/" + std::to_string(i),
              compared);
    }
  }
}

TEST(PugixmlOracleTest, KernelReaderAgreesWithAnXmlParserOnEveryGoldenPlist) {
  int files = 0;
  int compared = 0;
  for (const auto& entry : fs::recursive_directory_iterator(
           testing::SourceDir() / "tests/golden/examples")) {
    std::string extension = entry.path().extension().string();
    if (extension != ".plist" && extension != ".entitlements") continue;
    ++files;
    diag::SourceFile file(entry.path().string(),
                          testing::ReadTextFile(entry.path()));
    diag::Diagnostics diags;
    auto document = ParsePlist(file, diags);
    ASSERT_TRUE(document.has_value()) << file.path();
    EXPECT_TRUE(diags.all().empty()) << file.path();
    pugi::xml_document oracle;
    ASSERT_TRUE(oracle.load_buffer(file.text().data(), file.text().size(),
                                   pugi::parse_default, pugi::encoding_utf8))
        << file.path();
    pugi::xml_node plist = oracle.child("plist");
    ASSERT_TRUE(plist) << file.path();
    Compare(plist.first_child(), document->root(), file.path(), compared);
  }
  EXPECT_GE(files, 15);
  EXPECT_GT(compared, 300);
}

TEST(PugixmlOracleTest, AgreesOnEntitiesEmptyFormsAndComments) {
  diag::SourceFile file("f.plist",
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                        "<!-- a comment <dict> -->\n"
                        "<plist version=\"1.0\">\n"
                        "<dict>\n"
                        "\t<key>a &amp; b</key>\n"
                        "\t<string>x &lt;y&gt; \xc3\xa9</string>\n"
                        "\t<key>empty</key>\n"
                        "\t<array><dict/><array/><string></string><true/><false/></array>\n"
                        "\t<key>data</key>\n"
                        "\t<data>\n\tAQID\n\tBA==\n\t</data>\n"
                        "\t<key>n</key><integer>-42</integer>\n"
                        "</dict>\n"
                        "</plist>\n");
  diag::Diagnostics diags;
  auto document = ParsePlist(file, diags);
  ASSERT_TRUE(document.has_value());
  EXPECT_TRUE(diags.all().empty());
  pugi::xml_document oracle;
  ASSERT_TRUE(oracle.load_buffer(file.text().data(), file.text().size()));
  int compared = 0;
  Compare(oracle.child("plist").first_child(), document->root(), "f.plist", compared);
  EXPECT_EQ(compared, 10);
}

}  // namespace
}  // namespace codeless::validate
