#include "codeless/emit/dext_emitter.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "codeless/base/spelling.h"
#include "codeless/diag/rules.h"
#include "codeless/emit/bundle_keys.h"
#include "codeless/emit/entitlements.h"
#include "codeless/plist/xml_writer.h"
#include "codeless/resources/resources.h"
#include "codeless/text/template.h"

namespace codeless::emit {
namespace {

namespace rules = diag::rules;

constexpr std::string_view kIigTemplate = "templates/dext/class.iig.tmpl";
constexpr std::string_view kCppTemplate = "templates/dext/class.cpp.tmpl";
// Included by every generated .iig already.
constexpr std::string_view kIOServiceHeader = "DriverKit/IOService.iig";

// The catalog's entry for `dext.superclass` if a codeless dext can subclass
// it; otherwise reports why not, on the superclass value.
const catalog::DextClass* ResolveSuperclass(const model::Descriptor& descriptor,
                                            const catalog::Catalog& catalog,
                                            diag::Diagnostics& diags) {
  const std::string& name = descriptor.dext->superclass;
  diag::Location where =
      diag::Location::Pointer(*descriptor.source, "/dext/superclass");
  const catalog::DextClass* known = catalog.FindDextClass(name);
  std::string usable;
  for (const catalog::DextClass& entry : catalog.dext_classes()) {
    if (!entry.empty_subclass) continue;
    if (!usable.empty()) usable += ", ";
    usable += entry.superclass;
  }
  if (known == nullptr) {
    std::vector<std::string_view> names = catalog.DextClassNames();
    std::string suggestion = base::ClosestMatch(name, names);
    diags.Error(
        rules::kDescSuperclass, where,
        fmt::format(
            "\"dext.superclass\" \"{}\" is not a DriverKit class in the "
            "catalog{}; a codeless dext can subclass {} (see `codeless "
            "catalog`)",
            name,
            suggestion.empty()
                ? ""
                : fmt::format(" (did you mean \"{}\"?)", suggestion),
            usable));
    return nullptr;
  }
  if (!known->empty_subclass) {
    diags.Error(
        rules::kDescSuperclass, where,
        fmt::format(
            "{}; a codeless dext is an empty subclass, so it can only subclass "
            "{}",
            known->refusal.value_or(fmt::format(
                "{} needs code: it does nothing useful without it", name)),
            usable));
    return nullptr;
  }
  return known;
}

// The generated class must not take the name of a DriverKit class: it would
// redeclare it (its own superclass) or clash with it in the dext's process.
bool CheckClassName(const model::Descriptor& descriptor,
                    const catalog::Catalog& catalog, diag::Diagnostics& diags) {
  const std::string& name = descriptor.dext->class_name;
  bool taken = name == "OSObject" || catalog.FindDextClass(name) != nullptr;
  if (!taken) return true;
  diags.Error(
      rules::kDescCppName,
      diag::Location::Pointer(*descriptor.source, "/dext/class"),
      fmt::format(
          "\"dext.class\" \"{}\" is the name of a DriverKit class{}; give the "
          "generated class a name of its own, such as your product's name "
          "followed by \"Driver\"",
          name,
          name == descriptor.dext->superclass ? ", its own superclass" : ""));
  return false;
}

plist::Dict Personalities(const model::Descriptor& descriptor,
                          const catalog::DextClass& superclass) {
  const model::DextSection& dext = *descriptor.dext;
  plist::Dict personalities;
  for (const model::Personality& personality : descriptor.personalities) {
    if (!personality.for_dext) continue;
    plist::Dict keys = CommonPersonalityKeys(personality);
    keys["CFBundleIdentifier"] = descriptor.bundle.identifier;
    keys["CFBundleIdentifierKernel"] = superclass.kernel_bundle;
    keys["IOClass"] = superclass.io_class;
    keys["IOUserClass"] = dext.class_name;
    keys["IOUserServerName"] = dext.server_name;
    if (personality.provider == "IOUserResources") {
      // Without its own category the dext would compete with every other
      // driver on the shared IOUserResources nub; without IOResourceMatch
      // it would not wait for IOKit (xnu's test dext, Karabiner).
      keys.try_emplace("IOMatchCategory", descriptor.bundle.identifier);
      keys.try_emplace("IOResourceMatch", "IOKit");
    }
    personalities.emplace(personality.name, std::move(keys));
  }
  return personalities;
}

// The descriptor's file name as a banner can hold it: a control character
// (a newline would end the comment) becomes '?'.
std::string BannerName(std::string_view descriptor_name) {
  std::string name(descriptor_name);
  for (char& c : name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return name;
}

// Renders an embedded template; a failure is a bug in codeless.
std::optional<std::string> RenderTemplate(std::string_view name,
                                          const text::Variables& variables,
                                          diag::Diagnostics& diags) {
  std::string_view source = resources::Find(name);
  if (source.empty()) {
    diags.Error(
        rules::kInternal, diag::Location::Nowhere(),
        fmt::format("internal error: template {} is not embedded in codeless",
                    name));
    return std::nullopt;
  }
  std::string error;
  auto rendered = text::Render(source, variables, error);
  if (!rendered) {
    diags.Error(rules::kInternal, diag::Location::Nowhere(),
                fmt::format("internal error: {}: {}", name, error));
  }
  return rendered;
}

}  // namespace

bool DextEmitter::Emit(const model::Descriptor& descriptor,
                       const EmitContext& context, OutputSet& out,
                       diag::Diagnostics& diags) const {
  size_t errors_before = diags.error_count();
  const model::DextSection& dext = *descriptor.dext;
  const catalog::DextClass* superclass =
      ResolveSuperclass(descriptor, context.catalog, diags);
  CheckClassName(descriptor, context.catalog, diags);
  bool any_personality = false;
  for (const model::Personality& personality : descriptor.personalities) {
    any_personality = any_personality || personality.for_dext;
    // IOUserService, the generic proxy, attaches to any provider; a family
    // proxy (AppleUserHIDEventService, ...) only to its family's.
    if (personality.for_dext && superclass != nullptr &&
        superclass->io_class != "IOUserService" &&
        std::find(superclass->providers.begin(), superclass->providers.end(),
                  personality.provider) == superclass->providers.end()) {
      diags.Warning(rules::kDescProvider,
                    diag::Location::Pointer(*descriptor.source,
                                            personality.Pointer("provider")),
                    fmt::format("{} (kernel proxy {}) attaches to {}, not to "
                                "{}; this personality "
                                "will not start the driver",
                                superclass->superclass, superclass->io_class,
                                fmt::join(superclass->providers, " or "),
                                personality.provider));
    }
  }
  if (!any_personality) {
    diags.Error(rules::kDescTarget,
                diag::Location::Pointer(*descriptor.source, "/personalities"),
                "no personality is for the dext (each has \"targets\" without "
                "\"dext\"); a dext "
                "without personalities matches nothing");
  }
  plist::Dict entitlements;
  DeriveEntitlements(descriptor, superclass, entitlements, diags);
  MergeExtraEntitlements(descriptor, entitlements, diags);
  if (diags.error_count() != errors_before || superclass == nullptr)
    return false;

  plist::Dict info = CommonBundleKeys(descriptor.bundle, "DEXT");
  // An Xcode source plist: Xcode fills in the executable's name.
  info["CFBundleExecutable"] = "$(EXECUTABLE_NAME)";
  info["IOKitPersonalities"] = Personalities(descriptor, *superclass);
  if (descriptor.bundle.usage_description) {
    info["OSBundleUsageDescription"] = *descriptor.bundle.usage_description;
  }
  if (dext.minimum_driverkit_version) {
    info["OSMinimumDriverKitVersion"] = *dext.minimum_driverkit_version;
  }

  text::Variables variables{
      {"descriptor", BannerName(context.descriptor_name)},
      {"class", dext.class_name},
  };
  text::Variables iig_variables = variables;
  iig_variables["superclass"] = superclass->superclass;
  iig_variables["superclass_include"] =
      superclass->header == kIOServiceHeader
          ? ""
          : fmt::format("#include <{}>\n", superclass->header);
  // "Foo_h" as Apple's templates spell it; never a double underscore.
  iig_variables["guard"] =
      dext.class_name + (dext.class_name.ends_with('_') ? "h" : "_h");
  auto iig = RenderTemplate(kIigTemplate, iig_variables, diags);
  auto cpp = RenderTemplate(kCppTemplate, variables, diags);
  if (!iig || !cpp) return false;

  const std::string root = descriptor.bundle.name + "/";
  struct File {
    std::string path;
    OutputFile file;
  };
  File files[] = {
      {root + "Info.plist",
       {FileKind::kDextInfoPlist,
        plist::WriteXml(plist::Value(std::move(info)))}},
      {root + dext.class_name + ".iig", {FileKind::kSource, std::move(*iig)}},
      {root + dext.class_name + ".cpp", {FileKind::kSource, std::move(*cpp)}},
      {root + descriptor.bundle.name + ".entitlements",
       {FileKind::kEntitlements,
        plist::WriteXml(plist::Value(std::move(entitlements)))}},
  };
  for (File& file : files) {
    std::string path = file.path;
    if (!out.Add(std::move(file.path), std::move(file.file))) {
      diags.Error(
          rules::kInternal, diag::Location::Nowhere(),
          fmt::format(
              "internal error: the dext output '{}' is written twice or leaves "
              "the output directory",
              path));
      return false;
    }
  }
  return true;
}

}  // namespace codeless::emit
