#include "codeless/driver/output_sync.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "codeless/base/paths.h"
#include "codeless/base/unified_diff.h"
#include "codeless/diag/rules.h"
#include "codeless/driver/write_file.h"

namespace codeless::driver {
namespace {

namespace rules = diag::rules;

constexpr std::string_view kManifestHeader =
    "# codeless: the files it generated in this directory, so that a later\n"
    "# run removes only its own outputs. Each \"descriptor\" line names the\n"
    "# descriptor whose files follow, each file line: FNV-1a digest, target,\n"
    "# path. Do not edit.\n"
    "codeless-outputs 2\n";

// A path the record may name: relative, inside the directory, no "." or
// ".." component. Anything else was not written by codeless.
bool IsSafeRelative(std::string_view path) {
  if (path.empty() || path.starts_with('/')) return false;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view part = path.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    start = end + 1;
  }
  return path != kManifestName;
}

// Relative path → the digests it was written with.
using Entries = std::map<std::string, std::set<uint64_t>>;
// Whose files: the descriptor's file name and the target ("kext", "dext").
// A record of version 1 named no descriptor (""): its files belong to
// every run.
using Scope = std::pair<std::string, std::string>;
using Record = std::map<Scope, Entries>;

// The target a recorded path belongs to: a kext's bundle is NAME.kext/,
// everything else a dext's sources.
std::string TargetOfPath(std::string_view relative) {
  std::string_view top = relative.substr(0, relative.find('/'));
  return top.ends_with(".kext") ? "kext" : "dext";
}

// The record's entries, by scope. Nullopt with `why` when the record is
// there but is not one codeless wrote.
std::optional<Record> ParseManifest(std::string_view text, std::string& why) {
  Record record;
  int version = 0;
  std::string descriptor;
  size_t start = 0;
  unsigned line_number = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (line.empty() || line.starts_with('#')) continue;
    if (version == 0) {
      if (line == "codeless-outputs 1" || line == "codeless-outputs 2") {
        version = line.back() - '0';
        continue;
      }
      why = fmt::format("line {} is not \"codeless-outputs 2\"", line_number);
      return std::nullopt;
    }
    if (version == 2 && line.starts_with("descriptor ")) {
      descriptor = std::string(line.substr(11));
      continue;
    }
    size_t space = line.find(' ');
    uint64_t digest = 0;
    bool hex = space == 16;
    for (size_t i = 0; hex && i < 16; ++i) {
      char c = line[i];
      int value = c >= '0' && c <= '9'   ? c - '0'
                  : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                         : -1;
      if (value < 0) hex = false;
      digest = digest * 16 + static_cast<uint64_t>(value);
    }
    std::string_view rest = hex ? line.substr(17) : std::string_view();
    std::string target;
    if (version == 2) {
      for (std::string_view word : {"kext ", "dext "}) {
        if (rest.starts_with(word)) target = std::string(word.substr(0, 4));
      }
      rest = target.empty() ? std::string_view() : rest.substr(5);
    } else {
      target = TargetOfPath(rest);
    }
    if (!hex || !IsSafeRelative(rest)) {
      why = fmt::format("line {} is not a digest{} and a relative path",
                        line_number, version == 2 ? ", a target" : "");
      return std::nullopt;
    }
    record[{descriptor, target}][std::string(rest)].insert(digest);
  }
  if (version == 0 && !text.empty()) {
    why = "it has no \"codeless-outputs 2\" line";
    return std::nullopt;
  }
  return record;
}

std::string_view TargetOf(const emit::OutputFile& file) {
  return file.kind == emit::FileKind::kKextInfoPlist ? "kext" : "dext";
}

std::string ManifestText(const Record& record) {
  std::string text(kManifestHeader);
  std::string_view descriptor;
  bool first = true;
  for (const auto& [scope, entries] : record) {
    if (entries.empty()) continue;
    if (first || scope.first != descriptor) {
      text += fmt::format("descriptor {}\n", scope.first);
      descriptor = scope.first;
      first = false;
    }
    for (const auto& [relative, digests] : entries) {
      for (uint64_t digest : digests) {
        text += fmt::format("{:016x} {} {}\n", digest, scope.second, relative);
      }
    }
  }
  return text;
}

}  // namespace

