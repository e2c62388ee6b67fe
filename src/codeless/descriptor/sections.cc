#include "codeless/descriptor/sections.h"

#include <fmt/format.h>

#include <algorithm>

#include "codeless/apple/identifiers.h"
#include "codeless/apple/info_keys.h"
#include "codeless/apple/kext_version.h"
#include "codeless/base/spelling.h"
#include "codeless/descriptor/personalities.h"
#include "codeless/diag/rules.h"

namespace codeless::descriptor {
namespace {

namespace rules = diag::rules;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::optional<model::Text> ReadText(ValueReader& reader, const JsonToken& token,
                                    bool allow_empty = false) {
  return reader.Text(token, allow_empty);
}

// A bundle identifier: what the loader refuses (empty, too long) is an
// error no one can disable (desc-identifier). What is not reverse DNS the
// loader accepts, since it checks only the length (apple/identifiers.h),
// so that is a lint rule of its own (desc-identifier-chars): an error
// unless lint.disable or --disable turns it off, which lets a descriptor
// keep an existing bundle's identifier; an underscore, which Apple ships
// itself, is a warning of that rule.
void CheckIdentifier(ValueReader& reader, const JsonToken& token,
                     std::string_view identifier) {
  apple::IdentifierCheck check = apple::CheckBundleIdentifier(identifier);
  switch (check.issue) {
    case apple::IdentifierIssue::kNone:
      return;
    case apple::IdentifierIssue::kRefused:
      reader.Error(rules::kDescIdentifier, token,
                   fmt::format("{} \"{}\" is not a valid bundle identifier: {}",
                               reader.QuotedPath(), identifier, check.why));
      return;
    case apple::IdentifierIssue::kNotReverseDns:
      reader.Error(rules::kDescIdentifierChars, token,
                   fmt::format("{} \"{}\" is not a valid bundle identifier: "
                               "{}; to keep an existing bundle's identifier, "
                               "add \"desc-identifier-chars\" to "
                               "\"lint.disable\"",
                               reader.QuotedPath(), identifier, check.why));
      return;
    case apple::IdentifierIssue::kUnderscore:
      reader.Warning(rules::kDescIdentifierChars, token,
                     fmt::format("{} \"{}\": {}", reader.QuotedPath(),
                                 identifier, check.why));
      return;
  }
}

void ReadFormatVersion(ValueReader& reader, const JsonToken& token) {
  if (token.type != JsonType::kNumber || !token.integer) {
    reader.TypeError(token, "the integer 1");
    return;
  }
  if (token.text != "1") {
    reader.Error(rules::kDescFormatVersion, token,
                 fmt::format("format version {} is not supported; this "
                             "codeless reads format version 1",
                             token.text));
  }
}

bool IsPlainFileName(std::string_view name) {
  return name.size() <= kMaxBundleNameLength && name[0] != '.' &&
         name[0] != '-' && name[0] != '_' &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                  IsDigit(c) || c == '_' || c == '.' || c == '-';
         });
}

// "20.0", "21.4.1": digits in up to three dot-separated components.
bool IsDriverKitVersion(std::string_view version) {
  if (version.empty() || version.size() > kMaxDriverKitVersionLength) {
    return false;
  }
  size_t components = 1;
  bool digit_before = false;
  for (char c : version) {
    if (c == '.') {
      if (!digit_before) return false;
      ++components;
      digit_before = false;
    } else if (IsDigit(c)) {
      digit_before = true;
    } else {
      return false;
    }
  }
  return digit_before && components <= 3;
}

// A CFBundleIdentifier value, checked.
std::optional<model::Text> ReadIdentifier(ValueReader& reader,
                                          const JsonToken& token) {
  auto text = ReadText(reader, token);
  if (text) CheckIdentifier(reader, token, text->value);
  return text;
}

// bundle.properties and personalities' properties may not set what codeless
// writes itself.
void CheckBundleProperties(ValueReader& reader, const plist::Dict& dict) {
  for (const auto& [key, item] : dict) {
    if (!apple::IsCodelessBundleKey(key)) continue;
    bool exact = apple::ArchVariantBase(key).empty();
    reader.diags().Error(
        rules::kDescReservedKey, reader.AtOrigin(item.tag(), diag::Part::kKey),
        exact ? fmt::format("\"bundle.properties\" may not set \"{}\": "
                            "codeless writes that key itself from the "
                            "descriptor",
                            key)
              : fmt::format("\"bundle.properties\" may not set \"{}\": on "
                            "that architecture the loader would take it "
                            "instead of the key codeless writes",
                            key));
  }
}

}  // namespace

