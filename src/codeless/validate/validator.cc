#include "codeless/validate/validator.h"

#include <fmt/format.h>

#include "codeless/apple/identifiers.h"
#include "codeless/apple/kext_version.h"
#include "codeless/diag/rules.h"
#include "codeless/validate/plist_document.h"

namespace codeless::validate {
namespace {

namespace rules = diag::rules;

diag::Location At(const diag::SourceFile& file, const Node& node) {
  return diag::Location::At(file, node.offset);
}

diag::Location AtKey(const diag::SourceFile& file, const Node& dict,
                     std::string_view key) {
  const Node::Key* entry = dict.FindKey(key);
  return diag::Location::At(file,
                            entry != nullptr ? entry->offset : dict.offset);
}

void CheckInfoPlist(const diag::SourceFile& file, const Node& root,
                    const BundleFiles& files, const catalog::Catalog& catalog,
                    diag::Diagnostics& diags) {
  if (!root.is_dict()) {
    diags.Error(rules::kXmlStructure, At(file, root),
                "an Info.plist must hold a <dict>");
    return;
  }
  const Node* package_type = root.Find("CFBundlePackageType");
  bool is_dext = package_type != nullptr && package_type->is_string() &&
                 package_type->text == "DEXT";
  if (package_type == nullptr) {
    diags.Error(
        rules::kBundleMissingKey, At(file, root),
        "CFBundlePackageType is missing; a kext needs KEXT and a dext DEXT");
  } else if (!package_type->is_string() ||
             (package_type->text != "KEXT" && package_type->text != "DEXT")) {
    diags.Error(
        rules::kBundlePackageType, At(file, *package_type),
        fmt::format("CFBundlePackageType must be KEXT or DEXT, not \"{}\"",
                    package_type->text));
  }
  const Node* identifier = root.Find("CFBundleIdentifier");
  if (identifier == nullptr) {
    diags.Error(rules::kBundleIdentifier, At(file, root),
                "CFBundleIdentifier is missing; the loader rejects a bundle "
                "without one");
  } else if (!identifier->is_string()) {
    diags.Error(rules::kBundleType, At(file, *identifier),
                "CFBundleIdentifier must be a <string>");
  } else if (auto problem = apple::BundleIdentifierProblem(identifier->text)) {
    diags.Error(rules::kBundleIdentifier, At(file, *identifier),
                fmt::format("CFBundleIdentifier \"{}\" is invalid: {}",
                            identifier->text, *problem));
  }
  const Node* version = root.Find("CFBundleVersion");
  if (version == nullptr) {
    diags.Error(
        rules::kBundleVersion, At(file, root),
        "CFBundleVersion is missing; the loader rejects a bundle without one");
  } else if (!version->is_string()) {
    diags.Error(rules::kBundleType, At(file, *version),
                "CFBundleVersion must be a <string>");
  } else {
    std::string why;
    if (version->text.size() > 63) {
      diags.Error(rules::kBundleVersion, At(file, *version),
                  "CFBundleVersion must be shorter than 64 characters");
    } else if (!apple::ParseKextVersion(version->text, &why)) {
      diags.Error(
          rules::kBundleVersion, At(file, *version),
          fmt::format("CFBundleVersion \"{}\" is not a kext version: {}",
                      version->text, why));
    }
  }
  if (files.generated && !is_dext &&
      root.Find("CFBundleExecutable") != nullptr) {
    diags.Error(rules::kKextExecutable, AtKey(file, root, "CFBundleExecutable"),
                "a codeless kext must not declare CFBundleExecutable");
  }
  const Node* personalities = root.Find("IOKitPersonalities");
  if (personalities == nullptr || !personalities->is_dict()) return;
  for (size_t i = 0; i < personalities->children.size(); ++i) {
    const Node& personality = personalities->children[i];
    const std::string& name = personalities->keys[i].name;
    if (!personality.is_dict()) {
      diags.Error(rules::kPersonalityType, At(file, personality),
                  fmt::format("personality \"{}\" must be a <dict>", name));
      continue;
    }
    for (std::string_view key : {"IOClass", "IOProviderClass"}) {
      const Node* value = personality.Find(key);
      if (value == nullptr || !value->is_string() || value->text.empty()) {
        diags.Error(
            rules::kPersonalityKey,
            value ? At(file, *value) : At(file, personality),
            fmt::format("personality \"{}\" needs {} as a non-empty <string>",
                        name, key));
      }
    }
    const Node* io_class = personality.Find("IOClass");
    const Node* bundle = personality.Find("CFBundleIdentifier");
    if (!is_dext && files.generated && io_class != nullptr &&
        bundle != nullptr && io_class->is_string() && bundle->is_string()) {
      const catalog::KextClass* known = catalog.FindKextClass(io_class->text);
      if (known != nullptr && known->bundle != bundle->text) {
        diags.Error(
            rules::kKextPersonalityBundle, At(file, *bundle),
            fmt::format(
                "personality \"{}\": CFBundleIdentifier is \"{}\", but {} is "
                "defined by {}",
                name, bundle->text, io_class->text, known->bundle));
      }
    }
  }
}

}  // namespace

void Validator::Validate(const BundleFiles& files,
                         diag::Diagnostics& diags) const {
  if (files.info_plist != nullptr) {
    if (auto root = ParsePlist(*files.info_plist, diags)) {
      CheckInfoPlist(*files.info_plist, *root, files, catalog_, diags);
    }
  }
  if (files.entitlements != nullptr) ParsePlist(*files.entitlements, diags);
}

}  // namespace codeless::validate
