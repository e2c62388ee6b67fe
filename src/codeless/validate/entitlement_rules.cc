#include "codeless/validate/entitlement_rules.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <optional>
#include <set>

#include "codeless/apple/entitlements.h"
#include "codeless/apple/matching_keys.h"
#include "codeless/apple/pci_match.h"
#include "codeless/base/spelling.h"
#include "codeless/diag/rules.h"

namespace codeless::validate {
namespace {

namespace rules = diag::rules;

constexpr std::string_view kDriverKit = apple::kDriverKitEntitlement;
constexpr std::string_view kUsb = apple::kUsbTransportEntitlement;
constexpr std::string_view kPci = apple::kPciTransportEntitlement;
constexpr std::string_view kHid = apple::kHidTransportEntitlement;
constexpr std::string_view kInstall = apple::kSystemExtensionInstallEntitlement;

// The keys a transport entitlement's dicts may hold: the USB matching keys
// for transport.usb, the IOPCI*Match strings for transport.pci.
bool IsTransportKey(bool usb, std::string_view key) {
  const apple::MatchingKey* known = apple::FindMatchingKey(key);
  if (known == nullptr) return false;
  return usb ? known->family == apple::Family::kUsb
             : known->kind == apple::KeyKind::kPciMatch;
}

// An entitlement is held when present and not <false/>.
bool Holds(const Node& root, std::string_view name) {
  const Node* value = root.Find(name);
  return value != nullptr && value->type != NodeType::kFalse;
}

void CheckUnknown(const FileContext& c, const Node& root) {
  for (const Node::Key& key : root.keys()) {
    if (!(key.name() == kDriverKit ||
          key.name().starts_with("com.apple.developer.driverkit."))) {
      continue;
    }
    if (apple::IsKnownDriverKitEntitlement(key.name())) continue;
    // Suggest by the part after the common prefix, so that the long prefix
    // does not make every name look close.
    constexpr std::string_view kPrefix = "com.apple.developer.driverkit.";
    std::vector<std::string_view> suffixes;
    for (std::string_view known : apple::KnownDriverKitEntitlements()) {
      if (known.starts_with(kPrefix))
        suffixes.push_back(known.substr(kPrefix.size()));
    }
    std::string closest;
    if (key.name().starts_with(kPrefix)) {
      closest = base::ClosestMatch(key.name().substr(kPrefix.size()), suffixes);
      if (!closest.empty()) closest = std::string(kPrefix) + closest;
    }
    c.diags.Warning(
        rules::kEntUnknown, c.At(key),
        fmt::format("{} is not a DriverKit entitlement codeless "
                    "knows, so no provisioning profile grants "
                    "it{}",
                    key.name(),
                    closest.empty()
                        ? "; check the name in Apple's "
                          "entitlements documentation"
                        : fmt::format("; did you mean {}?", closest)));
  }
}

void CheckTransportForms(const FileContext& c, const Node& root) {
  for (std::string_view name : {kUsb, kPci}) {
    const Node* value = root.Find(name);
    if (value == nullptr) continue;
    bool usb = name == kUsb;
    if (value->is_bool()) {
      c.diags.Warning(rules::kEntTransportBool, c.At(*value),
                      fmt::format("{} is a bare <{}/>, which only development "
                                  "with SIP disabled accepts; a provisioning "
                                  "profile needs an <array> of match <dict>s "
                                  "such as {}",
                                  name, value->is_true() ? "true" : "false",
                                  usb ? "{ idVendor = 1234 }"
                                      : "{ IOPCIPrimaryMatch = "
                                        "\"0x00001234&0x0000ffff\" }"));
      continue;
    }
    if (!value->is_array()) continue;  // the schema reports it
    for (const Node& entry : value->children()) {
      if (!entry.is_dict()) continue;
      for (size_t i = 0; i < entry.keys().size(); ++i) {
        std::string_view key = entry.keys()[i].name();
        const Node& v = entry.children()[i];
        if (!IsTransportKey(usb, key)) {
          c.diags.Error(rules::kEntType, c.At(entry.keys()[i]),
                        fmt::format("{}: {} is not a {} matching key, so the "
                                    "entry never matches; use {}",
                                    name, key, usb ? "USB" : "PCI",
                                    usb ? "idVendor, idProduct, "
                                          "idProductArray, bcdDevice, ..."
                                        : "IOPCIMatch, IOPCIPrimaryMatch, "
                                          "IOPCISecondaryMatch or "
                                          "IOPCIClassMatch"));
          continue;
        }
        if (v.is_string() && v.text() == "*") {
          c.diags.Warning(rules::kEntTransportWildcard, c.At(v),
                          fmt::format("{}: {} \"*\" matches any device, which "
                                      "Apple grants only for development; "
                                      "name the device's {}",
                                      name, key, key));
        } else if (!usb && v.is_string()) {
          apple::PciScan scan =
              apple::ScanPciMatch(v.text(), apple::PciDefaultMask(key));
          if (!scan.error.empty()) {
            c.diags.Error(rules::kMatchPciString, c.At(v),
                          fmt::format("{}: {} \"{}\" does not follow the "
                                      "kernel's grammar: {}; write entries of "
                                      "0xVALUE or 0xVALUE&0xMASK separated by "
                                      "spaces",
                                      name, key, v.text(), scan.error));
          }
        }
      }
    }
  }
}

// The products a USB personality pins, one device set each: the kernel
// checks every device against any entry of the entitlement [domain.md §2.2],
// so each must be covered by some entry, not all by one. nullopt stands for
// "any product" (no idProduct, or an idProductArray item of the wrong type,
// which the schema reports).
struct UsbProducts {
  std::string_view key;  // idProduct, idProductArray, or empty
  std::vector<std::optional<int64_t>> products;
};

UsbProducts PersonalityProducts(const Node& personality) {
  UsbProducts out;
  if (const Node* p = personality.Find("idProduct"); p && p->is_integer()) {
    out.key = "idProduct";
    out.products.push_back(p->integer());
    return out;
  }
  const Node* array = personality.Find("idProductArray");
  if (array != nullptr && array->is_array() && !array->children().empty()) {
    out.key = "idProductArray";
    bool untyped = false;
    for (const Node& item : array->children()) {
      if (!item.is_integer()) {
        untyped = true;
      } else if (std::find(out.products.begin(), out.products.end(),
                           item.integer()) == out.products.end()) {
        out.products.push_back(item.integer());
      }
    }
    if (untyped) out.products.push_back(std::nullopt);
    return out;
  }
  out.products.push_back(std::nullopt);
  return out;
}

// Every device the personality matches with `product` is allowed by the
// entry [domain.md §2.2 item 4]: each key the entry pins, the personality
// pins to the same value ("*" in the entry allows anything).
bool UsbEntryCovers(const Node& entry, const Node& personality,
                    std::optional<int64_t> product) {
  int64_t mask = 0xFFFF;
  if (const Node* m = entry.Find("idProductMask"); m && m->is_integer()) {
    mask = m->integer();
  }
  for (size_t i = 0; i < entry.keys().size(); ++i) {
    std::string_view key = entry.keys()[i].name();
    const Node& value = entry.children()[i];
    if (value.is_string() && value.text() == "*") continue;
    if (key == "idProductMask") continue;
    if (key == "idProduct" || key == "idProductArray") {
      if (!product) return false;
      std::vector<int64_t> allowed;
      if (value.is_integer()) {
        allowed.push_back(value.integer());
      } else if (value.is_array()) {
        for (const Node& item : value.children()) {
          if (item.is_integer()) allowed.push_back(item.integer());
        }
      }
      bool ok = std::any_of(allowed.begin(), allowed.end(), [&](int64_t a) {
        return (a & mask) == (*product & mask);
      });
      if (!ok) return false;
      continue;
    }
    const Node* pinned = personality.Find(key);
    if (pinned == nullptr || !pinned->is_integer() || !value.is_integer() ||
        pinned->integer() != value.integer()) {
      return false;
    }
  }
  return true;
}

// The device key of a PCI personality and its entries, each a device set
// that some entry of the entitlement must cover. Empty `key` when the
// personality matches otherwise (IONameMatch and the like): cannot tell.
struct PciDevices {
  std::string_view key;
  uint32_t default_mask = 0xFFFFFFFF;
  std::vector<apple::PciMatchEntry> entries;
};

PciDevices PersonalityPciDevices(const Node& personality) {
  PciDevices out;
  for (std::string_view key :
       {"IOPCIPrimaryMatch", "IOPCIMatch", "IOPCIClassMatch"}) {
    const Node* device = JudgeableString(personality, key);
    if (device == nullptr) continue;
    out.key = key;
    out.default_mask = apple::PciDefaultMask(key);
    out.entries = apple::ScanPciMatch(device->text(), out.default_mask).entries;
    break;
  }
  return out;
}

bool PciEntryCovers(const Node& entry, const PciDevices& devices,
                    const apple::PciMatchEntry& device) {
  bool by_class = devices.key == "IOPCIClassMatch";
  for (std::string_view key :
       by_class
           ? std::vector<std::string_view>{"IOPCIClassMatch"}
           : std::vector<std::string_view>{"IOPCIPrimaryMatch", "IOPCIMatch"}) {
    const Node* allowed = entry.FindString(key);
    if (allowed == nullptr) continue;
    if (apple::PciMatchCovers(
            apple::ScanPciMatch(allowed->text(), devices.default_mask).entries,
            {&device, 1})) {
      return true;
    }
  }
  return false;
}

std::string Pinned(const Node& personality,
                   std::initializer_list<std::string_view> keys) {
  std::string out;
  for (std::string_view key : keys) {
    const Node* value = personality.Find(key);
    if (value == nullptr) continue;
    if (value->is_integer()) {
      out += fmt::format(", {} {}", key, value->integer());
    } else if (value->is_string()) {
      out += fmt::format(", {} {}", key, value->text());
    }
  }
  return out;
}

class CrossCheck {
 public:
  CrossCheck(const FileContext& c, const Node& root, const InfoPlist& info)
      : c_(c), root_(root), info_(info) {}

