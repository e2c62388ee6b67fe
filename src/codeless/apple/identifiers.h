// Names Apple's loaders and the C++ compiler accept.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace codeless::apple {

// CFBundleIdentifier: labels of [A-Za-z0-9-] joined by '.', < 64 bytes.
// Returns why not, or nullopt when fine.
std::optional<std::string> BundleIdentifierProblem(std::string_view identifier);

// An IOKit class name (IOClass, IOProviderClass): a C++ identifier.
bool IsClassName(std::string_view name);

// A name for a C++ class codeless generates: an identifier that is no C++
// keyword and no name reserved to the implementation (leading underscore
// and capital, or a double underscore). Returns why not, or nullopt.
std::optional<std::string> CppClassNameProblem(std::string_view name);

}  // namespace codeless::apple
