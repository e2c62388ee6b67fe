#include "codeless/import/importer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <exception>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

#include "codeless/apple/identifiers.h"
#include "codeless/apple/info_keys.h"
#include "codeless/apple/match_scope.h"
#include "codeless/apple/matching_keys.h"
#include "codeless/base/base64.h"
#include "codeless/diag/rules.h"

namespace codeless::importer {
namespace {

namespace rules = diag::rules;
using validate::Node;
using validate::NodeType;
using Json = nlohmann::ordered_json;

constexpr std::string_view kSchemaUrl =
    "https://codeless.invalid/schemas/descriptor-v1.json";

// bundle.name's grammar (PRODUCT.md §2): [A-Za-z0-9][A-Za-z0-9_.-]*.
bool IsBundleName(std::string_view name) {
  if (name.empty() || name.size() > 255) return false;
  auto alnum = [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           (c >= '0' && c <= '9');
  };
  if (!alnum(name.front())) return false;
  return std::all_of(name.begin(), name.end(), [&](char c) {
    return alnum(c) || c == '_' || c == '.' || c == '-';
  });
}

// A descriptor string that the reader gives back as `text`: the reader
// expands $(VAR) and ${VAR} and reads "$$" as '$' (descriptor/variables.h),
// so every '$' is doubled.
std::string Escaped(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    out += c;
    if (c == '$') out += '$';
  }
  return out;
}

class Importer {
 public:
  Importer(const ImportInput& input, const catalog::Catalog& catalog,
           diag::Diagnostics& diags)
      : input_(input), catalog_(catalog), diags_(diags) {}

  ImportResult Run() {
    ImportResult result;
    const Node& info = *input_.info;
    if (!info.is_dict()) {
      Input(info.offset,
            fmt::format("the Info.plist is a <{}>, not a <dict> of bundle keys",
                        validate::NodeTypeName(info.type)));
      return result;
    }
    const Node* type = info.FindString("CFBundlePackageType");
    const Node* personalities = info.Find("IOKitPersonalities");
    bool placeholder = type != nullptr && (type->text().starts_with("$(") ||
                                           type->text().starts_with("${"));
    if (type == nullptr || placeholder) {
      // An Xcode source plist leaves the type to the build (missing, or
      // $(PRODUCT_BUNDLE_PACKAGE_TYPE)); its personalities tell a dext
      // (IOUserClass) from a kext. generate writes the type itself, so the
      // plist cannot come back as it is, but the descriptor is a start.
      std::optional<bool> dext = PersonalitiesAreDext(personalities);
      if (!dext) {
        Input(type ? type->offset : info.offset,
              "the Info.plist has no CFBundlePackageType (KEXT or DEXT) and "
              "no personalities that tell which it is; import reads codeless "
              "kexts and dext sources");
        return result;
      }
      kext_ = !*dext;
      Lossy(type ? type->offset : info.offset,
            fmt::format("CFBundlePackageType is {}; generate writes \"{}\"",
                        type ? fmt::format("the build-time placeholder \"{}\"",
                                           type->text())
                             : std::string("missing"),
                        kext_ ? "KEXT" : "DEXT"));
    } else if (type->text() != "KEXT" && type->text() != "DEXT") {
      Input(type->offset,
            fmt::format("CFBundlePackageType is \"{}\"; import reads codeless "
                        "kexts (KEXT) and dext sources (DEXT)",
                        type->text()));
      return result;
    } else {
      kext_ = type->text() == "KEXT";
    }
    result.kext = kext_;
    if (personalities == nullptr || !personalities->is_dict() ||
        personalities->children().empty()) {
      Input(personalities == nullptr ? info.offset : personalities->offset,
            "the bundle has no IOKitPersonalities to import (a descriptor "
            "needs at least one personality); a library or a kext with code "
            "is no codeless driver");
      return result;
    }
    if (const Node* executable = info.Find("CFBundleExecutable");
        kext_ && executable != nullptr) {
      Lossy(executable->offset,
            "this kext has code (CFBundleExecutable); codeless generates "
            "codeless kexts only, so the executable and this key are not "
            "carried over");
    }

    Json root = Json::object();
    root["$schema"] = kSchemaUrl;
    root["$comment"] = fmt::format("Imported by 'codeless import' from {}.",
                                   input_.source_label);
    root["formatVersion"] = 1;
    Json bundle = Json::object();
    Json target = Json::object();
    Json bundle_properties = Json::object();
    ImportTopLevel(info, bundle, target, bundle_properties);
    if (!bundle_properties.empty()) bundle["properties"] = bundle_properties;

    Json list = Json::array();
    std::vector<Json> drivers;
    for (size_t i = 0; i < personalities->children().size(); ++i) {
      const Node::Key& key = personalities->keys()[i];
      const Node& value = personalities->children()[i];
      Json driver;
      list.push_back(ImportPersonality(key, value, driver));
      drivers.push_back(std::move(driver));
    }
    if (kext_) {
      // One driver for all becomes kext.driver, as the examples write it.
      bool shared = std::all_of(drivers.begin(), drivers.end(),
                                [&](const Json& d) { return d == drivers[0]; });
      if (shared && !drivers[0].is_null()) {
        Json kext = Json::object();
        kext["driver"] = drivers[0];
        for (auto& [k, v] : target.items()) kext[k] = v;
        target = std::move(kext);
      } else {
        for (size_t i = 0; i < list.size(); ++i) {
          if (drivers[i].is_null()) continue;
          Json with_driver = Json::object();
          for (auto& [k, v] : list[i].items()) {
            with_driver[k] = v;
            if (k == "match") with_driver["driver"] = drivers[i];
          }
          list[i] = std::move(with_driver);
        }
      }
    } else {
      ImportDext(*personalities, target);
    }
    // Rules the descriptor turns off to keep what the bundle has and the
    // loader accepts (PRODUCT.md §2, Keeping an existing bundle's exact
    // keys); before the sections they concern.
    if (!lint_disable_.empty()) {
      Json lint = Json::object();
      lint["disable"] = lint_disable_;
      root["lint"] = std::move(lint);
    }
    root["bundle"] = std::move(bundle);
    root[kext_ ? "kext" : "dext"] = std::move(target);
    root["personalities"] = std::move(list);
    try {
      result.descriptor = Pretty(root, 0) + "\n";
    } catch (const std::exception&) {
      // nlohmann refuses invalid UTF-8; the descriptor is JSON, so such a
      // string cannot be carried over.
      Lossy(info.offset,
            "the Info.plist holds a string that is not valid UTF-8, which a "
            "JSON descriptor cannot hold");
      result.descriptor.clear();
    }
    return result;
  }

