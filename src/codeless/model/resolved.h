// The descriptor resolved against the catalog (resolve/resolve.h): for each
// target section, everything its files need, decided once and whatever
// target generate is asked to write. Emitters build bytes from this alone.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "codeless/catalog/catalog.h"
#include "codeless/model/descriptor.h"
#include "codeless/plist/value.h"

namespace codeless::model {

struct KextPersonality {
  const Personality* personality = nullptr;
  const DriverRef* driver = nullptr;  // the personality's, or kext.driver
  // The catalog's entry when `driver` names no bundle of its own.
  const catalog::KextClass* known = nullptr;

  // IOClass, and the CFBundleIdentifier of the Apple kext that defines it.
  std::string_view io_class() const { return driver->class_name.value; }
  std::string_view bundle() const {
    return driver->bundle ? driver->bundle->value : known->bundle();
  }
  OriginId driver_origin() const { return driver->class_name.origin; }
};

struct ResolvedKext {
  Text identifier;  // CFBundleIdentifier: kext.identifier or bundle's
  std::vector<KextPersonality> personalities;  // by name
};

struct ResolvedDext {
  const catalog::DextClass* superclass = nullptr;
  // CFBundleIdentifier (dext.identifier or bundle's), and personalities'
  // own.
  Text identifier;
  Text server_name;        // IOUserServerName
  std::vector<const Personality*> personalities;  // by name
  // The entitlements file: derived from the personalities, merged with
  // dext.entitlements. Each value is tagged with the origin of what asked
  // for it.
  plist::Dict entitlements;
};

struct Resolved {
  const Descriptor* descriptor = nullptr;
  std::optional<ResolvedKext> kext;  // when the descriptor has "kext"
  std::optional<ResolvedDext> dext;  // when it has "dext"
};

}  // namespace codeless::model
