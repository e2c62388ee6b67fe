#include "codeless/text/template.h"

#include <gtest/gtest.h>

namespace codeless::text {
namespace {

TEST(TemplateTest, ReplacesPlaceholdersAndDoubledDollars) {
  std::string error;
  auto out =
      Render("class $name$ : public $base$ {}; // costs $$5, $name$ again$$",
             {{"name", "Foo"}, {"base", "IOService"}}, error);
  ASSERT_TRUE(out) << error;
  EXPECT_EQ(*out, "class Foo : public IOService {}; // costs $5, Foo again$");
}

TEST(TemplateTest, InsertsValuesVerbatimWithoutScanningThemAgain) {
  std::string error;
  auto out = Render("[$a$][$b$]", {{"a", "$b$"}, {"b", "$$ and $"}}, error);
  ASSERT_TRUE(out) << error;
  EXPECT_EQ(*out, "[$b$][$$ and $]");
}

TEST(TemplateTest, AcceptsEmptyValuesAndTextWithoutPlaceholders) {
  std::string error;
  EXPECT_EQ(Render("a$x$b", {{"x", ""}}, error), "ab");
  EXPECT_EQ(Render("plain\n", {}, error), "plain\n");
  EXPECT_EQ(Render("", {}, error), "");
}

TEST(TemplateTest, RefusesAPlaceholderWithoutAValue) {
  std::string error;
  EXPECT_FALSE(Render("ok $known$ $unknown$", {{"known", "x"}}, error));
  EXPECT_EQ(error,
            "template placeholder '$unknown$' at offset 11 has no value");
}

TEST(TemplateTest, RefusesAVariableTheTemplateDoesNotUse) {
  std::string error;
  EXPECT_FALSE(Render("$a$", {{"a", "1"}, {"extra", "2"}}, error));
  EXPECT_EQ(error, "variable 'extra' is not used by the template");
}

TEST(TemplateTest, RefusesAStrayDollar) {
  std::string error;
  EXPECT_FALSE(Render("price $5", {}, error));
  EXPECT_EQ(error,
            "template has a '$' at offset 6 that starts neither '$$' nor a "
            "'$name$' placeholder");
  EXPECT_FALSE(Render("trailing $", {}, error));
  EXPECT_FALSE(Render("$unterminated", {{"unterminated", "x"}}, error));
  EXPECT_FALSE(Render("$a-b$", {{"a", "x"}}, error));
  EXPECT_FALSE(Render("$ a$", {{"a", "x"}}, error));
}

}  // namespace
}  // namespace codeless::text
