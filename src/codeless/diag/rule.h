// A rule: the stable identity of one kind of problem.
#pragma once

#include <string_view>

namespace codeless::diag {

// Whether a rule's findings may be turned off (--disable, lint.disable);
// see rules.def.
enum class RuleKind { kLint, kStrict };

struct Rule {
  std::string_view id;       // stable, printed in brackets: "desc-unknown-key"
  std::string_view summary;  // one line, for SARIF rule metadata and docs
  RuleKind kind = RuleKind::kStrict;

  // Whether a finding of this severity may be disabled: any warning; an
  // error only of a lint rule.
  bool CanDisable(bool is_error) const {
    return !is_error || kind == RuleKind::kLint;
  }
};

}  // namespace codeless::diag
