// The file system as the library sees it: an interface, so tests can run in
// memory (tests/support/in_memory_file_system.h) and the library never
// touches the disk behind the caller's back.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace codeless::base {

// What is at a path, without following a symbolic link there.
enum class FileType { kNone, kFile, kDirectory, kSymlink, kOther };

// How an exchange of two paths went (FileSystem::Exchange).
enum class ExchangeResult { kExchanged, kUnsupported, kFailed };

// The write side makes files 0644 and folders 0755 whatever the umask, and
// never follows a symbolic link at the path it creates.
class FileSystem {
 public:
  virtual ~FileSystem() = default;

  // Reads a whole file. On failure returns nullopt and sets `error` to a
  // short reason ("No such file or directory").
  virtual std::optional<std::string> ReadFile(const std::string& path,
                                              std::string& error) const = 0;
  // Reads a file of at most `max_bytes` bytes. A larger one is not read
  // further than it takes to tell (a regular file by its size, a pipe, FIFO
  // or device after `max_bytes` + 1 bytes): nullopt with `too_large` set and
  // `error` empty. Other failures as ReadFile, with `too_large` false. The
  // default reads the whole file with ReadFile (fine for files in memory).
  virtual std::optional<std::string> ReadFileAtMost(const std::string& path,
                                                    size_t max_bytes,
                                                    std::string& error,
                                                    bool& too_large) const {
    too_large = false;
    auto text = ReadFile(path, error);
    if (text && text->size() > max_bytes) {
      too_large = true;
      error.clear();
      return std::nullopt;
    }
    return text;
  }
  // Whether the file at `path` holds exactly `bytes`: nullopt when it
  // cannot be read. The real disk compares in chunks, so a large output is
  // not held twice.
  virtual std::optional<bool> FileEquals(const std::string& path,
                                         std::string_view bytes) const {
    std::string error;
    auto text = ReadFile(path, error);
    if (!text) return std::nullopt;
    return *text == bytes;
  }
  // Whether anything (file or directory) is at `path`.
  virtual bool Exists(const std::string& path) const = 0;
  virtual bool IsDirectory(const std::string& path) const = 0;
  // Names (not paths) of the entries of a directory, sorted; empty on error.
  virtual std::vector<std::string> ListDirectory(
      const std::string& path) const = 0;
  // What is at `path`, a symbolic link not followed. The default, for file
  // systems without links, asks Exists and IsDirectory.
  virtual FileType Lstat(const std::string& path) const {
    if (!Exists(path)) return FileType::kNone;
    return IsDirectory(path) ? FileType::kDirectory : FileType::kFile;
  }
  // Creates `path` and its parents (those it creates 0755). Returns false
  // and sets `error` on failure.
  virtual bool MakeDirectories(const std::string& path, std::string& error) = 0;
  // Creates the one directory `path`, 0755; fails if anything is there.
  virtual bool MakeDirectory(const std::string& path, std::string& error) {
    return MakeDirectories(path, error);
  }
  // Writes `bytes` to a new temporary file beside `path` (created
  // exclusively, never through a link, 0644) and sets `temporary` to its
  // name; Rename then puts it in place, so readers see the old file or the
  // new one, never a partial one.
  virtual bool WriteTemporary(const std::string& path, std::string_view bytes,
                              std::string& temporary, std::string& error) = 0;
  // Creates the new file `path` holding `bytes`, 0644: fails if anything,
  // a link included, is there.
  virtual bool CreateFile(const std::string& path, std::string_view bytes,
                          std::string& error) {
    error = "not supported by this file system";
    (void)path, (void)bytes;
    return false;
  }
  // Makes `to` (new) the same file as `from`: a hard link, or where the
  // file system has none a copy with the same bytes, mode and modification
  // time.
  virtual bool Link(const std::string& from, const std::string& to,
                    std::string& error) {
    error = "not supported by this file system";
    (void)from, (void)to;
    return false;
  }
  // Renames a file or a directory; a link at `to` is replaced, never
  // followed.
  virtual bool Rename(const std::string& from, const std::string& to,
                      std::string& error) = 0;
  // Swaps two existing paths in one step (Linux renameat2 RENAME_EXCHANGE,
  // macOS renamex_np RENAME_SWAP); kUnsupported where the system or the
  // file system cannot, so the caller falls back to two renames.
  virtual ExchangeResult Exchange(const std::string& a, const std::string& b,
                                  std::string& error) {
    error = "not supported by this file system";
    (void)a, (void)b;
    return ExchangeResult::kUnsupported;
  }
  // Removes a file (or a link, not what it points to), ignoring failure
  // (for cleaning up temporaries).
  virtual void Remove(const std::string& path) = 0;
  // Removes a directory if it is empty; false if it is not or on failure.
  virtual bool RemoveEmptyDirectory(const std::string& path) = 0;
};

// The real disk, through std::filesystem and POSIX rename.
class RealFileSystem final : public FileSystem {
 public:
  std::optional<std::string> ReadFile(const std::string& path,
                                      std::string& error) const override;
  std::optional<std::string> ReadFileAtMost(const std::string& path,
                                            size_t max_bytes,
                                            std::string& error,
                                            bool& too_large) const override;
  std::optional<bool> FileEquals(const std::string& path,
                                 std::string_view bytes) const override;
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
};

}  // namespace codeless::base