  void Run() {
    for (const Personality& p : info_.personalities) {
      if (!p.driverkit) continue;
      CheckTransport(p);
      CheckFamily(p, *p.node, false);
      WalkNested(p, *p.node, 0);
      CheckServiceEntitlements(p);
    }
  }

 private:
  std::string Describe(const Personality& p) const {
    return fmt::format("personality \"{}\" ({})", p.name(),
                       Where(info_.context.file, p.node->offset));
  }

  // Reports a missing entitlement once, naming the first personality.
  void Missing(const Personality& p, std::string_view entitlement,
               const diag::Rule& rule, bool warning, std::string why,
               std::string_view form = "<true/>") {
    if (!reported_.insert(std::string(entitlement)).second) return;
    const Node* value = root_.Find(entitlement);
    c_.diags.Report(
        warning ? diag::Severity::kWarning : diag::Severity::kError, rule,
        value != nullptr ? c_.At(*value) : c_.At(root_),
        fmt::format("{} {}, which requires {}; {} {}", Describe(p), why,
                    entitlement, value != nullptr ? "set it to" : "add it as",
                    form));
  }

  void CheckTransport(const Personality& p) {
    const Node* provider = p.node->FindString("IOProviderClass");
    if (provider == nullptr) return;
    std::string why = fmt::format("matches {}", provider->text());
    // Which transport entitlement the provider asks for.
    auto transport = apple::TransportEntitlement(provider->text());
    if (!transport) return;
    if (*transport == kUsb) {
      const Node* value = root_.Find(kUsb);
      if (value == nullptr) {
        Missing(p, kUsb, rules::kEntTransport, false, why,
                "an <array> of <dict>s such as { idVendor = N }");
        return;
      }
      if (!value->is_array()) return;  // bare boolean: warned about
      UsbProducts wanted = PersonalityProducts(*p.node);
      std::vector<std::string> uncovered;
      bool any_uncovered = false;
      for (const std::optional<int64_t>& product : wanted.products) {
        bool covered = std::any_of(
            value->children().begin(), value->children().end(),
            [&](const Node& entry) {
              return entry.is_dict() && UsbEntryCovers(entry, *p.node, product);
            });
        if (covered) continue;
        any_uncovered = true;
        if (product) uncovered.push_back(std::to_string(*product));
      }
      if (!any_uncovered) return;
      // The vendor and the products no entry covers.
      std::string pinned;
      if (wanted.key != "idProductArray") {
        pinned = Pinned(*p.node, {"idVendor", "idProduct"});
      } else if (uncovered.empty()) {
        pinned = Pinned(*p.node, {"idVendor"}) + ", idProductArray";
      } else {
        pinned = fmt::format("{}, idProductArray {} {}",
                             Pinned(*p.node, {"idVendor"}),
                             uncovered.size() == 1 ? "item" : "items",
                             fmt::join(uncovered, ", "));
      }
      c_.diags.Error(
          rules::kEntTransport, c_.At(*value),
          fmt::format("no {} entry covers {}{}, so the kernel refuses to "
                      "start the dext on its devices; add an entry such as "
                      "{{ idVendor = N }} with the personality's vendor",
                      kUsb, Describe(p), pinned));
    } else if (*transport == kPci) {
      const Node* value = root_.Find(kPci);
      if (value == nullptr) {
        Missing(p, kPci, rules::kEntTransport, false, why,
                "an <array> of <dict>s such as { IOPCIPrimaryMatch = "
                "\"0x0000VVVV&0x0000ffff\" }");
        return;
      }
      if (!value->is_array()) return;
      PciDevices wanted = PersonalityPciDevices(*p.node);
      if (wanted.key.empty()) return;  // IONameMatch and the like
      std::vector<std::string> uncovered;
      for (const apple::PciMatchEntry& device : wanted.entries) {
        bool covered = std::any_of(
            value->children().begin(), value->children().end(),
            [&](const Node& entry) {
              return entry.is_dict() && PciEntryCovers(entry, wanted, device);
            });
        if (!covered) uncovered.push_back(apple::FormatPciMatchEntry(device));
      }
      if (uncovered.empty()) return;
      // All of the match, as written, or the entries no dict covers.
      std::string pinned =
          uncovered.size() == wanted.entries.size()
              ? Pinned(*p.node, {wanted.key})
              : fmt::format(", {} {} {}", wanted.key,
                            uncovered.size() == 1 ? "entry" : "entries",
                            fmt::join(uncovered, " "));
      c_.diags.Error(
          rules::kEntTransport, c_.At(*value),
          fmt::format("no {} entry covers {}{}, so the kernel refuses to "
                      "start the dext on its devices; add an entry whose "
                      "value and mask include the personality's match",
                      kPci, Describe(p), pinned));
    } else if (*transport == kHid) {
      if (!Holds(root_, kHid)) {
        Missing(p, kHid, rules::kEntTransport, false, why);
      }
    }
  }

