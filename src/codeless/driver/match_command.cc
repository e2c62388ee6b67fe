#include "codeless/driver/match_command.h"

#include <fmt/format.h>

#include "codeless/base/paths.h"
#include "codeless/catalog/catalog.h"
#include "codeless/descriptor/reader.h"
#include "codeless/diag/rules.h"
#include "codeless/emit/emitter.h"
#include "codeless/match/dump.h"
#include "codeless/match/matcher.h"
#include "codeless/match/report.h"
#include "codeless/match/sources.h"
#include "codeless/resolve/resolve.h"

namespace codeless::driver {
namespace {

namespace rules = diag::rules;

// A descriptor competes with the Info.plists generate would write for it,
// built in memory as Generate builds them (nothing is written).
bool AddDescriptor(const std::string& path, const Options& options,
                   base::FileSystem& file_system, diag::Diagnostics& diags,
                   match::Sources& sources) {
  std::string error;
  auto text = file_system.ReadFile(path, error);
  if (!text) {
    diags.Error(rules::kIoRead, diag::Location::Path(path),
                fmt::format("cannot read the descriptor: {}", error));
    return false;
  }
  const catalog::Catalog catalog = catalog::Catalog::Bundled();
  diag::SourceFile file(path, std::move(*text));
  auto descriptor = descriptor::Read(file, diags, &options.environment);
  if (!descriptor) return false;
  auto resolved = resolve::Resolve(*descriptor, catalog, diags);
  if (!resolved) return false;
  emit::OutputSet outputs;
  emit::EmitContext context{std::string(base::BaseName(path)), "."};
  for (const auto& emitter : emit::BuiltinEmitters()) {
    if (!emitter->Handles(*resolved)) continue;
    if (!emitter->Emit(*resolved, context, outputs, error)) {
      diags.Error(rules::kInternal, diag::Location::Nowhere(),
                  fmt::format("internal error: {}", error));
      return false;
    }
  }
  bool ok = true;
  for (auto& [relative, output] : outputs.mutable_files()) {
    if (base::BaseName(relative) != "Info.plist") continue;
    ok = sources.AddPlist(fmt::format("{} ({})", path, relative),
                          std::move(output.bytes), diags) &&
         ok;
  }
  return ok;
}

}  // namespace

int RunMatch(const Options& options, base::FileSystem& file_system,
             diag::Diagnostics& diags, std::string& standard_output) {
  match::Sources sources;
  bool ok = true;
  for (const std::string& path : options.paths) {
    if (path.ends_with(".json") && !file_system.IsDirectory(path)) {
      ok = AddDescriptor(path, options, file_system, diags, sources) && ok;
    } else {
      ok = sources.AddPath(path, file_system, diags) && ok;
    }
  }
  std::string error;
  auto text = file_system.ReadFile(options.device_dump, error);
  if (!text) {
    diags.Error(rules::kIoRead, diag::Location::Path(options.device_dump),
                fmt::format("cannot read the device dump: {}", error));
    return kExitInvalid;
  }
  diag::SourceFile dump_file(options.device_dump, std::move(*text));
  auto registry = match::ReadDump(dump_file, diags);
  if (!ok || !registry) return kExitInvalid;
  match::MatchResult result =
      match::MatchAll(*registry, sources.personalities());
  standard_output = options.format == diag::Format::kJson
                        ? match::ToJson(*registry, result)
                        : match::ToText(*registry, result);
  return kExitOk;
}

}  // namespace codeless::driver
