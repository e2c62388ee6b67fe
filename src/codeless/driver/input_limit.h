// The input size limit (PRODUCT.md §1, --max-input-size): every file a
// command reads as input (a descriptor, a plist, a bundle's files, an
// import source, a match source or device dump) is refused when it is
// larger, and a pipe or device (/dev/zero) is read no further than one byte
// past the limit, so no input can exhaust memory.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "codeless/base/forwarding_file_system.h"

namespace codeless::driver {

// 64 MiB: the largest real input, a prelinked kernel's info dictionary, is
// a few MB to tens of MB; a descriptor is a few KB.
inline constexpr uint64_t kDefaultMaxInputSize = uint64_t{64} << 20;

// "64 MiB", "1 KiB", "1000 bytes": a size as --max-input-size reads it.
std::string FormatSize(uint64_t bytes);

// Reads "SIZE" as --max-input-size takes it: digits with an optional K, M
// or G (KiB, MiB, GiB; "KiB", "MB", ... also read, case-insensitive), at
// least 1 byte. nullopt when malformed or past 2^63.
std::optional<uint64_t> ParseSize(std::string_view text);

// A file system whose ReadFile refuses a file larger than `max_bytes`, with
// an `error` that names the limit and the option that raises it (callers
// prefix it with "cannot read ...: " and locate it at the file's path).
// Everything else goes to `inner` unchanged.
class LimitedReads final : public base::ForwardingFileSystem {
 public:
  LimitedReads(base::FileSystem& inner, uint64_t max_bytes)
      : ForwardingFileSystem(inner), max_bytes_(max_bytes) {}

  std::optional<std::string> ReadFile(const std::string& path,
                                      std::string& error) const override;
  std::optional<std::string> ReadFileAtMost(const std::string& path,
                                            size_t max_bytes,
                                            std::string& error,
                                            bool& too_large) const override;

 private:
  uint64_t max_bytes_;
};

}  // namespace codeless::driver
