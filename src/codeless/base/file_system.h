// The file system as the library sees it: an interface, so tests can run in
// memory (tests/support/in_memory_file_system.h) and the library never
// touches the disk behind the caller's back.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace codeless::base {

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
  // Creates `path` and its parents. Returns false and sets `error` on failure.
  virtual bool MakeDirectories(const std::string& path, std::string& error) = 0;
  // Writes `bytes` to a new temporary file beside `path` and sets
  // `temporary` to its name; Rename then puts it in place, so readers see
  // the old file or the new one, never a partial one.
  virtual bool WriteTemporary(const std::string& path, std::string_view bytes,
                              std::string& temporary, std::string& error) = 0;
  virtual bool Rename(const std::string& from, const std::string& to,
                      std::string& error) = 0;
  // Removes a file, ignoring failure (for cleaning up temporaries).
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
  bool MakeDirectories(const std::string& path, std::string& error) override;
  bool WriteTemporary(const std::string& path, std::string_view bytes,
                      std::string& temporary, std::string& error) override;
  bool Rename(const std::string& from, const std::string& to,
              std::string& error) override;
  void Remove(const std::string& path) override;
  bool RemoveEmptyDirectory(const std::string& path) override;
};

}  // namespace codeless::base
