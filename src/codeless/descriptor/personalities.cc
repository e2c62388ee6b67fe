#include "codeless/descriptor/personalities.h"

#include <fmt/format.h>

#include <cctype>
#include <map>

#include "codeless/apple/identifiers.h"
#include "codeless/apple/info_keys.h"
#include "codeless/apple/match_scope.h"
#include "codeless/apple/matching_keys.h"
#include "codeless/apple/pci_match.h"
#include "codeless/apple/usb_match.h"
#include "codeless/descriptor/match_values.h"
#include "codeless/descriptor/sections.h"
#include "codeless/diag/rules.h"

namespace codeless::descriptor {
namespace {

namespace rules = diag::rules;

// What names a device on each generic nub, for messages.
std::string_view NarrowingHint(std::string_view provider) {
  switch (apple::ProviderFamily(provider)) {
    case apple::Family::kUsb:
      return "idVendor and idProduct";
    case apple::Family::kPci:
      return "IOPCIPrimaryMatch with the device and vendor ID";
    case apple::Family::kHid:
      return "VendorID and ProductID";
    case apple::Family::kAny:
      break;
  }
  return "IONameMatch with the device's name or ACPI _HID";
}

std::string NotReadMessage(const apple::MatchingKey& key,
                           std::string_view provider) {
  if (key.family == apple::ProviderFamily(provider) &&
      key.family == apple::Family::kUsb) {
    bool on_device =
        apple::UsbProviderLevel(provider) == apple::UsbLevel::kDevice;
    return on_device ? fmt::format(
                           "\"{}\" is a USB interface key, but provider {} "
                           "matches whole devices and never looks at it; "
                           "remove the key or match IOUSBHostInterface",
                           key.name, provider)
                     : fmt::format(
                           "\"{}\" is a USB device key that provider {} "
                           "never looks at (an interface matches its own "
                           "bInterface* keys); remove the key, use its "
                           "bInterface* counterpart, or match "
                           "IOUSBHostDevice",
                           key.name, provider);
  }
  if (key.family == apple::Family::kAny ||
      apple::ProviderFamily(provider) == apple::Family::kAny) {
    return fmt::format(
        "\"{}\" is a {} matching key, but provider {} never "
        "looks at it; remove the key or change the provider",
        key.name, apple::FamilyName(key.family), provider);
  }
  return fmt::format(
      "\"{}\" is a {} matching key, but provider {} is a {} "
      "class and never looks at it; remove the key or change "
      "the provider",
      key.name, apple::FamilyName(key.family), provider,
      apple::FamilyName(apple::ProviderFamily(provider)));
}

std::string OpenPciMessage(std::string_view key, const apple::PciMatchEntry& e,
                           bool match_all) {
  std::string entry = apple::FormatPciMatchEntry(e);
  std::string reach;
  std::string fix;
  if (key == "IOPCIClassMatch") {
    reach = "every class of device";
    fix = "mask at least the base class (0xff000000)";
  } else if ((e.mask & 0xFFFF0000) == 0) {
    reach = fmt::format("every device of vendor 0x{:04x}", e.value & 0xFFFF);
    fix = fmt::format(
        "use the mask 0xffffffff (or none) to match device "
        "0x{:04x} only",
        e.value >> 16);
  } else {
    reach = fmt::format("device 0x{:04x} of every vendor", e.value >> 16);
    fix = "keep the vendor ID in the mask (0xffffffff, or none)";
  }
  return match_all ? fmt::format("{} entry {} matches {} (\"matchAll\": true)",
                                 key, entry, reach)
                   : fmt::format(
                         "{} entry {} keeps no bit of the {}, so it "
                         "matches {}; {}",
                         key, entry,
                         key == "IOPCIClassMatch"     ? "base class"
                         : (e.mask & 0xFFFF0000) == 0 ? "device ID"
                                                      : "vendor ID",
                         reach, fix);
}

struct MatchKeyPlace {
  const apple::MatchingKey* key;
  uint32_t key_offset;
};

// The matching keys of "match", and where each key is.
std::vector<MatchKeyPlace> ReadMatch(ValueReader& reader,
                                     const JsonToken& token,
                                     model::Personality& personality,
                                     bool& ok) {
  size_t errors_before = reader.diags().error_count();
  std::vector<MatchKeyPlace> places;
  personality.match_origin = reader.Origin(token);
  ok = false;
  if (token.type != JsonType::kObject) {
    reader.TypeError(token, "an object of IOKit matching keys (it may be {})");
    return places;
  }
  std::vector<model::MatchKeys::Entry> entries;
  entries.reserve(8);
  places.reserve(8);
  reader.ReadObject(
      token, MatchKeys(), [&](std::string_view name, const JsonToken& value) {
        const apple::MatchingKey* key = apple::FindMatchingKey(name);
        places.push_back({key, reader.KeyOffset()});
        if (auto converted = ReadMatchValue(reader, *key, value)) {
          entries.push_back({key, std::move(*converted)});
        }
      });
  personality.match = model::MatchKeys::FromUnsorted(std::move(entries));
  ok = !reader.ErrorsSince(errors_before);
  return places;
}

void ReadTargets(ValueReader& reader, const JsonToken& token,
                 model::Personality& personality) {
  constexpr std::string_view kExpected =
      "a non-empty array of \"kext\" and \"dext\"";
  if (token.type != JsonType::kArray) {
    reader.TypeError(token, kExpected);
    return;
  }
  personality.for_kext = personality.for_dext = false;
  size_t count = reader.ReadElements([&](size_t, const JsonToken& item) {
    auto target = reader.String(item);
    if (!target) return;
    if (*target != "kext" && *target != "dext") {
      reader.Error(rules::kDescValue, item,
                   fmt::format("target \"{}\" is neither \"kext\" nor \"dext\"",
                               *target));
      return;
    }
    bool& flag =
        *target == "kext" ? personality.for_kext : personality.for_dext;
    if (flag) {
      reader.Error(rules::kDescValue, item,
                   fmt::format("target \"{}\" is listed twice", *target));
    } else {
      flag = true;
    }
  });
  if (count == 0 && !reader.cursor().failed()) {
    reader.Error(rules::kDescType, token,
                 fmt::format("\"{}\" must be {}, not an array",
                             reader.DisplayPath(), kExpected));
  }
}

// A key the provider never reads (desc-match-family), and a match that
// narrows nothing on a generic device nub (desc-match-all), which would
// attach the driver to every device of the bus (apple/match_scope.h).
// `match_ok`: "match" was read without an error; the reach of a match that
// is partly unread is not judged.
void CheckMatchReach(ValueReader& reader, const model::Personality& p,
                     const std::vector<MatchKeyPlace>& places, bool match_ok) {
  std::string_view provider = p.provider.value;
  if (provider.empty()) return;
  bool narrowed = false;
  bool reported_open = false;
  for (const MatchKeyPlace& place : places) {
    const apple::MatchingKey& key = *place.key;
    if (!apple::ProviderReadsKey(provider, key)) {
      reader.diags().Error(rules::kDescMatchFamily, reader.At(place.key_offset),
                           NotReadMessage(key, provider));
      continue;
    }
    const plist::Value* value = p.match.Get(key.name);
    if (value == nullptr) continue;  // its error is reported
    std::string_view text = value->is_string()
                                ? std::string_view(value->string())
                                : std::string_view();
    if (key.kind == apple::KeyKind::kPciMatch) {
      if (auto open = apple::OpenPciEntry(key.name, text)) {
        std::string message = OpenPciMessage(key.name, *open, p.match_all);
        if (p.match_all) {
          reader.diags().Warning(rules::kDescMatchAll,
                                 reader.At(place.key_offset), message);
        } else {
          reader.diags().Error(rules::kDescMatchAll,
                               reader.At(place.key_offset), message);
        }
        reported_open = true;
        continue;
      }
    }
    narrowed = narrowed || apple::KeyNarrows(key, text == "*", text);
  }
  if (!match_ok || narrowed || reported_open ||
      !apple::IsGenericDeviceNub(provider)) {
    return;
  }
  diag::Location at = reader.AtOrigin(p.match_origin, diag::Part::kKey);
  if (p.match_all) {
    reader.diags().Warning(
        rules::kDescMatchAll, at,
        fmt::format("personality \"{}\" matches every {} (\"matchAll\": "
                    "true): its driver attaches to every such device",
                    p.name.value, provider));
    return;
  }
  reader.diags().Error(
      rules::kDescMatchAll, at,
      fmt::format("personality \"{}\" would match every {}: its \"match\" "
                  "has no key that {} reads and that narrows the match, so "
                  "its driver would attach to every such device; add {}, or "
                  "set \"matchAll\": true if every device is meant",
                  p.name.value, provider, provider, NarrowingHint(provider)));
}

// Reads one personality; false when it had an error.
bool ReadPersonality(ValueReader& reader, const JsonToken& token,
                     model::Personality& personality) {
  size_t errors_before = reader.diags().error_count();
  // desc-personality-name errors do not drop the personality: the rule is
  // a lint rule, which a "lint" member after "personalities" may disable.
  size_t name_errors = 0;
  personality.origin = reader.Origin(token);
  std::vector<MatchKeyPlace> match_places;
  bool match_ok = false;
  auto members = reader.ReadObject(
      token, PersonalityKeys(),
      [&](std::string_view name, const JsonToken& value) {
        if (name == "name") {
          auto text = reader.Text(value);
          if (!text) return;
          if (std::isspace(static_cast<unsigned char>(text->value.front())) ||
              std::isspace(static_cast<unsigned char>(text->value.back()))) {
            // The kernel keeps the key as written, so an existing
            // bundle's name may keep its space when the rule is off.
            size_t before = reader.diags().error_count();
            reader.Error(rules::kDescPersonalityName, value,
                         fmt::format("personality name \"{}\" has leading or "
                                     "trailing white space; remove it (or, to "
                                     "keep an existing bundle's name, add "
                                     "\"desc-personality-name\" to "
                                     "\"lint.disable\")",
                                     text->value));
            name_errors = reader.diags().error_count() - before;
          }
          personality.name = *text;
        } else if (name == "provider") {
          auto text = reader.Text(value);
          if (!text) return;
          if (auto error = ClassNameError("provider", text->value,
                                          "IOUSBHostInterface")) {
            reader.Error(rules::kDescValue, value, std::move(*error));
          }
          personality.provider = *text;
        } else if (name == "match") {
          match_places = ReadMatch(reader, value, personality, match_ok);
        } else if (name == "driver") {
          if (auto driver = ReadDriver(reader, value)) {
            personality.driver =
                std::make_unique<model::DriverRef>(std::move(*driver));
          }
        } else if (name == "probeScore") {
          personality.probe_score_origin = reader.Origin(value);
          if (auto score =
                  reader.Integer(value, INT32_MIN, INT32_MAX, "IOProbeScore")) {
            personality.probe_score = static_cast<int32_t>(*score);
          }
        } else if (name == "matchCategory") {
          if (auto text = reader.Text(value)) {
            personality.match_category = std::make_unique<model::Text>(*text);
          }
        } else if (name == "properties") {
          if (auto dict = reader.PlistDict(value)) {
            personality.properties = std::move(*dict);
          }
        } else if (name == "matchAll") {
          personality.match_all = reader.Boolean(value).value_or(false);
        } else if (name == "targets") {
          ReadTargets(reader, value, personality);
        }
      });
  if (!members) return false;
  reader.RequireKey(*members, token, "name");
  reader.RequireKey(*members, token, "provider");
  reader.RequireKey(*members, token, "match");
  CheckMatchReach(reader, personality, match_places, match_ok);
  for (const auto& [key, item] : personality.properties) {
    bool in_match = personality.match.contains(key);
    if (!apple::IsCodelessPersonalityKey(key) && !in_match) continue;
    reader.diags().Error(
        rules::kDescReservedKey, reader.AtOrigin(item.tag(), diag::Part::kKey),
        fmt::format("\"properties\" may not set \"{}\": codeless writes that "
                    "key from the personality's {}",
                    key, in_match ? "\"match\"" : "other members"));
  }
  return !reader.ErrorsSince(errors_before + name_errors);
}

}  // namespace

void ReadPersonalities(ValueReader& reader, const JsonToken& token,
                       model::Descriptor& descriptor) {
  descriptor.personalities_origin = reader.Origin(token);
  if (token.type != JsonType::kArray) {
    reader.TypeError(token, "an array of personalities");
    return;
  }
  std::map<std::string_view, size_t> names;
  size_t count = reader.ReadElements([&](size_t index, const JsonToken& item) {
    model::Personality personality;
    personality.index = static_cast<uint32_t>(index);
    if (!ReadPersonality(reader, item, personality)) return;
    auto [it, inserted] = names.emplace(personality.name.value, index);
    if (!inserted) {
      reader.diags().Error(
          rules::kDescDuplicateName, reader.AtOrigin(personality.name.origin),
          fmt::format("personality name \"{}\" is already used by "
                      "personalities[{}]; names become IOKitPersonalities "
                      "keys and must be unique",
                      personality.name.value, it->second));
      return;
    }
    descriptor.personalities.push_back(std::move(personality));
  });
  // The model outlives reading; growth's slack would too.
  descriptor.personalities.shrink_to_fit();
  if (count == 0 && !reader.cursor().failed()) {
    reader.Error(rules::kDescValue, token,
                 "\"personalities\" is empty; a driver needs at least one "
                 "personality to match anything");
  }
}

}  // namespace codeless::descriptor
