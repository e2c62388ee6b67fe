// Bringing an output directory in line with what generate built, the way
// build systems need it (PRODUCT.md §7): a file whose bytes are unchanged is
// not touched, so it keeps its modification time; a file codeless wrote
// before and no longer produces is removed; nothing else is. What codeless
// wrote is recorded in OUTDIR/.codeless-outputs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "codeless/base/file_system.h"
#include "codeless/diag/diagnostic.h"
#include "codeless/emit/output_set.h"

namespace codeless::driver {

// The name of the record, in the output directory.
inline constexpr std::string_view kManifestName = ".codeless-outputs";

enum class Change {
  kWrite,      // missing or different on disk
  kUnchanged,  // the same bytes are on disk
  kRemove,     // written before, no longer produced, unchanged since
  kKeep,       // written before, no longer produced, but edited since
};

struct PlannedFile {
  std::string path;      // as it will be printed: OUTDIR joined with relative
  std::string relative;  // inside OUTDIR
  Change change = Change::kWrite;
  bool exists = false;  // something is on disk at `path`
  std::string on_disk;  // its bytes, when it is a file (for --check's diff)
  const emit::OutputFile* output = nullptr;  // kWrite, kUnchanged
};

struct OutputPlan {
  std::vector<PlannedFile> files;  // outputs in path order, then the stale
  std::string manifest_path;
  std::string manifest;  // the new record's bytes
  bool manifest_changed = false;
};

// Compares `outputs` with what is in `output_dir` and its record. Reports
// (as warnings) an unreadable record and stale files it will keep. Only
// `for_diff` keeps the bytes on disk of a changed output (DiffPlan needs
// them); otherwise files are compared without being held.
OutputPlan PlanOutputs(const emit::OutputSet& outputs,
                       const std::string& output_dir,
                       const base::FileSystem& file_system,
                       diag::Diagnostics& diags, bool for_diff = false);

// The unified diff of every file the plan would change (PRODUCT.md §7's
// --check): a missing file against /dev/null, a stale one to /dev/null.
std::string DiffPlan(const OutputPlan& plan);

// Carries out the plan: writes every changed file to a temporary name
// beside it and renames them all into place once all are written, removes
// the stale files (and the directories they leave empty), and writes the
// record last. Reports io-write and returns false on failure, when no file
// has been renamed into place if the failure came before that.
bool ApplyPlan(const OutputPlan& plan, const std::string& output_dir,
               base::FileSystem& file_system, diag::Diagnostics& diags);

// A 64-bit FNV-1a digest, as the record holds it: enough to tell whether a
// file was edited since codeless wrote it.
uint64_t Digest(std::string_view bytes);

}  // namespace codeless::driver
