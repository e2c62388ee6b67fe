#include "codeless/validate/validator.h"

#include <fmt/format.h>

#include "codeless/diag/rules.h"
#include "codeless/validate/bundle_rules.h"
#include "codeless/validate/dext_rules.h"
#include "codeless/validate/entitlement_rules.h"
#include "codeless/validate/input_kind.h"
#include "codeless/validate/kernel_xml.h"
#include "codeless/validate/kext_rules.h"
#include "codeless/validate/matching_rules.h"
#include "codeless/validate/provider_rules.h"
#include "codeless/validate/rule_context.h"
#include "codeless/validate/schema_rules.h"

namespace codeless::validate {
namespace {

namespace rules = diag::rules;

void CheckInfoPlist(const InfoPlist& info, const BundleFiles& files,
                    const SchemaRules& schemas) {
  const FileContext& context = info.context;
  schemas.CheckInfoPlist(info);
  CheckBundleKeys(info);
  if (info.kind == BundleKind::kKext) {
    CheckKextKeys(info, files);
  } else {
    CheckDextKeys(info);
  }
  std::vector<std::string_view> reported_classes;
  for (const Personality& p : info.personalities) {
    apple::Family family = PersonalityFamily(*p.node);
    schemas.CheckPersonality(context, p, family);
    CheckProviderClass(info, p);
    CheckMatching(context, p, family, info.generated,
                  info.kind == BundleKind::kKext && !info.declares_executable &&
                      !p.driverkit);
    if (info.kind == BundleKind::kDext && p.driverkit) {
      CheckDextPersonality(info, p);
    } else if (info.kind == BundleKind::kKext) {
      CheckKextPersonality(info, p, reported_classes);
    }
  }
}

// A prelinked-info dictionary, kext by kext: each Info dict of
// _PrelinkInfoDictionary is validated as an Info.plist of its own, where it
// stands in the file, and each finding names its bundle.
void CheckPrelinkedInfo(const FileContext& context,
                        const catalog::Catalog& catalog, const Node& root,
                        const SchemaRules& schemas) {
  BundleFiles files;
  files.info_plist = &context.file;
  files.layout = BundleLayout::kPrelinked;
  const Node& kexts = *root.Find("_PrelinkInfoDictionary");
  for (size_t i = 0; i < kexts.children().size(); ++i) {
    const Node& kext = kexts.children()[i];
    context.diags.BeginBundle(PrelinkedBundleName(kext, i));
    if (!kext.is_dict()) {
      context.diags.Error(
          rules::kBundleType, context.At(kext),
          fmt::format("each entry of _PrelinkInfoDictionary is a bundle's "
                      "Info.plist <dict>, not a <{}>",
                      NodeTypeName(kext.type)));
    } else {
      InfoPlist info = ClassifyInfoPlist(context, catalog, kext, files);
      CheckInfoPlist(info, files, schemas);
    }
    context.diags.EndBundle();
  }
}

void CheckEntitlementsFile(const FileContext& context, const Node& root,
                           const InfoPlist* info, const SchemaRules& schemas) {
  if (!root.is_dict()) {
    context.diags.Error(rules::kEntType, context.At(root),
                        fmt::format("entitlements are a <dict> of names and "
                                    "values, not a <{}>",
                                    NodeTypeName(root.type)));
    return;
  }
  schemas.CheckEntitlements(context, root);
  CheckEntitlements(context, root, info);
}

}  // namespace

Validator::Validator(const catalog::Catalog& catalog) : catalog_(catalog) {
  schemas_ = SchemaRules::Create();
}

Validator::~Validator() = default;

void Validator::Validate(const BundleFiles& files,
                         diag::Diagnostics& diags) const {
  std::optional<PlistDocument> info_document;
  std::optional<FileContext> info_context;
  std::optional<InfoPlist> info;
  // A registry dump, a system profile or a descriptor draws one finding
  // that names it, not the plist errors its bytes would.
  if (files.info_plist != nullptr &&
      !ReportOtherInputByText(*files.info_plist, diags)) {
    info_document = ParsePlist(*files.info_plist, diags);
    if (info_document) {
      info_context.emplace(FileContext{*files.info_plist, diags});
      const Node& root = info_document->root();
      if (ReportOtherInputByRoot(*info_context, root)) {
        // an `ioreg -a` dump: reported
      } else if (!root.is_dict()) {
        diags.Error(rules::kBundleType, info_context->At(root),
                    fmt::format("an Info.plist holds a <dict> at its top "
                                "level, not a <{}>",
                                NodeTypeName(root.type)));
      } else if (LooksLikeEntitlements(root) && files.entitlements == nullptr) {
        CheckEntitlementsFile(*info_context, root, nullptr, *schemas_);
      } else if (!LooksLikeInfoPlist(root) && LooksLikePrelinkedInfo(root)) {
        CheckPrelinkedInfo(*info_context, catalog_, root, *schemas_);
      } else if (!LooksLikeInfoPlist(root)) {
        ReportNotInfoPlist(*info_context, root);
      } else {
        info.emplace(ClassifyInfoPlist(*info_context, catalog_, root, files));
        CheckInfoPlist(*info, files, *schemas_);
      }
    }
  }
  if (files.entitlements != nullptr &&
      !ReportOtherInputByText(*files.entitlements, diags)) {
    if (auto document = ParsePlist(*files.entitlements, diags)) {
      FileContext context{*files.entitlements, diags};
      CheckEntitlementsFile(context, document->root(), info ? &*info : nullptr,
                            *schemas_);
    }
  }
}

}  // namespace codeless::validate
