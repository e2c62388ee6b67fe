// Build-setting references in descriptor strings, expanded as Xcode expands
// them in Info.plist values (PRODUCT.md §7): "$(CURRENT_PROJECT_VERSION)"
// or "${PRODUCT_NAME}", with Xcode's operators ":lower", ":upper",
// ":rfc1034identifier", ":c99extidentifier", ":identifier" and
// ":default=VALUE". "$$" is a literal '$' (for a value Xcode itself should
// expand later: "$$(EXECUTABLE_NAME)"); any other '$' is kept as written.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace codeless::descriptor {

using Environment = std::map<std::string, std::string, std::less<>>;

struct Expansion {
  std::string text;        // the expanded string, when `error` is empty
  std::string error;       // what is wrong, to report at `error_index`
  size_t error_index = 0;  // of the offending '$' in the string
};

// Whether `text` holds anything Expand would change.
inline bool MayExpand(std::string_view text) {
  return text.find('$') != std::string_view::npos;
}

Expansion Expand(std::string_view text, const Environment& environment);

}  // namespace codeless::descriptor
