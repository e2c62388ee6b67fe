#include "codeless/apple/entitlements.h"

#include <algorithm>

#include "codeless/apple/usb_match.h"

namespace codeless::apple {
namespace {

// [domain.md §2.1, Apple's entitlement documentation].
constexpr std::string_view kKnownDriverKit[] = {
    "com.apple.developer.driverkit",
    "com.apple.developer.driverkit.transport.usb",
    "com.apple.developer.driverkit.transport.pci",
    "com.apple.developer.driverkit.transport.pci.bridge",
    "com.apple.developer.driverkit.transport.hid",
    "com.apple.developer.driverkit.builtin",
    "com.apple.developer.driverkit.family.hid.device",
    "com.apple.developer.driverkit.family.hid.eventservice",
    "com.apple.developer.driverkit.family.hid.virtual.device",
    "com.apple.developer.driverkit.family.serial",
    "com.apple.developer.driverkit.family.networking",
    "com.apple.developer.driverkit.family.audio",
    "com.apple.developer.driverkit.family.midi",
    "com.apple.developer.driverkit.family.scsicontroller",
    "com.apple.developer.driverkit.family.block-storage-device",
    "com.apple.developer.driverkit.allow-any-userclient-access",
    "com.apple.developer.driverkit.userclient-access",
    "com.apple.developer.driverkit.communicates-with-drivers",
    "com.apple.developer.driverkit.allow-third-party-userclients",
};

}  // namespace

std::span<const std::string_view> KnownDriverKitEntitlements() {
  return kKnownDriverKit;
}

bool IsKnownDriverKitEntitlement(std::string_view name) {
  return std::find(std::begin(kKnownDriverKit), std::end(kKnownDriverKit),
                   name) != std::end(kKnownDriverKit);
}

std::optional<std::string_view> TransportEntitlement(
    std::string_view provider) {
  if (UsbProviderLevel(provider)) return kUsbTransportEntitlement;
  if (provider == "IOPCIDevice") return kPciTransportEntitlement;
  if (provider == "IOHIDInterface") return kHidTransportEntitlement;
  return std::nullopt;
}

}  // namespace codeless::apple
