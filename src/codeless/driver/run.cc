#include "codeless/driver/run.h"

#include <fmt/format.h>

#include <exception>
#include <memory>
#include <set>

#include "codeless/authoring/init.h"
#include "codeless/base/paths.h"
#include "codeless/base/spelling.h"
#include "codeless/catalog/catalog.h"
#include "codeless/descriptor/reader.h"
#include "codeless/diag/explanations.h"
#include "codeless/diag/rules.h"
#include "codeless/driver/build_files.h"
#include "codeless/driver/bundle_paths.h"
#include "codeless/driver/import_command.h"
#include "codeless/driver/match_command.h"
#include "codeless/driver/output_sync.h"
#include "codeless/driver/write_file.h"
#include "codeless/emit/emitter.h"
#include "codeless/resolve/resolve.h"
#include "codeless/resources/resources.h"
#include "codeless/validate/validator.h"
#include "codeless/version.h"

namespace codeless::driver {
namespace {

namespace rules = diag::rules;

using base::BaseName;
using base::JoinPath;
using base::ParentPath;

// The message for a rule id codeless does not have, with the closest one.
std::string UnknownRuleMessage(std::string_view id) {
  return fmt::format(
      "unknown rule \"{}\"{}; run 'codeless explain' for the list of rules", id,
      rules::DidYouMean(id));
}

class Runner {
 public:
  Runner(const Options& options, base::FileSystem& file_system,
         RunResult& result)
      : options_(options), file_system_(file_system), result_(result) {}

  int Generate() {
    if (!BuildFilePathsOk()) return kExitUsage;
    const catalog::Catalog catalog = catalog::Catalog::Bundled();
    std::string read_error;
    auto text = LimitedReads(file_system_, options_.max_input_size)
                    .ReadFile(options_.descriptor_path, read_error);
    if (!text) {
      diags_.Error(rules::kIoRead,
                   diag::Location::Path(options_.descriptor_path),
                   fmt::format("cannot read the descriptor: {}", read_error));
      return kExitInvalid;
    }
    diag::SourceFile descriptor_file(options_.descriptor_path,
                                     std::move(*text));
    auto descriptor =
        descriptor::Read(descriptor_file, diags_, &options_.environment);
    // From here on only positions in the descriptor are needed.
    descriptor_file.ReleaseText();
    if (!descriptor) return kExitInvalid;
    auto resolved = resolve::Resolve(*descriptor, catalog, diags_);
    if (!resolved) return kExitInvalid;

    emit::OutputSet outputs;
    emit::EmitContext context{std::string(BaseName(options_.descriptor_path)),
                              ProjectRelative(options_.output_dir)};
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
          "generate found these errors in the files it built from this "
          "descriptor (and wrote nothing); each is shown at the descriptor "
          "key it came from: change what the descriptor asks for there");
    }
    if (diags_.has_errors() || WarningsFail()) {
      return kExitInvalid;
    }
    return Commit(outputs);
  }

  // --werror: warnings fail the run. Says so once, after them, so that an
  // exit status of 1 with only warnings printed is not a puzzle.
  bool WarningsFail() {
    if (!options_.warnings_as_errors || diags_.warning_count() == 0) {
      return false;
    }
    if (!werror_noted_) {
      werror_noted_ = true;
      diags_.Note(
          rules::kUsage, diag::Location::Nowhere(),
          fmt::format("--werror counts the {} warning{} above as "
                      "errors{}",
                      diags_.warning_count(),
                      diags_.warning_count() == 1 ? "" : "s",
                      options_.command == Command::kGenerate && !options_.check
                          ? ", so nothing was written"
                          : ""));
    }
    return true;
  }

