// Paths as text: joining and splitting '/'-separated paths without
// touching the disk.
#pragma once

#include <string>
#include <string_view>

namespace codeless::base {

// `relative` inside `directory`; "." or "" as directory gives `relative`.
std::string JoinPath(std::string_view directory, std::string_view relative);
// The last component ("Info.plist" of "a/b/Info.plist").
std::string_view BaseName(std::string_view path);
// All but the last component; empty for a bare name.
std::string_view ParentPath(std::string_view path);
// `path` made absolute against `working_directory` when it is relative.
std::string AbsolutePath(std::string_view working_directory,
                         std::string_view path);

}  // namespace codeless::base
