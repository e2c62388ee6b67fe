// "Did you mean": the closest known word to a misspelt one.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace codeless::base {

// Levenshtein distance, case-insensitive (a wrong case counts as one edit
// per word, not one per letter, so "vendorid" is close to "VendorID").
size_t EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `word`, if it is close enough to be a plausible
// typo (distance at most a third of the word's length, at least 1 edit, or
// equal ignoring case); otherwise an empty string.
std::string ClosestMatch(std::string_view word,
                         std::span<const std::string_view> candidates);

}  // namespace codeless::base