 private:
  // Whether the personalities are a dext's (they name an IOUserClass) or
  // a kext's; nullopt when there are none to tell by.
  static std::optional<bool> PersonalitiesAreDext(const Node* personalities) {
    if (personalities == nullptr || !personalities->is_dict() ||
        personalities->children().empty()) {
      return std::nullopt;
    }
    for (const Node& p : personalities->children()) {
      if (p.Find("IOUserClass") != nullptr) return true;
    }
    return false;
  }

  // Turns `rule` off in the descriptor's "lint.disable", once, and says
  // so in a note at `offset`: the descriptor keeps a value of the bundle
  // that the rule refuses and the loader accepts.
  void KeepAsIs(const diag::Rule& rule, uint32_t offset, std::string what) {
    diags_.Note(rule, diag::Location::At(*input_.info_file, offset),
                fmt::format("{}; import keeps it as it is and adds \"{}\" "
                            "to the descriptor's \"lint.disable\"",
                            what, rule.id));
    if (std::find(lint_disable_.begin(), lint_disable_.end(), rule.id) ==
        lint_disable_.end()) {
      lint_disable_.emplace_back(rule.id);
    }
  }

  // A CFBundleIdentifier that is not reverse DNS, which the loader
  // accepts (it checks only the length, apple/identifiers.h) and the
  // descriptor reader refuses unless desc-identifier-chars is off.
  // A build-time placeholder ($(PRODUCT_BUNDLE_IDENTIFIER)) is no
  // identifier to keep: the reader refuses it, and import says so.
  void CheckIdentifierChars(const Node& identifier, std::string_view key) {
    std::string_view text = identifier.text();
    if (apple::CheckBundleIdentifier(text).issue !=
            apple::IdentifierIssue::kNotReverseDns ||
        text.find("$(") != std::string_view::npos ||
        text.find("${") != std::string_view::npos) {
      return;
    }
    KeepAsIs(rules::kDescIdentifierChars, identifier.offset,
             fmt::format("{} \"{}\" is not reverse DNS, which the loader "
                         "accepts",
                         key, identifier.text()));
  }

  void Input(uint32_t offset, std::string message) {
    diags_.Error(rules::kImportInput,
                 diag::Location::At(*input_.info_file, offset),
                 std::move(message));
  }
  void Lossy(uint32_t offset, std::string message,
             const diag::SourceFile* file = nullptr) {
    diags_.Error(rules::kImportLossy,
                 diag::Location::At(file ? *file : *input_.info_file, offset),
                 std::move(message));
  }

