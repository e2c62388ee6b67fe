#include "codeless/emit/bundle_keys.h"

#include <algorithm>

namespace codeless::emit {
namespace {

plist::Value Tagged(const model::Text& text) {
  return plist::Value(text.value).Tagged(text.origin);
}

}  // namespace

plist::Dict CommonBundleKeys(const model::Bundle& bundle,
                             const model::Text& identifier,
                             std::string_view package_type) {
  plist::Dict keys = bundle.properties;
  if (bundle.development_region) {
    keys["CFBundleDevelopmentRegion"] = Tagged(*bundle.development_region);
  }
  keys["CFBundleIdentifier"] = Tagged(identifier);
  keys["CFBundleInfoDictionaryVersion"] = "6.0";
  if (bundle.bundle_name) keys["CFBundleName"] = Tagged(*bundle.bundle_name);
  keys["CFBundlePackageType"] = plist::Value(package_type);
  if (bundle.short_version) {
    keys["CFBundleShortVersionString"] = Tagged(*bundle.short_version);
  }
  keys["CFBundleVersion"] = Tagged(bundle.version);
  if (bundle.copyright) {
    keys["NSHumanReadableCopyright"] = Tagged(*bundle.copyright);
  }
  return keys;
}

PersonalityMembers::PersonalityMembers(const model::Personality& personality) {
  members_.reserve(personality.properties.size() + personality.match.size() +
                   8);
  for (const auto& [key, value] : personality.properties) Set(key, value);
  for (const model::MatchKeys::Entry& entry : personality.match) {
    Set(entry.name(), entry.value);
  }
  Set("IOProviderClass", personality.provider.value,
      personality.provider.origin);
  if (personality.probe_score) {
    Member& member = At("IOProbeScore");
    member = {"IOProbeScore", nullptr, {}, *personality.probe_score, true,
              personality.probe_score_origin};
  }
  if (personality.match_category) {
    Set("IOMatchCategory", personality.match_category->value,
        personality.match_category->origin);
  }
}

PersonalityMembers::Member& PersonalityMembers::At(std::string_view key) {
  for (Member& member : members_) {
    if (member.key == key) return member;
  }
  return members_.emplace_back(Member{key, nullptr, {}, 0, false, 0});
}

void PersonalityMembers::Set(std::string_view key, std::string_view text,
                             uint32_t tag) {
  At(key) = {key, nullptr, text, 0, false, tag};
}

void PersonalityMembers::Set(std::string_view key, const plist::Value& value) {
  At(key) = {key, &value, {}, 0, false, value.tag()};
}

void PersonalityMembers::SetIfAbsent(std::string_view key,
                                     std::string_view text, uint32_t tag) {
  for (const Member& member : members_) {
    if (member.key == key) return;
  }
  members_.push_back({key, nullptr, text, 0, false, tag});
}

void PersonalityMembers::WriteTo(plist::XmlWriter& writer) {
  std::sort(members_.begin(), members_.end(),
            [](const Member& a, const Member& b) { return a.key < b.key; });
  for (const Member& member : members_) {
    writer.Key(member.key, member.tag);
    if (member.value != nullptr) {
      writer.Write(*member.value);
    } else if (member.is_integer) {
      writer.Integer(member.integer, member.tag);
    } else {
      writer.String(member.text, member.tag);
    }
  }
}

}  // namespace codeless::emit