uint64_t Digest(std::string_view bytes) {
  uint64_t hash = 0xcbf29ce484222325ull;
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 0x100000001b3ull;
  }
  return hash;
}

OutputPlan PlanOutputs(const emit::OutputSet& outputs,
                       const std::string& output_dir,
                       const base::FileSystem& file_system,
                       diag::Diagnostics& diags, bool for_diff,
                       const OutputScope& scope) {
  OutputPlan plan;
  plan.manifest_path = base::JoinPath(output_dir, kManifestName);
  // A name that fits on its line of the record.
  std::string descriptor = scope.descriptor;
  std::replace(descriptor.begin(), descriptor.end(), '\n', '?');
  Record produced;
  for (const auto& [relative, file] : outputs.files()) {
    produced[{descriptor, std::string(TargetOf(file))}][relative].insert(
        Digest(file.bytes));
  }
  // Links where outputs go: each folder on the way and each file, once.
  std::set<std::string> checked;
  auto linked = [&](const std::string& path) {
    if (!checked.insert(path).second) return false;
    if (file_system.Lstat(path) != base::FileType::kSymlink) return false;
    ReportSymlink(path, diags);
    return true;
  };
  std::string error;
  Record recorded;
  std::optional<std::string> on_disk;
  if (!linked(plan.manifest_path)) {
    on_disk = file_system.ReadFile(plan.manifest_path, error);
  }
  if (on_disk) {
    std::string why;
    if (auto old_record = ParseManifest(*on_disk, why)) {
      recorded = std::move(*old_record);
    } else {
      diags.Warning(rules::kOutputRecord,
                    diag::Location::Path(plan.manifest_path),
                    fmt::format("this is not a record codeless wrote ({}), so "
                                "no file it lists is removed; delete it and "
                                "remove stale outputs by hand",
                                why));
    }
  }
  // This run's files are its outputs and, of what the record says it
  // wrote before, the ones it no longer produces (stale); the files of
  // other descriptors and of targets it was not asked for stay recorded
  // as they are. A record of version 1 named no owner: all its files are
  // this run's.
  auto ours = [&](const Scope& owner) {
    if (owner.first.empty()) return true;
    return owner.first == descriptor &&
           std::find(scope.targets.begin(), scope.targets.end(),
                     owner.second) != scope.targets.end();
  };
  Entries stale_candidates;
  Record kept;  // others' entries, which the new record carries over
  for (const auto& [owner, entries] : recorded) {
    for (const auto& [relative, digests] : entries) {
      if (outputs.files().count(relative) != 0) continue;  // ours now
      if (ours(owner)) {
        stale_candidates[relative].insert(digests.begin(), digests.end());
      } else {
        kept[owner][relative].insert(digests.begin(), digests.end());
      }
    }
  }
  Record final_record = kept;
  for (const auto& [owner, entries] : produced) {
    for (const auto& [relative, digests] : entries) {
      final_record[owner][relative].insert(digests.begin(), digests.end());
    }
  }
  plan.manifest = ManifestText(final_record);
  plan.manifest_changed = !on_disk || *on_disk != plan.manifest;
  // The record written before anything changes also keeps every file this
  // run may remove or overwrite, so a run killed half way leaves each
  // recorded (a path may have two digests).
  Record pending = final_record;
  for (const auto& [owner, entries] : recorded) {
    for (const auto& [relative, digests] : entries) {
      Scope as = owner.first.empty() ? Scope{descriptor, owner.second} : owner;
      pending[as][relative].insert(digests.begin(), digests.end());
    }
  }
  plan.pending_manifest = ManifestText(pending);
  plan.manifest_on_disk = std::move(on_disk);

  for (const auto& [relative, file] : outputs.files()) {
    PlannedFile planned;
    planned.path = base::JoinPath(output_dir, relative);
    planned.relative = relative;
    planned.output = &file;
    if (!IsSafeRelative(relative)) {
      diags.Error(rules::kIoWrite, diag::Location::Path(planned.path),
                  "cannot write: this path leaves the output folder");
      continue;
    }
    bool refused = false;
    for (size_t slash = relative.find('/'); !refused;
         slash = relative.find('/', slash + 1)) {
      refused = linked(base::JoinPath(output_dir, relative.substr(0, slash)));
      if (slash == std::string::npos) break;
    }
    planned.exists = file_system.Exists(planned.path);
    bool same = !refused && planned.exists &&
                file_system.FileEquals(planned.path, file.bytes) == true;
    planned.change = same ? Change::kUnchanged : Change::kWrite;
    if (!same && !refused && planned.exists && for_diff) {
      if (auto bytes = file_system.ReadFile(planned.path, error)) {
        planned.on_disk = std::move(*bytes);
      }
    }
    plan.files.push_back(std::move(planned));
  }
  for (const auto& [relative, digests] : stale_candidates) {
    PlannedFile stale;
    stale.path = base::JoinPath(output_dir, relative);
    stale.relative = relative;
    // Only a plain file can be one codeless wrote.
    if (file_system.Lstat(stale.path) != base::FileType::kFile) continue;
    auto bytes = file_system.ReadFile(stale.path, error);
    if (!bytes) continue;
    stale.exists = true;
    stale.on_disk = std::move(*bytes);
    if (digests.count(Digest(stale.on_disk)) != 0) {
      stale.change = Change::kRemove;
    } else {
      stale.change = Change::kKeep;
      diags.Warning(rules::kOutputRecord, diag::Location::Path(stale.path),
                    "codeless wrote this file before and no longer generates "
                    "it, but it was edited since, so it is left in place; "
                    "delete it if nothing needs it");
    }
    plan.files.push_back(std::move(stale));
  }
  return plan;
}

