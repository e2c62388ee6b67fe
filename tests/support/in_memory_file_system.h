// A file system held in memory, for tests of the library's commands.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
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
  FileType Lstat(const std::string& path) const override;
  bool MakeDirectories(const std::string& path, std::string& error) override;
  bool MakeDirectory(const std::string& path, std::string& error) override;
  bool WriteTemporary(const std::string& path, std::string_view bytes,
                      std::string& temporary, std::string& error) override;
  bool CreateFile(const std::string& path, std::string_view bytes,
                  std::string& error) override;
  bool Link(const std::string& from, const std::string& to,
            std::string& error) override;
  bool Rename(const std::string& from, const std::string& to,
              std::string& error) override;
  ExchangeResult Exchange(const std::string& a, const std::string& b,
                          std::string& error) override;
  void Remove(const std::string& path) override;
  bool RemoveEmptyDirectory(const std::string& path) override;

  std::map<std::string, std::string> files;
  std::vector<std::string> directories;
  // Paths that are symbolic links (Lstat says so; nothing follows them).
  std::set<std::string> symlinks;
  // When set, writes to this path fail (to test error paths), also when
  // generate builds it in a staging folder.
  std::string fail_writes_to;
  // Whether Exchange works (false: the two-rename fallback is used).
  bool exchange_supported = true;
  // A file's "modification time": a number that grows with each write of
  // it, kept by Rename, Link and Exchange, as a real disk keeps mtimes.
  std::map<std::string, uint64_t> stamps;

 private:
  void Stamp(const std::string& path);
  bool ParentExists(const std::string& path) const;
  // Moves every file and directory at or under `from` to `to`.
  void MoveTree(const std::string& from, const std::string& to);
  uint64_t clock_ = 0;
};

}  // namespace codeless::base
