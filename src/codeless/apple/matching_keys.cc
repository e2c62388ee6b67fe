#include "codeless/apple/matching_keys.h"

#include <array>

namespace codeless::apple {
namespace {

constexpr int64_t kU8 = 0xFF;
constexpr int64_t kU16 = 0xFFFF;
constexpr int64_t kU32 = 0xFFFFFFFF;

constexpr MatchingKey kKeys[] = {
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
    {"idVendor", KeyKind::kInteger, Family::kUsb, 0, kU16, true},
    {"idProduct", KeyKind::kInteger, Family::kUsb, 0, kU16, true},
    {"idProductArray", KeyKind::kIntegerArray, Family::kUsb, 0, kU16},
    {"idProductMask", KeyKind::kInteger, Family::kUsb, 0, kU16, true},
    {"bcdDevice", KeyKind::kInteger, Family::kUsb, 0, kU16, true},
    {"bDeviceClass", KeyKind::kInteger, Family::kUsb, 0, kU8, true},
    {"bDeviceSubClass", KeyKind::kInteger, Family::kUsb, 0, kU8, true},
    {"bDeviceProtocol", KeyKind::kInteger, Family::kUsb, 0, kU8, true},
    {"bInterfaceClass", KeyKind::kInteger, Family::kUsb, 0, kU8, true},
    {"bInterfaceSubClass", KeyKind::kInteger, Family::kUsb, 0, kU8, true},
    {"bInterfaceProtocol", KeyKind::kInteger, Family::kUsb, 0, kU8, true},
    {"bInterfaceNumber", KeyKind::kInteger, Family::kUsb, 0, kU8, true},
    {"bConfigurationValue", KeyKind::kInteger, Family::kUsb, 1, kU8, true},
    // PCI [IOPCIFamily IOPCIBridge.cpp].
    {"IOPCIMatch", KeyKind::kPciMatch, Family::kPci},
    {"IOPCIPrimaryMatch", KeyKind::kPciMatch, Family::kPci},
    {"IOPCISecondaryMatch", KeyKind::kPciMatch, Family::kPci},
    {"IOPCIClassMatch", KeyKind::kPciMatch, Family::kPci},
    {"IOPCITunnelCompatible", KeyKind::kBoolean, Family::kPci},
    {"IOPCIPauseCompatible", KeyKind::kBoolean, Family::kPci},
    // HID [IOHIDFamily IOHIDFamilyPrivate.cpp MatchPropertyTable].
    {"VendorID", KeyKind::kInteger, Family::kHid, 0, kU32},
    {"ProductID", KeyKind::kInteger, Family::kHid, 0, kU32, true},
    {"ProductIDArray", KeyKind::kIntegerArray, Family::kHid, 0, kU32},
    {"ProductIDMask", KeyKind::kInteger, Family::kHid, 0, kU32},
    {"PrimaryUsagePage", KeyKind::kInteger, Family::kHid, 0, kU16},
    {"PrimaryUsage", KeyKind::kInteger, Family::kHid, 0, kU16},
    {"DeviceUsagePage", KeyKind::kInteger, Family::kHid, 0, kU16},
    {"DeviceUsage", KeyKind::kInteger, Family::kHid, 0, kU16},
    {"DeviceUsagePairs", KeyKind::kUsagePairs, Family::kHid},
    {"Transport", KeyKind::kString, Family::kHid},
    {"LocationID", KeyKind::kInteger, Family::kHid, 0, kU32},
    {"VersionNumber", KeyKind::kInteger, Family::kHid, 0, kU32},
};

struct ProviderFamilyEntry {
  std::string_view provider;
  Family family;
};

constexpr ProviderFamilyEntry kProviders[] = {
    {"IOUSBHostDevice", Family::kUsb},
    {"IOUSBHostInterface", Family::kUsb},
    {"IOUSBDevice", Family::kUsb},
    {"IOUSBInterface", Family::kUsb},
    {"IOPCIDevice", Family::kPci},
    {"IOHIDInterface", Family::kHid},
    {"IOHIDDevice", Family::kHid},
    {"IOHIDEventService", Family::kHid},
    {"IOUserHIDEventService", Family::kHid},
};

}  // namespace

std::string_view FamilyName(Family family) {
  switch (family) {
    case Family::kUsb:
      return "USB";
    case Family::kPci:
      return "PCI";
    case Family::kHid:
      return "HID";
    case Family::kAny:
      break;
  }
  return "generic";
}

Family ProviderFamily(std::string_view provider_class) {
  for (const ProviderFamilyEntry& entry : kProviders) {
    if (entry.provider == provider_class) return entry.family;
  }
  return Family::kAny;
}

std::span<const MatchingKey> MatchingKeys() { return kKeys; }

const MatchingKey* FindMatchingKey(std::string_view name) {
  for (const MatchingKey& key : kKeys) {
    if (key.name == name) return &key;
  }
  return nullptr;
}

}  // namespace codeless::apple
