#include "codeless/match/sources.h"

#include <fmt/format.h>

#include <algorithm>

#include "codeless/base/paths.h"
#include "codeless/diag/rules.h"
#include "codeless/validate/kernel_xml.h"

namespace codeless::match {
namespace {

namespace rules = diag::rules;
using validate::Node;

std::string StringOr(const Node& dict, std::string_view key,
                     std::string fallback) {
  const Node* value = dict.FindString(key);
  return value != nullptr ? std::string(value->text()) : std::move(fallback);
}

}  // namespace

void Sources::AddInfo(const Node& info, const std::string& source) {
  const Node* personalities = info.Find("IOKitPersonalities");
  if (personalities == nullptr || !personalities->is_dict()) return;
  std::string bundle = StringOr(info, "CFBundleIdentifier", "");
  auto keys = personalities->keys();
  auto values = personalities->children();
  for (size_t i = 0; i < keys.size(); ++i) {
    const Node& dict = values[i];
    if (!dict.is_dict()) continue;
    Personality p;
    p.name = std::string(keys[i].name());
    p.bundle = StringOr(dict, "CFBundleIdentifier", bundle);
    p.io_class = StringOr(dict, "IOClass", "");
    p.user_class = StringOr(dict, "IOUserClass", "");
    p.provider_class = StringOr(dict, "IOProviderClass", "");
    p.category = StringOr(dict, "IOMatchCategory", "IODefaultMatchCategory");
    if (const Node* score = dict.Find("IOProbeScore");
        score != nullptr && score->is_integer()) {
      // The kernel reads unsigned32BitValue and casts it to SInt32
      // (domain.md, IOProbeScore).
      p.probe_score =
          static_cast<int32_t>(static_cast<uint32_t>(score->integer()));
    }
    p.source = source;
    p.dict = &dict;
    personalities_.push_back(std::move(p));
  }
}

bool Sources::AddPlist(std::string path, std::string bytes,
                       diag::Diagnostics& diags) {
  files_.push_back(
      std::make_unique<diag::SourceFile>(std::move(path), std::move(bytes)));
  const diag::SourceFile& file = *files_.back();
  // The kernel-subset findings are validate's business; match needs the
  // values only, so it reports just what stops it from reading them.
  diag::Diagnostics scratch;
  auto document = validate::ParsePlist(file, scratch);
  if (!document) {
    // The reader's first error, where it is and under its own rule.
    auto error = std::find_if(
        scratch.all().begin(), scratch.all().end(),
        [](const auto& d) { return d.severity == diag::Severity::kError; });
    if (error != scratch.all().end()) {
      diags.Adopt(*error);
    } else {
      diags.Error(rules::kSourceFormat, diag::Location::At(file, 0),
                  "cannot read this source as a plist");
    }
    diags.Note(rules::kSourceFormat, diag::Location::Whole(file),
               "match reads an Info.plist, a .kext, a dext folder, a "
               "descriptor or a prelinked dictionary; fix the plist or give "
               "one of those");
    return false;
  }
  if (!document->root().is_dict()) {
    diags.Error(rules::kSourceFormat, diag::Location::At(file, 0),
                "cannot read this source as a plist (its root is not a "
                "dictionary); give an Info.plist, a .kext, a dext folder, a "
                "descriptor or a prelinked dictionary");
    return false;
  }
  documents_.push_back(
      std::make_unique<validate::PlistDocument>(std::move(*document)));
  const Node& root = documents_.back()->root();
  if (const Node* prelinked = root.Find("_PrelinkInfoDictionary")) {
    for (const Node& info : prelinked->children()) {
      if (info.is_dict()) AddInfo(info, file.path());
    }
    return true;
  }
  if (root.Find("IOKitPersonalities") == nullptr) {
    diags.Error(rules::kSourceFormat, diag::Location::At(file, root.offset),
                "this plist has neither IOKitPersonalities nor "
                "_PrelinkInfoDictionary, so it holds no personalities; give "
                "a kext's or dext's Info.plist or a prelinked dictionary");
    return false;
  }
  AddInfo(root, file.path());
  return true;
}

bool Sources::AddBundleFolder(const std::string& folder,
                              base::FileSystem& file_system,
                              diag::Diagnostics& diags, bool required) {
  std::string info;
  for (const char* candidate : {"Contents/Info.plist", "Info.plist"}) {
    std::string path = base::JoinPath(folder, candidate);
    if (file_system.Exists(path) && !file_system.IsDirectory(path)) {
      info = path;
      break;
    }
  }
  if (info.empty()) {
    if (!required) return true;
    diags.Error(rules::kSourceFormat, diag::Location::Path(folder),
                "a folder without Contents/Info.plist or Info.plist; give a "
                ".kext, a .dext or a dext source folder");
    return false;
  }
  std::string error;
  auto bytes = file_system.ReadFile(info, error);
  if (!bytes) {
    diags.Error(rules::kIoRead, diag::Location::Path(info),
                fmt::format("cannot read the source: {}", error));
    return false;
  }
  bool ok = AddPlist(info, std::move(*bytes), diags);
  // Kexts inside a kext's PlugIns compete too.
  std::string plugins = base::JoinPath(folder, "Contents/PlugIns");
  if (file_system.IsDirectory(plugins)) {
    for (const std::string& name : file_system.ListDirectory(plugins)) {
      std::string child = base::JoinPath(plugins, name);
      if (file_system.IsDirectory(child)) {
        ok = AddBundleFolder(child, file_system, diags, false) && ok;
      }
    }
  }
  return ok;
}

bool Sources::AddPath(const std::string& path, base::FileSystem& file_system,
                      diag::Diagnostics& diags) {
  if (file_system.IsDirectory(path)) {
    return AddBundleFolder(path, file_system, diags, true);
  }
  std::string error;
  auto bytes = file_system.ReadFile(path, error);
  if (!bytes) {
    diags.Error(rules::kIoRead, diag::Location::Path(path),
                fmt::format("cannot read the source: {}", error));
    return false;
  }
  return AddPlist(path, std::move(*bytes), diags);
}

}  // namespace codeless::match
