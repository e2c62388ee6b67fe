#include "codeless/diag/diagnostic.h"

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

void Diagnostics::Report(Severity severity, const Rule& rule, const Location& where,
                         std::string message) {
  if (severity == Severity::kError) ++error_count_;
  if (severity == Severity::kWarning) ++warning_count_;
  if (error_count_ > error_limit_ && severity != Severity::kNote) {
    if (!limit_noted_) {
      limit_noted_ = true;
      diagnostics_.push_back({Severity::kNote, rules::kTooManyErrors.id,
                              "too many errors; stopping here, fix these and run again",
                              where.file ? where.file->path() : "", 0, 0});
    }
    return;
  }
  Diagnostic diagnostic{severity, rule.id, std::move(message), {}, 0, 0};
  if (where.file != nullptr) {
    diagnostic.path = where.file->path();
    size_t offset = where.offset;
    if (offset == Location::kNoOffset && !where.pointer.empty()) {
      offset = where.file->Locate(where.pointer, where.part).value_or(Location::kNoOffset);
    }
    if (offset != Location::kNoOffset) {
      LineColumn position = where.file->Position(offset);
      diagnostic.line = position.line;
      diagnostic.column = position.column;
    }
  }
  diagnostics_.push_back(std::move(diagnostic));
}

}  // namespace codeless::diag
