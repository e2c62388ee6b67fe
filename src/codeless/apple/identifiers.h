// Names Apple's loaders and the C++ compiler accept.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace codeless::apple {

// The longest CFBundleIdentifier the loaders accept [domain.md §3.2].
inline constexpr size_t kMaxBundleIdentifierLength = 63;

// What is wrong with a CFBundleIdentifier, from worst to mildest.
enum class IdentifierIssue {
  kNone,
  // The loader refuses it: empty or longer than kMaxBundleIdentifierLength.
  kRefused,
  // Not reverse DNS: a character other than letters, digits, '-', '_' and
  // '.', or an empty label ("com..acme", a leading or trailing dot).
  kNotReverseDns,
  // An underscore: Apple documents only letters, digits, '-' and '.', yet
  // ships '_' in identifiers of its own, and the loader accepts it.
  kUnderscore,
};

struct IdentifierCheck {
  IdentifierIssue issue = IdentifierIssue::kNone;
  std::string why;  // completes "is not a valid bundle identifier: ..."
};

// Judges a CFBundleIdentifier; the descriptor reader and the validator both
// ask this, and decide only how severe each issue is for them.
IdentifierCheck CheckBundleIdentifier(std::string_view identifier);

// An identifier in Apple's own namespace (com.apple.*), which Apple's
// bundles and the kernel's pseudo-kexts (com.apple.kpi.*) use.
inline bool IsAppleBundleIdentifier(std::string_view identifier) {
  return identifier.starts_with("com.apple.");
}

// An IOKit class name (IOClass, IOProviderClass): a C++ identifier.
bool IsClassName(std::string_view name);

// A name for a C++ class codeless generates: an identifier that is no C++
// keyword and no name reserved to the implementation (leading underscore
// and capital, or a double underscore). Returns why not, or nullopt.
std::optional<std::string> CppClassNameProblem(std::string_view name);
// The keywords and DriverKit names CppClassNameProblem refuses.
std::span<const std::string_view> ReservedCppNames();

}  // namespace codeless::apple
