#include "codeless/apple/pci_match.h"

#include <fmt/format.h>

namespace codeless::apple {
namespace {

// strtoul's white space, which separates entries.
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

void SkipSpaces(std::string_view text, size_t& pos) {
  while (pos < text.size() && IsSpace(text[pos])) ++pos;
}

// matchKeys looks for '&' after skipping spaces only.
size_t SkipBlanks(std::string_view text, size_t pos) {
  while (pos < text.size() && text[pos] == ' ') ++pos;
  return pos;
}

// strtoul(text + pos, &end, 16) without the sign: skips white space, an
// optional 0x that is followed by a digit, then hex digits. Returns false
// (and leaves `pos`) when no digit is read, as strtoul returns 0 without
// moving. `digits` counts the digits read; `wide` is set past 32 bits.
bool ReadKernelNumber(std::string_view text, size_t& pos, uint64_t& value,
                      size_t& digits, bool& wide) {
  size_t start = pos;
  SkipSpaces(text, pos);
  if (text.size() - pos >= 3 && text[pos] == '0' &&
      (text[pos + 1] == 'x' || text[pos + 1] == 'X') &&
      HexDigit(text[pos + 2]) >= 0) {
    pos += 2;
  }
  value = 0;
  digits = 0;
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
  wide = value > 0xFFFFFFFF;
  return true;
}

// A strict number: the token up to white space or '&' must be 0x (or not)
// and 1-8 hex digits.
std::optional<uint32_t> ReadStrictNumber(std::string_view text, size_t& pos,
                                         std::string* why) {
  size_t start = pos;
  size_t end = pos;
  while (end < text.size() && !IsSpace(text[end]) && text[end] != '&') ++end;
  std::string_view token = text.substr(start, end - start);
  std::string_view digits = token;
  if (digits.starts_with("0x") || digits.starts_with("0X")) {
    digits.remove_prefix(2);
  }
  bool hex = !digits.empty();
  uint64_t value = 0;
  for (char c : digits) {
    if (HexDigit(c) < 0) {
      hex = false;
      break;
    }
    value = (value << 4) | static_cast<uint64_t>(HexDigit(c));
  }
  if (token.empty()) {
    // Nothing before the next '&' or after the last one: name what is
    // missing rather than quote an empty token.
    size_t before = start;
    while (before > 0 && IsSpace(text[before - 1])) --before;
    bool after_ampersand = before > 0 && text[before - 1] == '&';
    if (why != nullptr) {
      *why = after_ampersand
                 ? "the mask after '&' is missing; write one (0x followed by "
                   "up to 8 hex digits, such as 0xffff0000) or remove the '&'"
                 : "a value is missing before '&'; write one (0x followed by "
                   "up to 8 hex digits)";
    }
    return std::nullopt;
  }
  if (!hex) {
    if (why != nullptr) {
      *why = fmt::format(
          "'{}' is not a hexadecimal number (write 0x followed by up to 8 hex "
          "digits)",
          token);
    }
    return std::nullopt;
  }
  if (digits.size() > 8) {
    if (why != nullptr) {
      *why = fmt::format("'{}' has more than 8 hex digits (32 bits)", token);
    }
    return std::nullopt;
  }
  pos = end;
  return static_cast<uint32_t>(value);
}

}  // namespace

uint32_t PciDefaultMask(std::string_view key) {
  return key == "IOPCIClassMatch" ? 0xFFFFFF00 : 0xFFFFFFFF;
}

std::optional<std::vector<PciMatchEntry>> ParsePciMatch(std::string_view text,
                                                        std::string* why,
                                                        uint32_t default_mask) {
  std::vector<PciMatchEntry> entries;
  size_t pos = 0;
  SkipSpaces(text, pos);
  while (pos < text.size()) {
    PciMatchEntry entry;
    entry.mask = default_mask;
    auto value = ReadStrictNumber(text, pos, why);
    if (!value) return std::nullopt;
    entry.value = *value;
    size_t after = SkipBlanks(text, pos);
    if (after < text.size() && text[after] == '&') {
      pos = SkipBlanks(text, after + 1);
      auto mask = ReadStrictNumber(text, pos, why);
      if (!mask) return std::nullopt;
      entry.mask = *mask;
      entry.has_mask = true;
    } else if (pos < text.size() && text[pos] != ' ') {
      // White space other than spaces, then '&': the kernel would not see
      // the mask.
      size_t next = pos;
      SkipSpaces(text, next);
      if (next < text.size() && text[next] == '&') {
        if (why != nullptr) {
          *why =
              "only spaces may stand before '&'; the kernel does not read "
              "a mask after a tab or line break";
        }
        return std::nullopt;
      }
    }
    entries.push_back(entry);
    SkipSpaces(text, pos);
  }
  if (entries.empty()) {
    if (why != nullptr) {
      *why = "it is empty; give at least one value such as 0xa2af8086";
    }
    return std::nullopt;
  }
  return entries;
}

PciScan ScanPciMatch(std::string_view text, uint32_t default_mask) {
  PciScan scan;
  size_t pos = 0;
  while (true) {
    SkipSpaces(text, pos);
    if (pos >= text.size()) break;
    size_t start = pos;
    uint64_t value = 0;
    size_t digits = 0;
    bool wide = false;
    if (!ReadKernelNumber(text, pos, value, digits, wide)) {
      scan.error = fmt::format("the kernel stops reading at \"{}\"",
                               text.substr(start, 20));
      break;
    }
    PciMatchEntry entry;
    entry.value = static_cast<uint32_t>(value);
    entry.mask = default_mask;
    if (wide && scan.truncated.empty()) {
      scan.truncated = std::string(text.substr(start, pos - start));
    }
    size_t after = SkipBlanks(text, pos);
    if (after < text.size() && text[after] == '&') {
      pos = after + 1;
      size_t mask_start = pos;
      uint64_t mask = 0;
      if (!ReadKernelNumber(text, pos, mask, digits, wide)) {
        std::string_view rest = text.substr(mask_start, 20);
        scan.error =
            rest.empty()
                ? std::string("'&' ends the string, with no hex mask after it")
                : fmt::format("'&' is not followed by a hex mask at \"{}\"",
                              rest);
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

PciMatchEntry ComposePciEntry(uint16_t vendor, uint16_t device,
                              uint16_t vendor_mask, uint16_t device_mask,
                              bool has_mask) {
  return {static_cast<uint32_t>(device) << 16 | vendor,
          static_cast<uint32_t>(device_mask) << 16 | vendor_mask, has_mask};
}

PciMatchEntry ComposePciClassEntry(uint32_t class_code, uint32_t mask) {
  return {(class_code & 0xFFFFFF) << 8, (mask & 0xFFFFFF) << 8, true};
}

std::string FormatPciMatchEntry(const PciMatchEntry& entry) {
  if (!entry.has_mask) return fmt::format("0x{:08x}", entry.value);
  return fmt::format("0x{:08x}&0x{:08x}", entry.value, entry.mask);
}

std::string FormatPciMatch(std::span<const PciMatchEntry> entries) {
  std::string out;
  for (const PciMatchEntry& entry : entries) {
    if (!out.empty()) out += ' ';
    out += FormatPciMatchEntry(entry);
  }
  return out;
}

bool PciMatchCovers(std::span<const PciMatchEntry> outer,
                    std::span<const PciMatchEntry> inner) {
  if (inner.empty()) return false;
  for (const PciMatchEntry& in : inner) {
    bool covered = false;
    for (const PciMatchEntry& out : outer) {
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

std::vector<uint32_t> PciExactIds(std::string_view key, std::string_view text) {
  std::vector<uint32_t> ids;
  for (const PciMatchEntry& entry :
       ScanPciMatch(text, PciDefaultMask(key)).entries) {
    if (entry.mask == 0xFFFFFFFF) ids.push_back(entry.value);
  }
  return ids;
}

}  // namespace codeless::apple
