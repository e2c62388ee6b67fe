// Names of the entitlements a dext is checked against (domain.md §2.1).
#pragma once

#include <string_view>

namespace codeless::apple {

inline constexpr std::string_view kDriverKitEntitlement =
    "com.apple.developer.driverkit";
inline constexpr std::string_view kAppSandboxEntitlement =
    "com.apple.security.app-sandbox";
inline constexpr std::string_view kUsbTransportEntitlement =
    "com.apple.developer.driverkit.transport.usb";
inline constexpr std::string_view kPciTransportEntitlement =
    "com.apple.developer.driverkit.transport.pci";
inline constexpr std::string_view kHidTransportEntitlement =
    "com.apple.developer.driverkit.transport.hid";

}  // namespace codeless::apple
