// DriverKit entitlements: their names, and which one each provider class
// requires of a dext that matches it (domain.md §2.1, §2.2).
#pragma once

#include <optional>
#include <span>
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
// A host app's entitlement to install system extensions.
inline constexpr std::string_view kSystemExtensionInstallEntitlement =
    "com.apple.developer.system-extension.install";

// Every com.apple.developer.driverkit* name Apple documents (domain.md §2.1).
std::span<const std::string_view> KnownDriverKitEntitlements();
bool IsKnownDriverKitEntitlement(std::string_view name);

// The transport entitlement a provider nub names in IOServiceDEXTEntitlements,
// which the kernel checks before it starts a dext on it: transport.usb for
// the USB host classes, transport.pci for IOPCIDevice, transport.hid for
// IOHIDInterface [IOHIDFamily IOHIDInterface.cpp setRequiredDextEntitlements].
// nullopt for providers that require none (IOUserResources) or that
// codeless cannot tell.
std::optional<std::string_view> TransportEntitlement(std::string_view provider);

}  // namespace codeless::apple
