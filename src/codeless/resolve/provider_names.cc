#include "codeless/resolve/provider_names.h"

#include <fmt/format.h>

#include "codeless/diag/rules.h"

namespace codeless::resolve {

namespace rules = diag::rules;

void CheckProviderNames(const model::Descriptor& descriptor,
                        const catalog::Catalog& catalog,
                        diag::Diagnostics& diags) {
  for (const model::Personality& p : descriptor.personalities) {
    std::string_view provider = p.provider.value;
    if (provider.empty() || catalog.KnowsClass(provider)) continue;
    std::string meant = catalog.ClosestClassName(provider);
    diag::Location at = descriptor.At(p.provider.origin);
    if (!meant.empty()) {
      diags.Error(rules::kDescProviderClass, at,
                  fmt::format("provider \"{}\" is no class codeless knows; "
                              "did you mean \"{}\"? A misspelt provider "
                              "matches nothing",
                              provider, meant));
    } else {
      diags.Warning(rules::kDescProviderClass, at,
                    fmt::format("provider \"{}\" is not a class codeless "
                                "knows (`codeless catalog` lists them); if it "
                                "is misspelt, the personality matches nothing",
                                provider));
    }
  }
}

}  // namespace codeless::resolve
