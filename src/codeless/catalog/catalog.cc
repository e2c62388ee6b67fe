#include "codeless/catalog/catalog.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

namespace codeless::catalog {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

std::optional<std::string> OptionalString(const json& object, const char* key) {
  if (!object.contains(key) || object[key].is_null()) return std::nullopt;
  return object[key].get<std::string>();
}

ordered_json NullableString(const std::optional<std::string>& value) {
  return value ? ordered_json(*value) : ordered_json(nullptr);
}

}  // namespace

std::optional<Catalog> Catalog::Parse(std::string_view json_text,
                                      std::string& error) {
  Catalog catalog;
  try {
    json document = json::parse(json_text);
    for (const json& entry : document.at("kext")) {
      KextClass k;
      k.class_name = entry.at("class").get<std::string>();
      k.bundle = entry.at("bundle").get<std::string>();
      k.providers = entry.at("providers").get<std::vector<std::string>>();
      if (entry.contains("macos")) {
        k.introduced = OptionalString(entry["macos"], "introduced");
        k.removed = OptionalString(entry["macos"], "removed");
      }
      k.notes = entry.value("notes", "");
      catalog.kext_.push_back(std::move(k));
    }
    for (const json& entry : document.at("dext")) {
      DextClass d;
      d.superclass = entry.at("superclass").get<std::string>();
      d.framework = entry.at("framework").get<std::string>();
      d.header = entry.at("header").get<std::string>();
      d.io_class = entry.at("ioClass").get<std::string>();
      d.kernel_bundle = entry.at("kernelBundle").get<std::string>();
      d.family_entitlement = OptionalString(entry, "familyEntitlement");
      d.providers = entry.at("providers").get<std::vector<std::string>>();
      d.frameworks =
          entry.value("frameworks", std::vector<std::string>{d.framework});
      d.empty_subclass = entry.at("emptySubclass").get<bool>();
      d.refusal = OptionalString(entry, "refusal");
      d.notes = entry.value("notes", "");
      catalog.dext_.push_back(std::move(d));
    }
  } catch (const std::exception& e) {
    error = e.what();
    return std::nullopt;
  }
  auto by_class = [](const KextClass& a, const KextClass& b) {
    return a.class_name < b.class_name;
  };
  auto by_superclass = [](const DextClass& a, const DextClass& b) {
    return a.superclass < b.superclass;
  };
  std::sort(catalog.kext_.begin(), catalog.kext_.end(), by_class);
  std::sort(catalog.dext_.begin(), catalog.dext_.end(), by_superclass);
  return catalog;
}

const KextClass* Catalog::FindKextClass(std::string_view class_name) const {
  auto it = std::lower_bound(kext_.begin(), kext_.end(), class_name,
                             [](const KextClass& k, std::string_view name) {
                               return k.class_name < name;
                             });
  return it != kext_.end() && it->class_name == class_name ? &*it : nullptr;
}

const DextClass* Catalog::FindDextClass(std::string_view superclass) const {
  for (const DextClass& d : dext_) {
    if (d.superclass == superclass) return &d;
  }
  return nullptr;
}

std::vector<const DextClass*> Catalog::FindDextByIoClass(
    std::string_view io_class) const {
  std::vector<const DextClass*> found;
  for (const DextClass& d : dext_) {
    if (d.io_class == io_class) found.push_back(&d);
  }
  return found;
}

std::vector<std::string_view> Catalog::KextClassNames() const {
  std::vector<std::string_view> names;
  for (const KextClass& k : kext_) names.push_back(k.class_name);
  return names;
}

std::vector<std::string_view> Catalog::DextClassNames() const {
  std::vector<std::string_view> names;
  for (const DextClass& d : dext_) names.push_back(d.superclass);
  return names;
}

std::string Catalog::ToJson() const {
  ordered_json kext = ordered_json::array();
  for (const KextClass& k : kext_) {
    ordered_json entry;
    entry["class"] = k.class_name;
    entry["bundle"] = k.bundle;
    entry["providers"] = k.providers;
    entry["macos"] = {{"introduced", NullableString(k.introduced)},
                      {"removed", NullableString(k.removed)}};
    entry["notes"] = k.notes;
    kext.push_back(std::move(entry));
  }
  ordered_json dext = ordered_json::array();
  for (const DextClass& d : dext_) {
    ordered_json entry;
    entry["superclass"] = d.superclass;
    entry["ioClass"] = d.io_class;
    entry["kernelBundle"] = d.kernel_bundle;
    entry["header"] = d.header;
    entry["familyEntitlement"] = NullableString(d.family_entitlement);
    entry["emptySubclass"] = d.empty_subclass;
    entry["framework"] = d.framework;
    entry["frameworks"] = d.frameworks;
    entry["providers"] = d.providers;
    entry["refusal"] = NullableString(d.refusal);
    entry["notes"] = d.notes;
    dext.push_back(std::move(entry));
  }
  ordered_json document;
  document["kext"] = std::move(kext);
  document["dext"] = std::move(dext);
  return document.dump(2) + "\n";
}

std::string Catalog::ToText() const {
  std::string out =
      "Kext classes (a codeless kext's IOClass, the kext that defines it, "
      "usual providers):\n";
  for (const KextClass& k : kext_) {
    std::string providers;
    for (const std::string& p : k.providers)
      providers += (providers.empty() ? "" : ", ") + p;
    std::string versions;
    if (k.introduced) versions += " since macOS " + *k.introduced;
    if (k.removed) versions += " removed in macOS " + *k.removed;
    out += fmt::format("  {:<44} {:<56} {}{}\n", k.class_name, k.bundle,
                       providers, versions);
  }
  out +=
      "\nDriverKit superclasses (a codeless dext's superclass, its IOClass "
      "proxy, whether it works empty):\n";
  for (const DextClass& d : dext_) {
    out +=
        fmt::format("  {:<40} {:<40} {}\n", d.superclass, d.io_class,
                    d.empty_subclass ? "empty subclass works" : "needs code");
  }
  return out;
}

}  // namespace codeless::catalog
