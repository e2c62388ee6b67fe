#include "codeless/match/matcher.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "codeless/apple/pci_match.h"
#include "codeless/apple/provider_classes.h"
#include "codeless/apple/usb_match.h"
#include "codeless/match/plist_values.h"

namespace codeless::match {
namespace {

using validate::Node;

constexpr std::string_view kDefaultCategory = "IODefaultMatchCategory";

std::string Join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += sep;
    out += item;
  }
  return out;
}

std::vector<std::string> NodeStrings(const Node& node) {
  std::vector<std::string> out;
  if (node.is_string()) out.emplace_back(node.text());
  for (const Node& child : node.children()) {
    if (child.is_string()) out.emplace_back(child.text());
  }
  return out;
}

// The names IONameMatch compares with: for device-tree style nubs (PCI,
// ACPI, platform devices) IODTCompareNubName reads "compatible", "name"
// and "device_type"; every entry also answers to its IOName, or its
// registry name without the location (IORegistryEntry::compareName).
std::vector<std::string> DeviceNames(const Entry& entry) {
  std::vector<std::string> names;
  auto add = [&](const std::string& name) {
    if (!name.empty() &&
        std::find(names.begin(), names.end(), name) == names.end()) {
      names.push_back(name);
    }
  };
  for (const char* key : {"compatible", "name", "device_type"}) {
    if (const Value* v = entry.Find(key)) {
      for (const std::string& s : StringsOf(*v)) add(s);
    }
  }
  if (const Value* v = entry.Find("IOName");
      v && v->kind == Value::Kind::kString) {
    add(v->text);
  }
  add(entry.name.substr(0, entry.name.find('@')));
  return names;
}

std::optional<uint64_t> IntegerProperty(const Entry& entry,
                                        std::string_view key) {
  const Value* v = entry.Find(key);
  if (v == nullptr || v->kind != Value::Kind::kInteger) return std::nullopt;
  return v->integer;
}

bool HasClass(std::span<const std::string> chain, std::string_view name) {
  return std::find(chain.begin(), chain.end(), name) != chain.end();
}

struct Outcome {
  bool ok = true;
  std::string why;  // the failure, or the key that matched
};

// PCI [IOPCIFamily IOPCIBridge.cpp matchKeys and pciMatchNub; domain.md
// §4.3]: each IOPCI*Match key present must match; a key matches when one
// of its entries does. The registers come from the nub's config-space
// properties, 4-byte little-endian data in the dump.
Outcome MatchPci(const Node& dict, const Entry& entry,
                 std::vector<std::string>& passed) {
  static constexpr std::string_view kKeys[] = {
      "IOPCIMatch", "IOPCIPrimaryMatch", "IOPCISecondaryMatch",
      "IOPCIClassMatch"};
  auto reg = [&](std::string_view key) -> std::optional<uint32_t> {
    const Value* v = entry.Find(key);
    return v ? LittleEndian(*v) : std::nullopt;
  };
  auto vendor = reg("vendor-id"), device = reg("device-id");
  auto sub_vendor = reg("subsystem-vendor-id"), sub_id = reg("subsystem-id");
  auto class_code = reg("class-code"), revision = reg("revision-id");
  for (std::string_view key : kKeys) {
    const Node* value = dict.Find(key);
    if (value == nullptr) continue;
    if (!value->is_string()) {
      return {false, fmt::format("{} is not a string, so the family ignores "
                                 "the personality",
                                 key)};
    }
    std::vector<std::pair<const char*, std::optional<uint32_t>>> registers;
    std::optional<uint32_t> primary, secondary, klass;
    if (vendor && device)
      primary = (*device & 0xFFFF) << 16 | (*vendor & 0xFFFF);
    if (sub_vendor && sub_id) {
      secondary = (*sub_id & 0xFFFF) << 16 | (*sub_vendor & 0xFFFF);
    }
    if (class_code)
      klass = (*class_code & 0xFFFFFF) << 8 | (revision.value_or(0) & 0xFF);
    if (key == "IOPCIMatch") {
      registers = {{"device/vendor", primary}, {"subsystem", secondary}};
    } else if (key == "IOPCIPrimaryMatch") {
      registers = {{"device/vendor", primary}};
    } else if (key == "IOPCISecondaryMatch") {
      registers = {{"subsystem", secondary}};
    } else {
      registers = {{"class", klass}};
    }
    apple::PciScan scan =
        apple::ScanPciMatch(value->text(), apple::PciDefaultMask(key));
    bool hit = false;
    std::vector<std::string> seen;
    for (const auto& [what, r] : registers) {
      if (!r) continue;
      seen.push_back(fmt::format("{} {:#010x}", what, *r));
      for (const apple::PciMatchEntry& e : scan.entries) {
        if ((*r & e.mask) == (e.value & e.mask)) {
          hit = true;
          passed.push_back(fmt::format("{} {} matches {} {:#010x}", key,
                                       apple::FormatPciMatchEntry(e), what,
                                       *r));
          break;
        }
      }
      if (hit) break;
    }
    if (!hit) {
      return {false, seen.empty()
                         ? fmt::format(
                               "{} \"{}\": the device has no {} registers", key,
                               value->text(),
                               key == "IOPCIClassMatch" ? "class-code"
                                                        : "vendor-id/device-id")
                         : fmt::format("{} \"{}\" ≠ device {}", key,
                                       value->text(), Join(seen, ", "))};
    }
  }
  return {};
}