void CheckVersion(ValueReader& reader, const JsonToken& token,
                  std::string_view version) {
  std::string why;
  auto parsed = apple::ParseCanonicalKextVersion(version, &why);
  if (version.size() > apple::kMaxVersionLength) {
    reader.Error(rules::kDescVersion, token,
                 fmt::format("\"{}\" is {} characters long; kextutil and "
                             "kmutil refuse more than {}; shorten it",
                             reader.DisplayPath(), version.size(),
                             apple::kMaxVersionLength));
  } else if (!parsed) {
    reader.Error(rules::kDescVersion, token,
                 fmt::format("\"{}\" \"{}\" is not a kext version: {}; use "
                             "MAJOR[.MINOR[.REVISION]] with an optional stage "
                             "such as 1.2.3b4",
                             reader.DisplayPath(), version, why));
  } else if (parsed->consumed != version.size()) {
    reader.Error(rules::kDescVersion, token,
                 fmt::format("\"{}\" \"{}\" has text after the version, which "
                             "the loader ignores; remove it",
                             reader.DisplayPath(), version));
  } else if (parsed->long_components) {
    reader.Warning(rules::kBundleVersionDigits, token,
                   fmt::format("\"{}\" \"{}\" has a minor or revision number "
                               "of more than two digits; Apple documents at "
                               "most two",
                               reader.DisplayPath(), version));
  }
}

std::optional<MemberSet> ReadBundle(ValueReader& reader, const JsonToken& token,
                                    model::Bundle& bundle) {
  bundle.origin = reader.Origin(token);
  std::optional<model::Text> bundle_name, short_version, region;
  // null: leave the key out (PRODUCT.md §2, Keeping an existing bundle's
  // exact keys).
  // CFBundleName too: neither loader reads it. IOKitUser OSKext.c's
  // __OSKextProcessInfoDictionary checks CFBundlePackageType,
  // CFBundleIdentifier, CFBundleVersion and optional OSBundle* keys; xnu
  // OSKext.cpp's setInfoDictionaryAndPath reads the identifier and the
  // version, and writes CFBundleName only into the kernel's own pseudo-kext.
  bool short_version_null = false;
  bool region_null = false;
  bool bundle_name_null = false;
  auto members = reader.ReadObject(
      token, BundleKeys(), [&](std::string_view name, const JsonToken& value) {
        if (name == "identifier") {
          if (auto text = ReadIdentifier(reader, value)) {
            bundle.identifier = std::move(*text);
          }
        } else if (name == "name") {
          if (auto text = ReadText(reader, value)) {
            if (!IsPlainFileName(text->value)) {
              reader.Error(
                  rules::kDescName, value,
                  fmt::format("\"bundle.name\" \"{}\" must be a plain file "
                              "name: a letter or digit, then letters, digits, "
                              "'_', '.' or '-' (no '/', no spaces){}; put a "
                              "display name in \"bundleName\"",
                              text->value,
                              text->value.size() > kMaxBundleNameLength
                                  ? fmt::format(", at most {} characters",
                                                kMaxBundleNameLength)
                                  : ""));
            }
            bundle.name = std::move(*text);
          }
        } else if (name == "bundleName") {
          bundle_name_null = value.type == JsonType::kNull;
          if (!bundle_name_null) bundle_name = ReadText(reader, value);
        } else if (name == "version") {
          if (auto text = ReadText(reader, value)) {
            CheckVersion(reader, value, text->value);
            bundle.version = std::move(*text);
          }
        } else if (name == "shortVersion") {
          short_version_null = value.type == JsonType::kNull;
          if (!short_version_null) short_version = ReadText(reader, value);
        } else if (name == "usageDescription") {
          bundle.usage_description =
              ReadText(reader, value, /*allow_empty=*/true);
        } else if (name == "copyright") {
          bundle.copyright = ReadText(reader, value);
        } else if (name == "developmentRegion") {
          region_null = value.type == JsonType::kNull;
          if (!region_null) region = ReadText(reader, value);
        } else if (name == "properties") {
          if (auto dict = reader.PlistDict(value)) {
            CheckBundleProperties(reader, *dict);
            bundle.properties = std::move(*dict);
          }
        }
      });
  if (!members) return std::nullopt;
  reader.RequireKey(*members, token, "identifier");
  reader.RequireKey(*members, token, "name");
  reader.RequireKey(*members, token, "version");
  if (!bundle_name_null) bundle.bundle_name = bundle_name.value_or(bundle.name);
  if (!short_version_null) {
    bundle.short_version = short_version.value_or(bundle.version);
  }
  if (!region_null)
    bundle.development_region = region.value_or(model::Text{"en"});
  return members;
}

