// Templates and schemas compiled into the binary (see
// cmake/EmbedResources.cmake).
#pragma once

#include <span>
#include <string_view>

namespace codeless::resources {

struct Resource {
  std::string_view
      name;  // path relative to the source tree, e.g. "schemas/catalog.json"
  std::string_view bytes;  // the file's exact contents
};

// Every embedded resource, in the order CMake listed them.
std::span<const Resource> All();

// The bytes of resource `name`, or an empty view when there is none.
std::string_view Find(std::string_view name);

}  // namespace codeless::resources
