// The files that tell a build system what a generate run read and wrote
// (PRODUCT.md §7): a Makefile-style depfile (--depfile, for Ninja, Make and
// CMake's DEPFILE) and Xcode's file lists (--xcfilelist).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace codeless::driver {

// "OUT1 \\\n  OUT2: INPUT\n": every output depends on the input. Spaces,
// '#' and ':' are escaped with a backslash and '$' as "$$", as GNU Make and
// Ninja read them (both checked by hand: "in\\:put" is "in:put" to each).
// Paths must pass DepfilePathProblem.
std::string DepfileText(const std::vector<std::string>& outputs,
                        const std::string& input);

// Why `path` cannot be written into a depfile, or nullopt: a line break
// would end the rule, and a backslash has no escape both Make and Ninja
// read the same way.
std::optional<std::string> DepfilePathProblem(std::string_view path);

// One path per line, as an Xcode Run Script phase's .xcfilelist holds them.
// Paths must pass FileListPathProblem.
std::string FileListText(const std::vector<std::string>& paths);

// Why `path` cannot be a line of an xcfilelist (it holds a line break), or
// nullopt.
std::optional<std::string> FileListPathProblem(std::string_view path);

// `path` as a message can quote it on one line: line breaks as \n and \r,
// other control characters as '?'.
std::string QuotablePath(std::string_view path);

}  // namespace codeless::driver
