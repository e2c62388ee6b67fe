#include "codeless/validate/rule_context.h"

#include <fmt/format.h>

namespace codeless::validate {

std::string Where(const diag::SourceFile& file, uint32_t offset) {
  std::string_view path = file.path();
  size_t slash = path.rfind('/');
  if (slash != std::string_view::npos) path.remove_prefix(slash + 1);
  return fmt::format("{}:{}", path, file.Position(offset).line);
}

}  // namespace codeless::validate
