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
    // Growth by doubling, but never past the one byte over the limit that
    // can be read: where the next doubling would pass it, straight to
    // limit+1, so a pipe at the limit costs that plus the buffer before.
    size_t needed = bytes.size() + static_cast<size_t>(n);
    if (needed > bytes.capacity() && max_bytes < SIZE_MAX / 4) {
      size_t grown = std::max(needed, 2 * bytes.capacity());
      if (2 * grown > max_bytes + 1) grown = std::max(needed, max_bytes + 1);
      bytes.reserve(grown);
    }
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

namespace {

constexpr mode_t kFileMode = 0644;
constexpr mode_t kDirectoryMode = 0755;

std::string ErrnoText() { return std::strerror(errno); }

// Writes all of `bytes` to `fd`, retrying after a signal.
bool WriteAll(int fd, std::string_view bytes, std::string& error) {
  size_t written = 0;
  while (written < bytes.size()) {
    ssize_t n = write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = ErrnoText();
      return false;
    }
    written += static_cast<size_t>(n);
  }
  return true;
}

// Opens a new file: O_EXCL, so neither an existing file nor a link (even a
// dangling one) at `path` is ever opened; O_NOFOLLOW says the same again.
int CreateExclusive(const std::string& path) {
  return open(path.c_str(),
              O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, kFileMode);
}

// Fills a new file and closes it, 0644 whatever the umask. Removes it on
// failure.
bool FillAndClose(int fd, const std::string& path, std::string_view bytes,
                  std::string& error) {
  bool ok = WriteAll(fd, bytes, error);
  if (ok && fchmod(fd, kFileMode) != 0) {
    error = ErrnoText();
    ok = false;
  }
  if (close(fd) != 0 && ok) {
    error = ErrnoText();
    ok = false;
  }
  if (!ok) unlink(path.c_str());
  return ok;
}

}  // namespace

bool RealFileSystem::Exists(const std::string& path) const {
  std::error_code ec;
  return fs::symlink_status(path, ec).type() != fs::file_type::not_found && !ec;
}

FileType RealFileSystem::Lstat(const std::string& path) const {
  struct stat st;
  if (lstat(path.c_str(), &st) != 0) return FileType::kNone;
  if (S_ISLNK(st.st_mode)) return FileType::kSymlink;
  if (S_ISDIR(st.st_mode)) return FileType::kDirectory;
  if (S_ISREG(st.st_mode)) return FileType::kFile;
  return FileType::kOther;
}

bool RealFileSystem::MakeDirectory(const std::string& path,
                                   std::string& error) {
  if (mkdir(path.c_str(), kDirectoryMode) != 0) {
    error = ErrnoText();
    return false;
  }
  // mkdir's mode is masked by the umask; the outputs' folders are 0755.
  // lstat first: chmod follows a link, and only the new folder may change.
  struct stat st;
  if (lstat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) ||
      chmod(path.c_str(), kDirectoryMode) != 0) {
    error = ErrnoText();
    return false;
  }
  return true;
}

bool RealFileSystem::MakeDirectories(const std::string& path,
                                     std::string& error) {
  // Each missing component in turn, so that each one made is 0755; an
  // existing one (a link to a folder included: the caller chose the path)
  // is left as it is.
  for (size_t end = path.find('/', 1);; end = path.find('/', end + 1)) {
    std::string prefix = path.substr(0, end);
    if (!prefix.empty() && prefix.back() != '/') {
      struct stat st;
      if (stat(prefix.c_str(), &st) != 0) {
        if (errno != ENOENT) {
          error = ErrnoText();
          return false;
        }
        if (!MakeDirectory(prefix, error) && errno != EEXIST) return false;
      } else if (!S_ISDIR(st.st_mode)) {
        error = "Not a directory";
        return false;
      }
    }
    if (end == std::string::npos) break;
  }
  if (!IsDirectory(path)) {
    error = "Not a directory";
    return false;
  }
  return true;
}

