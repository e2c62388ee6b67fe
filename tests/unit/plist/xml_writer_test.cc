#include "codeless/plist/xml_writer.h"

#include <gtest/gtest.h>

namespace codeless::plist {
namespace {

TEST(XmlWriterTest, WritesAppleHeaderTabsSortedKeysAndKernelSafeScalars) {
  Dict nested;
  nested["b"] = Array{};
  nested["a"] = Dict{};
  Dict root;
  root["Zeta"] = int64_t{-42};
  root["Alpha"] = std::string("x < y & z > w");
  root["Data"] = Data{std::string("\x01\x00\x00\x00", 4)};
  root["Flags"] = Array{Value(true), Value(false)};
  root["Empty"] = std::string();
  root["Nested"] = std::move(nested);
  EXPECT_EQ(WriteXml(Value(std::move(root))),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
            "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
            "<plist version=\"1.0\">\n"
            "<dict>\n"
            "\t<key>Alpha</key>\n"
            "\t<string>x &lt; y &amp; z &gt; w</string>\n"
            "\t<key>Data</key>\n"
            "\t<data>AQAAAA==</data>\n"
            "\t<key>Empty</key>\n"
            "\t<string></string>\n"
            "\t<key>Flags</key>\n"
            "\t<array>\n"
            "\t\t<true/>\n"
            "\t\t<false/>\n"
            "\t</array>\n"
            "\t<key>Nested</key>\n"
            "\t<dict>\n"
            "\t\t<key>a</key>\n"
            "\t\t<dict/>\n"
            "\t\t<key>b</key>\n"
            "\t\t<array/>\n"
            "\t</dict>\n"
            "\t<key>Zeta</key>\n"
            "\t<integer>-42</integer>\n"
            "</dict>\n"
            "</plist>\n");
}

TEST(XmlWriterTest, KeysSortByBytesSoNonAsciiComesLast) {
  Dict root;
  root["\xC3\xA9t\xC3\xA9"] = 1;  // "été"
  root["zed"] = 2;
  root["Zed"] = 3;
  std::string xml = WriteXml(Value(std::move(root)));
  EXPECT_LT(xml.find("<key>Zed</key>"), xml.find("<key>zed</key>"));
  EXPECT_LT(xml.find("<key>zed</key>"),
            xml.find("<key>\xC3\xA9t\xC3\xA9</key>"));
}

}  // namespace
}  // namespace codeless::plist