  int Validate() {
    const catalog::Catalog catalog = catalog::Catalog::Bundled();
    validate::Validator validator(catalog);
    LimitedReads inputs(file_system_, options_.max_input_size);
    for (const std::string& path : options_.paths) {
      VisitBundles(path, inputs, diags_,
                   [&](const validate::BundleFiles& bundle) {
                     validator.Validate(bundle, diags_);
                   });
    }
    if (diags_.has_errors() || WarningsFail()) {
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
    WriteFileOptions write;
    write.overwrite = false;
    write.exists_message =
        "it already exists, and init never overwrites a file; remove it or "
        "choose another -o";
    if (!WriteFileAtomically(file_system_, path, *text, diags_, write)) {
      return kExitInvalid;
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
      diags_.Error(rules::kUsage, diag::Location::Nowhere(),
                   UnknownRuleMessage(options_.explain_rule));
      return kExitUsage;
    }
    result_.standard_output = diag::ExplainText(*rule);
    return kExitOk;
  }

  diag::Diagnostics& diags() { return diags_; }

  // --disable: every id must be a rule. Returns false (a usage error is
  // reported) when one is not.
  bool DisableRules() {
    for (const std::string& id : options_.disabled_rules) {
      const diag::Rule* rule = rules::Find(id);
      if (rule == nullptr) {
        diags_.Error(rules::kUsage, diag::Location::Nowhere(),
                     UnknownRuleMessage(id));
        return false;
      }
      diags_.Disable(*rule);
    }
    return true;
  }

 private:
  // The output directory as the build settings name it, relative to the
  // project directory, against which Xcode resolves INFOPLIST_FILE and
  // CODE_SIGN_ENTITLEMENTS: under Xcode's SRCROOT (in the environment of a
  // Run Script phase) the path from it, otherwise as given (relative to
  // where codeless runs, which for a CI job is the project's). So a Run
  // Script phase and `generate --check` from the project directory in CI
  // write the same bytes, and a checked-in .xcconfig holds on every Mac.
  std::string ProjectRelative(const std::string& output_dir) const {
    auto srcroot = options_.environment.find("SRCROOT");
    if (srcroot == options_.environment.end() || srcroot->second.empty())
      return output_dir;
    std::string root = srcroot->second;
    while (root.size() > 1 && root.back() == '/') root.pop_back();
    std::string absolute =
        base::AbsolutePath(options_.working_directory, output_dir);
    while (absolute.size() > 1 && absolute.back() == '/') absolute.pop_back();
    if (absolute == root) return ".";
    if (absolute.starts_with(root + "/"))
      return absolute.substr(root.size() + 1);
    return output_dir;
  }

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

  // Brings the output directory in line with `outputs` (output_sync.h),
  // or with --check only compares; then writes the build-system files.
  int Commit(const emit::OutputSet& outputs) {
    // What a killed run left is put right first, so that the plan compares
    // with complete bundles; --check writes nothing.
    if (!options_.check) RecoverLeftovers(options_.output_dir, file_system_);
    OutputScope scope;
    scope.descriptor = std::string(BaseName(options_.descriptor_path));
    if (options_.target == TargetSelection::kKext) scope.targets = {"kext"};
    if (options_.target == TargetSelection::kDext) scope.targets = {"dext"};
    OutputPlan plan =
        PlanOutputs(outputs, options_.output_dir, file_system_, diags_,
                    /*for_diff=*/options_.check, scope);
    if (diags_.has_errors()) return kExitInvalid;
    for (const PlannedFile& file : plan.files) {
      switch (file.change) {
        case Change::kWrite:
          result_.written.push_back(file.path);
          break;
        case Change::kUnchanged:
          result_.unchanged.push_back(file.path);
          break;
        case Change::kRemove:
          result_.removed.push_back(file.path);
          break;
        case Change::kKeep:
          break;
      }
    }
    if (options_.check) return Check(plan);
    if (WarningsFail()) {
      return kExitInvalid;
    }
    if (!ApplyPlan(plan, options_.output_dir, file_system_, diags_)) {
      result_.written.clear();
      result_.removed.clear();
      return kExitInvalid;
    }
    if (options_.format == diag::Format::kText) {
      for (const std::string& path : result_.written)
        result_.standard_output += "wrote " + path + "\n";
      for (const std::string& path : result_.removed)
        result_.standard_output += "removed " + path + "\n";
      if (result_.written.empty() && result_.removed.empty()) {
        result_.standard_output +=
            fmt::format("up to date: {} files in {}\n",
                        result_.unchanged.size(), options_.output_dir);
      }
    }
    return WriteBuildFiles(plan) ? kExitOk : kExitInvalid;
  }

  // --check: every file that generate would write or remove is an error,
  // with the unified diff that shows what would change.
  int Check(const OutputPlan& plan) {
    std::string rerun =
        fmt::format("codeless generate {} -o {}", options_.descriptor_path,
                    options_.output_dir);
    if (options_.target != TargetSelection::kAll) {
      rerun += options_.target == TargetSelection::kKext ? " --target kext"
                                                         : " --target dext";
    }
    for (const PlannedFile& file : plan.files) {
      if (file.change == Change::kUnchanged) continue;
      std::string what =
          file.change == Change::kRemove || file.change == Change::kKeep
              ? fmt::format(
                    "codeless wrote this file before, but {} no "
                    "longer generates it; run '{}' to remove it",
                    options_.descriptor_path, rerun)
          : file.exists ? fmt::format(
                              "out of date: differs from what {} generates "
                              "(the diff shows how); run '{}' to update it",
                              options_.descriptor_path, rerun)
                        : fmt::format(
                              "missing: {} generates this file; run '{}' to "
                              "write it",
                              options_.descriptor_path, rerun);
      diags_.Error(rules::kOutputStale, diag::Location::Path(file.path),
                   std::move(what));
    }
    result_.diff = DiffPlan(plan);
    if (options_.format == diag::Format::kText) {
      result_.standard_output += result_.diff;
    }
    return diags_.has_errors() || WarningsFail() ? kExitInvalid : kExitOk;
  }

  // --depfile and --xcfilelist: what the build system needs to know about
  // The depfile and the xcfilelists name the descriptor and paths under
  // OUTDIR: a path neither can hold is refused before anything is read or
  // written.
  bool BuildFilePathsOk() {
    bool ok = true;
    for (const std::string* path :
         {&options_.descriptor_path, &options_.output_dir}) {
      std::optional<std::string> problem;
      std::string_view option;
      if (!options_.depfile.empty()) {
        problem = DepfilePathProblem(*path);
        option = "--depfile";
      }
      if (!problem && !options_.xcfilelist_dir.empty()) {
        problem = FileListPathProblem(*path);
        option = "--xcfilelist";
      }
      if (!problem) continue;
      diags_.Error(rules::kUsage, diag::Location::Nowhere(),
                   fmt::format("{} cannot name \"{}\": {}; rename it or "
                               "drop {}",
                               option, QuotablePath(*path), *problem, option));
      ok = false;
    }
    return ok;
  }

  // this run's inputs and outputs, each written only when it changes.
  bool WriteBuildFiles(const OutputPlan& plan) {
    std::vector<std::string> outputs;
    for (const PlannedFile& file : plan.files) {
      if (file.output != nullptr) outputs.push_back(file.path);
    }
    if (!options_.depfile.empty() &&
        !WriteIfChanged(options_.depfile,
                        DepfileText(outputs, options_.descriptor_path))) {
      return false;
    }
    if (!options_.xcfilelist_dir.empty()) {
      std::string inputs = FileListText({options_.descriptor_path});
      if (!WriteIfChanged(
              JoinPath(options_.xcfilelist_dir, "codeless-inputs.xcfilelist"),
              inputs) ||
          !WriteIfChanged(
              JoinPath(options_.xcfilelist_dir, "codeless-outputs.xcfilelist"),
              FileListText(outputs))) {
        return false;
      }
    }
    return true;
  }

  bool WriteIfChanged(const std::string& path, const std::string& bytes) {
    // A link is refused even when what it leads to is up to date.
    if (file_system_.Lstat(path) == base::FileType::kFile &&
        file_system_.FileEquals(path, bytes) == true) {
      return true;
    }
    WriteFileOptions write;
    write.make_parents = true;
    return WriteFileAtomically(file_system_, path, bytes, diags_, write);
  }

  const Options& options_;
  base::FileSystem& file_system_;
  RunResult& result_;
  diag::Diagnostics diags_;
  bool werror_noted_ = false;  // see WarningsFail
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
  // What import and match read is all input, so all of it is bounded.
  LimitedReads inputs(file_system, options.max_input_size);
  try {
    if (!runner.DisableRules()) {
      result.exit_code = kExitUsage;
    } else {
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
        case Command::kImport:
          result.exit_code = RunImport(
              {options.paths.empty() ? std::string() : options.paths.front(),
               options.import_output, &options.environment},
              inputs, runner.diags(), result.standard_output);
          break;
        case Command::kMatch:
          result.exit_code =
              RunMatch(options, inputs, runner.diags(), result.standard_output);
          break;
      }
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
  if (options.xcode) {
    for (diag::Diagnostic& d : result.diagnostics) {
      if (!d.path.empty())
        d.path = base::AbsolutePath(options.working_directory, d.path);
    }
  }
  // What goes where: --format json and sarif make one document of the
  // diagnostics of generate and validate; otherwise they are text on
  // standard error, beside the command's own output.
  bool document = options.format != diag::Format::kText &&
                  (options.command == Command::kGenerate ||
                   options.command == Command::kValidate);
  if (document) {
    diag::JsonMembers files;
    if (options.command == Command::kGenerate) {
      files.lists = {{"written", result.written},
                     {"unchanged", result.unchanged},
                     {"removed", result.removed}};
      if (options.check) files.texts = {{"diff", result.diff}};
    }
    result.standard_output =
        options.format == diag::Format::kJson
            ? diag::RenderJson(result.diagnostics, files)
            : diag::RenderSarif(result.diagnostics,
                                {Version(), result.exit_code,
                                 result.exit_code != kExitInternal});
  } else {
    result.standard_error = diag::RenderText(result.diagnostics);
  }
  return result;
}

}  // namespace codeless::driver
