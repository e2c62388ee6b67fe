#include "codeless/apple/identifiers.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace codeless::apple {
namespace {

bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9');
}

constexpr std::string_view kCppKeywords[] = {
    "alignas",       "alignof",     "and",
    "and_eq",        "asm",         "auto",
    "bitand",        "bitor",       "bool",
    "break",         "case",        "catch",
    "char",          "char8_t",     "char16_t",
    "char32_t",      "class",       "compl",
    "concept",       "const",       "consteval",
    "constexpr",     "constinit",   "const_cast",
    "continue",      "co_await",    "co_return",
    "co_yield",      "decltype",    "default",
    "delete",        "do",          "double",
    "dynamic_cast",  "else",        "enum",
    "explicit",      "export",      "extern",
    "false",         "float",       "for",
    "friend",        "goto",        "if",
    "inline",        "int",         "long",
    "mutable",       "namespace",   "new",
    "noexcept",      "not",         "not_eq",
    "nullptr",       "operator",    "or",
    "or_eq",         "private",     "protected",
    "public",        "register",    "reinterpret_cast",
    "requires",      "return",      "short",
    "signed",        "sizeof",      "static",
    "static_assert", "static_cast", "struct",
    "switch",        "template",    "this",
    "thread_local",  "throw",       "true",
    "try",           "typedef",     "typeid",
    "typename",      "union",       "unsigned",
    "using",         "virtual",     "void",
    "volatile",      "wchar_t",     "while",
    "xor",           "xor_eq",      "final",
    "override",      "import",      "module",
    "kern_return_t", "IMPL"};

}  // namespace

IdentifierCheck CheckBundleIdentifier(std::string_view identifier) {
  if (identifier.empty()) return {IdentifierIssue::kRefused, "it is empty"};
  if (identifier.size() > kMaxBundleIdentifierLength) {
    return {
        IdentifierIssue::kRefused,
        fmt::format("it is {} characters long; the loader allows at most {}",
                    identifier.size(), kMaxBundleIdentifierLength)};
  }
  size_t label_length = 0;
  bool underscore = false;
  for (char c : identifier) {
    if (c == '.') {
      if (label_length == 0) break;
      label_length = 0;
    } else if (IsAlnum(c) || c == '-' || c == '_') {
      underscore = underscore || c == '_';
      ++label_length;
    } else {
      return {IdentifierIssue::kNotReverseDns,
              fmt::format("'{}' is not allowed; use letters, digits, '-' and "
                          "'.' (reverse DNS, e.g. com.acme.driver.Mouse)",
                          c)};
    }
  }
  if (label_length == 0) {
    return {IdentifierIssue::kNotReverseDns,
            "it has an empty label (\"..\" or a leading or trailing dot)"};
  }
  if (underscore) {
    return {IdentifierIssue::kUnderscore,
            "it has '_', which Apple documents nowhere in bundle identifiers "
            "(letters, digits, '-' and '.'); the loader accepts it, but "
            "prefer '-'"};
  }
  return {};
}

bool IsClassName(std::string_view name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return IsAlnum(c) || c == '_'; });
}

std::span<const std::string_view> ReservedCppNames() { return kCppKeywords; }

std::optional<std::string> CppClassNameProblem(std::string_view name) {
  if (!IsClassName(name)) {
    return "it is not a C++ identifier (letters, digits and '_', not starting "
           "with a digit)";
  }
  if (std::find(std::begin(kCppKeywords), std::end(kCppKeywords), name) !=
      std::end(kCppKeywords)) {
    return "it is a C++ keyword or a name DriverKit reserves";
  }
  if (name.find("__") != std::string_view::npos ||
      (name.size() > 1 && name[0] == '_' && name[1] >= 'A' && name[1] <= 'Z')) {
    return "names with a double underscore or an underscore and a capital are "
           "reserved to the "
           "compiler";
  }
  return std::nullopt;
}

}  // namespace codeless::apple
