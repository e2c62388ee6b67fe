#include "codeless/descriptor/match_values.h"

#include <fmt/format.h>

#include "codeless/apple/pci_match.h"
#include "codeless/diag/rules.h"

namespace codeless::descriptor {
namespace {

namespace rules = diag::rules;

// The elements of the array just read at `token`, each converted by
// `convert(item)`, which returns an optional T and reports what is wrong.
// nullopt when an element is refused (the rest are skipped) or the array is
// empty, which is reported as "\"PATH\" must be EXPECTED, not an array".
template <typename T, typename Convert>
std::optional<std::vector<T>> NonEmptyElements(ValueReader& reader,
                                               const JsonToken& token,
                                               std::string_view expected,
                                               Convert convert) {
  std::vector<T> items;
  bool ok = true;
  size_t count = reader.ReadElements([&](size_t, const JsonToken& item) {
    if (!ok) {
      reader.cursor().Skip(item);
      return;
    }
    if (std::optional<T> value = convert(item)) {
      items.push_back(std::move(*value));
    } else {
      ok = false;
    }
  });
  if (count == 0 && !reader.cursor().failed()) {
    reader.Error(rules::kDescType, token,
                 fmt::format("\"{}\" must be {}, not an array",
                             reader.DisplayPath(), expected));
    return std::nullopt;
  }
  if (!ok) return std::nullopt;
  return items;
}

// A value that is one item or a non-empty array of items (IONameMatch,
// IOPropertyMatch, ...), each converted by `convert`.
template <typename Convert>
std::optional<plist::Value> OneOrMany(ValueReader& reader,
                                      const JsonToken& token, bool is_one,
                                      std::string_view one,
                                      std::string_view many, Convert convert) {
  if (is_one) return convert(token);
  if (token.type != JsonType::kArray) {
    reader.TypeError(token, fmt::format("{} or an array of {}", one, many));
    return std::nullopt;
  }
  auto items = NonEmptyElements<plist::Value>(
      reader, token, fmt::format("{} or a non-empty array of {}", one, many),
      convert);
  if (!items) return std::nullopt;
  return plist::Value(std::move(*items));
}

std::optional<plist::Value> PciMatchString(ValueReader& reader,
                                           std::string_view key,
                                           const JsonToken& token) {
  auto text = reader.String(token);
  if (!text) return std::nullopt;
  std::string why;
  if (!apple::ParsePciMatch(*text, &why, apple::PciDefaultMask(key))) {
    reader.Error(rules::kMatchPciString, token,
                 fmt::format("{} \"{}\" is not a PCI match string: {}; or "
                             "give an array of {{\"vendor\", \"device\"}} "
                             "objects",
                             key, *text, why));
    return std::nullopt;
  }
  return plist::Value(std::move(*text));
}

// A match string, or [{vendor, device, vendorMask?, deviceMask?}, ...]
// composed as 0xDDDDVVVV&0xMMMMmmmm: device in the high half.
std::optional<plist::Value> PciMatch(ValueReader& reader, std::string_view key,
                                     const JsonToken& token) {
  if (token.type == JsonType::kString) {
    return PciMatchString(reader, key, token);
  }
  if (token.type != JsonType::kArray) {
    reader.TypeError(token,
                     "a PCI match string or a non-empty array of "
                     "{\"vendor\", \"device\"} objects");
    return std::nullopt;
  }
  auto entries = NonEmptyElements<apple::PciMatchEntry>(
      reader, token,
      "a PCI match string or a non-empty array of {\"vendor\", \"device\"} "
      "objects",
      [&](const JsonToken& entry) -> std::optional<apple::PciMatchEntry> {
        std::optional<int64_t> vendor, device;
        std::optional<int64_t> vendor_mask = 0xFFFF, device_mask = 0xFFFF;
        bool has_mask = false;
        size_t errors_before = reader.diags().error_count();
        auto members = reader.ReadObject(
            entry, PciEntryKeys(),
            [&](std::string_view name, const JsonToken& value) {
              if (name == "vendor") {
                vendor = reader.Integer(value, 0, 0xFFFF, "a PCI vendor ID",
                                        /*id_key=*/true);
              } else if (name == "device") {
                device = reader.Integer(value, 0, 0xFFFF, "a PCI device ID",
                                        /*id_key=*/true);
              } else {
                has_mask = true;
                auto mask = reader.Integer(value, 0, 0xFFFF, "a 16-bit mask",
                                           /*id_key=*/true);
                (name == "vendorMask" ? vendor_mask : device_mask) = mask;
              }
            });
        if (!members) return std::nullopt;
        reader.RequireKey(*members, entry, "vendor");
        reader.RequireKey(*members, entry, "device");
        if (reader.ErrorsSince(errors_before) || !vendor || !device ||
            !vendor_mask || !device_mask) {
          return std::nullopt;
        }
        return apple::ComposePciEntry(
            static_cast<uint16_t>(*vendor), static_cast<uint16_t>(*device),
            static_cast<uint16_t>(*vendor_mask),
            static_cast<uint16_t>(*device_mask), has_mask);
      });
  if (!entries) return std::nullopt;
  return plist::Value(apple::FormatPciMatch(*entries));
}

// A match string, or {class, mask?}: a 24-bit class code (class, subclass,
// programming interface) composed as 0xCCSSPP00&0xMMMMMM00.
std::optional<plist::Value> PciClassMatch(ValueReader& reader,
                                          const JsonToken& token) {
  if (token.type == JsonType::kString) {
    return PciMatchString(reader, "IOPCIClassMatch", token);
  }
  if (token.type != JsonType::kObject) {
    reader.TypeError(token,
                     "a PCI match string or an object {\"class\", \"mask\"}");
    return std::nullopt;
  }
  std::optional<int64_t> code;
  std::optional<int64_t> mask = 0xFFFFFF;
  size_t errors_before = reader.diags().error_count();
  auto members = reader.ReadObject(
      token, PciClassKeys(),
      [&](std::string_view name, const JsonToken& value) {
        if (name == "class") {
          code = reader.Integer(value, 0, 0xFFFFFF, "a 24-bit PCI class code");
        } else {
          mask = reader.Integer(value, 0, 0xFFFFFF, "a 24-bit class-code mask");
        }
      });
  if (!members) return std::nullopt;
  reader.RequireKey(*members, token, "class");
  if (reader.ErrorsSince(errors_before) || !code || !mask) return std::nullopt;
  return plist::Value(apple::FormatPciMatchEntry(apple::ComposePciClassEntry(
      static_cast<uint32_t>(*code), static_cast<uint32_t>(*mask))));
}

std::optional<plist::Value> UsagePairs(ValueReader& reader,
                                       const JsonToken& token) {
  constexpr std::string_view kExpected =
      "a non-empty array of {\"DeviceUsagePage\", \"DeviceUsage\"} objects";
  if (token.type != JsonType::kArray) {
    reader.TypeError(token, kExpected);
    return std::nullopt;
  }
  auto pairs = NonEmptyElements<plist::Value>(
      reader, token, kExpected,
      [&](const JsonToken& item) -> std::optional<plist::Value> {
        plist::Dict pair;
        size_t errors_before = reader.diags().error_count();
        auto members = reader.ReadObject(
            item, UsagePairKeys(),
            [&](std::string_view name, const JsonToken& value) {
              if (auto usage = reader.Integer(value, 0, 0xFFFF, name)) {
                pair.emplace(std::string(name), plist::Value(*usage));
              }
            });
        if (!members) return std::nullopt;
        reader.RequireKey(*members, item, "DeviceUsagePage");
        if (reader.ErrorsSince(errors_before)) return std::nullopt;
        return plist::Value(std::move(pair));
      });
  if (!pairs) return std::nullopt;
  return plist::Value(std::move(*pairs));
}

std::optional<plist::Value> Convert(ValueReader& reader,
                                    const apple::MatchingKey& key,
                                    const JsonToken& token) {
  switch (key.kind) {
    case apple::KeyKind::kInteger: {
      if (key.wildcard && token.type == JsonType::kString &&
          token.text == "*") {
        return plist::Value("*");
      }
      auto number =
          reader.Integer(token, key.min, key.max, key.name, key.identifier);
      if (!number) return std::nullopt;
      return plist::Value(*number);
    }
    case apple::KeyKind::kIntegerArray: {
      constexpr std::string_view kExpected = "a non-empty array of integers";
      if (token.type != JsonType::kArray) {
        reader.TypeError(token, kExpected);
        return std::nullopt;
      }
      auto items = NonEmptyElements<plist::Value>(
          reader, token, kExpected,
          [&](const JsonToken& item) -> std::optional<plist::Value> {
            auto number = reader.Integer(item, key.min, key.max, key.name,
                                         key.identifier);
            if (!number) return std::nullopt;
            return plist::Value(*number);
          });
      if (!items) return std::nullopt;
      return plist::Value(std::move(*items));
    }
    case apple::KeyKind::kBoolean: {
      auto value = reader.Boolean(token);
      if (!value) return std::nullopt;
      return plist::Value(*value);
    }
    case apple::KeyKind::kString: {
      auto text = reader.String(token);
      if (!text) return std::nullopt;
      return plist::Value(std::move(*text));
    }
    case apple::KeyKind::kStringOrStrings:
      return OneOrMany(
          reader, token, token.type == JsonType::kString, "a string", "strings",
          [&](const JsonToken& item) -> std::optional<plist::Value> {
            auto text = reader.String(item);
            if (!text) return std::nullopt;
            return plist::Value(std::move(*text));
          });
    case apple::KeyKind::kDict: {
      auto dict = reader.PlistDict(token);
      if (!dict) return std::nullopt;
      return plist::Value(std::move(*dict));
    }
    case apple::KeyKind::kDictOrDicts:
      return OneOrMany(
          reader, token, token.type == JsonType::kObject, "an object",
          "objects", [&](const JsonToken& item) -> std::optional<plist::Value> {
            auto dict = reader.PlistDict(item);
            if (!dict) return std::nullopt;
            return plist::Value(std::move(*dict));
          });
    case apple::KeyKind::kPciMatch:
      return key.name == "IOPCIClassMatch" ? PciClassMatch(reader, token)
                                           : PciMatch(reader, key.name, token);
    case apple::KeyKind::kUsagePairs:
      return UsagePairs(reader, token);
  }
  return std::nullopt;
}

}  // namespace

std::optional<plist::Value> ReadMatchValue(ValueReader& reader,
                                           const apple::MatchingKey& key,
                                           const JsonToken& token) {
  model::OriginId origin = reader.Origin(token);
  auto value = Convert(reader, key, token);
  if (value) value->set_tag(origin);
  return value;
}

}  // namespace codeless::descriptor
