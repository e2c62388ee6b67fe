#include "codeless/ids/swapped_ids.h"

#include <fmt/format.h>

#include "codeless/ids/device_ids.h"

namespace codeless::ids {

std::optional<std::string> SwappedUsbIds(std::string_view vendor_key,
                                         uint16_t vendor,
                                         std::string_view product_key,
                                         uint16_t product) {
  if (!LooksSwapped(Bus::kUsb, vendor, product)) return std::nullopt;
  return fmt::format(
      "{} 0x{:04x} is no vendor in usb.ids, but {} 0x{:04x} is the vendor ID "
      "of {}, whose product 0x{:04x} is {}; did you swap {} and {}?",
      vendor_key, vendor, product_key, product, VendorName(Bus::kUsb, product),
      vendor, ProductName(Bus::kUsb, product, vendor), vendor_key, product_key);
}

std::optional<std::string> SwappedPciHalves(std::string_view key,
                                            uint32_t value) {
  auto vendor = static_cast<uint16_t>(value & 0xFFFF);
  auto device = static_cast<uint16_t>(value >> 16);
  if (!LooksSwapped(Bus::kPci, vendor, device)) return std::nullopt;
  return fmt::format(
      "{} entry 0x{:08x} has vendor ID 0x{:04x} (its low half), which is no "
      "vendor in pci.ids, but its device half 0x{:04x} is the vendor ID of "
      "{}, whose device 0x{:04x} is {}; did you swap them? The device ID goes "
      "in the high half: 0x{:04x}{:04x}",
      key, value, vendor, device, VendorName(Bus::kPci, device), vendor,
      ProductName(Bus::kPci, device, vendor), vendor, device);
}

bool HidVendorIsUsb(std::optional<std::string_view> transport) {
  return !transport || *transport == "USB";
}

}  // namespace codeless::ids
