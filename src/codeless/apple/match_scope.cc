#include "codeless/apple/match_scope.h"

#include <algorithm>
#include <iterator>

#include "codeless/apple/usb_match.h"

namespace codeless::apple {
namespace {

constexpr std::string_view kGenericDeviceNubs[] = {
    "IOPCIDevice", "IOUSBHostDevice",     "IOUSBHostInterface",
    "IOUSBDevice", "IOUSBInterface",      "IOHIDInterface",
    "IOHIDDevice", "IOACPIPlatformDevice"};

// Generic keys that say nothing about which device matches.
constexpr std::string_view kGenericKeysThatDoNotNarrow[] = {"IOResourceMatch",
                                                            "IOMatchDefer"};

constexpr std::string_view kPropertyMergers[] = {"IOProviderPropertyMerger",
                                                 "IOHIDProviderPropertyMerger",
                                                 "AppleUSBHostMergeProperties"};

constexpr std::string_view kMasks[] = {"idProductMask", "ProductIDMask"};

template <size_t N>
bool Contains(const std::string_view (&list)[N], std::string_view value) {
  return std::find(std::begin(list), std::end(list), value) != std::end(list);
}

}  // namespace

bool IsGenericDeviceNub(std::string_view provider_class) {
  return Contains(kGenericDeviceNubs, provider_class);
}

bool IsPropertyMergerClass(std::string_view io_class) {
  return Contains(kPropertyMergers, io_class);
}

bool ProviderReadsKey(std::string_view provider_class, const MatchingKey& key) {
  if (key.family == Family::kAny) return true;
  Family family = ProviderFamily(provider_class);
  if (family == Family::kAny) return provider_class != "IOACPIPlatformDevice";
  if (family != key.family) return false;
  if (family == Family::kUsb) {
    std::optional<UsbLevel> level = UsbProviderLevel(provider_class);
    return !level || key.name == "idProductMask" ||
           UsbKeyRoleOf(*level, key.name) != UsbKeyRole::kNone;
  }
  return true;
}

bool KeyNarrows(const MatchingKey& key, bool wildcard, std::string_view text) {
  if (wildcard || key.kind == KeyKind::kBoolean) return false;
  if (Contains(kGenericKeysThatDoNotNarrow, key.name)) return false;
  if (Contains(kMasks, key.name)) return false;
  if (key.kind == KeyKind::kPciMatch) {
    return !text.empty() && !OpenPciEntry(key.name, text);
  }
  return true;
}

std::optional<PciMatchEntry> OpenPciEntry(std::string_view key_name,
                                          std::string_view text) {
  bool class_match = key_name == "IOPCIClassMatch";
  PciScan scan = ScanPciMatch(text, PciDefaultMask(key_name));
  for (const PciMatchEntry& entry : scan.entries) {
    bool open = class_match ? (entry.mask & 0xFF000000) == 0
                            : (entry.mask & 0x0000FFFF) == 0 ||
                                  (entry.mask & 0xFFFF0000) == 0;
    if (open) return entry;
  }
  return std::nullopt;
}

bool LooksLikeUnshiftedClassCode(const PciMatchEntry& entry) {
  if ((entry.mask & 0xFF000000) != 0xFF000000 || (entry.value >> 24) != 0) {
    return false;
  }
  uint32_t subclass = (entry.value >> 16) & 0xFF;
  bool ignored_revision = (entry.value & 0xFF) != 0 && (entry.mask & 0xFF) == 0;
  return subclass > 0x01 || ignored_revision;
}

}  // namespace codeless::apple
