#include "codeless/validate/placeholders.h"

#include <gtest/gtest.h>

namespace codeless::validate {
namespace {

TEST(PlaceholdersTest, RecognisesBuildTimeForms) {
  EXPECT_TRUE(HasPlaceholder("$(PRODUCT_BUNDLE_IDENTIFIER)"));
  EXPECT_TRUE(HasPlaceholder("com.acme.$(PRODUCT_NAME:rfc1034identifier)"));
  EXPECT_TRUE(HasPlaceholder("${CURRENT_PROJECT_VERSION}"));
  EXPECT_TRUE(HasPlaceholder("@DRIVER_VERSION@"));
  EXPECT_TRUE(HasPlaceholder("$MODULE_VERSION"));
  EXPECT_FALSE(HasPlaceholder("1.0.0"));
  EXPECT_FALSE(HasPlaceholder("costs $5"));
  EXPECT_FALSE(HasPlaceholder("user@example.com"));
  EXPECT_FALSE(HasPlaceholder("$lowercase"));
  EXPECT_FALSE(HasPlaceholder("$(unclosed"));
}

TEST(PlaceholdersTest, SameVariableWhateverTheSpelling) {
  EXPECT_EQ(PlaceholderVariable("$(PRODUCT_BUNDLE_IDENTIFIER)"),
            PlaceholderVariable("${PRODUCT_BUNDLE_IDENTIFIER}"));
  EXPECT_EQ(PlaceholderVariable("@X@"), "X");
  EXPECT_EQ(PlaceholderVariable("$MODULE_VERSION"), "MODULE_VERSION");
  EXPECT_EQ(PlaceholderVariable("com.$(X)"), "");
}

}  // namespace
}  // namespace codeless::validate