  // A top-level <string> for a bundle.* member, or nullptr (reported) when
  // the key has another type.
  const Node* StringKey(const Node& info, std::string_view key) {
    const Node* value = info.Find(key);
    if (value != nullptr && !value->is_string()) {
      Lossy(value->offset,
            fmt::format("{} is a <{}>; the descriptor writes it as a <string>",
                        key, validate::NodeTypeName(value->type)));
      return nullptr;
    }
    return value;
  }

  void ImportTopLevel(const Node& info, Json& bundle, Json& target,
                      Json& properties) {
    const Node* identifier = StringKey(info, "CFBundleIdentifier");
    const Node* name = StringKey(info, "CFBundleName");
    const Node* version = StringKey(info, "CFBundleVersion");
    const Node* short_version = StringKey(info, "CFBundleShortVersionString");
    const Node* region = StringKey(info, "CFBundleDevelopmentRegion");
    const Node* copyright = StringKey(info, "NSHumanReadableCopyright");
    const Node* dictionary_version =
        StringKey(info, "CFBundleInfoDictionaryVersion");
    auto missing = [&](std::string_view key, std::string_view why) {
      Lossy(info.offset, fmt::format("the Info.plist has no {}, which "
                                     "generate always writes{}",
                                     key, why));
    };
    if (identifier != nullptr) {
      CheckIdentifierChars(*identifier, "CFBundleIdentifier");
      bundle["identifier"] = Escaped(identifier->text());
    } else if (info.Find("CFBundleIdentifier") == nullptr) {
      missing("CFBundleIdentifier", "");
      bundle["identifier"] = "com.example.imported";
    }
    std::string bundle_name = input_.bundle_name;
    if (!IsBundleName(bundle_name)) {
      bundle_name.clear();
      if (name != nullptr && IsBundleName(name->text())) {
        bundle_name = name->text();
      } else if (identifier != nullptr) {
        std::string_view id = identifier->text();
        std::string_view last = id.substr(id.rfind('.') + 1);
        if (IsBundleName(last)) bundle_name = last;
      }
      if (bundle_name.empty()) bundle_name = "Imported";
    }
    bundle["name"] = bundle_name;
    if (name != nullptr) {
      if (name->text() != bundle_name)
        bundle["bundleName"] = Escaped(name->text());
    } else if (info.Find("CFBundleName") == nullptr) {
      bundle["bundleName"] = nullptr;  // leaves CFBundleName out
    }
    if (version != nullptr) {
      bundle["version"] = Escaped(version->text());
    } else if (info.Find("CFBundleVersion") == nullptr) {
      missing("CFBundleVersion", "");
      bundle["version"] = "1.0.0";
    }
    if (short_version == nullptr) {
      if (info.Find("CFBundleShortVersionString") == nullptr)
        bundle["shortVersion"] = nullptr;
    } else if (version == nullptr || short_version->text() != version->text()) {
      bundle["shortVersion"] = Escaped(short_version->text());
    }
    if (const Node* usage = StringKey(info, "OSBundleUsageDescription")) {
      if (kext_) {
        Lossy(usage->offset,
              "OSBundleUsageDescription is a dext key; generate does not "
              "write it into a kext");
      } else {
        bundle["usageDescription"] = Escaped(usage->text());
      }
    }
    if (copyright != nullptr) bundle["copyright"] = Escaped(copyright->text());
    if (region == nullptr) {
      if (info.Find("CFBundleDevelopmentRegion") == nullptr)
        bundle["developmentRegion"] = nullptr;
    } else if (region->text() != "en") {
      bundle["developmentRegion"] = Escaped(region->text());
    }
    if (dictionary_version != nullptr && dictionary_version->text() != "6.0") {
      Lossy(dictionary_version->offset,
            fmt::format("CFBundleInfoDictionaryVersion is \"{}\"; generate "
                        "always writes \"6.0\"",
                        dictionary_version->text()));
    } else if (info.Find("CFBundleInfoDictionaryVersion") == nullptr) {
      missing("CFBundleInfoDictionaryVersion", " (\"6.0\")");
    }
    if (const Node* required = info.Find("OSBundleRequired")) {
      if (kext_ && required->is_string()) {
        target["bundleRequired"] = Escaped(required->text());
      } else {
        Lossy(required->offset,
              kext_ ? "OSBundleRequired is no <string>; kext.bundleRequired "
                      "writes a <string>"
                    : "OSBundleRequired in a dext: generate does not write it "
                      "into a dext");
      }
    }
    if (!kext_) {
      if (const Node* minimum = StringKey(info, "OSMinimumDriverKitVersion"))
        target["minimumDriverKitVersion"] = Escaped(minimum->text());
      const Node* executable = info.Find("CFBundleExecutable");
      if (executable == nullptr || !executable->is_string() ||
          executable->text() != "$(EXECUTABLE_NAME)") {
        Lossy(executable != nullptr ? executable->offset : info.offset,
              "a dext's CFBundleExecutable is written as "
              "\"$(EXECUTABLE_NAME)\", which Xcode fills in; this one is "
              "not");
      }
    }
    // Every other top-level key goes through bundle.properties, as given.
    constexpr std::string_view kMapped[] = {"CFBundleIdentifier",
                                            "CFBundleName",
                                            "CFBundleVersion",
                                            "CFBundleShortVersionString",
                                            "CFBundleDevelopmentRegion",
                                            "NSHumanReadableCopyright",
                                            "CFBundleInfoDictionaryVersion",
                                            "CFBundlePackageType",
                                            "OSBundleRequired",
                                            "IOKitPersonalities",
                                            "CFBundleExecutable",
                                            "OSBundleUsageDescription",
                                            "OSMinimumDriverKitVersion"};
    std::vector<size_t> order = SortedKeys(info);
    for (size_t i : order) {
      const Node::Key& key = info.keys()[i];
      if (std::find(std::begin(kMapped), std::end(kMapped), key.name()) !=
          std::end(kMapped)) {
        continue;
      }
      if (apple::IsCodelessBundleKey(key.name())) {
        Lossy(key.offset,
              fmt::format("{} is an architecture variant of a key generate "
                          "writes itself, which bundle.properties may not set",
                          key.name()));
        continue;
      }
      if (auto value = Value(key.name(), info.children()[i], false))
        properties[std::string(key.name())] = std::move(*value);
    }
  }

