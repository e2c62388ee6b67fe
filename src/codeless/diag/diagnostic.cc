#include "codeless/diag/diagnostic.h"

#include <algorithm>
#include <tuple>

#include "codeless/diag/rules.h"

namespace codeless::diag {

std::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kNote:
      return "note";
    case Severity::kWarning:
      return "warning";
    case Severity::kError:
      return "error";
  }
  return "error";
}

bool Diagnostics::IsDisabled(std::string_view rule_id) const {
  return std::find(disabled_.begin(), disabled_.end(), rule_id) !=
         disabled_.end();
}

void Diagnostics::Disable(const Rule& rule) {
  if (IsDisabled(rule.id)) return;
  disabled_.push_back(rule.id);
  bool dropping = false;
  std::erase_if(diagnostics_, [&](const Diagnostic& d) {
    if (d.severity == Severity::kNote) return dropping;
    dropping =
        d.rule == rule.id && rule.CanDisable(d.severity == Severity::kError);
    if (dropping) {
      --(d.severity == Severity::kError ? error_count_ : warning_count_);
    }
    return dropping;
  });
}

bool Diagnostics::Admit(Severity severity, const Rule& rule,
                        std::string_view path) {
  if (severity == Severity::kNote) {
    if (dropping_notes_) return false;
  } else {
    dropping_notes_ =
        IsDisabled(rule.id) && rule.CanDisable(severity == Severity::kError);
    if (dropping_notes_) return false;
  }
  if (severity == Severity::kError) ++error_count_;
  if (severity == Severity::kWarning) ++warning_count_;
  // Past the limit, nothing more is kept: notes would only dangle.
  if (error_count_ > error_limit_ ||
      (limit_noted_ && severity == Severity::kNote)) {
    if (!limit_noted_) {
      limit_noted_ = true;
      diagnostics_.push_back(
          {Severity::kNote, rules::kTooManyErrors.id,
           "too many errors; stopping here, fix these and run again",
           std::string(path), 0, 0});
    }
    return false;
  }
  if (severity == Severity::kWarning && warning_count_ > warning_limit_) {
    if (!warning_limit_noted_) {
      warning_limit_noted_ = true;
      diagnostics_.push_back({Severity::kNote, rules::kTooManyErrors.id,
                              "too many warnings; the rest are not shown",
                              std::string(path), 0, 0});
    }
    return false;
  }
  return true;
}

void Diagnostics::Keep(Diagnostic diagnostic, const Rule& rule) {
  if (diagnostic.bundle.empty()) diagnostic.bundle = bundle_;
  // The same finding at the same place once: generate validates each
  // target's files, and a problem of the descriptor that both inherit is
  // redirected to one key. Its notes go with it. (What is kept is bounded
  // by the limits, so the scan is.)
  auto seen = [&] {
    return std::find(diagnostics_.begin(), diagnostics_.end(), diagnostic) !=
           diagnostics_.end();
  };
  if (diagnostic.severity != Severity::kNote) {
    dropped_duplicate_ = seen();
    if (dropped_duplicate_) {
      --(diagnostic.severity == Severity::kError ? error_count_
                                                 : warning_count_);
      return;
    }
  } else if (dropped_duplicate_ && seen()) {
    return;  // the dropped finding's note, which its first instance has
  }
  diagnostics_.push_back(std::move(diagnostic));
  const Diagnostic& kept = diagnostics_.back();
  if (kept.severity == Severity::kError && IsDisabled(rule.id) &&
      std::find(disabled_kept_.begin(), disabled_kept_.end(), rule.id) ==
          disabled_kept_.end()) {
    disabled_kept_.push_back(rule.id);
    Diagnostic note{Severity::kNote,
                    rule.id,
                    "this rule was disabled, but its errors cannot be: the "
                    "output would not load or could not be written; fix the "
                    "problem instead",
                    kept.path,
                    kept.line,
                    kept.column};
    note.bundle = kept.bundle;  // the finding's own, also when adopted
    diagnostics_.push_back(std::move(note));
  }
}

