#include "codeless/resolve/resolve.h"

#include <fmt/format.h>

#include "codeless/diag/rules.h"
#include "codeless/resolve/device_ids.h"
#include "codeless/resolve/dext_class.h"
#include "codeless/resolve/kext_drivers.h"
#include "codeless/resolve/provider_names.h"

namespace codeless::resolve {
namespace {

namespace rules = diag::rules;

// xnu keeps kexts and dexts in one table keyed by bundle identifier
// (OSKext.cpp, sKextsByID): a later entry replaces a codeless kext's, and
// OSKext::lookupDextWithIdentifier finds no dext behind a kext's entry, so
// a kext and a dext with one identifier cannot both be installed
// [apple-findings.md §2].
void CheckSharedIdentifier(const model::Descriptor& descriptor,
                           diag::Diagnostics& diags) {
  if (!descriptor.kext || !descriptor.dext) return;
  const model::Text& kext =
      descriptor.kext->identifier.value_or(descriptor.bundle.identifier);
  const model::Text& dext =
      descriptor.dext->identifier.value_or(descriptor.bundle.identifier);
  if (kext.value != dext.value) return;
  diags.Warning(rules::kDescSharedIdentifier, descriptor.At(kext.origin),
                fmt::format("the kext and the dext would both be \"{}\": "
                            "macOS keeps kexts and dexts in one table keyed "
                            "by bundle identifier, so the two cannot be "
                            "installed together; give one its own with "
                            "\"kext.identifier\" or \"dext.identifier\"",
                            kext.value));
}

}  // namespace

std::optional<model::Resolved> Resolve(const model::Descriptor& descriptor,
                                       const catalog::Catalog& catalog,
                                       diag::Diagnostics& diags) {
  size_t errors_before = diags.error_count();
  size_t first = diags.all().size();
  model::Resolved resolved;
  resolved.descriptor = &descriptor;
  CheckProviderNames(descriptor, catalog, diags);
  CheckDeviceIds(descriptor, diags);
  if (descriptor.kext) resolved.kext = ResolveKext(descriptor, catalog, diags);
  if (descriptor.dext) resolved.dext = ResolveDext(descriptor, catalog, diags);
  CheckSharedIdentifier(descriptor, diags);
  // In the descriptor's order, as the reader reports.
  diags.SortByPosition(first);
  if (diags.error_count() != errors_before) return std::nullopt;
  return resolved;
}

}  // namespace codeless::resolve
