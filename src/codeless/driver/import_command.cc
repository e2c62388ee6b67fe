#include "codeless/driver/import_command.h"

#include <fmt/format.h>

#include <memory>
#include <optional>
#include <vector>

#include "codeless/base/paths.h"
#include "codeless/catalog/catalog.h"
#include "codeless/descriptor/reader.h"
#include "codeless/diag/rules.h"
#include "codeless/emit/emitter.h"
#include "codeless/import/importer.h"
#include "codeless/resolve/resolve.h"
#include "codeless/validate/kernel_xml.h"
#include "codeless/validate/validator.h"

namespace codeless::driver {
namespace {

namespace rules = diag::rules;
using base::BaseName;
using base::JoinPath;
using base::ParentPath;

constexpr int kOk = 0;
constexpr int kInvalid = 1;

bool EndsWith(std::string_view text, std::string_view tail) {
  return text.size() >= tail.size() &&
         text.substr(text.size() - tail.size()) == tail;
}

std::string WithoutTrailingSlash(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

// The bundle's files: its Info.plist and, for a dext source folder, its
// entitlements; and the bundle's folder name.
struct Located {
  std::string info_path;
  std::string entitlements_path;
  std::string bundle_name;
};

std::optional<Located> Locate(const std::string& given,
                              const base::FileSystem& fs,
                              diag::Diagnostics& diags) {
  std::string path = WithoutTrailingSlash(given);
  Located located;
  if (!fs.Exists(path)) {
    diags.Error(rules::kIoRead, diag::Location::Path(given),
                "no such file or directory");
    return std::nullopt;
  }
  if (!fs.IsDirectory(path)) {
    located.info_path = path;
    // X.kext/Contents/Info.plist: the bundle is X.
    std::string_view contents = ParentPath(path);
    if (BaseName(contents) == "Contents") {
      std::string_view bundle = BaseName(ParentPath(contents));
      if (EndsWith(bundle, ".kext"))
        located.bundle_name = std::string(bundle.substr(0, bundle.size() - 5));
    }
    return located;
  }
  std::string_view base = BaseName(path);
  std::string contents_info = JoinPath(path, "Contents/Info.plist");
  if (fs.Exists(contents_info)) {
    located.info_path = contents_info;
    located.bundle_name = std::string(
        EndsWith(base, ".kext") ? base.substr(0, base.size() - 5) : base);
    // A kext's PlugIns are bundles of their own: import reads the bundle
    // it is given, and says which others there are.
    std::string plugins = JoinPath(path, "Contents/PlugIns");
    if (fs.IsDirectory(plugins)) {
      for (const std::string& name : fs.ListDirectory(plugins)) {
        if (!EndsWith(name, ".kext")) continue;
        diags.Note(rules::kImportInput, diag::Location::Path(given),
                   fmt::format("import reads this bundle only; its plug-in "
                               "{0} is a bundle of its own: run 'codeless "
                               "import {1}/Contents/PlugIns/{0}' for it",
                               name, path));
      }
    }
    return located;
  }
  std::string info = JoinPath(path, "Info.plist");
  if (fs.Exists(info)) {
    located.info_path = info;
    located.bundle_name = std::string(
        EndsWith(base, ".dext") ? base.substr(0, base.size() - 5) : base);
    for (const std::string& name : fs.ListDirectory(path)) {
      if (EndsWith(name, ".entitlements")) {
        located.entitlements_path = JoinPath(path, name);
        break;
      }
    }
    return located;
  }
  diags.Error(rules::kImportInput, diag::Location::Path(given),
              "this folder holds neither Contents/Info.plist (a .kext) nor "
              "Info.plist (a dext source folder); give import a codeless "
              "kext, its Info.plist, or a dext source folder");
  return std::nullopt;
}

std::unique_ptr<diag::SourceFile> ReadSource(const std::string& path,
                                             const base::FileSystem& fs,
                                             diag::Diagnostics& diags) {
  std::string error;
  auto text = fs.ReadFile(path, error);
  if (!text) {
    diags.Error(rules::kIoRead, diag::Location::Path(path),
                fmt::format("cannot read: {}", error));
    return nullptr;
  }
  return std::make_unique<diag::SourceFile>(path, std::move(*text));
}

// Parses a plist with validate's reader. Its findings about the kernel
// subset are not import's business (a CRLF file imports fine and
// regenerates clean); only a file it cannot read at all is reported.
std::optional<validate::PlistDocument> Parse(const diag::SourceFile& file,
                                             diag::Diagnostics& diags) {
  diag::Diagnostics scratch;
  auto document = validate::ParsePlist(file, scratch);
  if (!document) {
    for (const diag::Diagnostic& d : scratch.all()) {
      if (d.severity != diag::Severity::kError) continue;
      diags.Error(rules::kImportInput, diag::Location::Whole(file),
                  fmt::format("cannot read the plist: {}:{}:{}: {} (rule {})",
                              d.path, d.line, d.column, d.message, d.rule));
      break;
    }
    return document;
  }
  // An IDREF shares one value among its uses; a descriptor would have to
  // write each use out, and a chain of them doubles at every level (a 3 KB
  // plist would become gigabytes of JSON).
  for (const diag::Diagnostic& d : scratch.all()) {
    if (d.rule != rules::kXmlIdRef.id) continue;
    diags.Error(rules::kImportInput, diag::Location::Whole(file),
                fmt::format("{}:{}:{}: the plist uses IDREF, which a "
                            "descriptor cannot share; write the values out "
                            "in full and import again",
                            d.path, d.line, d.column));
    return std::nullopt;
  }
  return document;
}

// Generates `descriptor_text` in memory as `generate` would and compares
// the output with the originals. Returns false when they differ or
// generate would refuse the descriptor.
bool Verify(const std::string& descriptor_label,
            const std::string& descriptor_text, bool kext,
            const diag::SourceFile& info_file,
            const validate::PlistDocument& info,
            const diag::SourceFile* entitlements_file,
            const validate::PlistDocument* entitlements,
            const catalog::Catalog& catalog, const ImportRequest& request,
            diag::Diagnostics& diags) {
  diag::Diagnostics check;
  diag::SourceFile file(descriptor_label, descriptor_text);
  // A finding in the descriptor is shown at its place there; one in the
  // files generate builds from it (which are never written) by its text.
  auto refused = [&]() {
    for (const diag::Diagnostic& d : check.all()) {
      if (d.severity != diag::Severity::kError) continue;
      std::string where =
          d.path == descriptor_label
              ? fmt::format("{}:{}:{}: ", d.path, d.line, d.column)
              : std::string("in the bundle it generates: ");
      diags.Error(rules::kImportLossy,
                  diag::Location::At(info_file, info.root().offset),
                  fmt::format("generate refuses the imported descriptor: "
                              "{}{} (rule {})",
                              where, d.message, d.rule));
    }
    return false;
  };
  auto descriptor = descriptor::Read(file, check, request.environment);
  if (!descriptor) return refused();
  auto resolved = resolve::Resolve(*descriptor, catalog, check);
  if (!resolved || check.has_errors()) return refused();
  emit::OutputSet outputs;
  emit::EmitContext context{std::string(BaseName(descriptor_label)), "."};
  for (const auto& emitter : emit::BuiltinEmitters()) {
    if ((emitter->target() == model::Target::kKext) != kext) continue;
    std::string error;
    if (!emitter->Handles(*resolved) ||
        !emitter->Emit(*resolved, context, outputs, error)) {
      diags.Error(rules::kInternal, diag::Location::Nowhere(),
                  fmt::format("internal error: the imported descriptor does "
                              "not generate: {}",
                              error));
      return false;
    }
  }
  // The generated files, checked as generate checks them, then compared.
  validate::Validator validator(catalog);
  validate::BundleFiles bundle;
  bundle.generated = true;
  std::vector<std::unique_ptr<diag::SourceFile>> sources;
  const diag::SourceFile* generated_info = nullptr;
  const diag::SourceFile* generated_entitlements = nullptr;
  for (auto& [relative, output] : outputs.mutable_files()) {
    if (output.kind == emit::FileKind::kSource) continue;
    sources.push_back(
        std::make_unique<diag::SourceFile>(relative, output.bytes));
    if (output.kind == emit::FileKind::kEntitlements) {
      bundle.entitlements = generated_entitlements = sources.back().get();
    } else {
      bundle.info_plist = generated_info = sources.back().get();
    }
  }
  validator.Validate(bundle, check);
  if (check.has_errors()) return refused();
  bool same = true;
  if (generated_info != nullptr) {
    auto regenerated = validate::ParsePlist(*generated_info, check);
    if (!regenerated) return refused();
    same = importer::CompareBundles(info_file, info.root(), regenerated->root(),
                                    "Info.plist", diags) == 0;
  }
  if (generated_entitlements != nullptr) {
    if (entitlements == nullptr) {
      diags.Error(rules::kImportLossy, diag::Location::Path(info_file.path()),
                  fmt::format("generate writes {}, but the source folder has "
                              "no .entitlements file",
                              generated_entitlements->path()));
      same = false;
    } else if (auto regenerated =
                   validate::ParsePlist(*generated_entitlements, check)) {
      same = importer::CompareBundles(*entitlements_file, entitlements->root(),
                                      regenerated->root(), "entitlements",
                                      diags) == 0 &&
             same;
    }
  }
  return same;
}

}  // namespace

int RunImport(const ImportRequest& request, base::FileSystem& file_system,
              diag::Diagnostics& diags, std::string& standard_output) {
  auto located = Locate(request.path, file_system, diags);
  if (!located) return kInvalid;
  auto info_file = ReadSource(located->info_path, file_system, diags);
  if (!info_file) return kInvalid;
  auto info = Parse(*info_file, diags);
  if (!info) return kInvalid;
  std::unique_ptr<diag::SourceFile> entitlements_file;
  std::optional<validate::PlistDocument> entitlements;
  if (!located->entitlements_path.empty()) {
    entitlements_file =
        ReadSource(located->entitlements_path, file_system, diags);
    if (!entitlements_file) return kInvalid;
    entitlements = Parse(*entitlements_file, diags);
    if (!entitlements) return kInvalid;
  }

  const catalog::Catalog catalog = catalog::Catalog::Bundled();
  importer::ImportInput input;
  input.info_file = info_file.get();
  input.info = &info->root();
  input.entitlements_file = entitlements_file.get();
  input.entitlements = entitlements ? &entitlements->root() : nullptr;
  input.bundle_name = located->bundle_name;
  input.source_label = WithoutTrailingSlash(request.path);
  size_t errors_before = diags.error_count();
  importer::ImportResult imported = importer::Import(input, catalog, diags);
  if (imported.descriptor.empty()) return kInvalid;
  // What the importer already named as lost need not be proven again.
  bool complete = diags.error_count() == errors_before;
  if (complete) {
    std::string label = request.output_path.empty()
                            ? std::string("<imported descriptor>")
                            : request.output_path;
    complete =
        Verify(label, imported.descriptor, imported.kext, *info_file, *info,
               entitlements_file.get(), entitlements ? &*entitlements : nullptr,
               catalog, request, diags);
  }
  if (request.output_path.empty()) {
    standard_output += imported.descriptor;
  } else {
    std::string error;
    std::string temporary;
    if (!file_system.WriteTemporary(request.output_path, imported.descriptor,
                                    temporary, error) ||
        !file_system.Rename(temporary, request.output_path, error)) {
      if (!temporary.empty()) file_system.Remove(temporary);
      diags.Error(rules::kIoWrite, diag::Location::Path(request.output_path),
                  fmt::format("cannot write: {}", error));
      return kInvalid;
    }
  }
  return complete ? kOk : kInvalid;
}

}  // namespace codeless::driver
