#include "codeless/apple/info_keys.h"

#include <algorithm>

namespace codeless::apple {
namespace {

constexpr std::string_view kKextBundleRequired[] = {
    "Root", "Local-Root", "Network-Root", "Safe Boot", "Console"};
constexpr std::string_view kAppleDextBundleRequired[] = {"DriverKit",
                                                         "Safe Boot"};

constexpr std::string_view kCodelessBundleKeys[] = {
    "CFBundleDevelopmentRegion",
    "CFBundleExecutable",
    "CFBundleIdentifier",
    "CFBundleInfoDictionaryVersion",
    "CFBundleName",
    "CFBundlePackageType",
    "CFBundleShortVersionString",
    "CFBundleVersion",
    "IOKitPersonalities",
    "NSHumanReadableCopyright",
    "OSBundleRequired",
    "OSBundleUsageDescription",
    "OSMinimumDriverKitVersion"};

constexpr std::string_view kCodelessPersonalityKeys[] = {
    "CFBundleIdentifier",
    "CFBundleIdentifierKernel",
    "IOClass",
    "IOProviderClass",
    "IOProbeScore",
    "IOMatchCategory",
    "IOUserClass",
    "IOUserServerName"};

template <size_t N>
bool Contains(const std::string_view (&list)[N], std::string_view value) {
  return std::find(std::begin(list), std::end(list), value) != std::end(list);
}

}  // namespace

std::span<const std::string_view> KextBundleRequiredValues() {
  return kKextBundleRequired;
}

bool IsKextBundleRequired(std::string_view value) {
  return Contains(kKextBundleRequired, value);
}

std::span<const std::string_view> AppleDextBundleRequiredValues() {
  return kAppleDextBundleRequired;
}

bool IsAppleDextBundleRequired(std::string_view value) {
  return Contains(kAppleDextBundleRequired, value);
}

bool IsArchVariantOf(std::string_view key, std::string_view base) {
  return key == base || (ArchVariantBase(key) == base);
}

std::string_view ArchVariantBase(std::string_view key) {
  if (!key.starts_with("OS") && !key.starts_with("IO")) return {};
  size_t underscore = key.find('_');
  if (underscore == std::string_view::npos || underscore + 1 == key.size()) {
    return {};
  }
  return key.substr(0, underscore);
}

std::span<const std::string_view> CodelessBundleKeys() {
  return kCodelessBundleKeys;
}

bool IsCodelessBundleKey(std::string_view key) {
  return Contains(kCodelessBundleKeys, key) ||
         Contains(kCodelessBundleKeys, ArchVariantBase(key));
}

std::span<const std::string_view> CodelessPersonalityKeys() {
  return kCodelessPersonalityKeys;
}

bool IsCodelessPersonalityKey(std::string_view key) {
  return Contains(kCodelessPersonalityKeys, key);
}

}  // namespace codeless::apple
