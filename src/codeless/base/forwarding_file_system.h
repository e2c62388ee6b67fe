// A file system that hands every call to another one: the base of wrappers
// that change a few calls (driver/input_limit.h bounds reads; the tests'
// failing_file_system.h fails writes on purpose). Every virtual of
// FileSystem is forwarded here, once, so a wrapper cannot fall back to a
// default body that bypasses the file system it wraps when FileSystem grows
// a call.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "codeless/base/file_system.h"

namespace codeless::base {

class ForwardingFileSystem : public FileSystem {
 public:
  explicit ForwardingFileSystem(FileSystem& inner) : inner_(inner) {}

  std::optional<std::string> ReadFile(const std::string& path,
                                      std::string& error) const override {
    return inner_.ReadFile(path, error);
  }
  std::optional<std::string> ReadFileAtMost(const std::string& path,
                                            size_t max_bytes,
                                            std::string& error,
                                            bool& too_large) const override {
    return inner_.ReadFileAtMost(path, max_bytes, error, too_large);
  }
  std::optional<bool> FileEquals(const std::string& path,
                                 std::string_view bytes) const override {
    return inner_.FileEquals(path, bytes);
  }
  bool Exists(const std::string& path) const override {
    return inner_.Exists(path);
  }
  bool IsDirectory(const std::string& path) const override {
    return inner_.IsDirectory(path);
  }
  std::vector<std::string> ListDirectory(
      const std::string& path) const override {
    return inner_.ListDirectory(path);
  }
  FileType Lstat(const std::string& path) const override {
    return inner_.Lstat(path);
  }
  bool MakeDirectories(const std::string& path, std::string& error) override {
    return inner_.MakeDirectories(path, error);
  }
  bool MakeDirectory(const std::string& path, std::string& error) override {
    return inner_.MakeDirectory(path, error);
  }
  bool WriteTemporary(const std::string& path, std::string_view bytes,
                      std::string& temporary, std::string& error) override {
    return inner_.WriteTemporary(path, bytes, temporary, error);
  }
  bool CreateFile(const std::string& path, std::string_view bytes,
                  std::string& error) override {
    return inner_.CreateFile(path, bytes, error);
  }
  bool Link(const std::string& from, const std::string& to,
            std::string& error) override {
    return inner_.Link(from, to, error);
  }
  bool Rename(const std::string& from, const std::string& to,
              std::string& error) override {
    return inner_.Rename(from, to, error);
  }
  ExchangeResult Exchange(const std::string& a, const std::string& b,
                          std::string& error) override {
    return inner_.Exchange(a, b, error);
  }
  void Remove(const std::string& path) override { inner_.Remove(path); }
  bool RemoveEmptyDirectory(const std::string& path) override {
    return inner_.RemoveEmptyDirectory(path);
  }

 protected:
  FileSystem& inner() const { return inner_; }

 private:
  FileSystem& inner_;
};

}  // namespace codeless::base