struct UsbOutcome {
  Outcome outcome;
  int64_t score = 0;
};

// USB [QA1076; IOUSBFamily-560.4.2 IOUSBDevice::matchPropertyTable and
// IOUSBInterface::matchPropertyTable; domain.md §4.2]: every key present
// must equal the device's ("*" matches anything and costs 1000), the keys
// must be one of the combinations, whose tier is the score; IOProbeScore
// adds (clamped to 9000 from 10000 up), and a product matched only through
// idProductMask costs 500.
UsbOutcome MatchUsb(apple::UsbLevel level, const Personality& p,
                    const Entry& entry) {
  const Node& dict = *p.dict;
  apple::UsbKeys keys;
  int wildcards = 0;
  bool mask_used = false;
  std::vector<std::string> used;
  std::optional<uint64_t> product_mask;
  if (const Node* m = dict.Find("idProductMask"); m && m->is_integer()) {
    product_mask = static_cast<uint64_t>(m->integer());
  }
  auto key_list = dict.keys();
  auto values = dict.children();
  for (size_t i = 0; i < key_list.size(); ++i) {
    std::string_view key = key_list[i].name();
    apple::UsbKeyRole role = apple::UsbKeyRoleOf(level, key);
    if (role == apple::UsbKeyRole::kNone) continue;
    const Node& value = values[i];
    used.emplace_back(key);
    if (value.is_string() && value.text() == "*") {
      ++wildcards;
      keys.Add(role, std::nullopt);
      continue;
    }
    std::string_view device_key = key == "idProductArray" ? "idProduct" : key;
    auto device = IntegerProperty(entry, device_key);
    if (!device) {
      return {{false, fmt::format("{} {}: the device has no {}", key,
                                  Describe(value), device_key)}};
    }
    bool equal = false;
    std::vector<const Node*> wanted;
    if (value.is_integer()) wanted.push_back(&value);
    for (const Node& child : value.children()) {
      if (child.is_integer()) wanted.push_back(&child);
    }
    for (const Node* w : wanted) {
      uint64_t v = static_cast<uint64_t>(w->integer());
      if (v == *device) {
        equal = true;
        break;
      }
      if (role == apple::UsbKeyRole::kProduct && product_mask &&
          (v & *product_mask) == (*device & *product_mask)) {
        equal = true;
        mask_used = true;
        break;
      }
    }
    if (!equal) {
      return {{false, fmt::format("{} {} ≠ device {}", key, Describe(value),
                                  *device)}};
    }
    keys.Add(role, value.is_integer() ? std::optional<int64_t>(value.integer())
                                      : std::nullopt);
  }
  int tier = apple::UsbMatchTier(level, keys);
  // The vendor-specific tiers need a vendor-specific device; the class
  // tiers a standard one.
  std::string_view class_key =
      level == apple::UsbLevel::kDevice ? "bDeviceClass" : "bInterfaceClass";
  auto device_class = IntegerProperty(entry, class_key);
  if ((tier == 80000 || tier == 70000) && device_class &&
      *device_class != 0xFF) {
    return {{false, fmt::format("tier {} (idVendor + subclass) needs a "
                                "vendor-specific device, but {} is {}",
                                tier, class_key, *device_class)}};
  }
  if (tier == 0) {
    return {{false,
             fmt::format("{} is not a QA1076 combination, so the family never "
                         "matches it (use {})",
                         used.empty() ? "no USB key" : Join(used, "+"),
                         apple::UsbCombinations(level))}};
  }
  int64_t probe = p.probe_score >= 10000 ? 9000 : p.probe_score;
  int64_t score = tier + probe - 1000 * wildcards - (mask_used ? 500 : 0);
  std::string reason =
      fmt::format("QA1076 tier {} ({})", tier, Join(used, "+"));
  if (probe != 0) reason += fmt::format(" + IOProbeScore {}", probe);
  if (wildcards != 0)
    reason += fmt::format(" - {} for \"*\"", 1000 * wildcards);
  if (mask_used) reason += " - 500 for idProductMask";
  return {{true, reason}, score};
}