  // The personality's descriptor entry; `driver` gets its kext driver
  // (null when it cannot be told).
  Json ImportPersonality(const Node::Key& key, const Node& p, Json& driver) {
    Json out = Json::object();
    out["name"] = std::string(key.name());
    if (key.name().empty()) {
      Lossy(key.offset,
            "a personality's name is empty, which a descriptor name may not "
            "be");
    } else if (std::isspace(static_cast<unsigned char>(key.name().front())) ||
               std::isspace(static_cast<unsigned char>(key.name().back()))) {
      // The kernel keeps the key as written.
      KeepAsIs(rules::kDescPersonalityName, key.offset,
               fmt::format("personality name \"{}\" has leading or trailing "
                           "white space",
                           key.name()));
    }
    if (!p.is_dict()) {
      Lossy(p.offset, fmt::format("personality \"{}\" is a <{}>, not a <dict>",
                                  key.name(), validate::NodeTypeName(p.type)));
      out["provider"] = "IOService";
      out["match"] = Json::object();
      return out;
    }
    const Node* provider = p.Find("IOProviderClass");
    if (provider != nullptr && provider->is_string()) {
      out["provider"] = Escaped(provider->text());
    } else {
      Lossy(provider ? provider->offset : p.offset,
            fmt::format("personality \"{}\" has no <string> IOProviderClass, "
                        "which the descriptor's \"provider\" writes",
                        key.name()));
      out["provider"] = "IOService";
    }
    Json match = Json::object();
    Json properties = Json::object();
    Json probe_score, match_category;
    const Node* io_class = p.Find("IOClass");
    const Node* bundle = p.Find("CFBundleIdentifier");
    for (size_t i : SortedKeys(p)) {
      std::string_view name = p.keys()[i].name();
      const Node& value = p.children()[i];
      uint32_t at = p.keys()[i].offset;
      if (name == "IOProviderClass" || name == "IOClass" ||
          name == "CFBundleIdentifier") {
        continue;
      }
      if (name == "IOProbeScore") {
        if (value.is_integer() && value.integer() >= INT32_MIN &&
            value.integer() <= INT32_MAX) {
          probe_score = value.integer();
        } else {
          Lossy(value.offset,
                "IOProbeScore is no 32-bit <integer>; \"probeScore\" writes "
                "one, and the key cannot go through \"properties\"");
        }
        continue;
      }
      if (name == "IOMatchCategory") {
        if (value.is_string()) {
          match_category = Escaped(value.text());
        } else {
          Lossy(value.offset,
                "IOMatchCategory is no <string>; \"matchCategory\" writes one, "
                "and the key cannot go through \"properties\"");
        }
        continue;
      }
      if (!kext_ && (name == "CFBundleIdentifierKernel" ||
                     name == "IOUserClass" || name == "IOUserServerName")) {
        continue;  // the dext section writes them (ImportDext)
      }
      if (apple::IsCodelessPersonalityKey(name)) {
        Lossy(at, fmt::format("{} is a dext personality key; generate does "
                              "not write it into a kext",
                              name));
        continue;
      }
      // A matching key of a shape "match" refuses goes through
      // "properties", which writes it as it is (generate's validator then
      // judges it as it judges the original).
      if (const apple::MatchingKey* matching = apple::FindMatchingKey(name);
          matching != nullptr && FitsMatch(*matching, value)) {
        if (auto item = MatchValue(*matching, value))
          match[std::string(name)] = std::move(*item);
        continue;
      }
      if (auto item = Value(name, value, false))
        properties[std::string(name)] = std::move(*item);
    }
    // In the order of PRODUCT.md §2 (the driver goes after "match").
    bool broad = MatchesEveryDevice(p);
    out["match"] = std::move(match);
    if (!probe_score.is_null()) out["probeScore"] = std::move(probe_score);
    if (!match_category.is_null())
      out["matchCategory"] = std::move(match_category);
    if (!properties.empty()) out["properties"] = std::move(properties);
    // The kext matches every device of a generic nub, and says so in the
    // descriptor as generate requires (desc-match-all); a warning that
    // generate repeats.
    if (broad) out["matchAll"] = true;

    if (io_class == nullptr || !io_class->is_string() ||
        io_class->text().empty()) {
      Lossy(io_class ? io_class->offset : p.offset,
            fmt::format("personality \"{}\" has no <string> IOClass, which "
                        "the descriptor's driver writes",
                        key.name()));
    }
    if (!kext_) return out;
    if (bundle == nullptr || !bundle->is_string()) {
      Lossy(bundle ? bundle->offset : p.offset,
            fmt::format("personality \"{}\" has no <string> "
                        "CFBundleIdentifier, which generate writes from the "
                        "driver's bundle",
                        key.name()));
    }
    if (io_class != nullptr && io_class->is_string() && bundle != nullptr &&
        bundle->is_string()) {
      const catalog::KextClass* known =
          catalog_.FindKextClass(io_class->text());
      if (known != nullptr && known->bundle() == bundle->text()) {
        driver = std::string(io_class->text());
      } else {
        CheckIdentifierChars(*bundle, "the personality's CFBundleIdentifier");
        driver = Json::object();
        driver["class"] = Escaped(io_class->text());
        driver["bundle"] = Escaped(bundle->text());
      }
    }
    return out;
  }

