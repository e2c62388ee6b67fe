#include "codeless/resolve/device_ids.h"

#include "codeless/apple/pci_match.h"
#include "codeless/diag/rules.h"
#include "codeless/ids/swapped_ids.h"

namespace codeless::resolve {
namespace {

namespace rules = diag::rules;

std::optional<uint16_t> Id16(const plist::Value* value) {
  if (value == nullptr || !value->is_integer() || value->integer() < 0 ||
      value->integer() > 0xFFFF) {
    return std::nullopt;
  }
  return static_cast<uint16_t>(value->integer());
}

void CheckPair(const model::Descriptor& descriptor,
               const model::MatchKeys& match, std::string_view vendor_key,
               std::string_view product_key, std::string_view array_key,
               diag::Diagnostics& diags) {
  const plist::Value* vendor_value = match.Get(vendor_key);
  std::optional<uint16_t> vendor = Id16(vendor_value);
  if (!vendor) return;
  auto check = [&](const plist::Value* product_value, std::string_view key) {
    std::optional<uint16_t> product = Id16(product_value);
    if (!product) return;
    if (auto message = ids::SwappedUsbIds(vendor_key, *vendor, key, *product)) {
      diags.Warning(rules::kDescIdSwapped, descriptor.At(vendor_value->tag()),
                    std::move(*message));
    }
  };
  check(match.Get(product_key), product_key);
  if (const plist::Value* array = match.Get(array_key);
      array != nullptr && array->is_array() && !array->array().empty()) {
    check(&array->array().front(), array_key);
  }
}

}  // namespace

void CheckDeviceIds(const model::Descriptor& descriptor,
                    diag::Diagnostics& diags) {
  for (const model::Personality& p : descriptor.personalities) {
    CheckPair(descriptor, p.match, "idVendor", "idProduct", "idProductArray",
              diags);
    const plist::Value* transport = p.match.Get("Transport");
    if (ids::HidVendorIsUsb(
            transport == nullptr
                ? std::nullopt
                : std::optional<std::string_view>(
                      transport->is_string() ? transport->string() : ""))) {
      CheckPair(descriptor, p.match, "VendorID", "ProductID", "ProductIDArray",
                diags);
    }
    for (std::string_view key : apple::kPciIdMatchKeys) {
      const plist::Value* value = p.match.Get(key);
      if (value == nullptr || !value->is_string()) continue;
      for (uint32_t id : apple::PciExactIds(key, value->string())) {
        if (auto message = ids::SwappedPciHalves(key, id)) {
          diags.Warning(rules::kDescIdSwapped, descriptor.At(value->tag()),
                        std::move(*message));
          break;
        }
      }
    }
  }
}

}  // namespace codeless::resolve
