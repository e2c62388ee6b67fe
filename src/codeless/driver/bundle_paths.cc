#include "codeless/driver/bundle_paths.h"

#include <fmt/format.h>

#include "codeless/diag/rules.h"

namespace codeless::driver {
namespace {

namespace rules = diag::rules;

std::string Join(const std::string& directory, std::string_view name) {
  std::string joined = directory;
  while (joined.size() > 1 && joined.back() == '/') joined.pop_back();
  return joined + "/" + std::string(name);
}

const diag::SourceFile* Load(
    const std::string& path, const base::FileSystem& file_system,
    std::vector<std::unique_ptr<diag::SourceFile>>& sources,
    std::string& error) {
  auto text = file_system.ReadFile(path, error);
  if (!text) return nullptr;
  sources.push_back(std::make_unique<diag::SourceFile>(path, std::move(*text)));
  return sources.back().get();
}

}  // namespace

std::optional<validate::BundleFiles> LocateBundleFiles(
    const std::string& path, const base::FileSystem& file_system,
    diag::Diagnostics& diags,
    std::vector<std::unique_ptr<diag::SourceFile>>& sources) {
  validate::BundleFiles files;
  std::string error;
  if (!file_system.IsDirectory(path)) {
    const diag::SourceFile* file = Load(path, file_system, sources, error);
    if (file == nullptr) {
      diags.Error(rules::kIoRead, diag::Location::Path(path),
                  fmt::format("cannot read: {}", error));
      return std::nullopt;
    }
    if (path.ends_with(".entitlements")) {
      files.entitlements = file;
    } else {
      files.info_plist = file;
    }
    return files;
  }
  // A kext bundle keeps Info.plist in Contents/ and its executable in
  // Contents/MacOS/; a dext, built or source, keeps Info.plist at its root.
  if (const diag::SourceFile* file = Load(Join(path, "Contents/Info.plist"),
                                          file_system, sources, error)) {
    files.info_plist = file;
    files.layout = validate::BundleLayout::kKextBundle;
    files.executables = file_system.ListDirectory(Join(path, "Contents/MacOS"));
  } else if (const diag::SourceFile* root_file =
                 Load(Join(path, "Info.plist"), file_system, sources, error)) {
    files.info_plist = root_file;
    std::string trimmed = path;
    while (trimmed.size() > 1 && trimmed.back() == '/') trimmed.pop_back();
    files.layout = trimmed.ends_with(".dext")
                       ? validate::BundleLayout::kBuiltDext
                       : validate::BundleLayout::kSourceFolder;
  } else {
    files.layout = validate::BundleLayout::kSourceFolder;
  }
  // The first .entitlements by name; a dext source folder has one.
  for (const std::string& name : file_system.ListDirectory(path)) {
    if (!name.ends_with(".entitlements")) continue;
    if (const diag::SourceFile* file =
            Load(Join(path, name), file_system, sources, error)) {
      files.entitlements = file;
      break;
    }
  }
  if (files.info_plist == nullptr && files.entitlements == nullptr) {
    diags.Error(
        rules::kIoRead, diag::Location::Path(path),
        "this folder holds neither Contents/Info.plist, Info.plist nor an "
        ".entitlements file; give a plist, a .kext or a dext source folder");
    return std::nullopt;
  }
  return files;
}

}  // namespace codeless::driver
