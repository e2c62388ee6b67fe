// IOPCIMatch, IOPCIPrimaryMatch, IOPCISecondaryMatch and IOPCIClassMatch
// strings read the way IOPCIFamily reads them (IOPCIBridge.cpp matchKeys):
// entries of a strtoul(..., 16) number and an optional "&mask", separated by
// white space; reading stops at the first thing that is not a number.
// Unlike apple::ParsePciMatch (the strict form codeless writes), this
// accepts everything the kernel accepts and says what the kernel would do
// with the rest.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace codeless::validate {

struct PciScanEntry {
  uint32_t value = 0;
  uint32_t mask = 0xFFFFFFFF;  // the key's default until a mask is given
  bool has_mask = false;
};

struct PciScan {
  std::vector<PciScanEntry> entries;  // as the kernel reads them
  // Set when the kernel stops before the end: what it ignores and why.
  std::string error;
  // Set when a number has more than 32 bits and is silently truncated.
  std::string truncated;
};

// Scans `text`; `default_mask` is 0xFFFFFF00 for IOPCIClassMatch, else
// 0xFFFFFFFF.
PciScan ScanPciMatch(std::string_view text, uint32_t default_mask);

// True when every device that `inner` matches is also matched by `outer`
// (each inner entry lies inside some outer entry's value and mask).
bool PciMatchCovers(const PciScan& outer, const PciScan& inner);

}  // namespace codeless::validate
