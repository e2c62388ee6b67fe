#include "codeless/text/template.h"

#include <fmt/format.h>

#include <set>

namespace codeless::text {
namespace {

bool IsNameStart(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}
bool IsNameChar(char c) { return IsNameStart(c) || (c >= '0' && c <= '9'); }

}  // namespace

std::optional<std::string> Render(std::string_view template_text,
                                  const Variables& variables,
                                  std::string& error) {
  std::string out;
  out.reserve(template_text.size());
  std::set<std::string_view> used;
  size_t pos = 0;
  while (pos < template_text.size()) {
    size_t dollar = template_text.find('$', pos);
    if (dollar == std::string_view::npos) {
      out.append(template_text.substr(pos));
      break;
    }
    out.append(template_text.substr(pos, dollar - pos));
    if (dollar + 1 < template_text.size() && template_text[dollar + 1] == '$') {
      out += '$';
      pos = dollar + 2;
      continue;
    }
    size_t end = dollar + 1;
    if (end < template_text.size() && IsNameStart(template_text[end])) {
      ++end;
      while (end < template_text.size() && IsNameChar(template_text[end]))
        ++end;
    }
    if (end == dollar + 1 || end >= template_text.size() ||
        template_text[end] != '$') {
      error = fmt::format(
          "template has a '$' at offset {} that starts neither '$$' nor a "
          "'$name$' placeholder",
          dollar);
      return std::nullopt;
    }
    std::string_view name = template_text.substr(dollar + 1, end - dollar - 1);
    auto value = variables.find(name);
    if (value == variables.end()) {
      error =
          fmt::format("template placeholder '${}$' at offset {} has no value",
                      name, dollar);
      return std::nullopt;
    }
    used.insert(value->first);
    out.append(value->second);
    pos = end + 1;
  }
  for (const auto& [name, value] : variables) {
    if (!used.contains(name)) {
      error = fmt::format("variable '{}' is not used by the template", name);
      return std::nullopt;
    }
  }
  return out;
}

}  // namespace codeless::text
