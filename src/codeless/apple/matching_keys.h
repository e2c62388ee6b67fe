// The IOKit matching keys codeless knows: their plist shape, range and the
// provider family they belong to (PRODUCT.md §3, domain.md §4).
#pragma once

#include <cstdint>
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
  bool wildcard =
      false;  // the string "*" matches anything (USB keys, HID ProductID)
};

std::span<const MatchingKey> MatchingKeys();
const MatchingKey* FindMatchingKey(std::string_view name);

}  // namespace codeless::apple
