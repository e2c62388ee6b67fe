// A file system that fails on purpose: it forwards to another one
// (ForwardingFileSystem: reads pass through) and fails the Nth call that would
// change the disk, to test what a failure or a killed process leaves between
// any two steps.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "codeless/base/forwarding_file_system.h"

namespace codeless::base {

class FailingFileSystem final : public ForwardingFileSystem {
 public:
  enum class Mode {
    kFailOne,    // the Nth change fails (ENOSPC, say); later ones work
    kKillAfter,  // the Nth change and every later one fail: the process
                 // died there, and its clean-up never happens
  };

  FailingFileSystem(FileSystem& base, size_t fail_at, Mode mode)
      : ForwardingFileSystem(base), fail_at_(fail_at), mode_(mode) {}

  // How many changes were asked for (a run with fail_at past this count
  // did not fail).
  size_t changes() const { return changes_; }
  bool failed() const { return changes_ >= fail_at_; }

  bool MakeDirectories(const std::string& path, std::string& error) override {
    return Allowed(error) && inner().MakeDirectories(path, error);
  }
  bool MakeDirectory(const std::string& path, std::string& error) override {
    return Allowed(error) && inner().MakeDirectory(path, error);
  }
  bool WriteTemporary(const std::string& path, std::string_view bytes,
                      std::string& temporary, std::string& error) override {
    return Allowed(error) &&
           inner().WriteTemporary(path, bytes, temporary, error);
  }
  bool CreateFile(const std::string& path, std::string_view bytes,
                  std::string& error) override {
    return Allowed(error) && inner().CreateFile(path, bytes, error);
  }
  bool Link(const std::string& from, const std::string& to,
            std::string& error) override {
    return Allowed(error) && inner().Link(from, to, error);
  }
  bool Rename(const std::string& from, const std::string& to,
              std::string& error) override {
    return Allowed(error) && inner().Rename(from, to, error);
  }
  ExchangeResult Exchange(const std::string& a, const std::string& b,
                          std::string& error) override {
    if (!Allowed(error)) return ExchangeResult::kFailed;
    return inner().Exchange(a, b, error);
  }
  void Remove(const std::string& path) override {
    std::string error;
    if (Allowed(error)) inner().Remove(path);
  }
  bool RemoveEmptyDirectory(const std::string& path) override {
    std::string error;
    return Allowed(error) && inner().RemoveEmptyDirectory(path);
  }

 private:
  bool Allowed(std::string& error) {
    size_t call = ++changes_;
    bool fails = mode_ == Mode::kFailOne ? call == fail_at_ : call >= fail_at_;
    if (fails) error = "Injected failure";
    return !fails;
  }

  size_t fail_at_;
  Mode mode_;
  size_t changes_ = 0;
};

}  // namespace codeless::base
