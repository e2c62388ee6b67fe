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

constexpr std::string_view kMinimumOsKeys[] = {"OSMinimumDriverKitVersion",
                                               "LSMinimumSystemVersion"};

// The major version of "MAJOR[.MINOR...]", or nullopt.
std::optional<int> MajorVersion(std::string_view value) {
  int major = 0;
  size_t digits = 0;
  while (digits < value.size() && digits < 4 && value[digits] >= '0' &&
         value[digits] <= '9') {
    major = major * 10 + (value[digits] - '0');
    ++digits;
  }
  if (digits == 0 || (digits < value.size() && value[digits] != '.')) {
    return std::nullopt;
  }
  return major;
}

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

std::span<const std::string_view> MinimumOsKeys() { return kMinimumOsKeys; }

std::optional<bool> MinimumIsMacos11OrLater(std::string_view key,
                                            std::string_view value) {
  std::optional<int> major = MajorVersion(value);
  if (!major) return std::nullopt;
  constexpr int kDriverKitForMacos11 = 20;
  constexpr int kFirstDriverKit = 19;
  if (key == "OSMinimumDriverKitVersion") {
    if (*major < kFirstDriverKit) return std::nullopt;
    return *major >= kDriverKitForMacos11;
  }
  if (*major >= kFirstDriverKit) return *major >= kDriverKitForMacos11;
  return *major >= 11;
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
