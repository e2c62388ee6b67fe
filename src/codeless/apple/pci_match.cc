#include "codeless/apple/pci_match.h"

#include <fmt/format.h>

namespace codeless::apple {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n'; }

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void SkipSpaces(std::string_view text, size_t& pos) {
  while (pos < text.size() && IsSpace(text[pos])) ++pos;
}

std::optional<uint32_t> ReadHex(std::string_view text, size_t& pos,
                                std::string* why) {
  size_t start = pos;
  if (text.substr(pos, 2) == "0x" || text.substr(pos, 2) == "0X") pos += 2;
  uint64_t value = 0;
  size_t digits = 0;
  while (pos < text.size() && HexDigit(text[pos]) >= 0) {
    value = value * 16 + static_cast<uint64_t>(HexDigit(text[pos]));
    ++pos;
    ++digits;
  }
  size_t end = pos;
  while (end < text.size() && !IsSpace(text[end]) && text[end] != '&') ++end;
  std::string_view token = text.substr(start, end - start);
  if (digits == 0 || end != pos) {
    if (why != nullptr) {
      *why = fmt::format(
          "'{}' is not a hexadecimal number (write 0x followed by up to 8 hex "
          "digits)",
          token);
    }
    return std::nullopt;
  }
  if (digits > 8) {
    if (why != nullptr)
      *why = fmt::format("'{}' has more than 8 hex digits (32 bits)", token);
    return std::nullopt;
  }
  return static_cast<uint32_t>(value);
}

}  // namespace

std::optional<std::vector<PciMatchEntry>> ParsePciMatch(std::string_view text,
                                                        std::string* why) {
  std::vector<PciMatchEntry> entries;
  size_t pos = 0;
  SkipSpaces(text, pos);
  while (pos < text.size()) {
    PciMatchEntry entry;
    auto value = ReadHex(text, pos, why);
    if (!value) return std::nullopt;
    entry.value = *value;
    SkipSpaces(text, pos);
    if (pos < text.size() && text[pos] == '&') {
      ++pos;
      SkipSpaces(text, pos);
      auto mask = ReadHex(text, pos, why);
      if (!mask) return std::nullopt;
      entry.mask = *mask;
      entry.has_mask = true;
      SkipSpaces(text, pos);
    }
    entries.push_back(entry);
  }
  if (entries.empty()) {
    if (why != nullptr)
      *why = "it is empty; give at least one value such as 0xa2af8086";
    return std::nullopt;
  }
  return entries;
}

std::string FormatPciMatchEntry(const PciMatchEntry& entry) {
  if (!entry.has_mask) return fmt::format("0x{:08x}", entry.value);
  return fmt::format("0x{:08x}&0x{:08x}", entry.value, entry.mask);
}

}  // namespace codeless::apple
