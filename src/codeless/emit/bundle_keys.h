// Info.plist keys that the kext and the dext share, each tagged with the
// origin of the descriptor value it comes from.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "codeless/model/descriptor.h"
#include "codeless/plist/value.h"
#include "codeless/plist/xml_writer.h"

namespace codeless::emit {

// The CFBundle* keys of PRODUCT.md §4 (CFBundleDevelopmentRegion and
// CFBundleShortVersionString unless the descriptor leaves them out with
// null), NSHumanReadableCopyright when given, and bundle.properties.
// `identifier` is the target's CFBundleIdentifier. `package_type` is "KEXT" or "DEXT".
plist::Dict CommonBundleKeys(const model::Bundle& bundle,
                             const model::Text& identifier,
                             std::string_view package_type);

// The members of one personality dict, gathered without copying values and
// written in key order: the free-form properties, the matching keys,
// IOProviderClass, IOProbeScore and IOMatchCategory, as both targets write
// them, then what the target adds.
class PersonalityMembers {
 public:
  explicit PersonalityMembers(const model::Personality& personality);

  // Sets `key` (replacing what is there) to a string or to a value.
  void Set(std::string_view key, std::string_view text, uint32_t tag);
  void Set(std::string_view key, const plist::Value& value);
  // Sets `key` only when nothing is there.
  void SetIfAbsent(std::string_view key, std::string_view text, uint32_t tag);

  // Writes the members, in key order, into the dict `writer` has open.
  void WriteTo(plist::XmlWriter& writer);

 private:
  struct Member {
    std::string_view key;
    const plist::Value* value = nullptr;  // or:
    std::string_view text;
    int64_t integer = 0;
    bool is_integer = false;
    uint32_t tag = 0;
  };
  Member& At(std::string_view key);

  std::vector<Member> members_;
};

}  // namespace codeless::emit
