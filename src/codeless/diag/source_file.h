// A file that diagnostics point into: its path as the user gave it, its
// bytes, and a lazily built line table.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace codeless::diag {

struct LineColumn {
  uint32_t line = 0;    // 1-based
  uint32_t column = 0;  // 1-based, counted in bytes
};

// Which part of a JSON member a pointer designates.
enum class Part { kKey, kValue };

class SourceFile {
 public:
  // Resolves a JSON pointer ("/personalities/0/match") to the byte offset of
  // the member's key or value; installed by the reader of structured files so
  // that positions are only computed when a diagnostic needs one.
  using Locator =
      std::function<std::optional<size_t>(std::string_view pointer, Part part)>;

  SourceFile(std::string path, std::string text)
      : path_(std::move(path)), text_(std::move(text)) {}

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }
  // Gives the bytes back to whoever lent them (generate validates its
  // output in place); the file is empty afterwards.
  std::string TakeText() {
    line_starts_.clear();
    return std::move(text_);
  }

  // Line and column of a byte offset; offsets past the end map to the end.
  LineColumn Position(size_t offset) const;

  void set_locator(Locator locator) { locator_ = std::move(locator); }
  std::optional<size_t> Locate(std::string_view pointer, Part part) const;

 private:
  std::string path_;
  std::string text_;
  mutable std::vector<size_t> line_starts_;
  Locator locator_;
};

}  // namespace codeless::diag
