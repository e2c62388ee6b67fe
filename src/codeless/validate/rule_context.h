// What the rules of one file share: where to report, and what the
// validator has learned about the file before the rules run.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "codeless/apple/info_keys.h"
#include "codeless/catalog/catalog.h"
#include "codeless/diag/diagnostic.h"
#include "codeless/diag/source_file.h"
#include "codeless/validate/placeholders.h"
#include "codeless/validate/plist_document.h"

namespace codeless::validate {

// A parsed file and the sink for its findings.
struct FileContext {
  const diag::SourceFile& file;
  diag::Diagnostics& diags;

  diag::Location At(const Node& node) const {
    return diag::Location::At(file, node.offset);
  }
  diag::Location At(const Node::Key& key) const {
    return diag::Location::At(file, key.offset);
  }
  // The <key> element of `key` in `dict`, or the dict when it has none.
  diag::Location AtKey(const Node& dict, std::string_view key) const {
    const Node::Key* entry = dict.FindKey(key);
    return diag::Location::At(file,
                              entry != nullptr ? entry->offset : dict.offset);
  }
};

enum class BundleKind { kKext, kDext };

// One entry of IOKitPersonalities (or of an arch variant such as
// IOKitPersonalities_x86_64).
struct Personality {
  const Node::Key* key = nullptr;  // its name
  const Node* node = nullptr;      // a dict (others are skipped)
  // A dext personality: it has IOUserServerName or IOUserClass, or its
  // IOClass is a DriverKit proxy. The kernel launches a dext only for
  // personalities with IOUserServerName; dexts also carry plain kernel
  // personalities (e.g. an IOProviderPropertyMerger), checked as a kext's.
  bool driverkit = false;
  // It is in a bundle Apple ships (InfoPlist::apple_bundle).
  bool in_apple_bundle = false;

  std::string_view name() const { return key->name(); }
};

// An Info.plist, classified.
struct InfoPlist {
  const FileContext& context;
  const catalog::Catalog& catalog;
  const Node& root;
  BundleKind kind = BundleKind::kKext;
  // An Xcode (or CMake, or script) source plist: it holds placeholders, or
  // is a dext plist outside a built .dext. Keys that the build adds may be
  // missing (a warning at most) and placeholder values are not judged.
  bool source = false;
  // Produced by `generate`: held to PRODUCT.md §4 exactly.
  bool generated = false;
  // One bundle of a prelinked-info dictionary (BundleLayout::kPrelinked).
  bool prelinked = false;
  // A bundle Apple ships: its CFBundleIdentifier is com.apple.* and
  // codeless did not generate it. Where Apple's own files break a rule in a
  // way that leaves the bundle loadable (a personality that can never
  // match), the finding is a warning for them: Apple's kexts and dexts, as
  // shipped, draw no errors (PRODUCT.md §5). A third-party bundle that
  // takes a com.apple.* identifier is judged as Apple's.
  bool apple_bundle = false;
  // CFBundleExecutable is declared (whatever its value).
  bool declares_executable = false;
  // CFBundleIdentifier when it is a string (possibly a placeholder).
  std::string_view bundle_identifier{};
  std::vector<Personality> personalities{};
};

// The <string> at `key` when its value can be judged: present, a string,
// and no build-time placeholder. nullptr otherwise.
inline const Node* JudgeableString(const Node& dict, std::string_view key) {
  const Node* value = dict.FindString(key);
  return value != nullptr && !HasPlaceholder(value->text()) ? value : nullptr;
}

// A personality fault that leaves it unmatched but its bundle loadable
// (the loader does not look at matching keys: IOKitUser OSKext.c,
// __OSKextValidateIOKitPersonalityApplierFunction): an error, but a warning
// in a bundle Apple ships, whose message then ends with kAppleStillLoads.
inline diag::Severity PersonalityFaultSeverity(const Personality& p) {
  return p.in_apple_bundle ? diag::Severity::kWarning : diag::Severity::kError;
}
inline constexpr std::string_view kAppleStillLoads =
    "; the loader still accepts the bundle, so in a bundle Apple ships this "
    "is a warning";

// "Info.plist:23": where another file's node is, for cross-file messages.
std::string Where(const diag::SourceFile& file, uint32_t offset);

}  // namespace codeless::validate
