// The personalities that compete in `match` (PRODUCT.md §6): from
// Info.plists, .kext bundles (with the kexts in Contents/PlugIns), dext
// folders and bundles, and prelinked-kernel info dictionaries (a plist
// whose _PrelinkInfoDictionary is an array of kext Info dictionaries).
// Descriptors come in as the Info.plists generate would write (the driver
// layer builds them in memory and calls AddPlist).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "codeless/base/file_system.h"
#include "codeless/diag/diagnostic.h"
#include "codeless/diag/source_file.h"
#include "codeless/validate/plist_document.h"

namespace codeless::match {

struct Personality {
  std::string name;  // the key in IOKitPersonalities
  // The personality's CFBundleIdentifier, or the bundle's own where it has
  // none (the loader inserts it, as OSKext does).
  std::string bundle;
  // IOClass: for a dext the kernel proxy class (what a driver node in a
  // dump shows), with the dext's own class in user_class (IOUserClass).
  std::string io_class;
  std::string user_class;
  std::string provider_class;  // IOProviderClass
  std::string category;        // IOMatchCategory or IODefaultMatchCategory
  int64_t probe_score = 0;     // IOProbeScore, 0 when absent
  std::string source;          // the file it came from
  const validate::Node* dict = nullptr;  // owned by the Sources
};

class Sources {
 public:
  // Reads one SOURCE path: a plist file (Info.plist or prelinked
  // dictionary) or a folder (.kext, .dext, dext source folder: whatever
  // holds Contents/Info.plist or Info.plist). Reports source-format on
  // anything else. Returns false after an error.
  bool AddPath(const std::string& path, base::FileSystem& file_system,
               diag::Diagnostics& diags);
  // Reads a plist held in memory (`path` names it in messages).
  bool AddPlist(std::string path, std::string bytes, diag::Diagnostics& diags);

  const std::vector<Personality>& personalities() const {
    return personalities_;
  }

 private:
  bool AddBundleFolder(const std::string& folder, base::FileSystem& file_system,
                       diag::Diagnostics& diags, bool required);
  void AddInfo(const validate::Node& info, const std::string& source);

  std::vector<std::unique_ptr<diag::SourceFile>> files_;
  std::vector<std::unique_ptr<validate::PlistDocument>> documents_;
  std::vector<Personality> personalities_;
};

}  // namespace codeless::match
