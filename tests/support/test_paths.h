// Where the test data lives, and small helpers shared by the test binaries.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace codeless::testing {

inline std::filesystem::path SourceDir() { return CODELESS_SOURCE_DIR; }

inline std::string ReadTextFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

inline void WriteTextFile(const std::filesystem::path& path,
                          const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// CODELESS_UPDATE_GOLDENS=1 makes golden tests rewrite their expected
// files from the actual output; review the diff before committing it.
inline bool UpdateGoldens() {
  const char* value = std::getenv("CODELESS_UPDATE_GOLDENS");
  return value != nullptr && std::string(value) == "1";
}

}  // namespace codeless::testing
