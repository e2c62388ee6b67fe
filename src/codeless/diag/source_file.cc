#include "codeless/diag/source_file.h"

#include <algorithm>
#include <cstring>

namespace codeless::diag {
namespace {

// The offset of the first byte at or after `from` with its high bit set, or
// `size`: eight bytes at a time, as most files are ASCII throughout.
size_t FindNonAscii(const char* text, size_t from, size_t size) {
  constexpr uint64_t kHighBits = 0x8080808080808080ULL;
  size_t i = from;
  for (; i + 8 <= size; i += 8) {
    uint64_t word;
    std::memcpy(&word, text + i, 8);
    if ((word & kHighBits) != 0) break;
  }
  for (; i < size; ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0x80) != 0) return i;
  }
  return size;
}

// Appends to `trailing` the offset of every byte of `text` that does not
// begin a code point as a UTF-8 decoder reads it (Unicode §3.9, "U+FFFD
// substitution of maximal subparts"): the second and later bytes of each
// well-formed sequence and of each truncated one. A byte that can begin no
// sequence stands for one code point (its U+FFFD).
void FindTrailingBytes(const std::string& text,
                       std::vector<uint32_t>& trailing) {
  const size_t size = text.size();
  size_t i = FindNonAscii(text.data(), 0, size);
  while (i < size) {
    auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80) {
      i = FindNonAscii(text.data(), i, size);
      continue;
    }
    size_t needed = 0;
    unsigned char low = 0x80;   // the range of the byte after the lead
    unsigned char high = 0xBF;  // (Unicode Table 3-7)
    if (lead >= 0xC2 && lead <= 0xDF) {
      needed = 1;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      needed = 2;
      if (lead == 0xE0) low = 0xA0;
      if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      needed = 3;
      if (lead == 0xF0) low = 0x90;
      if (lead == 0xF4) high = 0x8F;
    }
    size_t next = i + 1;
    for (size_t k = 0; k < needed && next < size; ++k, ++next) {
      auto byte = static_cast<unsigned char>(text[next]);
      if (byte < low || byte > high) break;
      trailing.push_back(static_cast<uint32_t>(next));
      low = 0x80;
      high = 0xBF;
    }
    i = next;
  }
}

}  // namespace

void SourceFile::BuildLineTable() const {
  if (!line_starts_.empty()) return;
  line_starts_.reserve(text_.size() / 32 + 1);
  line_starts_.push_back(0);
  const char* begin = text_.data();
  const char* end = begin + text_.size();
  for (const char* p = begin;
       (p = static_cast<const char*>(
            std::memchr(p, '\n', static_cast<size_t>(end - p)))) != nullptr;
       ++p) {
    line_starts_.push_back(static_cast<uint32_t>(p - begin) + 1);
  }
  line_starts_.shrink_to_fit();
  FindTrailingBytes(text_, trailing_bytes_);
  trailing_bytes_.shrink_to_fit();
}

void SourceFile::ReleaseText() {
  BuildLineTable();
  text_.clear();
  text_.shrink_to_fit();
}

LineColumn SourceFile::Position(size_t offset) const {
  BuildLineTable();
  offset = std::min(offset, size_);
  auto next = std::upper_bound(line_starts_.begin(), line_starts_.end(),
                               static_cast<uint32_t>(offset));
  size_t line_index = static_cast<size_t>(next - line_starts_.begin()) - 1;
  uint32_t line_start = line_starts_[line_index];
  auto first = std::lower_bound(trailing_bytes_.begin(), trailing_bytes_.end(),
                                line_start);
  auto last = std::lower_bound(first, trailing_bytes_.end(),
                               static_cast<uint32_t>(offset));
  auto column = static_cast<uint32_t>(offset - line_start + 1);
  return {static_cast<uint32_t>(line_index + 1), column,
          column - static_cast<uint32_t>(last - first)};
}

size_t SourceFile::Offset(uint32_t line, uint32_t column) const {
  BuildLineTable();
  if (line == 0) return 0;
  if (line > line_starts_.size()) return size_;
  size_t start = line_starts_[line - 1];
  // The line ends where the next begins, less its '\n'; the last at the end.
  size_t end = line < line_starts_.size() ? line_starts_[line] - 1 : size_;
  return std::min(end, start + (column > 0 ? column - 1 : 0));
}

}  // namespace codeless::diag
