// What `match` prints (PRODUCT.md §6): text a person reads at a glance
// (device → winner, runner-up, why) and the JSON document.
#pragma once

#include <string>

#include "codeless/match/matcher.h"

namespace codeless::match {

// Per device: the winner, the runner-up and why, what the dump shows
// attached, and then a summary line with how often the winner agrees with
// the attached driver, and the unmatched personalities.
std::string ToText(const Registry& registry, const MatchResult& result);

// The JSON document of PRODUCT.md §6, plus "attached" per device (the
// driver nodes of the dump) and "unmatchedDetails" (each unmatched
// personality's bundle and nearest miss).
std::string ToJson(const Registry& registry, const MatchResult& result);

// Of the devices with a winner and a driver node of IODefaultMatchCategory
// in the dump, how many name the same IOClass.
struct Agreement {
  int checked = 0;
  int agree = 0;
};
Agreement Agree(const MatchResult& result);

}  // namespace codeless::match
