// The descriptor as read: typed, checked for what the format itself says
// (PRODUCT.md §2-§3), and free of JSON. Built once by descriptor::Read and
// never changed after. What needs the catalog or several parts at once
// (driver classes, superclasses, entitlements, targets) is the resolve
// stage's (resolved.h).
//
// Every part that a later stage may report on has an OriginId into
// `origins`; plist values (match, properties, entitlements) carry theirs as
// their tag.
#pragma once

#include <cstdint>
#include <string_view>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "codeless/apple/matching_keys.h"
#include "codeless/diag/source_file.h"
#include "codeless/model/origins.h"
#include "codeless/model/string_arena.h"
#include "codeless/plist/value.h"

namespace codeless::model {

// A string with the place it was written. The string lives in the
// descriptor's `strings` (or is static).
struct Text {
  std::string_view value;
  OriginId origin = kNoOrigin;
};

// A built-in driver: a catalog class name, or a class with an explicit
// bundle identifier of the kext that defines it.
struct DriverRef {
  Text class_name;
  std::optional<Text> bundle;  // nullopt: look the class up in the catalog
  OriginId origin = kNoOrigin;  // the whole "driver" value
};

struct Bundle {
  Text identifier;
  Text name;         // output file name
  // CFBundleName: `name` unless given; nullopt when given as null, which
  // leaves the key out (neither loader reads it: descriptor/sections.cc).
  std::optional<Text> bundle_name;
  Text version;
  // CFBundleShortVersionString: `version` unless given; nullopt when given
  // as null, which leaves the key out (to reproduce an existing bundle).
  std::optional<Text> short_version;
  std::optional<Text> usage_description;
  std::optional<Text> copyright;
  // CFBundleDevelopmentRegion: "en" unless given; nullopt when null.
  std::optional<Text> development_region;
  plist::Dict properties;   // further top-level keys, as given (tagged)
  OriginId origin = kNoOrigin;
};

struct KextSection {
  std::optional<Text> identifier;  // the kext's CFBundleIdentifier, when
                                   // not bundle.identifier
  std::optional<DriverRef> driver;
  std::optional<Text> bundle_required;
  OriginId origin = kNoOrigin;
};

struct DextSection {
  std::optional<Text> identifier;  // the dext's CFBundleIdentifier, when
                                   // not bundle.identifier
  Text class_name;
  Text superclass;
  std::optional<Text> server_name;  // IOUserServerName; bundle identifier
                                    // unless given
  std::optional<Text> minimum_driverkit_version;
  plist::Dict entitlements;  // as given (tagged)
  OriginId origin = kNoOrigin;
};

enum class Target { kKext, kDext };

// A personality's IOKit matching keys in plist form (values tagged), in
// key order. Keys are entries of apple::kMatchingKeys, so only a pointer to
// each is kept: the match of a large descriptor is most of its model.
class MatchKeys {
 public:
  struct Entry {
    const apple::MatchingKey* key;
    plist::Value value;

    std::string_view name() const { return key->name; }
  };

  // Sorts `entries` by name.
  static MatchKeys FromUnsorted(std::vector<Entry> entries);

  std::vector<Entry>::const_iterator begin() const { return entries_.begin(); }
  std::vector<Entry>::const_iterator end() const { return entries_.end(); }
  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  const plist::Value* Get(std::string_view name) const;
  bool contains(std::string_view name) const { return Get(name) != nullptr; }

 private:
  std::vector<Entry> entries_;
};

// Kept small: a descriptor may hold tens of thousands (what most leave out
// is boxed).
struct Personality {
  uint32_t index = 0;  // position in "personalities"
  OriginId origin = kNoOrigin;  // the personality object
  Text name;
  Text provider;
  MatchKeys match;
  OriginId match_origin = kNoOrigin;
  OriginId probe_score_origin = kNoOrigin;
  std::optional<int32_t> probe_score;  // IOProbeScore is 32 bits
  bool for_kext = true;
  bool for_dext = true;
  // "matchAll": the personality means to match every device of its
  // provider class (PRODUCT.md §2, Broad matches).
  bool match_all = false;
  std::unique_ptr<DriverRef> driver;
  std::unique_ptr<Text> match_category;
  plist::Dict properties;  // tagged

  bool IsFor(Target target) const {
    return target == Target::kKext ? for_kext : for_dext;
  }
};

struct Descriptor {
  const diag::SourceFile* source = nullptr;  // the descriptor file
  Origins origins;
  StringArena strings;  // what every Text views
  OriginId personalities_origin = kNoOrigin;  // the "personalities" array
  Bundle bundle;
  std::optional<KextSection> kext;
  std::optional<DextSection> dext;
  std::vector<Personality> personalities;

  // Where `id` is in the descriptor, for diagnostics.
  diag::Location At(OriginId id, diag::Part part = diag::Part::kValue) const {
    return origins.At(*source, id, part);
  }
};

}  // namespace codeless::model
