// The layout of the generated name tables (device_ids_data.cc in the build
// tree, written by tools/ids_table/ids_table.cc). Private to
// codeless/ids/device_ids.cc; the generator writes aggregate initializers in
// the member order below, so a change here must be made there too.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace codeless::ids::internal {

// A vendor, and where its products are. Products of vendors[i] are
// products[vendors[i].first_product, end), end being the next vendor's
// first_product (products.size() for the last vendor).
struct VendorEntry {
  uint16_t id;
  uint16_t name_length;
  uint32_t name_offset;  // into Table::names
  uint32_t first_product;
};

struct ProductEntry {
  uint16_t id;
  uint16_t name_length;
  uint32_t name_offset;  // into Table::names
};

// One database. Vendors are sorted by ID, each vendor's products by ID, with
// no duplicates; every name is non-empty. Names may share bytes of `names`.
struct Table {
  std::string_view version;  // what DatabaseVersion returns
  std::string_view names;    // every name, concatenated
  std::span<const VendorEntry> vendors;
  std::span<const ProductEntry> products;
};

// Defined in the generated file, as constants (no dynamic initialization).
const Table& UsbTable();
const Table& PciTable();

}  // namespace codeless::ids::internal
