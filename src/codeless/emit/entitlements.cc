#include "codeless/emit/entitlements.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <set>
#include <string>

#include "codeless/apple/matching_keys.h"
#include "codeless/apple/pci_match.h"
#include "codeless/base/json_pointer.h"
#include "codeless/diag/rules.h"

namespace codeless::emit {
namespace {

namespace rules = diag::rules;

// A short, plist-like rendering of a value for messages.
std::string Describe(const plist::Value& value) {
  if (value.is_bool()) return value.boolean() ? "true" : "false";
  if (value.is_integer()) return std::to_string(value.integer());
  if (value.is_string()) return fmt::format("\"{}\"", value.string());
  if (value.is_data()) return "<data>";
  std::string out;
  if (value.is_array()) {
    out = "[";
    for (const plist::Value& item : value.array()) {
      if (out.size() > 1) out += ", ";
      out += Describe(item);
    }
    return out + "]";
  }
  out = "{";
  for (const auto& [key, item] : value.dict()) {
    if (out.size() > 1) out += ", ";
    out += fmt::format("{}: {}", key, Describe(item));
  }
  return out + "}";
}

// Equal, except that the elements of top-level arrays may come in any
// order: an entitlement array is a set of alternatives.
bool SameEntitlement(const plist::Value& a, const plist::Value& b) {
  if (!a.is_array() || !b.is_array()) return a == b;
  const plist::Array& left = a.array();
  const plist::Array& right = b.array();
  if (left.size() != right.size()) return false;
  std::vector<bool> taken(right.size(), false);
  for (const plist::Value& item : left) {
    bool found = false;
    for (size_t i = 0; i < right.size() && !found; ++i) {
      if (!taken[i] && right[i] == item) taken[i] = found = true;
    }
    if (!found) return false;
  }
  return true;
}

// Why codeless derives `key`, for conflict messages.
std::string_view DerivedBecause(std::string_view key) {
  if (key == kDriverKitEntitlement) return "every dext needs it";
  if (key == kAppSandboxEntitlement) return "a dext runs in the app sandbox";
  if (key == kUsbTransportEntitlement)
    return "it covers the USB vendors the personalities match";
  if (key == kPciTransportEntitlement)
    return "it covers the PCI vendors the personalities match";
  if (key == kHidTransportEntitlement)
    return "personalities match a HID provider";
  return "the superclass's IOClass requires it";
}

void DeriveUsb(const model::Descriptor& descriptor,
               const model::Personality& personality,
               std::set<int64_t>& vendors, diag::Diagnostics& diags) {
  auto vendor = personality.match.find("idVendor");
  if (vendor != personality.match.end() && vendor->second.is_integer()) {
    vendors.insert(vendor->second.integer());
    return;
  }
  bool wildcard = vendor != personality.match.end();
  diags.Error(
      rules::kEntTransport,
      diag::Location::Pointer(
          *descriptor.source,
          personality.Pointer(wildcard ? "match/idVendor" : "match")),
      fmt::format(
          "personality \"{}\" on {} {}, so no transport.usb entitlement can "
          "cover it: "
          "Apple provisions com.apple.developer.driverkit.transport.usb by "
          "vendor ID; {}",
          personality.name, personality.provider,
          wildcard ? "matches any vendor (\"idVendor\": \"*\")"
                   : "has no \"idVendor\"",
          wildcard ? "replace \"*\" with the vendor ID Apple granted you"
                   : "add \"idVendor\" with the vendor ID Apple granted you to "
                     "its \"match\""));
}

void DerivePci(const model::Descriptor& descriptor,
               const model::Personality& personality,
               std::set<uint32_t>& vendors, diag::Diagnostics& diags) {
  // IOPCIPrimaryMatch compares the register that transport.pci's
  // IOPCIPrimaryMatch compares; without it, IOPCIMatch's entries name the
  // vendors. When both are present both must match, so the primary one
  // alone says which vendors the personality can reach.
  std::string key = "IOPCIPrimaryMatch";
  auto match = personality.match.find(key);
  if (match == personality.match.end()) {
    key = "IOPCIMatch";
    match = personality.match.find(key);
  }
  if (match == personality.match.end()) {
    diags.Error(
        rules::kEntTransport,
        diag::Location::Pointer(*descriptor.source,
                                personality.Pointer("match")),
        fmt::format(
            "personality \"{}\" on {} has neither \"IOPCIPrimaryMatch\" nor "
            "\"IOPCIMatch\", so codeless cannot derive the transport.pci "
            "entitlement, which Apple grants per vendor ID; add "
            "\"IOPCIPrimaryMatch\" with your vendor ID to its \"match\"",
            personality.name, personality.provider));
    return;
  }
  diag::Location where = diag::Location::Pointer(
      *descriptor.source, personality.Pointer(fmt::format("match/{}", key)));
  std::string why;
  auto entries = match->second.is_string()
                     ? apple::ParsePciMatch(match->second.string(), &why)
                     : std::nullopt;
  if (!entries) {
    diags.Error(
        rules::kMatchPciString, where,
        fmt::format(
            "\"{}\" of personality \"{}\" is not a PCI match string{}{}", key,
            personality.name, why.empty() ? "" : ": ", why));
    return;
  }
  for (const apple::PciMatchEntry& entry : *entries) {
    if ((entry.mask & 0xFFFF) != 0xFFFF) {
      diags.Error(
          rules::kEntTransport, where,
          fmt::format("\"{}\" entry \"{}\" of personality \"{}\" does not pin "
                      "the vendor "
                      "ID (the low 16 bits of its mask are not 0xffff), so no "
                      "transport.pci entitlement, which Apple grants per "
                      "vendor ID, can "
                      "cover it; match an exact vendor ID",
                      key, apple::FormatPciMatchEntry(entry),
                      personality.name));
      continue;
    }
    vendors.insert(entry.value & 0xFFFF);
  }
}

}  // namespace

bool DeriveEntitlements(const model::Descriptor& descriptor,
                        const catalog::DextClass* dext_class,
                        plist::Dict& entitlements, diag::Diagnostics& diags) {
  size_t errors_before = diags.error_count();
  entitlements[std::string(kDriverKitEntitlement)] = true;
  entitlements[std::string(kAppSandboxEntitlement)] = true;
  std::set<int64_t> usb_vendors;
  std::set<uint32_t> pci_vendors;
  bool hid = false;
  for (const model::Personality& personality : descriptor.personalities) {
    if (!personality.for_dext) continue;
    switch (apple::ProviderFamily(personality.provider)) {
      case apple::Family::kUsb:
        DeriveUsb(descriptor, personality, usb_vendors, diags);
        break;
      case apple::Family::kPci:
        DerivePci(descriptor, personality, pci_vendors, diags);
        break;
      case apple::Family::kHid:
        hid = true;
        break;
      case apple::Family::kAny:
        break;  // IOUserResources and other non-hardware providers: no
                // transport
    }
  }
  if (!usb_vendors.empty()) {
    plist::Array usb;
    for (int64_t vendor : usb_vendors)
      usb.emplace_back(plist::Dict{{"idVendor", vendor}});
    entitlements[std::string(kUsbTransportEntitlement)] = std::move(usb);
  }
  if (!pci_vendors.empty()) {
    plist::Array pci;
    for (uint32_t vendor : pci_vendors) {
      pci.emplace_back(plist::Dict{
          {"IOPCIPrimaryMatch", fmt::format("0x{:08x}&0x0000ffff", vendor)}});
    }
    entitlements[std::string(kPciTransportEntitlement)] = std::move(pci);
  }
  if (hid) entitlements[std::string(kHidTransportEntitlement)] = true;
  if (dext_class != nullptr && dext_class->family_entitlement) {
    entitlements[*dext_class->family_entitlement] = true;
  }
  return diags.error_count() == errors_before;
}

bool MergeExtraEntitlements(const model::Descriptor& descriptor,
                            plist::Dict& entitlements,
                            diag::Diagnostics& diags) {
  if (!descriptor.dext) return true;
  size_t errors_before = diags.error_count();
  for (const auto& [key, value] : descriptor.dext->entitlements) {
    auto derived = entitlements.find(key);
    if (derived == entitlements.end()) {
      entitlements.emplace(key, value);
      continue;
    }
    if (SameEntitlement(derived->second, value)) continue;
    bool transport =
        key == kUsbTransportEntitlement || key == kPciTransportEntitlement;
    diags.Error(
        rules::kDescEntitlementConflict,
        diag::Location::Pointer(*descriptor.source,
                                base::AppendPointer("/dext/entitlements", key)),
        fmt::format(
            "\"dext.entitlements\" sets \"{}\" to {}, but codeless derives {} "
            "because {}; "
            "{}",
            key, Describe(value), Describe(derived->second),
            DerivedBecause(key),
            transport
                ? "the kernel checks every match against this entitlement and "
                  "Apple "
                  "provisions it per vendor, so codeless keeps the one derived "
                  "from the personalities: change their \"match\" and remove "
                  "this "
                  "key"
                : "remove this key, codeless sets it"));
  }
  return diags.error_count() == errors_before;
}

}  // namespace codeless::emit
