#include "codeless/validate/dext_rules.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string>

#include "codeless/apple/info_keys.h"
#include "codeless/diag/rules.h"
#include "codeless/validate/placeholders.h"

namespace codeless::validate {
namespace {

namespace rules = diag::rules;

// "Driver Extensions may not use the %@ key; please remove." [OSKext.c
// __sOSKextInfoKextOnlyKeys]
constexpr std::string_view kKextOnlyKeys[] = {
    "OSKernelResource", "AppleSecurityExtension",
    "AppleKernelExternalComponent", "OSBundleSharedExecutableIdentifier",
    "OSBundleIsInterface"};

// Keys the kernel or the loader adds to a personality; authoring them is a
// mistake copied from an ioreg dump [xnu IOKitKeys.h; IOUserServerCDHash:
// kext_tools driverkit.m, below].
constexpr std::string_view kRuntimeKeys[] = {
    "IOPersonalityPublisher", "IOMatchedPersonality", "IOUserServerCDHash",
    "kOSBundleDextUniqueIdentifier"};

// IOUserClass-side names of Apple's own dexts, which people copy into
// IOClass, and the proxy that belongs there [IOHIDFamily-1633.60.4
// AppleUserHIDDrivers Info.plist].
struct UserClassProxy {
  std::string_view user_class;
  std::string_view proxy;
};
constexpr UserClassProxy kAppleUserClasses[] = {
    {"AppleUserUSBHostHIDDevice", "AppleUserHIDDevice"},
    {"AppleUserHIDEventDriver", "AppleUserHIDEventService"},
};

diag::Severity MissingSeverity(const InfoPlist& info) {
  return info.source ? diag::Severity::kWarning : diag::Severity::kError;
}

// The minimum OS the file declares (apple::MinimumOsKeys()), as "KEY
// VALUE", and whether it is macOS 11 or later; `declared` is empty when the
// file declares none that can be read.
struct DeclaredMinimum {
  std::string declared;
  bool from_macos_11 = false;
};

DeclaredMinimum MinimumOs(const InfoPlist& info) {
  for (std::string_view key : apple::MinimumOsKeys()) {
    const Node* value = JudgeableString(info.root, key);
    if (value == nullptr) continue;
    std::optional<bool> later =
        apple::MinimumIsMacos11OrLater(key, value->text());
    if (!later) continue;
    return {fmt::format("{} {}", key, value->text()), *later};
  }
  return {};
}

// CFBundleIdentifierKernel names the kext whose class IOClass is. OSKext
// (IOKitUser-1726.11.1, macOS 10.15, and later: kext.subproj/OSKext.c,
// __OSKextValidateIOKitPersonalityApplierFunction) reports a dext
// personality without it ("The 'CFBundleIdentifierKernel' key is required
// in your personality to specify the base kext to load when your kext is
// instantiated"); the kernel defaults it to the personality's
// CFBundleIdentifier, the dext itself (xnu OSKext::uniquePersonalityProperties)
// and loads that before matching (IOCatalogue::isModuleLoaded), so the
// proxy's kext is not loaded first. Apple's own DriverKit 19 (macOS 10.15)
// dexts shipped without it (AppleUserECMData, AppleUserEthernetASIX in the
// corpus's 10.15.3 prelinked kernel), so it is held as required only from
// macOS 11 (DriverKit 20) on: an error when the file declares such a
// minimum, and in what generate builds; a warning otherwise.
diag::Severity KernelBundleSeverity(const InfoPlist& info,
                                    const DeclaredMinimum& minimum) {
  return info.generated || minimum.from_macos_11 ? diag::Severity::kError
                                                 : diag::Severity::kWarning;
}

// "com.acme" of "com.acme.driver.X": what IOUserServerOneProcess compares.
std::string_view Organization(std::string_view identifier) {
  size_t first = identifier.find('.');
  if (first == std::string_view::npos) return identifier;
  size_t second = identifier.find('.', first + 1);
  return identifier.substr(0, second);
}

std::string ProxyList(const catalog::Catalog& catalog) {
  std::vector<std::string_view> names;
  for (const catalog::DextClass& d : catalog.dext_classes()) {
    if (std::find(names.begin(), names.end(), d.io_class) == names.end()) {
      names.push_back(d.io_class);
    }
  }
  std::string out;
  for (std::string_view name : names) {
    out += fmt::format("{}{}", out.empty() ? "" : ", ", name);
  }
  return out;
}

void CheckIoClass(const InfoPlist& info, const Personality& p,
                  const Node& io_class) {
  const FileContext& c = info.context;
  std::string_view name = io_class.text();
  if (!info.catalog.FindDextByIoClass(name).empty()) return;
  std::string_view proxy;
  std::string_view what;
  if (const catalog::DextClass* d = info.catalog.FindDextClass(name)) {
    proxy = d->io_class;
    what = "the DriverKit class";
  }
  for (const UserClassProxy& known : kAppleUserClasses) {
    if (known.user_class == name) {
      proxy = known.proxy;
      what = "the IOUserClass of Apple's own dext";
    }
  }
  if (!proxy.empty()) {
    c.diags.Error(rules::kDextIOClass, c.At(io_class),
                  fmt::format("personality \"{}\": IOClass is {}, {}; a dext "
                              "personality's IOClass is the kernel proxy, {} "
                              "(the dext's own class goes in IOUserClass)",
                              p.name(), name, what, proxy));
    return;
  }
  c.diags.Warning(rules::kDextUnknownClass, c.At(io_class),
                  fmt::format("personality \"{}\": IOClass {} is not a "
                              "DriverKit proxy class codeless knows ({}); "
                              "check it against the DriverKit family's "
                              "documentation",
                              p.name(), name, ProxyList(info.catalog)));
}

void CheckKernelBundle(const InfoPlist& info, const Personality& p,
                       const Node& io_class, const Node& kernel) {
  auto entries = info.catalog.FindDextByIoClass(io_class.text());
  if (entries.empty()) return;
  for (const catalog::DextClass* d : entries) {
    if (d->kernel_bundle == kernel.text()) return;
  }
  const FileContext& c = info.context;
  c.diags.Report(
      info.generated ? diag::Severity::kError : diag::Severity::kWarning,
      rules::kDextKernelBundle, c.At(kernel),
      fmt::format("personality \"{}\": CFBundleIdentifierKernel is \"{}\", "
                  "but IOClass {} lives in {}; set it to that, or the kernel "
                  "may create the proxy before its kext is loaded",
                  p.name(), kernel.text(), io_class.text(),
                  entries.front()->kernel_bundle));
}

}  // namespace

void CheckDextKeys(const InfoPlist& info) {
  const FileContext& c = info.context;
  const Node& root = info.root;
  for (std::string_view key : kKextOnlyKeys) {
    if (root.Find(key) == nullptr) continue;
    c.diags.Error(rules::kDextForbiddenKey, c.AtKey(root, key),
                  fmt::format("a dext may not use {} (the loader refuses "
                              "\"Driver Extensions may not use the {} key\"); "
                              "remove it",
                              key, key));
  }
  for (size_t i = 0; i < root.keys().size(); ++i) {
    std::string_view key = root.keys()[i].name();
    const Node& required = root.children()[i];
    if (!apple::IsArchVariantOf(key, "OSBundleRequired")) continue;
    std::string_view id = info.bundle_identifier;
    bool apple = !HasPlaceholder(id) && id.starts_with("com.apple.");
    if (!apple) {
      c.diags.Error(rules::kDextBundleRequired, c.At(root.keys()[i]),
                    fmt::format("third-party dexts may not declare {}: they "
                                "cannot run in Safe Boot or match during "
                                "early boot, and the loader refuses them; "
                                "remove it",
                                key));
    } else if (required.is_string() &&
               !apple::IsAppleDextBundleRequired(required.text())) {
      c.diags.Error(rules::kBundleRequired, c.At(required),
                    fmt::format("{} is \"{}\"; an Apple dext may use only "
                                "DriverKit or Safe Boot",
                                key, required.text()));
    }
  }
  if (root.Find("CFBundleExecutable") == nullptr) {
    c.diags.Report(MissingSeverity(info), rules::kDextExecutable, c.At(root),
                   "CFBundleExecutable is missing; a dext declares its "
                   "executable, usually as $(EXECUTABLE_NAME)");
  }
  const Node* usage = root.Find("OSBundleUsageDescription");
  if (usage == nullptr) {
    // The description is shown when an app asks the user to allow its dext
    // (System Extensions); a dext in a prelinked kernel is Apple's own,
    // loaded from /System/Library/DriverExtensions without that request.
    if (!info.prelinked) {
      c.diags.Report(MissingSeverity(info), rules::kDextUsageDescription,
                     c.At(root),
                     "OSBundleUsageDescription is missing, and activating the "
                     "dext fails without it; add a sentence that tells users "
                     "what the driver does");
    }
  } else if (usage->is_string() && usage->text().empty()) {
    c.diags.Warning(rules::kDextUsageDescriptionEmpty, c.At(*usage),
                    "OSBundleUsageDescription is empty; write a sentence "
                    "that tells users what the driver does, which the system "
                    "shows when it asks them to allow the extension");
  }
  for (const Node::Key& key : root.keys()) {
    if (apple::IsArchVariantOf(key.name(), "OSBundleLibraries")) {
      c.diags.Warning(rules::kDextLibraries, c.At(key),
                      fmt::format("a dext links against DriverKit, not "
                                  "kexts, so {} has no use here; remove it",
                                  key.name()));
    }
  }
}

void CheckDextPersonality(const InfoPlist& info, const Personality& p) {
  const FileContext& c = info.context;
  const Node& node = *p.node;
  const Node* io_class = JudgeableString(node, "IOClass");
  struct Required {
    std::string_view key;
    std::string how;
  };
  std::string kernel_hint =
      "the bundle identifier of the kext that defines "
      "IOClass";
  if (io_class != nullptr) {
    auto entries = info.catalog.FindDextByIoClass(io_class->text());
    if (!entries.empty()) kernel_hint = entries.front()->kernel_bundle;
  }
  const Required required[] = {
      {"IOUserClass", "set it to the name of the dext's own class"},
      {"IOUserServerName",
       "set it to the dext's bundle identifier, e.g. "
       "$(PRODUCT_BUNDLE_IDENTIFIER)"},
      {"CFBundleIdentifierKernel", "set it to " + kernel_hint},
  };
  for (const Required& r : required) {
    if (node.Find(r.key) != nullptr) continue;
    if (r.key == "CFBundleIdentifierKernel") {
      DeclaredMinimum minimum = MinimumOs(info);
      diag::Severity severity = KernelBundleSeverity(info, minimum);
      if (severity == diag::Severity::kWarning) {
        c.diags.Warning(
            rules::kDextPersonalityKey, c.At(node),
            fmt::format(
                "personality \"{}\" has no {}, which the loader "
                "needs to launch the dext on macOS 11 and later "
                "(10.15 dexts, Apple's too, did without); this file "
                "declares {}, so a warning; {}",
                p.name(), r.key,
                minimum.declared.empty()
                    ? "no minimum OS (OSMinimumDriverKitVersion or "
                      "LSMinimumSystemVersion)"
                    : fmt::format("{}, before macOS 11", minimum.declared),
                r.how));
        continue;
      }
    }
    c.diags.Error(rules::kDextPersonalityKey, c.At(node),
                  fmt::format("personality \"{}\" has no {}, which the loader "
                              "needs to launch the dext; {}",
                              p.name(), r.key, r.how));
  }
  const Node* bundle = node.Find("CFBundleIdentifier");
  if (bundle == nullptr) {
    c.diags.Warning(rules::kPersonalityNoBundle, c.At(node),
                    fmt::format("personality \"{}\" has no "
                                "CFBundleIdentifier; the loader inserts the "
                                "dext's own and warns, so set it to "
                                "$(PRODUCT_BUNDLE_IDENTIFIER)",
                                p.name()));
  } else if (bundle->is_string() && !bundle->text().empty() &&
             !HasPlaceholder(bundle->text()) &&
             !info.bundle_identifier.empty() &&
             !HasPlaceholder(info.bundle_identifier) &&
             bundle->text() != info.bundle_identifier) {
    c.diags.Error(rules::kDextPersonalityBundle, c.At(*bundle),
                  fmt::format("personality \"{}\": CFBundleIdentifier is "
                              "\"{}\", but a dext's personalities name the "
                              "dext itself, \"{}\", so the kernel would look "
                              "for another dext; set it to \"{}\"",
                              p.name(), bundle->text(), info.bundle_identifier,
                              info.bundle_identifier));
  }
  if (io_class != nullptr && !io_class->text().empty()) {
    CheckIoClass(info, p, *io_class);
    if (const Node* kernel =
            JudgeableString(node, "CFBundleIdentifierKernel")) {
      CheckKernelBundle(info, p, *io_class, *kernel);
    }
  }
  if (node.Find("IOUserServerOneProcess") != nullptr) {
    const Node* server = JudgeableString(node, "IOUserServerName");
    std::string_view id = info.bundle_identifier;
    if (server != nullptr && !id.empty() && !HasPlaceholder(id) &&
        Organization(server->text()) != Organization(id)) {
      c.diags.Error(
          rules::kDextServerName, c.At(*server),
          fmt::format("personality \"{}\": with "
                      "IOUserServerOneProcess, IOUserServerName "
                      "\"{}\" must start like the bundle identifier "
                      "(\"{}\"), or the kernel refuses to launch it; "
                      "use a name under {}",
                      p.name(), server->text(), id, Organization(id)));
    }
  }
  const Node* provider = node.FindString("IOProviderClass");
  if (provider != nullptr && provider->text() == "IOUserResources" &&
      node.Find("IOMatchCategory") == nullptr) {
    c.diags.Warning(rules::kDextMatchCategory, c.At(node),
                    fmt::format("personality \"{}\" matches IOUserResources "
                                "without IOMatchCategory, so it keeps every "
                                "other driver off that shared provider; set "
                                "IOMatchCategory to the bundle identifier",
                                p.name()));
  }
  for (std::string_view key : kRuntimeKeys) {
    if (node.Find(key) == nullptr) continue;
    if (key == "IOUserServerCDHash") {
      // kextcache and kextd add the dext executable's code-directory hash
      // to each personality they send, with CFDictionaryAddValue, which
      // keeps a value already there (kext_tools-692 driverkit.m
      // addCDHashToDextPersonality), and the kernel launches the dext only
      // if its hash matches (xnu-6153 IOUserServer::serviceMatchesCDHash).
      // So in a prelinked kernel the key belongs; authored, it goes stale.
      if (info.prelinked) continue;
      c.diags.Warning(
          rules::kDextRuntimeKey, c.AtKey(node, key),
          fmt::format("personality \"{}\": the loader adds IOUserServerCDHash "
                      "(the executable's code hash, which the kernel checks "
                      "before it launches the dext) but keeps one already "
                      "there, so an authored hash goes stale when the dext "
                      "is rebuilt; remove it",
                      p.name()));
      continue;
    }
    c.diags.Warning(rules::kDextRuntimeKey, c.AtKey(node, key),
                    fmt::format("personality \"{}\": the kernel sets {} when "
                                "the personality matches; remove it",
                                p.name(), key));
  }
}

}  // namespace codeless::validate
