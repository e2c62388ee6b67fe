#include "codeless/apple/pci_match.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

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
  EXPECT_EQ((*entries)[2].mask, 0xffffffffu);
  EXPECT_FALSE((*entries)[2].has_mask);
}

TEST(PciMatchTest, GivesClassMatchItsDefaultMask) {
  std::string why;
  auto entries =
      ParsePciMatch("0x0c033000", &why, PciDefaultMask("IOPCIClassMatch"));
  ASSERT_TRUE(entries.has_value()) << why;
  EXPECT_EQ((*entries)[0].mask, 0xffffff00u);
  EXPECT_EQ(PciDefaultMask("IOPCIPrimaryMatch"), 0xffffffffu);
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
  EXPECT_EQ(why,
            "the mask after '&' is missing; write one (0x followed by up to 8 "
            "hex digits, such as 0xffff0000) or remove the '&'");
  EXPECT_FALSE(ParsePciMatch("0x8086 & ", &why));
  EXPECT_EQ(why,
            "the mask after '&' is missing; write one (0x followed by up to 8 "
            "hex digits, such as 0xffff0000) or remove the '&'");
  EXPECT_FALSE(ParsePciMatch("&0xffff", &why));
  EXPECT_EQ(why,
            "a value is missing before '&'; write one (0x followed by up to 8 "
            "hex digits)");
  // IOPCIBridge::matchKeys skips only spaces before '&'.
  EXPECT_FALSE(ParsePciMatch("0x8086\t&0xffff", &why));
  EXPECT_EQ(why,
            "only spaces may stand before '&'; the kernel does not read a mask "
            "after a tab or line break");
}

TEST(PciMatchTest, FormatsLowercaseEightDigits) {
  EXPECT_EQ(FormatPciMatchEntry({0xA2AF8086, 0xFFFFFFFF, false}), "0xa2af8086");
  EXPECT_EQ(FormatPciMatchEntry({0x00008086, 0x0000FFFF, true}),
            "0x00008086&0x0000ffff");
  PciMatchEntry entries[] = {{0x1, 0xFFFFFFFF, false}, {0x2, 0xFF, true}};
  EXPECT_EQ(FormatPciMatch(entries), "0x00000001 0x00000002&0x000000ff");
}

TEST(PciMatchTest, ComposesDeviceInTheHighHalf) {
  EXPECT_EQ(ComposePciEntry(0x8086, 0xa2af, 0xFFFF, 0xFFFF, false),
            (PciMatchEntry{0xa2af8086, 0xFFFFFFFF, false}));
  EXPECT_EQ(ComposePciEntry(0x8086, 0, 0xFFFF, 0, true),
            (PciMatchEntry{0x00008086, 0x0000FFFF, true}));
  EXPECT_EQ(ComposePciClassEntry(0x0c0330, 0xFFFFFF),
            (PciMatchEntry{0x0c033000, 0xFFFFFF00, true}));
}

TEST(PciScanTest, ReadsWhatTheKernelReads) {
  PciScan scan = ScanPciMatch(
      "0x00789004&0x00ffffff  0x78009004 & 0xFF00FFFF "
      "a2af8086 0x6451103",
      0xFFFFFFFF);
  EXPECT_EQ(scan.error, "");
  EXPECT_EQ(scan.truncated, "");
  ASSERT_EQ(scan.entries.size(), 4u);
  EXPECT_EQ(scan.entries[0].mask, 0x00ffffffu);
  EXPECT_EQ(scan.entries[1].mask, 0xff00ffffu);
  EXPECT_EQ(scan.entries[2].value, 0xa2af8086u);
  EXPECT_EQ(scan.entries[2].mask, 0xffffffffu);
  EXPECT_EQ(scan.entries[3].value, 0x06451103u);
}

