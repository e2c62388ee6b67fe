// Bringing an output directory in line with what generate built, the way
// build systems need it (PRODUCT.md §7): a file whose bytes are unchanged is
// not touched, so it keeps its modification time; a file codeless wrote
// before and no longer produces is removed; nothing else is. What codeless
// wrote is recorded in OUTDIR/.codeless-outputs.
//
// Each top-level folder of the output (a bundle: NAME.kext, a dext's
// sources) that changes is replaced as a whole: its new contents are built
// in OUTDIR/.codeless-new-NAME (unchanged and foreign files hard-linked in,
// so they keep their modification times) and swapped in by one exchange of
// the two names, or where the system cannot exchange by two renames
// through OUTDIR/.codeless-old-NAME. A process killed at any moment leaves
// each bundle complete, old or new; RecoverLeftovers, at the start of the
// next run, finishes or undoes what it left. Symbolic links at or under an
// output path are refused (io-symlink), never followed; OUTDIR itself may
// be one.
#pragma once

#include <cstdint>
#include <optional>
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
  // The record written before any bundle changes: the new entries and the
  // old ones, so that a run killed half way leaves every file it may have
  // written recorded (a path may have two digests).
  std::string pending_manifest;
  std::optional<std::string> manifest_on_disk;  // the record as it was
};

// Names in OUTDIR that belong to a run in progress: never outputs, removed
// (or, for a bundle set aside, put back) by RecoverLeftovers.
inline constexpr std::string_view kStagingPrefix = ".codeless-new-";
inline constexpr std::string_view kSetAsidePrefix = ".codeless-old-";
inline constexpr std::string_view kDiscardPrefix = ".codeless-gone-";

// What a killed run left in `output_dir`: a bundle set aside with nothing
// in its place is put back (the complete old one); staging folders, set
// aside bundles whose replacement is in place, and temporaries are
// removed. Never follows a link. Generate calls it before PlanOutputs.
void RecoverLeftovers(const std::string& output_dir,
                      base::FileSystem& file_system);

// Compares `outputs` with what is in `output_dir` and its record. Reports
// (as warnings) an unreadable record and stale files it will keep, and (as
// io-symlink errors) a symbolic link at an output's path, at a folder on
// the way to it, or at the record. Only
// `for_diff` keeps the bytes on disk of a changed output (DiffPlan needs
// them); otherwise files are compared without being held.
// Whose outputs a run brings in line: the descriptor's file name and the
// targets it was asked for. Of the files the record lists, a run removes
// only its own (PRODUCT.md §7: those "the current descriptor no longer
// produces"), so descriptors, or one descriptor's targets in runs of their
// own, may share an output directory. The default scope is one that every
// recorded file of both targets belongs to.
struct OutputScope {
  std::string descriptor;
  std::vector<std::string> targets = {"kext", "dext"};
};

OutputPlan PlanOutputs(const emit::OutputSet& outputs,
                       const std::string& output_dir,
                       const base::FileSystem& file_system,
                       diag::Diagnostics& diags, bool for_diff = false,
                       const OutputScope& scope = {});

// The unified diff of every file the plan would change (PRODUCT.md §7's
// --check): a missing file against /dev/null, a stale one to /dev/null.
std::string DiffPlan(const OutputPlan& plan);

// Carries out the plan: checks that nothing (a link, a file where a folder
// goes, a folder where a file goes) is in the way, then replaces each
// bundle that changes as a whole (above), with its stale files left out
// and the folders they leave empty; a file directly in OUTDIR is replaced
// on its own. Every bundle is built before any is swapped in, and the
// record is written after that (pending_manifest) and at the end. Reports
// io-write or io-symlink and returns false on failure: when a check or a
// write fails nothing is changed, and a failure to swap leaves each bundle
// complete, old or new.
bool ApplyPlan(const OutputPlan& plan, const std::string& output_dir,
               base::FileSystem& file_system, diag::Diagnostics& diags);

// A 64-bit FNV-1a digest, as the record holds it: enough to tell whether a
// file was edited since codeless wrote it.
uint64_t Digest(std::string_view bytes);

}  // namespace codeless::driver