  // The family entitlement an IOClass publishes in IOServiceDEXTEntitlements
  // [domain.md §2.2 item 5]; when DriverKit classes sharing the proxy
  // disagree (IOUserService serves several families) nothing is required.
  void CheckFamily(const Personality& p, const Node& dict, bool nested) {
    const Node* io_class = dict.FindString("IOClass");
    if (io_class == nullptr) return;
    auto entries = info_.catalog.FindDextByIoClass(io_class->text());
    if (entries.empty()) return;
    std::string_view family = entries.front()->family_entitlement;
    if (family.empty()) return;
    for (const catalog::DextClass* d : entries) {
      if (d->family_entitlement != family) return;
    }
    if (Holds(root_, family)) return;
    Missing(
        p, family, rules::kEntFamily, nested,
        fmt::format("{}has IOClass {}", nested ? "creates a child that " : "",
                    io_class->text()));
  }

  // Dicts inside a personality that name an IOClass (UserClientProperties
  // and the like) are created by the dext's code and need the entitlement
  // too, if the code runs; a warning, as codeless cannot see the code.
  void WalkNested(const Personality& p, const Node& node, int depth) {
    if (depth > 8) return;
    for (const Node& child : node.children()) {
      if (child.is_dict()) {
        CheckFamily(p, child, true);
        WalkNested(p, child, depth + 1);
      } else if (child.is_array()) {
        WalkNested(p, child, depth + 1);
      }
    }
  }

