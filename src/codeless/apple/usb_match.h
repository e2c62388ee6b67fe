// USB driver matching as Apple's Technical Q&A QA1076 describes it: which
// combinations of device-descriptor keys a personality may use, and the
// score tier each reaches (domain.md §4.2). IOUSBHostFamily, like the open
// IOUSBFamily before it, matches only these combinations; any other mix
// never matches.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace codeless::apple {

enum class UsbLevel { kDevice, kInterface };

// The USB level a provider class matches at, or nullopt for other classes.
// The legacy IOUSBDevice/IOUSBInterface names count: they are still matched
// through compatibility.
std::optional<UsbLevel> UsbProviderLevel(std::string_view provider_class);

// The part a matching key plays in a level's combination table: idProduct
// and idProductArray both pin the product [apple-findings.md §10]; the
// class keys are bDevice* at device level and bInterface* at interface
// level; bInterfaceNumber and bConfigurationValue count at interface level
// only. kNone for every other key.
enum class UsbKeyRole {
  kNone,
  kVendor,
  kProduct,
  kRelease,
  kClass,
  kSubclass,
  kProtocol,
  kInterfaceNumber,
  kConfigurationValue,
};
UsbKeyRole UsbKeyRoleOf(UsbLevel level, std::string_view key);

// Which keys of the level's combination table a personality holds. A "*"
// wildcard counts as present.
struct UsbKeys {
  bool vendor = false;               // idVendor
  bool product = false;              // idProduct or idProductArray
  bool release = false;              // bcdDevice
  bool class_code = false;           // bDeviceClass / bInterfaceClass
  bool subclass = false;             // bDeviceSubClass / bInterfaceSubClass
  bool protocol = false;             // bDeviceProtocol / bInterfaceProtocol
  bool interface_number = false;     // bInterfaceNumber (interface only)
  bool configuration_value = false;  // bConfigurationValue (interface only)
  // The class key's value when it is an integer; nullopt when absent or "*".
  std::optional<int64_t> class_value;

  // Notes a key of `role`; `integer` is its value when it is an integer.
  void Add(UsbKeyRole role, std::optional<int64_t> integer);

  bool any() const {
    return vendor || product || release || class_code || subclass || protocol ||
           interface_number || configuration_value;
  }
};

// The QA1076 tier (100000, 90000, ... 50000) the keys reach, or 0 when they
// are none of the combinations. The two vendor-specific tiers need the
// class to be 0xFF (or not given); the two class tiers need it not to be.
int UsbMatchTier(UsbLevel level, const UsbKeys& keys);

// The combinations of a level, for messages: "idVendor+idProduct[+bcdDevice],
// ...".
std::string UsbCombinations(UsbLevel level);

}  // namespace codeless::apple
