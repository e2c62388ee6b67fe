// Matching as IOKit does it, offline: for each device of a registry dump,
// every personality whose IOProviderClass is the device's class or a
// superclass competes (xnu IOService::matchPassive, compareProperties and
// the families' matchPropertyTable); each matching one gets a score, and
// each IOMatchCategory has one winner.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "codeless/match/registry.h"
#include "codeless/match/sources.h"

namespace codeless::match {

// The device's class and its superclasses, the class first, IOService
// last: from apple/provider_classes (IOKit's headers and Apple's open
// source). A class the table does not place is taken as a direct IOService
// subclass, since every entry of the service plane is an IOService.
std::vector<std::string> ClassChain(std::string_view class_name);

// Whether a personality for `provider_class` is offered to a device of
// `chain`: the class is in the chain, or it is a legacy USB name that
// IOUSBHostFamily matches through compatibility (IOUSBDevice for
// IOUSBHostDevice, IOUSBInterface for IOUSBHostInterface).
bool ProviderApplies(std::string_view provider_class,
                     std::span<const std::string> chain);

struct Candidate {
  const Personality* personality = nullptr;
  bool matches = false;
  std::optional<int64_t> score;  // when it matches
  std::string reason;            // the key and both values, or tier and score
  bool winner = false;           // wins its category
};

// A driver node the dump shows attached to a device: what won there.
struct Attached {
  std::string io_class;
  std::string bundle;    // CFBundleIdentifier, or empty
  std::string category;  // IOMatchCategory or IODefaultMatchCategory
};

struct DeviceResult {
  int entry = -1;  // index into Registry::entries
  std::vector<std::string> chain;
  // Matching candidates first, best score first (ties keep source order:
  // IOKit's catalogue order is not defined, so a tie is a coin toss on a
  // Mac), then the others in source order.
  std::vector<Candidate> candidates;
  std::vector<Attached> attached;
  // The IODefaultMatchCategory winner, or nullptr.
  const Candidate* Winner() const;
};

struct UnmatchedPersonality {
  const Personality* personality = nullptr;
  std::string nearest_miss;
};

struct MatchResult {
  std::vector<DeviceResult> devices;
  std::vector<UnmatchedPersonality> unmatched;
};

// Evaluates one personality against one device.
Candidate Evaluate(const Personality& personality, const Registry& registry,
                   int entry, std::span<const std::string> chain);

MatchResult MatchAll(const Registry& registry,
                     std::span<const Personality> personalities);

}  // namespace codeless::match
