#include "codeless/ids/device_ids.h"

#include <algorithm>
#include <span>

#include "codeless/ids/device_ids_data.h"

namespace codeless::ids {
namespace {

using internal::ProductEntry;
using internal::Table;
using internal::VendorEntry;

const Table* TableOf(Bus bus) {
  switch (bus) {
    case Bus::kUsb:
      return &internal::UsbTable();
    case Bus::kPci:
      return &internal::PciTable();
  }
  return nullptr;  // a value outside the enum
}

// The generator keeps every name inside `names` and every vendor's products
// inside `products`; the checks here and in ProductName only keep a damaged
// table from reading out of bounds (and, unlike substr, cannot throw).
template <typename Entry>
std::string_view NameOf(const Table& table, const Entry& entry) {
  if (entry.name_offset > table.names.size() ||
      entry.name_length > table.names.size() - entry.name_offset) {
    return {};
  }
  return std::string_view(table.names.data() + entry.name_offset,
                          entry.name_length);
}

// The entry with `id` in a span sorted by ID, or nullptr.
template <typename Entry>
const Entry* Find(std::span<const Entry> entries, uint16_t id) {
  auto it = std::lower_bound(
      entries.begin(), entries.end(), id,
      [](const Entry& entry, uint16_t key) { return entry.id < key; });
  return it != entries.end() && it->id == id ? &*it : nullptr;
}

}  // namespace

std::string_view VendorName(Bus bus, uint16_t vendor) {
  const Table* table = TableOf(bus);
  if (table == nullptr) return {};
  const VendorEntry* entry = Find(table->vendors, vendor);
  return entry != nullptr ? NameOf(*table, *entry) : std::string_view();
}

std::string_view ProductName(Bus bus, uint16_t vendor, uint16_t product) {
  const Table* table = TableOf(bus);
  if (table == nullptr) return {};
  const VendorEntry* entry = Find(table->vendors, vendor);
  if (entry == nullptr) return {};
  size_t index = static_cast<size_t>(entry - table->vendors.data());
  size_t end = index + 1 < table->vendors.size()
                   ? table->vendors[index + 1].first_product
                   : table->products.size();
  if (entry->first_product > end || end > table->products.size()) return {};
  std::span<const ProductEntry> products =
      table->products.subspan(entry->first_product, end - entry->first_product);
  const ProductEntry* found = Find(products, product);
  return found != nullptr ? NameOf(*table, *found) : std::string_view();
}

bool LooksSwapped(Bus bus, uint16_t vendor, uint16_t product) {
  return VendorName(bus, vendor).empty() &&
         !ProductName(bus, product, vendor).empty();
}

std::string_view DatabaseVersion(Bus bus) {
  const Table* table = TableOf(bus);
  return table != nullptr ? table->version : std::string_view();
}

}  // namespace codeless::ids
