#include "codeless/validate/placeholders.h"

#include <gtest/gtest.h>

#include "unit/validate/validate_test_support.h"

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

// A default-constructed view has no data pointer; memchr must not see it
// (UBSan: "null pointer passed as argument 1").
TEST(PlaceholdersTest, EmptyViewWithoutData) {
  EXPECT_FALSE(HasPlaceholder(std::string_view()));
  EXPECT_EQ(PlaceholderVariable(std::string_view()), "");
}

// The dext rules look at the bundle identifier, here never set, when they
// judge OSBundleRequired.
TEST(PlaceholdersTest, DextWithoutIdentifierButWithBundleRequired) {
  using fixtures::DextUsbBody;
  using fixtures::Personality;
  using fixtures::String;
  std::string info = fixtures::Replace(
      fixtures::Dext(Personality("P", DextUsbBody()),
                     String("OSBundleRequired", "Root")),
      "<key>CFBundleIdentifier</key><string>com.acme.driver</string>\n", "");
  EXPECT_EQ(fixtures::ValidateInfo(info),
            "f.plist:4:1: warning: CFBundleIdentifier is missing; the loader "
            "rejects a bundle without one, so add a reverse-DNS identifier "
            "such as com.acme.driver.Mouse [bundle-identifier]\n"
            "f.plist:9:1: error: third-party dexts may not declare "
            "OSBundleRequired: they cannot run in Safe Boot or match during "
            "early boot, and the loader refuses them; remove it "
            "[dext-bundle-required]\n");
}

}  // namespace
}  // namespace codeless::validate