void Diagnostics::Report(Severity severity, const Rule& rule,
                         const Location& where, std::string message) {
  if (!Admit(severity, rule,
             where.file ? std::string_view(where.file->path())
                        : std::string_view(where.path_only))) {
    return;
  }
  Location mapped;
  const Location* place = &where;
  if (where.file != nullptr && where.offset != Location::kNoOffset) {
    for (const auto& [file, provenance] : redirects_) {
      if (file != where.file) continue;
      if (std::optional<Location> source = provenance(where.offset)) {
        mapped = std::move(*source);
        place = &mapped;
      }
      break;
    }
  }
  Diagnostic diagnostic{severity, rule.id, std::move(message), {}, 0, 0};
  if (place->file == nullptr) diagnostic.path = place->path_only;
  if (place->file != nullptr) {
    diagnostic.path = place->file->path();
    if (place->offset != Location::kNoOffset) {
      LineColumn position = place->file->Position(place->offset);
      diagnostic.line = position.line;
      diagnostic.column = position.column;
      diagnostic.code_point_column = position.code_point_column;
    }
  }
  Keep(std::move(diagnostic), rule);
}

void Diagnostics::Adopt(Diagnostic diagnostic) {
  // The other sink's limit note speaks of its own limit; this one adds its
  // own when its limit is passed.
  if (diagnostic.rule == rules::kTooManyErrors.id) return;
  const Rule* rule = rules::Find(diagnostic.rule);
  // Every rule id comes from rules.def; one that is not there is treated
  // as a rule that cannot be disabled rather than lost.
  const Rule admitted = rule != nullptr ? *rule : Rule{diagnostic.rule, {}};
  if (!Admit(diagnostic.severity, admitted, diagnostic.path)) return;
  Keep(std::move(diagnostic), admitted);
}

void Diagnostics::AdoptAll(const Diagnostics& other) {
  size_t errors = 0;
  size_t warnings = 0;
  for (const Diagnostic& d : other.all()) {
    errors += d.severity == Severity::kError ? 1 : 0;
    warnings += d.severity == Severity::kWarning ? 1 : 0;
    Adopt(d);
  }
  // What `other` counted past its limits it did not keep; they count here
  // too (and pass this sink's limit as they would have).
  const Rule unnamed{"", {}};
  const std::string path = other.all().empty() ? "" : other.all().back().path;
  for (size_t i = errors; i < other.error_count(); ++i) {
    Admit(Severity::kError, unnamed, path);
  }
  for (size_t i = warnings; i < other.warning_count(); ++i) {
    Admit(Severity::kWarning, unnamed, path);
  }
}

void Diagnostics::Redirect(const SourceFile& file, Provenance provenance) {
  redirects_.emplace_back(&file, std::move(provenance));
}

void Diagnostics::EndRedirect(const SourceFile& file) {
  std::erase_if(redirects_,
                [&](const auto& entry) { return entry.first == &file; });
}

void Diagnostics::SortByPosition(size_t from) {
  if (from >= diagnostics_.size()) return;
  // Group each diagnostic with the notes that follow it, then stable-sort
  // the groups by where their first member points.
  std::vector<std::vector<Diagnostic>> groups;
  for (size_t i = from; i < diagnostics_.size(); ++i) {
    if (groups.empty() || diagnostics_[i].severity != Severity::kNote ||
        diagnostics_[i].rule == rules::kTooManyErrors.id) {
      groups.emplace_back();
    }
    groups.back().push_back(std::move(diagnostics_[i]));
  }
  std::stable_sort(
      groups.begin(), groups.end(), [](const auto& a, const auto& b) {
        const Diagnostic& x = a.front();
        const Diagnostic& y = b.front();
        if (x.rule == rules::kTooManyErrors.id ||
            y.rule == rules::kTooManyErrors.id) {
          return y.rule == rules::kTooManyErrors.id &&
                 x.rule != rules::kTooManyErrors.id;
        }
        if (x.path != y.path) return x.path < y.path;
        return std::tie(x.line, x.column) < std::tie(y.line, y.column);
      });
  diagnostics_.resize(from);
  for (auto& group : groups) {
    for (auto& diagnostic : group)
      diagnostics_.push_back(std::move(diagnostic));
  }
}

}  // namespace codeless::diag