std::string DiffPlan(const OutputPlan& plan) {
  std::string diff;
  for (const PlannedFile& file : plan.files) {
    switch (file.change) {
      case Change::kUnchanged:
        break;
      case Change::kWrite:
        diff +=
            base::UnifiedDiff(file.on_disk, file.output->bytes,
                              file.exists ? file.path : "/dev/null", file.path);
        break;
      case Change::kRemove:
      case Change::kKeep:
        diff += base::UnifiedDiff(file.on_disk, "", file.path, "/dev/null");
        break;
    }
  }
  return diff;
}

namespace {

using base::FileType;

// Removes `path` and all below it, never following a link (a link is
// removed, not what it leads to). Best effort: false when something stays.
bool RemoveTree(base::FileSystem& file_system, const std::string& path) {
  FileType type = file_system.Lstat(path);
  if (type == FileType::kNone) return true;
  if (type != FileType::kDirectory) {
    file_system.Remove(path);
    return file_system.Lstat(path) == FileType::kNone;
  }
  for (const std::string& name : file_system.ListDirectory(path)) {
    RemoveTree(file_system, base::JoinPath(path, name));
  }
  return file_system.RemoveEmptyDirectory(path);
}

// One top-level folder of the output and the planned files in it, by
// their paths inside it.
struct Bundle {
  std::string path;  // OUTDIR/NAME
  std::string name;
  std::map<std::string, const PlannedFile*> files;
  bool changed = false;
  // What is on disk under it now, by path inside it (a walk that never
  // follows a link).
  std::map<std::string, FileType> on_disk;
  bool exists = false;
  // Set by Stage: nothing of the bundle stays (it is removed, not swapped).
  bool gone = false;
};

class Applier {
 public:
  Applier(const OutputPlan& plan, const std::string& output_dir,
          base::FileSystem& file_system, diag::Diagnostics& diags)
      : plan_(plan), output_dir_(output_dir), fs_(file_system), diags_(diags) {}

