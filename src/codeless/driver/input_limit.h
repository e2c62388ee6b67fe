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

#include "codeless/base/file_system.h"

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
// Everything else goes to `inner` unchanged (every virtual is forwarded:
// a default body here would bypass `inner`).
class LimitedReads final : public base::FileSystem {
 public:
  LimitedReads(base::FileSystem& inner, uint64_t max_bytes)
      : inner_(inner), max_bytes_(max_bytes) {}

  std::optional<std::string> ReadFile(const std::string& path,
                                      std::string& error) const override;
  std::optional<std::string> ReadFileAtMost(const std::string& path,
                                            size_t max_bytes,
                                            std::string& error,
                                            bool& too_large) const override;
  std::optional<bool> FileEquals(const std::string& path,
                                 std::string_view bytes) const override {
    return inner_.FileEquals(path, bytes);
  }
  bool Exists(const std::string& path) const override {
    return inner_.Exists(path);
  }
  bool IsDirectory(const std::string& path) const override {
    return inner_.IsDirectory(path);
  }
  std::vector<std::string> ListDirectory(
      const std::string& path) const override {
    return inner_.ListDirectory(path);
  }
  base::FileType Lstat(const std::string& path) const override {
    return inner_.Lstat(path);
  }
  bool MakeDirectories(const std::string& path, std::string& error) override {
    return inner_.MakeDirectories(path, error);
  }
  bool MakeDirectory(const std::string& path, std::string& error) override {
    return inner_.MakeDirectory(path, error);
  }
  bool CreateFile(const std::string& path, std::string_view bytes,
                  std::string& error) override {
    return inner_.CreateFile(path, bytes, error);
  }
  bool Link(const std::string& from, const std::string& to,
            std::string& error) override {
    return inner_.Link(from, to, error);
  }
  base::ExchangeResult Exchange(const std::string& a, const std::string& b,
                                std::string& error) override {
    return inner_.Exchange(a, b, error);
  }
  bool WriteTemporary(const std::string& path, std::string_view bytes,
                      std::string& temporary, std::string& error) override {
    return inner_.WriteTemporary(path, bytes, temporary, error);
  }
  bool Rename(const std::string& from, const std::string& to,
              std::string& error) override {
    return inner_.Rename(from, to, error);
  }
  void Remove(const std::string& path) override { inner_.Remove(path); }
  bool RemoveEmptyDirectory(const std::string& path) override {
    return inner_.RemoveEmptyDirectory(path);
  }

 private:
  base::FileSystem& inner_;
  uint64_t max_bytes_;
};

}  // namespace codeless::driver
