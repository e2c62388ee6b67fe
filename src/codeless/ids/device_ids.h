// Vendor and product names of USB and PCI IDs, from the usb.ids and pci.ids
// databases the binary was built with (cmake/DeviceIds.cmake compiles them
// in; tools/ids_table/ids_table.cc turns them into C++). Lookups are binary
// searches over constant tables: no allocation, no initialization at start-up,
// safe from any thread.
#pragma once

#include <cstdint>
#include <string_view>

namespace codeless::ids {

enum class Bus { kUsb, kPci };

// Names are the database's text trimmed of surrounding white space, always
// printable UTF-8 (the generator turns bytes that are not UTF-8 into U+FFFD
// and control characters into spaces). The views point into the binary's
// read-only data and stay valid for the life of the program.

// The vendor's name in the database, or empty when the ID is not assigned
// there.
std::string_view VendorName(Bus bus, uint16_t vendor);

// The product's (PCI: device's) name, or empty when the database does not
// know it (or the vendor).
std::string_view ProductName(Bus bus, uint16_t vendor, uint16_t product);

// Whether a vendor ID and the product (PCI: device) ID beside it look
// swapped: `vendor` is no vendor the database assigns, while `product` is
// a vendor that lists `vendor` among its products (idVendor 0x0043 with
// idProduct 0x2341: Arduino's Uno R3). That the swapped reading names a
// known product is what gives the mistake away: low IDs are nearly all
// assigned vendors, so a product ID that merely is one proves nothing.
bool LooksSwapped(Bus bus, uint16_t vendor, uint16_t product);

// "usb.ids 2025.07.26" style description of the database the table was built
// from: its file name and the "Version:" line of its header ("Date:" when it
// has no version, "unknown version" when it has neither).
std::string_view DatabaseVersion(Bus bus);

}  // namespace codeless::ids
