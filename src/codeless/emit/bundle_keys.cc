#include "codeless/emit/bundle_keys.h"

namespace codeless::emit {

plist::Dict CommonBundleKeys(const model::Bundle& bundle,
                             std::string_view package_type) {
  plist::Dict keys = bundle.properties;
  keys["CFBundleDevelopmentRegion"] = bundle.development_region;
  keys["CFBundleIdentifier"] = bundle.identifier;
  keys["CFBundleInfoDictionaryVersion"] = "6.0";
  keys["CFBundleName"] = bundle.bundle_name;
  keys["CFBundlePackageType"] = std::string(package_type);
  keys["CFBundleShortVersionString"] = bundle.short_version;
  keys["CFBundleVersion"] = bundle.version;
  if (bundle.copyright) keys["NSHumanReadableCopyright"] = *bundle.copyright;
  return keys;
}

plist::Dict CommonPersonalityKeys(const model::Personality& personality) {
  plist::Dict keys = personality.properties;
  for (const auto& [key, value] : personality.match) keys[key] = value;
  keys["IOProviderClass"] = personality.provider;
  if (personality.probe_score) keys["IOProbeScore"] = *personality.probe_score;
  if (personality.match_category)
    keys["IOMatchCategory"] = *personality.match_category;
  return keys;
}

}  // namespace codeless::emit
