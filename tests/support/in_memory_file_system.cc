#include "support/in_memory_file_system.h"

#include <algorithm>

namespace codeless::base {

std::optional<std::string> InMemoryFileSystem::ReadFile(
    const std::string& path, std::string& error) const {
  auto it = files.find(path);
  if (it == files.end()) {
    error = IsDirectory(path) ? "Is a directory" : "No such file or directory";
    return std::nullopt;
  }
  return it->second;
}

bool InMemoryFileSystem::IsDirectory(const std::string& path) const {
  std::string prefix = path.empty() || path.back() == '/' ? path : path + "/";
  if (std::find(directories.begin(), directories.end(), path) !=
      directories.end())
    return true;
  auto it = files.lower_bound(prefix);
  return it != files.end() && it->first.compare(0, prefix.size(), prefix) == 0;
}

std::vector<std::string> InMemoryFileSystem::ListDirectory(
    const std::string& path) const {
  std::string prefix = path.empty() || path.back() == '/' ? path : path + "/";
  std::vector<std::string> names;
  for (auto it = files.lower_bound(prefix);
       it != files.end() && it->first.compare(0, prefix.size(), prefix) == 0;
       ++it) {
    std::string rest = it->first.substr(prefix.size());
    std::string name = rest.substr(0, rest.find('/'));
    if (names.empty() || names.back() != name) names.push_back(name);
  }
  return names;
}

bool InMemoryFileSystem::Exists(const std::string& path) const {
  return files.count(path) != 0 || IsDirectory(path);
}

bool InMemoryFileSystem::MakeDirectories(const std::string& path,
                                         std::string& error) {
  for (size_t slash = 0; slash != std::string::npos;
       slash = path.find('/', slash + 1)) {
    if (slash != 0 && files.count(path.substr(0, slash)) != 0) {
      error = "Not a directory";
      return false;
    }
  }
  if (files.count(path) != 0) {
    error = "File exists";
    return false;
  }
  directories.push_back(path);
  return true;
}

bool InMemoryFileSystem::WriteTemporary(const std::string& path,
                                        std::string_view bytes,
                                        std::string& temporary,
                                        std::string& error) {
  if (!fail_writes_to.empty() && path == fail_writes_to) {
    error = "No space left on device";
    return false;
  }
  temporary = path + ".codeless-tmp";
  files[temporary] = std::string(bytes);
  return true;
}

bool InMemoryFileSystem::Rename(const std::string& from, const std::string& to,
                                std::string& error) {
  auto it = files.find(from);
  if (it == files.end() || IsDirectory(to)) {
    error = it == files.end() ? "No such file or directory" : "Is a directory";
    return false;
  }
  files[to] = std::move(it->second);
  files.erase(from);
  return true;
}

void InMemoryFileSystem::Remove(const std::string& path) { files.erase(path); }

bool InMemoryFileSystem::RemoveEmptyDirectory(const std::string& path) {
  if (!IsDirectory(path) || !ListDirectory(path).empty()) return false;
  std::erase(directories, path);
  return true;
}

}  // namespace codeless::base