  bool Run() {
    std::vector<const PlannedFile*> loose;  // directly in OUTDIR
    for (const PlannedFile& file : plan_.files) {
      size_t slash = file.relative.find('/');
      if (slash == std::string::npos) {
        if (file.change == Change::kWrite || file.change == Change::kRemove)
          loose.push_back(&file);
        continue;
      }
      std::string name = file.relative.substr(0, slash);
      Bundle& bundle = bundles_[name];
      bundle.name = name;
      bundle.path = base::JoinPath(output_dir_, name);
      bundle.files[file.relative.substr(slash + 1)] = &file;
      if (file.change == Change::kWrite || file.change == Change::kRemove)
        bundle.changed = true;
    }
    bool any_change = !loose.empty();
    for (const auto& [name, bundle] : bundles_) any_change |= bundle.changed;
    if (!any_change && !plan_.manifest_changed) return true;

    // Everything in the way is found before anything is written.
    if (!CheckOutputDir() || !CheckFile(plan_.manifest_path)) return false;
    for (const PlannedFile* file : loose) {
      if (file->change == Change::kWrite && !CheckFile(file->path))
        return false;
    }
    for (auto& [name, bundle] : bundles_) {
      if (bundle.changed && !CheckBundle(bundle)) return false;
    }

    if (!MakeOutputDir()) return false;
    // Every bundle is staged before any is swapped in, so that a failure
    // to write (a full disk, most likely) changes no bundle at all.
    for (auto& [name, bundle] : bundles_) {
      if (bundle.changed && !Stage(bundle)) {
        return Abandon(/*undo=*/true);
      }
    }
    bool pending =
        any_change && plan_.manifest_on_disk != plan_.pending_manifest;
    // Before the first swap, the record lists what this run may write.
    if (pending) {
      if (!WriteFileAtomically(fs_, plan_.manifest_path, plan_.pending_manifest,
                               diags_)) {
        return Abandon(/*undo=*/true);
      }
      pending_written_ = true;
    }
    for (auto& [name, bundle] : bundles_) {
      if (!bundle.changed) continue;
      if (!Swap(bundle)) {
        return Abandon(/*undo=*/!replaced_any_);
      }
      replaced_any_ = true;
    }
    for (const PlannedFile* file : loose) {
      if (file->change == Change::kRemove) {
        fs_.Remove(file->path);
      } else if (!WriteFileAtomically(fs_, file->path, file->output->bytes,
                                      diags_)) {
        return false;
      }
    }
    std::optional<std::string> on_disk =
        pending ? std::optional<std::string>(plan_.pending_manifest)
                : plan_.manifest_on_disk;
    if (on_disk != plan_.manifest) {
      return WriteFileAtomically(fs_, plan_.manifest_path, plan_.manifest,
                                 diags_);
    }
    return true;
  }

 private:
  bool Fail(const std::string& path, std::string_view why) {
    diags_.Error(rules::kIoWrite, diag::Location::Path(path),
                 fmt::format("cannot write: {}", why));
    return false;
  }

  bool InTheWay(const std::string& path, FileType type) {
    return Fail(path, type == FileType::kDirectory
                          ? "a directory is in the way; move it or choose "
                            "another -o"
                          : "a file is in the way of this directory; move it "
                            "or choose another -o");
  }

  // OUTDIR may be missing, a folder, or a link to a folder the user chose.
  bool CheckOutputDir() {
    FileType type = fs_.Lstat(output_dir_);
    if (type == FileType::kNone || fs_.IsDirectory(output_dir_)) return true;
    return InTheWay(output_dir_, FileType::kFile);
  }

  bool CheckFile(const std::string& path) {
    FileType type = fs_.Lstat(path);
    if (type == FileType::kSymlink) {
      ReportSymlink(path, diags_);
      return false;
    }
    if (type == FileType::kDirectory || type == FileType::kOther)
      return InTheWay(path, FileType::kDirectory);
    return true;
  }

  // Walks what is in the bundle folder: no link anywhere in it, and no
  // file where an output needs a folder or folder where it needs a file.
  bool CheckBundle(Bundle& bundle) {
    FileType type = fs_.Lstat(bundle.path);
    if (type == FileType::kSymlink) {
      ReportSymlink(bundle.path, diags_);
      return false;
    }
    if (type == FileType::kNone) return true;
    if (type != FileType::kDirectory) return InTheWay(bundle.path, type);
    bundle.exists = true;
    if (!Walk(bundle.path, "", bundle.on_disk)) return false;
    for (const auto& [inside, file] : bundle.files) {
      if (file->output == nullptr) continue;
      auto it = bundle.on_disk.find(inside);
      if (it != bundle.on_disk.end() && it->second != FileType::kFile)
        return InTheWay(file->path, FileType::kDirectory);
      for (std::string_view parent = base::ParentPath(inside); !parent.empty();
           parent = base::ParentPath(parent)) {
        auto above = bundle.on_disk.find(std::string(parent));
        if (above != bundle.on_disk.end() &&
            above->second != FileType::kDirectory) {
          return InTheWay(base::JoinPath(bundle.path, parent), FileType::kFile);
        }
      }
    }
    return true;
  }

