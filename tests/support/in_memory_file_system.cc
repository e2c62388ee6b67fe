#include "support/in_memory_file_system.h"

#include <algorithm>

namespace codeless::base {
namespace {

std::string Prefix(const std::string& path) {
  return path.empty() || path.back() == '/' ? path : path + "/";
}

bool Under(const std::string& path, const std::string& prefix) {
  return path.compare(0, prefix.size(), prefix) == 0;
}

std::string Parent(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

}  // namespace

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
  std::string prefix = Prefix(path);
  for (const std::string& directory : directories) {
    if (directory == path || Under(directory, prefix)) return true;
  }
  auto it = files.lower_bound(prefix);
  return it != files.end() && Under(it->first, prefix);
}

std::vector<std::string> InMemoryFileSystem::ListDirectory(
    const std::string& path) const {
  std::string prefix = Prefix(path);
  std::set<std::string> names;
  auto add = [&](const std::string& entry) {
    if (entry.size() <= prefix.size() || !Under(entry, prefix)) return;
    std::string rest = entry.substr(prefix.size());
    names.insert(rest.substr(0, rest.find('/')));
  };
  for (const auto& [file, bytes] : files) add(file);
  for (const std::string& directory : directories) add(directory);
  for (const std::string& link : symlinks) add(link);
  return {names.begin(), names.end()};
}

bool InMemoryFileSystem::Exists(const std::string& path) const {
  return files.count(path) != 0 || symlinks.count(path) != 0 ||
         IsDirectory(path);
}

FileType InMemoryFileSystem::Lstat(const std::string& path) const {
  if (symlinks.count(path) != 0) return FileType::kSymlink;
  if (files.count(path) != 0) return FileType::kFile;
  return IsDirectory(path) ? FileType::kDirectory : FileType::kNone;
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
  if (!IsDirectory(path)) directories.push_back(path);
  return true;
}

bool InMemoryFileSystem::MakeDirectory(const std::string& path,
                                       std::string& error) {
  if (Exists(path)) {
    error = "File exists";
    return false;
  }
  if (!ParentExists(path)) {
    error = "No such file or directory";
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
  Stamp(temporary);
  return true;
}

bool InMemoryFileSystem::CreateFile(const std::string& path,
                                    std::string_view bytes,
                                    std::string& error) {
  // A file built in a staging folder fails as the output it will become.
  std::string output = path;
  if (size_t staging = output.find("/.codeless-new-");
      staging != std::string::npos) {
    output.erase(staging + 1, std::string_view(".codeless-new-").size());
  }
  if (!fail_writes_to.empty() && output == fail_writes_to) {
    error = "No space left on device";
    return false;
  }
  if (Exists(path)) {
    error = "File exists";
    return false;
  }
  if (!ParentExists(path)) {
    error = "No such file or directory";
    return false;
  }
  files[path] = std::string(bytes);
  Stamp(path);
  return true;
}

bool InMemoryFileSystem::Link(const std::string& from, const std::string& to,
                              std::string& error) {
  auto it = files.find(from);
  if (it == files.end() || Exists(to) || !ParentExists(to)) {
    error = it == files.end() ? "No such file or directory" : "File exists";
    return false;
  }
  files[to] = it->second;
  stamps[to] = stamps[from];
  return true;
}

bool InMemoryFileSystem::Rename(const std::string& from, const std::string& to,
                                std::string& error) {
  if (IsDirectory(from)) {
    if (files.count(to) != 0 ||
        (IsDirectory(to) && !ListDirectory(to).empty())) {
      error = files.count(to) != 0 ? "Not a directory" : "Directory not empty";
      return false;
    }
    std::erase(directories, to);
    MoveTree(from, to);
    return true;
  }
  auto it = files.find(from);
  if (it == files.end() || IsDirectory(to)) {
    error = it == files.end() ? "No such file or directory" : "Is a directory";
    return false;
  }
  files[to] = std::move(it->second);
  files.erase(from);
  stamps[to] = stamps[from];
  stamps.erase(from);
  symlinks.erase(to);
  return true;
}

ExchangeResult InMemoryFileSystem::Exchange(const std::string& a,
                                            const std::string& b,
                                            std::string& error) {
  if (!exchange_supported) {
    error = "Invalid argument";
    return ExchangeResult::kUnsupported;
  }
  if (!Exists(a) || !Exists(b)) {
    error = "No such file or directory";
    return ExchangeResult::kFailed;
  }
  const std::string aside = a + ".exchange";
  MoveTree(a, aside);
  MoveTree(b, a);
  MoveTree(aside, b);
  return ExchangeResult::kExchanged;
}

void InMemoryFileSystem::Remove(const std::string& path) {
  files.erase(path);
  stamps.erase(path);
  symlinks.erase(path);
}

bool InMemoryFileSystem::RemoveEmptyDirectory(const std::string& path) {
  if (!IsDirectory(path) || !ListDirectory(path).empty()) return false;
  std::erase(directories, path);
  return true;
}

void InMemoryFileSystem::Stamp(const std::string& path) {
  stamps[path] = ++clock_;
}

bool InMemoryFileSystem::ParentExists(const std::string& path) const {
  std::string parent = Parent(path);
  return parent.empty() || IsDirectory(parent);
}

void InMemoryFileSystem::MoveTree(const std::string& from,
                                  const std::string& to) {
  bool directory_moved = IsDirectory(from);
  auto moved = [&](const std::string& path) -> std::optional<std::string> {
    if (path == from) return to;
    if (Under(path, from + "/")) return to + path.substr(from.size());
    return std::nullopt;
  };
  std::map<std::string, std::string> new_files;
  std::map<std::string, uint64_t> new_stamps;
  for (auto& [path, bytes] : files) {
    auto target = moved(path);
    new_files[target ? *target : path] = std::move(bytes);
    if (stamps.count(path) != 0)
      new_stamps[target ? *target : path] = stamps[path];
  }
  files = std::move(new_files);
  stamps = std::move(new_stamps);
  for (std::string& directory : directories) {
    if (auto target = moved(directory)) directory = *target;
  }
  // The moved folder itself stays a folder even when it is empty.
  if (directory_moved) directories.push_back(to);
  std::set<std::string> new_links;
  for (const std::string& link : symlinks) {
    auto target = moved(link);
    new_links.insert(target ? *target : link);
  }
  symlinks = std::move(new_links);
}

}  // namespace codeless::base
