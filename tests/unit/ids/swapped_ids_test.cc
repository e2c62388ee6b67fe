// "Did you swap": the swapped reading must name a known product of a known
// vendor, since low IDs are nearly all assigned vendors (corpus: 0x33ba
// beside 0x03e8, 0x0000 beside 0x0001 are not swaps).
#include "codeless/ids/swapped_ids.h"

#include <gtest/gtest.h>

#include "codeless/ids/device_ids.h"

namespace codeless::ids {
namespace {

TEST(SwappedIdsTest, TheSwappedReadingMustNameAKnownProduct) {
  EXPECT_TRUE(LooksSwapped(Bus::kUsb, 0x0043, 0x2341));   // Arduino Uno R3
  EXPECT_FALSE(LooksSwapped(Bus::kUsb, 0x2341, 0x0043));  // as written: fine
  EXPECT_FALSE(LooksSwapped(Bus::kUsb, 0x33ba, 0x03e8));  // a vendor, no product
  EXPECT_FALSE(LooksSwapped(Bus::kUsb, 0x0000, 0x0001));
  EXPECT_TRUE(LooksSwapped(Bus::kPci, 0xa2af, 0x8086));
  EXPECT_FALSE(LooksSwapped(Bus::kPci, 0x8086, 0xa2af));
}

TEST(SwappedIdsTest, PciHalvesAreReadDeviceHighVendorLow) {
  EXPECT_EQ(SwappedPciHalves("IOPCIPrimaryMatch", 0xa2af8086), std::nullopt);
  std::optional<std::string> swapped =
      SwappedPciHalves("IOPCIPrimaryMatch", 0x8086a2af);
  ASSERT_TRUE(swapped);
  EXPECT_TRUE(swapped->ends_with(
      "did you swap them? The device ID goes in the high half: 0xa2af8086"))
      << *swapped;
  EXPECT_EQ(SwappedUsbIds("idVendor", 0x2341, "idProduct", 0x0043),
            std::nullopt);
}

}  // namespace
}  // namespace codeless::ids
