#include "codeless/descriptor/key_tables.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "codeless/apple/matching_keys.h"
#include "codeless/descriptor/value_reader.h"

namespace codeless::descriptor {
namespace {

std::vector<std::pair<std::string, KeyTable>> AllTables() {
  return {{"top level", TopLevelKeys()},
          {"bundle", BundleKeys()},
          {"kext", KextKeys()},
          {"dext", DextKeys()},
          {"personality", PersonalityKeys()},
          {"driver", DriverKeys()},
          {"pci entry", PciEntryKeys()},
          {"pci class", PciClassKeys()},
          {"usage pair", UsagePairKeys()},
          {"match", MatchKeys()}};
}

TEST(KeyTablesTest, KeyListNamesTheKeysInOrderWithoutDollarKeys) {
  EXPECT_EQ(KeyList(TopLevelKeys()),
            "formatVersion, bundle, kext, dext, personalities, lint");
  EXPECT_EQ(KeyList(BundleKeys()),
            "identifier, name, bundleName, version, shortVersion, "
            "usageDescription, copyright, developmentRegion, properties");
  EXPECT_EQ(KeyList(KextKeys()), "identifier, driver, bundleRequired");
  EXPECT_EQ(KeyList(DextKeys()),
            "identifier, class, superclass, serverName, "
            "minimumDriverKitVersion, entitlements");
  EXPECT_EQ(KeyList(DriverKeys()), "class, bundle");
  EXPECT_EQ(KeyList(PciEntryKeys()), "vendor, device, vendorMask, deviceMask");
  EXPECT_EQ(KeyList(PciClassKeys()), "class, mask");
  EXPECT_EQ(KeyList(UsagePairKeys()), "DeviceUsagePage, DeviceUsage");
  EXPECT_EQ(KeyList({}), "");
}

TEST(KeyTablesTest, ContainsIsExactAndCaseSensitive) {
  EXPECT_TRUE(Contains(TopLevelKeys(), "$schema"));
  EXPECT_TRUE(Contains(BundleKeys(), "identifier"));
  EXPECT_FALSE(Contains(BundleKeys(), "Identifier"));
  EXPECT_FALSE(Contains(BundleKeys(), "identifie"));
  EXPECT_FALSE(Contains(BundleKeys(), ""));
  // "$comment" is allowed everywhere by the reader, not by the tables.
  EXPECT_FALSE(Contains(TopLevelKeys(), kCommentKey));
  EXPECT_FALSE(Contains({}, "anything"));
}

TEST(KeyTablesTest, MatchKeysAreTheMatchingKeysInTheirOrder) {
  KeyTable keys = MatchKeys();
  ASSERT_EQ(keys.size(), apple::kMatchingKeyCount);
  for (size_t i = 0; i < keys.size(); ++i) {
    EXPECT_EQ(keys[i], apple::kMatchingKeys[i].name) << i;
  }
  EXPECT_TRUE(Contains(keys, "idVendor"));
  EXPECT_TRUE(Contains(keys, "IOPCIClassMatch"));
  EXPECT_TRUE(Contains(keys, "DeviceUsagePairs"));
  EXPECT_FALSE(Contains(keys, "IOProviderClass"));
}

TEST(KeyTablesTest, EveryTableFitsTheMemberSetBitsAndHasNoDuplicates) {
  // MemberSet keeps a table's keys as bits of a uint64_t; a larger table
  // would lose them.
  for (const auto& [name, table] : AllTables()) {
    EXPECT_LE(table.size(), MemberSet::kMaxTableKeys) << name;
    std::set<std::string_view> unique(table.begin(), table.end());
    EXPECT_EQ(unique.size(), table.size()) << name;
  }
}

TEST(KeyTablesTest, IsDescriptorClassNameTakesIdentifiersUpToTheLimit) {
  EXPECT_TRUE(IsDescriptorClassName("IOService"));
  EXPECT_TRUE(IsDescriptorClassName("IO_USB2"));
  EXPECT_TRUE(IsDescriptorClassName("_Private"));
  EXPECT_TRUE(IsDescriptorClassName("A"));
  EXPECT_FALSE(IsDescriptorClassName(""));
  EXPECT_FALSE(IsDescriptorClassName("2Fast"));
  EXPECT_FALSE(IsDescriptorClassName("IO Service"));
  EXPECT_FALSE(IsDescriptorClassName("IO-Service"));
  EXPECT_FALSE(IsDescriptorClassName("IOService::Sub"));
  EXPECT_FALSE(IsDescriptorClassName("\xC3\x84rger"));  // "Ärger"
  EXPECT_TRUE(IsDescriptorClassName(std::string(kMaxClassNameLength, 'A')));
  EXPECT_FALSE(
      IsDescriptorClassName(std::string(kMaxClassNameLength + 1, 'A')));
}

TEST(KeyTablesTest, LimitsMatchWhatTheyProtect) {
  // NAME/NAME.entitlements is the longest file name a bundle name makes;
  // macOS file names have at most 255 bytes.
  EXPECT_EQ(kMaxBundleNameLength + std::string_view(".entitlements").size(),
            255u);
  // "0x" and 16 hex digits (any 64-bit value) fit an integer string.
  EXPECT_GE(kMaxIntegerStringLength, std::string_view("0x").size() + 16);
}

}  // namespace
}  // namespace codeless::descriptor
