#include "codeless/descriptor/key_tables.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "codeless/apple/identifiers.h"
#include "codeless/apple/matching_keys.h"

namespace codeless::descriptor {
namespace {

constexpr std::string_view kTopKeys[] = {
    "$schema", "formatVersion", "bundle", "kext",
    "dext",    "personalities", "lint"};
constexpr std::string_view kLintKeys[] = {"disable"};
constexpr std::string_view kBundleKeys[] = {"identifier",   "name",
                                            "bundleName",   "version",
                                            "shortVersion", "usageDescription",
                                            "copyright",    "developmentRegion",
                                            "properties"};
constexpr std::string_view kKextKeys[] = {"identifier", "driver",
                                          "bundleRequired"};
constexpr std::string_view kDextKeys[] = {"identifier",
                                          "class",
                                          "superclass",
                                          "serverName",
                                          "minimumDriverKitVersion",
                                          "entitlements"};
constexpr std::string_view kPersonalityKeys[] = {
    "name",          "provider",   "match",    "driver", "probeScore",
    "matchCategory", "properties", "matchAll", "targets"};
constexpr std::string_view kDriverKeys[] = {"class", "bundle"};
constexpr std::string_view kPciEntryKeys[] = {"vendor", "device", "vendorMask",
                                              "deviceMask"};
constexpr std::string_view kPciClassKeys[] = {"class", "mask"};
constexpr std::string_view kUsagePairKeys[] = {"DeviceUsagePage",
                                               "DeviceUsage"};

// The matching keys' names, in apple::MatchingKeys() order.
constexpr auto kMatchKeys = [] {
  std::array<std::string_view, apple::kMatchingKeyCount> names{};
  for (size_t i = 0; i < names.size(); ++i) {
    names[i] = apple::kMatchingKeys[i].name;
  }
  return names;
}();

}  // namespace

KeyTable TopLevelKeys() { return kTopKeys; }
KeyTable BundleKeys() { return kBundleKeys; }
KeyTable KextKeys() { return kKextKeys; }
KeyTable DextKeys() { return kDextKeys; }
KeyTable PersonalityKeys() { return kPersonalityKeys; }
KeyTable DriverKeys() { return kDriverKeys; }
KeyTable PciEntryKeys() { return kPciEntryKeys; }
KeyTable PciClassKeys() { return kPciClassKeys; }
KeyTable UsagePairKeys() { return kUsagePairKeys; }
KeyTable MatchKeys() { return kMatchKeys; }
KeyTable LintKeys() { return kLintKeys; }

bool IsDescriptorClassName(std::string_view name) {
  return apple::IsClassName(name) && name.size() <= kMaxClassNameLength;
}

std::optional<std::string> ClassNameError(std::string_view path,
                                          std::string_view name,
                                          std::string_view example) {
  if (IsDescriptorClassName(name)) return std::nullopt;
  if (name.size() > kMaxClassNameLength && apple::IsClassName(name)) {
    return fmt::format(
        "\"{}\" is {} characters long; a class name has at "
        "most {}",
        path, name.size(), kMaxClassNameLength);
  }
  return fmt::format(
      "\"{}\" \"{}\" is not a class name (letters, digits "
      "and '_'), such as {}",
      path, name, example);
}

bool Contains(KeyTable table, std::string_view key) {
  return std::find(table.begin(), table.end(), key) != table.end();
}

std::string KeyList(KeyTable table) {
  std::string out;
  for (std::string_view key : table) {
    if (key.starts_with('$')) continue;
    if (!out.empty()) out += ", ";
    out += key;
  }
  return out;
}

}  // namespace codeless::descriptor
