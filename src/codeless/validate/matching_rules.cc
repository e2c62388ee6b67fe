#include "codeless/validate/matching_rules.h"

#include <fmt/format.h>

#include <array>
#include <span>
#include <vector>

#include "codeless/apple/match_scope.h"
#include "codeless/apple/pci_match.h"
#include "codeless/apple/usb_match.h"
#include "codeless/diag/rules.h"
#include "codeless/ids/swapped_ids.h"
#include "codeless/validate/placeholders.h"

namespace codeless::validate {
namespace {

namespace rules = diag::rules;

// The matching key of each of a personality's keys (nullptr for others), in
// the personality's key order: looked up once, asked by several checks.
using KeyLookup = std::span<const apple::MatchingKey* const>;

std::string NotReadMessage(const Personality& p, const apple::MatchingKey& key,
                           std::string_view provider) {
  apple::Family family = apple::ProviderFamily(provider);
  if (family == apple::Family::kUsb && key.family == apple::Family::kUsb) {
    return fmt::format(
        "personality \"{}\": {} is a USB {} key, but IOProviderClass {} "
        "matches {} and never looks at it; remove it or match {}",
        p.name(), key.name,
        apple::UsbProviderLevel(provider) == apple::UsbLevel::kDevice
            ? "interface"
            : "device",
        provider,
        apple::UsbProviderLevel(provider) == apple::UsbLevel::kDevice
            ? "whole devices"
            : "interfaces by their bInterface* keys",
        apple::UsbProviderLevel(provider) == apple::UsbLevel::kDevice
            ? "IOUSBHostInterface"
            : "IOUSBHostDevice");
  }
  if (family == apple::Family::kAny) {
    return fmt::format(
        "personality \"{}\": {} is a {} matching key, but IOProviderClass {} "
        "never looks at it; remove it or match a {} provider",
        p.name(), key.name, apple::FamilyName(key.family), provider,
        apple::FamilyName(key.family));
  }
  return fmt::format(
      "personality \"{}\": {} is a {} matching key, but IOProviderClass is a "
      "{} class, which never looks at it; remove it or match a {} provider",
      p.name(), key.name, apple::FamilyName(key.family),
      apple::FamilyName(family), apple::FamilyName(key.family));
}

// A personality on a generic device nub that narrows nothing attaches its
// driver to every device of the bus (apple/match_scope.h). For generated
// files the descriptor reader reported it (desc-match-all), knowing
// "matchAll". A driver that only merges properties into its provider may
// be broad on purpose: Apple's IOHIDProviderPropertyMerger personality in
// com.apple.iokit.IOHIDUserClient attaches to every IOHIDDevice
// [apple-findings.md §16]; a warning there. So is a driver with code of its
// own, whose probe may decline devices: only a codeless kext's Apple driver
// surely takes every device (an error).
void CheckReach(const FileContext& c, const Personality& p, bool codeless,
                KeyLookup keys) {
  const Node& node = *p.node;
  const Node* provider = node.FindString("IOProviderClass");
  if (provider == nullptr || !apple::IsGenericDeviceNub(provider->text())) {
    return;
  }
  for (size_t i = 0; i < node.keys().size(); ++i) {
    const apple::MatchingKey* key = keys[i];
    if (key == nullptr || !apple::ProviderReadsKey(provider->text(), *key)) {
      continue;
    }
    const Node& value = node.children()[i];
    if (value.is_string() && HasPlaceholder(value.text())) return;
    std::string_view text = value.is_string() ? value.text() : "";
    if (key->kind == apple::KeyKind::kPciMatch) {
      if (auto open = apple::OpenPciEntry(key->name, text)) {
        std::string message = fmt::format(
            "personality \"{}\": {} entry {} keeps no bit of the {}, so it "
            "matches {}",
            p.name(), key->name, apple::FormatPciMatchEntry(*open),
            key->name == "IOPCIClassMatch"   ? "base class"
            : (open->mask & 0xFFFF0000) == 0 ? "device ID"
                                             : "vendor ID",
            key->name == "IOPCIClassMatch" ? "every class"
            : (open->mask & 0xFFFF0000) == 0
                ? "every device of its vendor"
                : "that device ID of every vendor");
        if (codeless) {
          c.diags.Error(rules::kMatchAll, c.At(value), message);
        } else {
          c.diags.Warning(rules::kMatchAll, c.At(value), message);
        }
        return;
      }
    }
    bool wildcard = value.is_string() && value.text() == "*";
    if (apple::KeyNarrows(*key, wildcard, text)) return;
  }
  const Node* io_class = node.FindString("IOClass");
  bool merger =
      io_class != nullptr && apple::IsPropertyMergerClass(io_class->text());
  std::string message = fmt::format(
      "personality \"{}\" matches every {}: none of its keys that {} reads "
      "narrows the match, so {} attaches to every such device{}",
      p.name(), provider->text(), provider->text(),
      io_class != nullptr ? io_class->text() : "its driver",
      merger     ? " (a driver that only merges properties may mean to)"
      : codeless ? "; add a key that names the device"
                 : " unless its probe declines them");
  if (merger || !codeless) {
    c.diags.Warning(rules::kMatchAll, c.At(node), message);
  } else {
    c.diags.Error(rules::kMatchAll, c.At(node), message);
  }
}

void CheckRange(const FileContext& c, const Personality& p,
                const apple::MatchingKey& key, const Node& value,
                std::string_view shown) {
  if (!value.is_integer()) return;  // types are the schema's
  if (value.integer() >= key.min && value.integer() <= key.max) return;
  c.diags.Error(rules::kMatchRange, c.At(value),
                fmt::format("personality \"{}\": {} is {}, outside {}'s range "
                            "{}-{}, so it never equals a device's value",
                            p.name(), shown, value.integer(), key.name, key.min,
                            key.max));
}

void CheckRanges(const FileContext& c, const Personality& p,
                 apple::Family family, bool generated, KeyLookup keys) {
  const Node& node = *p.node;
  const Node* provider = node.FindString("IOProviderClass");
  for (size_t i = 0; i < node.keys().size(); ++i) {
    std::string_view name = node.keys()[i].name();
    const apple::MatchingKey* key = keys[i];
    if (key == nullptr || key->family == apple::Family::kAny) continue;
    if (provider != nullptr &&
        !apple::ProviderReadsKey(provider->text(), *key)) {
      // For generated files the descriptor reader reported it.
      if (!generated) {
        c.diags.Warning(rules::kMatchFamily, c.At(node.keys()[i]),
                        NotReadMessage(p, *key, provider->text()));
      }
      continue;
    }
    if (key->family != family) continue;
    const Node& value = node.children()[i];
    if (key->kind == apple::KeyKind::kInteger) {
      CheckRange(c, p, *key, value, name);
    } else if (key->kind == apple::KeyKind::kIntegerArray && value.is_array()) {
      for (size_t j = 0; j < value.children().size(); ++j) {
        CheckRange(c, p, *key, value.children()[j],
                   fmt::format("{}[{}]", name, j));
      }
    }
  }
}

// QA1076: only Apple's key combinations match [domain.md §4.2].
void CheckUsbCombination(const FileContext& c, const Personality& p) {
  const Node& node = *p.node;
  const Node* provider = node.FindString("IOProviderClass");
  if (provider == nullptr) return;
  auto level = apple::UsbProviderLevel(provider->text());
  if (!level) return;
  apple::UsbKeys keys;
  std::string present;
  for (size_t i = 0; i < node.keys().size(); ++i) {
    apple::UsbKeyRole role = apple::UsbKeyRoleOf(*level, node.keys()[i].name());
    if (role == apple::UsbKeyRole::kNone) continue;
    const Node& value = node.children()[i];
    keys.Add(role, value.is_integer() ? std::optional<int64_t>(value.integer())
                                      : std::nullopt);
    if (!present.empty()) present += '+';
    present += node.keys()[i].name();
  }
  if (!keys.any() || apple::UsbMatchTier(*level, keys) != 0) return;
  std::string why;
  if (keys.class_value && (keys.vendor || keys.class_code)) {
    why = *keys.class_value == 0xFF
              ? " (class 0xFF is vendor-specific: match it with idVendor)"
              : "";
  }
  // Apple ships one: idVendor+idProductArray on IOUSBInterface
  // (AppleUSBHostMergeProperties, "Apple Acrylic Keyboard").
  diag::Severity severity = PersonalityFaultSeverity(p);
  c.diags.Report(
      severity, rules::kMatchUsbCombination, c.At(node),
      fmt::format(
          "personality \"{}\": the USB keys {} on {} are "
          "none of Apple's QA1076 combinations, so the "
          "personality never matches{}; use {}{}",
          p.name(), present, provider->text(), why,
          apple::UsbCombinations(*level),
          severity == diag::Severity::kWarning ? kAppleStillLoads : ""));
}

// The IOPCI*Match grammar, and class codes that cannot exist.
void CheckPci(const FileContext& c, const Personality& p, bool generated) {
  const Node& node = *p.node;
  for (std::string_view key : {"IOPCIMatch", "IOPCIPrimaryMatch",
                               "IOPCISecondaryMatch", "IOPCIClassMatch"}) {
    const Node* value = JudgeableString(node, key);
    if (value == nullptr) continue;
    bool class_match = key == "IOPCIClassMatch";
    apple::PciScan scan =
        apple::ScanPciMatch(value->text(), apple::PciDefaultMask(key));
    if (!scan.error.empty()) {
      c.diags.Error(rules::kMatchPciString, c.At(*value),
                    fmt::format("personality \"{}\": {} \"{}\" does not "
                                "follow the kernel's grammar: {}; write "
                                "entries of 0xVALUE or 0xVALUE&0xMASK "
                                "separated by spaces",
                                p.name(), key, value->text(), scan.error));
    }
    if (!scan.truncated.empty()) {
      c.diags.Warning(rules::kMatchPciWidth, c.At(*value),
                      fmt::format("personality \"{}\": {} has \"{}\", wider "
                                  "than 32 bits; the kernel keeps only the "
                                  "low 32 bits, so write at most 8 hex digits",
                                  p.name(), key, scan.truncated));
    }
    if (!class_match) continue;
    for (const apple::PciMatchEntry& entry : scan.entries) {
      if (!apple::LooksLikeUnshiftedClassCode(entry)) continue;
      // An error in generated files: the descriptor asked for it, and
      // {"class": ...} writes the shift for the vendor.
      std::string message = fmt::format(
          "personality \"{}\": IOPCIClassMatch \"{}\" compares "
          "class-code << 8 | revision, so it asks for base class 0x00 "
          "(subclass 0x{:02x}); for class code 0x{:06x} write "
          "\"0x{:08x}&0xffffff00\"",
          p.name(), value->text(), (entry.value >> 16) & 0xFF,
          entry.value & 0xFFFFFF, (entry.value & 0xFFFFFF) << 8);
      if (generated) {
        c.diags.Error(rules::kMatchPciClass, c.At(*value), message);
      } else {
        c.diags.Warning(rules::kMatchPciClass, c.At(*value), message);
      }
      break;
    }
    for (const apple::PciMatchEntry& entry : scan.entries) {
      if ((entry.mask & 0xFF000000) != 0xFF000000) continue;
      uint32_t base = entry.value >> 24;
      if (base <= 0x13 || base == 0x40 || base == 0xFF) continue;
      c.diags.Error(rules::kMatchPciClass, c.At(*value),
                    fmt::format("personality \"{}\": IOPCIClassMatch \"{}\" "
                                "asks for base class 0x{:02x}, which PCI "
                                "reserves, so it never matches; it looks like "
                                "a device and vendor ID, which belong in "
                                "IOPCIPrimaryMatch",
                                p.name(), value->text(), base));
      break;
    }
  }
}

// IDs that look swapped (ids/swapped_ids.h), judged as the resolve stage
// judges a descriptor's (resolve/device_ids.cc): the product key and the
// first ID of its array. For generated files the resolve stage reported
// them (desc-id-swapped).
void CheckSwappedIds(const FileContext& c, const Personality& p) {
  const Node& node = *p.node;
  auto id16 = [](const Node* value) -> std::optional<uint16_t> {
    if (value == nullptr || !value->is_integer() || value->integer() < 0 ||
        value->integer() > 0xFFFF) {
      return std::nullopt;
    }
    return static_cast<uint16_t>(value->integer());
  };
  struct Keys {
    std::string_view vendor, product, array;
  };
  const Node* transport = node.Find("Transport");
  const bool hid_usb = ids::HidVendorIsUsb(
      transport == nullptr
          ? std::nullopt
          : std::optional<std::string_view>(
                transport->is_string() ? transport->text() : ""));
  for (Keys keys : {Keys{"idVendor", "idProduct", "idProductArray"},
                    Keys{"VendorID", "ProductID", "ProductIDArray"}}) {
    if (keys.vendor == "VendorID" && !hid_usb) continue;
    const Node* vendor = node.Find(keys.vendor);
    std::optional<uint16_t> v = id16(vendor);
    if (!v) continue;
    auto check = [&](const Node* product, std::string_view product_key) {
      std::optional<uint16_t> id = id16(product);
      if (!id) return;
      if (auto message =
              ids::SwappedUsbIds(keys.vendor, *v, product_key, *id)) {
        c.diags.Warning(
            rules::kMatchIdSwapped, c.At(*vendor),
            fmt::format("personality \"{}\": {}", p.name(), *message));
      }
    };
    check(node.Find(keys.product), keys.product);
    if (const Node* array = node.Find(keys.array);
        array != nullptr && array->is_array() && !array->children().empty()) {
      check(&array->children().front(), keys.array);
    }
  }
  for (std::string_view key : apple::kPciIdMatchKeys) {
    const Node* value = JudgeableString(node, key);
    if (value == nullptr) continue;
    for (uint32_t id : apple::PciExactIds(key, value->text())) {
      if (auto message = ids::SwappedPciHalves(key, id)) {
        c.diags.Warning(
            rules::kMatchIdSwapped, c.At(*value),
            fmt::format("personality \"{}\": {}", p.name(), *message));
        break;
      }
    }
  }
}

// OSKext warns: "Personality matches on IOResources but IOMatchCategory is
// missing or not equal to its IOClass; driver may be blocked from matching
// or may block others".
void CheckResources(const FileContext& c, const Personality& p) {
  const Node& node = *p.node;
  const Node* provider = node.FindString("IOProviderClass");
  if (provider == nullptr || provider->text() != "IOResources") return;
  const Node* category = node.FindString("IOMatchCategory");
  const Node* io_class = node.FindString("IOClass");
  if (io_class == nullptr) return;
  if (category != nullptr && category->text() == io_class->text()) return;
  c.diags.Warning(rules::kMatchResources,
                  category != nullptr ? c.At(*category) : c.At(node),
                  fmt::format("personality \"{}\" matches IOResources, so its "
                              "IOMatchCategory should equal its IOClass ({}), "
                              "or it may block other drivers or be blocked",
                              p.name(), io_class->text()));
}

}  // namespace

apple::Family PersonalityFamily(const Node& personality) {
  const Node* provider = personality.FindString("IOProviderClass");
  return provider != nullptr ? apple::ProviderFamily(provider->text())
                             : apple::Family::kAny;
}

void CheckMatching(const FileContext& context, const Personality& p,
                   apple::Family family, bool generated, bool codeless) {
  const Node& node = *p.node;
  std::array<const apple::MatchingKey*, 32> small;
  std::vector<const apple::MatchingKey*> large;
  std::span<const apple::MatchingKey*> keys(small.data(), node.keys().size());
  if (node.keys().size() > small.size()) {
    large.resize(node.keys().size());
    keys = large;
  }
  for (size_t i = 0; i < keys.size(); ++i) {
    keys[i] = apple::FindMatchingKey(node.keys()[i].name());
  }
  CheckRanges(context, p, family, generated, keys);
  if (family == apple::Family::kUsb) CheckUsbCombination(context, p);
  if (family == apple::Family::kPci) CheckPci(context, p, generated);
  if (!generated) {
    CheckReach(context, p, codeless, keys);
    CheckSwappedIds(context, p);
  }
  CheckResources(context, p);
}

}  // namespace codeless::validate