  // IOServiceDEXTEntitlements authored in a personality is copied to the
  // proxy, where the kernel checks it as a family entitlement: alternatives
  // (any may hold) of names or arrays of names (all must hold).
  void CheckServiceEntitlements(const Personality& p) {
    const Node* value = p.node->Find("IOServiceDEXTEntitlements");
    if (value == nullptr || !value->is_array()) return;
    std::string first;
    for (const Node& alternative : value->children()) {
      bool held = true;
      std::vector<const Node*> names;
      if (alternative.is_string()) {
        names.push_back(&alternative);
      } else if (alternative.is_array()) {
        for (const Node& name : alternative.children()) names.push_back(&name);
      }
      for (const Node* name : names) {
        if (!name->is_string()) continue;
        if (!Holds(root_, name->text())) {
          held = false;
          if (first.empty()) first = std::string(name->text());
        }
      }
      if (held && !names.empty()) return;
    }
    if (first.empty()) return;
    const FileContext& ic = info_.context;
    ic.diags.Warning(
        rules::kEntServiceDextEntitlements, ic.At(*value),
        fmt::format("personality \"{}\": IOServiceDEXTEntitlements asks the "
                    "dext to hold {}, which {} lacks; the kernel checks it "
                    "as a family entitlement, so the dext would fail to start "
                    "(to gate client apps, use "
                    "com.apple.developer.driverkit.userclient-access in the "
                    "app instead); remove the key or add the entitlement",
                    p.name(), first, Where(c_.file, root_.offset)));
  }

