#include "codeless/validate/pci_scan.h"

#include <fmt/format.h>

namespace codeless::validate {
namespace {

// strtoul's white space.
bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
         c == '\f';
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// strtoul(text + pos, &end, 16) without the sign: returns false when no
// digit is read (strtoul would return 0 and not move).
bool ReadNumber(std::string_view text, size_t& pos, uint64_t& value,
                bool& wide) {
  while (pos < text.size() && IsSpace(text[pos])) ++pos;
  size_t start = pos;
  if (text.size() - pos >= 3 && text[pos] == '0' &&
      (text[pos + 1] == 'x' || text[pos + 1] == 'X') &&
      HexDigit(text[pos + 2]) >= 0) {
    pos += 2;
  }
  value = 0;
  wide = false;
  size_t digits = 0;
  bool saturated = false;
  while (pos < text.size() && HexDigit(text[pos]) >= 0) {
    if (value > 0x0FFFFFFFFFFFFFFFULL) saturated = true;  // strtoul: ULONG_MAX
    value = saturated ? UINT64_MAX
                      : value * 16 + static_cast<uint64_t>(HexDigit(text[pos]));
    ++pos;
    ++digits;
  }
  if (digits == 0) {
    pos = start;
    return false;
  }
  if (value > 0xFFFFFFFF) wide = true;
  return true;
}

}  // namespace

PciScan ScanPciMatch(std::string_view text, uint32_t default_mask) {
  PciScan scan;
  size_t pos = 0;
  while (true) {
    while (pos < text.size() && IsSpace(text[pos])) ++pos;
    if (pos >= text.size()) break;
    size_t start = pos;
    uint64_t value = 0;
    bool wide = false;
    if (!ReadNumber(text, pos, value, wide)) {
      scan.error = fmt::format("the kernel stops reading at \"{}\"",
                               text.substr(start, 20));
      break;
    }
    PciScanEntry entry;
    entry.value = static_cast<uint32_t>(value);
    entry.mask = default_mask;
    if (wide && scan.truncated.empty()) {
      scan.truncated = std::string(text.substr(start, pos - start));
    }
    size_t after = pos;
    while (after < text.size() && (text[after] == ' ' || text[after] == '\t')) {
      ++after;
    }
    if (after < text.size() && text[after] == '&') {
      pos = after + 1;
      size_t mask_start = pos;
      uint64_t mask = 0;
      if (!ReadNumber(text, pos, mask, wide)) {
        scan.error = fmt::format("'&' is not followed by a hex mask at \"{}\"",
                                 text.substr(mask_start, 20));
        break;
      }
      if (wide && scan.truncated.empty()) {
        scan.truncated = std::string(text.substr(mask_start, pos - mask_start));
      }
      entry.mask = static_cast<uint32_t>(mask);
      entry.has_mask = true;
    }
    scan.entries.push_back(entry);
    if (pos < text.size() && !IsSpace(text[pos])) {
      size_t end = pos;
      while (end < text.size() && !IsSpace(text[end])) ++end;
      scan.error = fmt::format(
          "the kernel reads \"{}\" and ignores \"{}\" and all that follows",
          text.substr(start, pos - start), text.substr(pos, end - pos));
      break;
    }
  }
  if (scan.entries.empty() && scan.error.empty()) {
    scan.error = "it holds no hex number";
  }
  return scan;
}

bool PciMatchCovers(const PciScan& outer, const PciScan& inner) {
  if (inner.entries.empty()) return false;
  for (const PciScanEntry& in : inner.entries) {
    bool covered = false;
    for (const PciScanEntry& out : outer.entries) {
      if ((in.mask & out.mask) == out.mask &&
          (in.value & out.mask) == (out.value & out.mask)) {
        covered = true;
        break;
      }
    }
    if (!covered) return false;
  }
  return true;
}

}  // namespace codeless::validate
