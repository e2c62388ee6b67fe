#include "codeless/base/file_system.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <system_error>

namespace codeless::base {
namespace fs = std::filesystem;

std::optional<std::string> RealFileSystem::ReadFile(const std::string& path,
                                                    std::string& error) const {
  bool too_large = false;
  return ReadFileAtMost(path, std::numeric_limits<size_t>::max() - 1, error,
                        too_large);
}

std::optional<std::string> RealFileSystem::ReadFileAtMost(
    const std::string& path, size_t max_bytes, std::string& error,
    bool& too_large) const {
  too_large = false;
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = std::strerror(errno);
    return std::nullopt;
  }
  struct stat info {};
  if (fstat(fd, &info) != 0) {
    error = std::strerror(errno);
    close(fd);
    return std::nullopt;
  }
  if (S_ISDIR(info.st_mode)) {
    close(fd);
    error = "Is a directory";
    return std::nullopt;
  }
  // A regular file's size says at once whether it fits; pipes, FIFOs and
  // devices (/dev/zero) say nothing, so reading stops one byte past the
  // limit.
  if (S_ISREG(info.st_mode) &&
      static_cast<uintmax_t>(info.st_size) > max_bytes) {
    close(fd);
    too_large = true;
    return std::nullopt;
  }
  std::string bytes;
  if (S_ISREG(info.st_mode) && info.st_size > 0) {
    bytes.reserve(static_cast<size_t>(info.st_size));
  }
  char chunk[1 << 16];
  while (true) {
    // Never more than one byte past the limit.
    size_t want = sizeof(chunk);
    if (bytes.size() <= max_bytes) {
      want = std::min(want, max_bytes - bytes.size() + 1);
    }
    ssize_t n = read(fd, chunk, want);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = std::strerror(errno);
      close(fd);
      return std::nullopt;
    }
    if (n == 0) break;
    bytes.append(chunk, static_cast<size_t>(n));
    if (bytes.size() > max_bytes) {
      close(fd);
      too_large = true;
      return std::nullopt;
    }
  }
  close(fd);
  return bytes;
}

std::optional<bool> RealFileSystem::FileEquals(const std::string& path,
                                               std::string_view bytes) const {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return std::nullopt;
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return std::nullopt;
  char chunk[1 << 16];
  size_t offset = 0;
  bool equal = true;
  size_t n = 0;
  while (equal && (n = std::fread(chunk, 1, sizeof(chunk), file)) > 0) {
    equal = n <= bytes.size() - offset &&
            std::memcmp(chunk, bytes.data() + offset, n) == 0;
    offset += n;
  }
  bool failed = std::ferror(file) != 0;
  std::fclose(file);
  if (failed) return std::nullopt;
  return equal && offset == bytes.size();
}

bool RealFileSystem::IsDirectory(const std::string& path) const {
  std::error_code ec;
  return fs::is_directory(path, ec);
}

std::vector<std::string> RealFileSystem::ListDirectory(
    const std::string& path) const {
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(path, ec), end; !ec && it != end;
       it.increment(ec)) {
    names.push_back(it->path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

bool RealFileSystem::MakeDirectories(const std::string& path,
                                     std::string& error) {
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec) {
    error = ec.message();
    return false;
  }
  if (!fs::is_directory(path, ec)) {
    error = "Not a directory";
    return false;
  }
  return true;
}

bool RealFileSystem::Exists(const std::string& path) const {
  std::error_code ec;
  return fs::symlink_status(path, ec).type() != fs::file_type::not_found && !ec;
}

bool RealFileSystem::WriteTemporary(const std::string& path,
                                    std::string_view bytes,
                                    std::string& temporary,
                                    std::string& error) {
  temporary = path + ".codeless-tmp-XXXXXX";
  int fd = mkstemp(temporary.data());
  if (fd < 0) {
    error = std::strerror(errno);
    return false;
  }
  size_t written = 0;
  while (written < bytes.size()) {
    ssize_t n = write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = std::strerror(errno);
      close(fd);
      unlink(temporary.c_str());
      return false;
    }
    written += static_cast<size_t>(n);
  }
  // mkstemp creates 0600; generated sources should be readable like any file.
  fchmod(fd, 0644);
  if (close(fd) != 0) {
    error = std::strerror(errno);
    unlink(temporary.c_str());
    return false;
  }
  return true;
}

bool RealFileSystem::Rename(const std::string& from, const std::string& to,
                            std::string& error) {
  if (std::rename(from.c_str(), to.c_str()) != 0) {
    error = std::strerror(errno);
    return false;
  }
  return true;
}

void RealFileSystem::Remove(const std::string& path) { unlink(path.c_str()); }

bool RealFileSystem::RemoveEmptyDirectory(const std::string& path) {
  return rmdir(path.c_str()) == 0;
}

}  // namespace codeless::base
