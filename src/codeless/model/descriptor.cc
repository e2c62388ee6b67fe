#include "codeless/model/descriptor.h"

#include <fmt/format.h>

namespace codeless::model {

std::string Personality::Pointer(std::string_view below) const {
  if (below.empty()) return fmt::format("/personalities/{}", index);
  return fmt::format("/personalities/{}/{}", index, below);
}

}  // namespace codeless::model