  // The dext section: class, superclass and server name, which every
  // personality must share, and the entitlements, all of them through
  // dext.entitlements (generate merges what it derives with them; what it
  // derives beyond them shows in the comparison).
  void ImportDext(const Node& personalities, Json& target) {
    std::string user_class, io_class, kernel_bundle, server_name;
    bool first = true;
    for (size_t i = 0; i < personalities.children().size(); ++i) {
      const Node& p = personalities.children()[i];
      if (!p.is_dict()) continue;
      auto text = [&](std::string_view key) -> std::string {
        const Node* value = p.FindString(key);
        return value ? std::string(value->text()) : std::string();
      };
      if (const Node* b = p.FindString("CFBundleIdentifier");
          b == nullptr ||
          input_.info->FindString("CFBundleIdentifier") == nullptr ||
          b->text() != input_.info->FindString("CFBundleIdentifier")->text()) {
        Lossy(b ? b->offset : p.offset,
              "a dext personality's CFBundleIdentifier is written as the "
              "dext's own identifier; this one is not");
      }
      std::string uc = text("IOUserClass"), ic = text("IOClass"),
                  kb = text("CFBundleIdentifierKernel"),
                  sn = text("IOUserServerName");
      if (first) {
        user_class = uc, io_class = ic, kernel_bundle = kb, server_name = sn;
        first = false;
      } else if (uc != user_class || ic != io_class || kb != kernel_bundle ||
                 sn != server_name) {
        Lossy(p.offset,
              "the personalities differ in IOUserClass, IOClass, "
              "CFBundleIdentifierKernel or IOUserServerName; a descriptor's "
              "dext section writes one of each for all");
      }
    }
    // The section in the order of PRODUCT.md §2, after what the top-level
    // keys gave it (minimumDriverKitVersion).
    Json from_top_level = std::move(target);
    target = Json::object();
    target["class"] = user_class;
    // Several DriverKit classes may share a proxy (AppleUserHIDDevice
    // serves IOUserHIDDevice and IOUserUSBHostHIDDevice): the one with the
    // kernel bundle given, and of those one that can be a codeless
    // superclass, wins.
    const catalog::DextClass* superclass = nullptr;
    auto rank = [&](const catalog::DextClass& c) {
      return (c.kernel_bundle == kernel_bundle ? 2 : 0) +
             (c.refusal.empty() ? 1 : 0);
    };
    for (const catalog::DextClass* candidate :
         catalog_.FindDextByIoClass(io_class)) {
      if (superclass == nullptr || rank(*candidate) > rank(*superclass))
        superclass = candidate;
    }
    if (superclass == nullptr) {
      Lossy(personalities.offset,
            fmt::format("IOClass \"{}\" is the kernel proxy of no DriverKit "
                        "class the catalog knows, so the superclass cannot "
                        "be told",
                        io_class));
      target["superclass"] = "IOService";
    } else {
      target["superclass"] = std::string(superclass->superclass);
    }
    const Node* identifier = input_.info->FindString("CFBundleIdentifier");
    if (!server_name.empty() &&
        (identifier == nullptr || identifier->text() != server_name)) {
      target["serverName"] = Escaped(server_name);
    }
    for (auto& [k, v] : from_top_level.items()) target[k] = v;
    if (input_.entitlements != nullptr) {
      const Node& e = *input_.entitlements;
      if (!e.is_dict()) {
        Lossy(e.offset, "the entitlements are no <dict>",
              input_.entitlements_file);
      } else {
        Json entitlements = Json::object();
        for (size_t i : SortedKeys(e)) {
          if (auto value = Value(e.keys()[i].name(), e.children()[i], false,
                                 input_.entitlements_file))
            entitlements[std::string(e.keys()[i].name())] = std::move(*value);
        }
        if (!entitlements.empty())
          target["entitlements"] = std::move(entitlements);
      }
    }
  }

