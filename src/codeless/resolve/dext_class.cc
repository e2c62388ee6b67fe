#include "codeless/resolve/dext_class.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "codeless/base/spelling.h"
#include "codeless/diag/rules.h"
#include "codeless/resolve/entitlements.h"

namespace codeless::resolve {
namespace {

namespace rules = diag::rules;

// The catalog's entry for `dext.superclass` if a codeless dext can subclass
// it; otherwise reports why not, on the superclass value.
const catalog::DextClass* ResolveSuperclass(const model::Descriptor& descriptor,
                                            const catalog::Catalog& catalog,
                                            diag::Diagnostics& diags) {
  const model::Text& name = descriptor.dext->superclass;
  diag::Location where = descriptor.At(name.origin);
  const catalog::DextClass* known = catalog.FindDextClass(name.value);
  std::string usable;
  for (const catalog::DextClass& entry : catalog.dext_classes()) {
    if (!entry.empty_subclass) continue;
    if (!usable.empty()) usable += ", ";
    usable += entry.superclass;
  }
  if (known == nullptr) {
    std::vector<std::string_view> names = catalog.DextClassNames();
    std::string suggestion = base::ClosestMatch(name.value, names);
    diags.Error(
        rules::kDescSuperclass, where,
        fmt::format("\"dext.superclass\" \"{}\" is not a DriverKit class in "
                    "the catalog{}; a codeless dext can subclass {} (see "
                    "`codeless catalog`)",
                    name.value,
                    suggestion.empty()
                        ? ""
                        : fmt::format(" (did you mean \"{}\"?)", suggestion),
                    usable));
    return nullptr;
  }
  if (!known->empty_subclass) {
    diags.Error(rules::kDescSuperclass, where,
                fmt::format("{}; a codeless dext is an empty subclass, so it "
                            "can only subclass {}",
                            known->refusal.empty()
                                ? fmt::format("{} needs code: it does nothing "
                                              "useful without it",
                                              name.value)
                                : std::string(known->refusal),
                            usable));
    return nullptr;
  }
  return known;
}

// The generated class must not take the name of a DriverKit class: it would
// redeclare it (its own superclass) or clash with it in the dext's process;
// nor the name of the provider it matches.
void CheckClassName(const model::Descriptor& descriptor,
                    const catalog::Catalog& catalog, diag::Diagnostics& diags) {
  const model::DextSection& dext = *descriptor.dext;
  std::string_view name = dext.class_name.value;
  bool taken = name == "OSObject" || catalog.FindDextClass(name) != nullptr;
  if (taken) {
    diags.Error(
        rules::kDescCppName, descriptor.At(dext.class_name.origin),
        fmt::format(
            "\"dext.class\" \"{}\" is the name of a DriverKit "
            "class{}; give the generated class a name of its "
            "own, such as your product's name followed by "
            "\"Driver\"",
            name, name == dext.superclass.value ? ", its own superclass" : ""));
    return;
  }
  for (const model::Personality& p : descriptor.personalities) {
    if (p.for_dext && name == p.provider.value) {
      diags.Error(rules::kDescCppName, descriptor.At(dext.class_name.origin),
                  "\"dext.class\" must differ from the provider class it "
                  "matches");
      return;
    }
  }
}

}  // namespace

std::optional<model::ResolvedDext> ResolveDext(
    const model::Descriptor& descriptor, const catalog::Catalog& catalog,
    diag::Diagnostics& diags) {
  size_t errors_before = diags.error_count();
  const model::DextSection& dext = *descriptor.dext;
  model::ResolvedDext resolved;
  resolved.identifier = dext.identifier.value_or(descriptor.bundle.identifier);
  resolved.server_name = dext.server_name.value_or(resolved.identifier);
  resolved.superclass = ResolveSuperclass(descriptor, catalog, diags);
  CheckClassName(descriptor, catalog, diags);
  const catalog::DextClass* superclass = resolved.superclass;
  for (const model::Personality& personality : descriptor.personalities) {
    if (!personality.for_dext) continue;
    resolved.personalities.push_back(&personality);
    // IOUserService, the generic proxy, attaches to any provider; a family
    // proxy (AppleUserHIDEventService, ...) only to its family's.
    if (superclass != nullptr && superclass->io_class != "IOUserService" &&
        std::find(superclass->providers.begin(), superclass->providers.end(),
                  personality.provider.value) == superclass->providers.end()) {
      diags.Warning(rules::kDescProvider,
                    descriptor.At(personality.provider.origin),
                    fmt::format("{} (kernel proxy {}) attaches to {}, not to "
                                "{}; this personality will not start the "
                                "driver",
                                superclass->superclass, superclass->io_class,
                                fmt::join(superclass->providers, " or "),
                                personality.provider.value));
    }
  }
  if (resolved.personalities.empty()) {
    diags.Error(rules::kDescTarget,
                descriptor.At(descriptor.personalities_origin),
                "no personality is for the dext (each has \"targets\" without "
                "\"dext\"); a dext without personalities matches nothing");
  }
  DeriveEntitlements(descriptor, superclass, resolved.entitlements, diags);
  MergeExtraEntitlements(descriptor, resolved.entitlements, diags);
  if (diags.error_count() != errors_before || superclass == nullptr) {
    return std::nullopt;
  }
  std::sort(resolved.personalities.begin(), resolved.personalities.end(),
            [](const model::Personality* a, const model::Personality* b) {
              return a->name.value < b->name.value;
            });
  return resolved;
}

}  // namespace codeless::resolve