bool RealFileSystem::WriteTemporary(const std::string& path,
                                    std::string_view bytes,
                                    std::string& temporary,
                                    std::string& error) {
  // A name no one else uses: the process id and a counter, tried until one
  // is free.
  static unsigned counter = 0;
  for (int attempt = 0; attempt < 1000; ++attempt) {
    char suffix[40];
    std::snprintf(suffix, sizeof(suffix), ".codeless-tmp-%ld-%u",
                  static_cast<long>(getpid()), counter++);
    temporary = path + suffix;
    int fd = CreateExclusive(temporary);
    if (fd < 0) {
      if (errno == EEXIST) continue;
      error = ErrnoText();
      temporary.clear();
      return false;
    }
    if (!FillAndClose(fd, temporary, bytes, error)) {
      temporary.clear();
      return false;
    }
    return true;
  }
  error = "no free temporary name";
  temporary.clear();
  return false;
}

bool RealFileSystem::CreateFile(const std::string& path, std::string_view bytes,
                                std::string& error) {
  int fd = CreateExclusive(path);
  if (fd < 0) {
    error = ErrnoText();
    return false;
  }
  return FillAndClose(fd, path, bytes, error);
}

bool RealFileSystem::Link(const std::string& from, const std::string& to,
                          std::string& error) {
  // linkat without AT_SYMLINK_FOLLOW links a link itself, never its target.
  if (linkat(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), 0) == 0) {
    return true;
  }
  if (errno != EPERM && errno != ENOTSUP && errno != EOPNOTSUPP &&
      errno != EMLINK && errno != EXDEV) {
    error = ErrnoText();
    return false;
  }
  // No hard links here (FAT, some network file systems): a copy with the
  // same bytes, mode and modification time.
  int in = open(from.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (in < 0) {
    error = ErrnoText();
    return false;
  }
  struct stat st;
  if (fstat(in, &st) != 0 || !S_ISREG(st.st_mode)) {
    error = "not a regular file";
    close(in);
    return false;
  }
  int out = CreateExclusive(to);
  if (out < 0) {
    error = ErrnoText();
    close(in);
    return false;
  }
  bool ok = true;
  char chunk[1 << 16];
  for (;;) {
    ssize_t n = read(in, chunk, sizeof(chunk));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = ErrnoText();
      ok = false;
    }
    if (n <= 0) break;
    if (!WriteAll(out, std::string_view(chunk, static_cast<size_t>(n)),
                  error)) {
      ok = false;
      break;
    }
  }
  close(in);
  struct timespec times[2];
#if defined(__APPLE__)
  times[0] = st.st_atimespec;
  times[1] = st.st_mtimespec;
#else
  times[0] = st.st_atim;
  times[1] = st.st_mtim;
#endif
  if (ok &&
      (fchmod(out, st.st_mode & 07777) != 0 || futimens(out, times) != 0)) {
    error = ErrnoText();
    ok = false;
  }
  if (close(out) != 0 && ok) {
    error = ErrnoText();
    ok = false;
  }
  if (!ok) unlink(to.c_str());
  return ok;
}

bool RealFileSystem::Rename(const std::string& from, const std::string& to,
                            std::string& error) {
  if (std::rename(from.c_str(), to.c_str()) != 0) {
    error = std::strerror(errno);
    return false;
  }
  return true;
}

ExchangeResult RealFileSystem::Exchange(const std::string& a,
                                        const std::string& b,
                                        std::string& error) {
  int result = -1;
#if defined(__APPLE__)
  result = renamex_np(a.c_str(), b.c_str(), RENAME_SWAP);
#elif defined(RENAME_EXCHANGE)
  // glibc 2.28 and later declare renameat2; macOS has renamex_np.
  // clang-format off
  result = renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE);  // portability-ok: under #if, macOS uses renamex_np
  // clang-format on
#else
  errno = ENOSYS;
#endif
  if (result == 0) return ExchangeResult::kExchanged;
  error = ErrnoText();
  if (errno == ENOSYS || errno == EINVAL || errno == ENOTSUP ||
      errno == EOPNOTSUPP) {
    return ExchangeResult::kUnsupported;
  }
  return ExchangeResult::kFailed;
}

void RealFileSystem::Remove(const std::string& path) { unlink(path.c_str()); }

bool RealFileSystem::RemoveEmptyDirectory(const std::string& path) {
  return rmdir(path.c_str()) == 0;
}

}  // namespace codeless::base
