// `system_profiler -json SPUSBDataType` (before macOS 26: vendor_id,
// product_id, bcd_device, location_id) and `system_profiler -json
// SPUSBHostDataType` (macOS 26: USBDeviceKeyVendorID, ...ProductID,
// ...ProductVersion, USBKeyLocationID). Both are trees of "_items"; each bus
// becomes an entry of its host controller's class, each device an
// IOUSBHostDevice with idVendor, idProduct and bcdDevice as integers.
// system_profiler shows no interfaces and no device class, so only the
// idVendor/idProduct tiers can match here.
#include <fmt/format.h>

#include <charconv>
#include <nlohmann/json.hpp>

#include "codeless/diag/rules.h"
#include "codeless/match/dump.h"

namespace codeless::match {
namespace {

namespace rules = diag::rules;
using nlohmann::json;

std::string Text(const json& item, const char* key) {
  auto it = item.find(key);
  return it != item.end() && it->is_string() ? it->get<std::string>() : "";
}

// "0x0bda  (Realtek Semiconductor Corp.)", "0x5411", "apple_vendor_id".
std::optional<uint64_t> Hex(std::string_view text) {
  if (text == "apple_vendor_id") return 0x05ac;
  if (text.starts_with("0x")) text.remove_prefix(2);
  uint64_t n = 0;
  auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), n, 16);
  if (error != std::errc() || end == text.data()) return std::nullopt;
  return n;
}

// bcd_device "1.17" is 0x0117, "9b.00" 0x9b00.
std::optional<uint64_t> Bcd(std::string_view text) {
  size_t dot = text.find('.');
  if (dot == std::string_view::npos) return Hex(text);
  auto major = Hex(text.substr(0, dot));
  auto minor = Hex(text.substr(dot + 1));
  if (!major || !minor) return std::nullopt;
  return *major << 8 | *minor;
}

void AddItems(const json& items, int parent, Registry& registry) {
  if (!items.is_array()) return;
  for (const json& item : items) {
    if (!item.is_object()) continue;
    Entry entry;
    entry.parent = parent;
    std::string vendor = Text(item, "vendor_id");
    if (vendor.empty()) vendor = Text(item, "USBDeviceKeyVendorID");
    std::string product = Text(item, "product_id");
    if (product.empty()) product = Text(item, "USBDeviceKeyProductID");
    std::string location = Text(item, "location_id");
    if (location.empty()) location = Text(item, "USBKeyLocationID");
    location = location.substr(0, location.find(' '));
    if (location.starts_with("0x")) location.erase(0, 2);
    entry.location = location;
    entry.name = Text(item, "_name");
    if (!location.empty()) entry.name += "@" + location;
    if (!vendor.empty() || !product.empty()) {
      entry.class_name = "IOUSBHostDevice";
      if (auto v = Hex(vendor))
        entry.properties.emplace_back("idVendor", Value::Integer(*v));
      if (auto p = Hex(product))
        entry.properties.emplace_back("idProduct", Value::Integer(*p));
      std::string release = Text(item, "bcd_device");
      auto bcd = release.empty() ? Hex(Text(item, "USBDeviceKeyProductVersion"))
                                 : Bcd(release);
      if (bcd) entry.properties.emplace_back("bcdDevice", Value::Integer(*bcd));
      if (auto l = Hex(location)) {
        entry.properties.emplace_back("locationID", Value::Integer(*l));
      }
    } else {
      std::string controller = Text(item, "host_controller");
      if (controller.empty()) controller = Text(item, "Driver");
      entry.class_name =
          controller.empty() ? "IOUSBHostController" : controller;
    }
    for (const auto& [key, value] : item.items()) {
      if (key != "_items" && value.is_string()) {
        entry.properties.emplace_back(key,
                                      Value::String(value.get<std::string>()));
      }
    }
    int index = static_cast<int>(registry.entries.size());
    if (parent >= 0) registry.entries[parent].children.push_back(index);
    registry.entries.push_back(std::move(entry));
    if (auto it = item.find("_items"); it != item.end()) {
      AddItems(*it, index, registry);
    }
  }
}

}  // namespace

std::optional<Registry> ReadSystemProfilerJson(const diag::SourceFile& file,
                                               diag::Diagnostics& diags) {
  json document = json::parse(file.text(), nullptr, false);
  if (document.is_discarded() || !document.is_object()) {
    diags.Error(rules::kDumpSyntax, diag::Location::At(file, 0),
                "system_profiler JSON that does not parse; save it again "
                "with 'system_profiler -json SPUSBDataType'");
    return std::nullopt;
  }
  Registry registry;
  registry.format = "system_profiler JSON";
  // A root above the buses, as ioreg has one.
  Entry root;
  root.name = "Root";
  root.class_name = "IORegistryEntry";
  registry.entries.push_back(std::move(root));
  for (const char* type : {"SPUSBDataType", "SPUSBHostDataType"}) {
    if (auto it = document.find(type); it != document.end()) {
      AddItems(*it, 0, registry);
    }
  }
  if (registry.entries.size() == 1) {
    diags.Error(rules::kDumpSyntax, diag::Location::At(file, 0),
                "system_profiler JSON without SPUSBDataType or "
                "SPUSBHostDataType items; save it with 'system_profiler "
                "-json SPUSBDataType'");
    return std::nullopt;
  }
  return registry;
}

}  // namespace codeless::match
