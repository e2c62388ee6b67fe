#include "codeless/driver/build_files.h"

namespace codeless::driver {
namespace {

std::string MakeEscaped(const std::string& path) {
  std::string escaped;
  for (char c : path) {
    if (c == ' ' || c == '#') escaped += '\\';
    if (c == '$') escaped += '$';
    escaped += c;
  }
  return escaped;
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

std::string FileListText(const std::vector<std::string>& paths) {
  std::string text;
  for (const std::string& path : paths) {
    text += path;
    text += '\n';
  }
  return text;
}

}  // namespace codeless::driver