  // Whether the personality is on a generic device nub and none of its
  // matching keys narrows the match, or an IOPCI*Match leaves a half open
  // (apple/match_scope.h): generate refuses such a personality unless the
  // descriptor says "matchAll": true.
  static bool MatchesEveryDevice(const Node& p) {
    const Node* provider = p.FindString("IOProviderClass");
    if (provider == nullptr) return false;
    bool generic = apple::IsGenericDeviceNub(provider->text());
    bool narrowed = false;
    for (size_t i = 0; i < p.children().size(); ++i) {
      const apple::MatchingKey* key =
          apple::FindMatchingKey(p.keys()[i].name());
      const Node& value = p.children()[i];
      if (key == nullptr || !FitsMatch(*key, value)) continue;
      if (!apple::ProviderReadsKey(provider->text(), *key)) continue;
      std::string_view text = value.is_string() ? value.text() : "";
      if (key->kind == apple::KeyKind::kPciMatch &&
          apple::OpenPciEntry(key->name, text)) {
        return true;
      }
      narrowed = narrowed || apple::KeyNarrows(*key, text == "*", text);
    }
    return generic && !narrowed;
  }

  // Whether "match" takes `value` for `key` (the plist shapes of
  // PRODUCT.md §3 that the descriptor reader accepts).
  static bool FitsMatch(const apple::MatchingKey& key, const Node& value) {
    auto all = [&](auto predicate) {
      return value.type == NodeType::kArray && !value.children().empty() &&
             std::all_of(value.children().begin(), value.children().end(),
                         predicate);
    };
    switch (key.kind) {
      case apple::KeyKind::kInteger:
        return value.is_integer() ||
               (key.wildcard && value.is_string() && value.text() == "*");
      case apple::KeyKind::kIntegerArray:
        return all([](const Node& n) { return n.is_integer(); });
      case apple::KeyKind::kBoolean:
        return value.is_bool();
      case apple::KeyKind::kString:
      case apple::KeyKind::kPciMatch:
        return value.is_string();
      case apple::KeyKind::kStringOrStrings:
        return value.is_string() ||
               all([](const Node& n) { return n.is_string(); });
      case apple::KeyKind::kDict:
        return value.is_dict();
      case apple::KeyKind::kDictOrDicts:
        return value.is_dict() ||
               all([](const Node& n) { return n.is_dict(); });
      case apple::KeyKind::kUsagePairs:
        return all([](const Node& n) { return n.is_dict(); });
    }
    return false;
  }

  // A matching key's value: identifiers as 0x hex strings, as tools print
  // them; PCI match strings kept as the strings they are; the rest as any
  // plist value.
  std::optional<Json> MatchValue(const apple::MatchingKey& key,
                                 const Node& value) {
    auto hex = [&](const Node& n) -> Json {
      if (n.is_integer() && n.integer() >= 0 && n.integer() <= key.max)
        return fmt::format("0x{:04x}", n.integer());
      return n.integer();
    };
    if (key.identifier && value.is_integer()) return hex(value);
    if (key.identifier && value.is_array() && value.type == NodeType::kArray &&
        std::all_of(value.children().begin(), value.children().end(),
                    [](const Node& n) { return n.is_integer(); })) {
      Json items = Json::array();
      for (const Node& n : value.children()) items.push_back(hex(n));
      return items;
    }
    return Value(key.name, value, true);
  }

