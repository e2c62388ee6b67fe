// Diagnostics: what the library reports instead of printing, and the sink
// that collects them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "codeless/diag/rule.h"
#include "codeless/diag/source_file.h"

namespace codeless::diag {

enum class Severity { kNote, kWarning, kError };

std::string_view SeverityName(Severity severity);

// A reported problem, resolved to a path, line and column. `line` and
// `column` are 0 when the problem concerns the whole file; `path` is empty
// when it concerns no file (e.g. a bad command-line option).
struct Diagnostic {
  Severity severity = Severity::kError;
  std::string_view rule;  // a Rule::id, static storage
  std::string message;
  std::string path;
  uint32_t line = 0;
  uint32_t column = 0;  // in bytes, as text and JSON print it
  // When one file holds several bundles (a prelinked-info dictionary): the
  // CFBundleIdentifier of the one the problem is in. Empty otherwise.
  std::string bundle{};
  // `column` counted in Unicode code points (LineColumn::code_point_column),
  // for SARIF; 0 with it.
  uint32_t code_point_column{0};

  bool operator==(const Diagnostic&) const = default;
};

// Where a problem is: a byte offset in a file, a whole file, a path with no
// file behind it (one that could not be read), or nowhere.
struct Location {
  static constexpr size_t kNoOffset = std::numeric_limits<size_t>::max();

  const SourceFile* file = nullptr;
  size_t offset = kNoOffset;
  std::string path_only;  // with no `file`: the path to print

  static Location At(const SourceFile& file, size_t offset) {
    return {&file, offset, {}};
  }
  static Location Whole(const SourceFile& file) {
    return {&file, kNoOffset, {}};
  }
  // A file that could not be read or written: its path, no position.
  static Location Path(std::string path) {
    Location location;
    location.path_only = std::move(path);
    return location;
  }
  static Location Nowhere() { return {}; }
};

// Where the bytes of a file that codeless built came from: maps an offset
// in it to the place in an input that produced those bytes, or nullopt.
using Provenance = std::function<std::optional<Location>(size_t offset)>;

// Collects diagnostics in the order they are reported. After `error_limit`
// errors, further errors and warnings are counted but not kept, and one
// note says so.
class Diagnostics {
 public:
  explicit Diagnostics(size_t error_limit = 50)
      : error_limit_(error_limit), warning_limit_(error_limit) {}

  void Report(Severity severity, const Rule& rule, const Location& where,
              std::string message);
  void Error(const Rule& rule, const Location& where, std::string message) {
    Report(Severity::kError, rule, where, std::move(message));
  }
  void Warning(const Rule& rule, const Location& where, std::string message) {
    Report(Severity::kWarning, rule, where, std::move(message));
  }
  void Note(const Rule& rule, const Location& where, std::string message) {
    Report(Severity::kNote, rule, where, std::move(message));
  }

  // Reports a diagnostic that another Diagnostics located (a stage that
  // parsed into a sink of its own and passes on only some findings), where
  // it is and under its own rule, counted, limited and dropped when its
  // rule is disabled, as Report would. The other sink's too-many-errors
  // note is not adopted: this sink notes its own limit.
  void Adopt(Diagnostic diagnostic);
  // Adopts every finding of `other`, and counts those it counted but did
  // not keep (past its limits) as if they had been reported here.
  void AdoptAll(const Diagnostics& other);

  size_t error_count() const { return error_count_; }
  size_t warning_count() const { return warning_count_; }
  bool has_errors() const { return error_count_ > 0; }
  const std::vector<Diagnostic>& all() const { return diagnostics_; }
  // Orders the diagnostics reported since the first `from` by line and
  // column, each keeping the notes that follow it. Used where a stage
  // reports in an order other than the file's (e.g. sorted JSON keys).
  void SortByPosition(size_t from);
  std::vector<Diagnostic> Take() { return std::move(diagnostics_); }

  // From now on, a problem reported at an offset in `file` (a file codeless
  // built and has not written) is reported where `provenance` says the
  // bytes came from, if it knows. `file` and `provenance` must outlive the
  // redirection, which EndRedirect(file) ends.
  void Redirect(const SourceFile& file, Provenance provenance);
  void EndRedirect(const SourceFile& file);

  // From now on, every problem reported is marked as being in `bundle` (a
  // CFBundleIdentifier), until EndBundle: for files that hold several
  // bundles' Info.plists, so that each finding says which one it is in.
  void BeginBundle(std::string bundle) { bundle_ = std::move(bundle); }
  void EndBundle() { bundle_.clear(); }

  // Turns `rule` off (--disable, lint.disable): its findings that
  // Rule::CanDisable allows are dropped with their notes, those already
  // reported included, and are not counted. An error that cannot be
  // disabled stays, followed once per rule by a note that says why.
  void Disable(const Rule& rule);

 private:
  bool IsDisabled(std::string_view rule_id) const;
  // Counts a finding and says whether it is kept: not disabled, not past
  // a limit (whose note, at `path`, it adds the first time).
  bool Admit(Severity severity, const Rule& rule, std::string_view path);
  // Stores an admitted finding, with the note that its rule could not be
  // disabled when that applies.
  void Keep(Diagnostic diagnostic, const Rule& rule);

  size_t error_limit_;
  size_t warning_limit_;  // warnings kept, so that many cannot slow a run
  bool warning_limit_noted_ = false;
  size_t error_count_ = 0;
  size_t warning_count_ = 0;
  bool limit_noted_ = false;
  std::vector<Diagnostic> diagnostics_;
  std::vector<std::pair<const SourceFile*, Provenance>> redirects_;
  std::string bundle_;                           // see BeginBundle
  std::vector<std::string_view> disabled_;       // rule ids, see Disable
  std::vector<std::string_view> disabled_kept_;  // noted as not disableable
  bool dropping_notes_ = false;                  // the last finding was dropped
  bool dropped_duplicate_ = false;  // the last finding repeated a kept one
};

}  // namespace codeless::diag
