#include "codeless/validate/provider_rules.h"

#include <fmt/format.h>

#include "codeless/diag/rules.h"

namespace codeless::validate {

namespace rules = diag::rules;

void CheckProviderClass(const InfoPlist& info, const Personality& p) {
  if (info.generated || info.bundle_identifier.starts_with("com.apple.")) {
    return;
  }
  const Node* provider = JudgeableString(*p.node, "IOProviderClass");
  if (provider == nullptr || provider->text().empty() ||
      info.catalog.KnowsClass(provider->text())) {
    return;
  }
  const FileContext& c = info.context;
  std::string meant = info.catalog.ClosestClassName(provider->text());
  if (!meant.empty()) {
    c.diags.Error(rules::kPersonalityProviderClass, c.At(*provider),
                  fmt::format("personality \"{}\": IOProviderClass \"{}\" is "
                              "no class codeless knows; did you mean \"{}\"? "
                              "A misspelt provider matches nothing",
                              p.name(), provider->text(), meant));
    return;
  }
  // A kext with code may publish nubs of its own classes; only a codeless
  // kext's or a dext's provider must be a class that exists elsewhere.
  if (info.kind == BundleKind::kKext && info.declares_executable) return;
  c.diags.Warning(rules::kPersonalityProviderClass, c.At(*provider),
                  fmt::format("personality \"{}\": IOProviderClass \"{}\" is "
                              "not a class codeless knows (`codeless catalog` "
                              "lists them); if it is misspelt, the personality "
                              "matches nothing",
                              p.name(), provider->text()));
}

}  // namespace codeless::validate
