#include "codeless/driver/import_command.h"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "codeless/base/paths.h"
#include "codeless/catalog/catalog.h"
#include "codeless/descriptor/reader.h"
#include "codeless/diag/rules.h"
#include "codeless/driver/write_file.h"
#include "codeless/emit/emitter.h"
#include "codeless/import/importer.h"
#include "codeless/resolve/resolve.h"
#include "codeless/validate/input_kind.h"
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
  // A registry dump, a system profile or a descriptor is named as such
  // (validate's input-kind finding), not read as a broken plist.
  if (validate::ReportOtherInputByText(
          file, diags,
          "give import a codeless kext (.kext), its Info.plist (XML) or a "
          "dext source folder")) {
    return std::nullopt;
  }
  diag::Diagnostics scratch;
  auto document = validate::ParsePlist(file, scratch);
  if (!document) {
    // The reader's first error, where it is and under its own rule.
    for (const diag::Diagnostic& d : scratch.all()) {
      if (d.severity != diag::Severity::kError) continue;
      diags.Adopt(d);
      diags.Note(rules::kImportInput, diag::Location::Whole(file),
                 "import reads a codeless kext's Info.plist, a .kext or a "
                 "dext source folder; fix the plist or give one of those");
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

// A node of a parsed plist with the path of keys and indices to it.
struct PlacedNode {
  size_t offset;  // of the element, or of its <key> in a dict
  std::vector<std::string> path;
};

// Every node of `node`'s tree in document order, with its path.
void Place(const validate::Node& node, std::vector<std::string>& path,
           std::vector<PlacedNode>& out, int depth = 0) {
  if (depth > 64) return;  // the regenerated plist is shallow; bound anyway
  if (node.is_dict()) {
    auto keys = node.keys();
    auto values = node.children();
    for (size_t i = 0; i < keys.size(); ++i) {
      path.emplace_back(keys[i].name());
      out.push_back({keys[i].offset, path});
      Place(values[i], path, out, depth + 1);
      path.pop_back();
    }
  } else if (node.is_array()) {
    auto values = node.children();
    for (size_t i = 0; i < values.size(); ++i) {
      path.push_back(fmt::format("[{}]", i));
      out.push_back({values[i].offset, path});
      Place(values[i], path, out, depth + 1);
      path.pop_back();
    }
  }
}

// The offset in `root` of the node at `path` (a dict member's <key>), or
// of the deepest node on the way that `root` has.
size_t Follow(const validate::Node& root, std::span<const std::string> path,
              size_t& followed) {
  const validate::Node* node = &root;
  size_t offset = root.offset;
  followed = 0;
  for (const std::string& segment : path) {
    const validate::Node* next = nullptr;
    size_t next_offset = 0;
    if (node->is_dict()) {
      auto keys = node->keys();
      for (size_t i = 0; i < keys.size(); ++i) {
        if (keys[i].name() == segment) {
          next = &node->children()[i];
          next_offset = keys[i].offset;
          break;
        }
      }
    } else if (node->is_array() && segment.starts_with("[")) {
      size_t index = std::stoul(segment.substr(1));
      if (index < node->children().size()) {
        next = &node->children()[index];
        next_offset = next->offset;
      }
    }
    if (next == nullptr) break;
    node = next;
    offset = next_offset;
    ++followed;
  }
  return offset;
}

std::string JoinKeys(std::span<const std::string> path) {
  std::string out;
  for (const std::string& segment : path) {
    if (!out.empty() && !segment.starts_with("[")) out += '.';
    out += segment;
  }
  return out;
}

// The name of the personality of the imported descriptor that `offset`
// is in, or "" before the personalities. Import writes each personality
// with "name" first, on a line of its own indented six spaces.
std::string PersonalityAt(std::string_view descriptor, size_t offset) {
  size_t list = descriptor.find("\n  \"personalities\": [");
  if (list == std::string_view::npos || offset < list) return {};
  constexpr std::string_view kName = "\n      \"name\": ";
  size_t at = descriptor.rfind(kName, offset);
  if (at == std::string_view::npos || at < list) return {};
  size_t start = at + kName.size();
  size_t end = descriptor.find('\n', start);
  std::string_view literal = descriptor.substr(start, end - start);
  if (literal.ends_with(",")) literal.remove_suffix(1);
  auto name = nlohmann::json::parse(literal, nullptr, false);
  return name.is_string() ? name.get<std::string>() : std::string();
}

// The warnings and notes that `generate` would print for the imported
// descriptor (in `check`), shown with the original rule: a finding in the
// generated Info.plist at the same key of the original Info.plist when it
// has that key (else at the deepest key it has, naming the generated key),
// a finding in the descriptor at the original's personality it is in (at
// the root when it is in none), quoting the descriptor's line and column.
// Errors are not shown here: they make the import lossy (refused() reports
// them).
void ShowGenerateWarnings(const diag::Diagnostics& check,
                          const diag::SourceFile& descriptor,
                          const diag::SourceFile& info_file,
                          const validate::PlistDocument& info,
                          const diag::SourceFile* generated_info,
                          const validate::PlistDocument* regenerated,
                          diag::Diagnostics& diags) {
  std::vector<PlacedNode> placed;
  if (regenerated != nullptr) {
    std::vector<std::string> path;
    Place(regenerated->root(), path, placed);
  }
  for (const diag::Diagnostic& d : check.all()) {
    if (d.severity == diag::Severity::kError) continue;
    const diag::Rule* rule = rules::Find(d.rule);
    if (rule == nullptr) continue;
    diag::Location where = diag::Location::At(info_file, info.root().offset);
    std::string message;
    if (d.path == descriptor.path()) {
      std::string personality =
          PersonalityAt(descriptor.text(), descriptor.Offset(d.line, d.column));
      size_t followed = 0;
      std::string path[] = {"IOKitPersonalities", personality};
      size_t offset = Follow(info.root(), path, followed);
      if (!personality.empty() && followed == 2) {
        where = diag::Location::At(info_file, offset);
      }
      message =
          fmt::format("generate {} on the imported descriptor at {}:{}:{}: {}",
                      d.severity == diag::Severity::kNote ? "notes" : "warns",
                      d.path, d.line, d.column, d.message);
    } else if (generated_info != nullptr && d.path == generated_info->path() &&
               !placed.empty()) {
      size_t offset = generated_info->Offset(d.line, d.column);
      const PlacedNode* at = nullptr;
      for (const PlacedNode& node : placed) {
        if (node.offset > offset) break;
        at = &node;
      }
      if (at == nullptr) {
        message = fmt::format(
            "generate {} on the Info.plist it builds: {}",
            d.severity == diag::Severity::kNote ? "notes" : "warns", d.message);
      } else {
        size_t followed = 0;
        where = diag::Location::At(info_file,
                                   Follow(info.root(), at->path, followed));
        message = fmt::format(
            "generate {} on {}{}: {}",
            d.severity == diag::Severity::kNote ? "notes" : "warns",
            followed == at->path.size() ? "this key" : "the generated key ",
            followed == at->path.size() ? "" : JoinKeys(at->path), d.message);
      }
    } else {
      message =
          fmt::format("generate {} on the bundle it builds ({}:{}:{}): {}",
                      d.severity == diag::Severity::kNote ? "notes" : "warns",
                      d.path, d.line, d.column, d.message);
    }
    diags.Report(d.severity, *rule, where, std::move(message));
  }
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
  const diag::SourceFile* generated_info = nullptr;
  std::optional<validate::PlistDocument> regenerated;
  auto show_warnings = [&]() {
    ShowGenerateWarnings(check, file, info_file, info, generated_info,
                         regenerated ? &*regenerated : nullptr, diags);
  };
  // A finding in the descriptor is shown at its place there; one in the
  // files generate builds from it (which are never written) by its text.
  auto refused = [&]() {
    show_warnings();
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
  if (generated_info != nullptr) {
    // The validator has reported what the reader finds; read it again
    // only for the tree.
    diag::Diagnostics reread;
    regenerated = validate::ParsePlist(*generated_info, reread);
  }
  if (check.has_errors()) return refused();
  bool same = true;
  if (generated_info != nullptr) {
    if (!regenerated) return refused();
    show_warnings();
    same = importer::CompareBundles(info_file, info.root(), regenerated->root(),
                                    "Info.plist", diags) == 0;
  } else {
    show_warnings();
  }
  if (generated_entitlements != nullptr) {
    if (entitlements == nullptr) {
      diags.Error(rules::kImportLossy, diag::Location::Path(info_file.path()),
                  fmt::format("generate writes {}, but the source folder has "
                              "no .entitlements file",
                              generated_entitlements->path()));
      same = false;
    } else if (auto regenerated_entitlements =
                   validate::ParsePlist(*generated_entitlements, check)) {
      same = importer::CompareBundles(*entitlements_file, entitlements->root(),
                                      regenerated_entitlements->root(),
                                      "entitlements", diags) == 0 &&
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
    // Standard output is the report: a person sees what did carry over.
    standard_output += imported.descriptor;
  } else if (complete) {
    // A file that would not regenerate the kext is not written (exit 1,
    // nothing written, as for every refused input).
    if (!WriteFileAtomically(file_system, request.output_path,
                             imported.descriptor, diags)) {
      return kInvalid;
    }
  }
  return complete ? kOk : kInvalid;
}

}  // namespace codeless::driver
