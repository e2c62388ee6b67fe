#include "codeless/driver/run.h"

#include <fmt/format.h>

#include <exception>
#include <memory>
#include <set>

#include "codeless/authoring/init.h"
#include "codeless/base/spelling.h"
#include "codeless/catalog/catalog.h"
#include "codeless/descriptor/reader.h"
#include "codeless/diag/explanations.h"
#include "codeless/diag/rules.h"
#include "codeless/driver/bundle_paths.h"
#include "codeless/emit/emitter.h"
#include "codeless/resolve/resolve.h"
#include "codeless/resources/resources.h"
#include "codeless/validate/validator.h"
#include "codeless/version.h"

namespace codeless::driver {
namespace {

namespace rules = diag::rules;

std::string JoinPath(std::string_view directory, std::string_view relative) {
  if (directory.empty() || directory == ".") return std::string(relative);
  std::string joined(directory);
  while (joined.size() > 1 && joined.back() == '/') joined.pop_back();
  if (joined != "/") joined += '/';
  joined += relative;
  return joined;
}

std::string_view BaseName(std::string_view path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string_view ParentPath(std::string_view path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string_view::npos ? std::string_view()
                                         : path.substr(0, slash);
}

class Runner {
 public:
  Runner(const Options& options, base::FileSystem& file_system,
         RunResult& result)
      : options_(options), file_system_(file_system), result_(result) {}

  int Generate() {
    const catalog::Catalog catalog = catalog::Catalog::Bundled();
    std::string read_error;
    auto text = file_system_.ReadFile(options_.descriptor_path, read_error);
    if (!text) {
      diags_.Error(rules::kIoRead,
                   diag::Location::Path(options_.descriptor_path),
                   fmt::format("cannot read the descriptor: {}", read_error));
      return kExitInvalid;
    }
    diag::SourceFile descriptor_file(options_.descriptor_path,
                                     std::move(*text));
    auto descriptor = descriptor::Read(descriptor_file, diags_);
    // From here on only positions in the descriptor are needed.
    descriptor_file.ReleaseText();
    if (!descriptor) return kExitInvalid;
    auto resolved = resolve::Resolve(*descriptor, catalog, diags_);
    if (!resolved) return kExitInvalid;

    emit::OutputSet outputs;
    emit::EmitContext context{std::string(BaseName(options_.descriptor_path))};
    bool emitted_any = false;
    for (const auto& emitter : emit::BuiltinEmitters()) {
      if (!Selected(emitter->target())) continue;
      if (!emitter->Handles(*resolved)) {
        if (options_.target == TargetSelection::kAll) continue;
        std::string_view section =
            emitter->target() == model::Target::kKext ? "kext" : "dext";
        diags_.Error(rules::kDescTarget, diag::Location::At(descriptor_file, 0),
                     fmt::format("--target {0} asks for a {0}, but the "
                                 "descriptor has no \"{0}\" section; add one "
                                 "or choose another target",
                                 section));
        continue;
      }
      std::string error;
      if (!emitter->Emit(*resolved, context, outputs, error)) {
        diags_.Error(rules::kInternal, diag::Location::Nowhere(),
                     fmt::format("internal error: {}", error));
        return kExitInternal;
      }
      emitted_any = true;
    }
    if (diags_.has_errors()) return kExitInvalid;
    if (!emitted_any) {
      diags_.Error(rules::kDescTarget, diag::Location::At(descriptor_file, 0),
                   "nothing to generate: the descriptor has no section for the "
                   "requested target");
      return kExitInvalid;
    }

    // The outputs hold all that is left to check; of the model only the
    // origins are needed, to report findings at the descriptor.
    model::Origins origins = std::move(descriptor->origins);
    resolved.reset();
    descriptor.reset();
    size_t errors_before_validation = diags_.error_count();
    ValidateOutputs(outputs, catalog, descriptor_file, origins);
    if (diags_.error_count() != errors_before_validation) {
      diags_.Note(
          rules::kDescTarget, diag::Location::Path(options_.descriptor_path),
          "the errors above are in files generate built from this descriptor "
          "and did not write; change what the descriptor asks for");
    }
    if (diags_.has_errors() ||
        (options_.warnings_as_errors && diags_.warning_count() > 0)) {
      return kExitInvalid;
    }
    return Commit(outputs);
  }

  int Validate() {
    const catalog::Catalog catalog = catalog::Catalog::Bundled();
    validate::Validator validator(catalog);
    for (const std::string& path : options_.paths) {
      std::vector<std::unique_ptr<diag::SourceFile>> files;
      auto bundle = LocateBundleFiles(path, file_system_, diags_, files);
      if (!bundle) continue;
      validator.Validate(*bundle, diags_);
    }
    if (diags_.has_errors() ||
        (options_.warnings_as_errors && diags_.warning_count() > 0)) {
      return kExitInvalid;
    }
    return kExitOk;
  }

  int Schema() {
    result_.standard_output =
        std::string(resources::Find("schemas/descriptor.schema.json"));
    return kExitOk;
  }

  int Catalog() {
    const catalog::Catalog catalog = catalog::Catalog::Bundled();
    result_.standard_output = options_.format == diag::Format::kText
                                  ? catalog.ToText()
                                  : catalog.ToJson();
    return kExitOk;
  }

  // Writes a starter descriptor to standard output, or to init_output:
  // never over an existing file, and atomically (a temporary beside it,
  // renamed into place).
  int Init() {
    authoring::StarterOptions starter;
    starter.kind = options_.init_kind;
    starter.targets = options_.target == TargetSelection::kKext
                          ? authoring::StarterTargets::kKext
                      : options_.target == TargetSelection::kDext
                          ? authoring::StarterTargets::kDext
                          : authoring::StarterTargets::kAll;
    starter.vendor = options_.init_vendor;
    starter.product = options_.init_product;
    starter.name = options_.init_name;
    std::string error;
    auto text = authoring::MakeStarter(starter, error);
    if (!text) {
      diags_.Error(rules::kUsage, diag::Location::Nowhere(), error);
      return kExitUsage;
    }
    const std::string& path = options_.init_output;
    if (path.empty()) {
      result_.standard_output = std::move(*text);
      return kExitOk;
    }
    if (file_system_.Exists(path)) {
      return WriteError(path,
                        "it already exists, and init never overwrites a "
                        "file; remove it or choose another -o");
    }
    std::string temporary;
    if (!file_system_.WriteTemporary(path, *text, temporary, error)) {
      return WriteError(path, error);
    }
    if (!file_system_.Rename(temporary, path, error)) {
      file_system_.Remove(temporary);
      return WriteError(path, error);
    }
    result_.written.push_back(path);
    result_.standard_output = "wrote " + path + "\n";
    return kExitOk;
  }

  // Prints what a rule checks, why and how to fix it; without a rule, every
  // rule's id and summary.
  int Explain() {
    if (options_.explain_rule.empty()) {
      result_.standard_output = diag::RuleListText();
      return kExitOk;
    }
    const diag::Rule* rule = rules::Find(options_.explain_rule);
    if (rule == nullptr) {
      std::vector<std::string_view> ids;
      for (const diag::Rule& known : rules::All()) ids.push_back(known.id);
      std::string closest = base::ClosestMatch(options_.explain_rule, ids);
      diags_.Error(
          rules::kUsage, diag::Location::Nowhere(),
          fmt::format("unknown rule \"{}\"{}; run 'codeless explain' for the "
                      "list of rules",
                      options_.explain_rule,
                      closest.empty()
                          ? ""
                          : fmt::format(" (did you mean \"{}\"?)", closest)));
      return kExitUsage;
    }
    result_.standard_output = diag::ExplainText(*rule);
    return kExitOk;
  }

  diag::Diagnostics& diags() { return diags_; }

 private:
  bool Selected(model::Target target) const {
    switch (options_.target) {
      case TargetSelection::kAll:
        return true;
      case TargetSelection::kKext:
        return target == model::Target::kKext;
      case TargetSelection::kDext:
        return target == model::Target::kDext;
    }
    return false;
  }

  // Validates each generated bundle as `validate` would, under the paths it
  // will have on disk, with the rules for generated output. A finding is
  // reported at the descriptor value that produced the bytes it concerns
  // (the files' tag maps lead to the descriptor's origins). The bytes are
  // lent to the validator and given back, not copied.
  void ValidateOutputs(emit::OutputSet& outputs,
                       const catalog::Catalog& catalog,
                       const diag::SourceFile& descriptor_file,
                       const model::Origins& origins) {
    validate::Validator validator(catalog);
    std::map<std::string, validate::BundleFiles> bundles;
    std::vector<std::pair<emit::OutputFile*, std::unique_ptr<diag::SourceFile>>>
        lent;
    for (auto& [relative, file] : outputs.mutable_files()) {
      if (file.kind == emit::FileKind::kSource) continue;
      std::string bundle_root = relative.substr(0, relative.find('/'));
      auto source = std::make_unique<diag::SourceFile>(
          JoinPath(options_.output_dir, relative), std::move(file.bytes));
      validate::BundleFiles& bundle = bundles[bundle_root];
      bundle.generated = true;
      if (file.kind == emit::FileKind::kEntitlements) {
        bundle.entitlements = source.get();
      } else {
        bundle.info_plist = source.get();
      }
      const plist::TagMap& tags = file.tags;
      diags_.Redirect(*source,
                      [&tags, &descriptor_file, &origins](
                          size_t offset) -> std::optional<diag::Location> {
                        auto place = tags.At(offset);
                        if (!place || place->tag == model::kNoOrigin)
                          return std::nullopt;
                        return origins.At(
                            descriptor_file, place->tag,
                            place->key ? diag::Part::kKey : diag::Part::kValue);
                      });
      lent.emplace_back(&file, std::move(source));
    }
    for (const auto& [root, bundle] : bundles) {
      validator.Validate(bundle, diags_);
    }
    for (auto& [file, source] : lent) {
      diags_.EndRedirect(*source);
      file->bytes = source->TakeText();
    }
  }

  // Writes every file or none: first checks that nothing is in the way,
  // then creates the directories, writes each file to a temporary name,
  // and only when all are written renames them into place.
  int Commit(const emit::OutputSet& outputs) {
    std::vector<std::string> paths;
    std::set<std::string> directories;
    for (const auto& [relative, file] : outputs.files()) {
      std::string path = JoinPath(options_.output_dir, relative);
      for (std::string_view parent = ParentPath(path); !parent.empty();
           parent = ParentPath(parent)) {
        directories.insert(std::string(parent));
      }
      if (file_system_.IsDirectory(path)) {
        return WriteError(
            path, "a directory is in the way; move it or choose another -o");
      }
      paths.push_back(std::move(path));
    }
    for (const std::string& directory : directories) {
      if (file_system_.Exists(directory) &&
          !file_system_.IsDirectory(directory)) {
        return WriteError(directory,
                          "a file is in the way of this directory; move it or "
                          "choose another -o");
      }
    }
    std::string error;
    for (const std::string& directory : directories) {
      if (!file_system_.MakeDirectories(directory, error)) {
        diags_.Error(rules::kIoWrite, diag::Location::Path(directory),
                     fmt::format("cannot create this directory: {}", error));
        return kExitInvalid;
      }
    }
    std::vector<std::string> temporaries;
    auto discard = [&] {
      for (const std::string& temporary : temporaries)
        file_system_.Remove(temporary);
    };
    size_t index = 0;
    for (const auto& [relative, file] : outputs.files()) {
      std::string temporary;
      if (!file_system_.WriteTemporary(paths[index], file.bytes, temporary,
                                       error)) {
        discard();
        return WriteError(paths[index], error);
      }
      temporaries.push_back(std::move(temporary));
      ++index;
    }
    for (size_t i = 0; i < paths.size(); ++i) {
      if (!file_system_.Rename(temporaries[i], paths[i], error)) {
        temporaries.erase(temporaries.begin(),
                          temporaries.begin() + static_cast<long>(i));
        discard();
        return WriteError(paths[i], error);
      }
      result_.written.push_back(paths[i]);
      if (options_.format == diag::Format::kText) {
        result_.standard_output += "wrote " + paths[i] + "\n";
      }
    }
    return kExitOk;
  }

  int WriteError(const std::string& path, const std::string& why) {
    diags_.Error(rules::kIoWrite, diag::Location::Path(path),
                 fmt::format("cannot write: {}", why));
    return kExitInvalid;
  }

  const Options& options_;
  base::FileSystem& file_system_;
  RunResult& result_;
  diag::Diagnostics diags_;
};

}  // namespace

std::string_view Version() { return kVersion; }

std::string VersionLine() {
  return fmt::format("codeless {} (catalog {})", kVersion,
                     catalog::Catalog::BundledVersion());
}

std::string UsageError(std::string_view message) {
  diag::Diagnostics diags;
  diags.Error(rules::kUsage, diag::Location::Nowhere(),
              fmt::format("{}; run 'codeless --help' for the commands and "
                          "their options",
                          message));
  return diag::RenderText(diags.all());
}

RunResult Run(const Options& options, base::FileSystem& file_system) {
  RunResult result;
  Runner runner(options, file_system, result);
  try {
    switch (options.command) {
      case Command::kGenerate:
        result.exit_code = runner.Generate();
        break;
      case Command::kValidate:
        result.exit_code = runner.Validate();
        break;
      case Command::kSchema:
        result.exit_code = runner.Schema();
        break;
      case Command::kCatalog:
        result.exit_code = runner.Catalog();
        break;
      case Command::kInit:
        result.exit_code = runner.Init();
        break;
      case Command::kExplain:
        result.exit_code = runner.Explain();
        break;
    }
  } catch (const std::exception& e) {
    runner.diags().Error(
        rules::kInternal, diag::Location::Nowhere(),
        fmt::format(
            "internal error: {}; please report this with the input that "
            "caused it",
            e.what()));
    result.exit_code = kExitInternal;
  }
  result.diagnostics = runner.diags().Take();
  // What goes where: --format json and sarif make one document of the
  // diagnostics of generate and validate; otherwise they are text on
  // standard error, beside the command's own output.
  bool document = options.format != diag::Format::kText &&
                  (options.command == Command::kGenerate ||
                   options.command == Command::kValidate);
  if (document) {
    result.standard_output =
        options.format == diag::Format::kJson
            ? diag::RenderJson(result.diagnostics)
            : diag::RenderSarif(result.diagnostics, Version());
  } else {
    result.standard_error = diag::RenderText(result.diagnostics);
  }
  return result;
}

}  // namespace codeless::driver
