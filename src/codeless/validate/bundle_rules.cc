#include "codeless/validate/bundle_rules.h"

#include <fmt/format.h>

#include "codeless/apple/identifiers.h"
#include "codeless/apple/info_keys.h"
#include "codeless/apple/kext_version.h"
#include "codeless/diag/rules.h"
#include "codeless/validate/placeholders.h"

namespace codeless::validate {
namespace {

namespace rules = diag::rules;

constexpr std::string_view kBundleKeys[] = {
    "CFBundleIdentifier",
    "CFBundlePackageType",
    "CFBundleVersion",
    "CFBundleExecutable",
    "CFBundleName",
    "CFBundleInfoDictionaryVersion",
    "IOKitPersonalities",
    "OSBundleLibraries",
    "OSBundleUsageDescription",
    "OSBundleRequired",
};

// Missing keys that a build adds are warnings in source plists.
diag::Severity MissingSeverity(const InfoPlist& info) {
  return info.source ? diag::Severity::kWarning : diag::Severity::kError;
}

void CheckVersionGrammar(const InfoPlist& info, const Node& value,
                         std::string_view key, const diag::Rule& rule) {
  const FileContext& c = info.context;
  // Only CFBundleVersion has a length limit, and only in userspace:
  // IOKitUser's __OSKextProcessInfoDictionary counts UTF-16 units
  // (CFStringGetLength); the kernel reads up to the first white space.
  size_t units = 0;
  for (char ch : value.text()) {
    auto byte = static_cast<unsigned char>(ch);
    if ((byte & 0xC0) != 0x80) units += byte >= 0xF0 ? 2 : 1;
  }
  if (&rule == &rules::kBundleVersion && units > apple::kMaxVersionLength) {
    c.diags.Error(
        rule, c.At(value),
        fmt::format("{} is {} characters long; kextutil and kmutil "
                    "(IOKitUser's OSKext.c) refuse more than {}, though the "
                    "kernel itself has no limit; shorten it",
                    key, units, apple::kMaxVersionLength));
    return;
  }
  std::string why;
  auto version = apple::ParseKextVersion(value.text(), &why);
  if (!version) {
    c.diags.Error(rule, c.At(value),
                  fmt::format("{} \"{}\" is not a kext version: {}; write "
                              "MAJOR[.MINOR[.REVISION]] with an optional d, a, "
                              "b or fc stage, e.g. 1.2.3 or 1.0b2",
                              key, value.text(), why));
    return;
  }
  if (version->long_components && &rule == &rules::kBundleVersion) {
    c.diags.Warning(rules::kBundleVersionDigits, c.At(value),
                    fmt::format("{} \"{}\" has a minor or revision number of "
                                "more than two digits, which Apple documents "
                                "as the limit and older loaders reject; use "
                                "at most two",
                                key, value.text()));
  }
}

void CheckPackageType(const InfoPlist& info) {
  const FileContext& c = info.context;
  const Node* type = info.root.Find("CFBundlePackageType");
  if (type == nullptr) {
    c.diags.Report(
        MissingSeverity(info), rules::kBundleMissingKey, c.At(info.root),
        fmt::format("CFBundlePackageType is missing; add it with "
                    "the value {}",
                    info.kind == BundleKind::kDext ? "DEXT" : "KEXT"));
    return;
  }
  if (!type->is_string() || HasPlaceholder(type->text())) return;
  if (type->text() != "KEXT" && type->text() != "DEXT") {
    c.diags.Error(rules::kBundlePackageType, c.At(*type),
                  fmt::format("CFBundlePackageType is \"{}\"; a kext needs "
                              "KEXT and a dext DEXT",
                              type->text()));
  }
}

void CheckIdentifier(const InfoPlist& info) {
  const FileContext& c = info.context;
  const Node* id = info.root.Find("CFBundleIdentifier");
  if (id == nullptr) {
    c.diags.Report(MissingSeverity(info), rules::kBundleIdentifier,
                   c.At(info.root),
                   "CFBundleIdentifier is missing; the loader rejects a "
                   "bundle without one, so add a reverse-DNS identifier such "
                   "as com.acme.driver.Mouse");
    return;
  }
  if (!id->is_string() || HasPlaceholder(id->text())) return;
  std::string_view text = id->text();
  if (text.empty()) {
    c.diags.Error(rules::kBundleIdentifier, c.At(*id),
                  "CFBundleIdentifier is empty; give the bundle a reverse-DNS "
                  "identifier such as com.acme.driver.Mouse");
    return;
  }
  // The loader refuses what is too long; what is not reverse DNS it
  // accepts (Apple itself ships '_'), so for existing files that is a
  // warning; generate writes it only where the descriptor disabled
  // desc-identifier-chars.
  apple::IdentifierCheck check = apple::CheckBundleIdentifier(text);
  switch (check.issue) {
    case apple::IdentifierIssue::kNone:
      return;
    case apple::IdentifierIssue::kRefused:
      c.diags.Error(
          rules::kBundleIdentifier, c.At(*id),
          fmt::format("CFBundleIdentifier \"{}\" is {} characters "
                      "long; the loader allows at most {}",
                      text, text.size(), apple::kMaxBundleIdentifierLength));
      return;
    case apple::IdentifierIssue::kNotReverseDns:
    case apple::IdentifierIssue::kUnderscore:
      // In generated output the descriptor reader has judged the
      // characters already: an error of desc-identifier-chars unless the
      // descriptor turned that rule off to keep an existing bundle's
      // identifier, which the loader accepts, so the file then passes.
      if (info.generated) return;
      c.diags.Warning(
          rules::kBundleIdentifierChars, c.At(*id),
          fmt::format("CFBundleIdentifier \"{}\": {}", text, check.why));
      return;
  }
}

void CheckVersions(const InfoPlist& info) {
  const FileContext& c = info.context;
  const Node* version = info.root.Find("CFBundleVersion");
  if (version == nullptr) {
    c.diags.Report(MissingSeverity(info), rules::kBundleVersion,
                   c.At(info.root),
                   "CFBundleVersion is missing; the loader rejects a bundle "
                   "without one, so add a version such as 1.0.0");
  } else if (version->is_string() && !HasPlaceholder(version->text())) {
    CheckVersionGrammar(info, *version, "CFBundleVersion",
                        rules::kBundleVersion);
  }
  // OSBundleCompatibleVersion and its arch variants; CFBundle* keys have
  // none, so each is compared with CFBundleVersion.
  for (size_t i = 0; i < info.root.keys().size(); ++i) {
    std::string_view key = info.root.keys()[i].name();
    const Node& compatible = info.root.children()[i];
    if (!apple::IsArchVariantOf(key, "OSBundleCompatibleVersion") ||
        !compatible.is_string() || HasPlaceholder(compatible.text())) {
      continue;
    }
    CheckVersionGrammar(info, compatible, key, rules::kBundleCompatibleVersion);
    const Node* current = JudgeableString(info.root, "CFBundleVersion");
    auto low = apple::ParseKextVersion(compatible.text(), nullptr);
    auto high = current ? apple::ParseKextVersion(current->text(), nullptr)
                        : std::nullopt;
    if (low && high && low->encoded > high->encoded) {
      c.diags.Error(rules::kBundleCompatibleVersion, c.At(compatible),
                    fmt::format("{} \"{}\" is above CFBundleVersion \"{}\"; "
                                "the loader requires it to be at most the "
                                "current version",
                                key, compatible.text(), current->text()));
    }
  }
  for (size_t i = 0; i < info.root.keys().size(); ++i) {
    std::string_view key = info.root.keys()[i].name();
    const Node& libraries = info.root.children()[i];
    if (!apple::IsArchVariantOf(key, "OSBundleLibraries") ||
        !libraries.is_dict()) {
      continue;
    }
    for (size_t j = 0; j < libraries.keys().size(); ++j) {
      const Node& value = libraries.children()[j];
      if (!value.is_string() || HasPlaceholder(value.text())) continue;
      std::string why;
      if (!apple::ParseKextVersion(value.text(), &why)) {
        c.diags.Error(
            rules::kBundleLibraryVersion, c.At(value),
            fmt::format("{}: the version \"{}\" of {} is not a kext "
                        "version: {}; write e.g. 1.0",
                        key, value.text(), libraries.keys()[j].name(), why));
      }
    }
  }
}

}  // namespace

bool LooksLikeInfoPlist(const Node& root) {
  if (!root.is_dict()) return false;
  for (const Node::Key& key : root.keys()) {
    for (std::string_view known : kBundleKeys) {
      if (key.name() == known) return true;
    }
    if (apple::IsArchVariantOf(key.name(), "IOKitPersonalities")) return true;
  }
  return false;
}

bool LooksLikePrelinkedInfo(const Node& root) {
  const Node* kexts = root.Find("_PrelinkInfoDictionary");
  return kexts != nullptr && kexts->is_array();
}

std::string PrelinkedBundleName(const Node& info, size_t index) {
  for (std::string_view key : {"CFBundleIdentifier", "_PrelinkBundlePath"}) {
    const Node* name = info.FindString(key);
    if (name != nullptr && !name->text().empty()) {
      return std::string(name->text());
    }
  }
  return fmt::format("_PrelinkInfoDictionary[{}]", index);
}

bool LooksLikeEntitlements(const Node& root) {
  if (!root.is_dict() || root.keys().empty() || LooksLikeInfoPlist(root)) {
    return false;
  }
  bool apple = false;
  for (const Node::Key& key : root.keys()) {
    if (key.name().find('.') == std::string_view::npos) return false;
    apple = apple || key.name().starts_with("com.apple.");
  }
  return apple;
}

void ReportNotInfoPlist(const FileContext& context, const Node& root) {
  std::string found;
  for (size_t i = 0; i < root.keys().size() && i < 3; ++i) {
    found += fmt::format("{}{}", i == 0 ? "" : ", ", root.keys()[i].name());
  }
  if (root.keys().size() > 3) found += ", ...";
  std::string what =
      root.Find("_PrelinkInfoDictionary") != nullptr
          ? "it looks like a prelinked-info dictionary, but its "
            "_PrelinkInfoDictionary is no <array> of Info.plist <dict>s"
          : fmt::format("its top-level <dict> holds {}",
                        found.empty() ? "nothing" : found);
  context.diags.Error(
      rules::kBundleNotInfoPlist, context.At(root),
      fmt::format("this plist is not a kext's or dext's Info.plist: {}, and "
                  "none of CFBundleIdentifier, CFBundlePackageType, "
                  "CFBundleVersion or IOKitPersonalities; validate each "
                  "bundle's own Info.plist",
                  what));
}

InfoPlist ClassifyInfoPlist(const FileContext& context,
                            const catalog::Catalog& catalog, const Node& root,
                            const BundleFiles& files) {
  InfoPlist info{context, catalog, root};
  info.generated = files.generated;
  info.prelinked = files.layout == BundleLayout::kPrelinked;
  info.declares_executable = root.Find("CFBundleExecutable") != nullptr;
  if (const Node* id = root.FindString("CFBundleIdentifier")) {
    info.bundle_identifier = id->text();
  }
  info.apple_bundle = !files.generated &&
                      !HasPlaceholder(info.bundle_identifier) &&
                      apple::IsAppleBundleIdentifier(info.bundle_identifier);
  bool driverkit_personalities = false;
  for (size_t i = 0; i < root.keys().size(); ++i) {
    const Node& value = root.children()[i];
    if (!apple::IsArchVariantOf(root.keys()[i].name(), "IOKitPersonalities") ||
        !value.is_dict())
      continue;
    for (size_t j = 0; j < value.keys().size(); ++j) {
      const Node& node = value.children()[j];
      if (!node.is_dict()) continue;
      Personality p{&value.keys()[j], &node, false, info.apple_bundle};
      const Node* io_class = node.FindString("IOClass");
      p.driverkit = node.Find("IOUserServerName") != nullptr ||
                    node.Find("IOUserClass") != nullptr ||
                    (io_class != nullptr &&
                     !catalog.FindDextByIoClass(io_class->text()).empty() &&
                     catalog.FindKextClass(io_class->text()) == nullptr);
      driverkit_personalities = driverkit_personalities || p.driverkit;
      info.personalities.push_back(p);
    }
  }
  const Node* type = root.FindString("CFBundlePackageType");
  if (type != nullptr && type->text() == "DEXT") {
    info.kind = BundleKind::kDext;
  } else if (type != nullptr && type->text() == "KEXT") {
    info.kind = BundleKind::kKext;
  } else {
    bool dext_layout = files.layout == BundleLayout::kBuiltDext ||
                       files.layout == BundleLayout::kSourceFolder;
    info.kind =
        driverkit_personalities || files.entitlements != nullptr || dext_layout
            ? BundleKind::kDext
            : BundleKind::kKext;
  }
  if (!files.generated) {
    std::string_view path = context.file.path();
    // A dext outside a built .dext is its source plist; one in a prelinked
    // kernel is built.
    bool built = files.layout == BundleLayout::kBuiltDext ||
                 files.layout == BundleLayout::kPrelinked;
    info.source =
        path.ends_with(".in") || (info.kind == BundleKind::kDext && !built);
    for (const Node& value : root.children()) {
      if (value.is_string() && HasPlaceholder(value.text())) info.source = true;
    }
  }
  return info;
}

void CheckBundleKeys(const InfoPlist& info) {
  CheckPackageType(info);
  CheckIdentifier(info);
  CheckVersions(info);
}

}  // namespace codeless::validate