std::optional<model::DriverRef> ReadDriver(ValueReader& reader,
                                           const JsonToken& token) {
  model::DriverRef driver;
  driver.origin = reader.Origin(token);
  if (token.type == JsonType::kString) {
    auto name = reader.Text(token);
    if (!name) return std::nullopt;
    driver.class_name = *name;
  } else if (token.type == JsonType::kObject) {
    std::optional<model::Text> class_name, bundle;
    auto members =
        reader.ReadObject(token, DriverKeys(),
                          [&](std::string_view name, const JsonToken& value) {
                            if (name == "class") {
                              class_name = ReadText(reader, value);
                            } else {
                              bundle = ReadText(reader, value);
                              if (bundle)
                                CheckIdentifier(reader, value, bundle->value);
                            }
                          });
    if (!members) return std::nullopt;
    reader.RequireKey(*members, token, "class");
    reader.RequireKey(*members, token, "bundle");
    if (!class_name || !bundle) return std::nullopt;
    driver.class_name = std::move(*class_name);
    driver.bundle = std::move(*bundle);
  } else {
    reader.TypeError(token,
                     "a class name or an object {\"class\", \"bundle\"}");
    return std::nullopt;
  }
  std::string path = reader.DisplayPath();
  if (token.type == JsonType::kObject) path += ".class";
  if (auto error =
          ClassNameError(path, driver.class_name.value, "AppleUSBACMData")) {
    reader.diags().Error(rules::kDescValue,
                         reader.AtOrigin(driver.class_name.origin),
                         std::move(*error));
    return std::nullopt;
  }
  return driver;
}

model::KextSection ReadKext(ValueReader& reader, const JsonToken& token) {
  model::KextSection kext;
  kext.origin = reader.Origin(token);
  reader.ReadObject(
      token, KextKeys(), [&](std::string_view name, const JsonToken& value) {
        if (name == "identifier") {
          kext.identifier = ReadIdentifier(reader, value);
        } else if (name == "driver") {
          kext.driver = ReadDriver(reader, value);
        } else if (name == "bundleRequired") {
          auto required = ReadText(reader, value);
          if (!required) return;
          if (!apple::IsKextBundleRequired(required->value)) {
            std::string suggestion = base::ClosestMatch(
                required->value, apple::KextBundleRequiredValues());
            reader.Error(
                rules::kDescValue, value,
                fmt::format(
                    "\"kext.bundleRequired\" \"{}\" is not one of "
                    "Root, Local-Root, Network-Root, Safe Boot, "
                    "Console{}",
                    required->value,
                    suggestion.empty()
                        ? ""
                        : fmt::format("; did you mean \"{}\"?", suggestion)));
          }
          kext.bundle_required = std::move(*required);
        }
      });
  return kext;
}

