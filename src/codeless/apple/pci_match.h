// IOPCIMatch / IOPCIPrimaryMatch / IOPCISecondaryMatch / IOPCIClassMatch
// strings, as IOPCIFamily parses them: entries of a hex value and an
// optional "&mask", separated by white space.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace codeless::apple {

struct PciMatchEntry {
  uint32_t value = 0;
  uint32_t mask = 0xFFFFFFFF;
  bool has_mask = false;
};

// Parses a match string strictly: each number is 1-8 hex digits with an
// optional 0x prefix. The kernel's strtoul would silently stop at a bad
// token (e.g. "0x0xff" reads as 0), so anything else is refused. On
// failure returns nullopt and sets `why`.
std::optional<std::vector<PciMatchEntry>> ParsePciMatch(std::string_view text,
                                                        std::string* why);

// "0xddddvvvv" or "0xddddvvvv&0xmmmmmmmm" (lowercase, 8 digits).
std::string FormatPciMatchEntry(const PciMatchEntry& entry);

}  // namespace codeless::apple
