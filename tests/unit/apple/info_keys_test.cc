#include "codeless/apple/info_keys.h"

#include <gtest/gtest.h>

namespace codeless::apple {
namespace {

TEST(MinimumOsTest, DriverKitVersionsFollowTheDarwinKernel) {
  EXPECT_EQ(MinimumIsMacos11OrLater("OSMinimumDriverKitVersion", "19.0"),
            false);
  EXPECT_EQ(MinimumIsMacos11OrLater("OSMinimumDriverKitVersion", "20.0"), true);
  EXPECT_EQ(MinimumIsMacos11OrLater("OSMinimumDriverKitVersion", "24.4"), true);
  EXPECT_EQ(MinimumIsMacos11OrLater("OSMinimumDriverKitVersion", "11.0"),
            std::nullopt);
}

// Dexts built against the DriverKit SDK write its version into
// LSMinimumSystemVersion (Apple's 10.15 dexts have "19.0").
TEST(MinimumOsTest, SystemVersionsMayBeMacosOrDriverKit) {
  EXPECT_EQ(MinimumIsMacos11OrLater("LSMinimumSystemVersion", "10.15"), false);
  EXPECT_EQ(MinimumIsMacos11OrLater("LSMinimumSystemVersion", "11.0"), true);
  EXPECT_EQ(MinimumIsMacos11OrLater("LSMinimumSystemVersion", "13"), true);
  EXPECT_EQ(MinimumIsMacos11OrLater("LSMinimumSystemVersion", "19.0"), false);
  EXPECT_EQ(MinimumIsMacos11OrLater("LSMinimumSystemVersion", "21.4"), true);
}

TEST(MinimumOsTest, ValuesThatAreNoVersion) {
  EXPECT_EQ(MinimumIsMacos11OrLater("LSMinimumSystemVersion", ""),
            std::nullopt);
  EXPECT_EQ(MinimumIsMacos11OrLater("LSMinimumSystemVersion", "eleven"),
            std::nullopt);
  EXPECT_EQ(MinimumIsMacos11OrLater("LSMinimumSystemVersion", "11a"),
            std::nullopt);
}

TEST(MinimumOsTest, DriverKitKeyIsConsultedFirst) {
  ASSERT_EQ(MinimumOsKeys().size(), 2u);
  EXPECT_EQ(MinimumOsKeys()[0], "OSMinimumDriverKitVersion");
  EXPECT_EQ(MinimumOsKeys()[1], "LSMinimumSystemVersion");
}

}  // namespace
}  // namespace codeless::apple
