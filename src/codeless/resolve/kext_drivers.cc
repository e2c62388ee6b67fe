#include "codeless/resolve/kext_drivers.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <set>

#include "codeless/base/spelling.h"
#include "codeless/diag/rules.h"

namespace codeless::resolve {
namespace {

namespace rules = diag::rules;

// The oldest macOS a codeless kext is taken to load on when the descriptor
// does not say (LSMinimumSystemVersion in bundle.properties): macOS 11, the
// first release on Apple silicon. Assuming a newer one would hide failures
// on the Intel Macs that still run older systems.
constexpr std::string_view kDefaultMinimumMacos = "11.0";

// "15.4" < "15.10": numbers compared one dot-separated part at a time.
bool VersionLess(std::string_view a, std::string_view b) {
  auto next = [](std::string_view& text) {
    int value = 0;
    while (!text.empty() && text.front() >= '0' && text.front() <= '9') {
      value = std::min(value * 10 + (text.front() - '0'), 1000000);
      text.remove_prefix(1);
    }
    if (!text.empty()) text.remove_prefix(1);  // the '.'
    return value;
  };
  while (!a.empty() || !b.empty()) {
    int x = next(a);
    int y = next(b);
    if (x != y) return x < y;
  }
  return false;
}

// A driver class that macOS versions the kext may load on lack: one that
// came later than the kext's minimum (it fails there with "Couldn't alloc
// class"), or one that is gone from a version on.
void CheckAvailability(const model::Descriptor& descriptor,
                       const catalog::KextClass& known, model::OriginId origin,
                       diag::Diagnostics& diags) {
  if (!known.removed.empty()) {
    diags.Warning(rules::kDescDriverAvailability, descriptor.At(origin),
                  fmt::format("driver class \"{}\" does not work in macOS {} "
                              "and later (`codeless catalog` says why); the "
                              "personalities that use it do nothing there",
                              known.class_name, known.removed));
  }
  if (known.introduced.empty()) return;
  auto entry = descriptor.bundle.properties.find("LSMinimumSystemVersion");
  const plist::Value* declared =
      entry != descriptor.bundle.properties.end() ? &entry->second : nullptr;
  std::string_view minimum = declared != nullptr && declared->is_string()
                                 ? std::string_view(declared->string())
                                 : kDefaultMinimumMacos;
  if (!VersionLess(minimum, known.introduced)) return;
  diags.Warning(
      rules::kDescDriverAvailability, descriptor.At(origin),
      fmt::format("driver class \"{}\" is in macOS {} and later, but the kext "
                  "may load on macOS {}{}, where the kernel cannot create the "
                  "class (\"Couldn't alloc class\"); set "
                  "LSMinimumSystemVersion to {} in \"bundle.properties\" if "
                  "older systems are not meant",
                  known.class_name, known.introduced, minimum,
                  declared != nullptr ? " (LSMinimumSystemVersion)"
                                      : " (the default when the descriptor "
                                        "declares no LSMinimumSystemVersion)",
                  known.introduced));
}

// A driver whose catalog providers do not include the personality's
// provider (or a superclass of it) is not written for that provider:
// IOHIDEventDriver on IOUSBHostDevice never sees a HID interface.
void CheckAttaches(const model::Descriptor& descriptor,
                   const model::Personality& personality,
                   const catalog::KextClass& driver,
                   const catalog::Catalog& catalog, diag::Diagnostics& diags) {
  std::string_view provider = personality.provider.value;
  if (driver.providers.empty() ||
      catalog.Attaches(driver, provider).value_or(true)) {
    return;
  }
  diags.Warning(
      rules::kDescDriverProvider, descriptor.At(personality.provider.origin),
      fmt::format("driver {} attaches to {}, but personality \"{}\" "
                  "matches {}; match {} instead, or choose a driver "
                  "for {}",
                  driver.class_name, fmt::join(driver.providers, ", "),
                  personality.name.value, provider, driver.providers.front(),
                  provider));
}

void ReportUnknownExplicitClass(const model::Descriptor& descriptor,
                                const model::DriverRef& driver,
                                const catalog::Catalog& catalog,
                                diag::Diagnostics& diags) {
  std::vector<std::string_view> names = catalog.KextClassNames();
  std::string meant = base::ClosestMatch(driver.class_name.value, names);
  diag::Location at = descriptor.At(driver.class_name.origin);
  if (!meant.empty()) {
    diags.Error(rules::kDescUnknownDriver, at,
                fmt::format("driver class \"{}\" is not in the catalog; did "
                            "you mean \"{}\"? The kernel cannot create a "
                            "misspelt class, so the personality would do "
                            "nothing",
                            driver.class_name.value, meant));
    return;
  }
  diags.Warning(rules::kDescUnknownDriver, at,
                fmt::format("driver class \"{}\" is not in codeless's catalog "
                            "of Apple classes, so whether {} defines it cannot "
                            "be checked; check the name",
                            driver.class_name.value, driver.bundle->value));
}

std::optional<model::KextPersonality> ResolveDriver(
    const model::Descriptor& descriptor, const model::Personality& personality,
    const catalog::Catalog& catalog, std::set<model::OriginId>& warned,
    diag::Diagnostics& diags) {
  const model::DriverRef* driver = personality.driver ? personality.driver.get()
                                   : descriptor.kext->driver
                                       ? &*descriptor.kext->driver
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
  const catalog::KextClass* known =
      catalog.FindKextClass(driver->class_name.value);
  if (driver->bundle) {
    // An explicit Apple class is checked as far as the catalog can: a near
    // miss of a class it knows is a typo (the kernel cannot create the
    // class, and the personality does nothing); a third-party bundle's
    // classes are its own.
    if (known != nullptr) {
      CheckAttaches(descriptor, personality, *known, catalog, diags);
    } else if (driver->bundle->value.starts_with("com.apple.")) {
      ReportUnknownExplicitClass(descriptor, *driver, catalog, diags);
    }
    return resolved;
  }
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
  if (warned.insert(driver->class_name.origin).second) {
    CheckAvailability(descriptor, *known, driver->class_name.origin, diags);
  }
  CheckAttaches(descriptor, personality, *known, catalog, diags);
  resolved.known = known;
  return resolved;
}

}  // namespace

std::optional<model::ResolvedKext> ResolveKext(
    const model::Descriptor& descriptor, const catalog::Catalog& catalog,
    diag::Diagnostics& diags) {
  size_t errors_before = diags.error_count();
  model::ResolvedKext kext;
  kext.identifier =
      descriptor.kext->identifier.value_or(descriptor.bundle.identifier);
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
  std::sort(
      kext.personalities.begin(), kext.personalities.end(),
      [](const model::KextPersonality& a, const model::KextPersonality& b) {
        return a.personality->name.value < b.personality->name.value;
      });
  return kext;
}

}  // namespace codeless::resolve
