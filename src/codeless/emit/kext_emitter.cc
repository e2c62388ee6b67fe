#include "codeless/emit/kext_emitter.h"

#include <fmt/format.h>

#include <set>

#include "codeless/base/spelling.h"
#include "codeless/diag/rules.h"
#include "codeless/emit/bundle_keys.h"
#include "codeless/plist/xml_writer.h"

namespace codeless::emit {
namespace {

namespace rules = diag::rules;

struct ResolvedDriver {
  std::string class_name;
  std::string bundle;
};

std::optional<ResolvedDriver> Resolve(const model::Descriptor& descriptor,
                                      const model::Personality& personality,
                                      const catalog::Catalog& catalog,
                                      std::set<std::string>& warned,
                                      diag::Diagnostics& diags) {
  const diag::SourceFile& file = *descriptor.source;
  const std::optional<model::DriverRef>& driver =
      personality.driver ? personality.driver : descriptor.kext->driver;
  if (!driver) {
    diags.Error(rules::kDescNoDriver,
                diag::Location::Pointer(file, personality.Pointer()),
                fmt::format("personality \"{}\" has no driver for the kext; "
                            "set \"kext.driver\" or "
                            "the personality's \"driver\" to an Apple class "
                            "(see `codeless catalog`)",
                            personality.name));
    return std::nullopt;
  }
  if (!driver->bundle.empty())
    return ResolvedDriver{driver->class_name, driver->bundle};
  const catalog::KextClass* known = catalog.FindKextClass(driver->class_name);
  if (known == nullptr) {
    std::vector<std::string_view> names = catalog.KextClassNames();
    std::string suggestion = base::ClosestMatch(driver->class_name, names);
    diags.Error(
        rules::kDescUnknownDriver,
        diag::Location::Pointer(file, driver->pointer),
        fmt::format(
            "driver class \"{}\" is not in the catalog{}; if it is an Apple "
            "class "
            "codeless does not know, write {{\"class\": \"{}\", \"bundle\": "
            "\"<identifier of the kext that defines it>\"}}",
            driver->class_name,
            suggestion.empty()
                ? ""
                : fmt::format(" (did you mean \"{}\"?)", suggestion),
            driver->class_name));
    return std::nullopt;
  }
  // Once per driver value, however many personalities use it.
  if (known->removed && warned.insert(driver->pointer).second) {
    diags.Warning(
        rules::kDescDriverAvailability,
        diag::Location::Pointer(file, driver->pointer),
        fmt::format("driver class \"{}\" is not in macOS {} and later; the "
                    "personalities that use it match nothing there",
                    known->class_name, *known->removed));
  }
  return ResolvedDriver{known->class_name, known->bundle};
}

}  // namespace

bool KextEmitter::Emit(const model::Descriptor& descriptor,
                       const EmitContext& context, OutputSet& out,
                       diag::Diagnostics& diags) const {
  size_t errors_before = diags.error_count();
  plist::Dict personalities;
  std::set<std::string> warned;  // driver pointers already warned about
  for (const model::Personality& personality : descriptor.personalities) {
    if (!personality.for_kext) continue;
    auto driver =
        Resolve(descriptor, personality, context.catalog, warned, diags);
    if (!driver) continue;
    plist::Dict keys = CommonPersonalityKeys(personality);
    keys["CFBundleIdentifier"] = driver->bundle;
    keys["IOClass"] = driver->class_name;
    personalities.emplace(personality.name, std::move(keys));
  }
  if (diags.error_count() != errors_before) return false;
  if (personalities.empty()) {
    diags.Error(rules::kDescTarget,
                diag::Location::Pointer(*descriptor.source, "/personalities"),
                "no personality is for the kext (each has \"targets\" without "
                "\"kext\"); a kext "
                "without personalities matches nothing");
    return false;
  }
  plist::Dict info = CommonBundleKeys(descriptor.bundle, "KEXT");
  info["IOKitPersonalities"] = std::move(personalities);
  if (descriptor.kext->bundle_required)
    info["OSBundleRequired"] = *descriptor.kext->bundle_required;
  out.Add(descriptor.bundle.name + ".kext/Contents/Info.plist",
          {FileKind::kKextInfoPlist,
           plist::WriteXml(plist::Value(std::move(info)))});
  return true;
}

}  // namespace codeless::emit
