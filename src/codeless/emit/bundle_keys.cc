#include "codeless/emit/bundle_keys.h"

namespace codeless::emit {
namespace {

plist::Value Tagged(const model::Text& text) {
  return plist::Value(text.value).Tagged(text.origin);
}

}  // namespace

plist::Dict CommonBundleKeys(const model::Bundle& bundle,
                             std::string_view identifier,
                             std::string_view package_type) {
  plist::Dict keys = bundle.properties;
  keys["CFBundleDevelopmentRegion"] = Tagged(bundle.development_region);
  keys["CFBundleIdentifier"] =
      plist::Value(identifier).Tagged(bundle.identifier.origin);
  keys["CFBundleInfoDictionaryVersion"] = "6.0";
  keys["CFBundleName"] = Tagged(bundle.bundle_name);
  keys["CFBundlePackageType"] = plist::Value(package_type);
  keys["CFBundleShortVersionString"] = Tagged(bundle.short_version);
  keys["CFBundleVersion"] = Tagged(bundle.version);
  if (bundle.copyright) {
    keys["NSHumanReadableCopyright"] = Tagged(*bundle.copyright);
  }
  return keys;
}

plist::Dict CommonPersonalityKeys(const model::Personality& personality) {
  plist::Dict keys = personality.properties;
  for (const auto& [key, value] : personality.match) keys[key] = value;
  keys["IOProviderClass"] = Tagged(personality.provider);
  if (personality.probe_score) {
    keys["IOProbeScore"] =
        plist::Value(*personality.probe_score)
            .Tagged(personality.probe_score_origin);
  }
  if (personality.match_category) {
    keys["IOMatchCategory"] = Tagged(*personality.match_category);
  }
  return keys;
}

}  // namespace codeless::emit
