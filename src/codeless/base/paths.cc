#include "codeless/base/paths.h"

namespace codeless::base {

std::string JoinPath(std::string_view directory, std::string_view relative) {
  if (directory.empty() || directory == ".") return std::string(relative);
  std::string joined(directory);
  while (joined.size() > 1 && joined.back() == '/') joined.pop_back();
  if (joined != "/") joined += '/';
  joined += relative;
  return joined;
}

std::string_view BaseName(std::string_view path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string_view ParentPath(std::string_view path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string_view::npos ? std::string_view()
                                         : path.substr(0, slash);
}

std::string AbsolutePath(std::string_view working_directory,
                         std::string_view path) {
  if (path.starts_with('/') || working_directory.empty()) {
    return std::string(path);
  }
  while (path.starts_with("./")) path.remove_prefix(2);
  return JoinPath(working_directory, path);
}

}  // namespace codeless::base
