#include "codeless/driver/bundle_paths.h"

#include <fmt/format.h>

#include <array>
#include <memory>
#include <string_view>
#include <vector>

#include "codeless/diag/rules.h"

namespace codeless::driver {
namespace {

namespace rules = diag::rules;

using Sources = std::vector<std::unique_ptr<diag::SourceFile>>;

std::string Join(const std::string& directory, std::string_view name) {
  std::string joined = directory;
  while (joined.size() > 1 && joined.back() == '/') joined.pop_back();
  if (joined != "/") joined += '/';
  return joined + std::string(name);
}

std::string Trimmed(const std::string& path) {
  std::string trimmed = path;
  while (trimmed.size() > 1 && trimmed.back() == '/') trimmed.pop_back();
  return trimmed;
}

bool IsPlistName(std::string_view name) {
  return name.ends_with(".plist") || name.ends_with(".plist.in") ||
         name.ends_with(".entitlements");
}

// Packages a folder walk does not enter: they hold no kext or dext
// sources, and their plists (Xcode's scheme lists, an app's Info.plist)
// would only draw bundle-not-info-plist.
bool IsSkippedPackage(std::string_view name) {
  static constexpr std::array<std::string_view, 8> kSuffixes = {
      ".xcodeproj", ".xcworkspace", ".xcassets", ".app",
      ".framework", ".dSYM",        ".lproj",    ".playground"};
  for (std::string_view suffix : kSuffixes) {
    if (name.ends_with(suffix)) return true;
  }
  return false;
}

const diag::SourceFile* Load(const std::string& path,
                             const base::FileSystem& file_system,
                             Sources& sources, std::string& error) {
  auto text = file_system.ReadFile(path, error);
  if (!text) return nullptr;
  sources.push_back(std::make_unique<diag::SourceFile>(path, std::move(*text)));
  return sources.back().get();
}

class Walker {
 public:
  Walker(const base::FileSystem& file_system, diag::Diagnostics& diags,
         const std::function<void(const validate::BundleFiles&)>& visit)
      : file_system_(file_system), diags_(diags), visit_(visit) {}

  void Path(const std::string& path) {
    if (!file_system_.IsDirectory(path)) {
      File(path);
      return;
    }
    std::string trimmed = Trimmed(path);
    if (trimmed.ends_with(".kext") || trimmed.ends_with(".dext") ||
        HoldsBundleFiles(path)) {
      Bundle(path, 0);
      return;
    }
    if (Folder(path, 0) == 0) {
      diags_.Error(
          rules::kIoRead, diag::Location::Path(path),
          "this folder holds nothing to validate: no .kext, .dext or dext "
          "source folder (Info.plist, *.entitlements) and no .plist or "
          ".entitlements file, in it or its subfolders; give a plist, a "
          ".kext, a dext source folder or a folder that holds them");
    }
  }

 private:
  // A plist or .entitlements file on its own.
  void File(const std::string& path) {
    Sources sources;
    std::string error;
    const diag::SourceFile* file = Load(path, file_system_, sources, error);
    if (file == nullptr) {
      diags_.Error(rules::kIoRead, diag::Location::Path(path),
                   fmt::format("cannot read: {}", error));
      return;
    }
    validate::BundleFiles files;
    if (path.ends_with(".entitlements")) {
      files.entitlements = file;
    } else {
      files.info_plist = file;
    }
    visit_(files);
  }

  // A dext source folder, or any bundle: what Bundle reads in it.
  bool HoldsBundleFiles(const std::string& path) const {
    if (file_system_.Exists(Join(path, "Contents/Info.plist")) ||
        file_system_.Exists(Join(path, "Info.plist")))
      return true;
    for (const std::string& name : file_system_.ListDirectory(path)) {
      if (name.ends_with(".entitlements")) return true;
    }
    return false;
  }

