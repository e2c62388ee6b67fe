// The "did you swap" findings of a personality's IDs, for the descriptor's
// resolve stage and the validator alike: what looks swapped and the
// sentence that says so, naming the vendor and product the swapped
// reading gives (ids::LooksSwapped). Callers locate and report them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace codeless::ids {

// idVendor/idProduct (USB) or VendorID/ProductID (HID): the message when
// `vendor` looks swapped with `product`.
std::optional<std::string> SwappedUsbIds(std::string_view vendor_key,
                                         uint16_t vendor,
                                         std::string_view product_key,
                                         uint16_t product);

// Whether a HID personality's VendorID is a USB vendor ID that usb.ids can
// judge: HID devices on USB carry USB vendor IDs, those on Bluetooth carry
// Bluetooth company IDs, which usb.ids does not list. `transport` is the
// personality's Transport when it is a string, "" when it is another type,
// nullopt when it has none.
bool HidVendorIsUsb(std::optional<std::string_view> transport);

// An IOPCI*Match entry (device in the high half, vendor in the low half,
// both halves compared in full): the message when its halves look swapped.
std::optional<std::string> SwappedPciHalves(std::string_view key,
                                            uint32_t value);

}  // namespace codeless::ids
