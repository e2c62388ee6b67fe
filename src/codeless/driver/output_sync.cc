#include "codeless/driver/output_sync.h"

#include <fmt/format.h>

#include <map>
#include <set>

#include "codeless/base/paths.h"
#include "codeless/base/unified_diff.h"
#include "codeless/diag/rules.h"

namespace codeless::driver {
namespace {

namespace rules = diag::rules;

constexpr std::string_view kManifestHeader =
    "# codeless: the files it generated in this directory, so that a later\n"
    "# run removes only its own outputs. Each line: FNV-1a digest, path.\n"
    "# Do not edit.\n"
    "codeless-outputs 1\n";

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

// The record's entries: relative path → digest. Nullopt with `why` when the
// record is there but is not one codeless wrote.
std::optional<std::map<std::string, uint64_t>> ParseManifest(
    std::string_view text, std::string& why) {
  std::map<std::string, uint64_t> entries;
  bool versioned = false;
  size_t start = 0;
  unsigned line_number = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (line.empty() || line.starts_with('#')) continue;
    if (!versioned) {
      if (line != "codeless-outputs 1") {
        why = fmt::format("line {} is not \"codeless-outputs 1\"", line_number);
        return std::nullopt;
      }
      versioned = true;
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
    std::string_view path = hex ? line.substr(17) : std::string_view();
    if (!hex || !IsSafeRelative(path)) {
      why = fmt::format("line {} is not a digest and a relative path",
                        line_number);
      return std::nullopt;
    }
    entries[std::string(path)] = digest;
  }
  if (!versioned && !text.empty()) {
    why = "it has no \"codeless-outputs 1\" line";
    return std::nullopt;
  }
  return entries;
}

std::string ManifestText(const emit::OutputSet& outputs) {
  std::string text(kManifestHeader);
  for (const auto& [relative, file] : outputs.files()) {
    text += fmt::format("{:016x} {}\n", Digest(file.bytes), relative);
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
                       diag::Diagnostics& diags, bool for_diff) {
  OutputPlan plan;
  plan.manifest_path = base::JoinPath(output_dir, kManifestName);
  plan.manifest = ManifestText(outputs);
  std::string error;
  std::map<std::string, uint64_t> recorded;
  if (auto text = file_system.ReadFile(plan.manifest_path, error)) {
    plan.manifest_changed = *text != plan.manifest;
    std::string why;
    if (auto entries = ParseManifest(*text, why)) {
      recorded = std::move(*entries);
    } else {
      diags.Warning(rules::kOutputRecord,
                    diag::Location::Path(plan.manifest_path),
                    fmt::format("this is not a record codeless wrote ({}), so "
                                "no file it lists is removed; delete it and "
                                "remove stale outputs by hand",
                                why));
    }
  } else {
    plan.manifest_changed = true;
  }

  for (const auto& [relative, file] : outputs.files()) {
    PlannedFile planned;
    planned.path = base::JoinPath(output_dir, relative);
    planned.relative = relative;
    planned.output = &file;
    planned.exists = file_system.Exists(planned.path);
    bool same = planned.exists &&
                file_system.FileEquals(planned.path, file.bytes) == true;
    planned.change = same ? Change::kUnchanged : Change::kWrite;
    if (!same && planned.exists && for_diff) {
      if (auto bytes = file_system.ReadFile(planned.path, error)) {
        planned.on_disk = std::move(*bytes);
      }
    }
    plan.files.push_back(std::move(planned));
  }
  for (const auto& [relative, digest] : recorded) {
    if (outputs.files().count(relative) != 0) continue;
    PlannedFile stale;
    stale.path = base::JoinPath(output_dir, relative);
    stale.relative = relative;
    if (!file_system.Exists(stale.path) || file_system.IsDirectory(stale.path))
      continue;
    auto bytes = file_system.ReadFile(stale.path, error);
    if (!bytes) continue;
    stale.exists = true;
    stale.on_disk = std::move(*bytes);
    if (Digest(stale.on_disk) == digest) {
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

bool ApplyPlan(const OutputPlan& plan, const std::string& output_dir,
               base::FileSystem& file_system, diag::Diagnostics& diags) {
  auto write_error = [&](const std::string& path, const std::string& why) {
    diags.Error(rules::kIoWrite, diag::Location::Path(path),
                fmt::format("cannot write: {}", why));
    return false;
  };
  struct Pending {
    const std::string* path;
    std::string_view bytes;
  };
  std::vector<Pending> pending;
  for (const PlannedFile& file : plan.files) {
    if (file.change == Change::kWrite) {
      pending.push_back({&file.path, file.output->bytes});
    }
  }
  if (plan.manifest_changed || !pending.empty()) {
    pending.push_back({&plan.manifest_path, plan.manifest});
  }
  // Nothing may be in the way: a directory where a file goes, a file
  // where a directory goes.
  std::set<std::string> directories;
  for (const Pending& file : pending) {
    if (file_system.IsDirectory(*file.path)) {
      return write_error(
          *file.path,
          "a directory is in the way; move it or choose another -o");
    }
    for (std::string_view parent = base::ParentPath(*file.path);
         !parent.empty(); parent = base::ParentPath(parent)) {
      directories.insert(std::string(parent));
    }
  }
  for (const std::string& directory : directories) {
    if (file_system.Exists(directory) && !file_system.IsDirectory(directory)) {
      return write_error(directory,
                         "a file is in the way of this directory; move it or "
                         "choose another -o");
    }
  }
  std::string error;
  for (const std::string& directory : directories) {
    if (!file_system.MakeDirectories(directory, error)) {
      diags.Error(rules::kIoWrite, diag::Location::Path(directory),
                  fmt::format("cannot create this directory: {}", error));
      return false;
    }
  }
  std::vector<std::string> temporaries;
  auto discard = [&](size_t from) {
    for (size_t i = from; i < temporaries.size(); ++i)
      file_system.Remove(temporaries[i]);
  };
  for (const Pending& file : pending) {
    std::string temporary;
    if (!file_system.WriteTemporary(*file.path, file.bytes, temporary, error)) {
      discard(0);
      return write_error(*file.path, error);
    }
    temporaries.push_back(std::move(temporary));
  }
  for (size_t i = 0; i < pending.size(); ++i) {
    if (!file_system.Rename(temporaries[i], *pending[i].path, error)) {
      discard(i);
      return write_error(*pending[i].path, error);
    }
  }
  // Stale outputs go last, with the directories they leave empty (never
  // the output directory itself).
  for (const PlannedFile& file : plan.files) {
    if (file.change != Change::kRemove) continue;
    file_system.Remove(file.path);
    for (std::string_view parent = base::ParentPath(file.path);
         !parent.empty() && parent != output_dir &&
         parent.size() > output_dir.size();
         parent = base::ParentPath(parent)) {
      if (!file_system.RemoveEmptyDirectory(std::string(parent))) break;
    }
  }
  return true;
}

}  // namespace codeless::driver