  bool Walk(const std::string& root, const std::string& inside,
            std::map<std::string, FileType>& found) {
    std::string here = inside.empty() ? root : base::JoinPath(root, inside);
    for (const std::string& name : fs_.ListDirectory(here)) {
      std::string entry = inside.empty() ? name : inside + "/" + name;
      FileType type = fs_.Lstat(base::JoinPath(root, entry));
      if (type == FileType::kSymlink) {
        ReportSymlink(base::JoinPath(root, entry), diags_);
        return false;
      }
      found[entry] = type;
      if (type == FileType::kDirectory && !Walk(root, entry, found))
        return false;
    }
    return true;
  }

  // Creates OUTDIR and its missing parents one by one (0755), remembering
  // them so that a failure before any bundle is in place removes them.
  bool MakeOutputDir() {
    std::vector<std::string> missing;
    for (std::string path = output_dir_;
         !path.empty() && fs_.Lstat(path) == FileType::kNone;
         path = std::string(base::ParentPath(path))) {
      missing.push_back(path);
      if (base::ParentPath(path) == path) break;
    }
    std::string error;
    for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
      if (!fs_.MakeDirectory(*it, error)) {
        diags_.Error(rules::kIoWrite, diag::Location::Path(*it),
                     fmt::format("cannot create this directory: {}", error));
        return Undo();
      }
      created_.push_back(*it);
    }
    return true;
  }

  // After a failure before any bundle changed: the record as it was, and
  // the folders this run made removed. Returns false.
  bool Undo() {
    if (pending_written_ && plan_.manifest_on_disk) {
      diag::Diagnostics ignored;
      WriteFileAtomically(fs_, plan_.manifest_path, *plan_.manifest_on_disk,
                          ignored);
    } else if (pending_written_) {
      fs_.Remove(plan_.manifest_path);
    }
    for (auto it = created_.rbegin(); it != created_.rend(); ++it)
      fs_.RemoveEmptyDirectory(*it);
    return false;
  }

  // After a failure: the staging folders removed, and with `undo` (no
  // bundle changed yet) what Undo puts back. Returns false.
  bool Abandon(bool undo) {
    for (const auto& [name, bundle] : bundles_) {
      if (bundle.changed) RemoveTree(fs_, Staging(bundle));
    }
    return undo ? Undo() : false;
  }

  std::string Staging(const Bundle& bundle) const {
    return base::JoinPath(output_dir_,
                          std::string(kStagingPrefix) + bundle.name);
  }

  // Builds the bundle's new contents in its staging folder (none when
  // nothing of it stays: then `gone`).
  bool Stage(Bundle& bundle) {
    const std::string staging = Staging(bundle);
    // What stays: every file on disk the plan neither rewrites nor removes
    // (unchanged outputs, edited stale ones, files codeless did not write).
    std::vector<std::string> kept;
    std::set<std::string> folders;
    std::map<std::string, size_t> files_below, removed_below;
    for (const auto& [inside, type] : bundle.on_disk) {
      if (type == FileType::kDirectory) {
        folders.insert(inside);  // dropped below if emptied by removals
        continue;
      }
      auto planned = bundle.files.find(inside);
      bool removed = planned != bundle.files.end() &&
                     planned->second->change == Change::kRemove;
      bool rewritten = planned != bundle.files.end() &&
                       planned->second->change == Change::kWrite;
      for (std::string_view parent = base::ParentPath(inside); !parent.empty();
           parent = base::ParentPath(parent)) {
        ++files_below[std::string(parent)];
        if (removed) ++removed_below[std::string(parent)];
      }
      if (!removed && !rewritten) kept.push_back(inside);
    }
    // A folder that held only files this run removes goes with them.
    std::erase_if(folders, [&](const std::string& folder) {
      auto total = files_below.find(folder);
      return total != files_below.end() &&
             removed_below[folder] == total->second;
    });
    std::vector<std::pair<std::string, const PlannedFile*>> written;
    for (const auto& [inside, file] : bundle.files) {
      if (file->change == Change::kWrite) written.emplace_back(inside, file);
    }
    auto add_parents = [&](const std::string& inside) {
      for (std::string_view parent = base::ParentPath(inside); !parent.empty();
           parent = base::ParentPath(parent)) {
        folders.insert(std::string(parent));
      }
    };
    for (const std::string& inside : kept) add_parents(inside);
    for (const auto& [inside, file] : written) add_parents(inside);

    std::string error;
    if (kept.empty() && written.empty() && folders.empty()) {
      bundle.gone = true;
      return true;
    }
    if (!fs_.MakeDirectory(staging, error)) {
      return Fail(bundle.path, error);
    }
    // std::set's order puts each folder before the folders in it.
    for (const std::string& folder : folders) {
      if (!fs_.MakeDirectory(base::JoinPath(staging, folder), error)) {
        return Fail(base::JoinPath(bundle.path, folder), error);
      }
    }
    for (const std::string& inside : kept) {
      if (!fs_.Link(base::JoinPath(bundle.path, inside),
                    base::JoinPath(staging, inside), error)) {
        return Fail(base::JoinPath(bundle.path, inside), error);
      }
    }
    for (const auto& [inside, file] : written) {
      if (!fs_.CreateFile(base::JoinPath(staging, inside), file->output->bytes,
                          error)) {
        return Fail(file->path, error);
      }
    }
    return true;
  }

