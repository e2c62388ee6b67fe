// The codeless command: flags to driver::Options, one call to driver::Run,
// then printing what it returns. All the work is in the library.
#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "codeless/base/file_system.h"
#include "codeless/base/spelling.h"
#include "codeless/driver/run.h"

namespace {

using codeless::authoring::StarterKind;
using codeless::diag::Format;
using codeless::driver::Command;
using codeless::driver::Options;
using codeless::driver::TargetSelection;

const std::map<std::string, Format> kFormats = {{"text", Format::kText},
                                                {"json", Format::kJson},
                                                {"sarif", Format::kSarif}};
const std::map<std::string, TargetSelection> kTargets = {
    {"all", TargetSelection::kAll},
    {"kext", TargetSelection::kKext},
    {"dext", TargetSelection::kDext}};
const std::map<std::string, StarterKind> kStarterKinds = {
    {"usb", StarterKind::kUsb},
    {"pci", StarterKind::kPci},
    {"hid", StarterKind::kHid},
    {"port-map", StarterKind::kPortMap},
    {"null", StarterKind::kNull}};

// CLI11's words for a mistyped command ("A subcommand is required") or
// option ("The following arguments were not expected") name neither the
// word nor the fix; these two mistakes get the closest known name.
std::optional<std::string> Misspelt(const CLI::App& app, int argc,
                                    char** argv) {
  if (argc < 2) return std::nullopt;
  std::string_view first = argv[1];
  std::vector<std::string> commands;
  const CLI::App* command = nullptr;  // the one `first` names
  for (const CLI::App* sub : app.get_subcommands({})) {
    commands.push_back(sub->get_name());
    if (sub->get_name() == first) command = sub;
  }
  auto did_you_mean = [](const std::string& closest) {
    return closest.empty() ? std::string()
                           : fmt::format(" (did you mean \"{}\"?)", closest);
  };
  if (!first.starts_with("-") && command == nullptr) {
    std::vector<std::string_view> names(commands.begin(), commands.end());
    // The one command the word begins ("gen"), else the closest.
    std::string closest;
    size_t prefixed = 0;
    for (std::string_view name : names) {
      if (name.starts_with(first)) {
        closest = std::string(name);
        ++prefixed;
      }
    }
    if (prefixed != 1) closest = codeless::base::ClosestMatch(first, names);
    return fmt::format("unknown command \"{}\"{}", first,
                       did_you_mean(closest));
  }
  if (command == nullptr) return std::nullopt;
  std::vector<std::string> known = {"--help"};
  for (const CLI::App* owner : {command, &app}) {
    for (const CLI::Option* option : owner->get_options()) {
      for (const std::string& name : option->get_lnames()) {
        known.push_back("--" + name);
      }
    }
  }
  for (int i = 2; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--") break;
    if (!arg.starts_with("--")) continue;
    std::string_view name = arg.substr(0, arg.find('='));
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    std::vector<std::string_view> names(known.begin(), known.end());
    return fmt::format("unknown option \"{}\" for {}{}", name, first,
                       did_you_mean(codeless::base::ClosestMatch(name, names)));
  }
  return std::nullopt;
}

// An option that takes one of a few words: CLI11 refuses any other word
// with a message that lists them; the map gives the word's meaning.
template <typename T>
void AddChoice(CLI::App* command, const std::string& name, std::string& word,
               const std::map<std::string, T>& choices,
               const std::string& help) {
  std::vector<std::string> words;
  for (const auto& [choice, value] : choices) words.push_back(choice);
  command->add_option(name, word, help)->check(CLI::IsMember(words));
}

int Main(int argc, char** argv) {
  CLI::App app{
      "codeless: generate and validate Apple codeless drivers (kexts and "
      "DriverKit extensions)\n"
      "Exit status: 0 success, 1 invalid input or validation errors, 2 usage "
      "error, 70 internal error.",
      "codeless"};
  app.set_version_flag("--version", codeless::driver::VersionLine());
  app.require_subcommand(1);
  Options options;

  CLI::App* generate = app.add_subcommand(
      "generate", "Generate a codeless kext and/or dext from a descriptor");
  generate
      ->add_option("descriptor", options.descriptor_path,
                   "Descriptor JSON file")
      ->required();
  generate->add_option("-o,--output", options.output_dir,
                       "Output directory (default: .)");
  std::string target = "all";
  std::string format = "text";
  AddChoice(generate, "--target", target, kTargets,
            "kext, dext or all (default: all)");
  AddChoice(generate, "--format", format, kFormats,
            "Diagnostics format: text, json or sarif");
  generate->add_flag("--werror", options.warnings_as_errors,
                     "Treat warnings as errors");
  generate->add_flag("--check", options.check,
                     "Write nothing; exit 1 with a unified diff when a file "
                     "in OUTDIR is not what the descriptor generates");
  generate->add_flag("--xcode", options.xcode,
                     "Print diagnostic paths absolute, for Xcode's issue "
                     "navigator");
  generate->add_option("--depfile", options.depfile,
                       "Write a Makefile-style dependency file");
  generate->add_option("--xcfilelist", options.xcfilelist_dir,
                       "Write codeless-inputs.xcfilelist and "
                       "codeless-outputs.xcfilelist into this directory");
  generate
      ->add_option("--disable", options.disabled_rules,
                   "Turn a rule off (repeatable); errors that make the "
                   "output unloadable stay")
      ->expected(1)
      ->take_all();

  CLI::App* validate =
      app.add_subcommand("validate",
                         "Validate Info.plists, .kext bundles, dext source "
                         "folders and .entitlements files");
  validate->add_option("paths", options.paths, "Files or bundles to validate")
      ->required();
  AddChoice(validate, "--format", format, kFormats,
            "Diagnostics format: text, json or sarif");
  validate->add_flag("--werror", options.warnings_as_errors,
                     "Treat warnings as errors");
  validate
      ->add_option("--disable", options.disabled_rules,
                   "Turn a rule off (repeatable); errors that make the "
                   "output unloadable stay")
      ->expected(1)
      ->take_all();

  CLI::App* import_command = app.add_subcommand(
      "import", "Write a descriptor that regenerates a codeless kext or dext");
  import_command
      ->add_option("path", options.paths,
                   "Info.plist, .kext bundle or dext source folder")
      ->required()
      ->expected(1);
  import_command->add_option("-o,--output", options.import_output,
                             "Descriptor file (default: standard output)");

  CLI::App* schema =
      app.add_subcommand("schema", "Print the descriptor JSON Schema");
  CLI::App* catalog = app.add_subcommand(
      "catalog", "List the Apple driver classes codeless knows");
  AddChoice(catalog, "--format", format,
            std::map<std::string, Format>{{"text", Format::kText},
                                          {"json", Format::kJson}},
            "text or json");
  CLI::App* match = app.add_subcommand(
      "match", "Which personality wins each device of a registry dump");
  match
      ->add_option("sources", options.paths,
                   "Descriptors, Info.plists, kexts, dext folders, prelinked "
                   "dictionaries")
      ->required();
  match
      ->add_option("--device", options.device_dump,
                   "the saved registry: ioreg -l text, ioreg -a -l XML, or "
                   "system_profiler SPUSBDataType XML or JSON")
      ->required();
  AddChoice(match, "--format", format,
            std::map<std::string, Format>{{"text", Format::kText},
                                          {"json", Format::kJson}},
            "text or json");

  // --max-input-size on every command that reads input files.
  std::string max_input_size;
  for (CLI::App* command : {generate, validate, import_command, match}) {
    command
        ->add_option("--max-input-size", max_input_size,
                     "Refuse input files larger than SIZE (K, M, G suffixes; "
                     "default: 64M)")
        ->check([](const std::string& text) {
          return codeless::driver::ParseSize(text)
                     ? std::string()
                     : "SIZE is a number of bytes with an optional K, M or "
                       "G suffix, e.g. 256M, not \"" +
                           text + "\"";
        });
  }

  CLI::App* init = app.add_subcommand(
      "init", "Write a commented starter descriptor to edit");
  std::string kind = "usb";
  AddChoice(init, "--kind", kind, kStarterKinds,
            "usb, pci, hid, port-map or null (default: usb)");
  init->add_option("--vendor", options.init_vendor,
                   "Vendor ID, 0x hex (default: a placeholder)");
  init->add_option("--product", options.init_product,
                   "Product (PCI: device) ID, 0x hex (default: a placeholder)");
  init->add_option("--name", options.init_name,
                   "Bundle name: a letter, then letters and digits");
  AddChoice(init, "--target", target, kTargets,
            "kext, dext or all (default: all the kind has)");
  init->add_option("-o,--output", options.init_output,
                   "File to write; never overwritten (default: standard "
                   "output)");

  CLI::App* explain = app.add_subcommand(
      "explain", "Explain a rule: what it checks, why, and how to fix it");
  explain->add_option("rule", options.explain_rule,
                      "Rule ID, e.g. desc-match-all (none: list every rule)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version end here too, successfully.
    if (e.get_exit_code() == 0) return app.exit(e);
    std::optional<std::string> misspelt = Misspelt(app, argc, argv);
    std::cerr << codeless::driver::UsageError(misspelt ? *misspelt : e.what());
    return codeless::driver::kExitUsage;
  }
  if (!max_input_size.empty()) {
    options.max_input_size = *codeless::driver::ParseSize(max_input_size);
  }
  options.target = kTargets.at(target);
  options.format = kFormats.at(format);
  if (generate->parsed()) options.command = Command::kGenerate;
  if (validate->parsed()) options.command = Command::kValidate;
  if (schema->parsed()) options.command = Command::kSchema;
  if (catalog->parsed()) options.command = Command::kCatalog;
  if (init->parsed()) options.command = Command::kInit;
  options.init_kind = kStarterKinds.at(kind);
  if (explain->parsed()) options.command = Command::kExplain;
  if (import_command->parsed()) options.command = Command::kImport;
  if (match->parsed()) options.command = Command::kMatch;

  // What the library may not read for itself: the environment, for
  // $(VAR) in descriptors, and the working directory, for --xcode.
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    std::string_view text(*entry);
    size_t equals = text.find('=');
    if (equals == std::string_view::npos) continue;
    options.environment.emplace(text.substr(0, equals),
                                text.substr(equals + 1));
  }
  std::error_code ec;
  options.working_directory = std::filesystem::current_path(ec).string();

  codeless::base::RealFileSystem file_system;
  codeless::driver::RunResult result =
      codeless::driver::Run(options, file_system);
  std::cout << result.standard_output;
  std::cout.flush();
  std::cerr << result.standard_error;
  return result.exit_code;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Main(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "codeless: internal error: %s [internal]\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "codeless: internal error [internal]\n");
  }
  return codeless::driver::kExitInternal;
}