// HID [IOHIDFamily IOHIDFamilyPrivate.cpp MatchPropertyTable; domain.md
// §4.4]: every HID key present must match the device's property; each
// adds its share to the score: VendorID 5000, ProductID 1000 (975 from
// ProductIDArray), Transport 1000, LocationID 2000, a usage pair 1100 plus
// 100 for the usage (50 for a page alone), PrimaryUsagePage 1100 (only
// without a usage pair) and PrimaryUsage 100.
UsbOutcome MatchHid(const Personality& p, const Entry& entry) {
  const Node& dict = *p.dict;
  int64_t score = 0;
  std::vector<std::string> used;
  auto integer_key = [&](std::string_view key, int64_t share) -> Outcome {
    const Node* want = dict.Find(key);
    if (want == nullptr || !want->is_integer()) return {};
    auto have = IntegerProperty(entry, key);
    if (!have || *have != static_cast<uint64_t>(want->integer())) {
      return {false, fmt::format("{} {} ≠ device {}", key, want->integer(),
                                 have ? fmt::format("{}", *have) : "(absent)")};
    }
    score += share;
    used.push_back(fmt::format("{} +{}", key, share));
    return {};
  };
  for (auto [key, share] :
       {std::pair<std::string_view, int64_t>{"VendorID", 5000},
        {"ProductID", 1000},
        {"LocationID", 2000}}) {
    if (Outcome o = integer_key(key, share); !o.ok) return {o};
  }
  if (const Node* array = dict.Find("ProductIDArray");
      array && array->is_array()) {
    auto have = IntegerProperty(entry, "ProductID");
    bool hit = false;
    for (const Node& n : array->children()) {
      hit = hit || (have && n.is_integer() &&
                    static_cast<uint64_t>(n.integer()) == *have);
    }
    if (!hit) {
      return {
          {false, fmt::format("ProductIDArray {} ≠ device {}", Describe(*array),
                              have ? fmt::format("{}", *have) : "(absent)")}};
    }
    score += 975;
    used.push_back("ProductIDArray +975");
  }
  if (const Node* transport = dict.FindString("Transport")) {
    const Value* have = entry.Find("Transport");
    if (have == nullptr || !Equal(*transport, *have)) {
      return {
          {false, fmt::format("Transport \"{}\" ≠ device {}", transport->text(),
                              have ? have->Describe() : "(absent)")}};
    }
    score += 1000;
    used.push_back("Transport +1000");
  }
  // Usage pairs: DeviceUsagePairs (any of them), or one DeviceUsagePage
  // (+ DeviceUsage), against the device's DeviceUsagePairs.
  std::vector<std::pair<int64_t, std::optional<int64_t>>> wanted;
  if (const Node* pairs = dict.Find("DeviceUsagePairs")) {
    for (const Node& pair : pairs->children()) {
      const Node* page = pair.Find("DeviceUsagePage");
      const Node* usage = pair.Find("DeviceUsage");
      if (page && page->is_integer()) {
        wanted.emplace_back(page->integer(),
                            usage && usage->is_integer()
                                ? std::optional<int64_t>(usage->integer())
                                : std::nullopt);
      }
    }
  } else if (const Node* page = dict.Find("DeviceUsagePage");
             page && page->is_integer()) {
    const Node* usage = dict.Find("DeviceUsage");
    wanted.emplace_back(page->integer(),
                        usage && usage->is_integer()
                            ? std::optional<int64_t>(usage->integer())
                            : std::nullopt);
  }
  bool usage_matched = false;
  if (!wanted.empty()) {
    const Value* have = entry.Find("DeviceUsagePairs");
    for (const auto& [page, usage] : wanted) {
      if (have == nullptr) break;
      for (const Value& pair : have->items) {
        const Value* hp = pair.Find("DeviceUsagePage");
        const Value* hu = pair.Find("DeviceUsage");
        if (hp && hp->kind == Value::Kind::kInteger &&
            hp->integer == static_cast<uint64_t>(page) &&
            (!usage || (hu && hu->kind == Value::Kind::kInteger &&
                        hu->integer == static_cast<uint64_t>(*usage)))) {
          usage_matched = true;
          int64_t share = usage ? 1200 : 1150;
          score += share;
          used.push_back(fmt::format("usage {}:{} +{}", page,
                                     usage ? fmt::format("{}", *usage) : "*",
                                     share));
          break;
        }
      }
      if (usage_matched) break;
    }
    if (!usage_matched) {
      return {{false, fmt::format("DeviceUsagePairs: none of the personality's "
                                  "usages is the device's {}",
                                  have ? have->Describe() : "(absent)")}};
    }
  }
  if (!usage_matched) {
    if (Outcome o = integer_key("PrimaryUsagePage", 1100); !o.ok) return {o};
    if (dict.Find("PrimaryUsagePage") != nullptr) {
      if (Outcome o = integer_key("PrimaryUsage", 100); !o.ok) return {o};
    }
  }
  std::string reason = used.empty() ? "" : "HID " + Join(used, ", ");
  return {{true, reason}, score};
}

