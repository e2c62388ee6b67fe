#include "codeless/validate/kext_rules.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "codeless/apple/kext_version.h"
#include "codeless/diag/rules.h"
#include "codeless/validate/placeholders.h"

namespace codeless::validate {
namespace {

namespace rules = diag::rules;

// Classes in the kernel itself (IOService, IOProviderPropertyMerger, ...):
// the kernel can create them whichever kext a personality names, which is
// how "blocker" kexts claim a device for IOService.
bool IsKernelBundle(std::string_view bundle) {
  return bundle.starts_with("com.apple.kpi.") || bundle == "com.apple.kernel" ||
         bundle == "__kernel__";
}

bool IsCodeless(const InfoPlist& info) { return !info.declares_executable; }

// A library: it declares an OSBundleCompatibleVersion (or an arch variant)
// above zero, so other kexts may list it in OSBundleLibraries (IOKitUser
// OSKext.c: OSKextIsLibrary is compatibleVersion > 0). Apple ships such
// kexts without code or personalities (com.apple.iokit.IONVRAMFamily,
// com.apple.kernel) for others to depend on.
bool IsLibrary(const InfoPlist& info) {
  for (size_t i = 0; i < info.root.keys().size(); ++i) {
    const Node& value = info.root.children()[i];
    if (!apple::IsArchVariantOf(info.root.keys()[i].name(),
                                "OSBundleCompatibleVersion") ||
        !value.is_string()) {
      continue;
    }
    if (HasPlaceholder(value.text())) return true;
    auto version = apple::ParseKextVersion(value.text(), nullptr);
    if (version && version->encoded > 0) return true;
  }
  return false;
}

// A kernel component (OSKernelResource <true/>, OSKext.c
// OSKextIsKernelComponent): one of the pseudo-kexts of System.kext whose
// code is the kernel's own, such as com.apple.driver.AppleNMI.
bool IsKernelComponent(const InfoPlist& info) {
  const Node* resource = info.root.Find("OSKernelResource");
  return resource != nullptr && resource->is_true();
}

// The one kext without code the kernel loads for its own data (xnu
// OSKext::load, "a special case where a non-executable kext can be loaded:
// the AppleKextExcludeList").
constexpr std::string_view kExcludeListBundle =
    "com.apple.driver.KextExcludeList";

// OSBundleRequired and its arch variants (OSBundleRequired_x86_64, ...).
void CheckBundleRequired(const InfoPlist& info) {
  const FileContext& c = info.context;
  for (size_t i = 0; i < info.root.keys().size(); ++i) {
    std::string_view key = info.root.keys()[i].name();
    const Node& required = info.root.children()[i];
    if (!apple::IsArchVariantOf(key, "OSBundleRequired") ||
        !required.is_string() || HasPlaceholder(required.text())) {
      continue;
    }
    if (apple::IsKextBundleRequired(required.text())) continue;
    c.diags.Error(rules::kBundleRequired, c.At(required),
                  fmt::format("{} is \"{}\"{}; a kext may use "
                              "Root, Local-Root, Network-Root, Safe Boot or "
                              "Console",
                              key, required.text(),
                              required.text() == "DriverKit"
                                  ? ", which only dexts may use"
                                  : ""));
  }
}

}  // namespace

void CheckKextKeys(const InfoPlist& info, const BundleFiles& files) {
  const FileContext& c = info.context;
  CheckBundleRequired(info);
  const Node* executable = info.root.Find("CFBundleExecutable");
  if (executable != nullptr && info.generated) {
    c.diags.Error(rules::kKextExecutable,
                  c.AtKey(info.root, "CFBundleExecutable"),
                  "a codeless kext must not declare CFBundleExecutable; "
                  "remove it, or the loader and OpenCore look for an "
                  "executable that is not there");
  }
  if (executable != nullptr && files.executables && executable->is_string() &&
      !HasPlaceholder(executable->text()) &&
      std::find(files.executables->begin(), files.executables->end(),
                executable->text()) == files.executables->end()) {
    c.diags.Error(rules::kKextExecutableMissing, c.At(*executable),
                  fmt::format("CFBundleExecutable is \"{}\", but the bundle "
                              "has no Contents/MacOS/{}; add the executable, "
                              "or for a codeless kext remove the key",
                              executable->text(), executable->text()));
  }
  if (IsCodeless(info)) {
    // OSKext warns about the libraries of a kext that is neither code nor
    // a library ("Kext has no executable or compatible version, so it
    // should not declare any OSBundleLibraries": OSKext.c, the
    // OSBundleLibraries check, reached only when the dict is not empty, and
    // then only if !OSKextDeclaresExecutable && !OSKextIsLibrary); a
    // library is there for others to depend on.
    bool library = IsLibrary(info);
    bool has_personalities = false;
    for (size_t i = 0; i < info.root.keys().size(); ++i) {
      std::string_view key = info.root.keys()[i].name();
      const Node& value = info.root.children()[i];
      bool none = value.is_dict() && value.children().empty();
      if (apple::IsArchVariantOf(key, "OSBundleLibraries") && !library &&
          !none) {
        c.diags.Warning(rules::kKextLibraries, c.At(info.root.keys()[i]),
                        fmt::format("a kext without CFBundleExecutable should "
                                    "not declare {}: the loader warns that it "
                                    "has no executable to link; remove it "
                                    "unless it only orders loading after "
                                    "another kext",
                                    key));
      }
      if (apple::IsArchVariantOf(key, "IOKitPersonalities") &&
          (!value.is_dict() || !value.children().empty())) {
        has_personalities = true;  // a wrong type is reported elsewhere
      }
    }
    if (!has_personalities && !library && !IsKernelComponent(info) &&
        info.bundle_identifier != kExcludeListBundle) {
      c.diags.Warning(rules::kKextNoPersonalities, c.At(info.root),
                      "this kext has neither CFBundleExecutable nor "
                      "IOKitPersonalities, so it does nothing; add "
                      "personalities");
    }
  }
}

// A driver whose catalog providers do not include IOProviderClass (or a
// superclass of it) is not written for that provider. For generated files
// the resolve stage reported it (desc-driver-provider).
void CheckDriverProvider(const InfoPlist& info, const Personality& p,
                         const catalog::KextClass& driver) {
  if (info.generated || driver.providers.empty()) return;
  const Node* provider = JudgeableString(*p.node, "IOProviderClass");
  if (provider == nullptr ||
      info.catalog.Attaches(driver, provider->text()).value_or(true)) {
    return;
  }
  const FileContext& c = info.context;
  c.diags.Warning(
      rules::kKextDriverProvider, c.At(*provider),
      fmt::format("personality \"{}\": IOClass {} attaches to {}, "
                  "but IOProviderClass is {}; match {} instead, or "
                  "choose a driver for {}",
                  p.name(), driver.class_name,
                  fmt::join(driver.providers, ", "), provider->text(),
                  driver.providers.front(), provider->text()));
}

void CheckKextPersonality(const InfoPlist& info, const Personality& p,
                          std::vector<std::string_view>& reported_classes) {
  if (!IsCodeless(info) && !info.generated) return;  // names itself: fine
  const FileContext& c = info.context;
  const Node& node = *p.node;
  const Node* io_class = JudgeableString(node, "IOClass");
  if (io_class == nullptr || io_class->text().empty()) return;
  std::string_view class_name = io_class->text();
  const catalog::KextClass* known = info.catalog.FindKextClass(class_name);
  bool kernel_class = known != nullptr && IsKernelBundle(known->bundle());
  const Node* bundle = node.Find("CFBundleIdentifier");
  if (bundle == nullptr) {
    if (kernel_class) return;
    c.diags.Warning(
        rules::kPersonalityNoBundle, c.At(node),
        fmt::format("personality \"{}\" has no CFBundleIdentifier, so the "
                    "loader inserts this codeless kext's own, which has no "
                    "executable to define {}; set it to {}",
                    p.name(), class_name,
                    known != nullptr
                        ? known->bundle()
                        : "the identifier of the kext that defines the class"));
    return;
  }
  if (!bundle->is_string() || bundle->text().empty() ||
      HasPlaceholder(bundle->text())) {
    return;
  }
  std::string_view target = bundle->text();
  if (known != nullptr) {
    CheckDriverProvider(info, p, *known);
    // Several Apple kexts may define one class; any of them is right.
    if (!kernel_class && !known->DefinedBy(target)) {
      c.diags.Error(rules::kKextPersonalityBundle, c.At(*bundle),
                    fmt::format("personality \"{}\": CFBundleIdentifier is "
                                "\"{}\", but {} is defined by {}; set it to "
                                "{}, or the kernel loads {} and cannot create "
                                "{}",
                                p.name(), target, class_name,
                                fmt::join(known->bundles, " or "),
                                known->bundle(), target, class_name));
    }
    return;
  }
  if (!info.bundle_identifier.empty() && target == info.bundle_identifier) {
    c.diags.Error(rules::kKextPersonalityBundle, c.At(*bundle),
                  fmt::format("personality \"{}\": CFBundleIdentifier names "
                              "this kext, which has no executable to define "
                              "{}; set it to the identifier of the kext that "
                              "defines {}",
                              p.name(), class_name, class_name));
    return;
  }
  // A descriptor that names an explicit class and bundle means it.
  if (info.generated ||
      std::find(reported_classes.begin(), reported_classes.end(), class_name) !=
          reported_classes.end()) {
    return;
  }
  reported_classes.push_back(class_name);
  if (target.starts_with("com.apple.")) {
    c.diags.Warning(rules::kKextUnknownClass, c.At(*io_class),
                    fmt::format("IOClass {} is not in codeless's catalog of "
                                "Apple classes, so whether {} defines it "
                                "cannot be checked; check the name (codeless "
                                "catalog lists the known ones)",
                                class_name, target));
  } else {
    c.diags.Note(rules::kKextThirdPartyClass, c.At(*io_class),
                 fmt::format("IOClass {} comes from {}, a kext outside "
                             "codeless's catalog of Apple classes; make sure "
                             "that kext defines it and is installed",
                             class_name, target));
  }
}

}  // namespace codeless::validate
