// The IOKit matching keys codeless knows: their plist shape, range and the
// provider family they belong to (PRODUCT.md §3, domain.md §4).
#pragma once

#include <cstdint>
#include <iterator>
#include <span>
#include <string_view>

namespace codeless::apple {

enum class Family { kAny, kUsb, kPci, kHid };

std::string_view FamilyName(Family family);

// The family of a provider class, or kAny for a class codeless cannot place.
Family ProviderFamily(std::string_view provider_class);

enum class KeyKind {
  kInteger,          // <integer> in [min, max]; "*" where `wildcard`
  kIntegerArray,     // <array> of <integer> in [min, max]
  kBoolean,          // <true/> or <false/>
  kString,           // <string>
  kStringOrStrings,  // <string> or <array> of <string>
  kDict,             // <dict>, free-form
  kDictOrDicts,      // <dict> or <array> of <dict>
  kPciMatch,         // <string> in the IOPCI*Match grammar
  kUsagePairs,       // <array> of {DeviceUsagePage, DeviceUsage?}
};

struct MatchingKey {
  std::string_view name;
  KeyKind kind;
  Family family;
  int64_t min = 0;
  int64_t max = 0;
  // The string "*" matches anything (USB keys, HID ProductID).
  bool wildcard = false;
  // A vendor, product or version ID that tools print in hex, often without
  // "0x" (lsusb's "0483:5740"), so a descriptor string for it must be 0x
  // hex (PRODUCT.md §2, Values).
  bool identifier = false;
};

namespace matching_key_ranges {
inline constexpr int64_t kU8 = 0xFF;
inline constexpr int64_t kU16 = 0xFFFF;
inline constexpr int64_t kU32 = 0xFFFFFFFF;
}  // namespace matching_key_ranges

// Every matching key codeless knows, one entry each.
inline constexpr MatchingKey kMatchingKeys[] = {
    // Any provider [xnu IOService.cpp matchPassive].
    {"IONameMatch", KeyKind::kStringOrStrings, Family::kAny},
    {"IOPropertyMatch", KeyKind::kDictOrDicts, Family::kAny},
    {"IOPropertyExistsMatch", KeyKind::kStringOrStrings, Family::kAny},
    {"IOPathMatch", KeyKind::kString, Family::kAny},
    {"IOParentMatch", KeyKind::kDict, Family::kAny},
    {"IOLocationMatch", KeyKind::kDict, Family::kAny},
    {"IOResourceMatch", KeyKind::kStringOrStrings, Family::kAny},
    {"IOMatchDefer", KeyKind::kBoolean, Family::kAny},
    // USB [IOUSBHostFamilyDefinitions.h; QA1076].
    {"idVendor", KeyKind::kInteger, Family::kUsb, 0, matching_key_ranges::kU16,
     true, true},
    {"idProduct", KeyKind::kInteger, Family::kUsb, 0, matching_key_ranges::kU16,
     true, true},
    {"idProductArray", KeyKind::kIntegerArray, Family::kUsb, 0,
     matching_key_ranges::kU16, false, true},
    {"idProductMask", KeyKind::kInteger, Family::kUsb, 0,
     matching_key_ranges::kU16, true, true},
    {"bcdDevice", KeyKind::kInteger, Family::kUsb, 0, matching_key_ranges::kU16,
     true, true},
    {"bDeviceClass", KeyKind::kInteger, Family::kUsb, 0,
     matching_key_ranges::kU8, true},
    {"bDeviceSubClass", KeyKind::kInteger, Family::kUsb, 0,
     matching_key_ranges::kU8, true},
    {"bDeviceProtocol", KeyKind::kInteger, Family::kUsb, 0,
     matching_key_ranges::kU8, true},
    {"bInterfaceClass", KeyKind::kInteger, Family::kUsb, 0,
     matching_key_ranges::kU8, true},
    {"bInterfaceSubClass", KeyKind::kInteger, Family::kUsb, 0,
     matching_key_ranges::kU8, true},
    {"bInterfaceProtocol", KeyKind::kInteger, Family::kUsb, 0,
     matching_key_ranges::kU8, true},
    {"bInterfaceNumber", KeyKind::kInteger, Family::kUsb, 0,
     matching_key_ranges::kU8, true},
    {"bConfigurationValue", KeyKind::kInteger, Family::kUsb, 1,
     matching_key_ranges::kU8, true},
    // PCI [IOPCIFamily IOPCIBridge.cpp].
    {"IOPCIMatch", KeyKind::kPciMatch, Family::kPci},
    {"IOPCIPrimaryMatch", KeyKind::kPciMatch, Family::kPci},
    {"IOPCISecondaryMatch", KeyKind::kPciMatch, Family::kPci},
    {"IOPCIClassMatch", KeyKind::kPciMatch, Family::kPci},
    {"IOPCITunnelCompatible", KeyKind::kBoolean, Family::kPci},
    {"IOPCIPauseCompatible", KeyKind::kBoolean, Family::kPci},
    // HID [IOHIDFamily IOHIDFamilyPrivate.cpp MatchPropertyTable].
    {"VendorID", KeyKind::kInteger, Family::kHid, 0, matching_key_ranges::kU32,
     false, true},
    {"ProductID", KeyKind::kInteger, Family::kHid, 0, matching_key_ranges::kU32,
     true, true},
    {"ProductIDArray", KeyKind::kIntegerArray, Family::kHid, 0,
     matching_key_ranges::kU32, false, true},
    {"ProductIDMask", KeyKind::kInteger, Family::kHid, 0,
     matching_key_ranges::kU32, false, true},
    {"PrimaryUsagePage", KeyKind::kInteger, Family::kHid, 0,
     matching_key_ranges::kU16},
    {"PrimaryUsage", KeyKind::kInteger, Family::kHid, 0,
     matching_key_ranges::kU16},
    {"DeviceUsagePage", KeyKind::kInteger, Family::kHid, 0,
     matching_key_ranges::kU16},
    {"DeviceUsage", KeyKind::kInteger, Family::kHid, 0,
     matching_key_ranges::kU16},
    {"DeviceUsagePairs", KeyKind::kUsagePairs, Family::kHid},
    {"Transport", KeyKind::kString, Family::kHid},
    {"LocationID", KeyKind::kInteger, Family::kHid, 0,
     matching_key_ranges::kU32, false, true},
    {"VersionNumber", KeyKind::kInteger, Family::kHid, 0,
     matching_key_ranges::kU32, false, true},
};
inline constexpr size_t kMatchingKeyCount = std::size(kMatchingKeys);

std::span<const MatchingKey> MatchingKeys();
const MatchingKey* FindMatchingKey(std::string_view name);

}  // namespace codeless::apple
