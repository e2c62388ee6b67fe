#include "codeless/validate/placeholders.h"

#include <cstring>

namespace codeless::validate {
namespace {

bool IsNameStart(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}
bool IsNameChar(char c) { return IsNameStart(c) || (c >= '0' && c <= '9'); }

// Length of the placeholder starting at text[0], or 0.
size_t PlaceholderLength(std::string_view text, std::string_view* name) {
  if (text.size() < 3) return 0;
  if (text[0] == '$' && (text[1] == '(' || text[1] == '{')) {
    char close = text[1] == '(' ? ')' : '}';
    size_t i = 2;
    if (!IsNameStart(text[i])) return 0;
    while (i < text.size() && IsNameChar(text[i])) ++i;
    size_t name_end = i;
    // Xcode modifiers: $(PRODUCT_NAME:rfc1034identifier).
    while (i < text.size() && (IsNameChar(text[i]) || text[i] == ':')) ++i;
    if (i >= text.size() || text[i] != close) return 0;
    if (name != nullptr) *name = text.substr(2, name_end - 2);
    return i + 1;
  }
  if (text[0] == '@' && IsNameStart(text[1])) {
    size_t i = 1;
    while (i < text.size() && IsNameChar(text[i])) ++i;
    if (i >= text.size() || text[i] != '@') return 0;
    if (name != nullptr) *name = text.substr(1, i - 1);
    return i + 1;
  }
  return 0;
}

// A whole-value $NAME: '$', then [A-Z_][A-Z0-9_]*.
bool IsBareVariable(std::string_view text) {
  if (text.size() < 2 || text[0] != '$') return false;
  if (!((text[1] >= 'A' && text[1] <= 'Z') || text[1] == '_')) return false;
  for (char c : text.substr(1)) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
      return false;
    }
  }
  return true;
}

}  // namespace

bool HasPlaceholder(std::string_view text) {
  // An empty view may have no data, which memchr must not be given.
  if (text.empty()) return false;
  // Most values have neither '$' nor '@'; memchr says so fastest.
  if (std::memchr(text.data(), '$', text.size()) == nullptr &&
      std::memchr(text.data(), '@', text.size()) == nullptr) {
    return false;
  }
  for (size_t i = 0; i < text.size(); ++i) {
    if ((text[i] == '$' || text[i] == '@') &&
        PlaceholderLength(text.substr(i), nullptr) > 0) {
      return true;
    }
  }
  return IsBareVariable(text);
}

std::string_view PlaceholderVariable(std::string_view text) {
  std::string_view name;
  if (PlaceholderLength(text, &name) == text.size() && !text.empty()) {
    return name;
  }
  if (IsBareVariable(text)) return text.substr(1);
  return {};
}

}  // namespace codeless::validate