  // A plist value as the descriptor writes it back; nullopt (reported)
  // when it cannot be.
  std::optional<Json> Value(std::string_view key, const Node& value,
                            bool in_match,
                            const diag::SourceFile* file = nullptr) {
    switch (value.type) {
      case NodeType::kString:
        return Json(Escaped(value.text()));
      case NodeType::kInteger:
        return Json(value.integer());
      case NodeType::kTrue:
        return Json(true);
      case NodeType::kFalse:
        return Json(false);
      case NodeType::kData: {
        auto bytes = base::Base64Decode(value.text(), /*skip_whitespace=*/true);
        if (!bytes) {
          Lossy(value.offset,
                fmt::format("the <data> of {} is not Base64", key), file);
          return std::nullopt;
        }
        Json data = Json::object();
        data["$data"] = base::Base64Encode(*bytes);
        return data;
      }
      case NodeType::kSet:
        Lossy(value.offset,
              fmt::format("{} is a <set>; a descriptor writes arrays as "
                          "<array>",
                          key),
              file);
        return std::nullopt;
      case NodeType::kArray: {
        Json items = Json::array();
        for (const Node& item : value.children()) {
          auto converted = Value(key, item, in_match, file);
          if (!converted) return std::nullopt;
          items.push_back(std::move(*converted));
        }
        return items;
      }
      case NodeType::kDict: {
        Json members = Json::object();
        for (size_t i : SortedKeys(value)) {
          const Node::Key& member = value.keys()[i];
          if (member.name().starts_with('$')) {
            Lossy(member.offset,
                  fmt::format("key \"{}\" begins with '$', which a descriptor "
                              "reserves (\"$data\", \"$comment\")",
                              member.name()),
                  file);
            return std::nullopt;
          }
          auto converted =
              Value(member.name(), value.children()[i], in_match, file);
          if (!converted) return std::nullopt;
          members[std::string(member.name())] = std::move(*converted);
        }
        return members;
      }
    }
    return std::nullopt;
  }

  // The indices of a dict's members in byte order of their keys, the order
  // generate writes them in.
  static std::vector<size_t> SortedKeys(const Node& dict) {
    std::vector<size_t> order(dict.keys().size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return dict.keys()[a].name() < dict.keys()[b].name();
    });
    return order;
  }

  // Pretty JSON in the style of examples/*.json: two-space indentation;
  // below the second level, a container that fits in 100 columns on one
  // line is written on one line.
  static std::string Pretty(const Json& value, int depth, size_t column = 0) {
    auto scalar = [](const Json& v) {
      return v.dump(-1, ' ', false, Json::error_handler_t::strict);
    };
    if (!value.is_structured()) return scalar(value);
    if (value.empty()) return value.is_object() ? "{}" : "[]";
    if (depth >= 2) {
      std::string line = OneLine(value);
      if (column + line.size() <= 100) return line;
    }
    std::string indent(2 * (depth + 1), ' ');
    std::string out = value.is_object() ? "{\n" : "[\n";
    bool first = true;
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (!first) out += ",\n";
      first = false;
      out += indent;
      if (value.is_object()) out += scalar(Json(it.key())) + ": ";
      size_t at = out.size() - out.rfind('\n') - 1;
      out += Pretty(*it, depth + 1, at);
    }
    out += "\n" + std::string(2 * depth, ' ') + (value.is_object() ? "}" : "]");
    return out;
  }

  static std::string OneLine(const Json& value) {
    if (!value.is_structured())
      return value.dump(-1, ' ', false, Json::error_handler_t::strict);
    if (value.empty()) return value.is_object() ? "{}" : "[]";
    std::string out = value.is_object() ? "{ " : "[";
    bool first = true;
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (!first) out += ", ";
      first = false;
      if (value.is_object())
        out +=
            Json(it.key()).dump(-1, ' ', false, Json::error_handler_t::strict) +
            ": ";
      out += OneLine(*it);
    }
    out += value.is_object() ? " }" : "]";
    return out;
  }

  const ImportInput& input_;
  const catalog::Catalog& catalog_;
  diag::Diagnostics& diags_;
  bool kext_ = true;
  // Rule ids for the descriptor's "lint.disable" (KeepAsIs).
  std::vector<std::string> lint_disable_;
};

