#include "codeless/descriptor/personalities.h"

#include <fmt/format.h>

#include <cctype>
#include <map>

#include "codeless/apple/identifiers.h"
#include "codeless/apple/info_keys.h"
#include "codeless/apple/matching_keys.h"
#include "codeless/descriptor/match_values.h"
#include "codeless/descriptor/sections.h"
#include "codeless/diag/rules.h"

namespace codeless::descriptor {
namespace {

namespace rules = diag::rules;

struct MatchKeyPlace {
  const apple::MatchingKey* key;
  uint32_t key_offset;
};

// The matching keys of "match", and where each key is.
std::vector<MatchKeyPlace> ReadMatch(ValueReader& reader,
                                     const JsonToken& token,
                                     model::Personality& personality) {
  std::vector<MatchKeyPlace> places;
  personality.match_origin = reader.Origin(token);
  if (token.type != JsonType::kObject) {
    reader.TypeError(token, "an object of IOKit matching keys (it may be {})");
    return places;
  }
  std::vector<model::MatchKeys::Entry> entries;
  entries.reserve(8);
  places.reserve(8);
  reader.ReadObject(
      token, MatchKeys(), [&](std::string_view name, const JsonToken& value) {
        const apple::MatchingKey* key = apple::FindMatchingKey(name);
        places.push_back({key, reader.KeyOffset()});
        if (auto converted = ReadMatchValue(reader, *key, value)) {
          entries.push_back({key, std::move(*converted)});
        }
      });
  personality.match = model::MatchKeys::FromUnsorted(std::move(entries));
  return places;
}

void ReadTargets(ValueReader& reader, const JsonToken& token,
                 model::Personality& personality) {
  constexpr std::string_view kExpected =
      "a non-empty array of \"kext\" and \"dext\"";
  if (token.type != JsonType::kArray) {
    reader.TypeError(token, kExpected);
    return;
  }
  personality.for_kext = personality.for_dext = false;
  size_t count = reader.ReadElements([&](size_t, const JsonToken& item) {
    auto target = reader.String(item);
    if (!target) return;
    if (*target != "kext" && *target != "dext") {
      reader.Error(rules::kDescValue, item,
                   fmt::format("target \"{}\" is neither \"kext\" nor \"dext\"",
                               *target));
      return;
    }
    bool& flag =
        *target == "kext" ? personality.for_kext : personality.for_dext;
    if (flag) {
      reader.Error(rules::kDescValue, item,
                   fmt::format("target \"{}\" is listed twice", *target));
    } else {
      flag = true;
    }
  });
  if (count == 0 && !reader.cursor().failed()) {
    reader.Error(rules::kDescType, token,
                 fmt::format("\"{}\" must be {}, not an array",
                             reader.DisplayPath(), kExpected));
  }
}

// Reads one personality; false when it had an error.
bool ReadPersonality(ValueReader& reader, const JsonToken& token,
                     model::Personality& personality) {
  size_t errors_before = reader.diags().error_count();
  personality.origin = reader.Origin(token);
  std::vector<MatchKeyPlace> match_places;
  std::optional<JsonToken> properties_token;
  auto members = reader.ReadObject(
      token, PersonalityKeys(),
      [&](std::string_view name, const JsonToken& value) {
        if (name == "name") {
          auto text = reader.Text(value);
          if (!text) return;
          if (std::isspace(static_cast<unsigned char>(text->value.front())) ||
              std::isspace(static_cast<unsigned char>(text->value.back()))) {
            reader.Error(rules::kDescValue, value,
                         fmt::format("personality name \"{}\" has leading or "
                                     "trailing white space; remove it",
                                     text->value));
          }
          personality.name = *text;
        } else if (name == "provider") {
          auto text = reader.Text(value);
          if (!text) return;
          if (!IsDescriptorClassName(text->value)) {
            reader.Error(rules::kDescValue, value,
                         fmt::format("\"provider\" \"{}\" is not a class name "
                                     "(letters, digits and '_'), such as "
                                     "IOUSBHostInterface",
                                     text->value));
          }
          personality.provider = *text;
        } else if (name == "match") {
          match_places = ReadMatch(reader, value, personality);
        } else if (name == "driver") {
          if (auto driver = ReadDriver(reader, value)) {
            personality.driver =
                std::make_unique<model::DriverRef>(std::move(*driver));
          }
        } else if (name == "probeScore") {
          personality.probe_score_origin = reader.Origin(value);
          if (auto score =
                  reader.Integer(value, INT32_MIN, INT32_MAX, "IOProbeScore")) {
            personality.probe_score = static_cast<int32_t>(*score);
          }
        } else if (name == "matchCategory") {
          if (auto text = reader.Text(value)) {
            personality.match_category = std::make_unique<model::Text>(*text);
          }
        } else if (name == "properties") {
          if (auto dict = reader.PlistDict(value)) {
            personality.properties = std::move(*dict);
          }
        } else if (name == "targets") {
          ReadTargets(reader, value, personality);
        }
      });
  if (!members) return false;
  reader.RequireKey(*members, token, "name");
  reader.RequireKey(*members, token, "provider");
  reader.RequireKey(*members, token, "match");
  // A key of another family's provider is one the provider never reads.
  apple::Family provider_family =
      apple::ProviderFamily(personality.provider.value);
  for (const MatchKeyPlace& place : match_places) {
    const apple::MatchingKey& key = *place.key;
    if (key.family == apple::Family::kAny ||
        provider_family == apple::Family::kAny ||
        key.family == provider_family) {
      continue;
    }
    reader.diags().Warning(
        rules::kDescMatchFamily, reader.At(place.key_offset),
        fmt::format("\"{}\" is a {} matching key, but provider {} is a {} "
                    "class and never looks at it; remove the key or change "
                    "the provider",
                    key.name, apple::FamilyName(key.family),
                    personality.provider.value,
                    apple::FamilyName(provider_family)));
  }
  for (const auto& [key, item] : personality.properties) {
    bool in_match = personality.match.contains(key);
    if (!apple::IsCodelessPersonalityKey(key) && !in_match) continue;
    reader.diags().Error(
        rules::kDescReservedKey, reader.AtOrigin(item.tag(), diag::Part::kKey),
        fmt::format("\"properties\" may not set \"{}\": codeless writes that "
                    "key from the personality's {}",
                    key, in_match ? "\"match\"" : "other members"));
  }
  return !reader.ErrorsSince(errors_before);
}

}  // namespace

void ReadPersonalities(ValueReader& reader, const JsonToken& token,
                       model::Descriptor& descriptor) {
  descriptor.personalities_origin = reader.Origin(token);
  if (token.type != JsonType::kArray) {
    reader.TypeError(token, "an array of personalities");
    return;
  }
  std::map<std::string_view, size_t> names;
  size_t count = reader.ReadElements([&](size_t index, const JsonToken& item) {
    model::Personality personality;
    personality.index = static_cast<uint32_t>(index);
    if (!ReadPersonality(reader, item, personality)) return;
    auto [it, inserted] = names.emplace(personality.name.value, index);
    if (!inserted) {
      reader.diags().Error(
          rules::kDescDuplicateName, reader.AtOrigin(personality.name.origin),
          fmt::format("personality name \"{}\" is already used by "
                      "personalities[{}]; names become IOKitPersonalities "
                      "keys and must be unique",
                      personality.name.value, it->second));
      return;
    }
    descriptor.personalities.push_back(std::move(personality));
  });
  // The model outlives reading; growth's slack would too.
  descriptor.personalities.shrink_to_fit();
  if (count == 0 && !reader.cursor().failed()) {
    reader.Error(rules::kDescValue, token,
                 "\"personalities\" is empty; a driver needs at least one "
                 "personality to match anything");
  }
}

}  // namespace codeless::descriptor
