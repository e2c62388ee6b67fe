#include "codeless/apple/usb_match.h"

#include <gtest/gtest.h>

namespace codeless::apple {
namespace {

UsbKeys Keys(std::initializer_list<bool UsbKeys::*> present,
             std::optional<int64_t> class_value = std::nullopt) {
  UsbKeys keys;
  for (bool UsbKeys::*key : present) keys.*key = true;
  keys.class_value = class_value;
  return keys;
}

TEST(UsbMatchTest, DeviceTiersFollowQa1076) {
  using K = UsbKeys;
  EXPECT_EQ(UsbMatchTier(UsbLevel::kDevice,
                         Keys({&K::vendor, &K::product, &K::release})),
            100000);
  EXPECT_EQ(UsbMatchTier(UsbLevel::kDevice, Keys({&K::vendor, &K::product})),
            90000);
  EXPECT_EQ(UsbMatchTier(UsbLevel::kDevice,
                         Keys({&K::vendor, &K::subclass, &K::protocol})),
            80000);
  EXPECT_EQ(UsbMatchTier(UsbLevel::kDevice, Keys({&K::vendor, &K::subclass})),
            70000);
  EXPECT_EQ(UsbMatchTier(UsbLevel::kDevice,
                         Keys({&K::class_code, &K::subclass, &K::protocol}, 2)),
            60000);
  EXPECT_EQ(UsbMatchTier(UsbLevel::kDevice,
                         Keys({&K::class_code, &K::subclass}, 239)),
            50000);
  // Vendor-specific class tiers need class 0xFF, class tiers anything else.
  EXPECT_EQ(UsbMatchTier(UsbLevel::kDevice,
                         Keys({&K::vendor, &K::class_code, &K::subclass}, 2)),
            0);
  EXPECT_EQ(UsbMatchTier(UsbLevel::kDevice,
                         Keys({&K::class_code, &K::subclass}, 0xFF)),
            0);
  EXPECT_EQ(UsbMatchTier(UsbLevel::kDevice, Keys({&K::vendor})), 0);
  EXPECT_EQ(UsbMatchTier(UsbLevel::kDevice, Keys({&K::vendor, &K::protocol})),
            0);
}

TEST(UsbMatchTest, InterfaceTiersPinTheInterface) {
  using K = UsbKeys;
  EXPECT_EQ(UsbMatchTier(UsbLevel::kInterface,
                         Keys({&K::vendor, &K::product, &K::interface_number,
                               &K::configuration_value, &K::release})),
            100000);
  EXPECT_EQ(UsbMatchTier(UsbLevel::kInterface,
                         Keys({&K::vendor, &K::product, &K::interface_number,
                               &K::configuration_value, &K::class_code},
                              3)),
            90000);
  EXPECT_EQ(UsbMatchTier(UsbLevel::kInterface, Keys({&K::vendor, &K::product})),
            0);
  EXPECT_EQ(UsbMatchTier(UsbLevel::kInterface,
                         Keys({&K::class_code, &K::subclass}, 10)),
            50000);
  EXPECT_EQ(UsbMatchTier(
                UsbLevel::kInterface,
                Keys({&K::class_code, &K::subclass, &K::interface_number}, 10)),
            0);
}

TEST(UsbMatchTest, ProviderLevels) {
  EXPECT_EQ(UsbProviderLevel("IOUSBHostDevice"), UsbLevel::kDevice);
  EXPECT_EQ(UsbProviderLevel("IOUSBInterface"), UsbLevel::kInterface);
  EXPECT_FALSE(UsbProviderLevel("IOPCIDevice"));
}

}  // namespace
}  // namespace codeless::apple