// The parsed value as a text for messages: short, one line.
std::string Describe(const Node& node) {
  switch (node.type) {
    case NodeType::kString:
      return fmt::format("<string> \"{}\"", node.text());
    case NodeType::kInteger:
      return fmt::format("<integer> {}", node.integer());
    case NodeType::kData:
      return "<data>";
    case NodeType::kTrue:
      return "<true/>";
    case NodeType::kFalse:
      return "<false/>";
    case NodeType::kDict:
      return fmt::format("a <dict> of {} key{}", node.children().size(),
                         node.children().size() == 1 ? "" : "s");
    case NodeType::kArray:
    case NodeType::kSet:
      return fmt::format(
          "an <{}> of {} value{}", validate::NodeTypeName(node.type),
          node.children().size(), node.children().size() == 1 ? "" : "s");
  }
  return "?";
}

class Comparer {
 public:
  Comparer(const diag::SourceFile& file, std::string_view what,
           diag::Diagnostics& diags)
      : file_(file), what_(what), diags_(diags) {}

  void Compare(const Node& a, const Node& b, const std::string& path) {
    if (a.type != b.type) {
      Report(a.offset, fmt::format("{} is {} in the {}, but generate writes {}",
                                   path, Describe(a), what_, Describe(b)));
      return;
    }
    switch (a.type) {
      case NodeType::kString:
        if (a.text() != b.text()) Differ(a, b, path);
        return;
      case NodeType::kInteger:
        if (a.integer() != b.integer()) Differ(a, b, path);
        return;
      case NodeType::kData: {
        auto x = base::Base64Decode(a.text(), true);
        auto y = base::Base64Decode(b.text(), true);
        if (x != y) Differ(a, b, path);
        return;
      }
      case NodeType::kTrue:
      case NodeType::kFalse:
        return;
      case NodeType::kArray:
      case NodeType::kSet:
        if (a.children().size() != b.children().size()) {
          Differ(a, b, path);
          return;
        }
        for (size_t i = 0; i < a.children().size(); ++i) {
          Compare(a.children()[i], b.children()[i],
                  fmt::format("{}[{}]", path, i));
        }
        return;
      case NodeType::kDict: {
        // Keys looked up through a hash map: a dict of n personalities
        // costs O(n), not O(n^2) as Node::Find's scan would.
        auto index = [](const Node& dict) {
          std::unordered_map<std::string_view, const Node*> keys;
          keys.reserve(dict.children().size());
          for (size_t i = 0; i < dict.children().size(); ++i) {
            keys.emplace(dict.keys()[i].name(), &dict.children()[i]);
          }
          return keys;
        };
        auto find = [](const auto& keys, std::string_view key) -> const Node* {
          auto it = keys.find(key);
          return it == keys.end() ? nullptr : it->second;
        };
        const auto a_keys = index(a);
        const auto b_keys = index(b);
        for (size_t i = 0; i < a.children().size(); ++i) {
          std::string_view key = a.keys()[i].name();
          std::string child =
              path.empty() ? std::string(key) : fmt::format("{}.{}", path, key);
          const Node* other = find(b_keys, key);
          if (other == nullptr) {
            Report(a.keys()[i].offset,
                   fmt::format("{} is in the {}, but generate leaves it out",
                               child, what_));
            continue;
          }
          Compare(a.children()[i], *other, child);
        }
        for (size_t i = 0; i < b.children().size(); ++i) {
          std::string_view key = b.keys()[i].name();
          if (find(a_keys, key) != nullptr) continue;
          std::string child =
              path.empty() ? std::string(key) : fmt::format("{}.{}", path, key);
          Report(a.offset,
                 fmt::format("generate adds {} ({}), which the {} does not "
                             "have",
                             child, Describe(b.children()[i]), what_));
        }
        return;
      }
    }
  }

  size_t count() const { return count_; }

 private:
  void Differ(const Node& a, const Node& b, const std::string& path) {
    Report(a.offset, fmt::format("{} is {} in the {}, but generate writes {}",
                                 path, Describe(a), what_, Describe(b)));
  }
  void Report(uint32_t offset, std::string message) {
    ++count_;
    diags_.Error(rules::kImportLossy, diag::Location::At(file_, offset),
                 std::move(message));
  }

  const diag::SourceFile& file_;
  std::string_view what_;
  diag::Diagnostics& diags_;
  size_t count_ = 0;
};

}  // namespace

ImportResult Import(const ImportInput& input, const catalog::Catalog& catalog,
                    diag::Diagnostics& diags) {
  return Importer(input, catalog, diags).Run();
}

size_t CompareBundles(const diag::SourceFile& original_file,
                      const validate::Node& original,
                      const validate::Node& regenerated, std::string_view what,
                      diag::Diagnostics& diags) {
  Comparer comparer(original_file, what, diags);
  comparer.Compare(original, regenerated, "");
  return comparer.count();
}

}  // namespace codeless::importer