  // Puts the staged bundle in place in one step (or removes a bundle of
  // which nothing stays). On failure the staging folder is the caller's to
  // remove.
  bool Swap(const Bundle& bundle) {
    const std::string staging = Staging(bundle);
    std::string error;
    if (bundle.gone) {
      // Set aside under a name RecoverLeftovers removes, then removed.
      const std::string discard = base::JoinPath(
          output_dir_, std::string(kDiscardPrefix) + bundle.name);
      if (!fs_.Rename(bundle.path, discard, error)) {
        return Fail(bundle.path, error);
      }
      RemoveTree(fs_, discard);
      return true;
    }
    if (!bundle.exists) {
      if (!fs_.Rename(staging, bundle.path, error))
        return Fail(bundle.path, error);
      return true;
    }
    switch (fs_.Exchange(staging, bundle.path, error)) {
      case base::ExchangeResult::kExchanged:
        RemoveTree(fs_, staging);  // now the old bundle
        return true;
      case base::ExchangeResult::kFailed:
        return Fail(bundle.path, error);
      case base::ExchangeResult::kUnsupported:
        break;
    }
    // Two renames; between them the old bundle waits under a name that
    // RecoverLeftovers puts back if the process dies there.
    const std::string aside =
        base::JoinPath(output_dir_, std::string(kSetAsidePrefix) + bundle.name);
    if (!fs_.Rename(bundle.path, aside, error)) {
      return Fail(bundle.path, error);
    }
    if (!fs_.Rename(staging, bundle.path, error)) {
      std::string ignored;
      fs_.Rename(aside, bundle.path, ignored);
      return Fail(bundle.path, error);
    }
    RemoveTree(fs_, aside);
    return true;
  }

  const OutputPlan& plan_;
  const std::string& output_dir_;
  base::FileSystem& fs_;
  diag::Diagnostics& diags_;
  std::map<std::string, Bundle> bundles_;
  std::vector<std::string> created_;
  bool replaced_any_ = false;
  bool pending_written_ = false;
};

}  // namespace

void RecoverLeftovers(const std::string& output_dir,
                      base::FileSystem& file_system) {
  if (!file_system.IsDirectory(output_dir)) return;
  for (const std::string& name : file_system.ListDirectory(output_dir)) {
    std::string path = base::JoinPath(output_dir, name);
    std::string_view view = name;
    if (view.starts_with(kSetAsidePrefix)) {
      std::string bundle =
          base::JoinPath(output_dir, view.substr(kSetAsidePrefix.size()));
      std::string error;
      if (view.size() > kSetAsidePrefix.size() &&
          file_system.Lstat(bundle) == FileType::kNone &&
          file_system.Lstat(path) == FileType::kDirectory &&
          file_system.Rename(path, bundle, error)) {
        continue;
      }
      RemoveTree(file_system, path);
    } else if (view.starts_with(kStagingPrefix) ||
               view.starts_with(kDiscardPrefix) ||
               (view.find(".codeless-tmp") != std::string_view::npos &&
                file_system.Lstat(path) != FileType::kDirectory)) {
      RemoveTree(file_system, path);
    }
  }
}

bool ApplyPlan(const OutputPlan& plan, const std::string& output_dir,
               base::FileSystem& file_system, diag::Diagnostics& diags) {
  return Applier(plan, output_dir, file_system, diags).Run();
}

}  // namespace codeless::driver
