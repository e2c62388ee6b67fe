// The files that tell a build system what a generate run read and wrote
// (PRODUCT.md §7): a Makefile-style depfile (--depfile, for Ninja, Make and
// CMake's DEPFILE) and Xcode's file lists (--xcfilelist).
#pragma once

#include <string>
#include <vector>

namespace codeless::driver {

// "OUT1 \\\n  OUT2: INPUT\n": every output depends on the input. Spaces,
// '#' and '$' are escaped as Make and Ninja read them.
std::string DepfileText(const std::vector<std::string>& outputs,
                        const std::string& input);

// One path per line, as an Xcode Run Script phase's .xcfilelist holds them.
std::string FileListText(const std::vector<std::string>& paths);

}  // namespace codeless::driver
