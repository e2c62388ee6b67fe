#include "codeless/resolve/resolve.h"

#include "codeless/resolve/dext_class.h"
#include "codeless/resolve/device_ids.h"
#include "codeless/resolve/kext_drivers.h"
#include "codeless/resolve/provider_names.h"

namespace codeless::resolve {

std::optional<model::Resolved> Resolve(const model::Descriptor& descriptor,
                                       const catalog::Catalog& catalog,
                                       diag::Diagnostics& diags) {
  size_t errors_before = diags.error_count();
  model::Resolved resolved;
  resolved.descriptor = &descriptor;
  CheckProviderNames(descriptor, catalog, diags);
  CheckDeviceIds(descriptor, diags);
  if (descriptor.kext) resolved.kext = ResolveKext(descriptor, catalog, diags);
  if (descriptor.dext) resolved.dext = ResolveDext(descriptor, catalog, diags);
  if (diags.error_count() != errors_before) return std::nullopt;
  return resolved;
}

}  // namespace codeless::resolve
