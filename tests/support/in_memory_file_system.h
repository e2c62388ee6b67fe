// A file system held in memory, for tests of the library's commands.
#pragma once

#include <map>
#include <string>
#include <optional>
#include <vector>

#include "codeless/base/file_system.h"

namespace codeless::base {

// A file system held in memory, for tests. Directories exist implicitly
// when a file lies below them or MakeDirectories created them.
class InMemoryFileSystem final : public FileSystem {
 public:
  std::optional<std::string> ReadFile(const std::string& path,
                                      std::string& error) const override;
  bool IsDirectory(const std::string& path) const override;
  std::vector<std::string> ListDirectory(
      const std::string& path) const override;
  bool Exists(const std::string& path) const override;
  bool MakeDirectories(const std::string& path, std::string& error) override;
  bool WriteTemporary(const std::string& path, std::string_view bytes,
                      std::string& temporary, std::string& error) override;
  bool Rename(const std::string& from, const std::string& to,
              std::string& error) override;
  void Remove(const std::string& path) override;
  bool RemoveEmptyDirectory(const std::string& path) override;

  std::map<std::string, std::string> files;
  std::vector<std::string> directories;
  // When set, writes to this path fail (to test error paths).
  std::string fail_writes_to;
};

}  // namespace codeless::base
