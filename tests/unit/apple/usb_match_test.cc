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

// Apple ships idVendor + idProductArray (AppleUSBHostMergeProperties,
// AppleUSBHub): the array pins the product as idProduct does, in the tiers
// of both levels [apple-findings.md §10].
TEST(UsbMatchTest, IdProductArrayPlaysIdProductsPart) {
  for (UsbLevel level : {UsbLevel::kDevice, UsbLevel::kInterface}) {
    EXPECT_EQ(UsbKeyRoleOf(level, "idProductArray"), UsbKeyRole::kProduct);
  }
  UsbKeys device;
  device.Add(UsbKeyRoleOf(UsbLevel::kDevice, "idVendor"), 1452);
  device.Add(UsbKeyRoleOf(UsbLevel::kDevice, "idProductArray"), std::nullopt);
  EXPECT_EQ(UsbMatchTier(UsbLevel::kDevice, device), 90000);
  UsbKeys interface;
  for (std::string_view key : {"idVendor", "idProductArray", "bInterfaceNumber",
                               "bConfigurationValue"}) {
    interface.Add(UsbKeyRoleOf(UsbLevel::kInterface, key), std::nullopt);
  }
  EXPECT_EQ(UsbMatchTier(UsbLevel::kInterface, interface), 90000);
}

TEST(UsbMatchTest, ProviderLevels) {
  EXPECT_EQ(UsbProviderLevel("IOUSBHostDevice"), UsbLevel::kDevice);
  EXPECT_EQ(UsbProviderLevel("IOUSBInterface"), UsbLevel::kInterface);
  EXPECT_FALSE(UsbProviderLevel("IOPCIDevice"));
}

}  // namespace
}  // namespace codeless::apple
