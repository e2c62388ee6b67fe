// The lookups of codeless/ids/ over the table tools/ids_table writes for the
// handcrafted databases of this folder (expected/snippets_data.cc, which
// ids.generator checks is the generator's exact output): each name reads
// back as the bytes the database holds, whatever escaping it took, and what
// the generator skips is not found.
#include <gtest/gtest.h>

#include "codeless/ids/device_ids.h"

namespace codeless::ids {
namespace {

TEST(SnippetTableTest, NamesReadBackExactly) {
  EXPECT_EQ(VendorName(Bus::kUsb, 0x0001), "Fry's Electronics");
  EXPECT_EQ(ProductName(Bus::kUsb, 0x0001, 0x7777),
            "Quotes \"so\", a back\\slash, trigraphs ?\?= ?\?/ ?\?' and a "
            "lone ?");
  // U+00AE, U+00D7 then a digit, U+00DC, U+00EF, U+00F6.
  EXPECT_EQ(VendorName(Bus::kUsb, 0x0002),
            "Sony\u00ae \u00d72 \u00dcn\u00efc\u00f6de: octal escapes, then "
            "digits");
  EXPECT_EQ(VendorName(Bus::kUsb, 0x0008),
            "A name longer than one line of literals, so that the generator "
            "splits it, here: \u00ae, and on");
}

TEST(SnippetTableTest, NamesAreTrimmedAndPrintableUtf8) {
  EXPECT_EQ(ProductName(Bus::kUsb, 0x0002, 0x0001),
            "Latin-1 M\ufffdnchen: not UTF-8");
  EXPECT_EQ(ProductName(Bus::kUsb, 0x0002, 0x0002), "A control character");
  EXPECT_EQ(ProductName(Bus::kUsb, 0x0002, 0x0003),
            "Three spaces before, spaces after");
  EXPECT_EQ(ProductName(Bus::kUsb, 0x0002, 0x0004), "A tab as separator");
  EXPECT_EQ(ProductName(Bus::kUsb, 0x0002, 0x0005), "CRLF line end");
}

TEST(SnippetTableTest, SortsAndKeepsTheFirstOfDuplicates) {
  EXPECT_EQ(VendorName(Bus::kUsb, 0x0000), "Vendor zero");
  EXPECT_EQ(VendorName(Bus::kUsb, 0xffff),
            "Last vendor, listed first: the generator sorts");
  EXPECT_EQ(ProductName(Bus::kUsb, 0xffff, 0x0001), "Out-of-order product");
  EXPECT_EQ(ProductName(Bus::kUsb, 0xffff, 0xffff), "Last product");
  EXPECT_EQ(ProductName(Bus::kUsb, 0x0002, 0x0006), "Keyboard");
  EXPECT_EQ(ProductName(Bus::kUsb, 0x0002, 0x0007), "Keyboard");
  EXPECT_EQ(ProductName(Bus::kUsb, 0x0002, 0x0009),
            "Product under the duplicate vendor line: kept");
  EXPECT_EQ(VendorName(Bus::kUsb, 0xabcd), "Upper-case hex digits");
  EXPECT_EQ(VendorName(Bus::kUsb, 0x0003), "Vendor without products");
  EXPECT_EQ(ProductName(Bus::kUsb, 0x0003, 0x0000), "");
}

TEST(SnippetTableTest, SkippedLinesAreNotFound) {
  EXPECT_EQ(ProductName(Bus::kUsb, 0x0002, 0x0008), "");  // no name
  EXPECT_EQ(VendorName(Bus::kUsb, 0x0005), "");           // no name
  EXPECT_EQ(ProductName(Bus::kUsb, 0x0005, 0x0001), "");  // its product
  EXPECT_EQ(VendorName(Bus::kUsb, 0x0006), "");           // "00061"
  EXPECT_EQ(VendorName(Bus::kUsb, 0x0007), "");           // leading spaces
  // After "C 00": classes and the other sections are not vendors, and
  // neither is a vendor-shaped line among them.
  EXPECT_EQ(VendorName(Bus::kUsb, 0x0009), "");
  EXPECT_EQ(VendorName(Bus::kUsb, 0x0100), "");
}

TEST(SnippetTableTest, PciDevicesWithoutSubsystemsOrClasses) {
  EXPECT_EQ(VendorName(Bus::kPci, 0x8086), "Intel Corporation");
  EXPECT_EQ(ProductName(Bus::kPci, 0x8086, 0xa2af),
            "200 Series/Z370 Chipset Family USB 3.0 xHCI Controller");
  EXPECT_EQ(ProductName(Bus::kPci, 0x8086, 0x0000), "Device zero");
  EXPECT_EQ(ProductName(Bus::kPci, 0x0010, 0x8139), "AT-2500TX V3 Ethernet");
  EXPECT_EQ(ProductName(Bus::kPci, 0x1028, 0x0869), "");  // a subsystem
  EXPECT_EQ(VendorName(Bus::kPci, 0x0000), "");
  EXPECT_EQ(VendorName(Bus::kPci, 0xffff), "Illegal Vendor ID");
  EXPECT_EQ(ProductName(Bus::kPci, 0xffff, 0xffff), "");
  // The buses are separate tables.
  EXPECT_EQ(VendorName(Bus::kPci, 0x0002), "");
  EXPECT_EQ(VendorName(Bus::kUsb, 0x8086), "");
}

TEST(SnippetTableTest, DatabaseVersionFallsBackToTheDate) {
  EXPECT_EQ(DatabaseVersion(Bus::kUsb), "usb.ids 2099.01.02");
  EXPECT_EQ(DatabaseVersion(Bus::kPci), "pci.ids 2099-03-04 05:06:07");
}

}  // namespace
}  // namespace codeless::ids
