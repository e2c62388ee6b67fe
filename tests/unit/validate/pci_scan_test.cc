#include "codeless/validate/pci_scan.h"

#include <gtest/gtest.h>

namespace codeless::validate {
namespace {

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
            "'&' is not followed by a hex mask at \"\"");
  EXPECT_EQ(ScanPciMatch(" ", 0xFFFFFFFF).error, "it holds no hex number");
}

TEST(PciScanTest, TruncatesWideNumbersLikeTheKernel) {
  PciScan scan = ScanPciMatch("08010200&0xfffffff00", 0xFFFFFF00);
  EXPECT_EQ(scan.error, "");
  EXPECT_EQ(scan.truncated, "0xfffffff00");
  EXPECT_EQ(scan.entries[0].mask, 0xffffff00u);
}

TEST(PciScanTest, CoversWhenEveryEntryFallsInside) {
  PciScan vendor = ScanPciMatch("0x000010b5&0x0000FFFF", 0xFFFFFFFF);
  EXPECT_TRUE(PciMatchCovers(
      vendor, ScanPciMatch("0x87d010b5 0x873310b5", 0xFFFFFFFF)));
  EXPECT_TRUE(PciMatchCovers(
      vendor, ScanPciMatch("0x900010b5&0xff00ffff", 0xFFFFFFFF)));
  EXPECT_FALSE(PciMatchCovers(
      vendor, ScanPciMatch("0x87d010b5 0x12348086", 0xFFFFFFFF)));
  EXPECT_FALSE(
      PciMatchCovers(ScanPciMatch("0x87d010b5", 0xFFFFFFFF),
                     ScanPciMatch("0x000010b5&0x0000ffff", 0xFFFFFFFF)));
}

}  // namespace
}  // namespace codeless::validate
