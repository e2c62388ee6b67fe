#include "codeless/resolve/kext_drivers.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "codeless/base/spelling.h"
#include "codeless/diag/rules.h"

namespace codeless::resolve {
namespace {

namespace rules = diag::rules;

std::optional<model::KextPersonality> ResolveDriver(
    const model::Descriptor& descriptor, const model::Personality& personality,
    const catalog::Catalog& catalog, std::set<model::OriginId>& warned,
    diag::Diagnostics& diags) {
  const model::DriverRef* driver =
      personality.driver         ? personality.driver.get()
      : descriptor.kext->driver ? &*descriptor.kext->driver
                                 : nullptr;
  if (driver == nullptr) {
    diags.Error(rules::kDescNoDriver, descriptor.At(personality.origin),
                fmt::format("personality \"{}\" has no driver for the kext; "
                            "set \"kext.driver\" or the personality's "
                            "\"driver\" to an Apple class (see `codeless "
                            "catalog`)",
                            personality.name.value));
    return std::nullopt;
  }
  model::KextPersonality resolved;
  resolved.personality = &personality;
  resolved.driver = driver;
  if (driver->bundle) return resolved;
  const catalog::KextClass* known =
      catalog.FindKextClass(driver->class_name.value);
  if (known == nullptr) {
    std::vector<std::string_view> names = catalog.KextClassNames();
    std::string suggestion =
        base::ClosestMatch(driver->class_name.value, names);
    diags.Error(
        rules::kDescUnknownDriver, descriptor.At(driver->class_name.origin),
        fmt::format("driver class \"{}\" is not in the catalog{}; if it is "
                    "an Apple class codeless does not know, write "
                    "{{\"class\": \"{}\", \"bundle\": \"<identifier of the "
                    "kext that defines it>\"}}",
                    driver->class_name.value,
                    suggestion.empty()
                        ? ""
                        : fmt::format(" (did you mean \"{}\"?)", suggestion),
                    driver->class_name.value));
    return std::nullopt;
  }
  // Once per driver value, however many personalities use it.
  if (!known->removed.empty() &&
      warned.insert(driver->class_name.origin).second) {
    diags.Warning(
        rules::kDescDriverAvailability,
        descriptor.At(driver->class_name.origin),
        fmt::format("driver class \"{}\" is not in macOS {} and later; the "
                    "personalities that use it match nothing there",
                    known->class_name, known->removed));
  }
  resolved.known = known;
  return resolved;
}

}  // namespace

std::optional<model::ResolvedKext> ResolveKext(
    const model::Descriptor& descriptor, const catalog::Catalog& catalog,
    diag::Diagnostics& diags) {
  size_t errors_before = diags.error_count();
  model::ResolvedKext kext;
  kext.identifier = descriptor.bundle.identifier.value;
  std::set<model::OriginId> warned;  // driver values already warned about
  kext.personalities.reserve(descriptor.personalities.size());
  for (const model::Personality& personality : descriptor.personalities) {
    if (!personality.for_kext) continue;
    if (auto resolved =
            ResolveDriver(descriptor, personality, catalog, warned, diags)) {
      kext.personalities.push_back(std::move(*resolved));
    }
  }
  if (diags.error_count() != errors_before) return std::nullopt;
  if (kext.personalities.empty()) {
    diags.Error(rules::kDescTarget,
                descriptor.At(descriptor.personalities_origin),
                "no personality is for the kext (each has \"targets\" without "
                "\"kext\"); a kext without personalities matches nothing");
    return std::nullopt;
  }
  std::sort(kext.personalities.begin(), kext.personalities.end(),
            [](const model::KextPersonality& a,
               const model::KextPersonality& b) {
              return a.personality->name.value < b.personality->name.value;
            });
  return kext;
}

}  // namespace codeless::resolve
