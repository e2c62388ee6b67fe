#include "codeless/apple/pci_match.h"

#include <gtest/gtest.h>

namespace codeless::apple {
namespace {

TEST(PciMatchTest, ParsesEntriesWithAndWithoutMasks) {
  std::string why;
  auto entries = ParsePciMatch(
      "0x00789004&0x00ffffff  0x78009004 & 0xFF00FFFF\ta2af8086", &why);
  ASSERT_TRUE(entries.has_value()) << why;
  ASSERT_EQ(entries->size(), 3u);
  EXPECT_EQ((*entries)[0].value, 0x00789004u);
  EXPECT_EQ((*entries)[0].mask, 0x00ffffffu);
  EXPECT_EQ((*entries)[1].mask, 0xff00ffffu);
  EXPECT_EQ((*entries)[2].value, 0xa2af8086u);
  EXPECT_FALSE((*entries)[2].has_mask);
}

TEST(PciMatchTest, RefusesTokensTheKernelWouldMisread) {
  std::string why;
  EXPECT_FALSE(ParsePciMatch("0x0xff00ffff", &why));
  EXPECT_EQ(why,
            "'0x0xff00ffff' is not a hexadecimal number (write 0x followed by "
            "up to 8 hex digits)");
  EXPECT_FALSE(ParsePciMatch("0x123456789", &why));
  EXPECT_EQ(why, "'0x123456789' has more than 8 hex digits (32 bits)");
  EXPECT_FALSE(ParsePciMatch("  ", &why));
  EXPECT_EQ(why, "it is empty; give at least one value such as 0xa2af8086");
  EXPECT_FALSE(ParsePciMatch("0x8086&", &why));
}

TEST(PciMatchTest, FormatsLowercaseEightDigits) {
  EXPECT_EQ(FormatPciMatchEntry({0xA2AF8086, 0xFFFFFFFF, false}), "0xa2af8086");
  EXPECT_EQ(FormatPciMatchEntry({0x00008086, 0x0000FFFF, true}),
            "0x00008086&0x0000ffff");
}

}  // namespace
}  // namespace codeless::apple
