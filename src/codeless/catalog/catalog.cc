#include "codeless/catalog/catalog.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "codeless/apple/provider_classes.h"
#include "codeless/base/spelling.h"
#include "codeless/catalog/catalog_data.h"

namespace codeless::catalog {
namespace {

using nlohmann::ordered_json;

ordered_json NullableString(std::string_view value) {
  return value.empty() ? ordered_json(nullptr) : ordered_json(value);
}

ordered_json Strings(std::span<const std::string_view> values) {
  ordered_json out = ordered_json::array();
  for (std::string_view value : values) out.push_back(value);
  return out;
}

}  // namespace

bool KextClass::DefinedBy(std::string_view bundle_identifier) const {
  return std::find(bundles.begin(), bundles.end(), bundle_identifier) !=
         bundles.end();
}

std::string_view Catalog::BundledVersion() { return kBundledCatalogVersion; }

Catalog Catalog::Bundled() {
  return Catalog({kBundledKextClasses, kBundledKextClassCount},
                 {kBundledDextClasses, kBundledDextClassCount});
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

bool Catalog::KnowsClass(std::string_view name) const {
  if (apple::IsKnownProviderClass(name) || FindKextClass(name) != nullptr) {
    return true;
  }
  auto lists = [&](std::span<const std::string_view> providers) {
    return std::find(providers.begin(), providers.end(), name) !=
           providers.end();
  };
  return std::any_of(kext_.begin(), kext_.end(),
                     [&](const KextClass& k) { return lists(k.providers); }) ||
         std::any_of(dext_.begin(), dext_.end(),
                     [&](const DextClass& d) { return lists(d.providers); });
}

std::vector<std::string_view> Catalog::KnownClassNames() const {
  std::vector<std::string_view> names;
  for (const apple::ProviderClass& c : apple::ProviderClasses()) {
    names.push_back(c.name);
  }
  for (const KextClass& k : kext_) {
    names.push_back(k.class_name);
    names.insert(names.end(), k.providers.begin(), k.providers.end());
  }
  for (const DextClass& d : dext_) {
    names.insert(names.end(), d.providers.begin(), d.providers.end());
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

std::string Catalog::ClosestClassName(std::string_view name) const {
  size_t allowed = std::max<size_t>(1, name.size() / 10);
  std::string_view best;
  size_t best_distance = allowed + 1;
  for (std::string_view known : KnownClassNames()) {
    size_t distance = base::EditDistance(name, known);
    if (distance < best_distance) {
      best = known;
      best_distance = distance;
    }
  }
  return std::string(best);
}

std::optional<bool> Catalog::Attaches(const KextClass& driver,
                                      std::string_view provider) const {
  if (driver.class_name == "IOService") return true;
  for (std::string_view listed : driver.providers) {
    if (listed == provider || apple::InheritsFrom(provider, listed)) {
      return true;
    }
  }
  if (!apple::IsKnownProviderClass(provider)) return std::nullopt;
  // A listed provider the hierarchy cannot place may still be an ancestor.
  for (std::string_view listed : driver.providers) {
    if (!apple::IsKnownProviderClass(listed)) return std::nullopt;
  }
  return false;
}

std::string Catalog::ToJson() const {
  ordered_json kext = ordered_json::array();
  for (const KextClass& k : kext_) {
    ordered_json entry;
    entry["class"] = k.class_name;
    entry["bundle"] = k.bundle();
    if (k.bundles.size() > 1) entry["bundles"] = Strings(k.bundles);
    entry["providers"] = Strings(k.providers);
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
    entry["registersService"] = d.registers_service;
    entry["framework"] = d.framework;
    entry["frameworks"] = Strings(d.frameworks);
    entry["providers"] = Strings(d.providers);
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
    for (std::string_view p : k.providers) {
      providers += fmt::format("{}{}", providers.empty() ? "" : ", ", p);
    }
    std::string versions;
    if (!k.introduced.empty()) {
      versions += fmt::format(" since macOS {}", k.introduced);
    }
    if (!k.removed.empty()) {
      versions += fmt::format(" removed in macOS {}", k.removed);
    }
    out += fmt::format("  {:<44} {:<56} {}{}\n", k.class_name, k.bundle(),
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