  bool TooDeep(const std::string& path, int depth) {
    if (depth <= kMaxFolderDepth) return false;
    diags_.Error(rules::kIoRead, diag::Location::Path(path),
                 fmt::format("folders and plug-ins nest more than {} deep "
                             "here (a symbolic link that loops?); codeless "
                             "reads no deeper",
                             kMaxFolderDepth));
    return true;
  }

  // One bundle directory, then, for a kext, each kext of its
  // Contents/PlugIns/. A kext bundle keeps Info.plist in Contents/ and its
  // executable in Contents/MacOS/; a dext, built or source, keeps
  // Info.plist at its root.
  void Bundle(const std::string& path, int depth) {
    if (TooDeep(path, depth)) return;
    validate::BundleFiles files;
    Sources sources;
    std::string error;
    if (const diag::SourceFile* file = Load(Join(path, "Contents/Info.plist"),
                                            file_system_, sources, error)) {
      files.info_plist = file;
      files.layout = validate::BundleLayout::kKextBundle;
      files.executables =
          file_system_.ListDirectory(Join(path, "Contents/MacOS"));
    } else if (const diag::SourceFile* root_file = Load(
                   Join(path, "Info.plist"), file_system_, sources, error)) {
      files.info_plist = root_file;
      files.layout = Trimmed(path).ends_with(".dext")
                         ? validate::BundleLayout::kBuiltDext
                         : validate::BundleLayout::kSourceFolder;
    } else {
      files.layout = validate::BundleLayout::kSourceFolder;
    }
    // The first .entitlements by name; a dext source folder has one.
    for (const std::string& name : file_system_.ListDirectory(path)) {
      if (!name.ends_with(".entitlements")) continue;
      if (const diag::SourceFile* file =
              Load(Join(path, name), file_system_, sources, error)) {
        files.entitlements = file;
        break;
      }
    }
    if (files.info_plist == nullptr && files.entitlements == nullptr) {
      diags_.Error(rules::kIoRead, diag::Location::Path(path),
                   "this folder holds neither Contents/Info.plist, Info.plist "
                   "nor an .entitlements file; give a plist, a .kext, a dext "
                   "source folder or a folder that holds them");
      return;
    }
    bool kext = files.layout == validate::BundleLayout::kKextBundle;
    visit_(files);
    sources.clear();
    if (!kext) return;
    // Codeless injectors often ship as plug-ins of a kext.
    std::string plugins = Join(path, "Contents/PlugIns");
    for (const std::string& name : file_system_.ListDirectory(plugins)) {
      std::string plugin = Join(plugins, name);
      if (name.ends_with(".kext") && file_system_.IsDirectory(plugin))
        Bundle(plugin, depth + 1);
    }
  }

  // A folder of bundles and plists; returns how many it held.
  size_t Folder(const std::string& path, int depth) {
    if (TooDeep(path, depth)) return 0;
    size_t found = 0;
    for (const std::string& name : file_system_.ListDirectory(path)) {
      if (name.starts_with('.')) continue;
      std::string entry = Join(path, name);
      if (!file_system_.IsDirectory(entry)) {
        if (IsPlistName(name)) {
          File(entry);
          ++found;
        }
      } else if (name.ends_with(".kext") || name.ends_with(".dext")) {
        Bundle(entry, depth + 1);
        ++found;
      } else if (IsSkippedPackage(name)) {
        continue;
      } else if (HoldsBundleFiles(entry)) {
        Bundle(entry, depth + 1);
        ++found;
      } else {
        found += Folder(entry, depth + 1);
      }
    }
    return found;
  }

  const base::FileSystem& file_system_;
  diag::Diagnostics& diags_;
  const std::function<void(const validate::BundleFiles&)>& visit_;
};

}  // namespace

void VisitBundles(
    const std::string& path, const base::FileSystem& file_system,
    diag::Diagnostics& diags,
    const std::function<void(const validate::BundleFiles&)>& visit) {
  Walker(file_system, diags, visit).Path(path);
}

}  // namespace codeless::driver
