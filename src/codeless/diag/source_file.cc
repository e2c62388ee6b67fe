#include "codeless/diag/source_file.h"

#include <algorithm>
#include <cstring>

namespace codeless::diag {

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
  return {static_cast<uint32_t>(line_index + 1),
          static_cast<uint32_t>(offset - line_starts_[line_index] + 1)};
}

}  // namespace codeless::diag
