#include "codeless/apple/kext_version.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <utility>

namespace codeless::apple {
namespace {

uint64_t Encoded(std::string_view text) {
  std::string why;
  auto version = ParseKextVersion(text, &why);
  EXPECT_TRUE(version.has_value()) << text << ": " << why;
  return version ? version->encoded : 0;
}

std::string Why(std::string_view text) {
  std::string why;
  EXPECT_FALSE(ParseKextVersion(text, &why).has_value()) << text;
  return why;
}

TEST(KextVersionTest, EncodesAsTheLoaderDoes) {
  EXPECT_EQ(Encoded("1"), 1000000000000ULL + 9000);
  EXPECT_EQ(Encoded("1.2.3"),
            1000000000000ULL + 200000000ULL + 30000ULL + 9000);
  EXPECT_EQ(Encoded("1.0.1d1"), 1000000000000ULL + 10000ULL + 1000 + 1);
  EXPECT_EQ(Encoded("2.0fc255"), 2000000000000ULL + 7000 + 255);
  EXPECT_LT(Encoded("1.0"), Encoded("1.0.1d1"));
  EXPECT_LT(Encoded("1.0.1d1"), Encoded("1.0.1"));
  EXPECT_LT(Encoded("1.0b3"), Encoded("1.0f1"));
}

TEST(KextVersionTest, StopsAtWhiteSpaceLikeTheLoader) {
  std::string why;
  auto version = ParseKextVersion("1.2 (build 7)", &why);
  ASSERT_TRUE(version.has_value());
  EXPECT_EQ(version->consumed, 3u);
}

TEST(KextVersionTest, FlagsMoreThanTwoDigitsButAcceptsUpToFour) {
  std::string why;
  auto version = ParseKextVersion("20.036.15", &why);
  ASSERT_TRUE(version.has_value());
  EXPECT_TRUE(version->long_components);
  EXPECT_FALSE(ParseKextVersion("1.22.33", &why)->long_components);
}

TEST(KextVersionTest, RejectsWhatTheLoaderRejects) {
  EXPECT_EQ(Why(""), "it must start with a digit");
  EXPECT_EQ(Why("v1"), "it must start with a digit");
  EXPECT_EQ(Why("12345"), "the major version has more than 4 digits");
  EXPECT_EQ(Why("1.2.3.4"), "it has more than three numeric components");
  EXPECT_EQ(Why("1.0a"),
            "a stage letter must be followed by a number (e.g. 1.0b1)");
  EXPECT_EQ(Why("1.0b256"), "a stage level must be at most 255");
  EXPECT_EQ(Why("1.0fc0"), "a final-candidate level must be at least 1");
  EXPECT_EQ(Why("1.0x1"),
            "'x' is not a stage; use d, a, b, f or fc followed by a number");
  EXPECT_EQ(Why("1.0b1x"), "unexpected 'x' after the stage level");
}

// Each string's verdict from xnu's OSKextParseVersionString
// (xnu-11417.101.15, built unchanged on Linux): its encoded value, or 0 for
// "invalid".
TEST(KextVersionTest, AgreesWithTheKernel) {
  const std::pair<std::string_view, uint64_t> cases[] = {
      {"1.", 1000000009000},
      {"1..2", 1000000029000},
      {"1.b1", 1000000005001},
      {"1.2.", 1000200009000},
      {"1.2.3456.", 1000234569000},
      {"1.2.3456.b1", 1000234565001},
      {"1.234.5", 1023400059000},
      {"1.2.3456", 1000234569000},
      {"1234.5", 1234000500009000},
      {"1234b1", 1234000000005001},
      {"12345", 0},
      {"1.2.3b256", 0},
      {"1.2.3456.7", 0},
      {"1.2.3.4", 0},
      {"1.0b1x", 0},
  };
  for (const auto& [text, encoded] : cases) {
    auto version = ParseKextVersion(text, nullptr);
    EXPECT_EQ(version ? version->encoded : 0, encoded) << text;
  }
}

TEST(KextVersionTest, FlagsWhatIsNotCanonical) {
  for (std::string_view text : {"1.", "1..2", "1.b1", "1.2.", "1.2.3456."}) {
    auto version = ParseKextVersion(text, nullptr);
    ASSERT_TRUE(version.has_value()) << text;
    EXPECT_FALSE(version->canonical) << text;
    std::string why;
    EXPECT_FALSE(ParseCanonicalKextVersion(text, &why).has_value()) << text;
    EXPECT_EQ(why, "a '.' must be followed by digits") << text;
  }
  for (std::string_view text : {"1", "1.0", "1.2.3456", "1234.5", "1.0b1"}) {
    EXPECT_TRUE(ParseKextVersion(text, nullptr)->canonical) << text;
    EXPECT_TRUE(ParseCanonicalKextVersion(text, nullptr).has_value()) << text;
  }
}

}  // namespace
}  // namespace codeless::apple
