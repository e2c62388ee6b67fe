#include "codeless/driver/write_file.h"

#include <fmt/format.h>

#include "codeless/base/paths.h"
#include "codeless/diag/rules.h"

namespace codeless::driver {

namespace rules = diag::rules;

void ReportSymlink(const std::string& path, diag::Diagnostics& diags) {
  diags.Error(rules::kIoSymlink, diag::Location::Path(path),
              "this is a symbolic link, and codeless does not write through "
              "links; remove the link and run again");
}

bool WriteFileAtomically(base::FileSystem& file_system, const std::string& path,
                         std::string_view bytes, diag::Diagnostics& diags,
                         const WriteFileOptions& options) {
  auto fail = [&](const std::string& where, std::string_view why) {
    diags.Error(rules::kIoWrite, diag::Location::Path(where),
                fmt::format("cannot write: {}", why));
    return false;
  };
  switch (file_system.Lstat(path)) {
    case base::FileType::kNone:
      break;
    case base::FileType::kFile:
      if (!options.overwrite) return fail(path, options.exists_message);
      break;
    case base::FileType::kSymlink:
      ReportSymlink(path, diags);
      return false;
    case base::FileType::kDirectory:
      return fail(path,
                  "a directory is in the way; move it or choose another path");
    case base::FileType::kOther:
      return fail(path,
                  "something other than a file is in the way; move it or "
                  "choose another path");
  }
  std::string error;
  std::string_view parent = base::ParentPath(path);
  if (options.make_parents && !parent.empty() &&
      !file_system.MakeDirectories(std::string(parent), error)) {
    return fail(std::string(parent), error);
  }
  std::string temporary;
  if (!file_system.WriteTemporary(path, bytes, temporary, error)) {
    return fail(path, error);
  }
  // rename replaces whatever is at `path` (a link that appeared since the
  // check included) and never writes through it.
  if (!file_system.Rename(temporary, path, error)) {
    file_system.Remove(temporary);
    return fail(path, error);
  }
  return true;
}

}  // namespace codeless::driver
