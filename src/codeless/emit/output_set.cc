#include "codeless/emit/output_set.h"

namespace codeless::emit {

bool OutputSet::Add(std::string relative_path, OutputFile file) {
  if (relative_path.empty() || relative_path.front() == '/') return false;
  size_t start = 0;
  while (start <= relative_path.size()) {
    size_t slash = relative_path.find('/', start);
    std::string_view part =
        std::string_view(relative_path).substr(start, slash - start);
    if (part.empty() || part == "." || part == "..") return false;
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return files_.emplace(std::move(relative_path), std::move(file)).second;
}

}  // namespace codeless::emit