TEST(PciScanTest, SaysWhereTheKernelStops) {
  EXPECT_EQ(ScanPciMatch("0x0xff00ffff", 0xFFFFFFFF).error,
            "the kernel reads \"0x0\" and ignores \"xff00ffff\" and all that "
            "follows");
  EXPECT_EQ(ScanPciMatch("pci8086,a2af", 0xFFFFFFFF).error,
            "the kernel stops reading at \"pci8086,a2af\"");
  EXPECT_EQ(ScanPciMatch("0x8086&", 0xFFFFFFFF).error,
            "'&' ends the string, with no hex mask after it");
  EXPECT_EQ(ScanPciMatch("0x8086&x", 0xFFFFFFFF).error,
            "'&' is not followed by a hex mask at \"x\"");
  EXPECT_EQ(ScanPciMatch(" ", 0xFFFFFFFF).error, "it holds no hex number");
  // A tab hides the mask from the kernel: it reads 0x8086, then stops.
  PciScan tab = ScanPciMatch("0x8086\t&0xffff", 0xFFFFFFFF);
  ASSERT_EQ(tab.entries.size(), 1u);
  EXPECT_FALSE(tab.entries[0].has_mask);
  EXPECT_EQ(tab.error, "the kernel stops reading at \"&0xffff\"");
}

TEST(PciScanTest, TruncatesWideNumbersLikeTheKernel) {
  PciScan scan = ScanPciMatch("08010200&0xfffffff00", 0xFFFFFF00);
  EXPECT_EQ(scan.error, "");
  EXPECT_EQ(scan.truncated, "0xfffffff00");
  EXPECT_EQ(scan.entries[0].mask, 0xffffff00u);
}

TEST(PciScanTest, CoversWhenEveryEntryFallsInside) {
  auto entries = [](std::string_view text) {
    return ScanPciMatch(text, 0xFFFFFFFF).entries;
  };
  auto vendor = entries("0x000010b5&0x0000FFFF");
  EXPECT_TRUE(PciMatchCovers(vendor, entries("0x87d010b5 0x873310b5")));
  EXPECT_TRUE(PciMatchCovers(vendor, entries("0x900010b5&0xff00ffff")));
  EXPECT_FALSE(PciMatchCovers(vendor, entries("0x87d010b5 0x12348086")));
  EXPECT_FALSE(
      PciMatchCovers(entries("0x87d010b5"), entries("0x000010b5&0x0000ffff")));
  EXPECT_FALSE(PciMatchCovers(vendor, {}));
}

// The strict grammar is a subset of what the kernel reads, with the same
// meaning: every string it accepts scans, without complaint, to the same
// entries.
TEST(PciMatchTest, StrictStringsReadTheSameInTheKernel) {
  std::mt19937 random(20261201);
  const std::string pieces[] = {"0x", "8086", "a2AF",      "0",   "ffffffff",
                                "&",  " ",    "  ",        "\t",  "\n",
                                "x",  "0X1",  "123456789", "&0x", "g"};
  int accepted = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    int length = static_cast<int>(random() % 7);
    for (int j = 0; j < length; ++j) {
      text += pieces[random() % std::size(pieces)];
    }
    for (uint32_t default_mask : {0xFFFFFFFFu, 0xFFFFFF00u}) {
      std::string why;
      auto strict = ParsePciMatch(text, &why, default_mask);
      if (!strict) continue;
      ++accepted;
      PciScan scan = ScanPciMatch(text, default_mask);
      EXPECT_EQ(scan.error, "") << "\"" << text << "\"";
      EXPECT_EQ(scan.truncated, "") << "\"" << text << "\"";
      EXPECT_EQ(scan.entries, *strict) << "\"" << text << "\"";
    }
  }
  EXPECT_GT(accepted, 500);  // the generator reaches the interesting cases
}

// The exact device and vendor pairs a match string names: entries that
// compare all 32 bits, by the key's default mask or an explicit full one.
TEST(PciMatchTest, ExactIdsAreTheEntriesComparedInFull) {
  EXPECT_EQ(PciExactIds("IOPCIPrimaryMatch",
                        "0xa2af8086 0x00789004&0x00ffffff "
                        "0x15338086&0xffffffff"),
            (std::vector<uint32_t>{0xa2af8086, 0x15338086}));
  EXPECT_EQ(PciExactIds("IOPCIMatch", "0x8086&0x0000ffff"),
            std::vector<uint32_t>{});
  // IOPCIClassMatch's default mask leaves the revision byte out.
  EXPECT_EQ(PciExactIds("IOPCIClassMatch", "0x0c033000"),
            std::vector<uint32_t>{});
  EXPECT_EQ(PciExactIds("IOPCISecondaryMatch", "junk"),
            std::vector<uint32_t>{});
}

}  // namespace
}  // namespace codeless::apple