bool IsHidProvider(std::span<const std::string> chain) {
  return HasClass(chain, "IOHIDInterface") || HasClass(chain, "IOHIDDevice") ||
         HasClass(chain, "IOHIDEventService");
}

const Entry* FindResources(const Registry& registry) {
  for (const Entry& e : registry.entries) {
    if (e.class_name == "IOResources") return &e;
  }
  return nullptr;
}

}  // namespace

std::vector<std::string> ClassChain(std::string_view class_name) {
  std::vector<std::string> chain;
  std::string_view current = class_name;
  while (!current.empty() && chain.size() < 32) {
    chain.emplace_back(current);
    if (current == "IOService") return chain;
    if (!apple::IsKnownProviderClass(current)) break;
    current = apple::ProviderSuperclass(current);
  }
  chain.emplace_back("IOService");
  return chain;
}

bool ProviderApplies(std::string_view provider_class,
                     std::span<const std::string> chain) {
  if (HasClass(chain, provider_class)) return true;
  return (provider_class == "IOUSBDevice" &&
          HasClass(chain, "IOUSBHostDevice")) ||
         (provider_class == "IOUSBInterface" &&
          HasClass(chain, "IOUSBHostInterface"));
}

Candidate Evaluate(const Personality& p, const Registry& registry, int index,
                   std::span<const std::string> chain) {
  Candidate c;
  c.personality = &p;
  const Node& dict = *p.dict;
  const Entry& entry = registry.entries[index];
  auto fail = [&](std::string why) {
    c.matches = false;
    c.reason = std::move(why);
    return c;
  };
  if (!ProviderApplies(p.provider_class, chain)) {
    return fail(fmt::format("IOProviderClass {} is not in the class chain {}",
                            p.provider_class,
                            Join({chain.begin(), chain.end()}, " → ")));
  }
  std::vector<std::string> passed;
  // xnu IOService::matchInternal, in its order.
  if (const Node* names = dict.Find("IONameMatch")) {
    std::vector<std::string> wanted = NodeStrings(*names);
    std::vector<std::string> have = DeviceNames(entry);
    std::string matched;
    for (const std::string& w : wanted) {
      if (std::find(have.begin(), have.end(), w) != have.end()) {
        matched = w;
        break;
      }
    }
    if (matched.empty()) {
      return fail(fmt::format("IONameMatch {} ≠ device names {}",
                              Join(wanted, ", "), Join(have, ", ")));
    }
    passed.push_back(fmt::format("IONameMatch \"{}\"", matched));
  }
  if (const Node* match = dict.Find("IOPropertyMatch")) {
    // A dict, or an array of dicts of which one must match.
    std::vector<const Node*> tables;
    if (match->is_dict()) tables.push_back(match);
    for (const Node& child : match->children()) {
      if (child.is_dict()) tables.push_back(&child);
    }
    bool any = false;
    std::string miss;
    for (const Node* table : tables) {
      auto keys = table->keys();
      auto values = table->children();
      bool all = true;
      for (size_t i = 0; i < keys.size() && all; ++i) {
        const Value* have = entry.Find(keys[i].name());
        if (have == nullptr || !Equal(values[i], *have)) {
          all = false;
          if (miss.empty()) {
            miss = fmt::format("IOPropertyMatch {} {} ≠ device {}",
                               keys[i].name(), Describe(values[i]),
                               have ? have->Describe() : "(absent)");
          }
        }
      }
      if (all) {
        any = true;
        break;
      }
    }
    if (!any) return fail(miss.empty() ? "IOPropertyMatch is empty" : miss);
    passed.push_back("IOPropertyMatch");
  }
  if (const Node* exists = dict.Find("IOPropertyExistsMatch")) {
    for (const std::string& key : NodeStrings(*exists)) {
      if (entry.Find(key) == nullptr) {
        return fail(
            fmt::format("IOPropertyExistsMatch {}: the device has no "
                        "such property",
                        key));
      }
    }
    passed.push_back("IOPropertyExistsMatch");
  }
  if (const Node* location = dict.FindString("IOLocationMatch")) {
    if (location->text() != entry.location) {
      return fail(fmt::format("IOLocationMatch \"{}\" ≠ device \"{}\"",
                              location->text(), entry.location));
    }
    passed.push_back("IOLocationMatch");
  }
  if (const Node* path = dict.FindString("IOPathMatch")) {
    std::string have = registry.PathOf(index);
    if (path->text() != have) {
      return fail(fmt::format("IOPathMatch \"{}\" ≠ device \"{}\"",
                              path->text(), have));
    }
    passed.push_back("IOPathMatch");
  }
  if (const Node* resources = dict.Find("IOResourceMatch")) {
    const Entry* published = FindResources(registry);
    for (const std::string& key : NodeStrings(*resources)) {
      if (published == nullptr || published->Find(key) == nullptr) {
        return fail(
            fmt::format("IOResourceMatch {}: IOResources in the dump "
                        "does not publish it",
                        key));
      }
    }
    passed.push_back("IOResourceMatch");
  }
  if (const Node* parent = dict.Find("IOParentMatch");
      parent && parent->is_dict()) {
    // Some ancestor must match the nested table.
    Personality nested;
    nested.dict = parent;
    bool found = false;
    for (int up = entry.parent; up >= 0 && !found;
         up = registry.entries[up].parent) {
      std::vector<std::string> up_chain =
          ClassChain(registry.entries[up].class_name);
      nested.provider_class =
          parent->FindString("IOProviderClass")
              ? std::string(parent->FindString("IOProviderClass")->text())
              : up_chain.front();
      found = Evaluate(nested, registry, up, up_chain).matches;
    }
    if (!found)
      return fail("IOParentMatch: no ancestor of the device matches it");
    passed.push_back("IOParentMatch");
  }
  int64_t score = p.probe_score;
  if (HasClass(chain, "IOPCIDevice")) {
    Outcome pci = MatchPci(dict, entry, passed);
    if (!pci.ok) return fail(pci.why);
  }
  if (auto level = apple::UsbProviderLevel(p.provider_class)) {
    UsbOutcome usb = MatchUsb(*level, p, entry);
    if (!usb.outcome.ok) return fail(usb.outcome.why);
    passed.push_back(usb.outcome.why);
    score = usb.score;
  } else {
    if (IsHidProvider(chain)) {
      UsbOutcome hid = MatchHid(p, entry);
      if (!hid.outcome.ok) return fail(hid.outcome.why);
      if (!hid.outcome.why.empty()) passed.push_back(hid.outcome.why);
      score += hid.score;
    }
    if (p.probe_score != 0) {
      passed.push_back(fmt::format("IOProbeScore {}", p.probe_score));
    }
  }
  c.matches = true;
  c.score = score;
  c.reason = passed.empty()
                 ? fmt::format("IOProviderClass {} and no other matching key",
                               p.provider_class)
                 : Join(passed, "; ");
  return c;
}

