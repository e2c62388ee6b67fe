#include "codeless/base/base64.h"

#include <gtest/gtest.h>

namespace codeless::base {
namespace {

TEST(Base64Test, RoundTripsAllPaddings) {
  for (std::string bytes :
       {std::string(""), std::string("f"), std::string("fo"),
        std::string("foo"), std::string("foob"),
        std::string("\x00\xff\x10", 3)}) {
    auto decoded = Base64Decode(Base64Encode(bytes), false);
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(*decoded, bytes);
  }
  EXPECT_EQ(Base64Encode("foob"), "Zm9vYg==");
}

TEST(Base64Test, RejectsMalformedText) {
  EXPECT_FALSE(Base64Decode("Zm9vYg=", false));
  EXPECT_FALSE(Base64Decode("Zm9v!g==", false));
  EXPECT_FALSE(Base64Decode("Zm=vYg==", false));
  EXPECT_FALSE(Base64Decode("Zm9v\nYg==", false));
  EXPECT_TRUE(Base64Decode("Zm9v\n\tYg==", true));
}

}  // namespace
}  // namespace codeless::base
