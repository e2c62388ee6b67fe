// The embedded tables against the usb.ids and pci.ids they were built from
// (CODELESS_USB_IDS_FILE and CODELESS_PCI_IDS_FILE, the files CMake found):
// a few well-known names exactly, then every entry of the files through an
// independent reading of them.
#include "codeless/ids/device_ids.h"

#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>

namespace codeless::ids {
namespace {

// Taken from usb.ids 2025.07.26 and pci.ids 2023.04.10 (Debian 12). Vendor
// names hardly ever change; if a newer database renames one of these
// products, update the string (EveryEntryOfTheDatabase does not depend on
// the version).
TEST(DeviceIdsTest, WellKnownUsbNames) {
  EXPECT_EQ(VendorName(Bus::kUsb, 0x05ac), "Apple, Inc.");
  EXPECT_EQ(VendorName(Bus::kUsb, 0x2341), "Arduino SA");
  EXPECT_EQ(VendorName(Bus::kUsb, 0x0483), "STMicroelectronics");
  EXPECT_EQ(VendorName(Bus::kUsb, 0x8086), "Intel Corp.");
  EXPECT_EQ(ProductName(Bus::kUsb, 0x05ac, 0x12a8),
            "iPhone 5/5C/5S/6/SE/7/8/X/XR");
  EXPECT_EQ(ProductName(Bus::kUsb, 0x0483, 0xdf11), "STM Device in DFU Mode");
  EXPECT_EQ(ProductName(Bus::kUsb, 0x2341, 0x0043), "Uno R3 (CDC ACM)");
}

TEST(DeviceIdsTest, WellKnownPciNames) {
  EXPECT_EQ(VendorName(Bus::kPci, 0x8086), "Intel Corporation");
  EXPECT_EQ(VendorName(Bus::kPci, 0x10de), "NVIDIA Corporation");
  EXPECT_EQ(VendorName(Bus::kPci, 0x106b), "Apple Inc.");
  EXPECT_EQ(ProductName(Bus::kPci, 0x8086, 0xa2af),
            "200 Series/Z370 Chipset Family USB 3.0 xHCI Controller");
  EXPECT_EQ(ProductName(Bus::kPci, 0x10de, 0x1b80), "GP104 [GeForce GTX 1080]");
}

TEST(DeviceIdsTest, UnassignedIdsAreEmpty) {
  // Absent from both files.
  EXPECT_EQ(VendorName(Bus::kUsb, 0xa2af), "");
  EXPECT_EQ(VendorName(Bus::kUsb, 0x0000), "");
  EXPECT_EQ(VendorName(Bus::kUsb, 0xffff), "");
  EXPECT_EQ(VendorName(Bus::kPci, 0x05ac), "");  // Apple is 106b on PCI
  EXPECT_EQ(VendorName(Bus::kPci, 0x0000), "");
  EXPECT_EQ(ProductName(Bus::kUsb, 0x05ac, 0x0000), "");
  EXPECT_EQ(ProductName(Bus::kPci, 0x8086, 0x0000), "");
  // A product ID under a vendor that is not assigned.
  EXPECT_EQ(ProductName(Bus::kUsb, 0xa2af, 0x12a8), "");
  // A product of the other bus's vendor with the same ID.
  EXPECT_EQ(ProductName(Bus::kUsb, 0x8086, 0xa2af), "");
  // pci.ids lists ffff as a vendor, "Illegal Vendor ID", without devices.
  EXPECT_EQ(VendorName(Bus::kPci, 0xffff), "Illegal Vendor ID");
  EXPECT_EQ(ProductName(Bus::kPci, 0xffff, 0xffff), "");
}

TEST(DeviceIdsTest, OutOfRangeBusIsEmpty) {
  auto bus = static_cast<Bus>(7);
  EXPECT_EQ(VendorName(bus, 0x05ac), "");
  EXPECT_EQ(ProductName(bus, 0x05ac, 0x12a8), "");
  EXPECT_EQ(DatabaseVersion(bus), "");
}

// A second reading of a database, simpler than the generator's: the vendor
// list ends at the first class line ("C "), both files' first section.
struct Database {
  std::string version;  // the "Version:" comment's value
  std::map<uint16_t, std::string> vendors;
  std::map<std::pair<uint16_t, uint16_t>, std::string> products;
};

bool HexId(const std::string& text, size_t at, uint16_t* id) {
  if (text.size() < at + 6) return false;
  for (size_t i = at; i < at + 4; ++i) {
    if (!std::isxdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  if (text[at + 4] != ' ') return false;
  *id = static_cast<uint16_t>(std::stoul(text.substr(at, 4), nullptr, 16));
  return true;
}

std::string Trimmed(const std::string& text) {
  size_t begin = text.find_first_not_of(" \t");
  size_t end = text.find_last_not_of(" \t");
  return begin == std::string::npos ? "" : text.substr(begin, end - begin + 1);
}

Database Read(const std::string& path) {
  Database database;
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << "cannot read " << path;
  std::string line;
  uint16_t vendor = 0;
  uint16_t id = 0;
  while (std::getline(in, line)) {
    if (line.rfind("C ", 0) == 0) break;
    if (line.find("Version:") != std::string::npos && line[0] == '#' &&
        database.version.empty()) {
      database.version = Trimmed(line.substr(line.find(':') + 1));
    } else if (HexId(line, 0, &id)) {
      vendor = id;
      database.vendors[id] = Trimmed(line.substr(5));
    } else if (line[0] == '\t' && HexId(line, 1, &id)) {
      database.products[{vendor, id}] = Trimmed(line.substr(6));
    }
  }
  return database;
}

void ExpectEveryEntry(Bus bus, const std::string& path,
                      const std::string& file_name, size_t min_vendors,
                      size_t min_products) {
  Database database = Read(path);
  // Sanity of the reading itself: Debian's databases are far larger.
  ASSERT_GE(database.vendors.size(), min_vendors) << path;
  ASSERT_GE(database.products.size(), min_products) << path;
  EXPECT_EQ(DatabaseVersion(bus), file_name + " " + database.version);

  // Every vendor ID, assigned or not.
  for (uint32_t vendor = 0; vendor <= 0xffff; ++vendor) {
    auto it = database.vendors.find(static_cast<uint16_t>(vendor));
    std::string expected = it == database.vendors.end() ? "" : it->second;
    EXPECT_EQ(VendorName(bus, static_cast<uint16_t>(vendor)), expected)
        << file_name << " vendor " << std::hex << vendor;
  }
  // Every product, and the IDs on either side of it.
  for (const auto& [key, name] : database.products) {
    const auto& [vendor, product] = key;
    EXPECT_EQ(ProductName(bus, vendor, product), name)
        << file_name << " " << std::hex << vendor << ":" << product;
    for (int delta : {-1, 1}) {
      auto neighbour = static_cast<uint16_t>(product + delta);
      auto it = database.products.find({vendor, neighbour});
      std::string expected = it == database.products.end() ? "" : it->second;
      EXPECT_EQ(ProductName(bus, vendor, neighbour), expected)
          << file_name << " " << std::hex << vendor << ":" << neighbour;
    }
  }
}

TEST(DeviceIdsTest, EveryEntryOfTheUsbDatabase) {
  ExpectEveryEntry(Bus::kUsb, CODELESS_USB_IDS_FILE, "usb.ids", 1000, 10000);
}

TEST(DeviceIdsTest, EveryEntryOfThePciDatabase) {
  ExpectEveryEntry(Bus::kPci, CODELESS_PCI_IDS_FILE, "pci.ids", 1000, 10000);
}

TEST(DeviceIdsTest, DatabaseVersionNamesTheFile) {
  EXPECT_TRUE(DatabaseVersion(Bus::kUsb).starts_with("usb.ids "));
  EXPECT_TRUE(DatabaseVersion(Bus::kPci).starts_with("pci.ids "));
  EXPECT_GT(DatabaseVersion(Bus::kUsb).size(), 8u);
  EXPECT_GT(DatabaseVersion(Bus::kPci).size(), 8u);
}

}  // namespace
}  // namespace codeless::ids
