#include "codeless/validate/matching_rules.h"

#include <fmt/format.h>

#include "codeless/apple/usb_match.h"
#include "codeless/diag/rules.h"
#include "codeless/apple/pci_match.h"
#include "codeless/validate/placeholders.h"

namespace codeless::validate {
namespace {

namespace rules = diag::rules;

void CheckRange(const FileContext& c, const Personality& p,
                const apple::MatchingKey& key, const Node& value,
                std::string_view shown) {
  if (!value.is_integer()) return;  // types are the schema's
  if (value.integer() >= key.min && value.integer() <= key.max) return;
  c.diags.Error(
      rules::kMatchRange, c.At(value),
      fmt::format("personality \"{}\": {} is {}, outside {}'s range "
                  "{}-{}, so it never equals a device's value",
                  p.name(), shown, value.integer(), key.name, key.min, key.max));
}

void CheckRanges(const FileContext& c, const Personality& p,
                 apple::Family family, bool generated) {
  const Node& node = *p.node;
  for (size_t i = 0; i < node.keys().size(); ++i) {
    std::string_view name = node.keys()[i].name();
    const apple::MatchingKey* key = apple::FindMatchingKey(name);
    if (key == nullptr || key->family == apple::Family::kAny) continue;
    if (key->family != family) {
      if (family != apple::Family::kAny && !generated) {
        c.diags.Warning(
            rules::kMatchFamily, c.At(node.keys()[i]),
            fmt::format("personality \"{}\": {} is a {} matching key, but "
                        "IOProviderClass is a {} class, which never looks at "
                        "it; remove it or match a {} provider",
                        p.name(), name, apple::FamilyName(key->family),
                        apple::FamilyName(family),
                        apple::FamilyName(key->family)));
      }
      continue;
    }
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
void CheckPci(const FileContext& c, const Personality& p) {
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
                   apple::Family family, bool generated) {
  CheckRanges(context, p, family, generated);
  if (family == apple::Family::kUsb) CheckUsbCombination(context, p);
  if (family == apple::Family::kPci) CheckPci(context, p);
  CheckResources(context, p);
}

}  // namespace codeless::validate
