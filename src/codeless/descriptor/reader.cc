#include "codeless/descriptor/reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <future>
#include <locale>
#include <set>
#include <span>
#include <system_error>

#include "codeless/apple/identifiers.h"
#include "codeless/apple/kext_version.h"
#include "codeless/apple/matching_keys.h"
#include "codeless/apple/pci_match.h"
#include "codeless/base/base64.h"
#include "codeless/base/json_pointer.h"
#include "codeless/base/spelling.h"
#include "codeless/descriptor/json_document.h"
#include "codeless/descriptor/schema_check.h"
#include "codeless/diag/rules.h"

namespace codeless::descriptor {
namespace {

using nlohmann::json;
namespace rules = diag::rules;
using Keys = std::span<const std::string_view>;
using base::AppendPointer;

constexpr std::string_view kCommentKey = "$comment";
constexpr std::string_view kDataKey = "$data";

constexpr std::string_view kTopKeys[] = {
    "$schema", "formatVersion", "bundle", "kext", "dext", "personalities"};
constexpr std::string_view kBundleKeys[] = {"identifier",   "name",
                                            "bundleName",   "version",
                                            "shortVersion", "usageDescription",
                                            "copyright",    "developmentRegion",
                                            "properties"};
constexpr std::string_view kKextKeys[] = {"driver", "bundleRequired"};
constexpr std::string_view kDextKeys[] = {"class", "superclass", "serverName",
                                          "minimumDriverKitVersion",
                                          "entitlements"};
constexpr std::string_view kPersonalityKeys[] = {
    "name",       "provider",      "match",      "driver",
    "probeScore", "matchCategory", "properties", "targets"};
constexpr std::string_view kDriverKeys[] = {"class", "bundle"};
constexpr std::string_view kPciEntryKeys[] = {"vendor", "device", "vendorMask",
                                              "deviceMask"};
constexpr std::string_view kPciClassKeys[] = {"class", "mask"};
constexpr std::string_view kUsagePairKeys[] = {"DeviceUsagePage",
                                               "DeviceUsage"};
constexpr std::string_view kBundleRequiredValues[] = {
    "Root", "Local-Root", "Network-Root", "Safe Boot", "Console"};

// Top-level Info.plist keys that codeless writes itself (kext or dext).
constexpr std::string_view kReservedBundleKeys[] = {
    "CFBundleDevelopmentRegion",
    "CFBundleExecutable",
    "CFBundleIdentifier",
    "CFBundleInfoDictionaryVersion",
    "CFBundleName",
    "CFBundlePackageType",
    "CFBundleShortVersionString",
    "CFBundleVersion",
    "IOKitPersonalities",
    "NSHumanReadableCopyright",
    "OSBundleRequired",
    "OSBundleUsageDescription",
    "OSMinimumDriverKitVersion"};
// Personality keys that codeless writes itself (besides the matching keys).
constexpr std::string_view kReservedPersonalityKeys[] = {
    "CFBundleIdentifier",
    "CFBundleIdentifierKernel",
    "IOClass",
    "IOProviderClass",
    "IOProbeScore",
    "IOMatchCategory",
    "IOUserClass",
    "IOUserServerName"};

std::string_view TypeName(const json& value) {
  switch (value.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return "an integer";
    case json::value_t::number_float:
      return "a non-integer number";
    case json::value_t::string:
      return "a string";
    case json::value_t::array:
      return "an array";
    case json::value_t::object:
      return "an object";
    default:
      return "a value";
  }
}

// "/personalities/0/match/idVendor" -> "personalities[0].match.idVendor"
std::string DisplayPath(std::string_view pointer) {
  std::string out;
  for (const std::string& token : base::SplitPointer(pointer)) {
    bool is_index = !token.empty() &&
                    std::all_of(token.begin(), token.end(),
                                [](char c) { return c >= '0' && c <= '9'; });
    if (is_index) {
      out += fmt::format("[{}]", token);
    } else {
      if (!out.empty()) out += '.';
      out += token;
    }
  }
  return out.empty() ? "the descriptor" : out;
}

std::string KeyList(Keys keys) {
  std::string out;
  for (std::string_view key : keys) {
    if (key.starts_with('$')) continue;
    if (!out.empty()) out += ", ";
    out += key;
  }
  return out;
}

bool Contains(Keys keys, std::string_view key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

// A key codeless sets at the top level, or an architecture variant of one
// (OSBundleRequired_x86_64): the loader prefers "IO*"/"OS*" keys suffixed
// with the running architecture over the plain key (domain.md §3.2).
bool IsReservedBundleKey(std::string_view key) {
  if (Contains(kReservedBundleKeys, key)) return true;
  if (!key.starts_with("IO") && !key.starts_with("OS")) return false;
  // Architecture names hold underscores too (x86_64): try every split.
  for (size_t underscore = key.find('_'); underscore != std::string_view::npos;
       underscore = key.find('_', underscore + 1)) {
    if (Contains(kReservedBundleKeys, key.substr(0, underscore))) return true;
  }
  return false;
}

// Walks the DOM, reporting every problem and filling the model.
class Reader {
 public:
  Reader(const diag::SourceFile& file, diag::Diagnostics& diags)
      : file_(file), diags_(diags) {}

  std::optional<model::Descriptor> Read(const json& root) {
    model::Descriptor descriptor;
    descriptor.source = &file_;
    if (!ExpectObject(root, "", kTopKeys)) return std::nullopt;
    ReadFormatVersion(root);
    if (const json* bundle = Require(root, "", "bundle"))
      ReadBundle(*bundle, descriptor.bundle);
    if (root.contains("kext")) descriptor.kext = ReadKext(root["kext"]);
    if (root.contains("dext"))
      descriptor.dext = ReadDext(root["dext"], descriptor.bundle);
    if (!root.contains("kext") && !root.contains("dext")) {
      diags_.Error(rules::kDescMissingKey, Here("", diag::Part::kValue),
                   "the descriptor has neither a \"kext\" nor a \"dext\" "
                   "section; add one to say "
                   "what to generate");
    }
    if (root.contains("dext") && root.contains("bundle") &&
        root["bundle"].is_object() &&
        !root["bundle"].contains("usageDescription")) {
      diags_.Error(rules::kDescMissingKey, Here("/bundle", diag::Part::kValue),
                   "\"bundle\" needs \"usageDescription\" when the descriptor "
                   "has a \"dext\" "
                   "section: the system refuses to activate a dext without "
                   "OSBundleUsageDescription");
    }
    if (const json* list = Require(root, "", "personalities"))
      ReadPersonalities(*list, descriptor);
    if (diags_.error_count() != errors_at_start_) return std::nullopt;
    if (descriptor.dext) {
      for (const auto& p : descriptor.personalities) {
        if (p.for_dext && descriptor.dext->class_name == p.provider) {
          diags_.Error(
              rules::kDescCppName, Here("/dext/class", diag::Part::kValue),
              "\"dext.class\" must differ from the provider class it matches");
          break;
        }
      }
    }
    if (diags_.error_count() != errors_at_start_) return std::nullopt;
    return descriptor;
  }

 private:
  diag::Location Here(std::string_view pointer, diag::Part part) const {
    return diag::Location::Pointer(file_, std::string(pointer), part);
  }

  void TypeError(const json& value, std::string_view pointer,
                 std::string_view expected) {
    diags_.Error(rules::kDescType, Here(pointer, diag::Part::kValue),
                 fmt::format("\"{}\" must be {}, not {}", DisplayPath(pointer),
                             expected, TypeName(value)));
  }

  // Checks that `value` is an object whose keys are all in `known` (or
  // "$comment"); reports unknown keys with the closest known one.
  bool ExpectObject(const json& value, std::string_view pointer, Keys known) {
    if (!value.is_object()) {
      TypeError(value, pointer, "an object");
      return false;
    }
    for (const auto& [key, member] : value.items()) {
      if (key == kCommentKey || Contains(known, key)) continue;
      std::string suggestion = base::ClosestMatch(key, known);
      if (!suggestion.empty())
        suggested_.insert(AppendPointer(pointer, suggestion));
      std::string where = pointer.empty()
                              ? "at the top level"
                              : fmt::format("in \"{}\"", DisplayPath(pointer));
      diags_.Error(
          rules::kDescUnknownKey,
          Here(AppendPointer(pointer, key), diag::Part::kKey),
          suggestion.empty()
              ? fmt::format("unknown key \"{}\" {}; the known keys are {}", key,
                            where, KeyList(known))
              : fmt::format("unknown key \"{}\" {}; did you mean \"{}\"?", key,
                            where, suggestion));
    }
    return true;
  }

  const json* Require(const json& object, std::string_view pointer,
                      std::string_view key) {
    if (object.is_object() && object.contains(key))
      return &object[std::string(key)];
    // A misspelling of this key was already reported with the right name.
    if (suggested_.count(AppendPointer(pointer, key)) != 0) return nullptr;
    diags_.Error(rules::kDescMissingKey, Here(pointer, diag::Part::kValue),
                 fmt::format("{} is missing the required key \"{}\"",
                             pointer.empty()
                                 ? "the descriptor"
                                 : fmt::format("\"{}\"", DisplayPath(pointer)),
                             key));
    return nullptr;
  }

  // A string free of control characters other than tab and line feed,
  // which XML 1.0 (and so a plist) cannot carry.
  std::optional<std::string> String(const json& value, std::string_view pointer,
                                    bool allow_empty = false) {
    if (!value.is_string()) {
      TypeError(value, pointer, "a string");
      return std::nullopt;
    }
    const std::string& text = value.get_ref<const std::string&>();
    if (!allow_empty && text.empty()) {
      diags_.Error(
          rules::kDescValue, Here(pointer, diag::Part::kValue),
          fmt::format("\"{}\" must not be empty", DisplayPath(pointer)));
      return std::nullopt;
    }
    if (!CheckPlistText(text, pointer, diag::Part::kValue)) return std::nullopt;
    return text;
  }

  bool CheckPlistText(std::string_view text, std::string_view pointer,
                      diag::Part part) {
    for (char c : text) {
      auto byte = static_cast<unsigned char>(c);
      if ((byte < 0x20 && c != '\t' && c != '\n') || byte == 0x7F) {
        diags_.Error(
            rules::kDescValue, Here(pointer, part),
            fmt::format(
                "\"{}\" contains the control character U+{:04X}, which a plist "
                "cannot hold; remove it",
                DisplayPath(pointer), byte));
        return false;
      }
    }
    return true;
  }

  std::optional<std::string> OptionalString(const json& object,
                                            std::string_view pointer,
                                            std::string_view key,
                                            bool allow_empty = false) {
    if (!object.contains(key)) return std::nullopt;
    return String(object[std::string(key)], AppendPointer(pointer, key),
                  allow_empty);
  }

  std::optional<std::string> RequiredString(const json& object,
                                            std::string_view pointer,
                                            std::string_view key) {
    const json* value = Require(object, pointer, key);
    if (value == nullptr) return std::nullopt;
    return String(*value, AppendPointer(pointer, key));
  }

  // An integer written as a JSON integer or a hex or decimal string, within
  // [min, max]. `what` names the range for the message ("bInterfaceClass").
  std::optional<int64_t> Integer(const json& value, std::string_view pointer,
                                 int64_t min, int64_t max,
                                 std::string_view what) {
    int64_t result = 0;
    bool too_large = false;
    if (value.is_number_integer() && !value.is_number_unsigned()) {
      result = value.get<int64_t>();
    } else if (value.is_number_unsigned()) {
      uint64_t u = value.get<uint64_t>();
      too_large = u > static_cast<uint64_t>(INT64_MAX);
      result = static_cast<int64_t>(u);
    } else if (value.is_string()) {
      const std::string& text = value.get_ref<const std::string&>();
      std::string_view digits = text;
      int base = 10;
      if (digits.starts_with("0x") || digits.starts_with("0X")) {
        digits.remove_prefix(2);
        base = 16;
      }
      uint64_t parsed = 0;
      auto [end, ec] = std::from_chars(
          digits.data(), digits.data() + digits.size(), parsed, base);
      if (digits.empty() || end != digits.data() + digits.size() ||
          (ec != std::errc() && ec != std::errc::result_out_of_range)) {
        diags_.Error(
            rules::kDescValue, Here(pointer, diag::Part::kValue),
            fmt::format("\"{}\" is \"{}\", which is not an integer; write a "
                        "JSON number "
                        "or a hex (\"0x05AC\") or decimal (\"1452\") string",
                        DisplayPath(pointer), text));
        return std::nullopt;
      }
      too_large = ec == std::errc::result_out_of_range ||
                  parsed > static_cast<uint64_t>(INT64_MAX);
      result = static_cast<int64_t>(parsed);
    } else if (value.is_number_float() && std::isfinite(value.get<double>()) &&
               std::floor(value.get<double>()) == value.get<double>() &&
               std::fabs(value.get<double>()) >= 9.2e18) {
      // An integer too long for 64 bits, kept as a float by the JSON parser.
      too_large = true;
    } else {
      TypeError(value, pointer,
                "an integer (a JSON number or a hex or decimal string)");
      return std::nullopt;
    }
    if (too_large || result < min || result > max) {
      std::string shown = value.is_string()         ? value.get<std::string>()
                          : value.is_number_float() ? SourceToken(pointer)
                                                    : value.dump();
      std::string range = min < 0 ? fmt::format("{} to {}", min, max)
                                  : fmt::format("{} to {}, 0x{:X} to 0x{:X}",
                                                min, max, min, max);
      diags_.Error(rules::kDescRange, Here(pointer, diag::Part::kValue),
                   fmt::format("\"{}\" is {}, outside the range of {} ({})",
                               DisplayPath(pointer), shown, what, range));
      return std::nullopt;
    }
    return result;
  }

  // The number at `pointer` as the file spells it (a float's dump would
  // show 99999999999999999999 as 1e+20).
  std::string SourceToken(std::string_view pointer) const {
    std::string_view text = file_.text();
    size_t start =
        file_.Locate(pointer, diag::Part::kValue).value_or(text.size());
    size_t end = start;
    while (end < text.size() &&
           std::string_view("0123456789+-.eE").find(text[end]) !=
               std::string_view::npos) {
      ++end;
    }
    return std::string(text.substr(start, end - start));
  }

  bool Boolean(const json& value, std::string_view pointer) {
    if (!value.is_boolean()) {
      TypeError(value, pointer, "true or false");
      return false;
    }
    return true;
  }

  // Any JSON value a plist can hold: strings, integers, booleans, arrays,
  // objects and {"$data": BASE64}. "$comment" members are dropped.
  std::optional<plist::Value> PlistValue(const json& value,
                                         std::string_view pointer) {
    switch (value.type()) {
      case json::value_t::string: {
        auto text = String(value, pointer, /*allow_empty=*/true);
        if (!text) return std::nullopt;
        return plist::Value(std::move(*text));
      }
      case json::value_t::boolean:
        return plist::Value(value.get<bool>());
      case json::value_t::number_integer:
      case json::value_t::number_unsigned: {
        auto number =
            Integer(value, pointer, INT64_MIN, INT64_MAX, "a plist integer");
        if (!number) return std::nullopt;
        return plist::Value(*number);
      }
      case json::value_t::number_float:
        if (std::floor(value.get<double>()) == value.get<double>()) {
          // A whole number too long for 64 bits: say so, not "non-integer".
          Integer(value, pointer, INT64_MIN, INT64_MAX, "a plist integer");
          return std::nullopt;
        }
        diags_.Error(
            rules::kDescType, Here(pointer, diag::Part::kValue),
            fmt::format(
                "\"{}\" is a non-integer number; kernel plists have no <real>, "
                "so write an integer or a string",
                DisplayPath(pointer)));
        return std::nullopt;
      case json::value_t::array: {
        plist::Array array;
        bool ok = true;
        for (size_t i = 0; i < value.size(); ++i) {
          auto item = PlistValue(value[i], AppendPointer(pointer, i));
          if (item) {
            array.push_back(std::move(*item));
          } else {
            ok = false;
          }
        }
        if (!ok) return std::nullopt;
        return plist::Value(std::move(array));
      }
      case json::value_t::object: {
        if (value.contains(kDataKey)) return DataValue(value, pointer);
        auto dict = PlistDict(value, pointer);
        if (!dict) return std::nullopt;
        return plist::Value(std::move(*dict));
      }
      default:
        diags_.Error(
            rules::kDescType, Here(pointer, diag::Part::kValue),
            fmt::format(
                "\"{}\" is null, which a plist cannot hold; remove the key or "
                "give a value",
                DisplayPath(pointer)));
        return std::nullopt;
    }
  }

  std::optional<plist::Value> DataValue(const json& value,
                                        std::string_view pointer) {
    std::string data_pointer = AppendPointer(pointer, kDataKey);
    for (const auto& [key, member] : value.items()) {
      if (key != kDataKey && key != kCommentKey) {
        diags_.Error(
            rules::kDescUnknownKey,
            Here(AppendPointer(pointer, key), diag::Part::kKey),
            fmt::format(
                "unknown key \"{}\" beside \"$data\"; a data object holds only "
                "\"$data\" (and \"$comment\")",
                key));
        return std::nullopt;
      }
    }
    const json& encoded = value[std::string(kDataKey)];
    if (!encoded.is_string()) {
      TypeError(encoded, data_pointer, "a Base64 string");
      return std::nullopt;
    }
    auto bytes = base::Base64Decode(encoded.get_ref<const std::string&>(),
                                    /*skip_whitespace=*/false);
    if (!bytes) {
      diags_.Error(
          rules::kDescValue, Here(data_pointer, diag::Part::kValue),
          fmt::format(
              "\"{}\" is not valid Base64 (RFC 4648 alphabet, '=' padding, a "
              "multiple of 4 characters)",
              DisplayPath(data_pointer)));
      return std::nullopt;
    }
    return plist::Value(plist::Data{std::move(*bytes)});
  }

  std::optional<plist::Dict> PlistDict(const json& value,
                                       std::string_view pointer) {
    if (!value.is_object()) {
      TypeError(value, pointer, "an object");
      return std::nullopt;
    }
    plist::Dict dict;
    bool ok = true;
    for (const auto& [key, member] : value.items()) {
      if (key == kCommentKey) continue;
      std::string member_pointer = AppendPointer(pointer, key);
      if (key == kDataKey) {
        diags_.Error(
            rules::kDescValue, Here(member_pointer, diag::Part::kKey),
            fmt::format(
                "\"{}\" must be a dictionary, but an object with \"$data\" "
                "stands for <data>; put the data object under a key",
                DisplayPath(pointer)));
        ok = false;
        continue;
      }
      if (!CheckPlistText(key, member_pointer, diag::Part::kKey)) {
        ok = false;
        continue;
      }
      auto item = PlistValue(member, member_pointer);
      if (item) {
        dict.emplace(key, std::move(*item));
      } else {
        ok = false;
      }
    }
    if (!ok) return std::nullopt;
    return dict;
  }

  void ReadFormatVersion(const json& root) {
    const json* version = Require(root, "", "formatVersion");
    if (version == nullptr) return;
    if (!version->is_number_integer()) {
      TypeError(*version, "/formatVersion", "the integer 1");
      return;
    }
    if (version->get<int64_t>() != 1) {
      diags_.Error(
          rules::kDescFormatVersion, Here("/formatVersion", diag::Part::kValue),
          fmt::format(
              "format version {} is not supported; this codeless reads format "
              "version 1",
              version->dump()));
    }
  }

  void ReadBundle(const json& value, model::Bundle& bundle) {
    constexpr std::string_view p = "/bundle";
    if (!ExpectObject(value, p, kBundleKeys)) return;
    if (auto identifier = RequiredString(value, p, "identifier")) {
      if (auto problem = apple::BundleIdentifierProblem(*identifier)) {
        diags_.Error(rules::kDescIdentifier,
                     Here("/bundle/identifier", diag::Part::kValue),
                     fmt::format("\"bundle.identifier\" \"{}\" is not a valid "
                                 "bundle identifier: {}",
                                 *identifier, *problem));
      }
      bundle.identifier = std::move(*identifier);
    }
    if (auto name = RequiredString(value, p, "name")) {
      bool ok = name->size() <= 200 &&
                ((*name)[0] != '.' && (*name)[0] != '-' && (*name)[0] != '_') &&
                std::all_of(name->begin(), name->end(), [](char c) {
                  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                         (c >= '0' && c <= '9') || c == '_' || c == '.' ||
                         c == '-';
                });
      if (!ok) {
        diags_.Error(
            rules::kDescName, Here("/bundle/name", diag::Part::kValue),
            fmt::format(
                "\"bundle.name\" \"{}\" must be a plain file name: a letter or "
                "digit, then letters, digits, '_', '.' or '-' (no '/', no "
                "spaces); "
                "put a display name in \"bundleName\"",
                *name));
      }
      bundle.name = std::move(*name);
    }
    bundle.bundle_name =
        OptionalString(value, p, "bundleName").value_or(bundle.name);
    if (auto version = RequiredString(value, p, "version")) {
      CheckVersion(*version, "/bundle/version");
      bundle.version = std::move(*version);
    }
    bundle.short_version =
        OptionalString(value, p, "shortVersion").value_or(bundle.version);
    bundle.usage_description =
        OptionalString(value, p, "usageDescription", /*allow_empty=*/true);
    bundle.copyright = OptionalString(value, p, "copyright");
    bundle.development_region =
        OptionalString(value, p, "developmentRegion").value_or("en");
    if (value.contains("properties")) {
      std::string properties_pointer = "/bundle/properties";
      if (auto dict = PlistDict(value["properties"], properties_pointer)) {
        for (const auto& [key, item] : *dict) {
          if (IsReservedBundleKey(key)) {
            diags_.Error(
                rules::kDescReservedKey,
                Here(AppendPointer(properties_pointer, key), diag::Part::kKey),
                Contains(kReservedBundleKeys, key)
                    ? fmt::format("\"bundle.properties\" may not set \"{}\": "
                                  "codeless writes that key itself from the "
                                  "descriptor",
                                  key)
                    : fmt::format(
                          "\"bundle.properties\" may not set \"{}\": "
                          "on that architecture the loader would take it "
                          "instead of the key codeless writes",
                          key));
          }
        }
        bundle.properties = std::move(*dict);
      }
    }
  }

  void CheckVersion(const std::string& version, std::string_view pointer) {
    std::string why;
    auto parsed = apple::ParseKextVersion(version, &why);
    if (version.size() > 63) {
      diags_.Error(
          rules::kDescVersion, Here(pointer, diag::Part::kValue),
          fmt::format(
              "\"{}\" is {} characters long; the loader allows at most 63",
              DisplayPath(pointer), version.size()));
    } else if (!parsed) {
      diags_.Error(
          rules::kDescVersion, Here(pointer, diag::Part::kValue),
          fmt::format(
              "\"{}\" \"{}\" is not a kext version: {}; use "
              "MAJOR[.MINOR[.REVISION]] with an optional stage such as 1.2.3b4",
              DisplayPath(pointer), version, why));
    } else if (parsed->consumed != version.size()) {
      diags_.Error(
          rules::kDescVersion, Here(pointer, diag::Part::kValue),
          fmt::format(
              "\"{}\" \"{}\" has text after the version, which the loader "
              "ignores; remove it",
              DisplayPath(pointer), version));
    } else if (parsed->long_components) {
      diags_.Warning(
          rules::kBundleVersionDigits, Here(pointer, diag::Part::kValue),
          fmt::format(
              "\"{}\" \"{}\" has a minor or revision number of more than two "
              "digits; Apple documents at most two",
              DisplayPath(pointer), version));
    }
  }

  std::optional<model::DriverRef> ReadDriver(const json& value,
                                             std::string_view pointer) {
    model::DriverRef driver;
    driver.pointer = std::string(pointer);
    if (value.is_string()) {
      auto name = String(value, pointer);
      if (!name) return std::nullopt;
      driver.class_name = *name;
    } else if (value.is_object()) {
      if (!ExpectObject(value, pointer, kDriverKeys)) return std::nullopt;
      auto class_name = RequiredString(value, pointer, "class");
      auto bundle = RequiredString(value, pointer, "bundle");
      if (!class_name || !bundle) return std::nullopt;
      if (auto problem = apple::BundleIdentifierProblem(*bundle)) {
        diags_.Error(
            rules::kDescIdentifier,
            Here(AppendPointer(pointer, "bundle"), diag::Part::kValue),
            fmt::format("\"{}\" \"{}\" is not a valid bundle identifier: {}",
                        DisplayPath(AppendPointer(pointer, "bundle")), *bundle,
                        *problem));
      }
      driver.class_name = *class_name;
      driver.bundle = *bundle;
      driver.pointer = AppendPointer(pointer, "class");
    } else {
      TypeError(value, pointer,
                "a class name or an object {\"class\", \"bundle\"}");
      return std::nullopt;
    }
    if (!apple::IsClassName(driver.class_name)) {
      diags_.Error(
          rules::kDescValue, Here(driver.pointer, diag::Part::kValue),
          fmt::format("\"{}\" is not a class name (letters, digits and '_')",
                      driver.class_name));
      return std::nullopt;
    }
    return driver;
  }

  std::optional<model::KextSection> ReadKext(const json& value) {
    constexpr std::string_view p = "/kext";
    model::KextSection kext;
    if (!ExpectObject(value, p, kKextKeys)) return kext;
    if (value.contains("driver"))
      kext.driver = ReadDriver(value["driver"], "/kext/driver");
    if (auto required = OptionalString(value, p, "bundleRequired")) {
      if (!Contains(kBundleRequiredValues, *required)) {
        std::string suggestion =
            base::ClosestMatch(*required, kBundleRequiredValues);
        diags_.Error(
            rules::kDescValue, Here("/kext/bundleRequired", diag::Part::kValue),
            fmt::format(
                "\"kext.bundleRequired\" \"{}\" is not one of Root, "
                "Local-Root, "
                "Network-Root, Safe Boot, Console{}",
                *required,
                suggestion.empty()
                    ? ""
                    : fmt::format("; did you mean \"{}\"?", suggestion)));
      }
      kext.bundle_required = std::move(*required);
    }
    return kext;
  }

  std::optional<model::DextSection> ReadDext(const json& value,
                                             const model::Bundle& bundle) {
    constexpr std::string_view p = "/dext";
    model::DextSection dext;
    if (!ExpectObject(value, p, kDextKeys)) return dext;
    if (auto class_name = RequiredString(value, p, "class")) {
      if (auto problem = apple::CppClassNameProblem(*class_name)) {
        diags_.Error(
            rules::kDescCppName, Here("/dext/class", diag::Part::kValue),
            fmt::format(
                "\"dext.class\" \"{}\" cannot name the generated C++ class: {}",
                *class_name, *problem));
      }
      dext.class_name = std::move(*class_name);
    }
    if (auto superclass = RequiredString(value, p, "superclass"))
      dext.superclass = std::move(*superclass);
    dext.server_name =
        OptionalString(value, p, "serverName").value_or(bundle.identifier);
    if (auto minimum = OptionalString(value, p, "minimumDriverKitVersion")) {
      bool ok =
          !minimum->empty() &&
          std::isdigit(static_cast<unsigned char>((*minimum)[0])) &&
          std::count(minimum->begin(), minimum->end(), '.') <= 2 &&
          std::all_of(
              minimum->begin(), minimum->end(),
              [](char c) { return c == '.' || (c >= '0' && c <= '9'); }) &&
          minimum->back() != '.' && minimum->find("..") == std::string::npos;
      if (!ok) {
        diags_.Error(
            rules::kDescValue,
            Here("/dext/minimumDriverKitVersion", diag::Part::kValue),
            fmt::format(
                "\"dext.minimumDriverKitVersion\" \"{}\" must be a DriverKit "
                "version such as \"20.0\" or \"21.4\"",
                *minimum));
      }
      dext.minimum_driverkit_version = std::move(*minimum);
    }
    if (value.contains("entitlements")) {
      if (auto dict = PlistDict(value["entitlements"], "/dext/entitlements")) {
        dext.entitlements = std::move(*dict);
      }
    }
    return dext;
  }

  void ReadPersonalities(const json& value, model::Descriptor& descriptor) {
    constexpr std::string_view p = "/personalities";
    if (!value.is_array()) {
      TypeError(value, p, "an array of personalities");
      return;
    }
    if (value.empty()) {
      diags_.Error(rules::kDescValue, Here(p, diag::Part::kValue),
                   "\"personalities\" is empty; a driver needs at least one "
                   "personality to match "
                   "anything");
      return;
    }
    descriptor.personalities.reserve(value.size());
    std::map<std::string, size_t> names;
    for (size_t i = 0; i < value.size(); ++i) {
      if (diags_.limit_reached()) return;
      model::Personality personality;
      personality.index = i;
      if (!ReadPersonality(value[i], personality)) continue;
      auto [it, inserted] = names.emplace(personality.name, i);
      if (!inserted) {
        diags_.Error(
            rules::kDescDuplicateName,
            Here(personality.Pointer("name"), diag::Part::kValue),
            fmt::format(
                "personality name \"{}\" is already used by personalities[{}]; "
                "names become IOKitPersonalities keys and must be unique",
                personality.name, it->second));
        continue;
      }
      descriptor.personalities.push_back(std::move(personality));
    }
  }

  bool ReadPersonality(const json& value, model::Personality& personality) {
    std::string p = personality.Pointer();
    size_t errors_before = diags_.error_count();
    if (!ExpectObject(value, p, kPersonalityKeys)) return false;
    if (auto name = RequiredString(value, p, "name")) {
      if (std::isspace(static_cast<unsigned char>(name->front())) ||
          std::isspace(static_cast<unsigned char>(name->back()))) {
        diags_.Error(
            rules::kDescValue,
            Here(personality.Pointer("name"), diag::Part::kValue),
            fmt::format(
                "personality name \"{}\" has leading or trailing white space; "
                "remove it",
                *name));
      }
      personality.name = std::move(*name);
    }
    if (auto provider = RequiredString(value, p, "provider")) {
      if (!apple::IsClassName(*provider)) {
        diags_.Error(
            rules::kDescValue,
            Here(personality.Pointer("provider"), diag::Part::kValue),
            fmt::format(
                "\"provider\" \"{}\" is not a class name (letters, digits and "
                "'_'), such as IOUSBHostInterface",
                *provider));
      }
      personality.provider = std::move(*provider);
    }
    if (const json* match = Require(value, p, "match"))
      ReadMatch(*match, personality);
    if (value.contains("driver"))
      personality.driver =
          ReadDriver(value["driver"], personality.Pointer("driver"));
    if (value.contains("probeScore")) {
      personality.probe_score =
          Integer(value["probeScore"], personality.Pointer("probeScore"),
                  INT32_MIN, INT32_MAX, "IOProbeScore");
    }
    personality.match_category = OptionalString(value, p, "matchCategory");
    if (value.contains("properties")) {
      std::string properties_pointer = personality.Pointer("properties");
      if (auto dict = PlistDict(value["properties"], properties_pointer)) {
        for (const auto& [key, item] : *dict) {
          if (Contains(kReservedPersonalityKeys, key) ||
              personality.match.contains(key)) {
            diags_.Error(
                rules::kDescReservedKey,
                Here(AppendPointer(properties_pointer, key), diag::Part::kKey),
                fmt::format("\"properties\" may not set \"{}\": codeless "
                            "writes that key "
                            "from the personality's {}",
                            key,
                            personality.match.contains(key) ? "\"match\""
                                                            : "other members"));
          }
        }
        personality.properties = std::move(*dict);
      }
    }
    if (value.contains("targets")) ReadTargets(value["targets"], personality);
    return diags_.error_count() == errors_before;
  }

  void ReadTargets(const json& value, model::Personality& personality) {
    std::string p = personality.Pointer("targets");
    if (!value.is_array() || value.empty()) {
      TypeError(value, p, "a non-empty array of \"kext\" and \"dext\"");
      return;
    }
    personality.for_kext = personality.for_dext = false;
    for (size_t i = 0; i < value.size(); ++i) {
      std::string item_pointer = AppendPointer(p, i);
      auto target = String(value[i], item_pointer);
      if (!target) continue;
      bool& flag =
          *target == "kext" ? personality.for_kext : personality.for_dext;
      if (*target != "kext" && *target != "dext") {
        diags_.Error(
            rules::kDescValue, Here(item_pointer, diag::Part::kValue),
            fmt::format("target \"{}\" is neither \"kext\" nor \"dext\"",
                        *target));
      } else if (flag) {
        diags_.Error(rules::kDescValue, Here(item_pointer, diag::Part::kValue),
                     fmt::format("target \"{}\" is listed twice", *target));
      } else {
        flag = true;
      }
    }
  }

  void ReadMatch(const json& value, model::Personality& personality) {
    std::string p = personality.Pointer("match");
    if (!value.is_object()) {
      TypeError(value, p, "an object of IOKit matching keys (it may be {})");
      return;
    }
    static const std::vector<std::string_view> kKnown = [] {
      std::vector<std::string_view> names;
      for (const auto& key : apple::MatchingKeys()) names.push_back(key.name);
      return names;
    }();
    if (!ExpectObject(value, p, kKnown)) return;
    apple::Family provider_family = apple::ProviderFamily(personality.provider);
    for (const auto& [name, member] : value.items()) {
      const apple::MatchingKey* key = apple::FindMatchingKey(name);
      if (key == nullptr) continue;  // reported above
      std::string key_pointer = AppendPointer(p, name);
      if (key->family != apple::Family::kAny &&
          provider_family != apple::Family::kAny &&
          key->family != provider_family) {
        diags_.Warning(
            rules::kDescMatchFamily, Here(key_pointer, diag::Part::kKey),
            fmt::format(
                "\"{}\" is a {} matching key, but provider {} is a {} class "
                "and never looks at it; remove the key or change the provider",
                name, apple::FamilyName(key->family), personality.provider,
                apple::FamilyName(provider_family)));
      }
      if (auto converted = MatchValue(*key, member, key_pointer)) {
        personality.match.emplace(name, std::move(*converted));
      }
    }
  }

  std::optional<plist::Value> MatchValue(const apple::MatchingKey& key,
                                         const json& value,
                                         const std::string& pointer) {
    switch (key.kind) {
      case apple::KeyKind::kInteger: {
        if (key.wildcard && value.is_string() &&
            value.get_ref<const std::string&>() == "*") {
          return plist::Value("*");
        }
        auto number = Integer(value, pointer, key.min, key.max, key.name);
        if (!number) return std::nullopt;
        return plist::Value(*number);
      }
      case apple::KeyKind::kIntegerArray: {
        if (!value.is_array() || value.empty()) {
          TypeError(value, pointer, "a non-empty array of integers");
          return std::nullopt;
        }
        plist::Array items;
        for (size_t i = 0; i < value.size(); ++i) {
          auto number = Integer(value[i], AppendPointer(pointer, i), key.min,
                                key.max, key.name);
          if (!number) return std::nullopt;
          items.emplace_back(*number);
        }
        return plist::Value(std::move(items));
      }
      case apple::KeyKind::kBoolean:
        if (!Boolean(value, pointer)) return std::nullopt;
        return plist::Value(value.get<bool>());
      case apple::KeyKind::kString: {
        auto text = String(value, pointer);
        if (!text) return std::nullopt;
        return plist::Value(std::move(*text));
      }
      case apple::KeyKind::kStringOrStrings:
        return OneOrMany(
            value, pointer, value.is_string(), "a string", "strings",
            [this](const json& item, const std::string& item_pointer)
                -> std::optional<plist::Value> {
              auto text = String(item, item_pointer);
              if (!text) return std::nullopt;
              return plist::Value(std::move(*text));
            });
      case apple::KeyKind::kDict: {
        auto dict = PlistDict(value, pointer);
        if (!dict) return std::nullopt;
        return plist::Value(std::move(*dict));
      }
      case apple::KeyKind::kDictOrDicts:
        return OneOrMany(
            value, pointer, value.is_object(), "an object", "objects",
            [this](const json& item, const std::string& item_pointer)
                -> std::optional<plist::Value> {
              auto dict = PlistDict(item, item_pointer);
              if (!dict) return std::nullopt;
              return plist::Value(std::move(*dict));
            });
      case apple::KeyKind::kPciMatch:
        return key.name == "IOPCIClassMatch"
                   ? PciClassMatch(value, pointer)
                   : PciMatch(key.name, value, pointer);
      case apple::KeyKind::kUsagePairs:
        return UsagePairs(value, pointer);
    }
    return std::nullopt;
  }

  // A matching value that is one item or a non-empty array of items
  // (IONameMatch, IOPropertyMatch, ...), each converted by `convert`.
  template <typename Convert>
  std::optional<plist::Value> OneOrMany(const json& value,
                                        const std::string& pointer, bool is_one,
                                        std::string_view one,
                                        std::string_view many,
                                        Convert convert) {
    if (is_one) return convert(value, pointer);
    if (!value.is_array()) {
      TypeError(value, pointer, fmt::format("{} or an array of {}", one, many));
      return std::nullopt;
    }
    if (value.empty()) {
      TypeError(value, pointer,
                fmt::format("{} or a non-empty array of {}", one, many));
      return std::nullopt;
    }
    plist::Array items;
    for (size_t i = 0; i < value.size(); ++i) {
      auto item = convert(value[i], AppendPointer(pointer, i));
      if (!item) return std::nullopt;
      items.push_back(std::move(*item));
    }
    return plist::Value(std::move(items));
  }

  std::optional<plist::Value> PciMatchString(std::string_view key,
                                             const json& value,
                                             const std::string& pointer) {
    auto text = String(value, pointer);
    if (!text) return std::nullopt;
    std::string why;
    if (!apple::ParsePciMatch(*text, &why)) {
      diags_.Error(
          rules::kMatchPciString, Here(pointer, diag::Part::kValue),
          fmt::format(
              "{} \"{}\" is not a PCI match string: {}; or give an array of "
              "{{\"vendor\", \"device\"}} objects",
              key, *text, why));
      return std::nullopt;
    }
    return plist::Value(std::move(*text));
  }

  // A match string, or [{vendor, device, vendorMask?, deviceMask?}, ...]
  // composed as 0xDDDDVVVV&0xMMMMmmmm: device in the high half.
  std::optional<plist::Value> PciMatch(std::string_view key, const json& value,
                                       const std::string& pointer) {
    if (value.is_string()) return PciMatchString(key, value, pointer);
    if (!value.is_array() || value.empty()) {
      TypeError(value, pointer,
                "a PCI match string or a non-empty array of {\"vendor\", "
                "\"device\"} objects");
      return std::nullopt;
    }
    std::string composed;
    for (size_t i = 0; i < value.size(); ++i) {
      std::string entry_pointer = AppendPointer(pointer, i);
      const json& entry = value[i];
      if (!ExpectObject(entry, entry_pointer, kPciEntryKeys))
        return std::nullopt;
      const json* vendor = Require(entry, entry_pointer, "vendor");
      const json* device = Require(entry, entry_pointer, "device");
      if (vendor == nullptr || device == nullptr) return std::nullopt;
      auto vendor_id = Integer(*vendor, AppendPointer(entry_pointer, "vendor"),
                               0, 0xFFFF, "a PCI vendor ID");
      auto device_id = Integer(*device, AppendPointer(entry_pointer, "device"),
                               0, 0xFFFF, "a PCI device ID");
      std::optional<int64_t> vendor_mask = 0xFFFF;
      std::optional<int64_t> device_mask = 0xFFFF;
      if (entry.contains("vendorMask")) {
        vendor_mask = Integer(entry["vendorMask"],
                              AppendPointer(entry_pointer, "vendorMask"), 0,
                              0xFFFF, "a 16-bit mask");
      }
      if (entry.contains("deviceMask")) {
        device_mask = Integer(entry["deviceMask"],
                              AppendPointer(entry_pointer, "deviceMask"), 0,
                              0xFFFF, "a 16-bit mask");
      }
      if (!vendor_id || !device_id || !vendor_mask || !device_mask)
        return std::nullopt;
      apple::PciMatchEntry composed_entry;
      composed_entry.value =
          static_cast<uint32_t>((*device_id << 16) | *vendor_id);
      composed_entry.mask =
          static_cast<uint32_t>((*device_mask << 16) | *vendor_mask);
      composed_entry.has_mask =
          entry.contains("vendorMask") || entry.contains("deviceMask");
      if (!composed.empty()) composed += ' ';
      composed += apple::FormatPciMatchEntry(composed_entry);
    }
    return plist::Value(std::move(composed));
  }

  // A match string, or {class, mask?}: a 24-bit class code (class,
  // subclass, programming interface) composed as 0xCCSSPP00&0xMMMMMM00.
  std::optional<plist::Value> PciClassMatch(const json& value,
                                            const std::string& pointer) {
    if (value.is_string())
      return PciMatchString("IOPCIClassMatch", value, pointer);
    if (!ExpectObject(value, pointer, kPciClassKeys)) return std::nullopt;
    const json* class_code = Require(value, pointer, "class");
    if (class_code == nullptr) return std::nullopt;
    auto code = Integer(*class_code, AppendPointer(pointer, "class"), 0,
                        0xFFFFFF, "a 24-bit PCI class code");
    std::optional<int64_t> mask = 0xFFFFFF;
    if (value.contains("mask")) {
      mask = Integer(value["mask"], AppendPointer(pointer, "mask"), 0, 0xFFFFFF,
                     "a 24-bit class-code mask");
    }
    if (!code || !mask) return std::nullopt;
    apple::PciMatchEntry entry{static_cast<uint32_t>(*code << 8),
                               static_cast<uint32_t>(*mask << 8), true};
    return plist::Value(apple::FormatPciMatchEntry(entry));
  }

  std::optional<plist::Value> UsagePairs(const json& value,
                                         const std::string& pointer) {
    if (!value.is_array() || value.empty()) {
      TypeError(value, pointer,
                "a non-empty array of {\"DeviceUsagePage\", \"DeviceUsage\"} "
                "objects");
      return std::nullopt;
    }
    plist::Array pairs;
    for (size_t i = 0; i < value.size(); ++i) {
      std::string pair_pointer = AppendPointer(pointer, i);
      if (!ExpectObject(value[i], pair_pointer, kUsagePairKeys))
        return std::nullopt;
      const json* page = Require(value[i], pair_pointer, "DeviceUsagePage");
      if (page == nullptr) return std::nullopt;
      plist::Dict pair;
      auto page_value =
          Integer(*page, AppendPointer(pair_pointer, "DeviceUsagePage"), 0,
                  0xFFFF, "DeviceUsagePage");
      if (!page_value) return std::nullopt;
      pair.emplace("DeviceUsagePage", *page_value);
      if (value[i].contains("DeviceUsage")) {
        auto usage = Integer(value[i]["DeviceUsage"],
                             AppendPointer(pair_pointer, "DeviceUsage"), 0,
                             0xFFFF, "DeviceUsage");
        if (!usage) return std::nullopt;
        pair.emplace("DeviceUsage", *usage);
      }
      pairs.emplace_back(std::move(pair));
    }
    return plist::Value(std::move(pairs));
  }

  const diag::SourceFile& file_;
  diag::Diagnostics& diags_;
  size_t errors_at_start_ = diags_.error_count();
  std::set<std::string> suggested_;  // pointers of keys a did-you-mean named
};

}  // namespace

struct PendingSchemaCheck::State {
  const diag::SourceFile* file = nullptr;
  std::future<std::vector<SchemaViolation>> violations;
};

PendingSchemaCheck::PendingSchemaCheck() = default;
PendingSchemaCheck::~PendingSchemaCheck() = default;
PendingSchemaCheck::PendingSchemaCheck(PendingSchemaCheck&&) noexcept = default;
PendingSchemaCheck& PendingSchemaCheck::operator=(
    PendingSchemaCheck&&) noexcept = default;

bool PendingSchemaCheck::Finish(diag::Diagnostics& diags) {
  if (!state_ || !state_->violations.valid()) return true;
  std::vector<SchemaViolation> violations = state_->violations.get();
  ReportSchemaViolations(violations, *state_->file, diags);
  return violations.empty();
}

std::optional<model::Descriptor> Read(diag::SourceFile& file,
                                      diag::Diagnostics& diags,
                                      PendingSchemaCheck* schema) {
  size_t first = diags.all().size();
  auto parsed = ParseJson(file, diags);
  if (!parsed) return std::nullopt;
  // The schema pass needs nothing from the reader: it runs on the other
  // core, sharing the DOM, which the last of the two to finish frees.
  auto document = std::make_shared<const nlohmann::json>(std::move(*parsed));
  auto pass = [shared = document]() mutable {
    std::vector<SchemaViolation> violations = ApplySchema(*shared);
    shared.reset();
    return violations;
  };
  // std::regex (in valijson) fills ctype<char>'s narrow() cache lazily,
  // which races with other users of the locale (GCC bug 77704; the writes
  // store the same values, but a race is a race). Fill it before the thread.
  const auto& ctype = std::use_facet<std::ctype<char>>(std::locale());
  for (int c = 0; c < 256; ++c) ctype.narrow(static_cast<char>(c), '\0');
  PendingSchemaCheck local;
  PendingSchemaCheck& pending = schema != nullptr ? *schema : local;
  pending.state_ = std::make_unique<PendingSchemaCheck::State>();
  pending.state_->file = &file;
  try {
    pending.state_->violations =
        std::async(std::launch::async, std::move(pass));
  } catch (const std::system_error&) {
    pending.state_->violations =
        std::async(std::launch::deferred, std::move(pass));
  }
  Reader reader(file, diags);
  auto descriptor = reader.Read(*document);
  document.reset();
  // The DOM iterates keys in sorted order; report in the file's order.
  diags.SortByPosition(first);
  if (!descriptor) return std::nullopt;
  // Without a caller to finish it, the schema pass is part of reading.
  if (schema == nullptr && !local.Finish(diags)) return std::nullopt;
  return descriptor;
}

}  // namespace codeless::descriptor
