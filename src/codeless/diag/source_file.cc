#include "codeless/diag/source_file.h"

#include <algorithm>

namespace codeless::diag {

LineColumn SourceFile::Position(size_t offset) const {
  if (line_starts_.empty()) {
    line_starts_.push_back(0);
    for (size_t i = 0; i < text_.size(); ++i) {
      if (text_[i] == '\n') line_starts_.push_back(i + 1);
    }
  }
  offset = std::min(offset, text_.size());
  auto next =
      std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  size_t line_index = static_cast<size_t>(next - line_starts_.begin()) - 1;
  return {static_cast<uint32_t>(line_index + 1),
          static_cast<uint32_t>(offset - line_starts_[line_index] + 1)};
}

std::optional<size_t> SourceFile::Locate(std::string_view pointer,
                                         Part part) const {
  if (!locator_) return std::nullopt;
  return locator_(pointer, part);
}

}  // namespace codeless::diag
