#include "codeless/apple/matching_keys.h"

#include <algorithm>
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
  // The table by name, sorted at compile time: every key of every
  // personality is looked up, by the reader and by the validator.
  static constexpr auto kByName = [] {
    std::array<const MatchingKey*, kMatchingKeyCount> sorted{};
    for (size_t i = 0; i < sorted.size(); ++i) sorted[i] = &kMatchingKeys[i];
    std::sort(sorted.begin(), sorted.end(),
              [](const MatchingKey* a, const MatchingKey* b) {
                return a->name < b->name;
              });
    return sorted;
  }();
  auto it = std::lower_bound(
      kByName.begin(), kByName.end(), name,
      [](const MatchingKey* key, std::string_view n) { return key->name < n; });
  return it != kByName.end() && (*it)->name == name ? *it : nullptr;
}

}  // namespace codeless::apple
