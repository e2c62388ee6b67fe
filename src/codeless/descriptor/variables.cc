#include "codeless/descriptor/variables.h"

#include <fmt/format.h>

#include <algorithm>

namespace codeless::descriptor {
namespace {

bool IsNameChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (c >= '0' && c <= '9') || c == '_';
}

bool IsAsciiAlnum(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (c >= '0' && c <= '9');
}

// Applies one of Xcode's build-setting operators; nullopt if unknown.
std::optional<std::string> Apply(std::string_view op, std::string value,
                                 bool set) {
  if (op.starts_with("default=")) {
    if (!set || value.empty()) return std::string(op.substr(8));
    return value;
  }
  if (op == "lower" || op == "upper") {
    for (char& c : value) {
      if (op == "lower" && c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
      if (op == "upper" && c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
    }
    return value;
  }
  if (op == "rfc1034identifier") {
    for (char& c : value) {
      if (!IsAsciiAlnum(c) && c != '-' && c != '.') c = '-';
    }
    return value;
  }
  if (op == "c99extidentifier" || op == "identifier") {
    for (char& c : value) {
      if (!IsAsciiAlnum(c) && c != '_') c = '_';
    }
    if (!value.empty() && value[0] >= '0' && value[0] <= '9') {
      value.insert(value.begin(), '_');
    }
    return value;
  }
  return std::nullopt;
}

}  // namespace

Expansion Expand(std::string_view text, const Environment& environment) {
  Expansion result;
  std::string& out = result.text;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c != '$' || i + 1 == text.size()) {
      out += c;
      continue;
    }
    char open = text[i + 1];
    if (open == '$') {
      out += '$';
      ++i;
      continue;
    }
    if (open != '(' && open != '{') {
      out += c;
      continue;
    }
    char close = open == '(' ? ')' : '}';
    size_t end = text.find(close, i + 2);
    auto fail = [&](std::string message) {
      result.text.clear();
      result.error = std::move(message);
      result.error_index = i;
      return result;
    };
    if (end == std::string_view::npos) {
      return fail(fmt::format(
          "\"{}\" is not closed; write {}NAME{} (or \"$$\" for a literal '$')",
          text.substr(i, 2), text.substr(i, 2), close));
    }
    std::string_view inside = text.substr(i + 2, end - i - 2);
    size_t colon = inside.find(':');
    std::string_view name = inside.substr(0, colon);
    if (name.empty() || !std::all_of(name.begin(), name.end(), IsNameChar)) {
      return fail(fmt::format(
          "\"{}\" does not name a build setting: a name is letters, digits "
          "and '_' (write \"$$\" for a literal '$')",
          text.substr(i, end - i + 1)));
    }
    auto it = environment.find(name);
    bool set = it != environment.end();
    std::string value = set ? it->second : std::string();
    bool has_default = false;
    if (colon != std::string_view::npos) {
      std::string_view ops = inside.substr(colon + 1);
      // Operators chain left to right: $(NAME:lower:default=x).
      while (true) {
        size_t next = ops.starts_with("default=") ? std::string_view::npos
                                                  : ops.find(':');
        std::string_view op = ops.substr(0, next);
        has_default = has_default || op.starts_with("default=");
        auto applied = Apply(op, std::move(value), set);
        if (!applied) {
          return fail(fmt::format(
              "\"{}\" uses the operator \":{}\", which codeless does not "
              "know; it knows :lower, :upper, :rfc1034identifier, "
              ":c99extidentifier, :identifier and :default=VALUE",
              text.substr(i, end - i + 1), op));
        }
        value = std::move(*applied);
        set = set || has_default;
        if (next == std::string_view::npos) break;
        ops = ops.substr(next + 1);
      }
    }
    if (!set) {
      return fail(fmt::format(
          "the variable {} is not set; set it in the environment (Xcode sets "
          "its build settings for Run Script phases), give a default as "
          "$({}:default=VALUE), or write \"$$\" for a literal '$'",
          name, name));
    }
    out += value;
    i = end;
  }
  return result;
}

}  // namespace codeless::descriptor
