// Build-time placeholders in source Info.plists: values that Xcode, CMake or
// a build script fills in later, and that validation must therefore not
// judge (domain.md §8.1, corpus findings §2).
#pragma once

#include <string_view>

namespace codeless::validate {

// True when `text` holds a placeholder anywhere: $(VAR), ${VAR} (Xcode
// build settings, optionally with :modifiers), @VAR@ (CMake, autoconf), or
// is as a whole a bare $VAR in capitals (shell templates).
bool HasPlaceholder(std::string_view text);

// The name of the variable when `text` is exactly one placeholder, so that
// $(X) and ${X} compare equal; empty otherwise.
std::string_view PlaceholderVariable(std::string_view text);

}  // namespace codeless::validate
