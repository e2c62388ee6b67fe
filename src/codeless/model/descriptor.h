// The descriptor as the rest of the pipeline sees it: checked, typed, and
// free of JSON. Built once by descriptor::Read and never changed after.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "codeless/diag/source_file.h"
#include "codeless/plist/value.h"

namespace codeless::model {

// A built-in driver: a catalog class name, or a class with an explicit
// bundle identifier of the kext that defines it.
struct DriverRef {
  std::string class_name;
  std::string bundle;   // empty: look the class up in the catalog
  std::string pointer;  // JSON pointer of the descriptor value, for diagnostics
};

struct Bundle {
  std::string identifier;
  std::string name;         // output file name
  std::string bundle_name;  // CFBundleName
  std::string version;
  std::string short_version;
  std::optional<std::string> usage_description;
  std::optional<std::string> copyright;
  std::string development_region;
  plist::Dict properties;  // further top-level keys, as given
};

struct KextSection {
  std::optional<DriverRef> driver;
  std::optional<std::string> bundle_required;
};

struct DextSection {
  std::string class_name;
  std::string superclass;
  std::string server_name;
  std::optional<std::string> minimum_driverkit_version;
  plist::Dict entitlements;
};

enum class Target { kKext, kDext };

struct Personality {
  size_t index = 0;  // position in "personalities"
  std::string name;
  std::string provider;
  plist::Dict match;  // IOKit matching keys, values already in plist form
  std::optional<DriverRef> driver;
  std::optional<int64_t> probe_score;
  std::optional<std::string> match_category;
  plist::Dict properties;
  bool for_kext = true;
  bool for_dext = true;

  bool IsFor(Target target) const {
    return target == Target::kKext ? for_kext : for_dext;
  }
  // JSON pointer of this personality, or of a member below it
  // ("match/idVendor").
  std::string Pointer(std::string_view below = {}) const;
};

struct Descriptor {
  const diag::SourceFile* source =
      nullptr;  // the descriptor file, for diagnostics
  Bundle bundle;
  std::optional<KextSection> kext;
  std::optional<DextSection> dext;
  std::vector<Personality> personalities;
};

}  // namespace codeless::model