  const FileContext& c_;
  const Node& root_;
  const InfoPlist& info_;
  std::set<std::string> reported_;
};

}  // namespace

void CheckEntitlements(const FileContext& c, const Node& root,
                       const InfoPlist* info) {
  CheckUnknown(c, root);
  const Node* driverkit = root.Find(kDriverKit);
  if (driverkit == nullptr) {
    if (root.Find(kInstall) != nullptr) {
      c.diags.Warning(rules::kEntNotDext, c.At(root),
                      "these entitlements have "
                      "com.apple.developer.system-extension.install and no "
                      "com.apple.developer.driverkit: they are a host app's, "
                      "so the dext checks are skipped; validate the dext's "
                      "own .entitlements");
      return;
    }
    c.diags.Error(rules::kEntDriverKit, c.At(root),
                  "com.apple.developer.driverkit is missing, and every dext "
                  "needs it; add <key>com.apple.developer.driverkit</key> "
                  "<true/>");
  } else if (driverkit->type == NodeType::kFalse) {
    c.diags.Error(rules::kEntDriverKit, c.At(*driverkit),
                  "com.apple.developer.driverkit is <false/>, and every dext "
                  "needs it; set it to <true/>");
  }
  CheckTransportForms(c, root);
  if (info != nullptr && info->kind == BundleKind::kDext) {
    CrossCheck(c, root, *info).Run();
  }
}

}  // namespace codeless::validate
