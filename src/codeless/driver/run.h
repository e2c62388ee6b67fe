// The commands of PRODUCT.md §1 as one library call: the CLI parses flags
// into Options, calls Run, and prints what comes back.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "codeless/authoring/init.h"
#include "codeless/base/file_system.h"
#include "codeless/diag/diagnostic.h"
#include "codeless/diag/render.h"
#include "codeless/driver/input_limit.h"

namespace codeless::driver {

enum class Command {
  kGenerate,
  kValidate,
  kSchema,
  kCatalog,
  kInit,
  kExplain,
  kImport,
  kMatch
};
enum class TargetSelection { kAll, kKext, kDext };

struct Options {
  Command command = Command::kGenerate;
  std::string descriptor_path;   // generate
  std::string output_dir = ".";  // generate
  TargetSelection target = TargetSelection::kAll;
  // validate; import: the one PATH; match: the SOURCEs
  std::vector<std::string> paths;
  std::string import_output;  // import -o (empty: standard output)
  std::string device_dump;    // match: --device
  diag::Format format = diag::Format::kText;
  bool warnings_as_errors = false;
  // generate (PRODUCT.md §7): compare instead of writing; absolute
  // diagnostic paths for Xcode; a depfile; a folder for xcfilelists.
  bool check = false;
  bool xcode = false;
  std::string depfile;
  std::string xcfilelist_dir;
  // --disable: rule ids, checked by Run (an unknown one is a usage error).
  std::vector<std::string> disabled_rules;
  // What the process sees, passed in so the library reads no globals: the
  // environment for $(VAR) in descriptor strings, and the working
  // directory for --xcode's absolute paths.
  std::map<std::string, std::string, std::less<>> environment;
  std::string working_directory;
  // --max-input-size: no input file larger than this is read (input_limit.h).
  uint64_t max_input_size = kDefaultMaxInputSize;
  // init (--target is `target`): the starter's kind, IDs and name as the
  // user wrote them; the file to write, or empty for standard output.
  authoring::StarterKind init_kind = authoring::StarterKind::kUsb;
  std::string init_vendor;
  std::string init_product;
  std::string init_name;
  std::string init_output;
  // explain: the rule to explain; empty lists every rule.
  std::string explain_rule;
};

// Exit statuses (PRODUCT.md §1).
inline constexpr int kExitOk = 0;
inline constexpr int kExitInvalid = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInternal = 70;

struct RunResult {
  int exit_code = kExitOk;
  // What the command prints, exactly: its product or, for --format json
  // and sarif, the one document; and the diagnostics as text.
  std::string standard_output;
  std::string standard_error;
  std::vector<diag::Diagnostic> diagnostics;
  // What generate wrote, left as it was, and removed (with --check: what
  // it would), as paths in the output directory.
  std::vector<std::string> written;
  std::vector<std::string> unchanged;
  std::vector<std::string> removed;
  std::string diff;  // --check: the unified diff of what would change
};

// Runs one command. Never prints and never throws: every problem is a
// diagnostic, and an unexpected exception becomes exit status 70. The
// caller prints standard_output and standard_error as they are.
RunResult Run(const Options& options, base::FileSystem& file_system);

// The version (CMake's project version).
std::string_view Version();

// What `--version` prints: "codeless 0.1.0 (catalog 2026.12.1)".
std::string VersionLine();

// What to print on standard error when the command line itself is wrong
// (exit status kExitUsage): one diagnostic of rule `usage`.
std::string UsageError(std::string_view message);

}  // namespace codeless::driver