const Candidate* DeviceResult::Winner() const {
  for (const Candidate& c : candidates) {
    if (c.winner && c.personality->category == kDefaultCategory) return &c;
  }
  return nullptr;
}

MatchResult MatchAll(const Registry& registry,
                     std::span<const Personality> personalities) {
  std::map<std::string, std::vector<size_t>, std::less<>> by_provider;
  for (size_t i = 0; i < personalities.size(); ++i) {
    by_provider[personalities[i].provider_class].push_back(i);
  }
  std::vector<int> match_count(personalities.size(), 0);
  std::vector<std::string> first_miss(personalities.size());
  MatchResult result;
  for (int index = 0; index < static_cast<int>(registry.entries.size());
       ++index) {
    const Entry& entry = registry.entries[index];
    if (entry.IsDriver() || entry.parent < 0) continue;
    std::vector<std::string> chain = ClassChain(entry.class_name);
    std::vector<size_t> offered;
    for (const std::string& name : chain) {
      auto add = [&](std::string_view provider) {
        auto it = by_provider.find(provider);
        if (it != by_provider.end()) {
          offered.insert(offered.end(), it->second.begin(), it->second.end());
        }
      };
      add(name);
      if (name == "IOUSBHostDevice") add("IOUSBDevice");
      if (name == "IOUSBHostInterface") add("IOUSBInterface");
    }
    if (offered.empty()) continue;
    std::sort(offered.begin(), offered.end());
    DeviceResult device;
    device.entry = index;
    device.chain = chain;
    for (size_t i : offered) {
      Candidate c = Evaluate(personalities[i], registry, index, chain);
      if (c.matches) {
        ++match_count[i];
      } else if (first_miss[i].empty()) {
        first_miss[i] = fmt::format("{}: {}", entry.name, c.reason);
      }
      device.candidates.push_back(std::move(c));
    }
    std::stable_sort(device.candidates.begin(), device.candidates.end(),
                     [](const Candidate& a, const Candidate& b) {
                       if (a.matches != b.matches) return a.matches;
                       return a.matches && *a.score > *b.score;
                     });
    std::vector<std::string_view> won;
    for (Candidate& c : device.candidates) {
      if (!c.matches) break;
      std::string_view category = c.personality->category;
      if (std::find(won.begin(), won.end(), category) == won.end()) {
        won.push_back(category);
        c.winner = true;
      }
    }
    for (int child : entry.children) {
      const Entry& node = registry.entries[child];
      if (!node.IsDriver()) continue;
      Attached a;
      const Value* io_class = node.Find("IOClass");
      a.io_class = io_class && io_class->kind == Value::Kind::kString
                       ? io_class->text
                       : node.class_name;
      if (const Value* b = node.Find("CFBundleIdentifier");
          b && b->kind == Value::Kind::kString) {
        a.bundle = b->text;
      }
      const Value* category = node.Find("IOMatchCategory");
      a.category = category && category->kind == Value::Kind::kString
                       ? category->text
                       : std::string(kDefaultCategory);
      device.attached.push_back(std::move(a));
    }
    result.devices.push_back(std::move(device));
  }
  for (size_t i = 0; i < personalities.size(); ++i) {
    if (match_count[i] != 0) continue;
    result.unmatched.push_back(
        {&personalities[i],
         first_miss[i].empty()
             ? fmt::format("no device of class {} or a subclass in the dump",
                           personalities[i].provider_class)
             : first_miss[i]});
  }
  return result;
}

}  // namespace codeless::match
