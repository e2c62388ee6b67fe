#include "codeless/driver/input_limit.h"

#include <fmt/format.h>

#include <limits>

namespace codeless::driver {

std::string FormatSize(uint64_t bytes) {
  constexpr uint64_t kKiB = 1024;
  if (bytes != 0 && bytes % (kKiB * kKiB * kKiB) == 0) {
    return fmt::format("{} GiB", bytes / (kKiB * kKiB * kKiB));
  }
  if (bytes != 0 && bytes % (kKiB * kKiB) == 0) {
    return fmt::format("{} MiB", bytes / (kKiB * kKiB));
  }
  if (bytes != 0 && bytes % kKiB == 0) {
    return fmt::format("{} KiB", bytes / kKiB);
  }
  return fmt::format("{} byte{}", bytes, bytes == 1 ? "" : "s");
}

std::optional<uint64_t> ParseSize(std::string_view text) {
  size_t digits = 0;
  uint64_t value = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') {
    if (value > (uint64_t{1} << 63) / 10) return std::nullopt;
    value = value * 10 + static_cast<uint64_t>(text[digits] - '0');
    ++digits;
  }
  if (digits == 0) return std::nullopt;
  std::string unit;
  for (char c : text.substr(digits)) {
    unit += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  }
  int shift = 0;
  if (unit.empty() || unit == "B") {
    shift = 0;
  } else if (unit == "K" || unit == "KB" || unit == "KIB") {
    shift = 10;
  } else if (unit == "M" || unit == "MB" || unit == "MIB") {
    shift = 20;
  } else if (unit == "G" || unit == "GB" || unit == "GIB") {
    shift = 30;
  } else {
    return std::nullopt;
  }
  if (value == 0 || value > ((uint64_t{1} << 63) >> shift)) {
    return std::nullopt;
  }
  return value << shift;
}

std::optional<std::string> LimitedReads::ReadFile(const std::string& path,
                                                  std::string& error) const {
  bool too_large = false;
  size_t limit = max_bytes_ >= std::numeric_limits<size_t>::max()
                     ? std::numeric_limits<size_t>::max() - 1
                     : static_cast<size_t>(max_bytes_);
  auto text = inner().ReadFileAtMost(path, limit, error, too_large);
  if (too_large) {
    error = fmt::format(
        "the file is larger than {}, the input size limit; pass "
        "--max-input-size SIZE (e.g. 256M) to read it",
        FormatSize(max_bytes_));
  }
  return text;
}

std::optional<std::string> LimitedReads::ReadFileAtMost(const std::string& path,
                                                        size_t max_bytes,
                                                        std::string& error,
                                                        bool& too_large) const {
  return inner().ReadFileAtMost(path, std::min<uint64_t>(max_bytes, max_bytes_),
                                error, too_large);
}

}  // namespace codeless::driver
