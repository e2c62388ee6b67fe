// Writing one file safely: the one way every command (generate's record,
// --depfile, --xcfilelist, init -o, import -o) puts a single file on disk.
#pragma once

#include <string>
#include <string_view>

#include "codeless/base/file_system.h"
#include "codeless/diag/diagnostic.h"

namespace codeless::driver {

struct WriteFileOptions {
  // Whether a file already at the path is replaced. When not, the reason
  // given is `exists_message` (say what to do instead).
  bool overwrite = true;
  std::string_view exists_message;
  // Whether missing parent folders are created (0755).
  bool make_parents = false;
};

// Writes `bytes` to `path` atomically: a new temporary beside it (created
// exclusively, never through a link, 0644 whatever the umask), renamed
// into place, so a reader or a killed process sees the old file or the new
// one. A symbolic link at `path` is refused (io-symlink), as is a folder or
// another kind of file there (io-write); the parents may be links, as the
// caller chose them. Reports at `path` and returns false on failure, when
// the file is as it was.
bool WriteFileAtomically(base::FileSystem& file_system, const std::string& path,
                         std::string_view bytes, diag::Diagnostics& diags,
                         const WriteFileOptions& options = {});

// The io-symlink error for a link at `path`.
void ReportSymlink(const std::string& path, diag::Diagnostics& diags);

}  // namespace codeless::driver
