#include "codeless/base/json_pointer.h"

#include <gtest/gtest.h>

namespace codeless::base {
namespace {

TEST(JsonPointerTest, EscapesAndSplitsTokens) {
  EXPECT_EQ(AppendPointer("/a", "x/y~z"), "/a/x~1y~0z");
  EXPECT_EQ(AppendPointer("", size_t{3}), "/3");
  EXPECT_EQ(SplitPointer("/a/x~1y~0z/3"),
            (std::vector<std::string>{"a", "x/y~z", "3"}));
  EXPECT_EQ(SplitPointer("/"), (std::vector<std::string>{""}));
  EXPECT_TRUE(SplitPointer("").empty());
}

}  // namespace
}  // namespace codeless::base