model::DextSection ReadDext(ValueReader& reader, const JsonToken& token) {
  model::DextSection dext;
  dext.origin = reader.Origin(token);
  auto members = reader.ReadObject(
      token, DextKeys(), [&](std::string_view name, const JsonToken& value) {
        if (name == "identifier") {
          dext.identifier = ReadIdentifier(reader, value);
        } else if (name == "class") {
          if (auto text = ReadText(reader, value)) {
            if (text->value.size() > kMaxClassNameLength) {
              reader.Error(
                  rules::kDescValue, value,
                  fmt::format("\"dext.class\" is {} characters "
                              "long; a class name has at most {}",
                              text->value.size(), kMaxClassNameLength));
            } else if (auto problem = apple::CppClassNameProblem(text->value)) {
              reader.Error(rules::kDescCppName, value,
                           fmt::format("\"dext.class\" \"{}\" cannot name the "
                                       "generated C++ class: {}",
                                       text->value, *problem));
            }
            dext.class_name = std::move(*text);
          }
        } else if (name == "superclass") {
          if (auto text = ReadText(reader, value)) {
            if (auto error = ClassNameError("dext.superclass", text->value,
                                            "IOService")) {
              reader.Error(rules::kDescValue, value, std::move(*error));
            }
            dext.superclass = std::move(*text);
          }
        } else if (name == "serverName") {
          dext.server_name = ReadText(reader, value);
        } else if (name == "minimumDriverKitVersion") {
          auto text = ReadText(reader, value);
          if (!text) return;
          if (!IsDriverKitVersion(text->value)) {
            reader.Error(rules::kDescValue, value,
                         fmt::format("\"dext.minimumDriverKitVersion\" \"{}\" "
                                     "must be a DriverKit version such as "
                                     "\"20.0\" or \"21.4\"",
                                     text->value));
          }
          dext.minimum_driverkit_version = std::move(*text);
        } else if (name == "entitlements") {
          if (auto dict = reader.PlistDict(value)) {
            dext.entitlements = std::move(*dict);
          }
        }
      });
  if (!members) return dext;
  reader.RequireKey(*members, token, "class");
  reader.RequireKey(*members, token, "superclass");
  return dext;
}

// "lint": {"disable": ["rule-id", ...]}: turns the rules off for this
// descriptor's run, as --disable does (Diagnostics::Disable says which
// findings that drops).
void ReadLint(ValueReader& reader, const JsonToken& token) {
  reader.ReadObject(
      token, LintKeys(), [&](std::string_view, const JsonToken& value) {
        if (value.type != JsonType::kArray) {
          reader.TypeError(value, "an array of rule IDs");
          return;
        }
        std::vector<std::string> seen;
        reader.ReadElements([&](size_t, const JsonToken& element) {
          auto id = reader.String(element);
          if (!id) return;
          const diag::Rule* rule = rules::Find(*id);
          if (rule == nullptr) {
            reader.Error(rules::kDescValue, element,
                         fmt::format("\"{}\" is not a rule{}; 'codeless "
                                     "explain' lists the rules",
                                     *id, rules::DidYouMean(*id)));
            return;
          }
          if (std::find(seen.begin(), seen.end(), *id) != seen.end()) {
            reader.Error(rules::kDescValue, element,
                         fmt::format("\"{}\" is listed twice in "
                                     "\"lint.disable\"; remove one",
                                     *id));
            return;
          }
          seen.push_back(*id);
          reader.diags().Disable(*rule);
        });
      });
}

void ReadDescriptor(ValueReader& reader, const JsonToken& root,
                    model::Descriptor& descriptor) {
  std::optional<JsonToken> bundle_token;
  std::optional<MemberSet> bundle_members;
  auto members = reader.ReadObject(
      root, TopLevelKeys(), [&](std::string_view name, const JsonToken& value) {
        if (name == "$schema") {
          reader.String(value, /*allow_empty=*/true);
        } else if (name == "formatVersion") {
          ReadFormatVersion(reader, value);
        } else if (name == "bundle") {
          bundle_token = value;
          bundle_members = ReadBundle(reader, value, descriptor.bundle);
        } else if (name == "kext") {
          descriptor.kext = ReadKext(reader, value);
        } else if (name == "dext") {
          descriptor.dext = ReadDext(reader, value);
        } else if (name == "personalities") {
          ReadPersonalities(reader, value, descriptor);
        } else if (name == "lint") {
          ReadLint(reader, value);
        }
      });
  if (!members) return;
  reader.RequireKey(*members, root, "formatVersion");
  reader.RequireKey(*members, root, "bundle");
  if (!members->contains("kext") && !members->contains("dext")) {
    reader.Error(rules::kDescMissingKey, root,
                 "the descriptor has neither a \"kext\" nor a \"dext\" "
                 "section; add one to say what to generate");
  }
  if (members->contains("dext") && bundle_members &&
      !bundle_members->contains("usageDescription")) {
    reader.Error(rules::kDescMissingKey, *bundle_token,
                 "\"bundle\" needs \"usageDescription\" when the descriptor "
                 "has a \"dext\" section: the system refuses to activate a "
                 "dext without OSBundleUsageDescription");
  }
  reader.RequireKey(*members, root, "personalities");
}

}  // namespace codeless::descriptor
