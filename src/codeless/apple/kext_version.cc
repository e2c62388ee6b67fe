#include "codeless/apple/kext_version.h"

#include <fmt/format.h>

namespace codeless::apple {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Reads up to `max_digits` digits at `pos`; fails on none or too many.
bool ReadNumber(std::string_view text, size_t& pos, size_t max_digits,
                uint64_t& value, size_t& digits) {
  value = 0;
  digits = 0;
  while (pos < text.size() && IsDigit(text[pos])) {
    value = value * 10 + static_cast<uint64_t>(text[pos] - '0');
    ++pos;
    ++digits;
  }
  return digits >= 1 && digits <= max_digits;
}

}  // namespace

std::optional<KextVersion> ParseKextVersion(std::string_view text,
                                            std::string* why) {
  auto fail = [&](std::string reason) -> std::optional<KextVersion> {
    if (why != nullptr) *why = std::move(reason);
    return std::nullopt;
  };
  size_t pos = 0;
  uint64_t parts[3] = {0, 0, 0};
  size_t digits = 0;
  KextVersion version;
  if (text.empty() || !IsDigit(text[0]))
    return fail("it must start with a digit");
  if (!ReadNumber(text, pos, 4, parts[0], digits))
    return fail("the major version has more than 4 digits");
  for (int component = 1;
       component < 3 && pos < text.size() && text[pos] == '.'; ++component) {
    ++pos;
    if (!ReadNumber(text, pos, 4, parts[component], digits)) {
      return fail(digits == 0
                      ? "a '.' must be followed by digits"
                      : "a minor or revision version has more than 4 digits");
    }
    if (digits > 2) version.long_components = true;
  }
  if (pos < text.size() && text[pos] == '.')
    return fail("it has more than three numeric components");
  uint64_t stage = 9;  // release
  uint64_t level = 0;
  if (pos < text.size() && !IsSpace(text[pos])) {
    std::string_view rest = text.substr(pos);
    size_t stage_length = 1;
    if (rest.starts_with("fc")) {
      stage = 7;
      stage_length = 2;
    } else if (rest[0] == 'f') {
      stage = 7;
    } else if (rest[0] == 'd') {
      stage = 1;
    } else if (rest[0] == 'a') {
      stage = 3;
    } else if (rest[0] == 'b') {
      stage = 5;
    } else {
      return fail(fmt::format(
          "'{}' is not a stage; use d, a, b, f or fc followed by a number",
          rest[0]));
    }
    pos += stage_length;
    if (!ReadNumber(text, pos, 3, level, digits)) {
      return fail(
          digits == 0
              ? "a stage letter must be followed by a number (e.g. 1.0b1)"
              : "a stage level has more than 3 digits");
    }
    if (level > 255) return fail("a stage level must be at most 255");
    if (level == 0 && stage == 7)
      return fail("a final-candidate level must be at least 1");
    if (pos < text.size() && !IsSpace(text[pos])) {
      return fail(
          fmt::format("unexpected '{}' after the stage level", text[pos]));
    }
  }
  version.consumed = pos;
  version.encoded = parts[0] * 1000000000000ULL + parts[1] * 100000000ULL +
                    parts[2] * 10000ULL + stage * 1000ULL + level;
  return version;
}

}  // namespace codeless::apple
