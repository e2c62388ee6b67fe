#include "codeless/driver/build_files.h"

namespace codeless::driver {
namespace {

std::string MakeEscaped(const std::string& path) {
  std::string escaped;
  for (char c : path) {
    if (c == ' ' || c == '#' || c == ':') escaped += '\\';
    if (c == '$') escaped += '$';
    escaped += c;
  }
  return escaped;
}

bool HasLineBreak(std::string_view path) {
  return path.find_first_of(std::string_view("\n\r\0", 3)) !=
         std::string_view::npos;
}

}  // namespace

std::string DepfileText(const std::vector<std::string>& outputs,
                        const std::string& input) {
  std::string text;
  for (size_t i = 0; i < outputs.size(); ++i) {
    if (i != 0) text += " \\\n  ";
    text += MakeEscaped(outputs[i]);
  }
  text += ": ";
  text += MakeEscaped(input);
  text += '\n';
  return text;
}

std::optional<std::string> DepfilePathProblem(std::string_view path) {
  if (HasLineBreak(path)) {
    return "it holds a line break, which would end the depfile's rule";
  }
  if (path.find('\\') != std::string_view::npos) {
    return "it holds a backslash, which Make and Ninja read differently in "
           "a depfile";
  }
  return std::nullopt;
}

std::string FileListText(const std::vector<std::string>& paths) {
  std::string text;
  for (const std::string& path : paths) {
    text += path;
    text += '\n';
  }
  return text;
}

std::optional<std::string> FileListPathProblem(std::string_view path) {
  if (HasLineBreak(path)) {
    return "it holds a line break, and an xcfilelist holds one path per line";
  }
  return std::nullopt;
}

std::string QuotablePath(std::string_view path) {
  std::string quoted;
  for (char c : path) {
    if (c == '\n') {
      quoted += "\\n";
    } else if (c == '\r') {
      quoted += "\\r";
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      quoted += '?';
    } else {
      quoted += c;
    }
  }
  return quoted;
}

}  // namespace codeless::driver
