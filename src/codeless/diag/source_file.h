// A file that diagnostics point into: its path as the user gave it, its
// bytes, and a line table built in one pass the first time a position is
// asked for, so that any number of diagnostics cost one scan of the file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace codeless::diag {

struct LineColumn {
  uint32_t line = 0;    // 1-based
  uint32_t column = 0;  // 1-based, counted in bytes
  // The same column, 1-based, counted in Unicode code points as a UTF-8
  // decoder sees the line (SARIF's "unicodeCodePoints"): each well-formed
  // UTF-8 sequence is one, and so is each maximal ill-formed subpart (the
  // bytes a decoder replaces by one U+FFFD).
  uint32_t code_point_column = 0;
};

// Which part of a member (a JSON key and its value, a plist <key> and its
// value) a location designates.
enum class Part { kKey, kValue };

class SourceFile {
 public:
  SourceFile(std::string path, std::string text)
      : path_(std::move(path)), text_(std::move(text)), size_(text_.size()) {}

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }
  // Gives the bytes back to whoever lent them (generate validates its
  // output in place); the file is empty afterwards.
  std::string TakeText() {
    line_starts_.clear();
    trailing_bytes_.clear();
    size_ = 0;
    return std::move(text_);
  }
  // Frees the bytes once nothing reads them any more, keeping what
  // positions need (the line table, a few bytes per line, and the offsets
  // of the non-first bytes of multi-byte characters).
  void ReleaseText();

  // Line and column of a byte offset; offsets past the end map to the end.
  LineColumn Position(size_t offset) const;
  // The byte offset of a 1-based line and byte column, as Position gives
  // them (a Diagnostic's line and column): Position's inverse. A column
  // past its line's end gives the line's end (its '\n'), a line past the
  // last the end of the file.
  size_t Offset(uint32_t line, uint32_t column) const;

 private:
  void BuildLineTable() const;

  std::string path_;
  std::string text_;
  size_t size_;  // of the text, also once released
  // Offsets of line starts; 32 bits, as input files are bounded far below
  // 4 GiB (PRODUCT.md §1).
  mutable std::vector<uint32_t> line_starts_;
  // Offsets of the bytes that do not begin a code point (the second and
  // later bytes of each UTF-8 sequence), sorted; built with the line table.
  // Empty for ASCII text, the common case.
  mutable std::vector<uint32_t> trailing_bytes_;
};

}  // namespace codeless::diag
