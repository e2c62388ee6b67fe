#include "codeless/apple/matching_keys.h"

#include <array>

namespace codeless::apple {
namespace {

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

std::span<const MatchingKey> MatchingKeys() { return kMatchingKeys; }

const MatchingKey* FindMatchingKey(std::string_view name) {
  for (const MatchingKey& key : kMatchingKeys) {
    if (key.name == name) return &key;
  }
  return nullptr;
}

}  // namespace codeless::apple
