#include "codeless/resolve/entitlements.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>

#include "codeless/apple/entitlements.h"
#include "codeless/apple/pci_match.h"
#include "codeless/diag/rules.h"

namespace codeless::resolve {
namespace {

namespace rules = diag::rules;
using apple::kAppSandboxEntitlement;
using apple::kDriverKitEntitlement;
using apple::kHidTransportEntitlement;
using apple::kPciTransportEntitlement;
using apple::kUsbTransportEntitlement;

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

// The vendors a transport entitlement lists, each with the origin of the
// first descriptor value that asked for it.
template <typename Vendor>
using Vendors = std::map<Vendor, model::OriginId>;

void DeriveUsb(const model::Descriptor& descriptor,
               const model::Personality& personality, Vendors<int64_t>& vendors,
               diag::Diagnostics& diags) {
  const plist::Value* vendor = personality.match.Get("idVendor");
  if (vendor != nullptr && vendor->is_integer()) {
    vendors.emplace(vendor->integer(), vendor->tag());
    return;
  }
  bool wildcard = vendor != nullptr;
  diags.Error(
      rules::kEntTransport,
      descriptor.At(wildcard ? vendor->tag() : personality.match_origin),
      fmt::format(
          "personality \"{}\" on {} {}, so no transport.usb entitlement can "
          "cover it: Apple provisions "
          "com.apple.developer.driverkit.transport.usb by vendor ID; {}",
          personality.name.value, personality.provider.value,
          wildcard ? "matches any vendor (\"idVendor\": \"*\")"
                   : "has no \"idVendor\"",
          wildcard ? "replace \"*\" with the vendor ID Apple granted you"
                   : "add \"idVendor\" with the vendor ID Apple granted you to "
                     "its \"match\""));
}

void DerivePci(const model::Descriptor& descriptor,
               const model::Personality& personality,
               Vendors<uint32_t>& vendors, diag::Diagnostics& diags) {
  // IOPCIPrimaryMatch compares the register that transport.pci's
  // IOPCIPrimaryMatch compares; without it, IOPCIMatch's entries name the
  // vendors. When both are present both must match, so the primary one
  // alone says which vendors the personality can reach.
  std::string_view key = "IOPCIPrimaryMatch";
  const plist::Value* match = personality.match.Get(key);
  if (match == nullptr) {
    key = "IOPCIMatch";
    match = personality.match.Get(key);
  }
  if (match == nullptr) {
    diags.Error(
        rules::kEntTransport, descriptor.At(personality.match_origin),
        fmt::format(
            "personality \"{}\" on {} has neither \"IOPCIPrimaryMatch\" nor "
            "\"IOPCIMatch\", so codeless cannot derive the transport.pci "
            "entitlement, which Apple grants per vendor ID; add "
            "\"IOPCIPrimaryMatch\" with your vendor ID to its \"match\"",
            personality.name.value, personality.provider.value));
    return;
  }
  diag::Location where = descriptor.At(match->tag());
  std::string why;
  auto entries = match->is_string()
                     ? apple::ParsePciMatch(match->string(), &why)
                     : std::nullopt;
  if (!entries) {
    diags.Error(
        rules::kMatchPciString, where,
        fmt::format(
            "\"{}\" of personality \"{}\" is not a PCI match string{}{}", key,
            personality.name.value, why.empty() ? "" : ": ", why));
    return;
  }
  for (const apple::PciMatchEntry& entry : *entries) {
    if ((entry.mask & 0xFFFF) != 0xFFFF) {
      diags.Error(
          rules::kEntTransport, where,
          fmt::format("\"{}\" entry \"{}\" of personality \"{}\" does not pin "
                      "the vendor ID (the low 16 bits of its mask are not "
                      "0xffff), so no transport.pci entitlement, which Apple "
                      "grants per vendor ID, can cover it; match an exact "
                      "vendor ID",
                      key, apple::FormatPciMatchEntry(entry),
                      personality.name.value));
      continue;
    }
    vendors.emplace(entry.value & 0xFFFF, match->tag());
  }
}

}  // namespace

void DeriveEntitlements(const model::Descriptor& descriptor,
                        const catalog::DextClass* dext_class,
                        plist::Dict& entitlements, diag::Diagnostics& diags) {
  model::OriginId section = descriptor.dext->origin;
  entitlements[kDriverKitEntitlement] = plist::Value(true).Tagged(section);
  entitlements[kAppSandboxEntitlement] = plist::Value(true).Tagged(section);
  Vendors<int64_t> usb_vendors;
  Vendors<uint32_t> pci_vendors;
  model::OriginId hid = model::kNoOrigin;
  for (const model::Personality& personality : descriptor.personalities) {
    if (!personality.for_dext) continue;
    auto transport = apple::TransportEntitlement(personality.provider.value);
    if (!transport) continue;  // IOUserResources and the like: no transport
    if (*transport == kUsbTransportEntitlement) {
      DeriveUsb(descriptor, personality, usb_vendors, diags);
    } else if (*transport == kPciTransportEntitlement) {
      DerivePci(descriptor, personality, pci_vendors, diags);
    } else if (*transport == kHidTransportEntitlement &&
               hid == model::kNoOrigin) {
      hid = personality.provider.origin;
    }
  }
  if (!usb_vendors.empty()) {
    plist::Array usb;
    for (const auto& [vendor, origin] : usb_vendors) {
      usb.push_back(
          plist::Value(plist::Dict{{"idVendor", plist::Value(vendor)}})
              .Tagged(origin));
    }
    entitlements[kUsbTransportEntitlement] =
        plist::Value(std::move(usb)).Tagged(usb_vendors.begin()->second);
  }
  if (!pci_vendors.empty()) {
    plist::Array pci;
    for (const auto& [vendor, origin] : pci_vendors) {
      pci.push_back(
          plist::Value(plist::Dict{{"IOPCIPrimaryMatch",
                                    plist::Value(fmt::format(
                                        "0x{:08x}&0x0000ffff", vendor))}})
              .Tagged(origin));
    }
    entitlements[kPciTransportEntitlement] =
        plist::Value(std::move(pci)).Tagged(pci_vendors.begin()->second);
  }
  if (hid != model::kNoOrigin) {
    entitlements[kHidTransportEntitlement] = plist::Value(true).Tagged(hid);
  }
  if (dext_class != nullptr && !dext_class->family_entitlement.empty()) {
    entitlements[dext_class->family_entitlement] =
        plist::Value(true).Tagged(descriptor.dext->superclass.origin);
  }
}

void MergeExtraEntitlements(const model::Descriptor& descriptor,
                            plist::Dict& entitlements,
                            diag::Diagnostics& diags) {
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
        rules::kDescEntitlementConflict, descriptor.At(value.tag()),
        fmt::format(
            "\"dext.entitlements\" sets \"{}\" to {}, but codeless derives {} "
            "because {}; {}",
            key, Describe(value), Describe(derived->second),
            DerivedBecause(key),
            transport
                ? "the kernel checks every match against this entitlement and "
                  "Apple provisions it per vendor, so codeless keeps the one "
                  "derived from the personalities: change their \"match\" and "
                  "remove this key"
                : "remove this key, codeless sets it"));
  }
}

}  // namespace codeless::resolve
