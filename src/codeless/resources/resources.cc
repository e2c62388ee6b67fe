#include "codeless/resources/resources.h"

namespace codeless::resources {

std::string_view Find(std::string_view name) {
  for (const Resource& resource : All()) {
    if (resource.name == name) return resource.bytes;
  }
  return {};
}

}  // namespace codeless::resources
