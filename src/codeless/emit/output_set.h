// What a generation produces, held in memory until it has been validated
// and can be written as a whole.
#pragma once

#include <map>
#include <string>

#include "codeless/plist/xml_writer.h"

namespace codeless::emit {

enum class FileKind {
  kKextInfoPlist,
  kDextInfoPlist,
  kEntitlements,
  kSource,  // .iig, .cpp, .xcconfig: text that no plist rule reads
};

struct OutputFile {
  FileKind kind = FileKind::kSource;
  std::string bytes;
  // Plists: which descriptor origin (model::OriginId) each part came from.
  plist::TagMap tags;
};

// Files by path relative to the output directory
// ("Acme.kext/Contents/Info.plist"), in path order.
class OutputSet {
 public:
  // Adds a file. Returns false (and adds nothing) if the path is taken,
  // absolute, or climbs out of the output directory.
  bool Add(std::string relative_path, OutputFile file);
  const std::map<std::string, OutputFile>& files() const { return files_; }
  // For lending a file's bytes out (to validate them without a copy).
  std::map<std::string, OutputFile>& mutable_files() { return files_; }
  bool empty() const { return files_.empty(); }

 private:
  std::map<std::string, OutputFile> files_;
};

}  // namespace codeless::emit
