#include "codeless/descriptor/json_document.h"

#include <gtest/gtest.h>

#include "codeless/diag/render.h"

namespace codeless::descriptor {
namespace {

using diag::Part;

constexpr std::string_view kText =
    "{\n"
    "  \"a\": {\"b\\\"q\": [10, \"s\", true, null, {\"c\": -1.5e3}]},\n"
    "  \"x/y\": \"v\"\n"
    "}\n";

size_t At(std::string_view needle, size_t from = 0) {
  return kText.find(needle, from);
}

TEST(JsonLocatorTest, FindsKeysAndValuesOfEveryKind) {
  EXPECT_EQ(LocateJsonPointer(kText, "", Part::kValue), 0u);
  EXPECT_EQ(LocateJsonPointer(kText, "/a", Part::kKey), At("\"a\""));
  EXPECT_EQ(LocateJsonPointer(kText, "/a", Part::kValue), At("{\"b"));
  EXPECT_EQ(LocateJsonPointer(kText, "/a/b\"q", Part::kKey), At("\"b\\\"q\""));
  EXPECT_EQ(LocateJsonPointer(kText, "/a/b\"q", Part::kValue), At("[10"));
  EXPECT_EQ(LocateJsonPointer(kText, "/a/b\"q/0", Part::kValue), At("10"));
  EXPECT_EQ(LocateJsonPointer(kText, "/a/b\"q/1", Part::kValue), At("\"s\""));
  EXPECT_EQ(LocateJsonPointer(kText, "/a/b\"q/2", Part::kValue), At("true"));
  EXPECT_EQ(LocateJsonPointer(kText, "/a/b\"q/3", Part::kValue), At("null"));
  EXPECT_EQ(LocateJsonPointer(kText, "/a/b\"q/4/c", Part::kValue),
            At("-1.5e3"));
  EXPECT_EQ(LocateJsonPointer(kText, "/x~1y", Part::kKey), At("\"x/y\""));
  EXPECT_EQ(LocateJsonPointer(kText, "/x~1y", Part::kValue), At("\"v\""));
}

TEST(JsonLocatorTest, MissingPointersFindNothing) {
  EXPECT_FALSE(LocateJsonPointer(kText, "/nope", Part::kValue).has_value());
  EXPECT_FALSE(LocateJsonPointer(kText, "/a/b\"q/9", Part::kValue).has_value());
}

TEST(ParseJsonTest, ReportsEveryDuplicateKeyAndKeepsTheFirstValue) {
  diag::SourceFile file("d.json", "{\"k\": 1,\n \"k\": 2,\n \"k\": 3}");
  diag::Diagnostics diags;
  auto document = ParseJson(file, diags);
  ASSERT_TRUE(document.has_value());
  EXPECT_EQ((*document)["k"], 1);
  EXPECT_EQ(
      diag::RenderText(diags.all()),
      "d.json:2:2: error: duplicate key \"k\"; JSON readers would silently "
      "keep only one of "
      "the values, so remove or rename one [json-duplicate-key]\n"
      "d.json:1:2: note: \"k\" first defined here [json-duplicate-key]\n"
      "d.json:3:2: error: duplicate key \"k\"; JSON readers would silently "
      "keep only one of "
      "the values, so remove or rename one [json-duplicate-key]\n"
      "d.json:1:2: note: \"k\" first defined here [json-duplicate-key]\n");
}

TEST(ParseJsonTest, SyntaxErrorNamesLineAndColumn) {
  diag::SourceFile file("d.json", "{\n  \"a\": 1,\n  \"b\" 2\n}");
  diag::Diagnostics diags;
  EXPECT_FALSE(ParseJson(file, diags).has_value());
  EXPECT_EQ(diag::RenderText(diags.all()),
            "d.json:3:7: error: syntax error while parsing object separator - "
            "unexpected number "
            "literal; expected ':'; the descriptor must be valid JSON (RFC "
            "8259) [json-syntax]\n");
}

TEST(ParseJsonTest, RefusesByteOrderMark) {
  diag::SourceFile file("d.json", "\xEF\xBB\xBF{}");
  diag::Diagnostics diags;
  EXPECT_FALSE(ParseJson(file, diags).has_value());
  EXPECT_EQ(diag::RenderText(diags.all()),
            "d.json:1:1: error: the file starts with a UTF-8 byte-order mark; "
            "save it as UTF-8 "
            "without BOM [json-syntax]\n");
}

}  // namespace
}  // namespace codeless::descriptor
