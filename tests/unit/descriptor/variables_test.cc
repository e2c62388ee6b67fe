#include "codeless/descriptor/variables.h"

#include <gtest/gtest.h>

namespace codeless::descriptor {
namespace {

const Environment kEnvironment = {{"CURRENT_PROJECT_VERSION", "42"},
                                  {"PRODUCT_NAME", "Acme Mouse 2"},
                                  {"EMPTY", ""}};

std::string Expanded(std::string_view text) {
  Expansion expansion = Expand(text, kEnvironment);
  EXPECT_EQ(expansion.error, "") << text;
  return expansion.text;
}

TEST(VariablesTest, BothSpellingsExpand) {
  EXPECT_EQ(Expanded("1.$(CURRENT_PROJECT_VERSION)"), "1.42");
  EXPECT_EQ(Expanded("${CURRENT_PROJECT_VERSION}.0"), "42.0");
  EXPECT_EQ(Expanded("$(EMPTY)x"), "x");
}

TEST(VariablesTest, DollarsThatAreNoReferenceStay) {
  EXPECT_FALSE(MayExpand("plain"));
  EXPECT_EQ(Expanded("costs $5"), "costs $5");
  EXPECT_EQ(Expanded("ends in $"), "ends in $");
  EXPECT_EQ(Expanded("$$(EXECUTABLE_NAME)"), "$(EXECUTABLE_NAME)");
}

TEST(VariablesTest, XcodeOperators) {
  EXPECT_EQ(Expanded("$(PRODUCT_NAME:rfc1034identifier)"), "Acme-Mouse-2");
  EXPECT_EQ(Expanded("$(PRODUCT_NAME:c99extidentifier)"), "Acme_Mouse_2");
  EXPECT_EQ(Expanded("$(PRODUCT_NAME:lower)"), "acme mouse 2");
  EXPECT_EQ(Expanded("$(PRODUCT_NAME:upper:rfc1034identifier)"),
            "ACME-MOUSE-2");
  EXPECT_EQ(Expanded("$(UNSET:default=1.0)"), "1.0");
  EXPECT_EQ(Expanded("$(EMPTY:default=a:b)"), "a:b");
  EXPECT_EQ(Expanded("$(CURRENT_PROJECT_VERSION:default=7)"), "42");
}

TEST(VariablesTest, ErrorsSayWhatAndWhere) {
  Expansion unset = Expand("v$(MARKETING_VERSION)", kEnvironment);
  EXPECT_EQ(unset.error_index, 1u);
  EXPECT_EQ(unset.error,
            "the variable MARKETING_VERSION is not set; set it in the "
            "environment (Xcode sets its build settings for Run Script "
            "phases), give a default as $(MARKETING_VERSION:default=VALUE), "
            "or write \"$$\" for a literal '$'");
  EXPECT_EQ(Expand("$(NAME", kEnvironment).error,
            "\"$(\" is not closed; write $(NAME) (or \"$$\" for a literal "
            "'$')");
  EXPECT_EQ(Expand("a ${} b", kEnvironment).error,
            "\"${}\" does not name a build setting: a name is letters, "
            "digits and '_' (write \"$$\" for a literal '$')");
  EXPECT_EQ(Expand("$(PRODUCT_NAME:base)", kEnvironment).error,
            "\"$(PRODUCT_NAME:base)\" uses the operator \":base\", which "
            "codeless does not know; it knows :lower, :upper, "
            ":rfc1034identifier, :c99extidentifier, :identifier and "
            ":default=VALUE");
}

}  // namespace
}  // namespace codeless::descriptor
